//! Findings as SARIF 2.1.0, the format code-scanning services read (GitHub's
//! `upload-sarif`, Azure DevOps, SonarQube…).
//!
//! One run, one rule per code the results use (with its `plan explain` page as help), one
//! result per finding. SARIF counts columns in UTF-16 code units unless told otherwise; the run says
//! so explicitly with `columnKind`, and every column comes from [`LineIndex`] — on a line
//! of Chinese text a character-counted column would point elsewhere.
//!
//! The types are written here rather than taken from serde-sarif: `plan` emits a small,
//! fixed subset, and a dozen plain structs read more easily than that crate's builders.
//!
//! [`LineIndex`]: crate::text::LineIndex

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Location, Severity};
use crate::i18n::Lang;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where people read about the tool: the crate's `repository` when Cargo.toml names one
/// (it names none yet, and a guessed address would send readers to someone else's crate).
const INFORMATION_URI: Option<&str> = match env!("CARGO_PKG_REPOSITORY").as_bytes() {
    [] => None,
    _ => Some(env!("CARGO_PKG_REPOSITORY")),
};

#[derive(Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub column_kind: &'static str,
    pub results: Vec<ResultOut>,
}

#[derive(Serialize)]
pub struct Tool {
    pub driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: &'static str,
    pub version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub information_uri: Option<&'static str>,
    pub rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub short_description: Text,
    pub help: Help,
    pub default_configuration: Configuration,
}

#[derive(Serialize)]
pub struct Text {
    pub text: String,
}

#[derive(Serialize)]
pub struct Help {
    pub text: String,
    pub markdown: String,
}

#[derive(Serialize)]
pub struct Configuration {
    pub level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultOut {
    pub rule_id: &'static str,
    pub rule_index: usize,
    pub level: &'static str,
    pub message: Text,
    pub locations: Vec<LocationOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<LocationOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<usize>,
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    pub region: Region,
}

#[derive(Serialize)]
pub struct ArtifactLocation {
    pub uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// The SARIF log of a run. Its rules are the codes its results use, in `Code::ALL`'s order
/// (SARIF 2.1.0 lets `tool.driver.rules` be any subset that the results' `ruleIndex`
/// point into): every rule carries its whole `plan explain` page, so listing all of them
/// made even a clean run's log some 100 KB of help that no result refers to.
pub fn build(diagnostics: &[Diagnostic], lang: Lang) -> Log {
    let mut used = [false; Code::ALL.len()];
    for d in diagnostics {
        if let Some(i) = code_position(d.code) {
            if let Some(slot) = used.get_mut(i) {
                *slot = true;
            }
        }
    }
    let listed: Vec<Code> = Code::ALL
        .iter()
        .zip(used)
        .filter_map(|(&code, used)| used.then_some(code))
        .collect();
    let rules = listed
        .iter()
        .map(|&code| {
            let page = crate::rules::explain(code, lang);
            Rule {
                id: code.as_str(),
                name: code.name(),
                short_description: Text {
                    text: code.name().replace('-', " "),
                },
                help: Help {
                    text: page.to_string(),
                    markdown: page.to_string(),
                },
                default_configuration: Configuration {
                    level: level(code.default_severity()),
                },
            }
        })
        .collect();
    let results = diagnostics
        .iter()
        .map(|d| ResultOut {
            rule_id: d.code.as_str(),
            rule_index: listed.iter().position(|&c| c == d.code).unwrap_or(0),
            level: level(d.severity),
            message: Text {
                text: lang.say(&d.message),
            },
            locations: vec![location(&d.location, None, None)],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| location(&r.location, Some(i), Some(lang.say(&r.message))))
                .collect(),
        })
        .collect();
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "plan",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    }
}

/// The log as pretty-printed JSON.
pub fn to_json(log: &Log) -> String {
    serde_json::to_string_pretty(log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn code_position(code: Code) -> Option<usize> {
    Code::ALL.iter().position(|&c| c == code)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(at: &Location, id: Option<usize>, message: Option<String>) -> LocationOut {
    let source = &at.source;
    let (start_line, start_col) = source
        .lines()
        .lsp_position_utf16(&source.text, at.span.start);
    let (end_line, end_col) = source.lines().lsp_position_utf16(&source.text, at.span.end);
    LocationOut {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: super::uri(&super::relative_path(source)),
            },
            region: Region {
                start_line: start_line.saturating_add(1),
                start_column: start_col.saturating_add(1),
                end_line: end_line.saturating_add(1),
                end_column: end_col.saturating_add(1),
            },
        },
        message: message.map(|text| Text { text }),
    }
}
