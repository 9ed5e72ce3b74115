//! R403 import-cycle (extension of LANGUAGE.md §5, which says cycles are an error without
//! giving them a code): `use` lines that lead back to the file itself. Names the whole
//! chain of files, once, at the `use` line of this file that starts it.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{ImportStatus, Model};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for import in &model.imports {
        if let ImportStatus::Cycle(chain) = &import.status {
            out.push(
                Diagnostic::new(
                    Code::R403,
                    model.at(import.span.clone()),
                    Msg::ImportCycle {
                        chain: chain.clone(),
                    },
                )
                .label(Msg::ImportCycleLabel)
                .help(Msg::ImportCycleHelp),
            );
        }
    }
}
