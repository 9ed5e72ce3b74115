//! Dates, periods and deadlines (LANGUAGE.md §3 "Dates", "Periods"; §4 "Windows").
//!
//! The grammar only checks the shape of a date literal (`2025-13-45` parses), so whether a
//! date exists is decided here, once, with a reason a planner can read (D207). Every other
//! module works with [`NaiveDate`]s: a literal names a span of days, and a deadline is the
//! last day of that span (`2025-Q1` is due 2025-03-31).

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Why a date or period literal is invalid (D207). `Display` is one English sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum DateError {
    /// `2025-13`: "month 13 does not exist".
    BadMonth(u32),
    /// `2025-02-30`: "February 2025 has 28 days, not 30".
    BadDay {
        year: i32,
        month: u32,
        day: u32,
        days_in_month: u32,
    },
    /// `2025-Q5`: "quarter 5 does not exist (Q1–Q4)".
    BadQuarter(u32),
    /// `2025-H3`: "half 3 does not exist (H1–H2)".
    BadHalf(u32),
    /// A year that is not four digits from 1000 to 9999, as written.
    BadYear(String),
    /// Text that is not any date form at all, as written (`2025-`, `2025....2026`).
    Malformed(String),
    /// `2025..2024`: the range ends before it starts.
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::BadMonth(m) => write!(f, "month {m} does not exist (01–12)"),
            DateError::BadDay {
                year,
                month,
                day: 0,
                days_in_month,
            } => write!(
                f,
                "day 0 does not exist: {} {year} runs from 1 to {days_in_month}",
                month_name(*month)
            ),
            DateError::BadDay {
                year,
                month,
                day,
                days_in_month,
            } => write!(
                f,
                "{} {year} has {days_in_month} days, not {day}",
                month_name(*month)
            ),
            DateError::BadQuarter(q) => write!(f, "quarter {q} does not exist (Q1–Q4)"),
            DateError::BadHalf(h) => write!(f, "half {h} does not exist (H1–H2)"),
            DateError::BadYear(y) => write!(
                f,
                "year {y} is out of range: a year has four digits, from 1000 to 9999"
            ),
            DateError::Malformed(text) if text.is_empty() => f.write_str(
                "the date is missing: write a day (2025-06-30), a month (2025-06), \
                 a quarter (2025-Q1), a half (2025-H2) or a year (2025)",
            ),
            DateError::Malformed(text) => write!(
                f,
                "`{text}` is not a date: write a day (2025-06-30), a month (2025-06), \
                 a quarter (2025-Q1), a half (2025-H2) or a year (2025), \
                 or a range of two of them (2021..2023)"
            ),
            DateError::EndBeforeStart { start, end } => {
                write!(f, "the period ends ({end}) before it starts ({start})")
            }
        }
    }
}

impl std::error::Error for DateError {}

/// The days a date literal names, first and last inclusive: `2025-06-30` is one day,
/// `2025-06` the month, `2025-Q1` the quarter, `2025-H2` the half, `2025` the year.
/// As a deadline, a literal means its `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpan {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A plan's period or a window: `2025`, `2025-Q1`, `2021..2023`, `2024-07-01..2024-12-31`.
/// Both ends are inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Whether the day lies in the period, both ends included.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

impl From<DateSpan> for Period {
    fn from(span: DateSpan) -> Self {
        Period {
            start: span.start,
            end: span.end,
        }
    }
}

impl fmt::Display for Period {
    /// `2025-01-01..2025-12-31`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How often a `per year|quarter|month` target repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Every {
    Year,
    Quarter,
    Month,
}

/// Parse a date literal (`2025-06-30`, `2025-06`, `2025-Q1`, `2025-H2`, `2025`) into the days
/// it names. Surrounding whitespace is ignored; month and day may have one or two digits, as
/// the grammar allows (`2025-6` is June).
pub fn parse_date(text: &str) -> Result<DateSpan, DateError> {
    let text = text.trim();
    let malformed = || DateError::Malformed(text.to_string());
    let (year_text, rest) = parts(text);

    if !is_digits(year_text) {
        return Err(malformed());
    }
    let year = match year_text.parse::<i32>() {
        Ok(y) if year_text.len() == 4 && y >= 1000 => y,
        _ => return Err(DateError::BadYear(year_text.to_string())),
    };

    let ymd =
        |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day).ok_or_else(malformed);
    let months = |first: u32, last: u32| {
        Ok(DateSpan {
            start: ymd(first, 1)?,
            end: ymd(last, days_in_month(year, last))?,
        })
    };

    match rest {
        (None, ..) => months(1, 12),
        (Some(part), None, _) => {
            if let Some(q) = part.strip_prefix('Q') {
                let q = number(q, 9).ok_or_else(malformed)?;
                if !(1..=4).contains(&q) {
                    return Err(DateError::BadQuarter(q));
                }
                months(3 * q - 2, 3 * q)
            } else if let Some(h) = part.strip_prefix('H') {
                let h = number(h, 9).ok_or_else(malformed)?;
                if !(1..=2).contains(&h) {
                    return Err(DateError::BadHalf(h));
                }
                months(6 * h - 5, 6 * h)
            } else {
                let month = number(part, 2).ok_or_else(malformed)?;
                check_month(month)?;
                months(month, month)
            }
        }
        (Some(month), Some(day), None) => {
            let month = number(month, 2).ok_or_else(malformed)?;
            let day = number(day, 2).ok_or_else(malformed)?;
            check_month(month)?;
            let dim = days_in_month(year, month);
            if day == 0 || day > dim {
                return Err(DateError::BadDay {
                    year,
                    month,
                    day,
                    days_in_month: dim,
                });
            }
            let d = ymd(month, day)?;
            Ok(DateSpan { start: d, end: d })
        }
        (Some(_), Some(_), Some(_)) => Err(malformed()),
    }
}

/// The first four parts of `text` between `-`, as `text.split('-')` gives them, found by
/// a search over the bytes: the `split` iterator's setup was two thirds of reading a date,
/// and a dense plan reads thousands (issue 15).
type Parts<'t> = (&'t str, (Option<&'t str>, Option<&'t str>, Option<&'t str>));

fn parts(text: &str) -> Parts<'_> {
    let (year, rest) = cut_at_dash(text);
    let rest = match rest.map(cut_at_dash) {
        None => (None, None, None),
        Some((part, None)) => (Some(part), None, None),
        Some((month, Some(day))) => {
            let (day, more) = cut_at_dash(day);
            (Some(month), Some(day), more.map(|more| cut_at_dash(more).0))
        }
    };
    (year, rest)
}

/// `s` cut at its first `-`: before it, and after it when there is one.
fn cut_at_dash(s: &str) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == b'-') {
        Some(at) => (s.get(..at).unwrap_or_default(), s.get(at + 1..)),
        None => (s, None),
    }
}

/// Parse a period: one date form (`2025`, `2025-Q1`), or `A..B` from the start of A to the
/// end of B (`2021..2023`, `2025-Q1..2025-H2`). [`DateError::EndBeforeStart`] when B ends
/// before A starts.
pub fn parse_period(text: &str) -> Result<Period, DateError> {
    let text = text.trim();
    let Some((a, b)) = text.split_once("..") else {
        return parse_date(text).map(Period::from);
    };
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() || b.contains("..") {
        return Err(DateError::Malformed(text.to_string()));
    }
    let (a, b) = (parse_date(a)?, parse_date(b)?);
    if b.end < a.start {
        return Err(DateError::EndBeforeStart {
            start: a.start,
            end: b.end,
        });
    }
    Ok(Period {
        start: a.start,
        end: b.end,
    })
}

/// The most deadlines one `per` target repeats to (L801): a century of months. Past it only
/// the earliest are kept; `per month` over 1000–9999 would be 108,000 (issue 16).
pub const MAX_REPEATS: usize = 1_200;

/// The most repetitions all the `per` targets of one plan (each metric of a line counted)
/// expand to together (L801): each becomes a line of the compiled output, so this bounds
/// it (about 270 bytes of JSON each). A target past it keeps its first deadline only.
pub const MAX_REPEATS_IN_PLAN: usize = 100_000;

/// How many deadlines a `per` target over `start..=end` has: the calendar years (quarters,
/// months) the window touches, counted without listing them (0 when `end < start`).
pub fn repeat_count(start: NaiveDate, end: NaiveDate, every: Every) -> u64 {
    if end < start {
        return 0;
    }
    let index = |d: NaiveDate| -> i64 {
        let year = i64::from(d.year());
        match every {
            Every::Year => year,
            Every::Quarter => year * 4 + i64::from(d.month0() / 3),
            Every::Month => year * 12 + i64::from(d.month0()),
        }
    };
    u64::try_from(index(end) - index(start) + 1).unwrap_or(0)
}

/// The deadlines of a `per year|quarter|month` target over `start..=end`: the end of each
/// calendar year (quarter, month) the window touches, except the last, which is `end` itself
/// when `end` is not such an end (`per year` from 2025-03-01 to 2026-06-30 gives 2025-12-31,
/// 2026-06-30). Empty when `end < start`; at most [`MAX_REPEATS`] entries, the earliest ones.
pub fn repeat_deadlines(start: NaiveDate, end: NaiveDate, every: Every) -> Vec<NaiveDate> {
    repeat_deadlines_upto(start, end, every, MAX_REPEATS)
}

/// [`repeat_deadlines`], at most `limit` of them (the earliest).
pub fn repeat_deadlines_upto(
    start: NaiveDate,
    end: NaiveDate,
    every: Every,
    limit: usize,
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut current = start;
    while current <= end && out.len() < limit {
        let unit_end = end_of(current, every).unwrap_or(end);
        if unit_end >= end {
            out.push(end);
            break;
        }
        out.push(unit_end);
        match unit_end.succ_opt() {
            Some(next) => current = next,
            None => break,
        }
    }
    out
}

/// The last day of the year (quarter, month) holding `d`; `None` past chrono's range.
fn end_of(d: NaiveDate, every: Every) -> Option<NaiveDate> {
    let year = d.year();
    let month = match every {
        Every::Year => 12,
        Every::Quarter => d.month().div_ceil(3) * 3,
        Every::Month => d.month(),
    };
    NaiveDate::from_ymd_opt(year, month, days_in_month(year, month))
}

/// Days in a month of the proleptic Gregorian calendar (`month` in 1..=12; others give 0).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn check_month(month: u32) -> Result<(), DateError> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(DateError::BadMonth(month))
    }
}

/// A non-empty run of at most `max_len` ASCII digits as a number. `str::parse` alone would
/// also take `+6`.
fn number(s: &str, max_len: usize) -> Option<u32> {
    if is_digits(s) && s.len() <= max_len {
        s.parse().ok()
    } else {
        None
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .checked_sub(1)
        .and_then(|i| NAMES.get(i as usize))
        .copied()
        .unwrap_or("month")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn span(text: &str) -> (NaiveDate, NaiveDate) {
        let s = parse_date(text).unwrap();
        (s.start, s.end)
    }

    fn err(text: &str) -> String {
        parse_date(text).unwrap_err().to_string()
    }

    #[test]
    fn each_date_form_names_its_days() {
        assert_eq!(span("2025-06-30"), (d(2025, 6, 30), d(2025, 6, 30)));
        assert_eq!(span("2025-06"), (d(2025, 6, 1), d(2025, 6, 30)));
        assert_eq!(span("2025-Q1"), (d(2025, 1, 1), d(2025, 3, 31)));
        assert_eq!(span("2025-Q2"), (d(2025, 4, 1), d(2025, 6, 30)));
        assert_eq!(span("2025-Q3"), (d(2025, 7, 1), d(2025, 9, 30)));
        assert_eq!(span("2025-Q4"), (d(2025, 10, 1), d(2025, 12, 31)));
        assert_eq!(span("2025-H1"), (d(2025, 1, 1), d(2025, 6, 30)));
        assert_eq!(span("2025-H2"), (d(2025, 7, 1), d(2025, 12, 31)));
        assert_eq!(span("2025"), (d(2025, 1, 1), d(2025, 12, 31)));
        assert_eq!(span("2025-6"), (d(2025, 6, 1), d(2025, 6, 30)));
        assert_eq!(span("2025-6-5"), (d(2025, 6, 5), d(2025, 6, 5)));
    }

    #[test]
    fn leap_years() {
        assert_eq!(span("2024-02").1, d(2024, 2, 29));
        assert_eq!(span("2025-02").1, d(2025, 2, 28));
        assert_eq!(span("2000-02").1, d(2000, 2, 29));
        assert_eq!(span("2100-02").1, d(2100, 2, 28));
        assert!(parse_date("2024-02-29").is_ok());
        assert_eq!(
            parse_date("2025-02-29"),
            Err(DateError::BadDay {
                year: 2025,
                month: 2,
                day: 29,
                days_in_month: 28
            })
        );
    }

    #[test]
    fn every_day_of_three_years_round_trips() {
        let mut day = d(2023, 1, 1);
        while day <= d(2025, 12, 31) {
            assert_eq!(span(&day.to_string()), (day, day));
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(err("2025-13"), "month 13 does not exist (01–12)");
        assert_eq!(err("2025-00"), "month 0 does not exist (01–12)");
        assert_eq!(err("2025-13-01"), "month 13 does not exist (01–12)");
        assert_eq!(err("2025-02-30"), "February 2025 has 28 days, not 30");
        assert_eq!(err("2025-06-31"), "June 2025 has 30 days, not 31");
        assert_eq!(err("2025-13-45"), "month 13 does not exist (01–12)");
        assert_eq!(
            err("2025-06-00"),
            "day 0 does not exist: June 2025 runs from 1 to 30"
        );
        assert_eq!(err("2025-Q5"), "quarter 5 does not exist (Q1–Q4)");
        assert_eq!(err("2025-Q0"), "quarter 0 does not exist (Q1–Q4)");
        assert_eq!(err("2025-H3"), "half 3 does not exist (H1–H2)");
        assert_eq!(
            err("0999"),
            "year 0999 is out of range: a year has four digits, from 1000 to 9999"
        );
        assert_eq!(
            parse_period("2025..2024").unwrap_err().to_string(),
            "the period ends (2024-12-31) before it starts (2025-01-01)"
        );
        assert!(err("").starts_with("the date is missing"));
        assert!(err("2025-").starts_with("`2025-` is not a date"));
    }

    #[test]
    fn error_variants() {
        assert_eq!(parse_date("2025-Q12"), Err(DateError::BadQuarter(12)));
        assert_eq!(parse_date("2025-H0"), Err(DateError::BadHalf(0)));
        assert_eq!(
            parse_date("99999999999-01"),
            Err(DateError::BadYear("99999999999".into()))
        );
        assert_eq!(parse_date("202"), Err(DateError::BadYear("202".into())));
        for bad in [
            "",
            "2025-",
            "-2025",
            "2025-+6",
            "2025-006",
            "2025-06-30-1",
            "2025-Q",
            "2025-Qx",
            "2025-q1",
            "2025-Q99999999999",
            "2025年",
            "２０２５",
            "2025-0６",
            "..",
            "2025..2026",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(DateError::Malformed(bad.trim().into())),
                "{bad:?}"
            );
        }
    }

    /// The parts of a date are those of `split('-')`: every string of up to five characters
    /// of `2`, `-`, `é` and space.
    #[test]
    fn the_parts_of_a_date_are_splits_parts() {
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| ['2', '-', 'é', ' '].map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in &texts {
            let mut split = text.split('-');
            let year = split.next().unwrap_or_default();
            let rest = (split.next(), split.next(), split.next());
            assert_eq!(parts(text), (year, rest), "{text:?}");
        }
        assert!(texts.len() > 1000);
    }

    #[test]
    fn short_strings_never_panic_and_ok_spans_are_ordered() {
        const ALPHABET: [char; 10] = ['2', '0', '1', '9', '-', 'Q', 'H', '.', 'é', ' '];
        // Every string of up to four characters from the alphabet.
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| ALPHABET.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        let mut ok = 0;
        for t in &texts {
            for text in [t.clone(), format!("2025-{t}"), format!("2021..{t}")] {
                if let Ok(s) = parse_date(&text) {
                    assert!(s.start <= s.end, "{text}");
                    ok += 1;
                }
                if let Ok(p) = parse_period(&text) {
                    assert!(p.start <= p.end, "{text}");
                }
            }
        }
        assert!(ok > 0);
    }

    #[test]
    fn periods() {
        let p = |t: &str| {
            let p = parse_period(t).unwrap();
            (p.start, p.end)
        };
        assert_eq!(p("2025"), (d(2025, 1, 1), d(2025, 12, 31)));
        assert_eq!(p("2024-H2"), (d(2024, 7, 1), d(2024, 12, 31)));
        assert_eq!(p("2021..2023"), (d(2021, 1, 1), d(2023, 12, 31)));
        assert_eq!(
            p("2024-07-01..2024-12-31"),
            (d(2024, 7, 1), d(2024, 12, 31))
        );
        assert_eq!(p("2025-Q1..2025-H2"), (d(2025, 1, 1), d(2025, 12, 31)));
        assert_eq!(p("2025 .. 2026-06"), (d(2025, 1, 1), d(2026, 6, 30)));
        // B may end inside A: the end of B is still after the start of A.
        assert_eq!(p("2025..2025-03"), (d(2025, 1, 1), d(2025, 3, 31)));
        assert_eq!(
            parse_period("2025-Q3..2025-Q2"),
            Err(DateError::EndBeforeStart {
                start: d(2025, 7, 1),
                end: d(2025, 6, 30)
            })
        );
        for bad in ["..", "2025..", "..2025", "2025....2026", "2021..2022..2023"] {
            assert_eq!(
                parse_period(bad),
                Err(DateError::Malformed(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(parse_period("2025..2026-13"), Err(DateError::BadMonth(13)));
        assert_eq!(parse_period(""), Err(DateError::Malformed(String::new())));
    }

    #[test]
    fn period_contains_both_ends() {
        let p = parse_period("2025-Q2").unwrap();
        assert!(p.contains(d(2025, 4, 1)));
        assert!(p.contains(d(2025, 6, 30)));
        assert!(!p.contains(d(2025, 3, 31)));
        assert!(!p.contains(d(2025, 7, 1)));
        assert_eq!(p.to_string(), "2025-04-01..2025-06-30");
    }

    #[test]
    fn per_year_over_a_plan_period() {
        assert_eq!(
            repeat_deadlines(d(2021, 1, 1), d(2023, 12, 31), Every::Year),
            [d(2021, 12, 31), d(2022, 12, 31), d(2023, 12, 31)]
        );
        // A deadline inside a year cuts the last repetition short.
        assert_eq!(
            repeat_deadlines(d(2025, 3, 1), d(2026, 6, 30), Every::Year),
            [d(2025, 12, 31), d(2026, 6, 30)]
        );
        assert_eq!(
            repeat_deadlines(d(2025, 1, 1), d(2025, 6, 15), Every::Year),
            [d(2025, 6, 15)]
        );
    }

    #[test]
    fn per_quarter_and_month() {
        assert_eq!(
            repeat_deadlines(d(2025, 1, 1), d(2025, 12, 31), Every::Quarter),
            [
                d(2025, 3, 31),
                d(2025, 6, 30),
                d(2025, 9, 30),
                d(2025, 12, 31)
            ]
        );
        assert_eq!(
            repeat_deadlines(d(2025, 2, 10), d(2025, 8, 15), Every::Quarter),
            [d(2025, 3, 31), d(2025, 6, 30), d(2025, 8, 15)]
        );
        assert_eq!(
            repeat_deadlines(d(2024, 1, 15), d(2024, 4, 30), Every::Month),
            [
                d(2024, 1, 31),
                d(2024, 2, 29),
                d(2024, 3, 31),
                d(2024, 4, 30)
            ]
        );
        let months = repeat_deadlines(d(2025, 1, 1), d(2025, 12, 31), Every::Month);
        assert_eq!(months.len(), 12);
        assert_eq!(months[1], d(2025, 2, 28));
    }

    #[test]
    fn repeat_edges() {
        assert!(repeat_deadlines(d(2025, 1, 2), d(2025, 1, 1), Every::Year).is_empty());
        assert_eq!(
            repeat_deadlines(d(2025, 5, 5), d(2025, 5, 5), Every::Month),
            [d(2025, 5, 5)]
        );
        let many = repeat_deadlines(d(1000, 1, 1), d(9999, 12, 31), Every::Month);
        assert_eq!(many.len(), MAX_REPEATS);
        assert_eq!(
            repeat_count(d(1000, 1, 1), d(9999, 12, 31), Every::Month),
            108_000
        );
        assert_eq!(many[0], d(1000, 1, 31));
        let edge = repeat_deadlines(NaiveDate::MAX, NaiveDate::MAX, Every::Quarter);
        assert_eq!(edge, [NaiveDate::MAX]);
        let wide = repeat_deadlines(NaiveDate::MIN, NaiveDate::MAX, Every::Year);
        assert_eq!(wide.len(), MAX_REPEATS);
    }
}
