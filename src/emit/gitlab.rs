//! Findings as a GitLab Code Quality report: a JSON array that GitLab shows in the merge
//! request widget and diff.
//!
//! GitLab matches findings across pipelines by `fingerprint`, so it must be unique within a
//! report and stable between runs: the SHA-256 of the code, the path, the line, the
//! English message (so `--lang` does not change it) and the finding's index among those
//! with all four equal.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;

#[derive(Serialize)]
pub struct Issue {
    pub description: String,
    pub check_name: &'static str,
    pub fingerprint: String,
    pub severity: &'static str,
    pub location: IssueLocation,
}

#[derive(Serialize)]
pub struct IssueLocation {
    pub path: String,
    pub lines: Lines,
}

#[derive(Serialize)]
pub struct Lines {
    pub begin: usize,
}

/// The report of a run.
pub fn build(diagnostics: &[Diagnostic], lang: Lang) -> Vec<Issue> {
    let mut seen: HashMap<(&'static str, String, usize, String), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let path = super::relative_path(&d.location.source);
            let (line, _) = d.start();
            let english = Lang::En.say(&d.message);
            let occurrence = seen
                .entry((d.code.as_str(), path.clone(), line, english.clone()))
                .or_insert(0);
            let index = *occurrence;
            *occurrence += 1;
            let mut hash = Sha256::new();
            for part in [
                d.code.as_str(),
                &path,
                &line.to_string(),
                &english,
                &index.to_string(),
            ] {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
            let fingerprint = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
            Issue {
                description: lang.say(&d.message),
                check_name: d.code.as_str(),
                fingerprint,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: IssueLocation {
                    path,
                    lines: Lines { begin: line },
                },
            }
        })
        .collect()
}

/// The report as pretty-printed JSON.
pub fn to_json(issues: &[Issue]) -> String {
    serde_json::to_string_pretty(issues).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
