//! O102 unknown-owner: an `owner` or `issuer` line names no registered owner (by id, full
//! name or alias). Suggests the nearest registered name.

use super::suggest::Names;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    // Indexed once for every unknown name, not rescanned for each (issue 16), and only
    // when a name is unknown.
    let mut names: Option<Names> = None;
    for r in model.owner_refs.iter().filter(|r| r.resolved.is_none()) {
        let names = names.get_or_insert_with(|| {
            Names::new(
                model
                    .owners
                    .iter()
                    .flat_map(|o| o.written.iter().map(|(n, _)| n.as_str())),
            )
        });
        let help = match names.nearest(&r.name) {
            Some(name) => Msg::DidYouMean { name },
            None => Msg::UnknownOwnerHelp {
                name: r.name.clone(),
            },
        };
        out.push(
            Diagnostic::new(
                Code::O102,
                model.at(r.span.clone()),
                Msg::UnknownOwner {
                    name: r.name.clone(),
                },
            )
            .label(Msg::UnknownOwnerLabel)
            .help(help),
        );
    }
}
