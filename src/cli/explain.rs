//! `plan explain CODE`: what a check means, why it matters, a failing and a fixed example.
//! The texts are docs/codes/<lang>/<CODE>.md, compiled in, so they are the same pages the
//! documentation shows.

use super::{exit, ExplainArgs, LangArg};
use crate::diagnostic::Code;
use crate::i18n::Msg;

pub fn run(args: ExplainArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let Some(asked) = &args.code else {
        print!("{}", list(lang));
        return exit::OK;
    };
    match Code::parse(asked) {
        Some(code) => {
            print!("{}", crate::rules::explain(code, lang));
            exit::OK
        }
        // `plan explain 责任单位` (or `owner`): what the keyword means, in both spellings.
        None if crate::syntax::keywords::of_word(asked).is_some() => {
            if let Some(k) = crate::syntax::keywords::of_word(asked) {
                let zh = lang == crate::i18n::Lang::Zh;
                println!(
                    "{}",
                    crate::syntax::keywords::describe(k, zh).replace('`', "")
                );
            }
            exit::OK
        }
        None => {
            eprintln!(
                "plan: {}",
                lang.say(&Msg::UnknownCode {
                    code: asked.clone(),
                    known: Code::ALL.iter().map(|c| c.as_str().to_string()).collect(),
                })
            );
            exit::FAILURE
        }
    }
}

/// Every code with its name and the first sentence of its page: `O101 missing-owner — A
/// measure has no responsible unit.`
fn list(lang: crate::i18n::Lang) -> String {
    let mut out = String::new();
    for code in Code::ALL {
        let page = crate::rules::explain(code, lang);
        let mut lines = page.lines().filter(|l| !l.trim().is_empty());
        let title = lines.next().unwrap_or("").trim_start_matches('#').trim();
        let first = lines.next().unwrap_or("");
        // The first sentence: up to the first full stop (English or Chinese).
        let sentence = match first
            .find(". ")
            .map(|i| i + 1)
            .or_else(|| first.find('。').map(|i| i + '。'.len_utf8()))
        {
            Some(end) => first.get(..end).unwrap_or(first),
            None => first,
        };
        out.push_str(&format!("{title} — {sentence}\n"));
    }
    out
}
