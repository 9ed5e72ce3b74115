//! The `plan` binary: parse the arguments, run, map to an exit code (0 ok, 1 findings,
//! 2 usage or I/O failure).

use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system allocator: a check allocates and frees millions of small tree
/// nodes and names (issue 15; docs/performance.md says what it gained). The library leaves
/// the choice to whoever links it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
