//! `plan fmt [--check] [--keywords zh|en] PATH...`: rewrite files in the canonical layout
//! (src/format.rs), keywords in each file's own language or the one asked for.
//! A file with a syntax error is left untouched and reported (exit 1); `--check` changes
//! nothing and lists the files it would change (exit 1 if any). Files are written by the one
//! writer (src/output.rs): atomically, keeping their mode, through symbolic links.

use super::{exit, FmtArgs, KeywordsArg, LangArg};
use crate::format::Keywords;
use crate::i18n::Msg;
use crate::output::{WriteOptions, Writer};
use crate::source::{LoadError, Source};

pub fn run(args: FmtArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let mut io_errors = 0;
    let files = super::check::collect(&args.paths, lang, &mut io_errors);
    let mut findings = false;
    // A file is its own input here: `inputs` stays empty. A symlinked file is formatted
    // where it points, and the link is kept.
    let mut writer = Writer::new(WriteOptions {
        force: args.force,
        inputs: Vec::new(),
    });
    for path in &files {
        let stdin = path.as_os_str() == "-";
        let read = if stdin {
            Source::from_stdin().map(|s| s.text.clone())
        } else {
            crate::source::read_bounded(path).and_then(|b| {
                String::from_utf8(b).map_err(|e| LoadError::NotUtf8(e.utf8_error().valid_up_to()))
            })
        };
        let text = match read {
            Ok(text) => text,
            Err(LoadError::NotUtf8(_)) => {
                eprintln!("plan: {}: {}", path.display(), lang.say(&Msg::NotUtf8Help));
                findings = true;
                continue;
            }
            Err(e) => {
                eprintln!("{}", super::io_error(lang, path, &e));
                io_errors += 1;
                continue;
            }
        };
        let keywords = match args.keywords {
            None => Keywords::Keep,
            Some(KeywordsArg::En) => Keywords::En,
            Some(KeywordsArg::Zh) => Keywords::Zh,
        };
        let formatted = match crate::format::format_with(&text, keywords) {
            Ok(f) => f,
            Err(e) => {
                let source = Source::new(path, text.as_str());
                let (line, col) = source.line_col(e.span.start);
                eprintln!(
                    "plan: {}:{line}:{col}: {} (P001); {}",
                    path.display(),
                    lang.say(&Msg::Syntax(e.problem.clone())),
                    lang.say(&Msg::FmtRefused)
                );
                findings = true;
                continue;
            }
        };
        if stdin && !args.check {
            // A filter: the formatted text on standard output, changed or not.
            if let Err(e) = writer.write(path, formatted.as_bytes()) {
                eprintln!("{}", super::output_error(lang, path, &e));
                io_errors += 1;
            }
            continue;
        }
        if formatted == text {
            continue;
        }
        if args.check {
            println!("{}", path.display());
            findings = true;
        } else {
            let written = writer.write(path, formatted.as_bytes());
            super::report_leftovers(lang, &mut writer);
            if let Err(e) = written {
                eprintln!("{}", super::output_error(lang, path, &e));
                io_errors += 1;
            }
        }
    }
    if io_errors > 0 {
        exit::FAILURE
    } else if findings {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
