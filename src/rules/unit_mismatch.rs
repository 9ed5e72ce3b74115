//! U302 unit-mismatch (U303 percent-vs-points shares its reasoning, see percent_vs_points.rs): a target, baseline or actual written in a
//! unit of another dimension than its metric's. A `change` of a `%` metric is measured in
//! percentage points: written in `%` it is U303 (a warning), in any other unit U302. Growth
//! targets are always `%` and never checked; the use that itself fixed an undeclared metric's
//! unit cannot disagree with it.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::i18n::Msg;
use crate::model::{MetricId, MetricInfo, Model, UnitRefId};
use crate::syntax::ast::TargetKind;
use crate::units::Unit;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    findings(model, Code::U302, out);
}

/// The U302 or the U303 findings (`want`): which one a use gets depends on the same facts,
/// decided here for both; only the findings of the code asked for are built (their messages
/// copy names), so each check pays for its own findings, not for every target.
pub fn findings(model: &Model, want: Code, out: &mut Vec<Diagnostic>) {
    let targets = model
        .targets
        .iter()
        .filter(|t| t.kind != TargetKind::Growth)
        .map(|t| (t.metric, t.unit, t.kind == TargetKind::Change));
    let observations = model.observations.iter().map(|o| (o.metric, o.unit, false));
    // A line naming two metrics shares its unit: one finding per metric and unit. A unit
    // reference belongs to one line, whose targets are stored one after another, so a pair
    // was seen exactly when its metric was last seen with the same reference: one mark per
    // metric (a set of every pair of a big plan was a cache miss for each use, issue 15).
    let mut last_seen_with: Vec<Option<UnitRefId>> = vec![None; model.metrics.len()];
    for (metric, unit_ref, change) in targets.chain(observations) {
        if let Some(mark) = last_seen_with.get_mut(metric) {
            if *mark == Some(unit_ref) {
                continue;
            }
            *mark = Some(unit_ref);
        }
        if let Some(d) = mismatch(model, metric, unit_ref, change, want) {
            out.push(d);
        }
    }
}

fn mismatch(
    model: &Model,
    metric: MetricId,
    unit_ref: UnitRefId,
    change: bool,
    want: Code,
) -> Option<Diagnostic> {
    let m = model.metrics.get(metric)?;
    let (Some(expected), Some(expected_at)) = (&m.unit, &m.unit_at) else {
        return None;
    };
    let written = model.unit_refs.get(unit_ref)?;
    let unit = written.unit.as_ref()?;
    // The use that fixed an undeclared metric's unit cannot disagree with it — but a change
    // written in `%` is still U303 when that `%` made the metric a `%` metric.
    let fixed_the_unit = !m.unit_declared
        && std::sync::Arc::ptr_eq(&expected_at.source, &model.source)
        && expected_at.span == written.span;
    if fixed_the_unit && !(change && unit.dimension.is_percent()) {
        return None;
    }
    let related = || Msg::MetricUnit {
        metric: m.id.clone(),
        unit: expected.name.clone(),
        dimension: expected.dimension.clone(),
    };
    let here = || model.at(written.span.clone());
    if change && expected.dimension.is_percent() {
        if unit.dimension.is_percentage_points() {
            return None;
        }
        if unit.dimension.is_percent() {
            if want != Code::U303 {
                return None;
            }
            let mut d = Diagnostic::new(
                Code::U303,
                here(),
                Msg::PercentVsPoints {
                    metric: m.id.clone(),
                },
            )
            .label(Msg::PercentVsPointsLabel)
            .help(Msg::PercentVsPointsHelp);
            if !fixed_the_unit {
                d = d.related(expected_at.clone(), related());
            }
            return Some(d);
        }
        if want != Code::U302 {
            return None;
        }
        return Some(
            u302(m, unit, expected, here(), expected_at, related()).help(Msg::ChangeInPointsHelp),
        );
    }
    if want != Code::U302 || unit.dimension.compatible(&expected.dimension) {
        return None;
    }
    Some(
        u302(m, unit, expected, here(), expected_at, related()).help(Msg::UnitMismatchHelp {
            metric_unit: expected.name.clone(),
            metric_dimension: expected.dimension.clone(),
        }),
    )
}

/// A U302 finding without its help line, which depends on why the units differ.
fn u302(
    m: &MetricInfo,
    unit: &Unit,
    expected: &Unit,
    here: Location,
    expected_at: &Location,
    related: Msg,
) -> Diagnostic {
    Diagnostic::new(
        Code::U302,
        here,
        Msg::UnitMismatch {
            metric: m.id.clone(),
            unit: unit.name.clone(),
            dimension: unit.dimension.clone(),
            metric_unit: expected.name.clone(),
            metric_dimension: expected.dimension.clone(),
        },
    )
    .label(Msg::UnitMismatchLabel {
        dimension: unit.dimension.clone(),
    })
    .related(expected_at.clone(), related)
}
