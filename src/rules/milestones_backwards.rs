//! D206 milestones-backwards: two level targets of one metric in one measure, where the later
//! one asks for less (`>=`, `>`) or more (`<=`, `<`) than the earlier one — a ramp that goes
//! backwards. Values compare after unit conversion; reported at the later target.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use chrono::NaiveDate;

use super::quantity::{bound_text, unit_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, MetricId, Model, NodeId, Repeat, TargetInfo};
use crate::number::Ratio;
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let ramps = Ramps::of(model);
    let levels = model
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Level && t.each.is_none());
    for later in levels {
        // The set lookup first: few targets may go back, and a value in base units is a
        // product of decimals (16,000 of them for a 1.5 MB plan, issue 15).
        if !ramps.may_go_back(later) {
            continue;
        }
        let Some((later_dir, later_value)) = direction(model, later) else {
            continue;
        };
        let Some(later_date) = later.deadline else {
            continue;
        };
        let earlier = ramps.of_target(later).iter().copied().find(|e| {
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
                    Dir::AtLeast => value > later_value,
                    Dir::AtMost => later_value > value,
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
fn direction(model: &Model, t: &TargetInfo) -> Option<(Dir, Ratio)> {
    let unit = unit_of(model, t)?;
    match t.bound {
        Bound::Cmp {
            cmp: Cmp::Ge | Cmp::Gt,
            value,
        } => Some((Dir::AtLeast, unit.to_base(value)?)),
        Bound::Cmp {
            cmp: Cmp::Le | Cmp::Lt,
            value,
        } => Some((Dir::AtMost, unit.to_base(value)?)),
        _ => None,
    }
}

/// One target of a ramp: its date, its value in base units, the target.
type Step<'m> = (NaiveDate, Ratio, &'m TargetInfo);

/// The level targets of each measure and metric (a ramp is within one measure), in source
/// order, and which of them some earlier-dated target of the same ramp, repetition and
/// direction outdoes in value: only those are searched for the target they go back from,
/// so a measure with many targets of one metric is not compared pair by pair.
struct Ramps<'m> {
    by_node: HashMap<(NodeId, MetricId), Vec<&'m TargetInfo>>,
    /// Keyed by the target's span and metric (a line naming two metrics is two targets).
    maybe: HashSet<(usize, MetricId)>,
}

impl<'m> Ramps<'m> {
    fn of(model: &'m Model) -> Self {
        let mut by_node: HashMap<(NodeId, MetricId), Vec<&'m TargetInfo>> = HashMap::new();
        for metric in 0..model.metrics.len() {
            for t in model.targets_of(metric) {
                if t.kind == TargetKind::Level {
                    by_node.entry((t.node, metric)).or_default().push(t);
                }
            }
        }
        let mut maybe = HashSet::new();
        for ramp in by_node.values() {
            // (repetition, direction) → (date, value in base units, target), sorted by date.
            let mut strands: Vec<(Option<Repeat>, Dir, Vec<Step>)> = Vec::new();
            for &t in ramp {
                let (Some(date), Some((dir, value))) = (t.deadline, direction(model, t)) else {
                    continue;
                };
                match strands
                    .iter_mut()
                    .find(|(r, d, _)| *r == t.repeat && *d == dir)
                {
                    Some((_, _, list)) => list.push((date, value, t)),
                    None => strands.push((t.repeat, dir, vec![(date, value, t)])),
                }
            }
            for (_, dir, mut list) in strands {
                list.sort_by_key(|&(date, _, _)| date);
                // The most demanding value of the dates before the current one: `>` and `<`
                // (exact, as the comparison that reports).
                let mut best: Option<Ratio> = None;
                for same_date in list.chunk_by(|a, b| a.0 == b.0) {
                    for &(_, value, t) in same_date {
                        let outdone = best.is_some_and(|b| match dir {
                            Dir::AtLeast => b > value,
                            Dir::AtMost => b < value,
                        });
                        if outdone {
                            maybe.insert((t.span.start, t.metric));
                        }
                    }
                    for &(_, value, _) in same_date {
                        best = Some(match (best, dir) {
                            (None, _) => value,
                            (Some(b), Dir::AtLeast) => b.max(value),
                            (Some(b), Dir::AtMost) => b.min(value),
                        });
                    }
                }
            }
        }
        Ramps { by_node, maybe }
    }

    fn may_go_back(&self, t: &TargetInfo) -> bool {
        self.maybe.contains(&(t.span.start, t.metric))
    }

    fn of_target(&self, t: &TargetInfo) -> &[&'m TargetInfo] {
        self.by_node
            .get(&(t.node, t.metric))
            .map_or(&[], Vec::as_slice)
    }
}
