//! O105 each-not-a-group: a per-member target (`each NAME`) whose NAME is a registered
//! owner but not a `group` entry. "For each member" of a single unit means nothing, and the
//! target would silently be left out of every comparison with plan totals. An unregistered
//! name is O102, like any owner reference.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<usize> = Vec::new();
    for t in &model.targets {
        let Some(each) = &t.each else { continue };
        let Some(owner) = each.owner.and_then(|o| model.owners.get(o)) else {
            continue;
        };
        // A line naming two metrics is one place.
        if owner.group || seen.contains(&each.span.start) {
            continue;
        }
        seen.push(each.span.start);
        out.push(
            Diagnostic::new(
                Code::O105,
                model.at(each.span.clone()),
                Msg::EachNotAGroup {
                    name: each.name.clone(),
                },
            )
            .label(Msg::EachNotAGroupLabel)
            .related(owner.at.clone(), Msg::RegisteredAsUnitHere)
            .help(Msg::EachNotAGroupHelp {
                name: owner.id.clone(),
            }),
        );
    }
}
