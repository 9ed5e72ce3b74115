//! T501 contradictory-targets: two targets of one metric, of the same kind, falling due on
//! the same date anywhere in the file, that no value can satisfy together (`>= 100 亿元` and
//! `<= 90 亿元`, after unit conversion; `~ v` allows ±0.5%). Reported at the later-written
//! target, with the earlier one related; each target at most once.

use super::quantity::{bound_text, shared_date, unit_of, Bounds, Class};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Model, TargetInfo};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut targets: Vec<&TargetInfo> = model.targets.iter().collect();
    targets.sort_by_key(|t| t.span.start);
    for (i, later) in targets.iter().enumerate() {
        let Some(later_unit) = unit_of(model, later) else {
            continue;
        };
        let later_bounds = Bounds::of(&later.bound, later_unit.factor);
        let conflict = targets.iter().take(i).find_map(|earlier| {
            if earlier.metric != later.metric
                || Class::of(earlier) != Class::of(later)
                || earlier.span == later.span
            {
                return None;
            }
            let unit = unit_of(model, earlier)?;
            if !unit.dimension.compatible(&later_unit.dimension) {
                return None;
            }
            let date = shared_date(earlier, later)?;
            let bounds = Bounds::of(&earlier.bound, unit.factor);
            (!bounds.compatible_with(&later_bounds)).then_some((*earlier, date))
        });
        let Some((earlier, date)) = conflict else {
            continue;
        };
        let metric = model
            .metrics
            .get(later.metric)
            .map_or_else(String::new, |m| m.id.clone());
        out.push(
            Diagnostic::new(
                Code::T501,
                model.at(later.span.clone()),
                Msg::ContradictoryTargets {
                    metric,
                    date,
                    first: bound_text(model, earlier),
                    second: bound_text(model, later),
                },
            )
            .label(Msg::ContradictoryTargetsLabel {
                other: bound_text(model, earlier),
            })
            .related(
                model.at(earlier.span.clone()),
                Msg::OtherTarget {
                    text: bound_text(model, earlier),
                    date,
                },
            )
            .help(Msg::ContradictoryTargetsHelp),
        );
    }
}
