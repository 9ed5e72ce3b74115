//! `plan status [PATH…] [--as-of DATE]`: where every target, measure, section and owner
//! stands on a date (docs/status.md). A file whose measures have `actual` lines and no
//! targets, and that `use`s a plan, reports on that plan (an actuals file written by
//! `plan ledger --read`): its actuals count for the plan, and the plan is shown, loaded
//! through the `use` line when it is not given itself.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{exit, io_error, LangArg, StatusArgs, StatusDeny, StatusFormat};
use crate::i18n::{Msg, StatusMsg};
use crate::model::{Loader, Model};
use crate::status::{self, Actuals, Status};
use crate::Checked;

pub fn run(args: StatusArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut io_errors = 0;
    let files = super::check::collect(&args.paths, lang, &mut io_errors);
    if files.is_empty() && io_errors == 0 {
        // A CI job whose paths hold no plan must not pass by following nothing.
        eprintln!("plan: {}", lang.say(&Msg::NoPlanFiles));
        return exit::FAILURE;
    }
    let mut failed_io = io_errors > 0;
    let loader = Loader::new();
    let mut checked: Vec<(PathBuf, Checked)> = Vec::new();
    let mut queue: Vec<PathBuf> = files;
    let mut next = 0;
    // The files given, then the plans that reports name and that were not given.
    while let Some(path) = queue.get(next).cloned() {
        next += 1;
        let key = Loader::canonical(&path);
        if checked.iter().any(|(k, _)| *k == key) {
            continue;
        }
        match super::publish::load(&loader, &path) {
            Ok(c) => {
                if let Some(m) = c.model.as_ref().filter(|m| is_report(m)) {
                    queue.extend(uses(m));
                }
                checked.push((key, c));
            }
            Err(e) => {
                failed_io = true;
                eprintln!("{}", io_error(lang, &path, &e));
            }
        }
    }

    // A plan with errors is still followed (the 安居 plan names no owners: O101 on every
    // measure); its status is computed and the errors are counted on standard error.
    let mut refused = false;
    for (_, c) in &checked {
        refused |= !super::publish::followed(c, lang);
    }
    let reports: Vec<(&PathBuf, &Model)> = checked
        .iter()
        .filter_map(|(k, c)| c.model.as_ref().filter(|m| is_report(m)).map(|m| (k, m)))
        .collect();
    let mut texts = Vec::new();
    let mut plans = Vec::new();
    let mut worst: Option<Status> = None;
    for (key, c) in &checked {
        let Some(model) = c.model.as_ref().filter(|m| !is_report(m)) else {
            continue;
        };
        let mut actuals = Actuals::of(model);
        for (_, report) in reports
            .iter()
            .filter(|(_, r)| uses(r).iter().any(|u| Loader::canonical(u) == **key))
        {
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
        let report = status::compute(model, &actuals, as_of);
        worst = worst.max(report.firm_status());
        match args.format {
            StatusFormat::Human => texts.push(status::table::render(&report, lang)),
            StatusFormat::Json => plans.push(status::json::plan(&report)),
        }
    }
    let text = match args.format {
        StatusFormat::Human => texts.join("\n"),
        StatusFormat::Json => status::json::to_json(&status::json::document(as_of, plans)),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();

    let denied = match args.deny {
        Some(StatusDeny::Behind) => worst >= Some(Status::Behind),
        Some(StatusDeny::Overdue) => worst >= Some(Status::Overdue),
        None => false,
    };
    if failed_io {
        exit::FAILURE
    } else if refused || denied {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// Whether a file reports on another: it `use`s a file, and its measures have `actual`
/// lines but no targets.
pub(crate) fn is_report(model: &Model) -> bool {
    !model.imports.is_empty()
        && model.targets.is_empty()
        && model.observations.iter().any(|o| o.actual)
}

/// The files a model `use`s, as paths.
fn uses(model: &Model) -> Vec<PathBuf> {
    let dir = model.source.path.parent().unwrap_or(Path::new(""));
    model.imports.iter().map(|i| dir.join(&i.path)).collect()
}

/// `--as-of`: a date literal of the language (`2025-06-30`, `2025-06`, `2025-Q2`, `2025`),
/// meaning its last day.
pub fn parse_as_of(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::dates::parse_date(text)
        .map(|d| d.end)
        .map_err(|e| e.to_string())
}
