//! `plan explain CODE`: what a check means, why it matters, a failing and a fixed example.
//! The texts are docs/codes/<lang>/<CODE>.md, compiled in, so they are the same pages the
//! documentation shows.

use super::{exit, ExplainArgs, LangArg};
use crate::diagnostic::Code;
use crate::i18n::Msg;

pub fn run(args: ExplainArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    match Code::parse(&args.code) {
        Some(code) => {
            print!("{}", crate::rules::explain(code, lang));
            exit::OK
        }
        None => {
            eprintln!(
                "plan: {}",
                lang.say(&Msg::UnknownCode {
                    code: args.code.clone(),
                    known: Code::ALL.iter().map(|c| c.as_str().to_string()).collect(),
                })
            );
            exit::FAILURE
        }
    }
}
