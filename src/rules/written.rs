//! The dates written in a file (`deadline` lines, a target's `by`, a milestone's `by`) and
//! which one fault each has. D201, D202 and D205 look only at these: a wrong date is
//! reported once where it is written, never again for what inherits it, and with one code
//! (outside the period → D201; else before the issue date → D202; else D205). A target's
//! own `over` window is read the same way (`window_fault`), with the leeway its text gives.
//! The dates themselves are the model's ([`Model::written_dates`]), listed once for all
//! three.

use chrono::NaiveDate;

use crate::dates::Period;
use crate::model::Model;
use crate::syntax::ast::Span;

/// What is wrong with a written date, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// D201
    OutsidePeriod,
    /// D202
    BeforeIssue,
}

/// The fault of a written date, if any.
pub fn fault(model: &Model, date: NaiveDate) -> Option<Fault> {
    if model.period().is_some_and(|p| !p.contains(date)) {
        return Some(Fault::OutsidePeriod);
    }
    if model.issued().is_some_and(|issued| date < issued) {
        return Some(Fault::BeforeIssue);
    }
    None
}

/// A target's own `over` window, once per target line, in source order.
pub struct WrittenWindow {
    pub window: Period,
    pub span: Span,
}

/// Every `over` window written in the file, once per line (a line naming two metrics is one).
pub fn written_windows(model: &Model) -> Vec<WrittenWindow> {
    let mut out: Vec<WrittenWindow> = model
        .targets
        .iter()
        .filter_map(|t| {
            Some(WrittenWindow {
                window: t.window()?,
                span: t.window_span()?.clone(),
            })
        })
        .collect();
    out.sort_by_key(|w| (w.span.start, w.span.end));
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// The fault of a target's own window. It may reach before the period's start (全年 in a
/// half-year plan) or past its end (年度 figures in a quarterly plan): the text sets it. So
/// it is D201 only when it shares no day with the period, and D202 when it had ended
/// before the issue date.
pub fn window_fault(model: &Model, window: Period) -> Option<Fault> {
    if model
        .period()
        .is_some_and(|p| window.end < p.start || window.start > p.end)
    {
        return Some(Fault::OutsidePeriod);
    }
    if model.issued().is_some_and(|issued| window.end < issued) {
        return Some(Fault::BeforeIssue);
    }
    None
}

/// Whether the whole plan period ended before the plan was issued: then D202 is said once,
/// at the header, instead of at every date.
pub fn period_before_issue(model: &Model) -> bool {
    match (model.period(), model.issued()) {
        (Some(p), Some(issued)) => p.end < issued,
        _ => false,
    }
}
