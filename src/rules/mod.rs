//! The checks, one file each, named after what they find. Each reads the resolved
//! [`Model`] and reports [`Diagnostic`]s; the table below is the one place that lists them.
//! The explanation of every code (`plan explain CODE`) is in docs/codes/.
//!
//! P001 is not in the table: a file that does not parse has no model (see `syntax.rs`).

mod duplicate_definition;
mod duplicate_owner;
mod import_cycle;
mod invalid_date;
mod missing_owner;
mod suggest;
pub mod syntax;
mod unknown_owner;
mod unknown_reference;
mod unknown_unit;
mod unused_owner;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Model;

/// A check: its code and the function that runs it.
pub struct Rule {
    pub code: Code,
    pub check: fn(&Model, &mut Vec<Diagnostic>),
}

/// Every check that runs on a resolved model, in the order of LANGUAGE.md §5.
pub const RULES: &[Rule] = &[
    Rule {
        code: Code::O101,
        check: missing_owner::check,
    },
    Rule {
        code: Code::O102,
        check: unknown_owner::check,
    },
    Rule {
        code: Code::O103,
        check: duplicate_owner::check,
    },
    Rule {
        code: Code::O104,
        check: unused_owner::check,
    },
    Rule {
        code: Code::D207,
        check: invalid_date::check,
    },
    Rule {
        code: Code::U301,
        check: unknown_unit::check,
    },
    Rule {
        code: Code::R401,
        check: unknown_reference::check,
    },
    Rule {
        code: Code::R402,
        check: duplicate_definition::check,
    },
    Rule {
        code: Code::R403,
        check: import_cycle::check,
    },
];

/// Run every check on a model.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        (rule.check)(model, &mut out);
    }
    out
}

/// The explanation of a code (`plan explain`), from docs/codes/<lang>/<CODE>.md.
pub fn explain(code: Code, lang: crate::i18n::Lang) -> &'static str {
    macro_rules! pages {
        ($($c:ident),*) => {
            match (code, lang) {
                $(
                    (Code::$c, crate::i18n::Lang::En) => include_str!(concat!("../../docs/codes/en/", stringify!($c), ".md")),
                    (Code::$c, crate::i18n::Lang::Zh) => include_str!(concat!("../../docs/codes/zh/", stringify!($c), ".md")),
                )*
            }
        };
    }
    pages!(
        P001, O101, O102, O103, O104, D201, D202, D203, D204, D205, D206, D207, U301, U302, U303,
        U304, U305, R401, R402, R403, T501, T502, T503, C001
    )
}
