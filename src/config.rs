//! The repository's configuration: `plan.toml` at its root, found by walking up from the
//! current folder (or named with `--config`).
//!
//! ```toml
//! paths = ["plans"]          # what `plan check` checks when given no PATH
//! lang = "zh"                # default language of messages
//! [severity]
//! O104 = "off"
//! T503 = "error"
//! ```
//!
//! A mistake in it — a key or code that does not exist, a value that is not allowed — is a
//! finding (C001) at its span, reported like a finding in a plan; what is valid still
//! applies.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Code, Diagnostic, Location, Severity};
use crate::i18n::{Lang, Msg};
use crate::source::Source;

/// The file name looked for in the current folder and every folder above it.
pub const FILE_NAME: &str = "plan.toml";

/// What a code's findings become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// The configuration read, with its own findings.
#[derive(Debug, Default)]
pub struct Config {
    /// The paths to check when none is given, relative to the current folder.
    pub paths: Vec<PathBuf>,
    pub lang: Option<Lang>,
    pub severity: HashMap<Code, Level>,
    /// C001 findings: what in the file is wrong.
    pub diagnostics: Vec<Diagnostic>,
}

/// The file as written; every value keeps its span for C001.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `plan.toml` in `start` or the nearest folder above it, as a path relative to `start`
/// (`plan.toml`, `../plan.toml`, …) so that reports keep relative paths.
pub fn find(start: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(FILE_NAME).is_file() {
            return Some(relative.join(FILE_NAME));
        }
        relative.push("..");
        dir = d.parent();
    }
    None
}

impl Config {
    /// Read a configuration file. An unreadable file is an I/O error; anything wrong
    /// inside it is a finding in [`Config::diagnostics`].
    pub fn load(path: &Path) -> std::io::Result<Config> {
        let text = std::fs::read_to_string(path)?;
        Ok(Config::parse(Source::new(path, text), path.parent()))
    }

    /// Read a configuration from a source; `paths` are taken relative to `dir`.
    pub fn parse(source: Arc<Source>, dir: Option<&Path>) -> Config {
        let mut config = Config::default();
        let finding = |span: Range<usize>, message: Msg| {
            Diagnostic::new(Code::C001, Location::new(&source, span), message)
                .label(Msg::ConfigLabel)
                .help(Msg::ConfigHelp)
        };
        let raw: Raw = match toml::from_str(&source.text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let detail = e.message().trim_end().to_string();
                config
                    .diagnostics
                    .push(finding(span, Msg::ConfigSyntax { detail }));
                return config;
            }
        };
        let dir = dir.filter(|d| !d.as_os_str().is_empty());
        config.paths = raw
            .paths
            .iter()
            .map(|p| match dir {
                Some(d) => d.join(p.get_ref()),
                None => PathBuf::from(p.get_ref()),
            })
            .collect();
        if let Some(lang) = &raw.lang {
            match lang.get_ref().as_str() {
                "en" => config.lang = Some(Lang::En),
                "zh" => config.lang = Some(Lang::Zh),
                other => config.diagnostics.push(finding(
                    lang.span(),
                    Msg::ConfigBadLang {
                        value: other.to_string(),
                    },
                )),
            }
        }
        for (code, level) in &raw.severity {
            // Codes are written as they are printed (`O104`), not in another case.
            let Some(parsed) = Code::parse(code.get_ref()).filter(|c| c.as_str() == code.get_ref())
            else {
                config.diagnostics.push(finding(
                    code.span(),
                    Msg::ConfigUnknownCode {
                        code: code.get_ref().clone(),
                    },
                ));
                continue;
            };
            let level = match level.get_ref().as_str() {
                "error" => Level::Error,
                "warning" => Level::Warning,
                "off" => Level::Off,
                other => {
                    config.diagnostics.push(finding(
                        level.span(),
                        Msg::ConfigBadSeverity {
                            value: other.to_string(),
                        },
                    ));
                    continue;
                }
            };
            config.severity.insert(parsed, level);
        }
        config
    }

    /// Findings with the configured severities: `off` drops a finding, `error` and
    /// `warning` replace its severity. Order is kept.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.severity.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                match self.severity.get(&d.code) {
                    None => {}
                    Some(Level::Off) => return None,
                    Some(Level::Error) => d.severity = Severity::Error,
                    Some(Level::Warning) => d.severity = Severity::Warning,
                }
                Some(d)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Config {
        Config::parse(Source::new("plan.toml", text), None)
    }

    #[test]
    fn reads_paths_lang_and_severities() {
        let c = parse(
            "paths = [\"plans\"]\nlang = \"zh\"\n[severity]\nO104 = \"off\"\nT503 = \"error\"\n",
        );
        assert!(c.diagnostics.is_empty());
        assert_eq!(c.paths, vec![PathBuf::from("plans")]);
        assert_eq!(c.lang, Some(Lang::Zh));
        assert_eq!(c.severity.get(&Code::O104), Some(&Level::Off));
        assert_eq!(c.severity.get(&Code::T503), Some(&Level::Error));
    }

    #[test]
    fn mistakes_are_c001_at_their_span() {
        let text = "lang = \"fr\"\n[severity]\nX999 = \"off\"\nO101 = \"loud\"\n";
        let c = parse(text);
        let spans: Vec<&str> = c
            .diagnostics
            .iter()
            .map(|d| &text[d.location.span.clone()])
            .collect();
        assert_eq!(spans, ["\"fr\"", "\"loud\"", "X999"]);
        assert!(c.diagnostics.iter().all(|d| d.code == Code::C001));
        assert!(c.severity.is_empty());

        let text = "path = [\"plans\"]\n";
        let c = parse(text);
        assert_eq!(c.diagnostics.len(), 1);
        assert_eq!(&text[c.diagnostics[0].location.span.clone()], "path");
    }
}
