//! O103 duplicate-owner: two registry entries share an id, full name or alias, so a
//! reference by that name would be ambiguous. Reported at the later entry, with the first.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for clash in &model.owner_clashes {
        out.push(
            Diagnostic::new(
                Code::O103,
                clash.at.clone(),
                Msg::DuplicateOwner {
                    name: clash.name.clone(),
                },
            )
            .label(Msg::DuplicateOwnerLabel)
            .related(clash.first.clone(), Msg::FirstRegisteredHere)
            .help(Msg::DuplicateOwnerHelp),
        );
    }
}
