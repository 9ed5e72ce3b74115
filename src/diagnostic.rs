//! The one type every finding is: a stable code, a severity, a message, the primary span,
//! related spans with their own labels, and a help line.
//!
//! Messages are not strings here but [`Msg`] values, rendered in the reader's language by
//! the catalogs in src/i18n/ — so codes, spans and JSON keys are the same in every language.

use std::ops::Range;
use std::sync::Arc;

use crate::i18n::Msg;
use crate::source::Source;

/// How bad a finding is. `--deny warnings` turns warnings into a failing exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Every finding's code. Codes never change meaning (LANGUAGE.md §5); new checks get new codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    P001,
    O101,
    O102,
    O103,
    O104,
    D201,
    D202,
    D203,
    D204,
    D205,
    D206,
    D207,
    U301,
    U302,
    U303,
    U304,
    U305,
    R401,
    R402,
    R403,
    T501,
    T502,
    T503,
    C001,
    // ── issue 10: what real plans say ──
    D208,
    O105,
    T504,
    T505,
    T506,
    // ── issue 13: progress ──
    S601,
    S602,
    // ── issue 16: limits on the work a small input may ask for ──
    L801,
    L802,
}

impl Code {
    /// Every code, in the order of LANGUAGE.md §5 (extensions last in their group; C0xx,
    /// findings in the repository's `plan.toml`, last of all).
    pub const ALL: [Code; 33] = [
        Code::P001,
        Code::O101,
        Code::O102,
        Code::O103,
        Code::O104,
        Code::D201,
        Code::D202,
        Code::D203,
        Code::D204,
        Code::D205,
        Code::D206,
        Code::D207,
        Code::U301,
        Code::U302,
        Code::U303,
        Code::U304,
        Code::U305,
        Code::R401,
        Code::R402,
        Code::R403,
        Code::T501,
        Code::T502,
        Code::T503,
        Code::C001,
        Code::D208,
        Code::O105,
        Code::T504,
        Code::T505,
        Code::T506,
        Code::S601,
        Code::S602,
        Code::L801,
        Code::L802,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::P001 => "P001",
            Code::O101 => "O101",
            Code::O102 => "O102",
            Code::O103 => "O103",
            Code::O104 => "O104",
            Code::D201 => "D201",
            Code::D202 => "D202",
            Code::D203 => "D203",
            Code::D204 => "D204",
            Code::D205 => "D205",
            Code::D206 => "D206",
            Code::D207 => "D207",
            Code::U301 => "U301",
            Code::U302 => "U302",
            Code::U303 => "U303",
            Code::U304 => "U304",
            Code::U305 => "U305",
            Code::R401 => "R401",
            Code::R402 => "R402",
            Code::R403 => "R403",
            Code::T501 => "T501",
            Code::T502 => "T502",
            Code::T503 => "T503",
            Code::C001 => "C001",
            Code::D208 => "D208",
            Code::O105 => "O105",
            Code::T504 => "T504",
            Code::T505 => "T505",
            Code::T506 => "T506",
            Code::S601 => "S601",
            Code::S602 => "S602",
            Code::L801 => "L801",
            Code::L802 => "L802",
        }
    }

    /// The check's short name (`missing-owner`).
    pub fn name(self) -> &'static str {
        match self {
            Code::P001 => "syntax",
            Code::O101 => "missing-owner",
            Code::O102 => "unknown-owner",
            Code::O103 => "duplicate-owner",
            Code::O104 => "unused-owner",
            Code::D201 => "deadline-outside-period",
            Code::D202 => "deadline-before-issue",
            Code::D203 => "deadline-before-dependency",
            Code::D204 => "dependency-cycle",
            Code::D205 => "child-deadline-after-parent",
            Code::D206 => "milestones-backwards",
            Code::D207 => "invalid-date",
            Code::U301 => "unknown-unit",
            Code::U302 => "unit-mismatch",
            Code::U303 => "percent-vs-points",
            Code::U304 => "rollup-dimension",
            Code::U305 => "rollup-exceeds",
            Code::R401 => "unknown-reference",
            Code::R402 => "duplicate-definition",
            Code::R403 => "import-cycle",
            Code::T501 => "contradictory-targets",
            Code::T502 => "baseline-inconsistent",
            Code::T503 => "target-below-baseline",
            Code::C001 => "config-invalid",
            Code::D208 => "window-elapsed",
            Code::O105 => "each-not-a-group",
            Code::T504 => "share-contradicts",
            Code::T505 => "average-growth-inconsistent",
            Code::T506 => "target-repeats-baseline",
            Code::S601 => "target-overdue",
            Code::S602 => "target-behind",
            Code::L801 => "too-many-repetitions",
            Code::L802 => "too-many-findings",
        }
    }

    /// The severity LANGUAGE.md §5 gives the check.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::O104 | Code::D206 | Code::U303 | Code::U305 | Code::T502 | Code::T503 => {
                Severity::Warning
            }
            Code::D208 | Code::T504 | Code::T505 | Code::T506 => Severity::Warning,
            Code::S602 => Severity::Warning,
            // Never changes an exit code: a finding left out is itself a warning or an error.
            Code::L802 => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Parse `O101` (any case).
    pub fn parse(text: &str) -> Option<Code> {
        let upper = text.trim().to_ascii_uppercase();
        Code::ALL.into_iter().find(|c| c.as_str() == upper)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a source file.
#[derive(Clone, Debug)]
pub struct Location {
    pub source: Arc<Source>,
    pub span: Range<usize>,
}

impl Location {
    pub fn new(source: &Arc<Source>, span: Range<usize>) -> Self {
        Location {
            source: Arc::clone(source),
            span,
        }
    }
}

/// Another place involved in a finding, with what it has to do with it.
#[derive(Clone, Debug)]
pub struct Related {
    pub location: Location,
    pub message: Msg,
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Msg,
    pub location: Location,
    /// Shown under the primary span; the message is used when there is none.
    pub label: Option<Msg>,
    pub related: Vec<Related>,
    pub help: Option<Msg>,
}

impl Diagnostic {
    /// A finding with the code's default severity.
    pub fn new(code: Code, location: Location, message: Msg) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message,
            location,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, label: Msg) -> Self {
        self.label = Some(label);
        self
    }

    pub fn help(mut self, help: Msg) -> Self {
        self.help = Some(help);
        self
    }

    pub fn help_opt(mut self, help: Option<Msg>) -> Self {
        self.help = help;
        self
    }

    pub fn related(mut self, location: Location, message: Msg) -> Self {
        self.related.push(Related { location, message });
        self
    }

    /// Several related places at once.
    pub fn related_all(mut self, places: impl IntoIterator<Item = (Location, Msg)>) -> Self {
        for (location, message) in places {
            self.related.push(Related { location, message });
        }
        self
    }

    /// 1-based (line, column) of the primary span's start, columns in characters.
    pub fn start(&self) -> (usize, usize) {
        self.location.source.line_col(self.location.span.start)
    }

    /// 1-based (line, column) just past the primary span.
    pub fn end(&self) -> (usize, usize) {
        self.location.source.line_col(self.location.span.end)
    }
}

/// Sort findings the way every output shows them: by file, then position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location
            .source
            .path
            .cmp(&b.location.source.path)
            .then(a.location.span.start.cmp(&b.location.span.start))
            .then(a.code.cmp(&b.code))
            .then(a.location.span.end.cmp(&b.location.span.end))
    });
}
