//! The `plan` binary: parse the arguments, run, map to an exit code (0 ok, 1 findings,
//! 2 usage or I/O failure).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match plan::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(plan::cli::exit::FAILURE),
            };
        }
    };
    plan::cli::run(cli)
}
