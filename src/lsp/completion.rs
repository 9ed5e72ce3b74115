//! `textDocument/completion`, from what is written before the cursor on its line:
//! owners after `owner`/`issuer`, metrics after `target`/`baseline`/`actual` and `part of`,
//! units after a number (`350` or `350亿`) and after `in`, measure ids after `after`, and
//! the keywords that start a line (top-level or body, by brace depth).

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, Range, TextEdit,
};

use super::document::Document;
use crate::i18n::Lang;
use crate::model::Model;
use crate::syntax::ast::NodeKind;
use crate::syntax::keywords::{self, Kind};
use crate::text::CodeChars;
use crate::units::UnitRegistry;

/// Whether a word is a reserved keyword, in either language (src/syntax/keywords.rs).
pub fn is_reserved(word: &str) -> bool {
    keywords::KEYWORDS
        .iter()
        .any(|k| k.reserved && (k.zh == word || k.en.split(' ').any(|w| w == word)))
}

/// The keywords that start a line at the top level or in a body, in the language of the
/// messages (LANGUAGE.md §8: Chinese keywords when the messages are Chinese), the other
/// language's form as the detail.
fn line_keywords(top_level: bool, lang: Lang) -> Vec<CompletionItem> {
    keywords::KEYWORDS
        .iter()
        .filter(|k| match k.kind {
            Kind::Item => true,
            Kind::Header | Kind::Body => !top_level,
            Kind::Inner | Kind::Value => false,
        })
        .filter(|k| top_level || k.kind != Kind::Item || matches!(k.en, "section" | "measure"))
        .map(|k| {
            let (label, other) = match lang {
                Lang::Zh => (k.zh, k.en),
                Lang::En => (k.en, k.zh),
            };
            item(label, CompletionItemKind::KEYWORD, Some(other.to_string()))
        })
        .collect()
}

pub fn completion(doc: &Document, lang: Lang, position: Position) -> Option<Vec<CompletionItem>> {
    let text = doc.text();
    let offset = doc.offset(position);
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..offset)?;
    if in_comment_or_string(before) {
        return Some(Vec::new());
    }
    let partial_start = before.rfind(is_break).map_or(0, |i| i + c_len(before, i));
    let partial = before.get(partial_start..)?;
    // Words as their English keyword (`目标` is `target`), a separator `：` dropped; a
    // list separator (`,` `，` `、`) is a word of its own, `,`.
    let mut words: Vec<&str> = Vec::new();
    let mut word_start = 0;
    let head = before.get(..partial_start)?;
    for (i, c) in head.char_indices().chain([(head.len(), ' ')]) {
        if is_break(c) || matches!(c, ':' | '：') {
            if let Some(w) = head.get(word_start..i).filter(|w| !w.is_empty()) {
                words.push(keywords::english(w));
            }
            if matches!(c, ',' | '，' | '、') {
                words.push(",");
            }
            word_start = i + c.len_utf8();
        }
    }
    // A half-typed line does not parse: the names come from the last text that did.
    let model = doc.names();
    let first = words.first().copied();
    let last = words.last().copied();

    // A number just typed, with or without a unit started after it: units.
    let digits = partial
        .find(|c: char| !is_number_char(c))
        .unwrap_or(partial.len());
    if (digits > 0 && partial.chars().next().is_some_and(is_digit))
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
        (None, _) => line_keywords(depth(text.get(..line_start)?) == 0, lang),
        (Some("owner" | "issuer"), _) => {
            return Some(model.map(|m| owners(m, partial)).unwrap_or_default());
        }
        (Some("after"), _) => model.map(measures).unwrap_or_default(),
        (Some("target" | "baseline" | "actual"), 1) => model.map(metrics).unwrap_or_default(),
        (Some("target"), _) if last == Some(",") => model.map(metrics).unwrap_or_default(),
        (Some("metric"), _) if matches!(last, Some("of" | "part of")) => {
            model.map(metrics).unwrap_or_default()
        }
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

/// What separates words on a line: spaces (U+3000 too) and list separators.
fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | '、')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_number_char(c: char) -> bool {
    is_digit(c) || matches!(c, '.' | '．' | '_' | '-' | '－')
}

fn is_number(w: &str) -> bool {
    w.chars().any(is_digit) && w.chars().all(is_number_char)
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
        .flat_map(|m| m.unit_refs.iter().map(|u| u.name.to_string()));
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
        '{' | '｛' => depth + 1,
        '}' | '｝' => depth.saturating_sub(1),
        _ => depth,
    })
}
