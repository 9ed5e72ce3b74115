//! R402 duplicate-definition: two measures or sections (one namespace), two metrics or two
//! units share an id. Every reference to the id would be ambiguous. Reported at the later
//! definition, with the first as related.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::{DefKind, Msg};
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for &(later, first) in &model.node_clashes {
        let (Some(l), Some(f)) = (model.nodes.get(later), model.nodes.get(first)) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::R402,
                model.at(l.id_span.clone()),
                Msg::DuplicateDefinition {
                    kind: DefKind::from(l.kind),
                    name: l.id.clone(),
                },
            )
            .label(Msg::DuplicateDefinitionLabel)
            .related(model.at(f.id_span.clone()), Msg::FirstDefinedHere)
            .help(Msg::DuplicateDefinitionHelp),
        );
    }
    for metric in &model.metrics {
        for span in &metric.redeclared {
            let mut d = Diagnostic::new(
                Code::R402,
                model.at(span.clone()),
                Msg::DuplicateDefinition {
                    kind: DefKind::Metric,
                    name: metric.id.clone(),
                },
            )
            .label(Msg::DuplicateDefinitionLabel)
            .help(Msg::DuplicateDefinitionHelp);
            if let Some(first) = &metric.decl {
                d = d.related(first.clone(), Msg::FirstDefinedHere);
            }
            out.push(d);
        }
    }
    for unit in &model.unit_defs {
        let Some(clash) = &unit.clash else { continue };
        let d = match clash {
            Some(first) => Diagnostic::new(
                Code::R402,
                model.at(unit.span.clone()),
                Msg::DuplicateDefinition {
                    kind: DefKind::Unit,
                    name: unit.name.clone(),
                },
            )
            .related(first.clone(), Msg::FirstDefinedHere),
            None => Diagnostic::new(
                Code::R402,
                model.at(unit.span.clone()),
                Msg::DuplicatePrelude {
                    name: unit.name.clone(),
                },
            ),
        };
        out.push(
            d.label(Msg::DuplicateDefinitionLabel)
                .help(Msg::DuplicateDefinitionHelp),
        );
    }
}
