//! T503 target-below-baseline: a `>=` or `>` level target asks for less than the metric's
//! latest baseline before the target's deadline — a plan that goes backwards. Values compare
//! after unit conversion; a baseline in another dimension is U302's, not compared here.

use super::quantity::{bound_text, due_dates, greater, quantity, unit_of, Baselines};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, Model, Repeat};
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let baselines = Baselines::of(model);
    for t in &model.targets {
        if t.kind != TargetKind::Level || t.repeat == Some(Repeat::Cumulative) {
            continue;
        }
        let Bound::Cmp {
            cmp: Cmp::Ge | Cmp::Gt,
            value,
        } = t.bound
        else {
            continue;
        };
        let Some(unit) = unit_of(model, t) else {
            continue;
        };
        let below = due_dates(t).into_iter().find_map(|date| {
            let b = baselines.before(t.metric, date)?;
            let bu = model.unit(b.unit)?;
            if !bu.dimension.compatible(&unit.dimension) {
                return None;
            }
            greater(bu.to_base(b.value), unit.to_base(value)).then_some((b, bu))
        });
        let Some((b, bu)) = below else { continue };
        let metric = model
            .metrics
            .get(t.metric)
            .map_or_else(String::new, |m| m.id.clone());
        let baseline = quantity(b.value, &bu.name);
        let at = b.at;
        out.push(
            Diagnostic::new(
                Code::T503,
                model.at(t.span.clone()),
                Msg::TargetBelowBaseline {
                    metric,
                    target: bound_text(model, t),
                    baseline: baseline.clone(),
                    at,
                },
            )
            .label(Msg::TargetBelowBaselineLabel {
                baseline: baseline.clone(),
            })
            .related(model.at(b.span.clone()), Msg::BaselineHere { baseline, at })
            .help(Msg::TargetBelowBaselineHelp),
        );
    }
}
