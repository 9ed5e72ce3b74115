//! T503 target-below-baseline: a `>=` or `>` level target asks for less than the metric's
//! latest baseline before the target's deadline — a plan that goes backwards. Values compare
//! after unit conversion; a baseline in another dimension is U302's, not compared here.
//!
//! For a flow (what happens during the year: 城镇新增就业, 新增企业) the baseline is last
//! year's amount, not a level already reached, and the message says so. A per-member target
//! (`each`) is not compared with the plan's baseline.

use super::quantity::{bound_text, due_dates, quantity, unit_of, Baselines};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Bound, Model, Repeat};
use crate::syntax::ast::{Cmp, TargetKind};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let baselines = Baselines::of(model);
    for t in &model.targets {
        if t.kind != TargetKind::Level || t.repeat == Some(Repeat::Cumulative) || t.each.is_some() {
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
        let below = due_dates(t).iter().find_map(|&date| {
            let b = baselines.before(t.metric, date)?;
            let bu = model.unit(b.unit)?;
            if !bu.dimension.compatible(&unit.dimension) {
                return None;
            }
            (bu.to_base(b.value)? > unit.to_base(value)?).then_some((b, bu))
        });
        let Some((b, bu)) = below else { continue };
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
        let target = bound_text(model, t);
        let message = if is_flow(&metric) {
            Msg::TargetBelowLastYear {
                metric,
                target,
                baseline: baseline.clone(),
                at,
            }
        } else {
            Msg::TargetBelowBaseline {
                metric,
                target,
                baseline: baseline.clone(),
                at,
            }
        };
        out.push(
            Diagnostic::new(Code::T503, model.at(t.span.clone()), message)
                .label(Msg::TargetBelowBaselineLabel {
                    baseline: baseline.clone(),
                })
                .related(model.at(b.span.clone()), Msg::BaselineHere { baseline, at })
                .related_all(
                    again
                        .iter()
                        .map(|r| (model.at(r.span.clone()), Msg::SameTargetAgain)),
                )
                .help(Msg::TargetBelowBaselineHelp),
        );
    }
}

/// Whether a metric counts what happens during a period (a flow) rather than a level: its
/// name says so, as the documents write it (城镇新增就业, 新开工项目, 招引亿元以上项目).
pub fn is_flow(metric: &str) -> bool {
    [
        "新增",
        "新开工",
        "新建",
        "引进",
        "招引",
        "新入统",
        "入统",
        "入库",
    ]
    .iter()
    .any(|w| metric.contains(w))
}

#[cfg(test)]
mod tests {
    use super::is_flow;

    #[test]
    fn flows_are_named_as_the_documents_name_them() {
        assert!(is_flow("城镇新增就业人数"));
        assert!(is_flow("招引亿元以上项目"));
        assert!(!is_flow("规上工业总产值"));
        assert!(!is_flow("城镇化率"));
    }
}
