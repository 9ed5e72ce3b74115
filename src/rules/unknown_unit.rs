//! U301 unknown-unit: a unit neither in the prelude nor declared with `unit`. Suggests the
//! nearest known unit (`万屯` → `万吨`).

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for r in model.unit_refs.iter().filter(|r| r.unit.is_none()) {
        out.push(
            Diagnostic::new(
                Code::U301,
                model.at(r.span.clone()),
                Msg::UnknownUnit {
                    name: r.name.clone(),
                },
            )
            .label(Msg::UnknownUnitLabel)
            .help(match model.units.suggest(&r.name) {
                Some(name) => Msg::DidYouMean { name },
                None => Msg::UnknownUnitHelp,
            }),
        );
    }
}
