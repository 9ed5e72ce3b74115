//! `textDocument/references`: every place in the document a name is written, and its
//! definition (wherever it is) when the client asks for it.

use tower_lsp_server::ls_types::{Location, Position};

use super::definition::declaration;
use super::document::Document;
use super::index;

pub fn references(
    doc: &Document,
    position: Position,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let model = doc.model()?;
    let occurrences = index::occurrences(model);
    let sym = index::at(&occurrences, doc.offset(position))?.sym.clone();
    let mut out: Vec<Location> = occurrences
        .iter()
        .filter(|o| o.sym == sym && !o.def)
        .map(|o| Location {
            uri: doc.uri.clone(),
            range: doc.range(&o.span),
        })
        .collect();
    if include_declaration {
        if let Some(decl) = declaration(doc, &sym) {
            if !out.contains(&decl) {
                out.insert(0, decl);
            }
        }
    }
    Some(out)
}
