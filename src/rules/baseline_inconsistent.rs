//! T502 baseline-inconsistent: a metric has a baseline, a `growth` target and a level target,
//! both `=` or `~`, due on one date, and baseline × (1 + growth) is more than 0.5% away from
//! the level. The baseline is the metric's latest one before that date, wherever written; a
//! `per year` growth compounds once for every year between the baseline and the date.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use chrono::NaiveDate;

use super::quantity::{bound_text, due_dates, quantity, shared_date, unit_of, Baselines};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, MetricId, Model, Repeat, TargetInfo};
use crate::number::{Number, Ratio};
use crate::syntax::ast::{Cmp, TargetKind};

/// How far the level may be from baseline × growth: 0.5 % of the level (LANGUAGE.md §5).
const TOLERANCE: Number = Number::new(5, 3);

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let baselines = Baselines::of(model);
    let growths = Growths::of(model);
    for level in &model.targets {
        // A per-member target is not the plan's level (v2 `each`).
        if level.kind != TargetKind::Level
            || level.repeat == Some(Repeat::Cumulative)
            || level.each.is_some()
        {
            continue;
        }
        let Some(level_value) = exact(&level.bound) else {
            continue;
        };
        let Some(level_unit) = unit_of(model, level) else {
            continue;
        };
        let found = growths
            .sharing_a_date(model, level)
            .into_iter()
            .find_map(|g| {
                let growth = exact(&g.bound)?;
                let date = shared_date(g, level)?;
                let b = baselines.before(level.metric, date)?;
                let bu = model.unit(b.unit)?;
                if !bu.dimension.compatible(&level_unit.dimension) {
                    return None;
                }
                let years = match g.repeat {
                    Some(Repeat::Per(_)) => {
                        let days = (date - b.at?).num_days();
                        // Whole years between two dates (not written values): rounded.
                        (days as f64 / 365.25)
                            .round()
                            .clamp(1.0, f64::from(u32::MAX)) as u32
                    }
                    _ => 1,
                };
                // baseline × (1 + growth/100)^years, exact while it fits 28 digits and
                // rounded at the 28th after (src/number.rs), far inside the 0.5 % below.
                let rate = Number::HUNDRED
                    .checked_add(growth)?
                    .checked_div(Number::HUNDRED)?
                    .powi_rounded(years)?;
                let implied = bu.to_base(b.value)?.scale(rate).or_else(|| {
                    let base = bu.to_base(b.value)?.to_number()?;
                    Some(Ratio::from(base.mul_rounded(rate)?))
                })?;
                let level_base = level_unit.to_base(level_value)?;
                let off = implied.checked_sub(level_base)?.abs();
                (off > level_base.abs().scale(TOLERANCE)?).then_some((
                    g,
                    b,
                    bu,
                    implied.checked_div(level_unit.factor)?,
                ))
            });
        let Some((g, b, bu, implied)) = found else {
            continue;
        };
        let metric = model
            .metrics
            .get(level.metric)
            .map_or_else(String::new, |m| m.id.clone());
        let baseline = quantity(b.value, &bu.name);
        // Compounded, it may have many decimals (41.54 × 1.07⁵): shown to 9 places.
        let implied = implied
            .to_number()
            .map_or_else(String::new, |v| quantity(v.round_dp(9), &level_unit.name));
        out.push(
            Diagnostic::new(
                Code::T502,
                model.at(level.span.clone()),
                Msg::BaselineInconsistent {
                    metric,
                    baseline: baseline.clone(),
                    growth: bound_text(model, g),
                    implied: implied.clone(),
                    level: bound_text(model, level),
                },
            )
            .label(Msg::BaselineInconsistentLabel { implied })
            .related(
                model.at(g.span.clone()),
                Msg::GrowthTarget {
                    text: bound_text(model, g),
                },
            )
            .related(
                model.at(b.span.clone()),
                Msg::BaselineHere { baseline, at: b.at },
            )
            .help(Msg::BaselineInconsistentHelp),
        );
    }
}

/// The value of an `=` or `~` target.
fn exact(bound: &Bound) -> Option<Number> {
    match *bound {
        Bound::Cmp {
            cmp: Cmp::Eq | Cmp::About,
            value,
        } => Some(value),
        _ => None,
    }
}

/// The `=`/`~` growth targets of each metric by the dates they fall due, in source order:
/// a level target is compared with these, not with every target of the file.
struct Growths {
    /// Every one.
    all: HashMap<(MetricId, NaiveDate), Vec<usize>>,
    /// The first of each rate and repetition: on one date, with one baseline, growth targets
    /// that agree on both imply the same level, and a plan may repeat its rate many times.
    distinct: HashMap<(MetricId, NaiveDate), Vec<usize>>,
}

impl Growths {
    fn of(model: &Model) -> Self {
        let mut all: HashMap<(MetricId, NaiveDate), Vec<usize>> = HashMap::new();
        let mut distinct: HashMap<(MetricId, NaiveDate), Vec<usize>> = HashMap::new();
        let mut seen: HashSet<(MetricId, NaiveDate, Number, bool)> = HashSet::new();
        for (i, g) in model.targets.iter().enumerate() {
            // An average growth over several years is T505's (v2 `average`); a per-member
            // target is not the plan's.
            if g.kind != TargetKind::Growth || g.average || g.each.is_some() {
                continue;
            }
            let Some(rate) = exact(&g.bound) else {
                continue;
            };
            let per = matches!(g.repeat, Some(Repeat::Per(_)));
            for &date in due_dates(g) {
                all.entry((g.metric, date)).or_default().push(i);
                if seen.insert((g.metric, date, rate, per)) {
                    distinct.entry((g.metric, date)).or_default().push(i);
                }
            }
        }
        Growths { all, distinct }
    }

    /// The growth targets of the level's metric that share a date with it, in source order.
    /// A level due on one date needs only the distinct ones; a repeated level (whose shared
    /// date with each growth target is their first common one) is given them all.
    fn sharing_a_date<'m>(&self, model: &'m Model, level: &TargetInfo) -> Vec<&'m TargetInfo> {
        let dates = due_dates(level);
        let mut found: Vec<usize> = match dates {
            [date] => self
                .distinct
                .get(&(level.metric, *date))
                .cloned()
                .unwrap_or_default(),
            _ => {
                let mut union: Vec<usize> = dates
                    .iter()
                    .filter_map(|d| self.all.get(&(level.metric, *d)))
                    .flatten()
                    .copied()
                    .collect();
                union.sort_unstable();
                union.dedup();
                union
            }
        };
        found.retain(|&i| i < model.targets.len());
        found
            .into_iter()
            .filter_map(|i| model.targets.get(i))
            .collect()
    }
}
