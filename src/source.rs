//! A source file as the checker sees it: its path as the user wrote it, its text (UTF-8,
//! without BOM), and the line index every position conversion goes through.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::text::{strip_bom, LineIndex};

/// One loaded `.plan` file.
#[derive(Debug)]
pub struct Source {
    /// The path as given or found by walking (`plans/anju-2025.plan`), used in every report.
    pub path: PathBuf,
    /// The text, with a leading BOM removed (positions count from after it).
    pub text: String,
    pub lines: LineIndex,
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    IsDirectory,
    /// Not UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
}

impl Source {
    /// A source from text in memory (an editor buffer, a test).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Source> {
        let text: String = text.into();
        let text = match strip_bom(&text) {
            (_, 0) => text,
            (rest, _) => rest.to_string(),
        };
        let lines = LineIndex::new(&text);
        Arc::new(Source {
            path: path.into(),
            text,
            lines,
        })
    }

    /// Read a file from disk. Not UTF-8 and directories are errors, never panics.
    pub fn load(path: &Path) -> Result<Arc<Source>, LoadError> {
        if path.is_dir() {
            return Err(LoadError::IsDirectory);
        }
        let bytes = std::fs::read(path).map_err(LoadError::Io)?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::new(path, text)),
            Err(e) => Err(LoadError::NotUtf8(e.utf8_error().valid_up_to())),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, byte)
    }

    /// The path for display, with `/` separators on every platform.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }
}
