//! `plan render FILE --to docx|html -o OUT`: the plan as the official document it encodes
//! (GB/T 9704 layout), as a Word file or a print HTML page. A plan with errors is refused
//! (exit 1) and nothing is written — a published document must not carry them — unless
//! `--allow-errors` asks for a draft (a plan that does not parse has nothing to render).
//! What is an error is decided as for `check` and `compile` (the nearest plan.toml).

use super::{exit, publish, RenderArgs, RenderTo};
use crate::i18n::Msg;
use crate::render;

pub fn run(args: RenderArgs) -> u8 {
    let (config, lang) = match super::check::settings(None, args.lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let checked = match publish::checked(&args.file, config, lang, args.allow_errors, |errors| {
        Msg::RenderRefused { errors }
    }) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some(model) = checked.model.as_ref() else {
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
    let inputs = publish::plan_inputs(&args.file, model);
    publish::write(lang, &args.output, &bytes, args.force, inputs)
}
