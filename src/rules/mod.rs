//! The checks, one file each, named after what they find. Each reads the resolved
//! [`Model`] and reports [`Diagnostic`]s; the table below is the one place that lists them.
//! The explanation of every code (`plan explain CODE`) is in docs/codes/.
//!
//! P001 is not in the table: a file that does not parse has no model (see `syntax.rs`).

mod baseline_inconsistent;
mod child_deadline_after_parent;
mod contradictory_targets;
mod deadline_before_dependency;
mod deadline_before_issue;
mod deadline_outside_period;
mod dependency_cycle;
mod duplicate_definition;
mod duplicate_owner;
mod import_cycle;
mod invalid_date;
mod milestones_backwards;
mod missing_owner;
mod percent_vs_points;
mod quantity;
mod rollup_dimension;
mod rollup_exceeds;
pub(crate) mod suggest;
pub mod syntax;
mod target_below_baseline;
mod unit_mismatch;
mod unknown_owner;
mod unknown_reference;
mod unknown_unit;
mod unused_owner;
mod written;
// ── issue 10 ──
mod average_growth_inconsistent;
mod each_not_a_group;
mod share_contradicts;
mod target_repeats_baseline;
mod window_elapsed;
// issue 16
mod too_many_repetitions;

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
        code: Code::D201,
        check: deadline_outside_period::check,
    },
    Rule {
        code: Code::D202,
        check: deadline_before_issue::check,
    },
    Rule {
        code: Code::D203,
        check: deadline_before_dependency::check,
    },
    Rule {
        code: Code::D204,
        check: dependency_cycle::check,
    },
    Rule {
        code: Code::D205,
        check: child_deadline_after_parent::check,
    },
    Rule {
        code: Code::D206,
        check: milestones_backwards::check,
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
        code: Code::U302,
        check: unit_mismatch::check,
    },
    Rule {
        code: Code::U303,
        check: percent_vs_points::check,
    },
    Rule {
        code: Code::U304,
        check: rollup_dimension::check,
    },
    Rule {
        code: Code::U305,
        check: rollup_exceeds::check,
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
    Rule {
        code: Code::T501,
        check: contradictory_targets::check,
    },
    Rule {
        code: Code::T502,
        check: baseline_inconsistent::check,
    },
    Rule {
        code: Code::T503,
        check: target_below_baseline::check,
    },
    // ── issue 10 ──
    Rule {
        code: Code::O105,
        check: each_not_a_group::check,
    },
    Rule {
        code: Code::D208,
        check: window_elapsed::check,
    },
    Rule {
        code: Code::T504,
        check: share_contradicts::check,
    },
    Rule {
        code: Code::T505,
        check: average_growth_inconsistent::check,
    },
    Rule {
        code: Code::T506,
        check: target_repeats_baseline::check,
    },
    Rule {
        code: Code::L801,
        check: too_many_repetitions::check,
    },
];

/// Run every check on a model, side by side when a thread is free, the findings in the
/// order of [`RULES`] as if run one after the other. (A big file's model is built while
/// its groups are parsed on both cores; its checks came after, on one: a fifth of checking
/// one 15 MB plan with two threads, issue 15.)
pub fn check(model: &Model) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    RULES
        .par_iter()
        .map(|rule| {
            let mut out = Vec::new();
            (rule.check)(model, &mut out);
            out
        })
        .collect::<Vec<_>>()
        .concat()
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
        U304, U305, R401, R402, R403, T501, T502, T503, C001, D208, O105, T504, T505, T506, S601,
        S602, L801, L802
    )
}
