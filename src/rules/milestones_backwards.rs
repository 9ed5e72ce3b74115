//! D206 milestones-backwards: two level targets of one metric in one measure, where the later
//! one asks for less (`>=`, `>`) or more (`<=`, `<`) than the earlier one — a ramp that goes
//! backwards. Values compare after unit conversion; reported at the later target.

use chrono::NaiveDate;

use super::quantity::{bound_text, unit_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, Model, Repeat, TargetInfo};
use crate::number::Ratio;
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let order = ramps(model);
    let mut steps = Vec::new();
    let mut strands = Strands::default();
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    for ramp in order.chunk_by(|a, b| a.0 == b.0) {
        steps.clear();
        steps.extend(ramp.iter().map(|&(_, i)| Step::of(model, i)));
        strands.mark_outdone(&mut steps);
        for later in steps.iter().flatten().filter(|s| s.outdone) {
            // Only a target that some earlier-dated target of its strand outdoes is searched
            // for the one it goes back from, so a measure with many targets of one metric is
            // not compared pair by pair.
            if let Some(earlier) = steps
                .iter()
                .flatten()
                .find(|e| e.goes_back_to(model, later))
            {
                found.push((later.index, finding(model, later, earlier)));
            }
        }
    }
    // In the order of the targets, as a pass over them reports.
    found.sort_by_key(|&(i, _)| i);
    out.extend(found.into_iter().map(|(_, d)| d));
}

/// The level targets of each measure and metric (a ramp is within one measure) as ((node,
/// metric), index into [`Model::targets`]), one ramp after another, each in source order. One
/// sorted list rather than a table of lists: a big plan's targets are read in the order
/// they are stored, not scattered by a hash (a 30 MB plan's D206 took 150 ms, issue 15).
fn ramps(model: &Model) -> Vec<((usize, usize), usize)> {
    let mut order: Vec<((usize, usize), usize)> = model
        .in_order
        .iter()
        .filter_map(|&i| {
            let t = model.targets.get(i)?;
            (t.kind == TargetKind::Level).then_some(((t.node, t.metric), i))
        })
        .collect();
    // Stable, so each ramp stays in source order.
    order.sort_by_key(|&(key, _)| key);
    order
}

/// A level target of a ramp with a date and a direction.
struct Step<'m> {
    index: usize,
    target: &'m TargetInfo,
    date: NaiveDate,
    dir: Dir,
    /// Its value in base units.
    value: Ratio,
    /// Whether a target of its strand due earlier asks for more (`>=`) or less (`<=`).
    outdone: bool,
}

impl<'m> Step<'m> {
    fn of(model: &'m Model, index: usize) -> Option<Step<'m>> {
        let target = model.targets.get(index)?;
        let date = target.deadline?;
        let (dir, value) = direction(model, target)?;
        Some(Step {
            index,
            target,
            date,
            dir,
            value,
            outdone: false,
        })
    }

    /// Whether `later` goes back from this target: same repetition and direction, a unit
    /// of the same dimension, an earlier date and a more demanding value.
    fn goes_back_to(&self, model: &Model, later: &Step) -> bool {
        let comparable = match (unit_of(model, self.target), unit_of(model, later.target)) {
            (Some(a), Some(b)) => a.dimension.compatible(&b.dimension),
            _ => false,
        };
        self.target.repeat == later.target.repeat
            && comparable
            && self.date < later.date
            && self.dir == later.dir
            && match later.dir {
                Dir::AtLeast => self.value > later.value,
                Dir::AtMost => later.value > self.value,
            }
    }
}

/// The strands of one ramp (repetition and direction) and their steps, reused from ramp to
/// ramp.
#[derive(Default)]
struct Strands {
    kinds: Vec<(Option<Repeat>, Dir)>,
    /// (strand, date, position in the ramp's steps)
    members: Vec<(usize, NaiveDate, usize)>,
}

impl Strands {
    /// Mark each step that an earlier-dated step of its strand outdoes in value: `>` and
    /// `<`, exact, as the comparison that reports.
    fn mark_outdone(&mut self, steps: &mut [Option<Step>]) {
        self.kinds.clear();
        self.members.clear();
        for (at, step) in steps.iter().enumerate() {
            let Some(step) = step else { continue };
            let kind = (step.target.repeat, step.dir);
            let strand = match self.kinds.iter().position(|k| *k == kind) {
                Some(s) => s,
                None => {
                    self.kinds.push(kind);
                    self.kinds.len() - 1
                }
            };
            self.members.push((strand, step.date, at));
        }
        self.members
            .sort_by_key(|&(strand, date, _)| (strand, date));
        for strand in self.members.chunk_by(|a, b| a.0 == b.0) {
            // The most demanding value of the dates before the current one.
            let mut best: Option<Ratio> = None;
            for same_date in strand.chunk_by(|a, b| a.1 == b.1) {
                for &(_, _, at) in same_date {
                    if let Some(step) = steps.get_mut(at).and_then(Option::as_mut) {
                        step.outdone = best.is_some_and(|b| match step.dir {
                            Dir::AtLeast => b > step.value,
                            Dir::AtMost => b < step.value,
                        });
                    }
                }
                for &(_, _, at) in same_date {
                    if let Some(step) = steps.get(at).and_then(Option::as_ref) {
                        best = Some(match (best, step.dir) {
                            (None, _) => step.value,
                            (Some(b), Dir::AtLeast) => b.max(step.value),
                            (Some(b), Dir::AtMost) => b.min(step.value),
                        });
                    }
                }
            }
        }
    }
}

fn finding(model: &Model, later: &Step, earlier: &Step) -> Diagnostic {
    let metric = model
        .metrics
        .get(later.target.metric)
        .map_or_else(String::new, |m| m.id.clone());
    let at_least = later.dir == Dir::AtLeast;
    Diagnostic::new(
        Code::D206,
        model.at(later.target.span.clone()),
        Msg::MilestonesBackwards {
            metric,
            later: bound_text(model, later.target),
            later_date: later.date,
            earlier: bound_text(model, earlier.target),
            earlier_date: earlier.date,
            at_least,
        },
    )
    .label(Msg::MilestonesBackwardsLabel { at_least })
    .related(
        model.at(earlier.target.span.clone()),
        Msg::EarlierTarget {
            text: bound_text(model, earlier.target),
            date: earlier.date,
        },
    )
    .help(Msg::MilestonesBackwardsHelp { at_least })
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
