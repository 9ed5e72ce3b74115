//! O101 missing-owner: a measure with no `owner` line of its own or inherited (and, v2, no
//! `also` clause reaching it).
//!
//! A measure nobody is responsible for is the first thing that goes undone. An owner that
//! is named but not registered is O102 instead: the measure does have an owner line.
//!
//! When a file names no owner anywhere (two or more measures, none owned), that is one fact
//! about the document, and it is reported once, at the plan header, naming how many measures
//! and pointing at each: one finding per measure would bury every other finding.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let measures = model.measures().count();
    let unowned: Vec<_> = model
        .measures()
        .filter(|(id, _)| !model.has_owner(*id))
        .collect();
    if unowned.len() >= 2 && unowned.len() == measures {
        let header = model.header.as_ref().map(|h| h.head_span.clone());
        let Some(at) = header.or_else(|| unowned.first().map(|(_, n)| n.id_span.clone())) else {
            return;
        };
        let mut d = Diagnostic::new(
            Code::O101,
            model.at(at),
            Msg::NoOwnerInFile {
                count: unowned.len(),
            },
        )
        .label(Msg::NoOwnerInFileLabel)
        .help(Msg::NoOwnerInFileHelp);
        for (_, node) in &unowned {
            d = d.related(
                model.at(node.id_span.clone()),
                Msg::MissingOwner {
                    kind: node.kind,
                    id: node.id.clone(),
                },
            );
        }
        out.push(d);
        return;
    }
    for (_, node) in unowned {
        out.push(
            Diagnostic::new(
                Code::O101,
                model.at(node.id_span.clone()),
                Msg::MissingOwner {
                    kind: node.kind,
                    id: node.id.clone(),
                },
            )
            .label(Msg::MissingOwnerLabel)
            .help(Msg::MissingOwnerHelp),
        );
    }
}
