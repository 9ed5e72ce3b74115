//! `plan compile FILE --to json|toml [-o OUT]`: the resolved plan for the systems
//! downstream. A plan with errors is refused (exit 1) and no file is written; the output
//! goes through the one writer (src/output.rs): atomic, never over the plan or a device.

use std::path::Path;

use super::{exit, publish, CompileArgs, Target};
use crate::emit::compiled;
use crate::i18n::Msg;

pub fn run(args: CompileArgs) -> u8 {
    // The severities of plan.toml decide what is an error, as for `check`: a plan that
    // fails `check` in this repository does not compile either.
    let (config, lang) = match super::check::settings(args.config.as_deref(), args.lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let checked = match publish::checked(&args.file, config, lang, false, |errors| {
        Msg::CompileRefused { errors }
    }) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some(model) = checked.model.as_ref() else {
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
    let inputs = publish::plan_inputs(&args.file, model);
    publish::write(lang, out, text.as_bytes(), args.force, inputs)
}
