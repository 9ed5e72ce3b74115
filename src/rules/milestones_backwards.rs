//! D206 milestones-backwards: two level targets of one metric in one measure, where the later
//! one asks for less (`>=`, `>`) or more (`<=`, `<`) than the earlier one — a ramp that goes
//! backwards. Values compare after unit conversion; reported at the later target.

use super::quantity::{bound_text, greater, unit_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, Model, TargetInfo};
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let levels: Vec<&TargetInfo> = model
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Level && t.each.is_none())
        .collect();
    for later in &levels {
        let Some((later_dir, later_value)) = direction(model, later) else {
            continue;
        };
        let Some(later_date) = later.deadline else {
            continue;
        };
        let earlier = model.targets_of(later.metric).find(|e| {
            if e.kind != TargetKind::Level {
                return false;
            }
            if e.node != later.node || e.metric != later.metric || e.repeat != later.repeat {
                return false;
            }
            let (Some(date), Some((dir, value))) = (e.deadline, direction(model, e)) else {
                return false;
            };
            let comparable = match (unit_of(model, e), unit_of(model, later)) {
                (Some(a), Some(b)) => a.dimension.compatible(&b.dimension),
                _ => false,
            };
            comparable
                && date < later_date
                && dir == later_dir
                && match dir {
                    Dir::AtLeast => greater(value, later_value),
                    Dir::AtMost => greater(later_value, value),
                }
        });
        let Some(earlier) = earlier else { continue };
        let Some(earlier_date) = earlier.deadline else {
            continue;
        };
        let metric = model
            .metrics
            .get(later.metric)
            .map_or_else(String::new, |m| m.id.clone());
        let at_least = later_dir == Dir::AtLeast;
        out.push(
            Diagnostic::new(
                Code::D206,
                model.at(later.span.clone()),
                Msg::MilestonesBackwards {
                    metric,
                    later: bound_text(model, later),
                    later_date,
                    earlier: bound_text(model, earlier),
                    earlier_date,
                    at_least,
                },
            )
            .label(Msg::MilestonesBackwardsLabel { at_least })
            .related(
                model.at(earlier.span.clone()),
                Msg::EarlierTarget {
                    text: bound_text(model, earlier),
                    date: earlier_date,
                },
            )
            .help(Msg::MilestonesBackwardsHelp { at_least }),
        );
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    AtLeast,
    AtMost,
}

/// Which way a target points and its value in base units.
fn direction(model: &Model, t: &TargetInfo) -> Option<(Dir, f64)> {
    let unit = unit_of(model, t)?;
    match t.bound {
        Bound::Cmp {
            cmp: Cmp::Ge | Cmp::Gt,
            value,
        } => Some((Dir::AtLeast, unit.to_base(value))),
        Bound::Cmp {
            cmp: Cmp::Le | Cmp::Lt,
            value,
        } => Some((Dir::AtMost, unit.to_base(value))),
        _ => None,
    }
}
