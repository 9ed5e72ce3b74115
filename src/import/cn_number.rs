//! Numbers as Chinese documents write them: Arabic digits (also full-width, with `,`
//! thousands separators and a decimal point) and Chinese numerals (一百五十, 两千, 二十三).
//! Values are exact decimals — a mantissa and a count of fraction digits — because the
//! draft must say `0.25`, not `0.25000000000000001`.

use std::fmt;

/// An exact decimal: `mantissa / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dec {
    mantissa: i128,
    scale: u32,
}

impl Dec {
    pub fn from_int(v: i128) -> Dec {
        Dec {
            mantissa: v,
            scale: 0,
        }
    }

    /// Parses `1450`, `0.25`, `1,450.5`, `１２．５` (full-width forms are read as ASCII).
    pub fn parse(text: &str) -> Option<Dec> {
        let mut mantissa: i128 = 0;
        let mut scale = 0u32;
        let mut seen_point = false;
        let mut digits = 0usize;
        for c in text.chars() {
            match ascii_digit(c) {
                Some(d) => {
                    mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(d))?;
                    digits += 1;
                    if seen_point {
                        scale += 1;
                    }
                }
                None if is_point(c) && !seen_point => seen_point = true,
                None if c == ',' || c == '，' => {}
                None => return None,
            }
        }
        // 28 significant digits are far beyond any plan figure; more is not a number here.
        if digits == 0 || digits > 28 {
            return None;
        }
        Some(Dec { mantissa, scale }.normalized())
    }

    /// Drops trailing zeros of the fraction: `5.0` → `5`.
    fn normalized(mut self) -> Dec {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    pub fn negated(self) -> Dec {
        Dec {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }

    /// Whether `self < other`, compared exactly.
    pub fn less_than(&self, other: &Dec) -> bool {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(10i128.pow(scale - self.scale));
        let b = other.mantissa.checked_mul(10i128.pow(scale - other.scale));
        match (a, b) {
            (Some(a), Some(b)) => a < b,
            _ => false,
        }
    }

    /// The value as the float the rest of the tool compares with (scorer and tests only).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// The value of an ASCII or full-width digit.
pub fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

pub fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// The value of a Chinese digit (零 … 九, 两, 〇).
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn cn_multiplier(c: char) -> Option<i128> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Whether `c` may be part of a Chinese numeral (digits and 十百千; 万/亿 are scales that
/// the caller treats as part of the unit, as 150万吨 keeps 万吨).
pub fn is_cn_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || cn_multiplier(c).is_some()
}

/// Reads a Chinese numeral below 万 (一百五十, 两千, 十二, 二十三, 三): the value and how
/// many characters it took, or `None` when `text` does not start with one.
pub fn parse_cn(text: &str) -> Option<(Dec, usize)> {
    let mut total: i128 = 0;
    let mut pending: Option<i128> = None;
    let mut used = 0usize;
    let mut last_mult = i128::MAX;
    for c in text.chars() {
        if let Some(d) = cn_digit(c) {
            if pending.is_some_and(|p| p != 0) {
                // 二三 is not a numeral (it is "two or three").
                break;
            }
            pending = Some(i128::from(d));
        } else if let Some(m) = cn_multiplier(c) {
            if m >= last_mult {
                break;
            }
            // 十二 = 1 × 10 + 2: a bare 十 counts one ten.
            total += pending.take().unwrap_or(1) * m;
            last_mult = m;
        } else {
            break;
        }
        used += 1;
    }
    if used == 0 {
        return None;
    }
    total += pending.unwrap_or(0);
    Some((Dec::from_int(total), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_numbers_stay_exact() {
        assert_eq!(
            Dec::parse("0.25").map(|d| d.to_string()),
            Some("0.25".into())
        );
        assert_eq!(
            Dec::parse("1,450").map(|d| d.to_string()),
            Some("1450".into())
        );
        assert_eq!(
            Dec::parse("１２．５０").map(|d| d.to_string()),
            Some("12.5".into())
        );
        assert_eq!(
            Dec::parse("10551.56").map(|d| d.to_string()),
            Some("10551.56".into())
        );
        assert_eq!(Dec::parse("1.2.3"), None);
        assert_eq!(Dec::parse(""), None);
    }

    #[test]
    fn chinese_numerals() {
        let v = |s: &str| parse_cn(s).map(|(d, n)| (d.to_string(), n));
        assert_eq!(v("一百五十万吨"), Some(("150".into(), 4)));
        assert_eq!(v("两千"), Some(("2000".into(), 2)));
        assert_eq!(v("十二个"), Some(("12".into(), 2)));
        assert_eq!(v("二十三"), Some(("23".into(), 3)));
        assert_eq!(v("三个"), Some(("3".into(), 1)));
        assert_eq!(v("一千零五"), Some(("1005".into(), 4)));
        assert_eq!(v("个"), None);
    }

    #[test]
    fn comparisons_are_exact() {
        let d = |s: &str| Dec::parse(s).unwrap_or(Dec::from_int(0));
        assert!(d("4.5").less_than(&d("5")));
        assert!(!d("5").less_than(&d("5.0")));
        assert_eq!(Dec::from_int(-3).to_string(), "-3");
        assert_eq!(d("0.05").negated().to_string(), "-0.05");
    }
}
