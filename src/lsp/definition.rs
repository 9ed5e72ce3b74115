//! `textDocument/definition`: from an owner, metric, measure or unit name to where it is
//! defined (in this file or an imported registry), and from a `use` line to the file.

use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use super::diagnostics::location;
use super::document::Document;
use super::index::{self, Sym};

pub fn definition(doc: &Document, position: Position) -> Option<Location> {
    let model = doc.model()?;
    let occurrences = index::occurrences(model);
    let occ = index::at(&occurrences, doc.offset(position))?;
    declaration(doc, &occ.sym)
}

/// Where a symbol is defined, if anywhere.
pub fn declaration(doc: &Document, sym: &Sym) -> Option<Location> {
    let model = doc.model()?;
    match sym {
        Sym::Owner(id) => {
            let owner = model.owners.iter().find(|o| &o.id == id)?;
            location(doc, &owner.at.source, &owner.at.span)
        }
        Sym::Metric(id) => {
            let decl = model.metrics.iter().find(|m| &m.id == id)?.decl.as_ref()?;
            location(doc, &decl.source, &decl.span)
        }
        Sym::Node(id) => {
            let node = model.nodes.iter().find(|n| &n.id == id)?;
            Some(Location {
                uri: doc.uri.clone(),
                range: doc.range(&node.id_span),
            })
        }
        Sym::Unit(name) => {
            let def = model.unit_defs.iter().find(|u| &u.name == name)?;
            Some(Location {
                uri: doc.uri.clone(),
                range: doc.range(&def.span),
            })
        }
        Sym::Use(path) => {
            let dir = doc.path.parent()?;
            let file = std::fs::canonicalize(dir.join(path)).ok()?;
            Some(Location {
                uri: Uri::from_file_path(file)?,
                range: Range::new(Position::new(0, 0), Position::new(0, 0)),
            })
        }
    }
}
