//! U304 rollup-dimension: a metric is `part of` a metric measured in another dimension
//! (亿元 part of 万吨): the parts could never add up to the whole.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for part in model.metrics.iter().filter(|m| m.local) {
        let Some(of) = &part.part_of else { continue };
        let Some(whole) = of.whole.and_then(|w| model.metrics.get(w)) else {
            continue;
        };
        let (Some(pu), Some(wu)) = (&part.unit, &whole.unit) else {
            continue;
        };
        if pu.dimension.compatible(&wu.dimension) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::U304,
            of.at.clone(),
            Msg::RollupDimension {
                part: part.id.clone(),
                part_unit: pu.name.clone(),
                part_dimension: pu.dimension.clone(),
                whole: whole.id.clone(),
                whole_unit: wu.name.clone(),
                whole_dimension: wu.dimension.clone(),
            },
        )
        .label(Msg::RollupDimensionLabel {
            dimension: wu.dimension.clone(),
        })
        .help(Msg::RollupDimensionHelp);
        if let Some(at) = &whole.unit_at {
            d = d.related(
                at.clone(),
                Msg::MetricUnit {
                    metric: whole.id.clone(),
                    unit: wu.name.clone(),
                    dimension: wu.dimension.clone(),
                },
            );
        }
        out.push(d);
    }
}
