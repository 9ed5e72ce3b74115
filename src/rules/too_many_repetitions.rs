//! L801 too-many-repetitions: a `per year|quarter|month` target whose window holds more
//! deadlines than `plan` expands. Each deadline is checked and becomes a line of the compiled
//! output, so `per month` over `period 1000..9999` (108,000 deadlines) made an 839-byte plan
//! take seconds to check and hundreds of megabytes to compile (issue 16). The limits are
//! [`crate::dates::MAX_REPEATS`] per target and [`crate::dates::MAX_REPEATS_IN_PLAN`] per
//! file; past them only the earliest deadlines are kept, and this finding says so.

use crate::dates::{MAX_REPEATS, MAX_REPEATS_IN_PLAN};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for cut in &model.repeat_cuts {
        let message = if cut.plan_total {
            Msg::TooManyRepetitionsInPlan {
                count: cut.count,
                kept: cut.kept,
                limit: MAX_REPEATS_IN_PLAN,
            }
        } else {
            Msg::TooManyRepetitions {
                count: cut.count,
                kept: cut.kept,
                limit: MAX_REPEATS,
            }
        };
        out.push(
            Diagnostic::new(Code::L801, model.at(cut.span.clone()), message)
                .label(Msg::TooManyRepetitionsLabel { count: cut.count })
                .help(Msg::TooManyRepetitionsHelp),
        );
    }
}
