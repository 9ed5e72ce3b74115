//! `use "registry.plan"`: what a file imports — the owners, units and metrics of the files
//! it names, and of the files those name in turn — and which imports fail (missing file,
//! cycle, a file that does not parse).

use foldhash::{HashSet, HashSetExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::loader::Loader;
use super::{Import, ImportFailure, ImportStatus};
use crate::source::{LoadError, Source};
use crate::syntax::ast;

/// How many files deep imports may chain; deeper chains are cut (and a chain that long is
/// surely a mistake), so that import resolution never recurses without bound.
pub const MAX_IMPORT_DEPTH: usize = 32;

/// Definitions brought in by `use`, each with the file it is written in.
#[derive(Default)]
pub struct Imported {
    pub owners: Vec<(ast::OwnerEntry, Arc<Source>)>,
    pub units: Vec<(ast::UnitDecl, Arc<Source>)>,
    pub metrics: Vec<(ast::MetricDecl, Arc<Source>)>,
}

/// Resolve the `use` lines of one file.
pub fn resolve(loader: &Loader, source: &Source, file: &ast::File) -> (Vec<Import>, Imported) {
    let mut imported = Imported::default();
    let mut seen = HashSet::new();
    let me = Loader::canonical(&source.path);
    seen.insert(me.clone());
    let mut stack = vec![(me, source.display_path())];
    let mut imports = Vec::new();
    for item in &file.items {
        let ast::Item::Use(u) = item else { continue };
        let status = import(
            loader,
            &source.path,
            &u.path.text,
            &mut stack,
            &mut seen,
            &mut imported,
        );
        imports.push(Import {
            path: u.path.text.clone(),
            span: u.path.span.clone(),
            status,
        });
    }
    (imports, imported)
}

fn import(
    loader: &Loader,
    from: &Path,
    relative: &str,
    stack: &mut Vec<(PathBuf, String)>,
    seen: &mut HashSet<PathBuf>,
    out: &mut Imported,
) -> ImportStatus {
    let dir = from.parent().unwrap_or(Path::new(""));
    let path = dir.join(relative);
    let key = Loader::canonical(&path);
    let display = path.to_string_lossy().replace('\\', "/");
    if let Some(pos) = stack.iter().position(|(p, _)| *p == key) {
        let mut chain: Vec<String> = stack[pos..].iter().map(|(_, d)| d.clone()).collect();
        chain.push(display);
        return ImportStatus::Cycle(chain);
    }
    if stack.len() > MAX_IMPORT_DEPTH {
        // The chain that went too deep, so that the user can find where to cut it.
        let mut chain: Vec<String> = stack.iter().map(|(_, d)| d.clone()).collect();
        chain.push(display);
        return ImportStatus::Missing(ImportFailure::TooDeep(MAX_IMPORT_DEPTH, chain));
    }
    let parsed = match loader.load(&path, &path) {
        Ok(p) => p,
        Err(e) => {
            return ImportStatus::Missing(match e {
                LoadError::IsDirectory => ImportFailure::Directory,
                LoadError::NotUtf8(_) => ImportFailure::NotUtf8,
                LoadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                    ImportFailure::NotFound
                }
                LoadError::Io(io) => ImportFailure::Io(io.to_string()),
                LoadError::Unreadable(why) => ImportFailure::Unreadable(why),
            });
        }
    };
    let file = match &parsed.ast {
        Ok(f) => f,
        Err(e) => {
            let (line, _) = parsed.source.line_col(e.span.start);
            return ImportStatus::Broken {
                shown: parsed.source.display_path(),
                line,
            };
        }
    };
    if !seen.insert(key.clone()) {
        // Already imported through another path (a diamond): nothing new to add.
        return ImportStatus::Ok;
    }
    stack.push((key, display));
    let mut status = ImportStatus::Ok;
    for item in &file.items {
        match item {
            ast::Item::Owners(block) => {
                for e in &block.entries {
                    out.owners.push((e.clone(), Arc::clone(&parsed.source)));
                }
            }
            ast::Item::Unit(u) => out
                .units
                .push((u.as_ref().clone(), Arc::clone(&parsed.source))),
            ast::Item::Metric(m) => out
                .metrics
                .push((m.as_ref().clone(), Arc::clone(&parsed.source))),
            ast::Item::Use(u) => {
                let nested = import(loader, &parsed.source.path, &u.path.text, stack, seen, out);
                // A cycle further down is still a cycle through this import; a chain cut
                // for depth dropped definitions, so the `use` at the top must say so too
                // (issue 16: it was silent, and owners went missing without a word).
                let reaches_top = matches!(
                    nested,
                    ImportStatus::Cycle(_) | ImportStatus::Missing(ImportFailure::TooDeep(..))
                );
                if reaches_top && matches!(status, ImportStatus::Ok) {
                    status = nested;
                }
            }
            _ => {}
        }
    }
    stack.pop();
    status
}
