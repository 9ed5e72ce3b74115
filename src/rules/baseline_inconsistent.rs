//! T502 baseline-inconsistent: a metric has a baseline, a `growth` target and a level target,
//! both `=` or `~`, due on one date, and baseline × (1 + growth) is more than 0.5% away from
//! the level. The baseline is the metric's latest one before that date, wherever written; a
//! `per year` growth compounds once for every year between the baseline and the date.

use super::quantity::{baseline_before, bound_text, quantity, shared_date, unit_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, Model, Repeat};
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
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
        let found = model
            .targets
            .iter()
            // An average growth over several years is T505's (v2 `average`).
            .filter(|g| g.metric == level.metric && g.kind == TargetKind::Growth)
            .filter(|g| !g.average && g.each.is_none())
            .find_map(|g| {
                let growth = exact(&g.bound)?;
                let date = shared_date(g, level)?;
                let b = baseline_before(model, level.metric, date)?;
                let bu = model.unit(b.unit)?;
                if !bu.dimension.compatible(&level_unit.dimension) {
                    return None;
                }
                let years = match g.repeat {
                    Some(Repeat::Per(_)) => {
                        let days = (date - b.at?).num_days() as f64;
                        (days / 365.25).round().max(1.0)
                    }
                    _ => 1.0,
                };
                let implied = bu.to_base(b.value) * (1.0 + growth / 100.0).powf(years);
                let level_base = level_unit.to_base(level_value);
                ((implied - level_base).abs() > 0.005 * level_base.abs()).then_some((
                    g,
                    b,
                    bu,
                    implied / level_unit.factor,
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
        let implied = quantity(implied, &level_unit.name);
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
fn exact(bound: &Bound) -> Option<f64> {
    match *bound {
        Bound::Cmp {
            cmp: Cmp::Eq | Cmp::About,
            value,
        } => Some(value),
        _ => None,
    }
}
