//! T505 average-growth-inconsistent: an `average growth` target (年均增长) over a window of
//! several years, a level of the metric at the window's start (a `baseline` dated in the
//! year before, or a level target due then) and a level target at its end, where the annual
//! average growth they imply, (end ÷ start)^(1 ÷ years) − 1, does not meet the growth
//! target's bound (beyond 0.5 % of the growth figure). The plan says two things about one
//! path that cannot both be true.
//!
//! No root is taken to decide: "the implied rate is below r" is "end < start × (1 + r/100)^years",
//! a power of the written figures, exact while it fits 28 digits and rounded at the 28th
//! after (a relative 10⁻²⁷, src/number.rs). Only the rate shown in the message is a root,
//! computed in floating point and rounded to two decimals.

use std::cmp::Ordering;

use chrono::Datelike;

use super::quantity::{bound_text, due_dates, quantity, unit_of, Baselines};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::i18n::{number, Msg};
use crate::model::{Bound, Model, TargetInfo};
use crate::number::{Number, Ratio};
use crate::syntax::ast::{Cmp, TargetKind};

/// Relative slack on the growth figure (10 % → 9.95 % … 10.05 %).
const SLACK: Number = Number::new(5, 3);

/// A level named by a level target or a baseline: base value, where, as written.
struct Level {
    value: Ratio,
    at: Location,
    text: String,
}

fn level_target(model: &Model, t: &TargetInfo) -> Option<Level> {
    let Bound::Cmp {
        cmp: Cmp::Ge | Cmp::Gt | Cmp::Eq | Cmp::About,
        value,
    } = t.bound
    else {
        return None;
    };
    let unit = unit_of(model, t)?;
    Some(Level {
        value: unit.to_base(value)?,
        at: model.at(t.span.clone()),
        text: quantity(value, &unit.name),
    })
}

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let baselines = Baselines::of(model);
    let mut seen: Vec<usize> = Vec::new();
    for g in model
        .targets
        .iter()
        .filter(|t| t.average && t.each.is_none())
    {
        if g.kind != TargetKind::Growth || seen.contains(&g.span.start) {
            continue;
        }
        let Some(window) = g.window().or(model.period()) else {
            continue;
        };
        let years = window.end.year() - window.start.year() + 1;
        if years < 1 {
            continue;
        }
        let Some(end) = model
            .targets_of(g.metric)
            .filter(|t| t.kind == TargetKind::Level && t.repeat.is_none())
            .find(|t| due_dates(t).contains(&window.end))
        else {
            continue;
        };
        let Some(end_level) = level_target(model, end) else {
            continue;
        };
        // The start: last year's baseline, else a level target due the day before the window.
        let start_level = baselines
            .before(g.metric, window.start)
            .and_then(|b| {
                let u = model.unit(b.unit)?;
                Some(Level {
                    value: u.to_base(b.value)?,
                    at: model.at(b.span.clone()),
                    text: quantity(b.value, &u.name),
                })
            })
            .or_else(|| {
                let before = window.start.pred_opt()?;
                model
                    .targets_of(g.metric)
                    .filter(|t| t.kind == TargetKind::Level && t.repeat.is_none())
                    .find(|t| t.deadline == Some(before))
                    .and_then(|t| level_target(model, t))
            });
        let Some(start_level) = start_level else {
            continue;
        };
        if !start_level.value.is_positive() || !end_level.value.is_positive() {
            continue;
        }
        let Ok(n) = u32::try_from(years) else {
            continue;
        };
        let (low, high) = match g.bound {
            Bound::Cmp { cmp, value } => match cmp {
                Cmp::Ge | Cmp::Gt => (Some(value), None),
                Cmp::Le | Cmp::Lt => (None, Some(value)),
                Cmp::Eq | Cmp::About => (Some(value), Some(value)),
            },
            Bound::Range { low, high } => (Some(low), Some(high)),
        };
        let (start, end) = (start_level.value, end_level.value);
        let below = low.and_then(|l| {
            let slack = l.abs().checked_mul(SLACK)?;
            Some(compare(start, end, l.checked_sub(slack)?, n)? == Ordering::Less)
        });
        let above = high.and_then(|h| {
            let slack = h.abs().checked_mul(SLACK)?;
            Some(compare(start, end, h.checked_add(slack)?, n)? == Ordering::Greater)
        });
        if !(below == Some(true) || above == Some(true)) {
            continue;
        }
        // For the message only: the rate itself is a root, no decimal is exact.
        let implied = ((end.to_f64() / start.to_f64()).powf(1.0 / f64::from(years)) - 1.0) * 100.0;
        seen.push(g.span.start);
        let metric = model
            .metrics
            .get(g.metric)
            .map_or_else(String::new, |m| m.id.clone());
        let implied = Number::from_f64(implied).map_or_else(String::new, |v| number(v.round_dp(2)));
        out.push(
            Diagnostic::new(
                Code::T505,
                model.at(g.span.clone()),
                Msg::AverageGrowthInconsistent {
                    metric,
                    target: bound_text(model, g),
                    start: start_level.text.clone(),
                    end: end_level.text.clone(),
                    years,
                    implied: implied.clone(),
                },
            )
            .label(Msg::AverageGrowthInconsistentLabel { implied })
            .related(
                start_level.at,
                Msg::WindowStartLevel {
                    level: start_level.text,
                },
            )
            .related(
                end_level.at,
                Msg::WindowEndLevel {
                    level: end_level.text,
                },
            )
            .help(Msg::AverageGrowthInconsistentHelp),
        );
    }
}

/// How the annual average growth from `start` to `end` over `years` compares with `rate` per
/// cent, without a root: (end ÷ start)^(1/years) − 1 against rate/100 is `end` against
/// start × (1 + rate/100)^years (both levels positive). `None` when the power leaves
/// 7.9 × 10²⁸.
fn compare(start: Ratio, end: Ratio, rate: Number, years: u32) -> Option<Ordering> {
    let factor = Number::HUNDRED
        .checked_add(rate)?
        .checked_div(Number::HUNDRED)?;
    // A rate of −100 % or less: any positive path grows faster than that.
    if !factor.is_positive() {
        return Some(Ordering::Greater);
    }
    let grown = factor.powi_rounded(years)?;
    let target = start
        .scale(grown)
        .or_else(|| Some(Ratio::from(start.to_number()?.mul_rounded(grown)?)))?;
    Some(end.cmp(&target))
}
