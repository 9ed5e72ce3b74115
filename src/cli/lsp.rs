//! `plan lsp`: the language server over standard input and output (src/lsp/).

use super::{exit, LspArgs};

pub fn run(_args: LspArgs) -> u8 {
    match crate::lsp::serve_stdio() {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("plan lsp: {e}");
            exit::FAILURE
        }
    }
}
