//! `plan check PATH...`: check files and folders, print every finding, exit 0/1/2.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use super::{exit, io_error, use_color, width, CheckArgs, Deny, Format, LangArg};
use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::emit::{github, gitlab, human, report, sarif};
use crate::i18n::{Lang, Msg};
use crate::model::Loader;
use crate::source::LoadError;

pub fn run(args: CheckArgs) -> u8 {
    let config_file = match &args.config {
        Some(file) => Some(file.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd)),
    };
    let config = match &config_file {
        None => Config::default(),
        Some(file) => match Config::load(file) {
            Ok(c) => c,
            Err(e) => {
                let lang = LangArg::resolve(args.lang);
                eprintln!("{}", io_error(lang, file, &LoadError::Io(e)));
                return exit::FAILURE;
            }
        },
    };
    let lang = match args.lang {
        Some(arg) => LangArg::resolve(Some(arg)),
        None => config.lang.unwrap_or_else(Lang::from_env),
    };
    let paths = if args.paths.is_empty() {
        &config.paths
    } else {
        &args.paths
    };
    if paths.is_empty() {
        eprintln!("plan: {}", lang.say(&Msg::NoPaths));
        return exit::FAILURE;
    }
    let mut failed_io = false;
    let files = collect(paths, lang, &mut failed_io);
    // Files are checked in parallel, but the results are collected in file order and
    // sorted as before, so the output is the same as a serial run. Only the findings of a
    // file outlive its check: its model is dropped at once.
    let loader = Loader::new();
    let results: Vec<Result<Vec<Diagnostic>, LoadError>> = files
        .par_iter()
        .map(|path| {
            crate::check_file(&loader, path).map(|c| {
                let mut found = c.diagnostics;
                // `--as-of`: the progress findings, from the file's own actuals.
                if let (Some(as_of), Some(model)) = (args.as_of, c.model.as_ref()) {
                    found.extend(crate::status::findings(model, as_of));
                }
                found
            })
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut checked = 0;
    for (path, result) in files.iter().zip(results) {
        match result {
            Ok(found) => {
                checked += 1;
                diagnostics.extend(found);
            }
            Err(e) => {
                failed_io = true;
                eprintln!("{}", io_error(lang, path, &e));
            }
        }
    }
    let mut diagnostics = config.apply(diagnostics);
    diagnostics.extend(config.diagnostics);
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
        Format::Sarif => sarif::to_json(&sarif::build(&diagnostics, lang)) + "\n",
        Format::Github => github::render(&diagnostics, lang),
        Format::Gitlab => gitlab::to_json(&gitlab::build(&diagnostics, lang)) + "\n",
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

/// The closing line: `2 errors, 1 warning in 3 files`.
fn summary(lang: Lang, diagnostics: &[Diagnostic], files: usize) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    lang.say(&Msg::Summary {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        files,
    })
}
