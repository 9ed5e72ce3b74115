//! O101 missing-owner: a measure with no `owner` line of its own or inherited.
//!
//! A measure nobody is responsible for is the first thing that goes undone. An owner that
//! is named but not registered is O102 instead: the measure does have an owner line.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for (_, node) in model.measures() {
        if node.owners_from.is_none() {
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
}
