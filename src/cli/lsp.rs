//! `plan lsp`: the language server over standard input and output (src/lsp/).

use super::{exit, LspArgs};

pub fn run(_args: LspArgs) -> u8 {
    match crate::lsp::serve_stdio() {
        Ok(crate::lsp::Ending::Clean) => exit::OK,
        // The protocol's exit code for an `exit` without `shutdown` first.
        Ok(crate::lsp::Ending::WithoutShutdown) => 1,
        Err(e) => {
            eprintln!("plan lsp: {e}");
            exit::FAILURE
        }
    }
}
