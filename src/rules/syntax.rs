//! P001 syntax: the file does not parse. One finding per file, at the token where the
//! parser stopped, saying in words what it expected there; nothing else is checked in
//! that file, since every other finding would be a guess.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::i18n::Msg;
use crate::source::Source;
use crate::syntax::{SyntaxError, SyntaxProblem};

/// The finding for a file that does not parse.
pub fn diagnose(source: &Arc<Source>, error: &SyntaxError) -> Diagnostic {
    let d = Diagnostic::new(
        Code::P001,
        Location::new(source, error.span.clone()),
        Msg::Syntax(error.problem.clone()),
    )
    .label(Msg::SyntaxLabel(error.problem.clone()))
    .help(Msg::SyntaxHelp(error.problem.clone()));
    match &error.problem {
        // An unclosed `{` is found at the end of the file: both places are shown.
        SyntaxProblem::Unclosed { end } => {
            d.related(Location::new(source, end.clone()), Msg::SyntaxFileEnds)
        }
        _ => d,
    }
}

/// The finding for a file that is not UTF-8 text (it is shown as far as it is valid).
pub fn not_utf8(source: &Arc<Source>, offset: usize) -> Diagnostic {
    let at = offset.min(source.text.len());
    Diagnostic::new(
        Code::P001,
        Location::new(source, at..at),
        Msg::NotUtf8 { offset },
    )
    .help(Msg::NotUtf8Help)
}
