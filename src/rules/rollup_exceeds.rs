//! U305 rollup-exceeds: the parts of a metric (`part of`) are asked for more, at one date,
//! than their whole allows — the sum of the parts' lower bounds (`>=`, `=`, `>`, a range's
//! low end) is above the whole's `<=`/`=` target, or the whole's `>=` target is below that
//! sum. Levels add up with levels, cumulative targets with cumulative ones; every value is
//! converted to the whole's unit first (万元 and 亿元 add up), and every sum is exact:
//! parts of 0.1 and 0.2 fill a whole of 0.3, and one of 100.000000001 exceeds 100.

use foldhash::{HashMap, HashMapExt};

use chrono::NaiveDate;

use super::quantity::{bound_text, computed, due_dates, guaranteed, unit_of, Class};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::{figure, Msg};
use crate::model::{Bound, MetricId, Model, TargetInfo};
use crate::number::{Number, Ratio};
use crate::syntax::ast::{Cmp, TargetKind};
use crate::units::{Dimension, Unit};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    // Each whole's parts, in metric order: one pass over the metrics, not one per whole.
    let mut parts_of: Vec<Vec<MetricId>> = vec![Vec::new(); model.metrics.len()];
    for (part, m) in model.metrics.iter().enumerate() {
        if let Some(list) = m
            .part_of
            .as_ref()
            .and_then(|p| p.whole)
            .and_then(|w| parts_of.get_mut(w))
        {
            list.push(part);
        }
    }
    for (whole_id, whole) in model.metrics.iter().enumerate() {
        let Some(parts) = parts_of.get(whole_id).filter(|p| !p.is_empty()) else {
            continue;
        };
        // The sums of the parts, by the dimension of the whole's unit: computed once each,
        // however many targets the whole has.
        let mut sums: HashMap<&Dimension, Sums> = HashMap::new();
        let whole_targets = model
            .targets_of(whole_id)
            .filter(|t| t.kind == TargetKind::Level)
            // A per-member target (v2 `each`) is not the plan's total.
            .filter(|t| t.each.is_none());
        for wt in whole_targets {
            let Some(wu) = unit_of(model, wt) else {
                continue;
            };
            let Some(limit) = Limit::of(&wt.bound) else {
                continue;
            };
            let sums = sums
                .entry(&wu.dimension)
                .or_insert_with(|| Sums::of(model, parts, &wu.dimension));
            for &date in due_dates(wt) {
                let Some(sum) = sums.get(&(Class::of(wt), date)) else {
                    continue;
                };
                let (Some(total), Some(limit_base)) = (sum.total, wu.to_base(limit.value())) else {
                    continue;
                };
                if total <= limit_base {
                    continue;
                }
                let shown = total
                    .checked_div(wu.factor)
                    .map_or_else(String::new, |t| computed(t, &wu.name));
                let mut d = Diagnostic::new(
                    Code::U305,
                    model.at(wt.span.clone()),
                    Msg::RollupExceeds {
                        whole: whole.id.clone(),
                        date,
                        sum: shown.clone(),
                        target: bound_text(model, wt),
                        whole_at_least: matches!(limit, Limit::AtLeast(_)),
                    },
                )
                .label(Msg::RollupExceedsLabel { sum: shown })
                .help(Msg::RollupExceedsHelp {
                    whole_at_least: matches!(limit, Limit::AtLeast(_)),
                });
                for p in &sum.parts {
                    d = d.related(
                        model.at(p.target.span.clone()),
                        Msg::PartTarget {
                            text: p.text(model, wu),
                        },
                    );
                }
                out.push(d);
                // One finding per target of the whole, even when several years exceed.
                break;
            }
        }
    }
}

/// What the whole's target says about the sum of its parts.
#[derive(Clone, Copy)]
enum Limit {
    /// `<=`, `<`, `=`, a range's high end: the parts may not add up to more.
    AtMost(Number),
    /// `>=`, `>`: a whole target below what its parts already add up to.
    AtLeast(Number),
}

impl Limit {
    fn value(self) -> Number {
        match self {
            Limit::AtMost(v) | Limit::AtLeast(v) => v,
        }
    }

    fn of(bound: &Bound) -> Option<Limit> {
        match *bound {
            Bound::Cmp {
                cmp: Cmp::Le | Cmp::Lt | Cmp::Eq,
                value,
            } => Some(Limit::AtMost(value)),
            Bound::Cmp {
                cmp: Cmp::Ge | Cmp::Gt,
                value,
            } => Some(Limit::AtLeast(value)),
            Bound::Cmp {
                cmp: Cmp::About, ..
            } => None,
            Bound::Range { high, .. } => Some(Limit::AtMost(high)),
        }
    }
}

/// A part's target with the largest lower bound at one date.
struct Part<'m> {
    metric: MetricId,
    target: &'m TargetInfo,
    unit: &'m Unit,
    base: Ratio,
}

impl Part<'_> {
    /// `锂电产值 >= 200 亿元`, with its value in the whole's unit when that differs.
    fn text(&self, model: &Model, whole_unit: &Unit) -> String {
        let metric = model.metrics.get(self.metric).map_or("", |m| m.id.as_str());
        let mut text = format!("{metric} {}", bound_text(model, self.target));
        if self.unit.name != whole_unit.name {
            if let Some(v) = self.base.checked_div(whole_unit.factor) {
                text.push_str(&format!(" (= {} {})", figure(v), whole_unit.name));
            }
        }
        text
    }
}

/// The parts due at one date, each by its best target, and what they add up to.
struct Sum<'m> {
    parts: Vec<Part<'m>>,
    /// `None` when the exact sum leaves 28 significant digits (src/number.rs).
    total: Option<Ratio>,
}

/// The sums of one whole's parts for every class and date their targets fall due on.
struct Sums<'m>(HashMap<(Class, NaiveDate), Sum<'m>>);

impl<'m> Sums<'m> {
    /// One pass over the parts' targets (in a unit that compares with `whole`): for each
    /// part, class and date, the target with the largest lower bound — the last written of
    /// equal ones — then the totals, adding the parts in metric order.
    fn of(model: &'m Model, parts: &[MetricId], whole: &Dimension) -> Self {
        let mut sums: HashMap<(Class, NaiveDate), Sum<'m>> = HashMap::new();
        for &part in parts {
            for t in model.targets_of(part).filter(|t| t.each.is_none()) {
                let Some(unit) = unit_of(model, t) else {
                    continue;
                };
                if !unit.dimension.compatible(whole) {
                    continue;
                }
                let Some(value) = guaranteed(&t.bound) else {
                    continue;
                };
                let Some(base) = unit.to_base(value) else {
                    continue;
                };
                for &date in due_dates(t) {
                    let sum = sums.entry((Class::of(t), date)).or_insert(Sum {
                        parts: Vec::new(),
                        total: None,
                    });
                    let candidate = Part {
                        metric: part,
                        target: t,
                        unit,
                        base,
                    };
                    match sum.parts.last_mut() {
                        Some(best) if best.metric == part => {
                            if base >= best.base {
                                *best = candidate;
                            }
                        }
                        _ => sum.parts.push(candidate),
                    }
                }
            }
        }
        for sum in sums.values_mut() {
            sum.total = sum
                .parts
                .iter()
                .try_fold(Ratio::from(Number::ZERO), |total, p| {
                    total.checked_add(p.base)
                });
        }
        Sums(sums)
    }

    fn get(&self, key: &(Class, NaiveDate)) -> Option<&Sum<'m>> {
        self.0.get(key)
    }
}
