//! Exact decimals for the values a plan writes (`350`, `0.25`, `1_450`, `-5`, `41.54`): the
//! team's rule is "exact decimals, never floats, for values the text wrote". `0.1 + 0.2` parts
//! of a `0.3` total add up to exactly `0.3`, `1.1 万吨` is exactly `11000` 吨, and a value is
//! printed with the digits it was written with.
//!
//! [`Number`] is a decimal of up to 28 significant digits (rust_decimal's `Decimal`, kept
//! `Copy`): a written number with more digits is a P001 (`NumberTooLarge`/`NumberTooPrecise`),
//! never silently rounded. Arithmetic is *exact or nothing*: every operation returns `None`
//! when its exact result does not fit (more than 28 digits, or a magnitude past
//! 7.9 × 10²⁸), where rust_decimal alone would round.
//!
//! [`Ratio`] is an exact quotient of two such decimals, for what is no finite decimal: a unit
//! factor such as 1 小时 = 1/24 日 or 1 元/年 = 1/365 元/日, and a value times it. Two ratios
//! compare by cross-multiplication, exactly; only when a cross product itself does not fit
//! in 28 digits (values beyond any plan's, such as 10¹⁷ 万亿元 against 1/24) does the
//! comparison fall back to binary floating point, with its relative error of about 10⁻¹⁶.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A value as the text wrote it, exactly (see the module doc).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Number(Decimal);

/// Why written digits are no [`Number`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a decimal: empty, a stray character, two points.
    Malformed,
    /// More integer digits than 28 significant digits hold (past 7.9 × 10²⁸).
    TooLarge,
    /// More significant digits than 28 after the point (`0.000…0001` with 29 places).
    TooPrecise,
}

impl Number {
    pub const ZERO: Number = Number(Decimal::ZERO);
    pub const ONE: Number = Number(Decimal::ONE);
    pub const HUNDRED: Number = Number(Decimal::ONE_HUNDRED);

    /// `mantissa × 10^-scale`, for constants: `Number::new(995, 3)` is 0.995.
    pub const fn new(mantissa: i64, scale: u32) -> Number {
        Number(Decimal::from_parts(
            mantissa.unsigned_abs() as u32,
            (mantissa.unsigned_abs() >> 32) as u32,
            0,
            mantissa < 0,
            scale,
        ))
    }

    /// Digits as a plan writes them: an optional sign, digits with `_` separators, an
    /// optional fraction (`-1_450.25`). The text must already be ASCII (full-width digits
    /// are mapped by the parser). Never rounds: too many digits is an error.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (mut points, mut any_digit, mut significant, mut integral) = (0, false, 0usize, 0);
        let mut separators = false;
        for c in digits.chars() {
            match c {
                '0'..='9' => {
                    any_digit = true;
                    // Leading zeros are no digits of the value.
                    if c != '0' || significant > 0 {
                        significant += 1;
                    }
                    if points == 0 && significant > 0 {
                        integral += 1;
                    }
                }
                '_' => separators = true,
                '.' => points += 1,
                _ => return Err(NumberError::Malformed),
            }
        }
        if !any_digit || points > 1 {
            return Err(NumberError::Malformed);
        }
        // Most numbers are read where they are written; `_`, a `+` or a bare trailing point
        // (which rust_decimal does not take) need a copy.
        let parsed = if separators || text.starts_with('+') || text.ends_with('.') {
            let mut clean: String = text.chars().filter(|&c| c != '_' && c != '+').collect();
            if clean.ends_with('.') {
                clean.pop();
            }
            Decimal::from_str_exact(&clean)
        } else {
            Decimal::from_str_exact(text)
        };
        match parsed {
            Ok(d) => Ok(Number(d)),
            Err(_) if integral > 28 || significant == integral => Err(NumberError::TooLarge),
            Err(_) => Err(NumberError::TooPrecise),
        }
    }

    /// A number written with a trailing per-cent sign (`70%`, `12.5 %`): the number of per
    /// cent, as written (70, 12.5).
    pub fn parse_percent(text: &str) -> Result<Number, NumberError> {
        let text = text.trim_end();
        let digits = text.strip_suffix('%').unwrap_or(text).trim_end();
        Number::parse(digits)
    }

    /// The shortest decimal that reads back as `value` (an Excel cell, a computed rate):
    /// what a spreadsheet shows for 0.3 is 0.3, not 0.299999999999999988897769753748.
    /// `None` for infinities, NaN and magnitudes past 28 digits.
    pub fn from_f64(value: f64) -> Option<Number> {
        if !value.is_finite() {
            return None;
        }
        // Rust prints an f64 with the fewest digits that read back as it, never in
        // exponent form.
        Decimal::from_str_exact(&value.to_string())
            .ok()
            .map(|d| Number(d.normalize()))
    }

    pub fn from_i64(value: i64) -> Number {
        Number(Decimal::from(value))
    }

    /// The decimal itself, for code that computes with rust_decimal (status, ledger).
    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn from_decimal(value: Decimal) -> Number {
        Number(value)
    }

    /// The nearest binary float: for drawing, and for roots (average growth) where no
    /// decimal is exact anyway.
    pub fn to_f64(self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    /// The value when it is a whole number that fits an `i64`.
    pub fn to_i64(self) -> Option<i64> {
        let n = self.0.normalize();
        (n.scale() == 0).then(|| n.to_i64()).flatten()
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }

    pub fn abs(self) -> Number {
        Number(self.0.abs())
    }

    /// Rounded half away from zero to `places` decimal places: for a figure a message
    /// computes (an implied share, 21.3 %), never for one the plan wrote.
    pub fn round_dp(self, places: u32) -> Number {
        Number(
            self.0.round_dp_with_strategy(
                places,
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            ),
        )
    }

    /// `self + other`, exactly, or `None`.
    pub fn checked_add(self, other: Number) -> Option<Number> {
        let scale = self.0.scale().max(other.0.scale());
        let sum = self.0.checked_add(other.0)?;
        exact(sum, scale)
    }

    /// `self - other`, exactly, or `None`.
    pub fn checked_sub(self, other: Number) -> Option<Number> {
        self.checked_add(-other)
    }

    /// `self × other`, exactly, or `None`.
    pub fn checked_mul(self, other: Number) -> Option<Number> {
        // Zero times anything is zero, exactly; rust_decimal gives it scale 0, which the
        // scale test below would take for a rounded product (`0 × 0.001` was `None`).
        if self.is_zero() || other.is_zero() {
            return Some(Number::ZERO);
        }
        // Trailing zeros are dropped first so that `1.50 × 2.0` keeps the digits it needs;
        // an integer has none to drop (most factors are: 1 万 = 10000), and normalizing
        // every operand was 2% of checking a plan (issue 15).
        let trimmed = |d: Decimal| if d.scale() == 0 { d } else { d.normalize() };
        // Most factors are one (a target in its metric's own unit): the product is the other
        // operand, as trimmed. (118,000 products for a 1.5 MB plan, 2.6% of checking it.)
        let one = |d: Decimal| d.scale() == 0 && d.mantissa() == 1;
        if one(other.0) {
            return Some(Number(trimmed(self.0)));
        }
        if one(self.0) {
            return Some(Number(trimmed(other.0)));
        }
        let (a, b) = (trimmed(self.0), trimmed(other.0));
        let product = a.checked_mul(b)?;
        exact(product, a.scale() + b.scale())
    }

    /// `self ÷ other` when it is a finite decimal that fits (`1 ÷ 4`), else `None` (`1 ÷ 3`).
    pub fn checked_div(self, other: Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        let q = Number(self.0.checked_div(other.0)?.normalize());
        // Division rounds at 28 digits: it was exact when the quotient multiplies back.
        (q.checked_mul(other)? == self).then_some(q)
    }

    /// `self ÷ other` to 28 significant digits: for a figure shown to a reader when no exact
    /// decimal exists (1 ÷ 24).
    pub fn div_rounded(self, other: Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        self.0.checked_div(other.0).map(|d| Number(d.normalize()))
    }

    /// `self × other` to 28 significant digits: for compounding (1.0725 to the 10th power has
    /// 40 decimal places), where the result is compared within a tolerance far wider than the
    /// rounding (a relative 10⁻²⁷). `None` past 7.9 × 10²⁸.
    pub fn mul_rounded(self, other: Number) -> Option<Number> {
        self.0.checked_mul(other.0).map(Number)
    }

    /// `self^n` to 28 significant digits (see [`Number::mul_rounded`]), exact while it fits.
    pub fn powi_rounded(self, n: u32) -> Option<Number> {
        let (mut base, mut n, mut acc) = (self, n, Number::ONE);
        while n > 0 {
            if n & 1 == 1 {
                acc = acc.mul_rounded(base)?;
            }
            n >>= 1;
            if n > 0 {
                base = base.mul_rounded(base)?;
            }
        }
        Some(acc)
    }

    /// `self^n` exactly, by repeated squaring, or `None` when it leaves 28 digits.
    pub fn checked_powi(self, n: u32) -> Option<Number> {
        let (mut base, mut n, mut acc) = (self, n, Number::ONE);
        while n > 0 {
            if n & 1 == 1 {
                acc = acc.checked_mul(base)?;
            }
            n >>= 1;
            if n > 0 {
                base = base.checked_mul(base)?;
            }
        }
        Some(acc)
    }
}

/// `value` when rust_decimal kept every digit (its scale is the exact result's), else `None`:
/// rust_decimal rounds silently where a result needs more than 28 digits.
fn exact(value: Decimal, scale: u32) -> Option<Number> {
    (value.scale() == scale).then_some(Number(value))
}

/// Negation is exact: a decimal and its negative have the same digits.
impl std::ops::Neg for Number {
    type Output = Number;

    fn neg(self) -> Number {
        Number(-self.0)
    }
}

impl FromStr for Number {
    type Err = NumberError;

    fn from_str(s: &str) -> Result<Number, NumberError> {
        Number::parse(s)
    }
}

/// The canonical form of what was written: no `_`, no trailing zeros after the point, no
/// exponent, no `-0` (`1_450.50` prints `1450.5`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

/// An exact quotient `num ÷ den` of two [`Number`]s (`den` > 0): a unit factor that is no
/// finite decimal (1 小时 = 1/24 日), or a value times one. Kept with `den` = 1 whenever
/// the quotient is a finite decimal, so most arithmetic is on plain decimals.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    num: Number,
    den: Number,
}

impl Ratio {
    pub const ONE: Ratio = Ratio {
        num: Number::ONE,
        den: Number::ONE,
    };

    /// A finite decimal, for constants.
    pub const fn decimal(n: Number) -> Ratio {
        Ratio {
            num: n,
            den: Number::ONE,
        }
    }

    /// `1 ÷ den` for a constant that is no finite decimal (1 小时 = 1/24 日); `den` must
    /// have a prime factor other than 2 and 5, so that the "den is 1 when decimal" rule holds.
    pub const fn reciprocal(den: i64) -> Ratio {
        Ratio {
            num: Number::ONE,
            den: Number::new(den, 0),
        }
    }

    /// `num ÷ den`, or `None` when `den` is zero.
    pub fn new(num: Number, den: Number) -> Option<Ratio> {
        if den == Number::ONE {
            return Some(Ratio::from(num));
        }
        if den.is_zero() {
            return None;
        }
        let (num, den) = if den.is_negative() {
            (-num, -den)
        } else {
            (num, den)
        };
        Some(match num.checked_div(den) {
            Some(q) => Ratio::from(q),
            None => Ratio { num, den },
        })
    }

    /// `self × other`, exactly, or `None`.
    pub fn checked_mul(self, other: Ratio) -> Option<Ratio> {
        Ratio::new(
            self.num.checked_mul(other.num)?,
            self.den.checked_mul(other.den)?,
        )
    }

    /// `self ÷ other`, exactly, or `None` (also for a zero `other`).
    pub fn checked_div(self, other: Ratio) -> Option<Ratio> {
        Ratio::new(
            self.num.checked_mul(other.den)?,
            self.den.checked_mul(other.num)?,
        )
    }

    /// `self + other`, exactly, or `None`.
    pub fn checked_add(self, other: Ratio) -> Option<Ratio> {
        if self.den == other.den {
            return Ratio::new(self.num.checked_add(other.num)?, self.den);
        }
        Ratio::new(
            self.num
                .checked_mul(other.den)?
                .checked_add(other.num.checked_mul(self.den)?)?,
            self.den.checked_mul(other.den)?,
        )
    }

    /// `self - other`, exactly, or `None`.
    pub fn checked_sub(self, other: Ratio) -> Option<Ratio> {
        self.checked_add(Ratio {
            num: -other.num,
            den: other.den,
        })
    }

    /// `self × n`, exactly, or `None`.
    pub fn scale(self, n: Number) -> Option<Ratio> {
        self.checked_mul(Ratio::from(n))
    }

    /// The value as a decimal: exact when it is a finite decimal, else to 28 significant
    /// digits (1/24 = 0.04166…67), the one place a [`Ratio`] is rounded.
    pub fn to_number(self) -> Option<Number> {
        if self.den == Number::ONE {
            return Some(self.num);
        }
        self.num.div_rounded(self.den)
    }

    /// Whether [`Ratio::to_number`] is exact.
    pub fn is_decimal(self) -> bool {
        self.den == Number::ONE
    }

    pub fn to_f64(self) -> f64 {
        self.num.to_f64() / self.den.to_f64()
    }

    pub fn is_zero(self) -> bool {
        self.num.is_zero()
    }

    pub fn is_positive(self) -> bool {
        self.num.is_positive()
    }

    pub fn is_negative(self) -> bool {
        self.num.is_negative()
    }

    pub fn abs(self) -> Ratio {
        Ratio {
            num: self.num.abs(),
            den: self.den,
        }
    }
}

impl From<Number> for Ratio {
    fn from(n: Number) -> Ratio {
        Ratio {
            num: n,
            den: Number::ONE,
        }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    /// `a/b` against `c/d` as `a·d` against `c·b` (both denominators are positive); in binary
    /// floating point only when a cross product leaves 28 digits (see the module doc).
    fn cmp(&self, other: &Ratio) -> Ordering {
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Ratio {
    /// The decimal when exact, else `num/den`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_decimal() {
            fmt::Display::fmt(&self.num, f)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn zero_times_or_divided_by_a_fraction_is_zero() {
        assert_eq!(n("0").checked_mul(n("2.5")), Some(Number::ZERO));
        assert_eq!(n("2.5").checked_mul(n("0.0")), Some(Number::ZERO));
        assert_eq!(n("0").checked_mul(n("0.001")), Some(Number::ZERO));
        assert_eq!(n("0").checked_div(n("2.5")), Some(Number::ZERO));
        assert_eq!(n("1.5").checked_mul(n("2")), Some(n("3")));
        assert_eq!(n("1.50").checked_mul(n("2.0")), Some(n("3")));
    }

    #[test]
    fn one_times_a_number_is_that_number_trimmed_as_any_product() {
        let product =
            |a: &str, b: &str| n(a).checked_mul(n(b)).map(|p| (p.to_string(), p.0.scale()));
        assert_eq!(product("1.50", "1"), Some(("1.5".to_string(), 1)));
        assert_eq!(product("1", "-2.500"), Some(("-2.5".to_string(), 1)));
        assert_eq!(product("1", "1"), Some(("1".to_string(), 0)));
        // The general path agrees: 1.0 is not taken for one, and gives the same.
        assert_eq!(product("1.50", "1.0"), Some(("1.5".to_string(), 1)));
        assert_eq!(product("-1", "3"), Some(("-3".to_string(), 0)));
    }

    #[test]
    fn parses_what_plans_write() {
        assert_eq!(n("350").to_string(), "350");
        assert_eq!(n("1_450").to_string(), "1450");
        assert_eq!(n("-5").to_string(), "-5");
        assert_eq!(n("10551.56").to_string(), "10551.56");
        assert_eq!(n("350.0").to_string(), "350");
        assert_eq!(n("-0").to_string(), "0");
        assert_eq!(
            n("12345678901234567.89").to_string(),
            "12345678901234567.89"
        );
        assert_eq!(Number::parse_percent("70%"), Ok(n("70")));
        assert_eq!(n(".5"), n("0.5"));
        assert_eq!(n("5."), n("5"));
        assert_eq!(n("+1_000.25"), n("1000.25"));
        for bad in ["", "-", ".", "1.2.3", "1e5", "１", "--5", "+-5", "5-"] {
            assert_eq!(Number::parse(bad), Err(NumberError::Malformed), "{bad}");
        }
        assert_eq!(Number::parse(&"9".repeat(29)), Err(NumberError::TooLarge));
        let tiny = format!("0.{}1", "0".repeat(28));
        assert_eq!(Number::parse(&tiny), Err(NumberError::TooPrecise));
    }

    #[test]
    fn arithmetic_is_exact_or_refused() {
        assert_eq!(n("0.1").checked_add(n("0.2")), Some(n("0.3")));
        assert_eq!(n("1.1").checked_mul(n("10000")), Some(n("11000")));
        assert_eq!(n("1").checked_div(n("4")), Some(n("0.25")));
        assert_eq!(n("1").checked_div(n("3")), None);
        let big = n(&"9".repeat(28));
        assert_eq!(big.checked_mul(n("10")), None);
        // 29 significant digits would be rounded by rust_decimal: refused instead.
        assert_eq!(
            n("1.000000000000001").checked_mul(n("1.00000000000001")),
            None
        );
        assert_eq!(n("1.07").checked_powi(2), Some(n("1.1449")));
        assert_eq!(
            Number::from_f64(0.1 + 0.2).map(|v| v.to_string()),
            Some("0.30000000000000004".into())
        );
        assert_eq!(
            Number::from_f64(0.3).map(|v| v.to_string()),
            Some("0.3".into())
        );
    }

    #[test]
    fn ratios_compare_exactly() {
        let hour = Ratio::new(n("1"), n("24")).unwrap_or(Ratio::ONE);
        assert!(!hour.is_decimal());
        // 24 小时 is exactly 1 日.
        assert_eq!(hour.scale(n("24")), Some(Ratio::ONE));
        assert!(hour
            .scale(n("23.999999999"))
            .is_some_and(|r| r < Ratio::ONE));
        let third = Ratio::new(n("1"), n("3")).unwrap_or(Ratio::ONE);
        let sum = third.checked_add(third).and_then(|s| s.checked_add(third));
        assert_eq!(sum, Some(Ratio::ONE));
        assert_eq!(
            Ratio::new(n("3"), n("12")).map(|r| r.is_decimal()),
            Some(true)
        );
    }
}
