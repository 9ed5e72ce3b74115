//! `plan completions SHELL` and `plan man`: generated from the clap definition, so they
//! always match the commands and flags (`--help` texts included).

use std::io::Write;

use clap::CommandFactory;

use super::{exit, Cli};

pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "plan", &mut out);
    print_bytes(&out)
}

pub fn man() -> u8 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        eprintln!("plan: {e}");
        return exit::FAILURE;
    }
    print_bytes(&out)
}

fn print_bytes(bytes: &[u8]) -> u8 {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    // A closed pipe (`plan man | head`) is the reader's choice.
    let _ = lock.write_all(bytes).and_then(|()| lock.flush());
    exit::OK
}
