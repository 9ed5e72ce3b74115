//! The dates written in a file (`deadline` lines, a target's `by`, a milestone's `by`), each
//! once: what D201, D202 and D205 look at (src/rules/written.rs says which fault each has).

use chrono::NaiveDate;

use super::{Model, NodeId};
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

/// Every date written in the file, once each (a target line naming two metrics is one line),
/// in source order.
pub(super) fn written_dates(model: &Model) -> Vec<Written> {
    // Reserved for every date that may be written, not grown: a large plan's list grown by
    // doubling was the peak of checking it (issue 15). Room never used is never touched.
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
