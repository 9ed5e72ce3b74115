//! `textDocument/formatting`: the whole document in the canonical layout (src/format.rs).
//! A document with a syntax error is left as it is (no edits).

use tower_lsp_server::ls_types::{Range, TextEdit};

use super::document::Document;

pub fn formatting(doc: &Document) -> Option<Vec<TextEdit>> {
    let formatted = crate::format::format(doc.text()).ok()?;
    if formatted == doc.text() {
        return Some(Vec::new());
    }
    Some(vec![TextEdit {
        range: Range {
            start: doc.position(0),
            end: doc.position(doc.text().len()),
        },
        new_text: formatted,
    }])
}
