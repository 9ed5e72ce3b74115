//! T501 contradictory-targets: two targets of one metric, of the same kind, falling due on
//! the same date anywhere in the file, that no value can satisfy together (`>= 100 亿元` and
//! `<= 90 亿元`, after unit conversion; `~ v` allows ±0.5%). Reported at the later-written
//! target, with the earlier one related; each target at most once.

use foldhash::{HashMap, HashMapExt};

use chrono::NaiveDate;

use super::quantity::{bound_text, due_dates, unit_of, Bounds, Class, End};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Model, TargetInfo};
use crate::syntax::ast::TargetKind;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    // One pass over the targets in source order, a table for every metric at once: a pass
    // per metric jumped through a big plan's targets (one 30 MB plan: 110 ms, five times
    // its many-files equivalent, issue 15).
    let mut tightest = HashMap::new();
    let mut found = Vec::new();
    for later in model.targets_in_order() {
        if let Some(finding) = check_target(model, later, &mut tightest) {
            found.push((later.metric, finding));
        }
    }
    // Metric by metric, each in source order (stable), as the findings have always come.
    found.sort_by_key(|&(metric, _)| metric);
    out.extend(found.into_iter().map(|(_, d)| d));
}

/// The tightest bounds written so far for one class of targets due on one date, and the
/// targets that set them: a later target contradicts some earlier one exactly when it
/// contradicts one of these, so each target is compared once, not with every earlier one.
#[derive(Default)]
struct Tightest<'m> {
    low: Option<(End, &'m TargetInfo)>,
    high: Option<(End, &'m TargetInfo)>,
}

impl<'m> Tightest<'m> {
    /// The earlier target that `bounds` cannot hold together with, if any.
    fn conflict(&self, bounds: &Bounds) -> Option<&'m TargetInfo> {
        let single = |e: Option<(End, &'m TargetInfo)>, low: bool| {
            e.map(|(end, t)| {
                let b = if low {
                    Bounds {
                        low: Some(end),
                        high: None,
                    }
                } else {
                    Bounds {
                        low: None,
                        high: Some(end),
                    }
                };
                (b, t)
            })
        };
        [single(self.low, true), single(self.high, false)]
            .into_iter()
            .flatten()
            .find(|(b, _)| !b.compatible_with(bounds))
            .map(|(_, t)| t)
    }

    fn add(&mut self, bounds: &Bounds, t: &'m TargetInfo) {
        if let Some(low) = bounds.low {
            let tighter = self.low.is_none_or(|(e, _)| {
                low.value > e.value || (low.value == e.value && low.strict && !e.strict)
            });
            if tighter {
                self.low = Some((low, t));
            }
        }
        if let Some(high) = bounds.high {
            let tighter = self.high.is_none_or(|(e, _)| {
                e.value > high.value || (high.value == e.value && high.strict && !e.strict)
            });
            if tighter {
                self.high = Some((high, t));
            }
        }
    }
}

/// A target against the tightest written before it for the same metric, class and date.
/// Targets in a unit of another dimension than the metric's are U302's and compare with
/// nothing here.
fn check_target<'m>(
    model: &'m Model,
    later: &'m TargetInfo,
    tightest: &mut HashMap<(usize, Class, NaiveDate), Tightest<'m>>,
) -> Option<Diagnostic> {
    let metric_unit = model.metrics.get(later.metric)?.unit.as_ref()?;
    let unit = unit_of(model, later)?;
    if later.kind != TargetKind::Growth && !unit.dimension.compatible(&metric_unit.dimension) {
        return None;
    }
    let bounds = Bounds::of(&later.bound, unit.factor)?;
    let class = Class::of(later);
    let dates = due_dates(later);
    let conflict = dates.iter().find_map(|&date| {
        let found = tightest
            .get(&(later.metric, class, date))?
            .conflict(&bounds)?;
        // A line naming two metrics is two targets, never in conflict with itself.
        (found.span != later.span).then_some((found, date))
    });
    for &date in dates {
        tightest
            .entry((later.metric, class, date))
            .or_default()
            .add(&bounds, later);
    }
    let (earlier, date) = conflict?;
    let metric = model
        .metrics
        .get(later.metric)
        .map_or_else(String::new, |m| m.id.clone());
    Some(
        Diagnostic::new(
            Code::T501,
            model.at(later.span.clone()),
            Msg::ContradictoryTargets {
                metric,
                date,
                first: bound_text(model, earlier),
                second: bound_text(model, later),
            },
        )
        .label(Msg::ContradictoryTargetsLabel {
            other: bound_text(model, earlier),
        })
        .related(
            model.at(earlier.span.clone()),
            Msg::OtherTarget {
                text: bound_text(model, earlier),
                date,
            },
        )
        .help(Msg::ContradictoryTargetsHelp),
    )
}
