//! `plan import FILE [-o OUT.plan] [--keywords zh|en] [--format plan|json]`: draft a plan
//! from its document. A document that cannot be read is a message and exit 2, with no file
//! written; the draft is written atomically.

use std::path::Path;

use super::{exit, output_error, report_leftovers, ImportArgs, ImportFormat, LangArg};
use crate::i18n::{Lang, Msg};
use crate::import::{self, emit, ImportError};
use crate::output::{WriteOptions, Writer};

fn say_error(lang: Lang, e: &ImportError) -> String {
    lang.say(&match e {
        ImportError::Io(reason) => Msg::ImportIo { reason: *reason },
        ImportError::TooLarge(bytes) => Msg::ImportTooLarge {
            bytes: *bytes,
            max: import::MAX_BYTES,
        },
        ImportError::Undecodable => Msg::ImportUndecodable,
        ImportError::NoText => Msg::ImportNoText,
        ImportError::BadDocx(reason) => Msg::ImportBadDocx {
            reason: reason.clone(),
        },
        ImportError::UnknownKind(ext) => Msg::ImportUnknownKind { ext: ext.clone() },
    })
}

pub fn run(args: ImportArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let imported = match import::import_file(&args.file) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("plan: {}: {}", args.file.display(), say_error(lang, &e));
            return exit::FAILURE;
        }
    };
    let keywords = match args.keywords {
        Some(LangArg::En) => emit::EN,
        Some(LangArg::Zh) => emit::ZH,
        None if import::chinese_keywords_supported() => emit::ZH,
        None => emit::EN,
    };
    let file = args
        .file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(plan) = import::plan_text(&imported, keywords, &file) else {
        eprintln!(
            "plan: {}: {}",
            args.file.display(),
            lang.say(&Msg::ImportDraftBroken)
        );
        return exit::FAILURE;
    };
    let text = match args.format {
        ImportFormat::Plan => plan.clone(),
        ImportFormat::Json => {
            match import::json::compiled_with_sources(&imported.document, &imported.draft, &plan)
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
            {
                Some(t) => t + "\n",
                None => {
                    eprintln!(
                        "plan: {}: {}",
                        args.file.display(),
                        lang.say(&Msg::ImportDraftBroken)
                    );
                    return exit::FAILURE;
                }
            }
        }
    };
    let nodes = imported.draft.walk();
    eprintln!(
        "plan: {}",
        lang.say(&Msg::ImportDrafted {
            measures: nodes
                .iter()
                .filter(|n| n.kind == import::NodeKind::Measure)
                .count(),
            targets: nodes.iter().map(|n| n.targets.len()).sum(),
            owners: imported.draft.owners.len(),
            doubts: import::doubts(&plan),
        })
    );
    // The one output writer: `-` (the default) is standard output; the document itself is
    // never overwritten.
    let out = args.output.as_deref().unwrap_or(Path::new("-"));
    let mut writer = Writer::new(WriteOptions {
        force: args.force,
        inputs: vec![args.file.clone()],
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
