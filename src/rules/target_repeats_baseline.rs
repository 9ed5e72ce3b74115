//! T506 target-repeats-baseline: a `>=`, `=` or `~` level target whose value equals the
//! metric's latest baseline before the target falls due (after unit conversion): the plan
//! asks for no progress (企业上云率 90 % → 90 %). Holding a ceiling (`<=`) level is not
//! reported: keeping 能耗 under last year's figure is a real target. Per-member and
//! cumulative targets are not compared with the plan's baseline.

use super::quantity::{bound_text, due_dates, quantity, unit_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, Model, Repeat};
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let baselines = super::quantity::Baselines::of(model);
    for t in &model.targets {
        if t.kind != TargetKind::Level || t.repeat == Some(Repeat::Cumulative) || t.each.is_some() {
            continue;
        }
        let Bound::Cmp {
            cmp: Cmp::Ge | Cmp::Eq | Cmp::About,
            value,
        } = t.bound
        else {
            continue;
        };
        let Some(unit) = unit_of(model, t) else {
            continue;
        };
        let same = due_dates(t).iter().find_map(|&date| {
            let b = baselines.before(t.metric, date)?;
            let bu = model.unit(b.unit)?;
            if !bu.dimension.compatible(&unit.dimension) {
                return None;
            }
            (bu.to_base(b.value)? == unit.to_base(value)?).then_some((b, bu))
        });
        let Some((b, bu)) = same else { continue };
        // A target the document states twice is reported once, at its first statement. Looked
        // for only here, for a finding: it compares the target with every target of its
        // metric, which for every target of a plan would be quadratic (issue 15).
        let (repeated, again) = super::quantity::repeats(model, t);
        if repeated {
            continue;
        }
        let metric = model
            .metrics
            .get(t.metric)
            .map_or_else(String::new, |m| m.id.clone());
        let baseline = quantity(b.value, &bu.name);
        let at = b.at;
        out.push(
            Diagnostic::new(
                Code::T506,
                model.at(t.span.clone()),
                Msg::TargetRepeatsBaseline {
                    metric,
                    target: bound_text(model, t),
                    baseline: baseline.clone(),
                    at,
                },
            )
            .label(Msg::TargetRepeatsBaselineLabel)
            .related(model.at(b.span.clone()), Msg::BaselineHere { baseline, at })
            .related_all(
                again
                    .iter()
                    .map(|r| (model.at(r.span.clone()), Msg::SameTargetAgain)),
            )
            .help(Msg::TargetRepeatsBaselineHelp),
        );
    }
}
