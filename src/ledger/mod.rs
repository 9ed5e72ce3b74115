//! The 台账 (ledger): the plan as the spreadsheet offices follow it in — one row per target,
//! with its owners, deadline, target, baseline, latest actual, completion and status, and
//! an empty column per reporting period for the units to fill in (`write.rs`); and the
//! filled-in values read back into `actual` lines (`read.rs`).
//!
//! Both sides share the layout below: the reader finds its columns by their headings (in
//! either language), so a ledger keeps working when its columns are moved or hidden.

pub mod read;
pub mod write;

use chrono::{Datelike, NaiveDate};

use crate::i18n::{Column, Lang, Msg, Sheet, StatusMsg};
use crate::model::Model;

/// The fixed columns of the detail sheet, in order; the period columns follow.
pub const COLUMNS: [Column; 13] = [
    Column::Row,
    Column::Section,
    Column::Measure,
    Column::Owners,
    Column::Metric,
    Column::Target,
    Column::Unit,
    Column::Deadline,
    Column::Baseline,
    Column::Actual,
    Column::At,
    Column::Completion,
    Column::Status,
];

/// The hidden sheet that names the plan a ledger was written for.
pub const PLAN_SHEET: &str = "plan";

pub fn heading(lang: Lang, c: Column) -> String {
    lang.say(&Msg::Status(StatusMsg::Column(c)))
}

pub fn sheet_name(lang: Lang, s: Sheet) -> String {
    lang.say(&Msg::Status(StatusMsg::Sheet(s)))
}

/// How often units report: every month, or every quarter for plans longer than two years
/// (a five-year plan would otherwise need sixty columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    Month,
    Quarter,
}

/// The reporting periods of a plan, as date literals of the language (`2025-03`,
/// `2025-Q1`): they are the column headings and, read back, the `at` of each actual.
pub fn periods(model: &Model) -> Vec<String> {
    let Some((start, end)) = span(model) else {
        return Vec::new();
    };
    let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
    let every = if months > 24 {
        Every::Quarter
    } else {
        Every::Month
    };
    let mut out = Vec::new();
    let (mut y, mut m) = (start.year(), start.month());
    while (y, m) <= (end.year(), end.month()) && out.len() < 240 {
        match every {
            Every::Month => {
                out.push(format!("{y}-{m:02}"));
                m += 1;
            }
            Every::Quarter => {
                out.push(format!("{y}-Q{}", (m - 1) / 3 + 1));
                m = (m - 1) / 3 * 3 + 4;
            }
        }
        if m > 12 {
            m -= 12;
            y += 1;
        }
    }
    out
}

/// The days the ledger covers: the plan period, else from the first day of the earliest
/// deadline's year to the latest deadline.
fn span(model: &Model) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(p) = model.period() {
        return Some((p.start, p.end));
    }
    let deadlines = model.targets.iter().filter_map(|t| t.deadline);
    let last = deadlines.clone().max()?;
    let first = deadlines.min()?;
    Some((NaiveDate::from_ymd_opt(first.year(), 1, 1)?, last))
}

/// A spreadsheet cell's address: column letters and 1-based row (`H7`).
pub fn address(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_like_a_spreadsheet() {
        assert_eq!(address(0, 0), "A1");
        assert_eq!(address(6, 7), "H7");
        assert_eq!(address(9, 25), "Z10");
        assert_eq!(address(0, 26), "AA1");
        assert_eq!(address(0, 27), "AB1");
    }
}
