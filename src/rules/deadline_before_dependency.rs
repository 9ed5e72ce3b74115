//! D203 deadline-before-dependency: a measure is due before a measure it comes `after`.
//! Compares effective deadlines; reports at the measure's own `deadline` line when it has
//! one, else at the `after` name. Links inside a cycle are D204's, not reported here.

use super::dependency_cycle::components_of;
use super::written::fault;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let comp = components_of(model);
    for (id, node) in model.nodes.iter().enumerate() {
        let Some(date) = node.effective_deadline else {
            continue;
        };
        for after in &node.after {
            let Some(dep_id) = after.node else { continue };
            if comp.get(dep_id) == comp.get(id) {
                continue;
            }
            let Some(dep) = model.nodes.get(dep_id) else {
                continue;
            };
            let Some(dep_date) = dep.effective_deadline else {
                continue;
            };
            // A date already reported as D201/D202 is the finding; not one more here.
            if date >= dep_date || fault(model, date).is_some() || fault(model, dep_date).is_some()
            {
                continue;
            }
            let own = node
                .deadline
                .as_ref()
                .filter(|_| node.deadline_from == Some(id))
                .map(|d| d.span.clone());
            let primary = own.unwrap_or_else(|| after.span.clone());
            let dep_at = dep
                .deadline
                .as_ref()
                .filter(|_| dep.deadline_from == Some(dep_id))
                .map_or_else(|| dep.id_span.clone(), |d| d.span.clone());
            out.push(
                Diagnostic::new(
                    Code::D203,
                    model.at(primary),
                    Msg::DeadlineBeforeDependency {
                        id: node.id.clone(),
                        date,
                        dep: dep.id.clone(),
                        dep_date,
                    },
                )
                .label(Msg::DeadlineBeforeDependencyLabel {
                    dep: dep.id.clone(),
                })
                .related(
                    model.at(dep_at),
                    Msg::DependencyDue {
                        dep: dep.id.clone(),
                        date: dep_date,
                    },
                )
                .help(Msg::DeadlineBeforeDependencyHelp {
                    id: node.id.clone(),
                    dep: dep.id.clone(),
                    dep_date,
                }),
            );
        }
    }
}
