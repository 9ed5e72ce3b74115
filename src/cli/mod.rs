//! The command line: `plan check`, `plan compile`, `plan explain`, `plan fmt`, `plan lsp`,
//! `plan render`, `plan report`, `plan import`, `plan status`, `plan ledger`. One file per command;
//! this one holds the arguments (their `///` docs are the `--help` text) and the exit codes.

mod check;
mod compile;
mod explain;
mod fmt;
mod generated;
mod import;
mod ledger;
mod lsp;
mod publish;
mod render;
mod report;
mod status;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

/// Check plans with numbers in them: owners, deadlines, units, targets.
#[derive(Debug, Parser)]
#[command(name = "plan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders of `.plan` files and report every finding.
    Check(CheckArgs),
    /// Compile one plan to JSON or TOML (refused when the plan has errors).
    Compile(CompileArgs),
    /// Explain a finding's code: what it means, why it matters, how to fix it.
    Explain(ExplainArgs),
    /// Rewrite `.plan` files in the canonical layout, keeping every comment.
    Fmt(FmtArgs),
    /// Run the language server over standard input and output (for editors).
    Lsp(LspArgs),
    /// Where every target, measure, section and owner stands on a date (docs/status.md).
    Status(StatusArgs),
    /// Write the 台账 ledger spreadsheet of a plan, or read a filled one back into actuals.
    Ledger(LedgerArgs),
    /// Render one plan as its official document (GB/T 9704): a Word file or a print page.
    Render(RenderArgs),
    /// Write one self-contained HTML report on plans: findings, deadlines, progress.
    Report(ReportArgs),
    /// Draft a `.plan` from a plan document (.txt, .md, .html or .docx).
    Import(ImportArgs),
    /// Print a shell's completion script: `plan completions bash > /etc/bash_completion.d/plan`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `plan man > plan.1 && man ./plan.1`.
    Man,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders; folders are walked for `*.plan`, respecting `.gitignore`
    /// (default: the `paths` of plan.toml); `-` reads a plan from standard input.
    pub paths: Vec<std::path::PathBuf>,
    /// The configuration file (default: plan.toml in the current folder or the nearest
    /// folder above it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 on warnings too (`--deny warnings`).
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// The language of messages (default: `lang` of plan.toml, else from LC_ALL /
    /// LC_MESSAGES / LANG; zh_* is Chinese).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Also report targets overdue (S601) or behind (S602) on this date (docs/status.md):
    /// `2025-06-30`, `2025-06`, `2025-Q2`, `2025` (its last day).
    #[arg(long, value_name = "DATE", value_parser = status::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Print at most this many findings in the human report, then how many more there are
    /// (0: all). The summary, the exit code and the other formats count every finding.
    #[arg(long, value_name = "N", default_value_t = check::MAX_FINDINGS_SHOWN)]
    pub max_findings: usize,
}

#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// The plan to compile (`-`: standard input; its imports are relative to the current
    /// folder).
    pub file: std::path::PathBuf,
    /// The configuration file whose severities decide what is an error, as for `check`
    /// (default: plan.toml in the current folder or the nearest folder above it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// The output format.
    #[arg(long, value_enum)]
    pub to: Target,
    /// Write here (atomically, keeping the replaced file's mode) instead of standard
    /// output; `-` is standard output. Only a regular file is replaced, never the plan itself.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
    /// The language of messages (default: from the environment's locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Replace a read-only output file; rewrite a hard-linked one in place.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code such as O101 (any case); without one, every code is listed.
    pub code: Option<String>,
    /// The language of the explanation (default: from the environment's locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or folders; folders are walked for `*.plan`, respecting `.gitignore`; `-`
    /// formats standard input to standard output.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
    /// Change nothing; list the files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// The language of messages (default: from the environment's locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Rewrite read-only files; rewrite hard-linked files in place (keeping the links).
    #[arg(long)]
    pub force: bool,
    /// Write the keywords in this language (default: each file's own, the language most
    /// of its keywords are written in).
    #[arg(long, value_enum)]
    pub keywords: Option<KeywordsArg>,
}

/// `plan fmt --keywords zh|en`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum KeywordsArg {
    /// English keywords (`measure`, `target` …).
    En,
    /// Chinese keywords (`措施`, `目标` …).
    Zh,
}

#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Accepted for editors that pass it; standard input and output are always used.
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Plans, actuals files that `use` a plan, or folders of them; `-` reads a plan from
    /// standard input.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
    /// The date to judge on: `2025-06-30`, `2025-06`, `2025-Q2`, `2025` (its last day);
    /// default: today.
    #[arg(long, value_name = "DATE", value_parser = status::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
    /// How to print the status.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
    /// Exit with 1 when a target is behind or overdue (`behind`), or overdue (`overdue`).
    #[arg(long, value_enum)]
    pub deny: Option<StatusDeny>,
    /// The language of the table and messages (default: from the environment's locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The plan to render (refused when it has errors).
    pub file: std::path::PathBuf,
    /// The output format.
    #[arg(long, value_enum)]
    pub to: RenderTo,
    /// The file to write (atomically; `-` is standard output).
    #[arg(short, long)]
    pub output: std::path::PathBuf,
    /// Replace a read-only output file, or rewrite a hard-linked one in place.
    #[arg(long)]
    pub force: bool,
    /// Render even when the plan has errors (a draft for review; the findings are still
    /// printed). Without it a plan with errors is refused and nothing is written.
    #[arg(long)]
    pub allow_errors: bool,
    /// The language of messages (the document itself is always Chinese).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct LedgerArgs {
    /// The plan to write the ledger of (or, with `--read`, the plan the ledger was written
    /// for: default, the one named in the workbook).
    pub file: Option<std::path::PathBuf>,
    /// Write here: the workbook (`ledger.xlsx`), or with `--read` the actuals file
    /// (default: standard output).
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
    /// Read a filled-in ledger back into `actual` lines.
    #[arg(long, value_name = "XLSX")]
    pub read: Option<std::path::PathBuf>,
    /// The date the status and completion columns are computed for (default: today).
    #[arg(long, value_name = "DATE", value_parser = status::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Actuals files (or folders of them) that report on the plan: their actuals count for
    /// the status, latest actual and completion columns (the monthly re-issued 台账).
    #[arg(long = "with", value_name = "ACTUALS", num_args = 1..)]
    pub with: Vec<std::path::PathBuf>,
    /// The language of headers and messages (default: Chinese for the ledger).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The plan document: .txt or .md (UTF-8, UTF-16 or GBK), .html, or .docx.
    pub file: std::path::PathBuf,
    /// Write the draft here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
    /// The keywords of the draft (default: Chinese, the document's language).
    #[arg(long, value_enum)]
    pub keywords: Option<LangArg>,
    /// `plan` writes the draft; `json` its compiled form with `source` spans into the document.
    #[arg(long, value_enum, default_value_t = ImportFormat::Plan)]
    pub format: ImportFormat,
    /// Replace a read-only or hard-linked output file.
    #[arg(long)]
    pub force: bool,
    /// The language of messages (default: from the environment's locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A table for people, grouped by owner.
    Human,
    /// One JSON document (docs/status.schema.json).
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusDeny {
    /// Fail when any target is behind or overdue.
    Behind,
    /// Fail when any target is overdue.
    Overdue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RenderTo {
    /// A Word document (.docx).
    Docx,
    /// One HTML page with print CSS.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The plans to report on.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// The HTML file to write (atomically; `-` is standard output).
    #[arg(short, long)]
    pub output: std::path::PathBuf,
    /// Replace a read-only output file, or rewrite a hard-linked one in place.
    #[arg(long)]
    pub force: bool,
    /// The date of the "today" line, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub today: Option<chrono::NaiveDate>,
    /// The language of the report and its messages (default: from the environment's locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s}: {e} (write YYYY-MM-DD)"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The draft `.plan`.
    Plan,
    /// The compiled draft (the schema of `plan compile`) with `source` spans.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Graphical report for people (colour only on a terminal, never with NO_COLOR).
    Human,
    /// One JSON document (LANGUAGE.md §6).
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub `upload-sarif` and others).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Treat warnings as failures for the exit code.
    Warnings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Json,
    Toml,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

impl LangArg {
    fn resolve(arg: Option<LangArg>) -> Lang {
        match arg {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::Zh) => Lang::Zh,
            None => Lang::from_env(),
        }
    }
}

/// Exit codes of LANGUAGE.md §6.
pub mod exit {
    /// No errors (warnings allowed unless denied).
    pub const OK: u8 = 0;
    /// Findings that fail the run.
    pub const FINDINGS: u8 = 1;
    /// Usage or I/O failure.
    pub const FAILURE: u8 = 2;
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Status(args) => status::run(args),
        Command::Ledger(args) => ledger::run(args),
        Command::Import(args) => import::run(args),
        Command::Completions(args) => generated::completions(args.shell),
        Command::Man => generated::man(),
        Command::Render(args) => render::run(args),
        Command::Report(args) => report::run(args),
    };
    ExitCode::from(code)
}

/// Whether to colour output for people: only on a terminal, never with `NO_COLOR` set.
fn use_color(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    stream_is_terminal && !no_color
}

/// The width to wrap reports at: `COLUMNS` when set, else 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c: &usize| c >= 40)
        .unwrap_or(100)
}

/// An output that was not written, as a line for standard error: `plan: PATH: what`.
fn output_error(lang: Lang, path: &std::path::Path, e: &crate::output::OutputError) -> String {
    use crate::output::OutputError;
    let what = match e {
        OutputError::Refused(r) => lang.say(&crate::i18n::Msg::OutputRefused(r.clone())),
        OutputError::Io(io) => io.to_string(),
    };
    format!("plan: {}: {what}", path.display())
}

/// Tell the user about temporary files of killed runs that the writer found.
fn report_leftovers(lang: Lang, writer: &mut crate::output::Writer) {
    use crate::i18n::Msg;
    use crate::output::Leftover;
    for leftover in writer.take_leftovers() {
        let msg = match leftover {
            Leftover::Removed(p) => Msg::LeftoverRemoved {
                path: p.display().to_string(),
            },
            Leftover::Kept(p) => Msg::LeftoverKept {
                path: p.display().to_string(),
            },
        };
        eprintln!("plan: {}", lang.say(&msg));
    }
}

/// A file that could not be read, as a line for standard error: `plan: PATH: what`.
fn io_error(lang: Lang, path: &std::path::Path, e: &crate::source::LoadError) -> String {
    use crate::i18n::Msg;
    use crate::source::LoadError;
    let what = match e {
        LoadError::IsDirectory => lang.say(&Msg::IoDirectory),
        LoadError::NotUtf8(_) => lang.say(&Msg::NotUtf8Help),
        LoadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            lang.say(&Msg::IoNotFound)
        }
        LoadError::Io(io) => io.to_string(),
        LoadError::Unreadable(why) => lang.say(&Msg::Unreadable(why.clone())),
    };
    format!("plan: {}: {what}", path.display())
}
