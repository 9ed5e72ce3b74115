//! The canonical layout of a `.plan` file (`plan fmt`, and formatting in the language
//! server).
//!
//! Comments are not in the AST, so the formatter works on the token stream: pest's pairs
//! give every meaningful token (names, numbers, dates, keywords…) with its span; the gaps
//! between them hold only whitespace, comments and punctuation (`{ } , = : .. /`), which are
//! lexed here by hand. The pairs also say which token starts a line (a body line, an owner
//! entry, an item), so the layout never guesses from the text:
//!
//! - 2 spaces of indentation per `{`, one body line per line, one space between tokens
//!   (none before `,`, none around `..`);
//! - `≥ ≤ ≈` become `>= <= ~` (the parser reads them as exactly these), and every full-width
//!   form of LANGUAGE.md §8 its ASCII twin (`｛` `，` `、` `＝` `１２．５` `％` `＃`); the `：`
//!   that may follow a keyword is only a separator and is dropped; strings keep the quotes
//!   they were written with (`"…"` or `“…”`);
//! - keywords in the file's own language (the one most of its keywords are written in,
//!   English on a tie), or the one asked for ([`Keywords`]); the table is
//!   src/syntax/keywords.rs;
//! - a blank line between top-level items, except that consecutive `use`, `unit` or
//!   `metric` lines stay together as a group (a blank line the user wrote between them is
//!   kept); inside a block, a blank line written by the user is kept (at most one);
//! - every comment is kept: an own-line comment stays on its own line, an end-of-line
//!   comment stays at the end of its line (one space before `#`);
//! - LF line endings, or CRLF when the file used them; one final line ending; no BOM.
//!
//! A file with a syntax error is refused: the error is returned and nothing is formatted.

use std::borrow::Cow;

use crate::syntax::{self, keywords, SyntaxError};

/// The language `plan fmt` writes keywords in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keywords {
    /// The file's own: the language most of its keywords are written in.
    Keep,
    En,
    Zh,
}

/// Format a whole file, keeping its keyword language. Returns the syntax error when the
/// file does not parse.
pub fn format(text: &str) -> Result<String, SyntaxError> {
    format_with(text, Keywords::Keep)
}

/// Format a whole file with its keywords in the language asked for.
pub fn format_with(text: &str, keywords: Keywords) -> Result<String, SyntaxError> {
    let (text, _) = crate::text::strip_bom(text);
    // The AST parser also checks what the grammar lets through (a `target` in a section,
    // numbers too large): a file it refuses is refused here too.
    syntax::parse(text)?;
    let tokens = syntax::parser::tokens(text)?;
    let zh = match keywords {
        Keywords::Zh => true,
        Keywords::En => false,
        Keywords::Keep => mostly_chinese(text, &tokens),
    };
    let tokens = with_gaps(text, &tokens, zh)?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Ok(layout(&tokens).replace('\n', newline))
}

/// A meaningful token from the parser, and how it stands in the layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    pub start: usize,
    pub end: usize,
    /// The token begins a line of its own (an item, a body line, an owner entry).
    pub line_start: bool,
    /// The token begins a top-level item; the item's keyword, for grouping.
    pub item: Option<&'static str>,
    /// How the token is written out.
    pub form: Form,
}

/// How a token is written out by the formatter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Exactly as written (names, strings).
    AsWritten,
    /// A number, date, comparator or `%`: full-width characters become ASCII.
    Ascii,
    /// A unit name: `％` becomes `%`, the rest is the unit's own name.
    Unit,
    /// A keyword (or `year`/`quarter`/`month` after `per`, or a `status` value), by its
    /// English form in the keyword table: written in the file's keyword language.
    Keyword(&'static str),
}

/// Whether most keywords of the file are written in Chinese (a tie stays English).
fn mostly_chinese(text: &str, leaves: &[Leaf]) -> bool {
    let (mut zh, mut en) = (0usize, 0usize);
    for leaf in leaves {
        // `of` and `year` are the second word of `part of`/`per year`, counted once.
        if let Form::Keyword(k) = leaf.form {
            if matches!(k, "of" | "year" | "quarter" | "month") {
                continue;
            }
            if keywords::is_chinese(text.get(leaf.start..leaf.end).unwrap_or("")) {
                zh += 1;
            } else {
                en += 1;
            }
        }
    }
    zh > en
}

/// A token as written out: ASCII punctuation and digits, keywords in the language `zh`
/// says. `None` for the second word of a two-word English keyword written in Chinese as
/// one word (`part of` → `属于`: the `of` disappears).
fn spelled(word: &str, form: Form, zh: bool) -> Option<Cow<'_, str>> {
    Some(match form {
        Form::AsWritten => Cow::Borrowed(word),
        Form::Ascii if word.is_ascii() => Cow::Borrowed(normalize_cmp(word)),
        Form::Ascii => {
            let ascii: String = word.chars().map(crate::text::ascii_twin).collect();
            Cow::Owned(normalize_cmp(&ascii).to_string())
        }
        Form::Unit => Cow::Owned(word.replace('％', "%")),
        // A second Chinese spelling (`争取` for `stretch`) stays as the planner wrote it.
        Form::Keyword(_) if zh && keywords::MORE_ZH.iter().any(|(w, _)| *w == word) => {
            Cow::Borrowed(word)
        }
        Form::Keyword(en) if zh => match en {
            "of" => return None,
            "per" => return None,
            "year" => Cow::Borrowed("每年"),
            "quarter" => Cow::Borrowed("每季度"),
            "month" => Cow::Borrowed("每月"),
            "part" => Cow::Borrowed("属于"),
            _ => Cow::Borrowed(keywords::chinese(en).unwrap_or(en)),
        },
        Form::Keyword(en) => Cow::Borrowed(en),
    })
}

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Word {
        text: Cow<'a, str>,
        line_start: bool,
        item: Option<&'static str>,
    },
    Open,
    Close,
    Comma,
    Range,
    /// A comment, without its line ending and trailing whitespace. `own_line` when nothing
    /// but whitespace precedes it on its line.
    Comment {
        text: Cow<'a, str>,
        own_line: bool,
    },
    /// Punctuation that needs no special layout: `=` and `:`.
    Punct(&'a str),
}

struct Spaced<'a> {
    tok: Tok<'a>,
    /// A blank line precedes the token in the source.
    blank_before: bool,
}

/// Interleave the parser's tokens with what lies between them.
fn with_gaps<'a>(text: &'a str, leaves: &[Leaf], zh: bool) -> Result<Vec<Spaced<'a>>, SyntaxError> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut newlines = 0usize;
    let mut at_line_start = true;
    let mut after_keyword = false;
    for leaf in leaves.iter().map(Some).chain([None]) {
        let gap_end = leaf.map_or(text.len(), |l| l.start);
        let gap = Gap {
            from: pos,
            to: gap_end,
            after_keyword,
        };
        lex_gap(text, gap, &mut out, &mut newlines, &mut at_line_start)?;
        let Some(leaf) = leaf else { break };
        let word = text.get(leaf.start..leaf.end).unwrap_or("");
        after_keyword = matches!(leaf.form, Form::Keyword(_));
        pos = leaf.end;
        let Some(spelled) = spelled(word, leaf.form, zh) else {
            continue;
        };
        out.push(Spaced {
            tok: Tok::Word {
                text: spelled,
                line_start: leaf.line_start,
                item: leaf.item,
            },
            blank_before: newlines >= 2,
        });
        newlines = 0;
        at_line_start = false;
    }
    Ok(out)
}

/// The text between two tokens.
#[derive(Clone, Copy)]
struct Gap {
    from: usize,
    to: usize,
    /// The token before is a keyword, so a `:`/`：` first in the gap is only a separator.
    after_keyword: bool,
}

fn lex_gap<'a>(
    text: &'a str,
    Gap {
        from,
        to,
        after_keyword,
    }: Gap,
    out: &mut Vec<Spaced<'a>>,
    newlines: &mut usize,
    at_line_start: &mut bool,
) -> Result<(), SyntaxError> {
    let gap = text.get(from..to).unwrap_or("");
    let mut chars = gap.char_indices().peekable();
    let mut first = true;
    while let Some((i, c)) = chars.next() {
        let separator = first && after_keyword && matches!(c, ':' | '：');
        if !c.is_whitespace() {
            first = false;
        }
        if separator {
            continue;
        }
        let blank_before = *newlines >= 2;
        let tok = match c {
            '\n' => {
                *newlines += 1;
                *at_line_start = true;
                continue;
            }
            ' ' | '\t' | '\r' | '\u{3000}' => continue,
            '#' | '＃' => {
                let rest = gap.get(i..).unwrap_or("");
                let len = rest.find('\n').unwrap_or(rest.len());
                while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                    chars.next();
                }
                let comment = rest.get(..len).unwrap_or("").trim_end();
                let comment = match comment.strip_prefix('＃') {
                    Some(body) => Cow::Owned(format!("#{body}")),
                    None => Cow::Borrowed(comment),
                };
                Tok::Comment {
                    text: comment,
                    own_line: *at_line_start,
                }
            }
            '{' | '｛' => Tok::Open,
            '}' | '｝' => Tok::Close,
            ',' | '，' | '、' => Tok::Comma,
            '=' | '＝' => Tok::Punct("="),
            ':' | '：' => Tok::Punct(":"),
            // (v2) `ratio A / B`
            '/' | '／' => Tok::Punct("/"),
            '.' if gap.get(i..).is_some_and(|r| r.starts_with("..")) => {
                chars.next();
                Tok::Range
            }
            _ => {
                // The grammar has no other punctuation; a token here means this file's
                // tokens were not understood, and formatting it could change it.
                let at = from + i;
                return Err(SyntaxError::at(
                    at..at + c.len_utf8(),
                    syntax::SyntaxProblem::Empty,
                ));
            }
        };
        out.push(Spaced { tok, blank_before });
        *newlines = 0;
        *at_line_start = false;
    }
    Ok(())
}

fn normalize_cmp(word: &str) -> &str {
    match word {
        "≥" => ">=",
        "≤" => "<=",
        "≈" => "~",
        other => other,
    }
}

/// Keywords of one-line top-level items that are grouped without blank lines.
fn groups(keyword: &str) -> bool {
    matches!(keyword, "use" | "unit" | "metric")
}

/// What the last finished line was, for deciding blank lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Open,
    Close,
    Comment,
    Item(&'static str),
    Line,
}

struct Writer {
    out: String,
    line: String,
    depth: usize,
    /// The current line is a continuation (after an end-of-line comment mid-line).
    continuation: bool,
    last: Last,
    /// The keyword of the top-level item being written, if it is one line long so far.
    item: Option<&'static str>,
}

impl Writer {
    fn flush(&mut self, last: Last) {
        if self.line.is_empty() {
            return;
        }
        let indent = self.depth + usize::from(self.continuation);
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(&self.line);
        self.out.push('\n');
        self.line.clear();
        self.continuation = false;
        self.last = last;
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn word(&mut self, text: &str) {
        if !self.line.is_empty() && !self.line.ends_with("..") {
            self.line.push(' ');
        }
        self.line.push_str(text);
    }

    /// End the line being written (if any) and say what it was.
    fn end_line(&mut self) {
        let last = match self.item {
            Some(k) if self.depth == 0 => Last::Item(k),
            _ => Last::Line,
        };
        self.flush(last);
    }
}

fn layout(tokens: &[Spaced]) -> String {
    let mut w = Writer {
        out: String::new(),
        line: String::new(),
        depth: 0,
        continuation: false,
        last: Last::Nothing,
        item: None,
    };
    for Spaced { tok, blank_before } in tokens {
        match tok {
            Tok::Word {
                text,
                line_start,
                item,
            } => {
                if *line_start {
                    w.end_line();
                    let blank = match (w.last, item) {
                        (Last::Nothing | Last::Open, _) => false,
                        (Last::Item(prev), Some(k)) if prev == *k && groups(k) => *blank_before,
                        (Last::Comment, _) => *blank_before,
                        (_, Some(_)) => true,
                        _ => *blank_before,
                    };
                    if blank {
                        w.blank();
                    }
                    w.item = *item;
                } else if w.line.is_empty() && w.last != Last::Nothing {
                    // A token continuing a line cut by an end-of-line comment.
                    w.continuation = true;
                }
                w.word(text.as_ref());
            }
            Tok::Open => {
                w.word("{");
                w.flush(Last::Open);
                w.depth += 1;
                w.item = None;
            }
            Tok::Close => {
                w.end_line();
                w.depth = w.depth.saturating_sub(1);
                w.line.push('}');
                w.flush(Last::Close);
            }
            Tok::Comma => w.line.push(','),
            Tok::Range => w.line.push_str(".."),
            Tok::Punct(p) => w.word(p),
            Tok::Comment { text, own_line } => {
                if *own_line || w.line.is_empty() {
                    w.end_line();
                    let blank = match w.last {
                        Last::Nothing | Last::Open => false,
                        Last::Close if w.depth == 0 => true,
                        _ => *blank_before,
                    };
                    if blank {
                        w.blank();
                    }
                    w.line.push_str(text.as_ref());
                    w.flush(Last::Comment);
                } else {
                    w.word(text.as_ref());
                    w.end_line();
                }
            }
        }
    }
    w.end_line();
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format(text) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn canonical_layout() {
        let text = "# 头注释\nplan \"计划\" { issued 2025-01-10  period 2025..2026 }\nowners { 发改局 \"发展和改革局\" aka \"区发改局\",\"发改委\" 经信局 }\nmetric 产值 in 亿元\nmetric 城镇化率 in %   # 比例\nmeasure 粮食 \"提升\" {\n\n\n   owner 发改局,经信局\n  target 产量 ≥ 42万吨 by 2025-06 # 行尾\n  # 独行\n  measure 子 { owner 经信局 }\n}\n";
        let expected = "# 头注释\nplan \"计划\" {\n  issued 2025-01-10\n  period 2025..2026\n}\n\nowners {\n  发改局 \"发展和改革局\" aka \"区发改局\", \"发改委\"\n  经信局\n}\n\nmetric 产值 in 亿元\nmetric 城镇化率 in % # 比例\n\nmeasure 粮食 \"提升\" {\n  owner 发改局, 经信局\n  target 产量 >= 42 万吨 by 2025-06 # 行尾\n  # 独行\n  measure 子 {\n    owner 经信局\n  }\n}\n";
        assert_eq!(fmt(text), expected);
        assert_eq!(fmt(expected), expected);
    }

    #[test]
    fn comment_inside_a_line_keeps_the_line_meaning() {
        let text = "measure 粮食 {\n  target 产量 >= # 待定\n    42 万吨\n}\n";
        let once = fmt(text);
        assert!(once.contains("# 待定"));
        assert_eq!(fmt(&once), once);
        assert_eq!(once, text);
    }

    #[test]
    fn refuses_a_syntax_error() {
        assert!(format("measure 粮食 { target 产量 >= }").is_err());
    }

    #[test]
    fn crlf_is_kept() {
        assert_eq!(
            fmt("metric 产值 in 亿元\r\nmetric B in 元\r\n"),
            "metric 产值 in 亿元\r\nmetric B in 元\r\n"
        );
    }
}
