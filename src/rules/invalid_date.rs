//! D207 invalid-date: a date that does not exist (`2025-02-30`, `2025-Q5`) or a period or
//! window that ends before it starts. Reported once where written; everything that would
//! inherit the date treats it as absent, so no second finding follows from it.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for bad in &model.bad_dates {
        out.push(
            Diagnostic::new(
                Code::D207,
                model.at(bad.span.clone()),
                Msg::InvalidDate {
                    text: bad.text.clone(),
                    error: bad.error.clone(),
                },
            )
            .label(Msg::InvalidDateLabel)
            .help(Msg::InvalidDateHelp),
        );
    }
}
