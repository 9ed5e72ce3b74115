//! D205 child-deadline-after-parent: a nested node's own `deadline`, or a target's or
//! milestone's `by`, is later than the nearest deadline written on an enclosing node. A date
//! outside the period (D201) or before the issue date (D202) is reported as that instead,
//! and an enclosing deadline that is itself faulty is not held against its children.

use super::written::fault;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Model, NodeId};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for w in model.written_dates() {
        if fault(model, w.date).is_some() {
            continue;
        }
        let start = if w.node_deadline {
            model.nodes.get(w.node).and_then(|n| n.parent)
        } else {
            Some(w.node)
        };
        let Some((parent, parent_date, parent_span)) = enclosing_deadline(model, start) else {
            continue;
        };
        if w.date <= parent_date || fault(model, parent_date).is_some() {
            continue;
        }
        let parent = model
            .nodes
            .get(parent)
            .map_or_else(String::new, |n| n.id.clone());
        out.push(
            Diagnostic::new(
                Code::D205,
                model.at(w.span.clone()),
                Msg::ChildDeadlineAfterParent {
                    date: w.date,
                    parent: parent.clone(),
                    parent_date,
                },
            )
            .label(Msg::ChildDeadlineAfterParentLabel {
                parent: parent.clone(),
            })
            .related(
                model.at(parent_span),
                Msg::DependencyDue {
                    dep: parent,
                    date: parent_date,
                },
            )
            .help(Msg::ChildDeadlineAfterParentHelp { parent_date }),
        );
    }
}

/// The nearest node from `start` upwards with a `deadline` line of a real date.
fn enclosing_deadline(
    model: &Model,
    mut node: Option<NodeId>,
) -> Option<(NodeId, chrono::NaiveDate, crate::syntax::ast::Span)> {
    while let Some(id) = node {
        let n = model.nodes.get(id)?;
        if let Some(d) = &n.deadline {
            if let Some(date) = d.date {
                return Some((id, date, d.span.clone()));
            }
        }
        node = n.parent;
    }
    None
}
