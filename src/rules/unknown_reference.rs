//! R401 unknown-reference: an `after`, `part of` or `use` that points at nothing.
//! Suggests the nearest name of the right kind.

use super::suggest::Names;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::i18n::{DefKind, Msg};
use crate::model::{ImportFailure, ImportStatus, Model};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for import in &model.imports {
        let (message, help) = match &import.status {
            ImportStatus::Missing(reason) => (
                Msg::ImportMissing {
                    path: import.path.clone(),
                    reason: reason.clone(),
                },
                match reason {
                    ImportFailure::Unreadable(_) => Msg::ImportUnreadableHelp,
                    ImportFailure::TooDeep(limit, chain) => Msg::ImportTooDeepHelp {
                        limit: *limit,
                        chain: chain.clone(),
                    },
                    _ => Msg::ImportMissingHelp,
                },
            ),
            ImportStatus::Broken { shown, line } => (
                Msg::ImportBroken {
                    path: import.path.clone(),
                    line: *line,
                },
                Msg::ImportBrokenHelp {
                    path: shown.clone(),
                },
            ),
            ImportStatus::Ok | ImportStatus::Cycle(_) => continue,
        };
        out.push(
            Diagnostic::new(Code::R401, model.at(import.span.clone()), message)
                .label(Msg::UnknownReferenceLabel)
                .help(help),
        );
    }
    // Each kind of name is indexed once, and only when a reference found nothing.
    let mut measures: Option<Names> = None;
    for node in &model.nodes {
        for after in node.after.iter().filter(|a| a.node.is_none()) {
            let names = measures
                .get_or_insert_with(|| Names::new(model.nodes.iter().map(|n| n.id.as_str())));
            out.push(unknown(
                DefKind::Measure,
                &after.name,
                model.at(after.span.clone()),
                names.nearest(&after.name),
            ));
        }
    }
    let mut metrics: Option<Names> = None;
    for metric in &model.metrics {
        let Some(part) = metric.part_of.as_ref().filter(|p| p.whole.is_none()) else {
            continue;
        };
        if !metric.local {
            continue;
        }
        let names =
            metrics.get_or_insert_with(|| Names::new(model.metrics.iter().map(|m| m.id.as_str())));
        out.push(unknown(
            DefKind::Metric,
            &part.name,
            part.at.clone(),
            names.nearest(&part.name),
        ));
    }
}

fn unknown(kind: DefKind, name: &str, at: Location, suggestion: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Code::R401,
        at,
        Msg::UnknownReference {
            kind,
            name: name.to_string(),
        },
    )
    .label(Msg::UnknownReferenceLabel)
    .help(match suggestion {
        Some(name) => Msg::DidYouMean { name },
        None => Msg::UnknownReferenceHelp { kind },
    })
}
