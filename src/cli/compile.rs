//! `plan compile FILE --to json|toml [-o OUT]`: the resolved plan for the systems
//! downstream. A plan with errors is refused (exit 1) and no file is written; the output
//! file is written to a temporary file beside it and renamed, so it is never half-written.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::{exit, io_error, use_color, width, CompileArgs, LangArg, Target};
use crate::diagnostic::Severity;
use crate::emit::{compiled, human};
use crate::i18n::Msg;
use crate::model::Loader;

pub fn run(args: CompileArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let loader = Loader::new();
    let checked = match crate::check_file(&loader, &args.file) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", io_error(lang, &args.file, &e));
            return exit::FAILURE;
        }
    };
    if !checked.diagnostics.is_empty() {
        let style = human::Style {
            color: use_color(std::io::stderr().is_terminal()),
            width: width(),
            lang,
        };
        eprint!("{}", human::render(&checked.diagnostics, style));
    }
    let errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let Some(model) = checked.model.as_ref().filter(|_| errors == 0) else {
        eprintln!("plan: {}", lang.say(&Msg::CompileRefused { errors }));
        return exit::FINDINGS;
    };
    let tree = compiled::compile(model);
    let text = match args.to {
        Target::Json => compiled::to_json(&tree),
        Target::Toml => compiled::to_toml(&tree),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("plan: {e}");
            return exit::FAILURE;
        }
    };
    match &args.output {
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            exit::OK
        }
        Some(out) => match write_atomically(out, text.as_bytes()) {
            Ok(()) => exit::OK,
            Err(e) => {
                eprintln!("plan: {}: {e}", out.display());
                exit::FAILURE
            }
        },
    }
}

/// Write to a temporary file in the target's folder, then rename it over the target: a
/// reader sees the old file or the new one, never a half-written one.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
