//! U305 rollup-exceeds: the parts of a metric (`part of`) are asked for more, at one date,
//! than their whole allows — the sum of the parts' lower bounds (`>=`, `=`, `>`, a range's
//! low end) is above the whole's `<=`/`=` target, or the whole's `>=` target is below that
//! sum. Levels add up with levels, cumulative targets with cumulative ones; every value is
//! converted to the whole's unit first (万元 and 亿元 add up), and float noise is no excess.

use chrono::NaiveDate;

use super::quantity::{bound_text, due_dates, greater, guaranteed, quantity, unit_of, Class};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::{number, Msg};
use crate::model::{Bound, MetricId, Model, TargetInfo};
use crate::syntax::ast::{Cmp, TargetKind};
use crate::units::Unit;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for (whole_id, whole) in model.metrics.iter().enumerate() {
        let parts: Vec<MetricId> = model
            .metrics
            .iter()
            .enumerate()
            .filter(|(_, m)| m.part_of.as_ref().and_then(|p| p.whole) == Some(whole_id))
            .map(|(i, _)| i)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let whole_targets = model
            .targets
            .iter()
            .filter(|t| t.metric == whole_id && t.kind == TargetKind::Level)
            // A per-member target (v2 `each`) is not the plan's total.
            .filter(|t| t.each.is_none());
        for wt in whole_targets {
            let Some(wu) = unit_of(model, wt) else {
                continue;
            };
            let Some(limit) = Limit::of(&wt.bound) else {
                continue;
            };
            for date in due_dates(wt) {
                let sum = parts_at(model, &parts, Class::of(wt), date, wu);
                if sum.parts.is_empty() {
                    continue;
                }
                let total = sum.parts.iter().map(|p| p.base).sum::<f64>();
                let exceeds = match limit {
                    Limit::AtMost(v) => greater(total, wu.to_base(v)),
                    Limit::AtLeast(v) => greater(total, wu.to_base(v)),
                };
                if !exceeds {
                    continue;
                }
                let mut d = Diagnostic::new(
                    Code::U305,
                    model.at(wt.span.clone()),
                    Msg::RollupExceeds {
                        whole: whole.id.clone(),
                        date,
                        sum: quantity(total / wu.factor, &wu.name),
                        target: bound_text(model, wt),
                        whole_at_least: matches!(limit, Limit::AtLeast(_)),
                    },
                )
                .label(Msg::RollupExceedsLabel {
                    sum: quantity(total / wu.factor, &wu.name),
                })
                .help(Msg::RollupExceedsHelp {
                    whole_at_least: matches!(limit, Limit::AtLeast(_)),
                });
                for p in &sum.parts {
                    d = d.related(
                        model.at(p.target.span.clone()),
                        Msg::PartTarget {
                            text: p.text.clone(),
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
    AtMost(f64),
    /// `>=`, `>`: a whole target below what its parts already add up to.
    AtLeast(f64),
}

impl Limit {
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

struct Part<'m> {
    target: &'m TargetInfo,
    base: f64,
    text: String,
}

struct Sum<'m> {
    parts: Vec<Part<'m>>,
}

/// For each part metric, its target with the largest lower bound at `date`.
fn parts_at<'m>(
    model: &'m Model,
    parts: &[MetricId],
    class: Class,
    date: NaiveDate,
    whole_unit: &Unit,
) -> Sum<'m> {
    let mut out = Vec::new();
    for &part in parts {
        let best = model
            .targets
            .iter()
            .filter(|t| t.metric == part && Class::of(t) == class && t.each.is_none())
            .filter(|t| due_dates(t).contains(&date))
            .filter_map(|t| {
                let unit = unit_of(model, t)?;
                if !unit.dimension.compatible(&whole_unit.dimension) {
                    return None;
                }
                Some((t, unit, unit.to_base(guaranteed(&t.bound)?)))
            })
            .max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((t, unit, base)) = best {
            let metric = model.metrics.get(part).map_or("", |m| m.id.as_str());
            let mut text = format!("{metric} {}", bound_text(model, t));
            if unit.name != whole_unit.name {
                text.push_str(&format!(
                    " (= {} {})",
                    number(base / whole_unit.factor),
                    whole_unit.name
                ));
            }
            out.push(Part {
                target: t,
                base,
                text,
            });
        }
    }
    Sum { parts: out }
}
