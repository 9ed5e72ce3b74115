//! `textDocument/rename`: rename an owner id or a metric everywhere in the document.
//! An owner's full name and aliases are other names of it and stay as they are; an owner
//! or metric defined in an imported registry is renamed there, not here.

use tower_lsp_server::ls_types::{Position, TextEdit};

use super::document::Document;
use super::index::{self, Sym};

pub use crate::i18n::RenameRefusal as Refused;

impl From<Refused> for crate::i18n::Msg {
    fn from(r: Refused) -> Self {
        crate::i18n::Msg::RenameRefused(r)
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
    if new_name != old && taken(model, &sym, new_name) {
        return Err(Refused::Taken {
            name: new_name.to_string(),
        });
    }
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

/// Whether another owner (by id, full name or alias) or another metric already has the
/// name: renaming onto it would merge two things into one.
fn taken(model: &crate::model::Model, sym: &Sym, name: &str) -> bool {
    match sym {
        Sym::Owner(id) => model.owners.iter().any(|o| {
            &o.id != id
                && (o.id == name
                    || o.name.as_deref() == Some(name)
                    || o.aliases.iter().any(|a| a == name))
        }),
        Sym::Metric(id) => model.metrics.iter().any(|m| &m.id != id && m.id == name),
        _ => false,
    }
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
