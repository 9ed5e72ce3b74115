//! `plan check PATH...`: check files and folders, print every finding, exit 0/1/2.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{exit, use_color, width, CheckArgs, Deny, Format, LangArg};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::emit::{human, report};
use crate::i18n::{Lang, Msg};
use crate::model::Loader;
use crate::source::LoadError;

pub fn run(args: CheckArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let mut failed_io = false;
    let files = collect(&args.paths, lang, &mut failed_io);
    let loader = Loader::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut checked = 0;
    for path in &files {
        match crate::check_file(&loader, path) {
            Ok(c) => {
                checked += 1;
                diagnostics.extend(c.diagnostics);
            }
            Err(e) => {
                failed_io = true;
                eprintln!("{}", io_error(lang, path, &e));
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let text = match args.format {
        Format::Human => {
            let style = human::Style {
                color: use_color(std::io::stdout().is_terminal()),
                width: width(),
                lang,
            };
            let mut text = human::render(&diagnostics, style);
            text.push_str(&summary(lang, &diagnostics, checked));
            text.push('\n');
            text
        }
        Format::Json => report::to_json(&report::build(&diagnostics, checked, lang)) + "\n",
    };
    // A closed pipe (`plan check … | head`) is not a failure worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();

    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let warnings = diagnostics.iter().any(|d| d.severity == Severity::Warning);
    if failed_io {
        exit::FAILURE
    } else if errors || (warnings && args.deny == Some(Deny::Warnings)) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// The files to check, in a stable order: each argument in turn, folders walked for
/// `*.plan` (respecting `.gitignore`, hidden files skipped) and sorted by path.
pub(super) fn collect(paths: &[PathBuf], lang: Lang, failed: &mut bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .require_git(false)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build()
                .filter_map(|entry| match entry {
                    Ok(e) => Some(e),
                    Err(err) => {
                        eprintln!("plan: {err}");
                        None
                    }
                })
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|p| p.extension().is_some_and(|x| x == "plan"))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            *failed = true;
            eprintln!(
                "{}",
                io_error(
                    lang,
                    path,
                    &LoadError::Io(std::io::ErrorKind::NotFound.into())
                )
            );
        }
    }
    files
}

fn io_error(lang: Lang, path: &Path, e: &LoadError) -> String {
    let what = match e {
        LoadError::IsDirectory => lang.say(&Msg::IoDirectory),
        LoadError::NotUtf8(_) => lang.say(&Msg::NotUtf8Help),
        LoadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            lang.say(&Msg::IoNotFound)
        }
        LoadError::Io(io) => io.to_string(),
    };
    format!("plan: {}: {what}", path.display())
}

/// The closing line: `2 errors, 1 warning in 3 files`.
fn summary(lang: Lang, diagnostics: &[Diagnostic], files: usize) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    lang.say(&Msg::Summary {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        files,
    })
}
