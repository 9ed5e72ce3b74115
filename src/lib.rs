//! `plan`: a checker and compiler for plans with numbers in them.
//!
//! The pipeline, one module per arrow:
//!
//! ```text
//! source text ─► syntax (pest grammar → AST) ─► model (resolve) ─► rules ─► diagnostics ─► emit::human / emit::report
//!                                                          └──────────────────────────► emit::compiled (JSON / TOML)
//! ```
//!
//! ```
//! use plan::{check_text, emit, i18n::Lang};
//!
//! let checked = check_text("demo.plan", r#"
//! plan "示例" { issued 2025-01-10  period 2025 }
//! owners { 发改局 "遂宁市安居区发展和改革局" }
//! measure 粮食 "提升农业现代化水平" {
//!   owner 发改局
//!   target 粮食总产量 >= 42 万吨 by 2025-06
//! }
//! "#);
//! assert!(checked.diagnostics.is_empty());
//! let compiled = emit::compiled::compile(checked.model.as_ref().unwrap());
//! assert_eq!(compiled.measures[0].targets[0].deadline.as_deref(), Some("2025-06-30"));
//!
//! let broken = check_text("broken.plan", "measure 粮食 { target 粮食总产量 >= }");
//! assert_eq!(broken.diagnostics[0].code.as_str(), "P001");
//! assert_eq!(
//!     Lang::En.say(&broken.diagnostics[0].message),
//!     "expected a number after `>=`, found `}`"
//! );
//! ```

pub mod cap;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod emit;
pub mod format;
pub mod i18n;
pub mod import;
pub mod ledger;
pub mod lsp;
pub mod model;
pub mod near;
pub mod number;
pub mod output;
pub mod render;
pub mod rules;
pub mod source;
pub mod status;
pub mod syntax;
pub mod text;
pub mod units;

use std::path::Path;
use std::sync::Arc;

use diagnostic::Diagnostic;
use model::{Loader, Model, Parsed};
use source::{LoadError, Source};

/// One file checked: its source, its model (when it parsed) and its findings, sorted.
#[derive(Debug)]
pub struct Checked {
    pub source: Arc<Source>,
    pub model: Option<Model>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Check a parsed file: resolve it and run every rule, or report its syntax error.
pub fn check_parsed(loader: &Loader, parsed: &Parsed) -> Checked {
    let source = Arc::clone(&parsed.source);
    match &parsed.ast {
        Err(e) => Checked {
            diagnostics: vec![rules::syntax::diagnose(&source, e)],
            source,
            model: None,
        },
        Ok(ast) => {
            let model = model::build(loader, Arc::clone(&source), Arc::clone(ast));
            findings_of(source, model)
        }
    }
}

/// Every rule over a built model, its findings in report order.
fn findings_of(source: Arc<Source>, model: Model) -> Checked {
    let mut diagnostics = rules::check(&model);
    diagnostic::sort(&mut diagnostics);
    Checked {
        source,
        model: Some(model),
        diagnostics,
    }
}

/// Check a parsed file for its findings only (`plan check`): as [`check_parsed`], but the
/// model does not keep the syntax tree (`Model::ast` is `None`), which is freed as the model
/// is built — unless someone else holds it too (a cached import, an editor buffer).
pub fn check_parsed_lean(loader: &Loader, parsed: Arc<Parsed>) -> Checked {
    let parsed = match Arc::try_unwrap(parsed) {
        Ok(parsed) => parsed,
        Err(shared) => return check_parsed(loader, &shared),
    };
    match parsed.ast {
        Err(e) => Checked {
            diagnostics: vec![rules::syntax::diagnose(&parsed.source, &e)],
            source: parsed.source,
            model: None,
        },
        Ok(ast) => {
            let source = parsed.source;
            let model = match Arc::try_unwrap(ast) {
                Ok(file) => model::build_lean(loader, Arc::clone(&source), file),
                Err(shared) => model::build(loader, Arc::clone(&source), shared),
            };
            findings_of(source, model)
        }
    }
}

/// Check a file's text for its findings only, never holding its whole syntax tree
/// ([`model::build_staged`]): `plan check` of one large file takes less memory (issue 15).
pub fn check_source_lean(loader: &Loader, source: Arc<Source>) -> Checked {
    match model::build_staged(loader, Arc::clone(&source)) {
        Ok(model) => findings_of(source, model),
        Err(e) => Checked {
            diagnostics: vec![rules::syntax::diagnose(&source, &e)],
            source,
            model: None,
        },
    }
}

/// Check a file on disk. A file that is not UTF-8 is a finding (P001), not an I/O error;
/// a missing or unreadable file, or a directory, is an I/O error. The file itself is not
/// kept in the loader's cache (what it imports is), so checking many files in a row with
/// one loader keeps memory flat.
pub fn check_file(loader: &Loader, path: &Path) -> Result<Checked, LoadError> {
    check_file_as(loader, path, false)
}

/// [`check_file`] for the findings only: the model does not keep the syntax tree
/// ([`check_parsed_lean`]).
pub fn check_file_lean(loader: &Loader, path: &Path) -> Result<Checked, LoadError> {
    check_file_as(loader, path, true)
}

fn check_file_as(loader: &Loader, path: &Path, lean: bool) -> Result<Checked, LoadError> {
    let read = if lean {
        loader.read_uncached(path, path)
    } else {
        loader.load_uncached(path, path).map(model::Read::Parsed)
    };
    match read {
        Ok(model::Read::Parsed(parsed)) if lean => Ok(check_parsed_lean(loader, parsed)),
        Ok(model::Read::Parsed(parsed)) => Ok(check_parsed(loader, &parsed)),
        // Only the lean path reads a file's text without parsing it.
        Ok(model::Read::Text(source)) => Ok(check_source_lean(loader, source)),
        Err(LoadError::NotUtf8(offset)) => {
            let bytes = source::read_bounded(path)?;
            let valid = String::from_utf8_lossy(bytes.get(..offset).unwrap_or(&[])).into_owned();
            let source = Source::new(path, valid);
            Ok(Checked {
                diagnostics: vec![rules::syntax::not_utf8(&source, offset)],
                source,
                model: None,
            })
        }
        Err(e) => Err(e),
    }
}

/// Check text in memory (imports are still read from disk, relative to `path`).
pub fn check_text(path: impl AsRef<Path>, text: &str) -> Checked {
    let loader = Loader::new();
    let parsed = Parsed::from_source(Source::new(path.as_ref(), text));
    check_parsed(&loader, &parsed)
}
