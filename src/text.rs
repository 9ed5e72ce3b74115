//! Positions in source text: the one place that converts between them.
//!
//! Spans are byte offsets (what pest produces and miette draws). People read 1-based lines
//! and columns counted in characters (Unicode scalar values), which is what the JSON output
//! reports; a language server speaks 0-based lines and UTF-16 code units (or UTF-8 bytes).
//! Chinese text makes the three columns differ on almost every line, so every conversion
//! goes through [`LineIndex`] rather than being done ad hoc.
//!
//! A line ends at `\n`; `\r\n` is one line ending; a lone `\r` is an ordinary character.
//! Offsets past the text are clamped to its end, and an offset inside a multi-byte
//! character counts as that character's start, so no query panics.

use std::ops::Range;

/// The line starts of one source text, built once per file and queried by binary search.
/// Every query takes the text the index was built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines of `text` (one pass over its bytes).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn line_col(&self, text: &str, byte: usize) -> (usize, usize) {
        let (line, start, byte) = self.locate(text, byte);
        let col = text.get(start..byte).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// 0-based line and UTF-16 column of a byte offset (the LSP default encoding).
    pub fn lsp_position_utf16(&self, text: &str, byte: usize) -> (u32, u32) {
        let (line, start, byte) = self.locate(text, byte);
        let col = text
            .get(start..byte)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        (to_u32(line), to_u32(col))
    }

    /// 0-based line and UTF-8 byte column of a byte offset.
    pub fn lsp_position_utf8(&self, text: &str, byte: usize) -> (u32, u32) {
        let (line, start, byte) = self.locate(text, byte);
        (to_u32(line), to_u32(byte.saturating_sub(start)))
    }

    /// The byte offset of a 0-based line and UTF-16 column. A column past the line's end
    /// gives the line's end (before its line ending); a column inside a character (between
    /// the halves of a surrogate pair) gives that character's start. `None` if the line is
    /// past the end of the text.
    pub fn offset_from_utf16(&self, text: &str, line: u32, col: u32) -> Option<usize> {
        self.offset_from(text, line, col, char::len_utf16)
    }

    /// The byte offset of a 0-based line and UTF-8 byte column, clamped like
    /// [`offset_from_utf16`](Self::offset_from_utf16).
    pub fn offset_from_utf8(&self, text: &str, line: u32, col: u32) -> Option<usize> {
        self.offset_from(text, line, col, char::len_utf8)
    }

    /// How many lines the text has. Empty text has one (empty) line, and so does the end of
    /// a text that finishes with a line ending.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a 0-based line, without its line ending; `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = (*self.starts.get(line)?).min(text.len());
        let end = match self.starts.get(line + 1) {
            // The next line starts after a `\n`; drop it and a `\r` before it.
            Some(&next) => {
                let mut end = next.saturating_sub(1).clamp(start, text.len());
                if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                end
            }
            None => text.len(),
        };
        Some(start..end)
    }

    /// The 0-based line of a byte offset, by binary search (no scan of the line).
    pub fn line_of(&self, text: &str, byte: usize) -> usize {
        self.locate(text, byte).0
    }

    /// The 0-based line, its start, and the offset clamped to the text and moved back to a
    /// character boundary.
    fn locate(&self, text: &str, byte: usize) -> (usize, usize, usize) {
        let byte = floor_char_boundary(text, byte);
        let line = self
            .starts
            .partition_point(|&start| start <= byte)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0).min(byte);
        (line, start, byte)
    }

    fn offset_from(
        &self,
        text: &str,
        line: u32,
        col: u32,
        width: fn(char) -> usize,
    ) -> Option<usize> {
        let range = self.line_range(text, usize::try_from(line).ok()?)?;
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        let line_text = text.get(range.clone())?;
        let mut units = 0;
        for (i, ch) in line_text.char_indices() {
            units += width(ch);
            if units > col {
                return Some(range.start + i);
            }
        }
        Some(range.end)
    }
}

/// The characters of `.plan` text that are code — outside string literals and `#` comments —
/// with their byte offsets; line ends are always yielded. The one place that knows where
/// strings and comments start and stop without parsing: the nesting pre-scan, syntax-error
/// context and editor completion all read text through it, often text that does not parse.
///
/// A string opens with `"` (closed by `"`) or `“` (closed by `”`) and ends at its closing
/// quote (after `\"` and `\\` escapes) or at the line end; a comment starts at `#` or `＃`
/// and ends at the line end.
pub struct CodeChars<'a> {
    chars: std::str::CharIndices<'a>,
    in_string: bool,
    /// The quote that closes the string being read.
    close: char,
    escaped: bool,
    comment_at: Option<usize>,
}

impl<'a> CodeChars<'a> {
    pub fn new(text: &'a str) -> Self {
        CodeChars {
            chars: text.char_indices(),
            in_string: false,
            close: '"',
            escaped: false,
            comment_at: None,
        }
    }

    /// Whether the text read so far ends inside a string literal.
    pub fn in_string(&self) -> bool {
        self.in_string
    }

    /// Where the comment the text read so far ends in starts, if it ends in one.
    pub fn comment_at(&self) -> Option<usize> {
        self.comment_at
    }
}

impl Iterator for CodeChars<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        loop {
            let (i, c) = self.chars.next()?;
            if c == '\n' {
                self.in_string = false;
                self.escaped = false;
                self.comment_at = None;
                return Some((i, c));
            }
            if self.comment_at.is_some() {
                continue;
            }
            if self.in_string {
                match c {
                    _ if self.escaped => self.escaped = false,
                    '\\' => self.escaped = true,
                    c if c == self.close => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '#' | '＃' => self.comment_at = Some(i),
                '"' | '“' => {
                    self.in_string = true;
                    self.close = if c == '“' { '”' } else { '"' };
                }
                _ => return Some((i, c)),
            }
        }
    }
}

/// The ASCII twin of a full-width character of LANGUAGE.md §8 (`１` → `1`, `．` → `.`,
/// `－` → `-`, `％` → `%`, `＞` → `>`, `～` and `≈` → `~`, `｛` → `{`, `、` and `，` → `,`,
/// `：` → `:`, `＃` → `#`, U+3000 → space); any other character is itself.
pub fn ascii_twin(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from(b'0')).unwrap_or(c),
        '．' => '.',
        '－' => '-',
        '％' => '%',
        '＞' => '>',
        '＜' => '<',
        '＝' => '=',
        '～' | '≈' => '~',
        '｛' => '{',
        '｝' => '}',
        '，' | '、' => ',',
        '：' => ':',
        '＃' => '#',
        '\u{3000}' => ' ',
        other => other,
    }
}

/// Strip a leading UTF-8 byte order mark; returns the rest and how many bytes were removed
/// (3 or 0). Spans count from after the mark.
pub fn strip_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, text.len() - rest.len()),
        None => (text, 0),
    }
}

/// `byte` clamped to the text and moved back to the start of the character it falls in
/// (`str::floor_char_boundary` is newer than this crate's minimum Rust).
fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHINESE: &str = "# 安居区\nmeasure 新型工业化 \"以实业兴区\" {\n  owner 经信局\n}\n";

    #[test]
    fn chinese_columns_count_characters() {
        let idx = LineIndex::new(CHINESE);
        let quote = CHINESE.find('"').unwrap();
        // `measure ` is 8 characters, `新型工业化 ` 6 more: the quote is column 15.
        assert_eq!(idx.line_col(CHINESE, quote), (2, 15));
        // Every Chinese character here is one UTF-16 unit and three UTF-8 bytes.
        assert_eq!(idx.lsp_position_utf16(CHINESE, quote), (1, 14));
        assert_eq!(idx.lsp_position_utf8(CHINESE, quote), (1, 24));
        let owner = CHINESE.find("经信局").unwrap();
        assert_eq!(idx.line_col(CHINESE, owner), (3, 9));
        // An offset inside `经` counts as its start.
        assert_eq!(idx.line_col(CHINESE, owner + 1), (3, 9));
        assert_eq!(idx.line_col(CHINESE, owner + 2), (3, 9));
        assert_eq!(idx.line_col(CHINESE, owner + 3), (3, 10));
        assert_eq!(idx.line_count(), 5);
    }

    #[test]
    fn crlf_is_one_line_ending() {
        let text = "plan \"计划\" {\r\n  issued 2025-03-26\r\n}\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let issued = text.find("issued").unwrap();
        assert_eq!(idx.line_col(text, issued), (2, 3));
        assert_eq!(idx.lsp_position_utf16(text, issued), (1, 2));
        assert_eq!(&text[idx.line_range(text, 0).unwrap()], "plan \"计划\" {");
        assert_eq!(
            &text[idx.line_range(text, 1).unwrap()],
            "  issued 2025-03-26"
        );
        assert_eq!(&text[idx.line_range(text, 2).unwrap()], "}");
        assert_eq!(idx.line_range(text, 3), Some(text.len()..text.len()));
        assert_eq!(idx.line_range(text, 4), None);
        // A column past the end stops before the `\r\n`.
        assert_eq!(
            idx.offset_from_utf16(text, 2, 99),
            Some(text.find("}").unwrap() + 1)
        );
    }

    #[test]
    fn lone_carriage_return_is_not_a_line_end() {
        let text = "a\rb\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 2);
        assert_eq!(idx.line_col(text, 2), (1, 3));
        assert_eq!(&text[idx.line_range(text, 0).unwrap()], "a\rb");
        assert_eq!(idx.line_col(text, 4), (2, 1));
    }

    #[test]
    fn emoji_is_a_surrogate_pair() {
        let text = "note \"🎯目标\" x";
        let idx = LineIndex::new(text);
        let after = text.find('目').unwrap();
        assert_eq!(idx.line_col(text, after), (1, 8));
        assert_eq!(idx.lsp_position_utf16(text, after), (0, 8));
        assert_eq!(idx.lsp_position_utf8(text, after), (0, 10));
        let emoji = text.find('🎯').unwrap();
        // Between the two halves of the pair: the emoji's start, never inside it.
        assert_eq!(idx.offset_from_utf16(text, 0, 7), Some(emoji));
        assert_eq!(idx.offset_from_utf16(text, 0, 8), Some(after));
        // Inside its four UTF-8 bytes: also its start.
        assert_eq!(idx.offset_from_utf8(text, 0, 8), Some(emoji));
        assert_eq!(idx.offset_from_utf8(text, 0, 10), Some(after));
    }

    #[test]
    fn end_of_text_and_past_it() {
        let text = "a\n新";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, text.len()), (2, 2));
        assert_eq!(idx.line_col(text, text.len() + 100), (2, 2));
        assert_eq!(idx.line_col(text, usize::MAX), (2, 2));
        assert_eq!(idx.lsp_position_utf16(text, usize::MAX), (1, 1));
        assert_eq!(idx.lsp_position_utf8(text, usize::MAX), (1, 3));
        assert_eq!(idx.offset_from_utf16(text, 1, 1), Some(text.len()));
        assert_eq!(idx.offset_from_utf16(text, 1, u32::MAX), Some(text.len()));
        assert_eq!(idx.offset_from_utf16(text, 2, 0), None);
        assert_eq!(idx.offset_from_utf8(text, u32::MAX, 0), None);

        let trailing = "a\n";
        let idx = LineIndex::new(trailing);
        assert_eq!(idx.line_col(trailing, 2), (2, 1));
        assert_eq!(idx.lsp_position_utf16(trailing, 1), (0, 1));
    }

    #[test]
    fn empty_text() {
        let idx = LineIndex::new("");
        assert_eq!(idx.line_count(), 1);
        assert_eq!(idx.line_col("", 0), (1, 1));
        assert_eq!(idx.line_col("", 5), (1, 1));
        assert_eq!(idx.lsp_position_utf16("", 5), (0, 0));
        assert_eq!(idx.offset_from_utf16("", 0, 3), Some(0));
        assert_eq!(idx.offset_from_utf16("", 1, 0), None);
        assert_eq!(idx.line_range("", 0), Some(0..0));
    }

    #[test]
    fn a_different_text_never_panics() {
        let idx = LineIndex::new("第一行\n第二行\n第三行");
        let other = "ab";
        assert_eq!(idx.line_col(other, 1), (1, 2));
        assert_eq!(idx.line_col(other, 50), (1, 3));
        assert!(idx.line_range(other, 2).is_some());
        let _ = idx.offset_from_utf16(other, 2, 1);
        let _ = idx.offset_from_utf8(other, 1, 1);
    }

    #[test]
    fn round_trips_at_every_char_boundary() {
        let text = "\u{FEFF}plan \"安居区\" {\r\n  target 粮食 >= 42 万吨 # 🌾\n\r\té x😀y\n\n";
        let idx = LineIndex::new(text);
        let boundaries = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        // Between `\r` and `\n` has no position of its own: it is the end of the line.
        let boundaries =
            boundaries.filter(|&o| !(text[..o].ends_with('\r') && text[o..].starts_with('\n')));
        for offset in boundaries {
            let (line, col) = idx.lsp_position_utf16(text, offset);
            assert_eq!(
                idx.offset_from_utf16(text, line, col),
                Some(offset),
                "utf16 {offset}"
            );
            let (line, col) = idx.lsp_position_utf8(text, offset);
            assert_eq!(
                idx.offset_from_utf8(text, line, col),
                Some(offset),
                "utf8 {offset}"
            );
            let (line1, col1) = idx.line_col(text, offset);
            let line_start = idx.line_range(text, line1 - 1).unwrap().start;
            assert_eq!(
                text[line_start..]
                    .char_indices()
                    .nth(col1 - 1)
                    .map(|(i, _)| line_start + i),
                Some(offset).filter(|&o| o < text.len()),
                "line_col {offset}"
            );
        }
    }

    #[test]
    fn bom() {
        assert_eq!(strip_bom("\u{FEFF}plan"), ("plan", 3));
        assert_eq!(strip_bom("plan"), ("plan", 0));
        assert_eq!(strip_bom(""), ("", 0));
        assert_eq!(strip_bom("\u{FEFF}"), ("", 3));
    }

    #[test]
    fn code_chars_skip_strings_and_comments() {
        let line = "owner 甲 \"#{\\\"}\" { # 注释 }";
        let code: String = CodeChars::new(line).map(|(_, c)| c).collect();
        assert_eq!(code, "owner 甲  { ");
        let mut open = CodeChars::new("note \"未闭合");
        open.by_ref().for_each(drop);
        assert!(open.in_string());
        let mut commented = CodeChars::new("target x # 说明");
        commented.by_ref().for_each(drop);
        assert_eq!(commented.comment_at(), Some(9));
        // A line end closes both: the next line is code again.
        let two: String = CodeChars::new("# a {\n{ \"b\n}").map(|(_, c)| c).collect();
        assert_eq!(two, "\n{ \n}");
    }
}
