//! Deadline phrases: 6月底前, 2月25日前, 年底前, 年内, 上半年, 一季度, 到2028年,
//! 2026年底前, 3月中下旬 … read as the language's dates (`2024-06`, `2024-02-25`, `2024`,
//! `2024-H1`, `2024-Q1`, windows `2024-03-11..2024-03-31`). A phrase without a year takes
//! the plan's year.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::cn_number::{cn_digit, parse_cn};

/// A deadline phrase found in a sentence: its date and where it is (byte range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub date: String,
    pub range: Range<usize>,
    /// A phrase that names the plan's whole period or year (全年, 年内): it sets no date of
    /// its own beyond the period's end.
    pub whole_year: bool,
    /// A phrase that sets a date to meet (…前, …底, …旬, 到…): a milestone's date. A bare
    /// 上半年 or 一季度 may only say when something happened.
    pub firm: bool,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // One alternation, longest forms first; named groups say which form matched.
        let re = concat!(
            r"(?:(?P<y1>20\d\d)\s*年\s*)?(?P<m1>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d1>\d{1,2})\s*日(?:之?前|以前|前后)?",
            r"|(?:(?P<y2>20\d\d)\s*年\s*)?(?P<m2>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?\s*(?P<part>上旬|中旬|下旬|中下旬|上中旬)",
            r"|(?:(?P<y3>20\d\d)\s*年\s*)?(?P<m3>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?\s*(?:底|末)?\s*(?:之?前|以前)",
            r"|(?:(?P<y3b>20\d\d)\s*年\s*)?(?P<m3b>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?\s*(?:底|末)",
            r"|(?:(?:力争|确保|计划)?(?:到|至|截至|截止)\s*)(?P<y4>20\d\d)\s*年(?:\s*年?(?:底|末))?(?:\s*(?:之?前|以前))?",
            r"|(?P<y5>20\d\d)\s*年\s*年?(?:底|末)\s*(?:之?前)?",
            r"|(?P<y6>20\d\d)\s*年(?:之?前)",
            r"|(?:(?P<y7>20\d\d)\s*年\s*)?(?:第)?(?P<q>[一二三四1-4])\s*季度(?:末|内|前)?",
            r"|(?:(?P<y8>20\d\d)\s*年\s*)?(?P<h>上半年|下半年)",
            r"|(?P<ye>年底前|年底|年末前|年末|年内|全年|今年)",
        );

        Regex::new(re).expect("the deadline pattern is a valid constant")
    })
}

fn month(text: &str) -> Option<u32> {
    if let Ok(m) = text.parse::<u32>() {
        return (1..=12).contains(&m).then_some(m);
    }
    let (v, used) = parse_cn(text)?;
    let m: u32 = v.to_string().parse().ok()?;
    (used == text.chars().count() && (1..=12).contains(&m)).then_some(m)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    crate::dates::days_in_month(year, month)
}

/// Every deadline phrase in `text`, in order, with the plan's year for phrases without one.
pub fn find(text: &str, plan_year: Option<i32>) -> Vec<Found> {
    let mut out = Vec::new();
    for caps in pattern().captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let year_of = |name: &str| -> Option<i32> {
            caps.name(name)
                .and_then(|y| y.as_str().parse().ok())
                .or(plan_year)
        };
        let mut whole_year = false;
        let date = if let Some(m) = caps.name("m1") {
            let (Some(y), Some(m)) = (year_of("y1"), month(m.as_str())) else {
                continue;
            };
            let Some(d) = caps.name("d1").and_then(|d| d.as_str().parse::<u32>().ok()) else {
                continue;
            };
            if d == 0 || d > days_in_month(y, m) {
                // Not a date at all (a count of days, a typo): no deadline.
                continue;
            }
            format!("{y}-{m:02}-{d:02}")
        } else if let Some(m) = caps.name("m2") {
            let (Some(y), Some(m)) = (year_of("y2"), month(m.as_str())) else {
                continue;
            };
            let last = days_in_month(y, m);
            let (from, to) = match caps.name("part").map(|p| p.as_str()) {
                Some("上旬") => (1, 10),
                Some("中旬") => (11, 20),
                Some("上中旬") => (1, 20),
                Some("中下旬") => (11, last),
                _ => (21, last),
            };
            format!("{y}-{m:02}-{from:02}..{y}-{m:02}-{to:02}")
        } else if let Some(m) = caps.name("m3").or(caps.name("m3b")) {
            let y = year_of("y3").or(year_of("y3b"));
            let (Some(y), Some(m)) = (y, month(m.as_str())) else {
                continue;
            };
            format!("{y}-{m:02}")
        } else if let Some(y) = caps.name("y4").or(caps.name("y5")).or(caps.name("y6")) {
            y.as_str().to_owned()
        } else if let Some(q) = caps.name("q") {
            let Some(y) = year_of("y7") else { continue };
            let q = q
                .as_str()
                .chars()
                .next()
                .and_then(|c| c.to_digit(10).or(cn_digit(c)))
                .unwrap_or(1);
            format!("{y}-Q{q}")
        } else if let Some(h) = caps.name("h") {
            let Some(y) = year_of("y8") else { continue };
            let half = if h.as_str() == "上半年" { 1 } else { 2 };
            format!("{y}-H{half}")
        } else if caps.name("ye").is_some() {
            let Some(y) = plan_year else { continue };
            whole_year = true;
            y.to_string()
        } else {
            continue;
        };
        let phrase = whole.as_str();
        let firm = ["前", "底", "末", "旬", "日", "到", "至", "截", "季度"]
            .iter()
            .any(|w| phrase.contains(w));
        out.push(Found {
            date,
            range: whole.range(),
            whole_year,
            firm,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<String> {
        find(text, Some(2024)).into_iter().map(|f| f.date).collect()
    }

    #[test]
    fn chinese_deadline_phrases() {
        assert_eq!(dates("6月底前完成"), ["2024-06"]);
        assert_eq!(dates("2月25日前复工率100%"), ["2024-02-25"]);
        assert_eq!(dates("年底前改造提升"), ["2024"]);
        assert_eq!(dates("一季度实现原煤产量"), ["2024-Q1"]);
        assert_eq!(dates("到2028年建成"), ["2028"]);
        assert_eq!(dates("2026年底前实现"), ["2026"]);
        assert_eq!(dates("到2025年底前，全市建成"), ["2025"]);
        assert_eq!(dates("到2025年年底，建成"), ["2025"]);
        assert_eq!(dates("上半年开工"), ["2024-H1"]);
        assert_eq!(dates("3月中下旬举办"), ["2024-03-11..2024-03-31"]);
        assert_eq!(dates("十月底前"), ["2024-10"]);
        assert_eq!(dates("2月30日前"), Vec::<String>::new());
    }
}
