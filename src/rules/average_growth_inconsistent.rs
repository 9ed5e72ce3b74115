//! T505 average-growth-inconsistent: an `average growth` target (年均增长) over a window of
//! several years, a level of the metric at the window's start (a `baseline` dated in the
//! year before, or a level target due then) and a level target at its end, where the annual
//! average growth they imply, (end ÷ start)^(1 ÷ years) − 1, does not meet the growth
//! target's bound (beyond 0.5 % of the growth figure). The plan says two things about one
//! path that cannot both be true.

use chrono::Datelike;

use super::quantity::{bound_text, due_dates, quantity, unit_of, Baselines};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::i18n::{number, Msg};
use crate::model::{Bound, Model, TargetInfo};
use crate::syntax::ast::{Cmp, TargetKind};

/// Relative slack on the growth figure (10 % → 9.95 % … 10.05 %).
const SLACK: f64 = 0.005;

/// A level named by a level target or a baseline: base value, where, as written.
struct Level {
    value: f64,
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
        value: unit.to_base(value),
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
        let Some(window) = g.window.or(model.period()) else {
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
                    value: u.to_base(b.value),
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
        if start_level.value <= 0.0 || end_level.value <= 0.0 {
            continue;
        }
        let implied =
            ((end_level.value / start_level.value).powf(1.0 / f64::from(years)) - 1.0) * 100.0;
        let (low, high) = match g.bound {
            Bound::Cmp { cmp, value } => match cmp {
                Cmp::Ge | Cmp::Gt => (Some(value), None),
                Cmp::Le | Cmp::Lt => (None, Some(value)),
                Cmp::Eq | Cmp::About => (Some(value), Some(value)),
            },
            Bound::Range { low, high } => (Some(low), Some(high)),
        };
        let below = low.is_some_and(|l| implied < l - l.abs() * SLACK);
        let above = high.is_some_and(|h| implied > h + h.abs() * SLACK);
        if !(below || above) {
            continue;
        }
        seen.push(g.span.start);
        let metric = model
            .metrics
            .get(g.metric)
            .map_or_else(String::new, |m| m.id.clone());
        let implied = number((implied * 100.0).round() / 100.0);
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
