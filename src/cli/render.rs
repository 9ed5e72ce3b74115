//! `plan render FILE --to docx|html -o OUT`: the plan as the official document it encodes
//! (GB/T 9704 layout), as a Word file or a print HTML page. A plan with errors is refused
//! (exit 1) and nothing is written — a published document must not carry them — unless
//! `--allow-errors` asks for a draft (a plan that does not parse has nothing to render).

use std::io::IsTerminal;
use std::path::Path;

use super::{
    exit, io_error, output_error, report_leftovers, use_color, width, LangArg, RenderArgs, RenderTo,
};
use crate::diagnostic::Severity;
use crate::emit::human;
use crate::i18n::Msg;
use crate::model::Loader;
use crate::output::{WriteOptions, Writer};
use crate::render;

pub fn run(args: RenderArgs) -> u8 {
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
    let Some(model) = checked
        .model
        .as_ref()
        .filter(|_| errors == 0 || args.allow_errors)
    else {
        eprintln!("plan: {}", lang.say(&Msg::RenderRefused { errors }));
        return exit::FINDINGS;
    };
    let doc = render::document(model);
    let bytes = match args.to {
        RenderTo::Docx => render::docx::render(&doc),
        RenderTo::Html => Ok(render::html::render(&doc).into_bytes()),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("plan: {e}");
            return exit::FAILURE;
        }
    };
    // The plan and the files it imports are never an output.
    let dir = args.file.parent().unwrap_or(Path::new(""));
    let mut inputs = vec![args.file.clone()];
    inputs.extend(model.imports.iter().map(|i| dir.join(&i.path)));
    let mut writer = Writer::new(WriteOptions {
        force: args.force,
        inputs,
    });
    let written = writer.write(&args.output, &bytes);
    report_leftovers(lang, &mut writer);
    match written {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("{}", output_error(lang, &args.output, &e));
            exit::FAILURE
        }
    }
}
