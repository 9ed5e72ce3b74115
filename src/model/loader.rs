//! Loading and parsing files, once each.
//!
//! A registry file imported by a hundred plans is read and parsed once: the [`Loader`]
//! keeps every parsed file by its canonical path. The language server puts open editor
//! buffers in front of the disk with [`Loader::set_overlay`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::source::{LoadError, Source};
use crate::syntax::{self, ast, SyntaxError};

/// A file read and parsed.
#[derive(Debug)]
pub struct Parsed {
    pub source: Arc<Source>,
    pub ast: Result<Arc<ast::File>, SyntaxError>,
}

impl Parsed {
    /// Parse text already in memory.
    pub fn from_source(source: Arc<Source>) -> Arc<Parsed> {
        let ast = syntax::parse(&source.text).map(Arc::new);
        Arc::new(Parsed { source, ast })
    }
}

/// A file as [`Loader::read_uncached`] finds it.
#[derive(Debug)]
pub enum Read {
    /// Already parsed: an editor buffer, or a file read before (an import).
    Parsed(Arc<Parsed>),
    /// Read from disk just now.
    Text(Arc<Source>),
}

/// Reads and parses files, caching by canonical path.
#[derive(Debug, Default)]
pub struct Loader {
    cache: Mutex<HashMap<PathBuf, Arc<Parsed>>>,
    overlay: Mutex<HashMap<PathBuf, Arc<Parsed>>>,
}

impl Loader {
    pub fn new() -> Self {
        Self::default()
    }

    /// The canonical form of a path, used as the cache key and for finding import cycles.
    pub fn canonical(path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }

    /// Load and parse a file (from an editor buffer if one is open for it).
    /// `display` is the path shown in reports.
    pub fn load(&self, path: &Path, display: &Path) -> Result<Arc<Parsed>, LoadError> {
        self.fetch(path, display, true)
    }

    /// Load and parse a file without keeping it in the cache: for the files `plan check`
    /// checks, each once, so memory does not grow with their number. Files they import
    /// still go through [`load`](Self::load) and are parsed once; a file already cached
    /// (or open in an editor) is reused.
    pub fn load_uncached(&self, path: &Path, display: &Path) -> Result<Arc<Parsed>, LoadError> {
        self.fetch(path, display, false)
    }

    /// What `plan check` reads of a file it checks: the file as the loader already has it
    /// (an editor buffer, a file another imported), else its text, not parsed and not kept,
    /// for [`crate::model::build_staged`] to parse a group of items at a time.
    pub fn read_uncached(&self, path: &Path, display: &Path) -> Result<Read, LoadError> {
        self.read(&Self::canonical(path), path, display)
    }

    fn read(&self, key: &Path, path: &Path, display: &Path) -> Result<Read, LoadError> {
        if let Some(p) = lock(&self.overlay).get(key) {
            return Ok(Read::Parsed(Arc::clone(p)));
        }
        if let Some(p) = lock(&self.cache).get(key) {
            return Ok(Read::Parsed(Arc::clone(p)));
        }
        let source = Source::load(path)?;
        Ok(Read::Text(if source.path == display {
            source
        } else {
            Source::new(display, source.text.clone())
        }))
    }

    fn fetch(&self, path: &Path, display: &Path, keep: bool) -> Result<Arc<Parsed>, LoadError> {
        let key = Self::canonical(path);
        let source = match self.read(&key, path, display)? {
            Read::Parsed(parsed) => return Ok(parsed),
            Read::Text(source) => source,
        };
        let parsed = Parsed::from_source(source);
        if keep {
            lock(&self.cache).insert(key, Arc::clone(&parsed));
        }
        Ok(parsed)
    }

    /// Put an editor buffer in front of the file on disk (or drop it with `None`).
    pub fn set_overlay(&self, path: &Path, parsed: Option<Arc<Parsed>>) {
        let key = Self::canonical(path);
        let mut overlay = lock(&self.overlay);
        match parsed {
            Some(p) => {
                overlay.insert(key, p);
            }
            None => {
                overlay.remove(&key);
            }
        }
    }
}

// ── Re-reading imported files (the language server, when files change on disk) ──
impl Loader {
    /// Forget what was read of a file, so the next load reads it again.
    pub fn forget(&self, path: &Path) {
        lock(&self.cache).remove(&Self::canonical(path));
    }

    /// Forget every file read from disk (editor buffers stay).
    pub fn forget_all(&self) {
        lock(&self.cache).clear();
    }
}

/// A poisoned lock only means another thread panicked while holding it; the map is still
/// usable, so carry on rather than propagate the panic.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `a/./b/../c` → `a/c`, for paths that do not exist (so cannot be canonicalized).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
