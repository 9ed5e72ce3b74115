//! The dates written in a file (`deadline` lines, a target's `by`, a milestone's `by`) and
//! which one fault each has. D201, D202 and D205 look only at these: a wrong date is
//! reported once where it is written, never again for what inherits it, and with one code
//! (outside the period → D201; else before the issue date → D202; else D205). A target's
//! own `over` window is read the same way (`window_fault`), with the leeway its text gives.

use chrono::NaiveDate;

use crate::dates::Period;
use crate::model::{Model, NodeId};
use crate::syntax::ast::Span;

/// A date as written.
#[derive(Debug)]
pub struct Written {
    pub date: NaiveDate,
    pub span: Span,
    /// The node it is written in.
    pub node: NodeId,
    /// A node's own `deadline` line (its enclosing deadlines start at its parent); else a
    /// target's or milestone's `by` (enclosing deadlines start at its own node).
    pub node_deadline: bool,
}

/// What is wrong with a written date, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// D201
    OutsidePeriod,
    /// D202
    BeforeIssue,
}

/// Every date written in the file, once each (a target line naming two metrics is one line),
/// in source order.
pub fn written_dates(model: &Model) -> Vec<Written> {
    // Reserved for every date that may be written, not grown: three checks build this list
    // side by side (rules::check), and a large plan's list grown by doubling was the peak of
    // checking it (issue 15). Room never used is never touched.
    let most = model.nodes.len() + model.targets.len() + model.milestones.len();
    let mut out: Vec<Written> = Vec::with_capacity(most);
    for (id, node) in model.nodes.iter().enumerate() {
        if let Some(d) = &node.deadline {
            if let Some(date) = d.date {
                out.push(Written {
                    date,
                    span: d.span.clone(),
                    node: id,
                    node_deadline: true,
                });
            }
        }
    }
    for t in &model.targets {
        if let Some(by) = &t.by {
            if let Some(date) = by.date {
                out.push(Written {
                    date,
                    span: by.span.clone(),
                    node: t.node,
                    node_deadline: false,
                });
            }
        }
    }
    for m in &model.milestones {
        if let Some(date) = m.when.date {
            out.push(Written {
                date,
                span: m.when.span.clone(),
                node: m.node,
                node_deadline: false,
            });
        }
    }
    out.sort_by_key(|w| (w.span.start, w.span.end));
    out.dedup_by(|a, b| a.span == b.span);
    out
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
                window: t.window?,
                span: t.window_span.clone()?,
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
