//! `plan compile FILE --to json|toml [-o OUT]`: the resolved plan for the systems
//! downstream. A plan with errors is refused (exit 1) and no file is written; the output
//! goes through the one writer (src/output.rs): atomic, never over the plan or a device.

use std::io::IsTerminal;
use std::path::Path;

use super::{
    exit, io_error, output_error, report_leftovers, use_color, width, CompileArgs, Target,
};
use crate::diagnostic::Severity;
use crate::emit::{compiled, human};
use crate::i18n::Msg;
use crate::model::{Loader, Parsed};
use crate::output::{WriteOptions, Writer};
use crate::source::Source;

pub fn run(args: CompileArgs) -> u8 {
    // The severities of plan.toml decide what is an error, as for `check`: a plan that
    // fails `check` in this repository does not compile either.
    let (config, lang) = match super::check::settings(args.config.as_deref(), args.lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let loader = Loader::new();
    let stdin = args.file.as_os_str() == "-";
    let loaded = if stdin {
        Source::from_stdin().map(|s| crate::check_parsed(&loader, &Parsed::from_source(s)))
    } else {
        crate::check_file(&loader, &args.file)
    };
    let mut checked = match loaded {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", io_error(lang, &args.file, &e));
            return exit::FAILURE;
        }
    };
    checked.diagnostics = config.apply(std::mem::take(&mut checked.diagnostics));
    checked.diagnostics.extend(config.diagnostics);
    crate::diagnostic::sort(&mut checked.diagnostics);
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
    let out = args.output.as_deref().unwrap_or(Path::new("-"));
    // The plan and the files it imports are never an output.
    let dir = if stdin {
        Path::new("")
    } else {
        args.file.parent().unwrap_or(Path::new(""))
    };
    let mut inputs = if stdin {
        Vec::new()
    } else {
        vec![args.file.clone()]
    };
    inputs.extend(model.imports.iter().map(|i| dir.join(&i.path)));
    let mut writer = Writer::new(WriteOptions {
        force: args.force,
        inputs,
    });
    let written = writer.write(out, text.as_bytes());
    report_leftovers(lang, &mut writer);
    match written {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("{}", output_error(lang, out, &e));
            exit::FAILURE
        }
    }
}
