//! `plan check PATH...`: check files and folders, print every finding, exit 0/1/2.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{exit, io_error, use_color, width, CheckArgs, Deny, Format, LangArg};
use crate::cap;
use crate::config::{self, Config};
use crate::diagnostic::{self, Code, Diagnostic, Severity};
use crate::emit::{github, gitlab, human, report, sarif};
use crate::i18n::{Lang, Msg};
use crate::model::Loader;
use crate::source::{LoadError, Source};

pub fn run(args: CheckArgs) -> u8 {
    let (mut config, lang) = match settings(args.config.as_deref(), args.lang) {
        Ok(s) => s,
        Err(code) => return code,
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
    let mut io_errors = 0;
    let files = collect(paths, lang, &mut io_errors);
    if files.is_empty() && io_errors == 0 {
        // A CI job whose paths hold no plan must not pass by checking nothing.
        eprintln!("plan: {}", lang.say(&Msg::NoPlanFiles));
        return exit::FAILURE;
    }
    // Standard input is read once, before the files are checked in parallel.
    let stdin = if files.iter().any(|p| p.as_os_str() == "-") {
        Some(Source::from_stdin())
    } else {
        None
    };
    // Files are checked in parallel, but the results are collected in file order and
    // sorted as before, so the output is the same as a serial run. Only the findings of a
    // file outlive its check: its model is dropped at once.
    let loader = Loader::new();
    let results: Vec<Result<Vec<Diagnostic>, LoadError>> = files
        .par_iter()
        .map(|path| {
            let checked = match (&stdin, path.as_os_str() == "-") {
                (Some(Ok(source)), true) => {
                    Ok(crate::check_source_lean(&loader, Arc::clone(source)))
                }
                (Some(Err(e)), true) => Err(copy_error(e)),
                // Only the findings are wanted: the model need not keep the tree.
                _ => crate::check_file_lean(&loader, path),
            };
            checked.map(|mut c| {
                // `--as-of`: the progress findings, from the file's own actuals.
                if let (Some(as_of), Some(model)) = (args.as_of, c.model.as_ref()) {
                    let progress = crate::status::findings(model, as_of);
                    c.diagnostics.extend(progress);
                }
                findings_of(c, files.len() == 1)
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
                io_errors += 1;
                eprintln!("{}", io_error(lang, path, &e));
            }
        }
    }
    let mut diagnostics = config.apply(diagnostics);
    diagnostics.extend(std::mem::take(&mut config.diagnostics));
    diagnostic::sort(&mut diagnostics);
    // Counted before the cap, so that the summary and the exit code take every finding.
    let mut counts = Counts::of(&diagnostics);
    let max = args.max_findings.unwrap_or(match args.format {
        Format::Human => cap::MAX_FINDINGS_SHOWN,
        _ => 0,
    });
    let mut diagnostics = cap::findings(diagnostics, max);
    if diagnostics.last().is_some_and(|d| d.code == Code::L802) {
        // plan.toml's severity for L802 applies as for any code; the rest already had it.
        let l802 = config.apply(diagnostics.pop().into_iter().collect());
        counts.add(&Counts::of(&l802));
        diagnostics.extend(l802);
    }
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
            text.push_str(&summary(lang, counts, checked));
            if io_errors > 0 {
                text.push_str(&lang.say(&Msg::IoErrorsSummary { count: io_errors }));
            }
            text.push('\n');
            text
        }
        Format::Json => {
            let mut report = report::build(&diagnostics, checked, lang);
            report.io_errors = io_errors;
            (report.errors, report.warnings) = (counts.errors, counts.warnings);
            report::to_json(&report) + "\n"
        }
        Format::Sarif => sarif::to_json(&sarif::build(&diagnostics, lang)) + "\n",
        Format::Github => github::render(&diagnostics, lang),
        Format::Gitlab => gitlab::to_json(&gitlab::build(&diagnostics, lang)) + "\n",
    };
    // A closed pipe (`plan check … | head`) is not a failure worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();

    let (errors, warnings) = (counts.errors > 0, counts.warnings > 0);
    if io_errors > 0 {
        exit::FAILURE
    } else if errors || (warnings && args.deny == Some(Deny::Warnings)) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// The findings of a checked file, dropping the rest of it — or, when it is the only file,
/// leaving it to the end of the process: freeing the model and tree of one large plan
/// took 7% of its check (issue 15), and the process exits once the findings are printed.
/// With many files each is freed at once, so memory stays flat.
fn findings_of(mut checked: crate::Checked, only_file: bool) -> Vec<Diagnostic> {
    let findings = std::mem::take(&mut checked.diagnostics);
    if only_file {
        std::mem::forget(checked);
    }
    findings
}

/// plan.toml (the one named, else the nearest) and the language of messages: the same for
/// `check` and `compile`. A configuration that cannot be read is exit 2.
pub(super) fn settings(file: Option<&Path>, lang: Option<LangArg>) -> Result<(Config, Lang), u8> {
    let config_file = match file {
        Some(file) => Some(file.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd)),
    };
    let config = match &config_file {
        None => Config::default(),
        Some(file) => match Config::load(file) {
            Ok(c) => c,
            Err(e) => {
                let lang = LangArg::resolve(lang);
                eprintln!("{}", io_error(lang, file, &LoadError::Io(e)));
                return Err(exit::FAILURE);
            }
        },
    };
    let lang = match lang {
        Some(arg) => LangArg::resolve(Some(arg)),
        None => config.lang.unwrap_or_else(Lang::from_env),
    };
    Ok((config, lang))
}

/// The same error again: standard input is read once but may be named twice (`- -`).
fn copy_error(e: &LoadError) -> LoadError {
    match e {
        LoadError::Io(io) => LoadError::Io(std::io::Error::new(io.kind(), io.to_string())),
        LoadError::IsDirectory => LoadError::IsDirectory,
        LoadError::NotUtf8(at) => LoadError::NotUtf8(*at),
        LoadError::Unreadable(why) => LoadError::Unreadable(why.clone()),
    }
}

/// The files to check, in a stable order: each argument in turn (`-` kept as it is),
/// folders walked for `*.plan` (respecting `.gitignore`, hidden files skipped, symbolic
/// links followed) and sorted by path. Each path that cannot be read or walked is reported
/// and counted in `failed`.
pub(super) fn collect(paths: &[PathBuf], lang: Lang, failed: &mut usize) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
        } else if path.is_dir() {
            // Links are followed, so a linked `.plan` is checked like any other; a link
            // that leads back into the walk is a loop, reported as an error below.
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .require_git(false)
                .follow_links(true)
                .build()
                .filter_map(|entry| match entry {
                    Ok(e) => Some(e),
                    Err(err) => {
                        *failed += 1;
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
        } else if path.exists() || path.symlink_metadata().is_ok() {
            files.push(path.clone());
        } else {
            *failed += 1;
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

/// How many errors and warnings a run found, shown or not.
#[derive(Clone, Copy)]
struct Counts {
    errors: usize,
    warnings: usize,
}

impl Counts {
    fn of(diagnostics: &[Diagnostic]) -> Counts {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Counts {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }

    fn add(&mut self, more: &Counts) {
        self.errors += more.errors;
        self.warnings += more.warnings;
    }
}

/// The closing line: `2 errors, 1 warning in 3 files`.
fn summary(lang: Lang, counts: Counts, files: usize) -> String {
    lang.say(&Msg::Summary {
        errors: counts.errors,
        warnings: counts.warnings,
        files,
    })
}
