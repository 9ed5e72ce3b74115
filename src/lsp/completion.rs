//! `textDocument/completion`, from what is written before the cursor on its line:
//! owners after `owner`/`issuer`, metrics after `target`/`baseline`/`actual` and `part of`,
//! units after a number (`350` or `350亿`) and after `in`, measure ids after `after`, and
//! the keywords that start a line (top-level or body, by brace depth).

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, Range, TextEdit,
};

use super::document::Document;
use crate::model::Model;
use crate::syntax::ast::NodeKind;
use crate::text::CodeChars;
use crate::units::UnitRegistry;

/// The reserved words of LANGUAGE.md §2 (and the extensions `note`, `milestone`).
pub const KEYWORDS: &[&str] = &[
    "plan",
    "issued",
    "period",
    "issuer",
    "region",
    "status",
    "ref",
    "owners",
    "aka",
    "section",
    "measure",
    "metric",
    "unit",
    "in",
    "part",
    "of",
    "owner",
    "deadline",
    "after",
    "target",
    "growth",
    "change",
    "by",
    "at",
    "baseline",
    "actual",
    "use",
    "cumulative",
    "per",
    "year",
    "quarter",
    "month",
    "note",
    "milestone",
];

const TOP_LEVEL: &[&str] = &[
    "plan", "use", "owners", "unit", "metric", "section", "measure",
];
const BODY: &[&str] = &[
    "owner",
    "deadline",
    "after",
    "target",
    "baseline",
    "actual",
    "note",
    "milestone",
    "section",
    "measure",
    "issued",
    "period",
    "issuer",
    "region",
    "status",
    "ref",
];

pub fn completion(doc: &Document, position: Position) -> Option<Vec<CompletionItem>> {
    let text = doc.text();
    let offset = doc.offset(position);
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..offset)?;
    if in_comment_or_string(before) {
        return Some(Vec::new());
    }
    let partial_start = before
        .rfind(|c: char| c.is_whitespace() || c == ',')
        .map_or(0, |i| i + c_len(before, i));
    let partial = before.get(partial_start..)?;
    let words: Vec<&str> = before
        .get(..partial_start)?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // A half-typed line does not parse: the names come from the last text that did.
    let model = doc.names();
    let first = words.first().copied();
    let last = words.last().copied();

    // A number just typed, with or without a unit started after it: units.
    let digits = partial
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_' || c == '-'))
        .unwrap_or(partial.len());
    if (digits > 0 && partial.as_bytes().first().is_some_and(u8::is_ascii_digit))
        || last.is_some_and(is_number) && first != Some("deadline")
        || last == Some("in")
    {
        let unit_start = line_start + partial_start + if digits > 0 { digits } else { 0 };
        let range = Range::new(doc.position(unit_start), position);
        let typed = text.get(unit_start..offset).unwrap_or_default();
        return Some(
            units(model, range)
                .into_iter()
                .filter(|i| i.label.starts_with(typed))
                .collect(),
        );
    }
    let items = match (first, words.len()) {
        (None, _) => {
            let keywords = if depth(text.get(..line_start)?) == 0 {
                TOP_LEVEL
            } else {
                BODY
            };
            keywords
                .iter()
                .map(|k| item(k, CompletionItemKind::KEYWORD, None))
                .collect()
        }
        (Some("owner" | "issuer"), _) => {
            return Some(model.map(|m| owners(m, partial)).unwrap_or_default());
        }
        (Some("after"), _) => model.map(measures).unwrap_or_default(),
        (Some("target" | "baseline" | "actual"), 1) => model.map(metrics).unwrap_or_default(),
        (Some("target"), _) if last == Some(",") => model.map(metrics).unwrap_or_default(),
        (Some("metric"), _) if last == Some("of") => model.map(metrics).unwrap_or_default(),
        _ => Vec::new(),
    };
    // Clients filter by what they take for the word before the cursor, and many take a
    // run of Chinese characters for no word at all: filter here by what is typed.
    Some(
        items
            .into_iter()
            .filter(|i| i.label.starts_with(partial))
            .collect(),
    )
}

fn c_len(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|r| r.chars().next())
        .map_or(1, char::len_utf8)
}

fn is_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_' || c == '-')
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..Default::default()
    }
}

/// The owners whose id starts with what is typed, or whose full name or an alias contains it
/// (`owner 区经` offers 经信局, aka 区经信局): the id is what is inserted.
fn owners(model: &Model, typed: &str) -> Vec<CompletionItem> {
    model
        .owners
        .iter()
        .filter_map(|o| {
            let mut found = item(&o.id, CompletionItemKind::VALUE, o.name.clone());
            if o.id.starts_with(typed) {
                return Some(found);
            }
            let other = o
                .name
                .iter()
                .chain(&o.aliases)
                .find(|n| n.contains(typed))?;
            // Let the client's own filter match the name that was typed from.
            found.filter_text = Some(other.clone());
            Some(found)
        })
        .collect()
}

fn metrics(model: &Model) -> Vec<CompletionItem> {
    model
        .metrics
        .iter()
        .map(|m| {
            let detail = m.unit.as_ref().map(|u| u.name.clone()).or(m.title.clone());
            item(&m.id, CompletionItemKind::FIELD, detail)
        })
        .collect()
}

fn measures(model: &Model) -> Vec<CompletionItem> {
    model
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Measure)
        .map(|n| item(&n.id, CompletionItemKind::REFERENCE, n.title.clone()))
        .collect()
}

/// Units: those already written in the file first, then the prelude and declared units,
/// then their forms with a scale word (`万吨`, `亿元`) that the registry accepts.
fn units(model: Option<&Model>, range: Range) -> Vec<CompletionItem> {
    let fallback;
    let registry = match model {
        Some(m) => &m.units,
        None => {
            fallback = UnitRegistry::new();
            &fallback
        }
    };
    let plain = registry.names();
    let scaled = ["万", "亿", "千", "百万", "万亿"].iter().flat_map(|scale| {
        plain
            .iter()
            .map(move |n| format!("{scale}{n}"))
            .filter(|n| registry.resolve(n).is_some())
    });
    let written = model
        .into_iter()
        .flat_map(|m| m.unit_refs.iter().map(|u| u.name.clone()));
    let mut seen = std::collections::HashSet::new();
    written
        .chain(plain.iter().cloned())
        .chain(scaled)
        .filter(|n| seen.insert(n.clone()))
        .enumerate()
        .map(|(i, name)| CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: name.clone(),
            })),
            sort_text: Some(format!("{i:04}")),
            label: name,
            kind: Some(CompletionItemKind::UNIT),
            ..Default::default()
        })
        .collect()
}

/// Whether the cursor is inside a comment or a string on this line.
fn in_comment_or_string(line: &str) -> bool {
    let mut code = CodeChars::new(line);
    code.by_ref().for_each(drop);
    code.in_string() || code.comment_at().is_some()
}

/// How many blocks are open at the end of `text` (strings and comments skipped).
fn depth(text: &str) -> usize {
    CodeChars::new(text).fold(0usize, |depth, (_, c)| match c {
        '{' => depth + 1,
        '}' => depth.saturating_sub(1),
        _ => depth,
    })
}
