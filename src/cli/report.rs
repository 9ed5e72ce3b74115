//! `plan report FILE… -o report.html`: one self-contained page for the people who follow
//! the plans — counts, findings, deadlines per owner, progress and roll-ups. Plans with
//! findings are reported, not refused: the findings are part of the report.

use chrono::NaiveDate;

use super::{exit, io_error, output_error, report_leftovers, LangArg, ReportArgs};
use crate::model::Loader;
use crate::output::{WriteOptions, Writer};
use crate::render;

pub fn run(args: ReportArgs) -> u8 {
    let lang = LangArg::resolve(args.lang);
    let loader = Loader::new();
    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        match crate::check_file(&loader, path) {
            Ok(c) => files.push(c),
            Err(e) => {
                eprintln!("{}", io_error(lang, path, &e));
                return exit::FAILURE;
            }
        }
    }
    let today = args.today.unwrap_or_else(today_utc);
    let page = render::report::render(&files, lang, today);
    // The plans (and what they import) are never the output.
    let mut inputs = args.files.clone();
    for (path, checked) in args.files.iter().zip(&files) {
        let dir = path.parent().unwrap_or(std::path::Path::new(""));
        let imports = checked.model.iter().flat_map(|m| &m.imports);
        inputs.extend(imports.map(|i| dir.join(&i.path)));
    }
    let mut writer = Writer::new(WriteOptions {
        force: args.force,
        inputs,
    });
    let written = writer.write(&args.output, page.as_bytes());
    report_leftovers(lang, &mut writer);
    match written {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("{}", output_error(lang, &args.output, &e));
            exit::FAILURE
        }
    }
}

/// Today's date in UTC, from the system clock (chrono is built without its clock).
fn today_utc() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or_default()
}
