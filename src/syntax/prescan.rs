//! The pass over the bytes of a file before pest sees it: refuse nesting deeper than the
//! limit (10,000 nested sections must be a finding, not a stack overflow in pest's
//! recursion), and note where each top-level item ends, so that a large file can be parsed
//! item group by item group (src/syntax/parser.rs).
//!
//! It reads bytes, not characters: every character it looks for (`{ } ｛ ｝ " “ ” # ＃` and the
//! line end) is ASCII or starts with a byte no other character it cares about starts with,
//! and UTF-8 continuation bytes (0x80–0xBF) never equal an ASCII byte or a lead byte. So a
//! table lookup per byte skips everything else; decoding characters cost a sixteenth of all
//! checking time on dense plans (issue 15). The rules are [`crate::text::CodeChars`]'s: a
//! string opens with `"` (closed by `"`) or `“` (closed by `”`) and ends at its closing quote
//! (after `\` escapes) or at the line end; a comment runs from `#` or `＃` to the line end.

use super::ast::Span;
use super::errors::{SyntaxError, SyntaxProblem};

/// `{` `}` `"` `#`, and the lead bytes of `｛ ｝ ＃` (0xEF) and `“ ”` (0xE2). (Not the line end:
/// outside strings and comments, which find their own ends, it changes nothing.)
const INTERESTING: [bool; 256] = byte_set(b"\"#{}\xE2\xEF");

/// A table of 256 entries, true for each of `bytes`: one lookup tells whether a byte is one
/// of them.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

const FULL_OPEN: &[u8] = "｛".as_bytes();
const FULL_CLOSE: &[u8] = "｝".as_bytes();
const FULL_HASH: &[u8] = "＃".as_bytes();
const CN_OPEN_QUOTE: &[u8] = "“".as_bytes();
const CN_CLOSE_QUOTE: &[u8] = "”".as_bytes();

/// Check the nesting of `text` and return the byte offsets just after every `}` (or `｝`)
/// that closes a top-level item, in order. Braces in strings and comments do not count; a
/// `}` with nothing open is left to the grammar (it is a syntax error there).
pub fn scan(text: &str, limit: usize) -> Result<Vec<usize>, SyntaxError> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    // From one byte of interest to the next: a search over the slice, which the compiler
    // makes a tight loop (a loop indexing byte by byte was 7 instructions a byte).
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| INTERESTING[usize::from(b)]))
    {
        i += offset;
        let rest = bytes.get(i..).unwrap_or(&[]);
        let Some(&b) = rest.first() else { break };
        match b {
            b'{' => {
                depth += 1;
                if depth > limit {
                    return Err(too_deep(i..i + 1, limit));
                }
                i += 1;
            }
            b'}' => {
                close(&mut depth, &mut ends, i + 1);
                i += 1;
            }
            b'"' => i = string_end(bytes, i + 1, b'"'),
            b'#' => i = line_end(bytes, i),
            _ if rest.starts_with(FULL_OPEN) => {
                depth += 1;
                if depth > limit {
                    return Err(too_deep(i..i + FULL_OPEN.len(), limit));
                }
                i += FULL_OPEN.len();
            }
            _ if rest.starts_with(FULL_CLOSE) => {
                i += FULL_CLOSE.len();
                close(&mut depth, &mut ends, i);
            }
            _ if rest.starts_with(FULL_HASH) => i = line_end(bytes, i),
            _ if rest.starts_with(CN_OPEN_QUOTE) => {
                i = string_end(bytes, i + CN_OPEN_QUOTE.len(), 0xE2);
            }
            // Another character starting with 0xE2 or 0xEF.
            _ => i += 1,
        }
    }
    Ok(ends)
}

/// Whether a stretch of text between two top-level item ends starts with a section or a
/// measure (after spaces and comments), or holds nothing but spaces and comments: such a
/// stretch declares nothing another item could use (src/syntax/parser.rs, `stage`). A
/// stretch that starts otherwise (`plan`, `use`, `owners`, `unit`, `metric`, or anything
/// that will not parse) is taken as declaring. Only a guess: the parser checks it.
pub fn holds_no_declaration(stretch: &str) -> bool {
    let bytes = stretch.as_bytes();
    let mut i = 0;
    loop {
        let rest = bytes.get(i..).unwrap_or(&[]);
        match rest.first() {
            None => return true,
            Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
            Some(b'#') => i = line_end(bytes, i),
            _ if rest.starts_with(IDEOGRAPHIC_SPACE) => i += IDEOGRAPHIC_SPACE.len(),
            _ if rest.starts_with(FULL_HASH) => i = line_end(bytes, i),
            _ => break,
        }
    }
    let rest = bytes.get(i..).unwrap_or(&[]);
    NODE_KEYWORDS.iter().any(|k| {
        rest.strip_prefix(k.as_bytes())
            .and_then(|after| after.first())
            .is_some_and(|&b| ENDS_KEYWORD[usize::from(b)])
    })
}

/// The keywords that start a section or a measure, a target, a baseline or actual line, in
/// both languages (src/syntax/keywords.rs; a test holds them equal).
const NODE_KEYWORDS: [&str; 4] = ["measure", "section", "措施", "章节"];
const TARGET_KEYWORDS: [&str; 2] = ["target", "目标"];
const OBSERVATION_KEYWORDS: [&str; 4] = ["baseline", "基数", "actual", "实际"];

/// Whether a line starting with `b` may start with a counted keyword (a test keeps this
/// equal to the first bytes of the keywords).
fn may_start_counted(b: u8) -> bool {
    matches!(b, b't' | b'b' | b'a' | b'm' | b's' | 0xE5..=0xE7)
}

/// `line` without the spaces, tabs and ideographic spaces it starts with.
fn trim_layout(mut line: &[u8]) -> &[u8] {
    loop {
        match line {
            [b' ' | b'\t' | b'\r', rest @ ..] => line = rest,
            _ => match line.strip_prefix(IDEOGRAPHIC_SPACE) {
                Some(rest) => line = rest,
                None => return line,
            },
        }
    }
}

/// `\u{3000}`, which the grammar takes for a space.
const IDEOGRAPHIC_SPACE: &[u8] = "\u{3000}".as_bytes();

/// Bytes that may follow a section or measure keyword: ASCII spaces, `"`, `{`, `:` and the
/// lead bytes of `“ ｛ ： 　` (0xE2, 0xEF, 0xE3). A letter after it (even one with such a
/// lead byte) makes the word a name, and a stretch that starts with a name does not parse:
/// the parser then reads the whole file in one piece.
const ENDS_KEYWORD: [bool; 256] = byte_set(b" \t\n\r\"{:\xE2\xE3\xEF");

/// How many lines start with a section or measure, a target, or a baseline or actual.
#[derive(Debug, Default, PartialEq)]
pub struct LineStarts {
    pub nodes: usize,
    pub targets: usize,
    pub observations: usize,
}

/// Count the lines of `text` by the keyword they start with: a guess at the size of its
/// model, for a file whose model is built before its whole tree is known
/// (src/model/build.rs, `build_staged`). Not a parse: a line may hold two items or none,
/// and a keyword in a string or comment counts.
///
/// Bytes, not `lines()` and `trim_start()`: this pass runs over a big file before its parse
/// can start, and as characters it was 3% of checking one (issue 15). Line ends are found
/// with SIMD (memchr); the counted keywords start with one of a few bytes, so most lines
/// are passed over on their first.
pub fn line_starts(text: &str) -> LineStarts {
    let mut c = LineStarts::default();
    let bytes = text.as_bytes();
    let line_heads = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    for start in line_heads {
        let word = trim_layout(bytes.get(start..).unwrap_or_default());
        if !word.first().is_some_and(|&b| may_start_counted(b)) {
            continue;
        }
        let starts = |words: &[&str]| words.iter().any(|w| word.starts_with(w.as_bytes()));
        if starts(&TARGET_KEYWORDS) {
            c.targets += 1;
        } else if starts(&OBSERVATION_KEYWORDS) {
            c.observations += 1;
        } else if starts(&NODE_KEYWORDS) {
            c.nodes += 1;
        }
    }
    c
}

fn too_deep(span: Span, limit: usize) -> SyntaxError {
    SyntaxError::at(span, SyntaxProblem::TooDeep(limit))
}

fn close(depth: &mut usize, ends: &mut Vec<usize>, after: usize) {
    if *depth == 1 {
        ends.push(after);
    }
    *depth = depth.saturating_sub(1);
}

/// Where the line holding `from` ends (the offset of its `\n`, or the end of the text): a
/// comment's end. The `\n` itself is left to the caller's loop.
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .map_or(bytes.len(), |p| from + p)
}

/// Where a string whose text starts at `from` ends: just after its closing quote (`"`, or
/// `”` when `close` is its lead byte 0xE2), or at the line end, which ends it too.
fn string_end(bytes: &[u8], from: usize, close: u8) -> usize {
    let mut i = from;
    // Straight to the next line end, escape or (lead byte of the) closing quote.
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'\n', b'\\', close, rest))
    {
        i += offset;
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'\n' => return i,
            // An escape skips the next byte (not a line end, which ends the string all the
            // same); if that byte starts a longer character, its continuation bytes match
            // nothing below.
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => return i + 1,
            b'\\' => i += 2,
            b'"' if close == b'"' => return i + 1,
            0xE2 if close == 0xE2
                && bytes
                    .get(i..)
                    .is_some_and(|rest| rest.starts_with(CN_CLOSE_QUOTE)) =>
            {
                return i + CN_CLOSE_QUOTE.len();
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keywords the pre-scan looks for are those of the keyword table, in both languages.
    #[test]
    fn the_keywords_looked_for_are_the_tables() {
        fn both(en: &[&'static str]) -> Vec<&'static str> {
            let mut words: Vec<&'static str> = en
                .iter()
                .flat_map(|e| [*e, super::super::keywords::chinese(e).unwrap_or("?")])
                .collect();
            words.sort();
            words
        }
        fn sorted(words: &[&'static str]) -> Vec<&'static str> {
            let mut words = words.to_vec();
            words.sort();
            words
        }
        assert_eq!(sorted(&NODE_KEYWORDS), both(&["measure", "section"]));
        assert_eq!(sorted(&TARGET_KEYWORDS), both(&["target"]));
        assert_eq!(sorted(&OBSERVATION_KEYWORDS), both(&["baseline", "actual"]));
    }

    /// The character-level reference: CodeChars, as the nesting check read text before.
    fn reference(text: &str, limit: usize) -> Result<Vec<usize>, SyntaxError> {
        let mut depth = 0usize;
        let mut ends = Vec::new();
        for (i, c) in crate::text::CodeChars::new(text) {
            match c {
                '{' | '｛' => {
                    depth += 1;
                    if depth > limit {
                        return Err(too_deep(i..i + c.len_utf8(), limit));
                    }
                }
                '}' | '｝' => close(&mut depth, &mut ends, i + c.len_utf8()),
                _ => {}
            }
        }
        Ok(ends)
    }

    #[test]
    fn agrees_with_the_character_reader() {
        let texts = [
            "measure a { owner 甲 }\nsection b ｛ measure c { } ｝",
            "measure a { note \"}}}\" } }",
            "measure a { note “}\\”}” }\n}",
            "measure a { note \"\\\"}\" }",
            "measure a { note \"\\\n} }",
            "measure a { # } comment\n}",
            "measure a { ＃ ｝ comment\n}",
            "measure a { note \"open string\n} }",
            "measure a { note “open\n}",
            "}}} measure a {",
            "{{{{",
            "note \"é\\é}\" {}",
            "“”{}\"\"{}",
            "",
        ];
        for text in texts {
            assert_eq!(scan(text, 64), reference(text, 64), "{text:?}");
            assert_eq!(scan(text, 1), reference(text, 1), "{text:?}");
        }
    }

    #[test]
    fn items_end_after_their_closing_brace() {
        let text =
            "metric a in 个\nmeasure m { owner 甲 }\nsection s ｛ measure n { } ｝ use \"x\"";
        let ends = scan(text, 64).unwrap_or_default();
        assert_eq!(ends.len(), 2);
        assert_eq!(text.get(..ends[0]).map(|s| s.ends_with('}')), Some(true));
        assert_eq!(text.get(..ends[1]).map(|s| s.ends_with('｝')), Some(true));
    }

    #[test]
    fn too_deep_points_at_the_brace() {
        let e = scan("section a ｛ section b {", 1);
        assert_eq!(e, Err(too_deep(24..25, 1)));
        let e = scan("a ｛｛", 1);
        assert_eq!(e, Err(too_deep(5..8, 1)));
    }

    #[test]
    fn line_starts_counts_the_lines_by_their_keyword() {
        let text = "  target a\n\u{3000}目标 b\r\nbaseline c\n\t实际 d\nmeasure x {\n章节 y\nowner z\n# target\nsection\n";
        let c = line_starts(text);
        assert_eq!((c.targets, c.observations, c.nodes), (2, 2, 3));
        for keyword in NODE_KEYWORDS
            .iter()
            .chain(&TARGET_KEYWORDS)
            .chain(&OBSERVATION_KEYWORDS)
        {
            assert!(may_start_counted(keyword.as_bytes()[0]), "{keyword}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_on_any_text(text in "[{}｛｝\"“”#＃\\\\\na-z甲é ]{0,40}") {
            proptest::prop_assert_eq!(scan(&text, 3), reference(&text, 3));
        }
    }
}
