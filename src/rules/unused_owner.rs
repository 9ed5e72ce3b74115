//! O104 unused-owner: an owner registered in this file that nothing in this file uses
//! (no `owner` line, no `issuer`). Registry-only files — no sections, no measures — exist
//! to be imported and are exempt.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    if model.nodes.is_empty() {
        return;
    }
    let mut used = vec![false; model.owners.len()];
    for r in &model.owner_refs {
        if let Some(slot) = r.resolved.and_then(|o| used.get_mut(o)) {
            *slot = true;
        }
    }
    for (owner, used) in model.owners.iter().zip(used) {
        if owner.local && !used {
            out.push(
                Diagnostic::new(
                    Code::O104,
                    owner.at.clone(),
                    Msg::UnusedOwner {
                        id: owner.id.clone(),
                    },
                )
                .label(Msg::UnusedOwnerLabel)
                .help(Msg::UnusedOwnerHelp),
            );
        }
    }
}
