//! Findings for machines: the JSON document of LANGUAGE.md §6.
//!
//! Lines and columns are 1-based, columns count Unicode scalar values, and
//! `end_line`/`end_column` point just past the span.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;

#[derive(Serialize)]
pub struct Report {
    pub diagnostics: Vec<Finding>,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Paths that could not be read or walked (exit 2): a run that read nothing must not
    /// look clean.
    pub io_errors: usize,
}

#[derive(Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub help: Option<String>,
    pub related: Vec<RelatedFinding>,
}

#[derive(Serialize)]
pub struct RelatedFinding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The report of a run over `files` files.
pub fn build(diagnostics: &[Diagnostic], files: usize, lang: Lang) -> Report {
    let findings = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.start();
            let (end_line, end_column) = d.end();
            Finding {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                message: lang.say(&d.message),
                file: d.location.source.display_path(),
                line,
                column,
                end_line,
                end_column,
                help: d.help.as_ref().map(|h| lang.say(h)),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let (line, column) = r.location.source.line_col(r.location.span.start);
                        RelatedFinding {
                            file: r.location.source.display_path(),
                            line,
                            column,
                            message: lang.say(&r.message),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Report {
        diagnostics: findings,
        files,
        errors: count(diagnostics, Severity::Error),
        warnings: count(diagnostics, Severity::Warning),
        io_errors: 0,
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// The report as pretty-printed JSON.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
