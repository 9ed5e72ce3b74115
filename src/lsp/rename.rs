//! `textDocument/rename`: rename an owner id or a metric everywhere in the document.
//! An owner's full name and aliases are other names of it and stay as they are; an owner
//! or metric defined in an imported registry is renamed there, not here.

use tower_lsp_server::ls_types::{Position, TextEdit};

use super::document::Document;
use super::index::{self, Sym};

/// Why a rename was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    NotRenamable,
    Imported,
    EmptyName,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refused::NotRenamable => "only an owner id or a metric can be renamed",
            Refused::Imported => "it is defined in an imported file: rename it there",
            Refused::EmptyName => "the new name is empty",
        })
    }
}

pub fn rename(
    doc: &Document,
    position: Position,
    new_name: &str,
) -> Result<Vec<TextEdit>, Refused> {
    let model = doc.model().ok_or(Refused::NotRenamable)?;
    if new_name.trim().is_empty() {
        return Err(Refused::EmptyName);
    }
    let occurrences = index::occurrences(model);
    let occ = index::at(&occurrences, doc.offset(position)).ok_or(Refused::NotRenamable)?;
    let (sym, old) = match &occ.sym {
        Sym::Owner(id) => {
            let owner = model.owners.iter().find(|o| &o.id == id);
            if owner.is_some_and(|o| !o.local) {
                return Err(Refused::Imported);
            }
            (occ.sym.clone(), id.clone())
        }
        Sym::Metric(id) => {
            let metric = model.metrics.iter().find(|m| &m.id == id);
            if metric.is_some_and(|m| m.decl.is_some() && !m.local) {
                return Err(Refused::Imported);
            }
            (occ.sym.clone(), id.clone())
        }
        _ => return Err(Refused::NotRenamable),
    };
    let written = spelled(new_name);
    Ok(occurrences
        .iter()
        .filter(|o| o.sym == sym && o.text == old)
        .map(|o| TextEdit {
            range: doc.range(&o.span),
            new_text: written.clone(),
        })
        .collect())
}

/// A name as it must be written: bare when it is an identifier and not a keyword,
/// else quoted (LANGUAGE.md §2).
pub fn spelled(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !super::completion::is_reserved(name);
    if identifier {
        name.to_string()
    } else {
        let escaped = name
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        format!("\"{escaped}\"")
    }
}
