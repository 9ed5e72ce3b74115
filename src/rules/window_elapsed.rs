//! D208 window-elapsed: the plan was issued when its period had already run a quarter or
//! more — once per plan, at `issued` — and, once per target, when a target's own `over`
//! window (differing from the period) had run a quarter or more at the issue date. A plan that
//! arrives late leaves less time than its targets assume; the reader should know how much.
//! A period wholly past at issue is D202's, not reported again here.

use chrono::NaiveDate;

use crate::dates::Period;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

/// The share of the window (in whole percent, rounded down) run before the issue date, when
/// it is at least a quarter and the window has not ended.
fn elapsed(window: Period, issued: NaiveDate) -> Option<i64> {
    if issued <= window.start || issued > window.end {
        return None;
    }
    let total = (window.end - window.start).num_days() + 1;
    let run = (issued - window.start).num_days();
    (run * 4 >= total).then(|| run * 100 / total)
}

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let (Some(header), Some(issued)) = (&model.header, model.issued()) else {
        return;
    };
    let period = model.period();
    if let (Some(p), Some(at)) = (period, &header.issued_span) {
        if let Some(percent) = elapsed(p, issued) {
            let mut d = Diagnostic::new(
                Code::D208,
                model.at(at.clone()),
                Msg::PlanWindowElapsed {
                    period: p,
                    issued,
                    percent,
                },
            )
            .label(Msg::WindowElapsedLabel { percent })
            .help(Msg::WindowElapsedHelp);
            if let Some(span) = &header.period_span {
                d = d.related(model.at(span.clone()), Msg::PlanPeriodHere { period: p });
            }
            out.push(d);
        }
    }
    let mut seen: Vec<usize> = Vec::new();
    for t in &model.targets {
        let (Some(window), Some(span)) = (t.window(), t.window_span()) else {
            continue;
        };
        if Some(window) == period || seen.contains(&span.start) {
            continue;
        }
        seen.push(span.start);
        let Some(percent) = elapsed(window, issued) else {
            continue;
        };
        let mut d = Diagnostic::new(
            Code::D208,
            model.at(span.clone()),
            Msg::TargetWindowElapsed {
                window,
                issued,
                percent,
            },
        )
        .label(Msg::WindowElapsedLabel { percent })
        .help(Msg::WindowElapsedHelp);
        if let Some(at) = &header.issued_span {
            d = d.related(model.at(at.clone()), Msg::IssuedHere { issued });
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_quarter_or_more_run_is_reported() {
        let h2 = Period {
            start: d("2024-07-01"),
            end: d("2024-12-31"),
        };
        assert_eq!(elapsed(h2, d("2024-09-06")), Some(36));
        assert_eq!(elapsed(h2, d("2024-07-20")), None);
        assert_eq!(elapsed(h2, d("2024-07-01")), None);
        assert_eq!(elapsed(h2, d("2025-01-01")), None);
    }
}
