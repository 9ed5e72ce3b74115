//! `plan import`: draft a `.plan` from the plan document itself.
//!
//! ```text
//! bytes ─► reader (text.rs / html.rs / docx.rs) ─► Document: readable text + where each
//!          character came from in the input
//!       ─► structure.rs: header (title, 文号, dates, period), headings → a tree of nodes
//!       ─► targets.rs / deadlines.rs / owners.rs: what each node's sentences ask, by when, of whom
//!       ─► Draft (the internal model) ─► emit.rs: the .plan text (keyword table, `plan fmt` layout)
//!                                      └► json.rs: the compiled draft with `source` spans
//! ```
//!
//! The draft is a proposal for a person to review: every drafted line carries the sentence
//! it came from as a comment, and what the importer guessed is marked `# 待核: …`.

pub mod cn_number;
pub mod deadlines;
pub mod docx;
pub mod emit;
pub mod html;
pub mod json;
pub mod owners;
pub mod structure;
pub mod targets;
pub mod text;

use std::ops::Range;
use std::path::Path;

use crate::text::LineIndex;
use cn_number::Dec;

/// Documents larger than this are refused before they are read: a plan is a few hundred
/// kilobytes, and a 100 MB "document" is a mistake (a video, a dump) that should not make
/// the tool allocate gigabytes.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Why a document could not be imported. Each is worded by the message catalogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file could not be read: what the system said, by kind (worded by each catalog,
    /// so a Chinese message carries no English OS text).
    Io(IoProblem),
    /// Larger than [`MAX_BYTES`] (its size in bytes).
    TooLarge(u64),
    /// Neither UTF-8, UTF-16 with a BOM, nor GB18030/GBK text.
    Undecodable,
    /// No text at all: an empty file, or a scan (images only).
    NoText,
    /// A `.docx` that is not a readable Word document (why).
    BadDocx(DocxProblem),
    /// An extension the importer does not read (the extension).
    UnknownKind(String),
}

/// Why the system could not read a file, in the few kinds a user can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoProblem {
    NotFound,
    PermissionDenied,
    IsADirectory,
    /// Anything else (a device error, an interrupted read …).
    Other,
}

impl From<&std::io::Error> for IoProblem {
    fn from(e: &std::io::Error) -> IoProblem {
        match e.kind() {
            std::io::ErrorKind::NotFound => IoProblem::NotFound,
            std::io::ErrorKind::PermissionDenied => IoProblem::PermissionDenied,
            std::io::ErrorKind::IsADirectory => IoProblem::IsADirectory,
            _ => IoProblem::Other,
        }
    }
}

/// Why a `.docx` could not be read. The zip and XML readers' own words are English; these
/// are worded by each catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocxProblem {
    /// Not a zip archive at all (a renamed .doc, a truncated download).
    NotZip,
    /// A zip archive the reader cannot open (encrypted, or a compression it lacks).
    Unsupported,
    /// A zip archive without `word/document.xml`: not a Word document.
    NoDocument,
    /// A part that cannot be decompressed or is not UTF-8 XML (the part's name).
    BadPart(String),
    /// A part whose XML is malformed (the part's name).
    BadXml(String),
}

/// What kind of document a file is, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
    Docx,
}

impl Kind {
    pub fn of(path: &Path) -> Result<Kind, ImportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "text" | "" => Ok(Kind::Text),
            "html" | "htm" | "xhtml" => Ok(Kind::Html),
            "docx" => Ok(Kind::Docx),
            other => Err(ImportError::UnknownKind(other.to_owned())),
        }
    }
}

/// A document as the importer reads it: its text, one paragraph per line, and the map from
/// that text back to positions in the input file (for `source` spans).
#[derive(Debug)]
pub struct Document {
    pub text: String,
    /// The input's own text when positions must be mapped back into it (HTML), with the
    /// runs of `text` that were copied from it: (start in `text`, start in the input).
    origin: Option<(String, Vec<(usize, usize)>)>,
    /// The line index of the text positions are reported in (the input for HTML).
    lines: LineIndex,
}

/// A place in the input document, as `--format json` reports it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceSpan {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
}

impl Document {
    /// A document whose text is what positions are reported in (text files, .docx).
    pub fn plain(text: String) -> Document {
        let lines = LineIndex::new(&text);
        Document {
            text,
            origin: None,
            lines,
        }
    }

    /// A document read out of `input` (HTML): `runs` maps starts of runs of `text` to where
    /// they were copied from in `input`.
    pub fn mapped(text: String, input: String, runs: Vec<(usize, usize)>) -> Document {
        let lines = LineIndex::new(&input);
        Document {
            text,
            origin: Some((input, runs)),
            lines,
        }
    }

    fn input_offset(&self, byte: usize) -> usize {
        match &self.origin {
            None => byte,
            Some((_, runs)) => {
                let i = runs.partition_point(|&(t, _)| t <= byte);
                match i.checked_sub(1).and_then(|i| runs.get(i)) {
                    Some(&(t, o)) => o + (byte - t),
                    None => 0,
                }
            }
        }
    }

    /// The span of `range` of the text, in the input's lines and columns.
    pub fn span(&self, range: &Range<usize>) -> SourceSpan {
        let input = self.origin.as_ref().map_or(self.text.as_str(), |o| &o.0);
        let (line, column) = self.lines.line_col(input, self.input_offset(range.start));
        let (end_line, end_column) = self
            .lines
            .line_col(input, self.input_offset(range.end.max(range.start)));
        SourceSpan {
            line,
            column,
            end_line,
            end_column,
            text: self.text.get(range.clone()).unwrap_or("").to_owned(),
        }
    }

    pub fn slice(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or("")
    }
}

/// A date as the language writes it (`2025-06-30`, `2025-06`, `2025-Q1`, `2025-H2`, `2025`,
/// or a window `A..B`), with where the document said it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct When {
    pub date: String,
    pub source: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    Level,
    Growth,
    Change,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    PerYear,
    Cumulative,
}

/// One quantified target the document asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub metric: String,
    pub kind: TargetKind,
    /// `>=`, `<=`, `~`, `=`, or `..` for a range.
    pub cmp: &'static str,
    pub value: Dec,
    pub value_max: Option<Dec>,
    pub unit: String,
    pub repeat: Option<Repeat>,
    pub by: Option<When>,
    /// 力争 (strive) rather than 确保 (ensure) or plain.
    pub firmness: Option<&'static str>,
    /// 年均增长: one average annual growth over the window (`average growth`).
    pub average: bool,
    /// 每个县(市、区)…: the value holds for each county, not for the plan (`each GROUP`).
    pub each: bool,
    /// The target's own window when the text sets one beyond a part-year plan period
    /// (全年/年度 in a quarterly or half-year plan): `over 2024`.
    pub over: Option<String>,
    /// The clause the target was read from.
    pub source: Range<usize>,
    /// The sentence around it (the comment above the drafted line).
    pub sentence: Range<usize>,
    /// What a reviewer should check.
    pub doubt: Option<String>,
    /// Last year's figure of the same metric, from the review part (`baseline`).
    pub baseline: Option<Baseline>,
}

/// A figure the review part (回顾, 执行情况) reports for the year before the plan: the
/// baseline of a target of the same metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub value: Dec,
    pub unit: String,
    pub year: i32,
    /// The sentence it was read from.
    pub sentence: Range<usize>,
}

/// A step with a date and no number (10月底前初步形成明年重点项目单子).
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub title: String,
    pub by: When,
    pub sentence: Range<usize>,
}

/// The owners a node's text names, in order (the lead first).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Owners {
    /// Indexes into [`Draft::owners`].
    pub ids: Vec<usize>,
    /// How many of `ids` (the first ones) lead (牵头); the rest support (配合). 0: the text
    /// names no lead, the units share the work (`owner jointly`).
    pub leads: usize,
    pub source: Option<Range<usize>>,
    pub doubt: Option<String>,
}

/// Whether a drafted node is a `section` or a `measure`: the syntax tree's own kind.
pub use crate::syntax::ast::NodeKind;

/// A heading of the document (or a lead sentence), with what its text asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub id: String,
    pub title: String,
    pub title_source: Range<usize>,
    pub owners: Owners,
    pub targets: Vec<Target>,
    pub milestones: Vec<Milestone>,
    pub children: Vec<Node>,
    /// Text of the node's own paragraphs, beyond its title.
    pub body: Vec<Range<usize>>,
}

/// A registered responsible unit: id (as the text first writes it, with a shared prefix
/// restored) and other names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerEntry {
    pub id: String,
    pub aliases: Vec<String>,
    /// It names several units (各县区政府, …成员单位): a `group` entry.
    pub group: bool,
}

/// The internal model of a drafted plan; emit.rs writes it in either keyword language.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub reference: Option<String>,
    pub issued: Option<String>,
    pub issued_source: Option<Range<usize>>,
    pub period: Option<String>,
    pub notes: Vec<String>,
    pub owners: Vec<OwnerEntry>,
    /// Units of a carry-forward clause (以下均需各县区政府落实，不再列出): owners of every
    /// measure, written once as the header's `also` line; and the clause.
    pub also: Vec<usize>,
    pub also_source: Option<Range<usize>>,
    /// The group of `each` targets (每个县(市、区)…): the registry's county group.
    pub each_group: Option<usize>,
    pub nodes: Vec<Node>,
    /// Plan-wide doubts (no period found, …).
    pub doubts: Vec<String>,
}

impl Draft {
    /// Every node, depth first in document order.
    pub fn walk(&self) -> Vec<&Node> {
        fn go<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
            for n in nodes {
                out.push(n);
                go(&n.children, out);
            }
        }
        let mut out = Vec::new();
        go(&self.nodes, &mut out);
        out
    }
}

/// A document imported: what was read and the draft made of it.
#[derive(Debug)]
pub struct Imported {
    pub document: Document,
    pub draft: Draft,
}

/// Read a document from disk and draft its plan.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let kind = Kind::of(path)?;
    let meta = std::fs::metadata(path).map_err(|e| ImportError::Io(IoProblem::from(&e)))?;
    if meta.is_dir() {
        return Err(ImportError::Io(IoProblem::IsADirectory));
    }
    if meta.len() > MAX_BYTES {
        return Err(ImportError::TooLarge(meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| ImportError::Io(IoProblem::from(&e)))?;
    import_bytes(kind, &bytes)
}

/// Draft the plan of a document already in memory.
pub fn import_bytes(kind: Kind, bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ImportError::TooLarge(bytes.len() as u64));
    }
    let document = match kind {
        Kind::Text => Document::plain(text::decode(bytes)?),
        Kind::Html => html::read(&text::decode(bytes)?),
        Kind::Docx => docx::read(bytes)?,
    };
    if document.text.chars().all(|c| c.is_whitespace()) {
        return Err(ImportError::NoText);
    }
    let draft = structure::draft(&document);
    Ok(Imported { document, draft })
}

/// Whether the grammar reads Chinese keywords (LANGUAGE.md §8): the draft of a Chinese
/// document is written in them when it does.
pub fn chinese_keywords_supported() -> bool {
    crate::syntax::parse("计划 \"草稿\" { 期间 2025 }").is_ok()
}

/// The draft as `.plan` text in the canonical layout, or `None` if it would not parse (a
/// defect of the importer: nothing is written then).
pub fn plan_text(imported: &Imported, keywords: emit::Keywords, file: &str) -> Option<String> {
    let raw = emit::write(&imported.document, &imported.draft, keywords, file);
    crate::format::format(&raw).ok()
}

/// How many places of the draft are marked for review.
pub fn doubts(text: &str) -> usize {
    text.lines()
        .filter(|l| l.trim_start().starts_with("# 待核"))
        .count()
}
