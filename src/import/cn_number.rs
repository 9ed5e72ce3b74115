//! Numbers as Chinese documents write them: Arabic digits (also full-width, with `,`
//! thousands separators and a decimal point) and Chinese numerals (一百五十, 两千, 二十三).
//! Values are exact decimals — a mantissa and a count of fraction digits — because the
//! draft must say `0.25`, not `0.25000000000000001`.

use crate::number::Number;

/// The import's numbers are the plan's own exact decimals (src/number.rs).
pub type Dec = Number;

/// Parses `1450`, `0.25`, `1,450.5`, `１２．５` (full-width forms are read as ASCII, `,`
/// thousands separators dropped); `None` for anything else or more than 28 digits.
pub fn parse_arabic(text: &str) -> Option<Dec> {
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        match ascii_digit(c) {
            Some(d) => ascii.push(char::from_digit(d, 10)?),
            None if is_point(c) => ascii.push('.'),
            None if c == ',' || c == '，' => {}
            None => return None,
        }
    }
    // `Number::parse` also takes a sign and `_`, which a document's figure never has here.
    if !ascii.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Number::parse(&ascii).ok()
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
    Some((Number::parse(&total.to_string()).ok()?, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_numbers_stay_exact() {
        assert_eq!(
            parse_arabic("0.25").map(|d| d.to_string()),
            Some("0.25".into())
        );
        assert_eq!(
            parse_arabic("1,450").map(|d| d.to_string()),
            Some("1450".into())
        );
        assert_eq!(
            parse_arabic("１２．５０").map(|d| d.to_string()),
            Some("12.5".into())
        );
        assert_eq!(
            parse_arabic("10551.56").map(|d| d.to_string()),
            Some("10551.56".into())
        );
        assert_eq!(parse_arabic("1.2.3"), None);
        assert_eq!(parse_arabic(""), None);
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
        let d = |s: &str| parse_arabic(s).unwrap_or_default();
        assert!(d("4.5") < d("5"));
        assert!(d("5") >= d("5.0"));
        assert_eq!(Number::from_i64(-3).to_string(), "-3");
        assert_eq!((-d("0.05")).to_string(), "-0.05");
        assert_eq!(parse_arabic("-5"), None);
        assert_eq!(parse_arabic("1_000"), None);
    }
}
