//! An open document: the editor's text, checked, and the position encoding negotiated
//! with the client. Every conversion between LSP positions and byte offsets goes through
//! [`crate::text::LineIndex`] (via the document's [`Source`]).

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::{
    Position, PositionEncodingKind, Range, TextDocumentContentChangeEvent, Uri,
};

use crate::model::{Loader, Model, Parsed};
use crate::source::Source;
use crate::syntax::ast::Span;
use crate::Checked;

/// How columns are counted in positions: UTF-16 code units (the LSP default) or UTF-8
/// bytes (when the client offers it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf16,
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client offers it (it saves no work for Chinese text, but it is what
    /// the client prefers when it lists it), else the default UTF-16.
    pub fn negotiate(offered: &[PositionEncodingKind]) -> Encoding {
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub uri: Uri,
    /// The file's path (for `use` and the overlay); a made-up one for unsaved buffers.
    pub path: PathBuf,
    pub version: i32,
    pub encoding: Encoding,
    pub checked: Arc<Checked>,
    /// The last check of this document that parsed: while a line is half typed the file
    /// does not parse, and completion still needs the names of its registry and metrics.
    pub last_parsed: Option<Arc<Checked>>,
}

impl Document {
    /// Check `text` as the content of `uri`, and put it in front of the disk for imports.
    /// `previous` is the document's earlier state, if it was open.
    pub fn open(
        loader: &Loader,
        uri: Uri,
        version: i32,
        text: String,
        encoding: Encoding,
        previous: Option<&Document>,
    ) -> Self {
        let path = path_of(&uri);
        let parsed = Parsed::from_source(Source::new(&path, text));
        loader.set_overlay(&path, Some(Arc::clone(&parsed)));
        let checked = Arc::new(crate::check_parsed(loader, &parsed));
        let last_parsed = if checked.model.is_some() {
            Some(Arc::clone(&checked))
        } else {
            previous.and_then(|p| p.last_parsed.clone())
        };
        Document {
            uri,
            path,
            version,
            encoding,
            checked,
            last_parsed,
        }
    }

    /// The document's newer text before it is checked (the check runs off the request
    /// path): its text and positions are current, and it has no findings or model of its
    /// own; the names of the last text that parsed are kept for completion.
    pub fn unchecked(
        uri: Uri,
        version: i32,
        text: String,
        encoding: Encoding,
        previous: Option<&Document>,
    ) -> Self {
        let path = path_of(&uri);
        let source = Source::new(&path, text);
        Document {
            uri,
            path,
            version,
            encoding,
            checked: Arc::new(Checked {
                source,
                model: None,
                diagnostics: Vec::new(),
            }),
            last_parsed: previous.and_then(|p| p.last_parsed.clone()),
        }
    }

    /// The model of the last text that parsed (this one's, if it parses): for names only,
    /// since its spans may be out of date.
    pub fn names(&self) -> Option<&Model> {
        self.last_parsed.as_ref().and_then(|c| c.model.as_ref())
    }

    pub fn source(&self) -> &Arc<Source> {
        &self.checked.source
    }

    pub fn text(&self) -> &str {
        &self.checked.source.text
    }

    pub fn model(&self) -> Option<&Model> {
        self.checked.model.as_ref()
    }

    /// The byte offset of a position; positions past a line's end clamp to it, positions
    /// past the last line to the end of the text.
    pub fn offset(&self, position: Position) -> usize {
        offset_in(&self.checked.source, self.encoding, position)
    }

    /// The position of a byte offset in this document.
    pub fn position(&self, byte: usize) -> Position {
        position_in(&self.checked.source, self.encoding, byte)
    }

    pub fn range(&self, span: &Span) -> Range {
        range_in(&self.checked.source, self.encoding, span)
    }

    /// The text after applying the editor's changes, in order.
    pub fn apply_changes(&self, changes: &[TextDocumentContentChangeEvent]) -> String {
        apply_changes(self.text(), self.encoding, changes)
    }
}

/// A text after the editor's changes, in order (a change without a range replaces the whole
/// text).
pub fn apply_changes(
    text: &str,
    encoding: Encoding,
    changes: &[TextDocumentContentChangeEvent],
) -> String {
    let mut text = text.to_string();
    let path = PathBuf::new();
    for change in changes {
        match change.range {
            None => text = change.text.clone(),
            Some(range) => {
                let source = Source::new(&path, text.as_str());
                let start = offset_in(&source, encoding, range.start);
                let end = offset_in(&source, encoding, range.end).max(start);
                text.replace_range(start..end, &change.text);
            }
        }
    }
    text
}

/// The file a document's URI names; a made-up one for unsaved buffers.
pub fn path_of(uri: &Uri) -> PathBuf {
    uri.to_file_path()
        .map(|p| p.into_owned())
        .unwrap_or_else(|| PathBuf::from("untitled.plan"))
}

/// The position of a byte offset in a source, in an encoding.
pub fn position_in(source: &Source, encoding: Encoding, byte: usize) -> Position {
    let (line, character) = match encoding {
        Encoding::Utf16 => source.lines().lsp_position_utf16(&source.text, byte),
        Encoding::Utf8 => source.lines().lsp_position_utf8(&source.text, byte),
    };
    Position { line, character }
}

pub fn range_in(source: &Source, encoding: Encoding, span: &Span) -> Range {
    Range {
        start: position_in(source, encoding, span.start),
        end: position_in(source, encoding, span.end),
    }
}

/// The byte offset (on a character boundary) of a position, clamped to the text.
pub fn offset_in(source: &Source, encoding: Encoding, p: Position) -> usize {
    let found = match encoding {
        Encoding::Utf16 => source
            .lines()
            .offset_from_utf16(&source.text, p.line, p.character),
        Encoding::Utf8 => source
            .lines()
            .offset_from_utf8(&source.text, p.line, p.character),
    };
    found.unwrap_or(source.text.len())
}
