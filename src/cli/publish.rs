//! What the commands that publish share: `compile` and `render` check the plan first (the
//! settings of `check`, its findings printed, a plan with errors refused), and `compile`,
//! `render` and `import` write their output through the one writer (src/output.rs) and say
//! what it left behind.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::{exit, io_error, output_error, report_leftovers, use_color, width};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::emit::human;
use crate::i18n::{Lang, Msg, StatusMsg};
use crate::model::{Loader, Model, Parsed};
use crate::output::{WriteOptions, Writer};
use crate::source::LoadError;
use crate::source::Source;

/// The plan `file` (`-`: standard input) checked with `config`'s severities, its findings
/// printed on standard error. A plan with errors is refused — `refused` says why, exit 1 —
/// unless `allow_errors`; a file that cannot be read is exit 2. The plan returned has a
/// model.
pub(super) fn checked(
    file: &Path,
    config: Config,
    lang: Lang,
    allow_errors: bool,
    refused: impl Fn(usize) -> Msg,
) -> Result<crate::Checked, u8> {
    let loader = Loader::new();
    let mut checked = match load(&loader, file) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", io_error(lang, file, &e));
            return Err(exit::FAILURE);
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
    if checked.model.is_none() || (errors > 0 && !allow_errors) {
        eprintln!("plan: {}", lang.say(&refused(errors)));
        return Err(exit::FINDINGS);
    }
    Ok(checked)
}

/// The plan `file` checked (`-`: standard input, read once).
pub(super) fn load(loader: &Loader, file: &Path) -> Result<crate::Checked, LoadError> {
    if file.as_os_str() == "-" {
        Source::from_stdin().map(|s| crate::check_parsed(loader, &Parsed::from_source(s)))
    } else {
        crate::check_file(loader, file)
    }
}

/// For the commands that follow a plan with errors (`status`, `ledger`): a plan that does
/// not parse has its findings printed and is refused (false); one with errors is followed,
/// its errors counted on standard error.
pub(super) fn followed(checked: &crate::Checked, lang: Lang) -> bool {
    let errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if checked.model.is_none() {
        let style = human::Style {
            color: use_color(std::io::stderr().is_terminal()),
            width: width(),
            lang,
        };
        eprint!("{}", human::render(&checked.diagnostics, style));
        eprintln!(
            "plan: {}: {}",
            checked.source.display_path(),
            lang.say(&Msg::Status(StatusMsg::Refused { errors }))
        );
        return false;
    }
    if errors > 0 {
        eprintln!(
            "plan: {}: {}",
            checked.source.display_path(),
            lang.say(&Msg::Status(StatusMsg::HasErrors { errors }))
        );
    }
    true
}

/// The plan `file` and the files its model imports: never an output. Standard input (`-`)
/// is no file; its imports are relative to the working directory.
pub(super) fn plan_inputs(file: &Path, model: &Model) -> Vec<PathBuf> {
    let stdin = file.as_os_str() == "-";
    let dir = if stdin {
        Path::new("")
    } else {
        file.parent().unwrap_or(Path::new(""))
    };
    let mut inputs = if stdin {
        Vec::new()
    } else {
        vec![file.to_path_buf()]
    };
    inputs.extend(model.imports.iter().map(|i| dir.join(&i.path)));
    inputs
}

/// Write `bytes` to `out` (`-`: standard output) atomically, never over one of `inputs`,
/// say what the writer left behind, and give the exit code.
pub(super) fn write(lang: Lang, out: &Path, bytes: &[u8], force: bool, inputs: Vec<PathBuf>) -> u8 {
    let mut writer = Writer::new(WriteOptions { force, inputs });
    let written = writer.write(out, bytes);
    report_leftovers(lang, &mut writer);
    match written {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("{}", output_error(lang, out, &e));
            exit::FAILURE
        }
    }
}
