//! D202 deadline-before-issue: a date already past when the plan was published. A written
//! date before the `issued` date is one finding where it is written; a `per year` (quarter,
//! month) target is one finding at its repetition, naming every year already past; a plan
//! whose whole period ended before it was issued is one finding at the header. (v2) A
//! target's own `over` window that ended before the issue date is one finding at `over`.

use foldhash::{HashSet, HashSetExt};

use chrono::NaiveDate;

use super::written::{fault, period_before_issue, window_fault, written_windows, Fault};
use crate::dates::Every;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{DeadlineSource, Model, Repeat};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let Some(header) = &model.header else {
        return;
    };
    let Some(issued) = header.issued else {
        return;
    };
    let issued_at = header.issued_span.as_ref().map(|s| model.at(s.clone()));
    if period_before_issue(model) {
        let (Some(period), Some(at)) = (model.period(), issued_at) else {
            return;
        };
        let mut d = Diagnostic::new(Code::D202, at, Msg::PeriodBeforeIssue { period, issued })
            .label(Msg::DeadlineBeforeIssueLabel)
            .help(Msg::PeriodBeforeIssueHelp);
        if let Some(span) = &header.period_span {
            d = d.related(model.at(span.clone()), Msg::PlanPeriodHere { period });
        }
        out.push(d);
        return;
    }
    let with_issued = |d: Diagnostic| match &issued_at {
        Some(at) => d.related(at.clone(), Msg::IssuedHere { issued }),
        None => d,
    };
    for w in model.written_dates() {
        if fault(model, w.date) != Some(Fault::BeforeIssue) {
            continue;
        }
        out.push(with_issued(
            Diagnostic::new(
                Code::D202,
                model.at(w.span.clone()),
                Msg::DeadlineBeforeIssue {
                    date: w.date,
                    issued,
                },
            )
            .label(Msg::DeadlineBeforeIssueLabel)
            .help(Msg::DeadlineBeforeIssueHelp),
        ));
    }
    // (v2) A target's own window that was over before the plan was published.
    for w in written_windows(model) {
        if window_fault(model, w.window) != Some(Fault::BeforeIssue) {
            continue;
        }
        out.push(with_issued(
            Diagnostic::new(
                Code::D202,
                model.at(w.span.clone()),
                Msg::WindowBeforeIssue {
                    window: w.window,
                    issued,
                },
            )
            .label(Msg::DeadlineBeforeIssueLabel)
            .help(Msg::WindowBeforeIssueHelp),
        ));
    }
    // `per …` targets: the repetitions already past, once per target line.
    let mut seen: HashSet<usize> = HashSet::new();
    for t in &model.targets {
        let Some(Repeat::Per(every)) = t.repeat else {
            continue;
        };
        if !seen.insert(t.span.start) {
            continue;
        }
        // A faulty written deadline is reported where it is written, not again here.
        let inherited_fault = match t.deadline_source {
            DeadlineSource::By => t.by.as_ref().and_then(|b| b.date),
            DeadlineSource::Node(n) => model
                .nodes
                .get(n)
                .and_then(|n| n.deadline.as_ref())
                .and_then(|d| d.date),
            DeadlineSource::Period | DeadlineSource::None => None,
            // A faulty window is reported at `over`; a sound one may end past the period.
            DeadlineSource::Window => {
                if t.window().is_some_and(|w| window_fault(model, w).is_some()) {
                    continue;
                }
                None
            }
        }
        .is_some_and(|d| fault(model, d).is_some());
        if inherited_fault {
            continue;
        }
        let past: Vec<NaiveDate> = t
            .repetitions()
            .iter()
            .copied()
            .filter(|d| *d < issued)
            .collect();
        if past.is_empty() {
            continue;
        }
        let span = t.repeat_span().unwrap_or(&t.span).clone();
        let metric = model
            .metrics
            .get(t.metric)
            .map_or_else(String::new, |m| m.id.clone());
        out.push(with_issued(
            Diagnostic::new(
                Code::D202,
                model.at(span),
                Msg::RepetitionsBeforeIssue {
                    metric,
                    periods: past.iter().map(|d| period_name(*d, every)).collect(),
                    issued,
                },
            )
            .label(Msg::RepetitionsBeforeIssueLabel { count: past.len() })
            .help(Msg::RepetitionsBeforeIssueHelp),
        ));
    }
}

/// The year (quarter, month) a repetition closes: `2021`, `2021-Q4`, `2021-12`.
fn period_name(d: NaiveDate, every: Every) -> String {
    use chrono::Datelike;
    match every {
        Every::Year => d.format("%Y").to_string(),
        Every::Quarter => format!("{}-Q{}", d.year(), d.month().div_ceil(3)),
        Every::Month => d.format("%Y-%m").to_string(),
    }
}
