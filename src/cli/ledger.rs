//! `plan ledger FILE -o ledger.xlsx` writes the 台账 of a plan; `plan ledger --read
//! filled.xlsx [FILE] [-o actuals.plan]` reads the values units filled in back into an
//! actuals file that `use`s the plan (src/ledger/). Chinese headings unless `--lang en`.

use std::path::{Component, Path, PathBuf};

use super::{exit, io_error, LangArg, LedgerArgs};
use crate::i18n::{Lang, Msg, Sheet, StatusMsg};
use crate::ledger::{self, read::ReadError};
use crate::model::Loader;

pub fn run(args: LedgerArgs) -> u8 {
    // The ledger is for Chinese offices: Chinese unless asked otherwise.
    let lang = match args.lang {
        Some(l) => LangArg::resolve(Some(l)),
        None => Lang::Zh,
    };
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match &args.read {
        Some(xlsx) => read(&args, xlsx, lang),
        None => write(&args, lang, as_of),
    }
}

/// Load a plan. A plan with errors is still followed (its errors are counted on standard
/// error); one that does not parse cannot be.
fn load(path: &Path, lang: Lang) -> Result<crate::Checked, u8> {
    match super::publish::load(&Loader::new(), path) {
        Ok(c) if super::publish::followed(&c, lang) => Ok(c),
        Ok(_) => Err(exit::FINDINGS),
        Err(e) => {
            eprintln!("{}", io_error(lang, path, &e));
            Err(exit::FAILURE)
        }
    }
}

fn write(args: &LedgerArgs, lang: Lang, as_of: chrono::NaiveDate) -> u8 {
    let (Some(file), Some(out)) = (&args.file, &args.output) else {
        eprintln!("plan: ledger FILE -o ledger.xlsx");
        return exit::FAILURE;
    };
    let checked = match load(file, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some(model) = checked.model.as_ref() else {
        return exit::FINDINGS;
    };
    // `--with`: the actuals files that report on this plan count for its status.
    let mut actuals = crate::status::Actuals::of(model);
    let mut io_errors = 0;
    let reports = super::check::collect(&args.with, lang, &mut io_errors);
    let plan_key = Loader::canonical(file);
    let loader = Loader::new();
    let mut failed_io = io_errors > 0;
    let mut refused = false;
    for path in &reports {
        let checked = match crate::check_file(&loader, path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}", io_error(lang, path, &e));
                failed_io = true;
                continue;
            }
        };
        let report = checked
            .model
            .as_ref()
            .filter(|m| super::status::is_report(m))
            .filter(|m| {
                let dir = m.source.path.parent().unwrap_or(Path::new(""));
                m.imports
                    .iter()
                    .any(|i| Loader::canonical(&dir.join(&i.path)) == plan_key)
            });
        let Some(report) = report else {
            eprintln!(
                "plan: {}",
                lang.say(&Msg::Status(StatusMsg::NotAReport {
                    file: path.display().to_string(),
                    plan: file.display().to_string(),
                }))
            );
            refused = true;
            continue;
        };
        for e in actuals.add_report(model, report) {
            refused = true;
            eprintln!(
                "plan: {}:{}: {}",
                e.location.source.display_path(),
                e.line,
                lang.say(&Msg::Status(StatusMsg::UnknownMetric {
                    metric: e.metric,
                    plan: model.source.display_path(),
                }))
            );
        }
    }
    // A ledger that leaves out a report it was given would show the wrong status.
    if failed_io {
        return exit::FAILURE;
    }
    if refused {
        return exit::FINDINGS;
    }
    // The hidden sheet names the plan as seen from the workbook's folder.
    let plan_path = relative(&folder_of(out), file);
    let bytes = match ledger::write::workbook(model, &actuals, &plan_path, as_of, lang) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("plan: {}: {e}", out.display());
            return exit::FAILURE;
        }
    };
    // Through the one writer: atomic, never over the plan, what it imports, or a device.
    super::publish::write(
        lang,
        out,
        &bytes,
        false,
        super::publish::plan_inputs(file, model),
    )
}

fn read(args: &LedgerArgs, xlsx: &Path, lang: Lang) -> u8 {
    let book = match ledger::read::open(xlsx) {
        Ok(b) => b,
        Err(e) => return report(xlsx, e, lang),
    };
    // The plan: as given, else as the workbook names it (relative to the workbook).
    let plan_path = match (&args.file, &book.plan) {
        (Some(f), _) => f.clone(),
        (None, Some(p)) => folder_of(xlsx).join(p),
        (None, None) => {
            eprintln!("plan: ledger --read {} PLAN", xlsx.display());
            return exit::FAILURE;
        }
    };
    let checked = match load(&plan_path, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some(model) = checked.model.as_ref() else {
        return exit::FINDINGS;
    };
    let out_dir = match &args.output {
        Some(o) => folder_of(o),
        None => PathBuf::from("."),
    };
    let use_path = relative(&out_dir, &plan_path);
    let header = lang.say(&Msg::Status(StatusMsg::ActualsHeader {
        plan: use_path.clone(),
        workbook: xlsx
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    }));
    let (text, count) = match ledger::read::actuals(&book, model, &use_path, &header) {
        Ok(t) => t,
        Err(e) => return report(xlsx, e, lang),
    };
    let out = args.output.as_deref().unwrap_or(Path::new("-"));
    // Never over the workbook, the plan or what the plan imports.
    let mut inputs = vec![xlsx.to_path_buf()];
    inputs.extend(super::publish::plan_inputs(&plan_path, model));
    let code = super::publish::write(lang, out, text.as_bytes(), false, inputs);
    if let (exit::OK, Some(out)) = (code, &args.output) {
        eprintln!(
            "plan: {}",
            lang.say(&Msg::Status(StatusMsg::ReadDone {
                count,
                out: out.display().to_string(),
            }))
        );
    }
    code
}

/// Say what went wrong reading a workbook; exit 1 for bad cells, 2 for an unreadable file.
fn report(xlsx: &Path, e: ReadError, lang: Lang) -> u8 {
    match e {
        ReadError::Open(why) => {
            eprintln!("plan: {}: {why}", xlsx.display());
            exit::FAILURE
        }
        ReadError::NoDetailSheet => {
            let sheet = crate::ledger::sheet_name(lang, Sheet::Detail);
            eprintln!(
                "plan: {}: {}",
                xlsx.display(),
                lang.say(&Msg::Status(StatusMsg::NoDetailSheet { sheet }))
            );
            exit::FAILURE
        }
        ReadError::Cells(cells) => {
            for (at, problem) in cells {
                eprintln!(
                    "plan: {}: {}",
                    xlsx.display(),
                    lang.say(&Msg::Status(StatusMsg::Cell { at, problem }))
                );
            }
            exit::FINDINGS
        }
    }
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `to` as a path relative to the folder `from`, with `/` separators (how `use` writes
/// paths); absolute when the two share no root.
fn relative(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        Loader::canonical(&p)
    };
    let (from, to) = (abs(from), abs(to));
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return to.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = a.iter().skip(common).map(|_| "..".to_string()).collect();
    parts.extend(
        b.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}
