//! Syntax errors (P001) in words a planner understands.
//!
//! pest reports the rules it tried at the furthest position it reached. Rule names mean
//! nothing to a planner, so this file turns them into what was expected ("a number",
//! "a unit such as 亿元", "`}`") and names the token before the error ("after `>=`") and the
//! one found. The words themselves live in the message catalogs (src/i18n/), this file only
//! says which.

use super::ast::Span;
use super::parser::Rule;
use crate::text::CodeChars;

/// One syntax error: where, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub problem: SyntaxProblem,
}

impl SyntaxError {
    pub fn at(span: Span, problem: SyntaxProblem) -> Self {
        SyntaxError { span, problem }
    }
}

/// What a syntax error is about.
#[derive(Clone, Debug, PartialEq)]
pub enum SyntaxProblem {
    /// The usual case: something else was expected here.
    Expected {
        expected: Vec<Expected>,
        /// The token written just before the error, if any (`>=`).
        after: Option<String>,
        /// The token found instead; `None` at the end of the file.
        found: Option<String>,
        /// The keyword of the line being written (`target`), to show that line's form.
        line: Option<&'static str>,
    },
    /// A second `plan` header in one file.
    SecondHeader,
    /// `target`/`baseline`/`actual` written directly in a section.
    NotInSection(String),
    /// A number with more integer digits than a quantity keeps exactly (28 significant
    /// digits, src/number.rs): a value with 400 digits.
    NumberTooLarge,
    /// A number with more significant digits after the point than are kept exactly (28):
    /// refused rather than rounded.
    NumberTooPrecise,
    /// Sections and measures nested deeper than the limit.
    TooDeep(usize),
    /// A plan header field written twice.
    DuplicateField(&'static str),
    /// `per year` and `cumulative` (or two `per`) on one target; the span of the first.
    RepeatTwice(Span),
    /// Two `by` dates on one target.
    ByTwice,
    /// `per …`/`cumulative` on a growth or change target.
    RepeatOnlyOnLevel,
    /// A range `HIGH..LOW`.
    RangeBackwards,
    /// A string with no closing quote on its line.
    UnterminatedString,
    /// `""` used as a name.
    EmptyName,
    /// Something the grammar should never let through; reported rather than panicking.
    Empty,
    /// A character that is not used in plan files (`；`, `（`, `【`): what to write instead.
    Stray { ch: char, instead: Instead },
    /// A word where a keyword belongs that is one typo away from one (`mesure`, `目票`).
    Misspelt {
        found: String,
        keyword: &'static str,
    },
    /// A `{` never closed: the span is the `{`, `end` where the file or block ended.
    Unclosed { end: Span },
    /// A line that ends before it is complete (`target 产值 >= 350` with no unit): the span
    /// is the line, `expected` what was missing at its end.
    EndsEarly {
        expected: Vec<Expected>,
        after: Option<String>,
        line: Option<&'static str>,
    },
    /// `baseline X >= …` or `actual X growth …`: a known value is written with `=`.
    NeedsEquals(&'static str),
}

/// What to write instead of a character that plan files do not use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instead {
    /// `；` `。`: one item per line, no punctuation at its end.
    OneItemPerLine,
    /// `（ ）` `【 】` `《 》`: explanations go inside a quoted title or `note`.
    Quote,
    /// A full-width character whose ASCII twin is what the grammar reads (`／` → `/`).
    Twin(char),
    /// Nothing in particular: the character has no place outside a string.
    Nothing,
}

/// Something the parser expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expected {
    /// a top-level item keyword
    Item,
    /// a line of a section or measure body
    BodyLine,
    /// a line of the plan header
    HeaderField,
    /// a registry entry in `owners { }`
    OwnerEntry,
    Name,
    String,
    Number,
    Unit,
    Percent,
    Date,
    Comparator,
    Status,
    Every,
    Keyword(&'static str),
    Punct(&'static str),
    EndOfFile,
}

/// The keyword a `kw_*` rule stands for.
pub fn keyword_text(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_plan => "plan",
        Rule::kw_issued => "issued",
        Rule::kw_period => "period",
        Rule::kw_issuer => "issuer",
        Rule::kw_region => "region",
        Rule::kw_status => "status",
        Rule::kw_ref => "ref",
        Rule::kw_owners => "owners",
        Rule::kw_aka => "aka",
        Rule::kw_section => "section",
        Rule::kw_measure => "measure",
        Rule::kw_metric => "metric",
        Rule::kw_unit => "unit",
        Rule::kw_in => "in",
        Rule::kw_part => "part",
        Rule::kw_part_of => "part of",
        Rule::kw_of => "of",
        Rule::kw_owner => "owner",
        Rule::kw_deadline => "deadline",
        Rule::kw_after => "after",
        Rule::kw_target => "target",
        Rule::kw_growth => "growth",
        Rule::kw_change => "change",
        Rule::kw_by => "by",
        Rule::kw_at => "at",
        Rule::kw_baseline => "baseline",
        Rule::kw_actual => "actual",
        Rule::kw_use => "use",
        Rule::kw_cumulative => "cumulative",
        Rule::kw_per => "per",
        Rule::kw_note => "note",
        Rule::kw_milestone => "milestone",
        Rule::kw_jointly => "jointly",
        Rule::kw_lead => "lead",
        Rule::kw_support => "support",
        Rule::kw_also => "also",
        Rule::kw_group => "group",
        Rule::kw_members => "members",
        Rule::kw_firm => "firm",
        Rule::kw_stretch => "stretch",
        Rule::kw_over => "over",
        Rule::kw_from => "from",
        Rule::kw_each => "each",
        Rule::kw_ratio => "ratio",
        Rule::kw_average => "average",
        _ => return None,
    })
}

const ITEM_KEYWORDS: [&str; 7] = [
    "plan", "use", "owners", "unit", "metric", "section", "measure",
];
const BODY_KEYWORDS: [&str; 4] = ["owner", "deadline", "after", "note"];
const HEADER_KEYWORDS: [&str; 6] = ["issued", "period", "issuer", "region", "status", "ref"];

/// Turn a pest error into a [`SyntaxError`] with a span covering the offending token.
/// `literal_tokens` are the literal strings pest tried at the error (`}`, `=`), which its
/// rule list does not show.
pub fn from_pest(
    text: &str,
    error: pest::error::Error<Rule>,
    literal_tokens: &[String],
) -> SyntaxError {
    let pos = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let rest = text.get(pos..).unwrap_or("");
    if rest.starts_with(['"', '“']) && !closes_on_line(rest) {
        let end = pos + rest.find(['\n', '\r']).unwrap_or(rest.len());
        return SyntaxError::at(pos..end, SyntaxProblem::UnterminatedString);
    }
    if let Some(c) = rest.chars().next() {
        if let Some(instead) = stray(c) {
            return SyntaxError::at(
                pos..pos + c.len_utf8(),
                SyntaxProblem::Stray { ch: c, instead },
            );
        }
    }

    let mut expected: Vec<Expected> = Vec::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            if let Some(e) = expected_for(*rule) {
                expected.push(e);
            }
        }
    }
    for token in literal_tokens {
        if let Some(p) = punct(token) {
            expected.push(Expected::Punct(p));
        }
    }
    let found_span = token_at(text, pos);
    let found = if found_span.is_empty() {
        None
    } else {
        text.get(found_span.clone()).map(str::to_string)
    };
    // "expected `measure`, found `measure`" says nothing: drop what was found from the list.
    if let Some(word) = found.as_deref().and_then(super::keywords::find) {
        expected.retain(|e| *e != Expected::Keyword(word.en));
    }
    let expected = simplify(expected);
    let after = token_before(text, pos);
    let line = line_keyword(text, pos);
    if let Some(problem) = specific(text, pos, &expected, found.as_deref(), line) {
        return problem;
    }
    if let Some(f) = &found {
        // The word only: `责任单未：经信局` is the word `责任单未` and a separator.
        let word: String = f
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if let Some(keyword) = misspelt(&word, &expected) {
            let start = found_span.start;
            return SyntaxError::at(
                start..start + word.len(),
                SyntaxProblem::Misspelt {
                    found: word,
                    keyword,
                },
            );
        }
    }
    if let Some(line_span) = ended_early(text, pos, &expected) {
        return SyntaxError::at(
            line_span,
            SyntaxProblem::EndsEarly {
                expected,
                after,
                line,
            },
        );
    }
    SyntaxError::at(
        found_span,
        SyntaxProblem::Expected {
            expected,
            after,
            found,
            line,
        },
    )
}

/// A character outside strings and comments that the grammar never accepts, and what to
/// write instead. ASCII, letters, digits, spaces and the full-width forms of LANGUAGE.md §8
/// are not stray (a full-width brace in the wrong place is an ordinary syntax error).
fn stray(c: char) -> Option<Instead> {
    if c.is_ascii() || c.is_alphanumeric() || c.is_whitespace() || "²³".contains(c) {
        return None;
    }
    if "｛｝，、＝：＃％．－＞＜～≥≤≈“”".contains(c) {
        return None;
    }
    Some(match c {
        '；' | '。' => Instead::OneItemPerLine,
        '（' | '）' | '【' | '】' | '《' | '》' | '〔' | '〕' | '「' | '」' | '『' | '』' | '‘'
        | '’' => Instead::Quote,
        '／' => Instead::Twin('/'),
        '＋' => Instead::Twin('+'),
        '＂' => Instead::Twin('"'),
        '＿' => Instead::Twin('_'),
        _ => Instead::Nothing,
    })
}

/// The nearest keyword to a word written where keywords were expected (`mesure` →
/// `measure`, `目票` → `目标`), in the word's own language; only keywords that fit here.
fn misspelt(found: &str, expected: &[Expected]) -> Option<&'static str> {
    use super::keywords::{Kind, KEYWORDS};
    let word = found;
    if word.is_empty() || super::keywords::find(word).is_some() {
        return None;
    }
    let fits = |k: &super::keywords::Keyword| {
        expected.iter().any(|e| match e {
            Expected::Item => k.kind == Kind::Item,
            Expected::BodyLine => k.kind == Kind::Body || matches!(k.en, "section" | "measure"),
            Expected::HeaderField => k.kind == Kind::Header || k.en == "note",
            Expected::Keyword(w) => k.en == *w || k.en.split(' ').next() == Some(w),
            _ => false,
        })
    };
    let chinese = super::keywords::is_chinese(word);
    let candidates: Vec<&'static str> = KEYWORDS
        .iter()
        .filter(|k| fits(k))
        .map(|k| if chinese { k.zh } else { k.en })
        .collect();
    let nearest = crate::rules::suggest::nearest(word, candidates.iter().copied())?;
    candidates.into_iter().find(|c| *c == nearest)
}

/// Errors with a message of their own: a `{` never closed, a baseline written with a
/// comparator.
fn specific(
    text: &str,
    pos: usize,
    expected: &[Expected],
    found: Option<&str>,
    line: Option<&'static str>,
) -> Option<SyntaxError> {
    if found.is_none() && expected.contains(&Expected::Punct("}")) {
        let open = unclosed_brace(text)?;
        let end = text.trim_end().len();
        return Some(SyntaxError::at(
            open..open + text.get(open..)?.chars().next()?.len_utf8(),
            SyntaxProblem::Unclosed { end: end..end },
        ));
    }
    // pest reports a failed `baseline`/`actual` line at its keyword; the `=` it wanted is
    // the third word of the line.
    let keyword = found.and_then(super::keywords::find).map(|k| k.en);
    if let (Some(kind @ ("baseline" | "actual")), true) = (
        keyword,
        expected.contains(&Expected::Punct("=")) || expected.contains(&Expected::BodyLine),
    ) {
        let line_end = text.get(pos..)?.find('\n').map_or(text.len(), |i| pos + i);
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.get(pos..line_end)?.char_indices() {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push(pos + s..pos + i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(pos + s..line_end);
        }
        let third = words.get(2)?.clone();
        let word = text.get(third.clone())?;
        let comparator = word.starts_with(['>', '<', '~', '≥', '≤', '≈', '＞', '＜', '～']);
        if comparator || matches!(super::keywords::english(word), "growth" | "change") {
            return Some(SyntaxError::at(third, SyntaxProblem::NeedsEquals(kind)));
        }
    }
    if let (Some(kind @ ("baseline" | "actual")), Some(f)) = (line, found) {
        let word = super::keywords::english(f);
        let comparator = f.starts_with(['>', '<', '~', '≥', '≤', '≈', '＞', '＜', '～']);
        if expected.contains(&Expected::Punct("="))
            && (comparator || word == "growth" || word == "change")
        {
            let span = token_at(text, pos);
            return Some(SyntaxError::at(span, SyntaxProblem::NeedsEquals(kind)));
        }
    }
    None
}

/// The `{` that is never closed. Braces are matched by indentation, as people read them: a
/// `}` closes the innermost open `{` whose line is indented no deeper than the `}` line, and
/// an open `{` it skips over (a deeper one) is the one left unclosed. Without such a skip,
/// the innermost `{` still open at the end of the file.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut line_start = 0;
    for (i, c) in CodeChars::new(text) {
        match c {
            '\n' => line_start = i + 1,
            '{' | '｛' => open.push((i, indent(text, line_start))),
            '}' | '｝' => {
                let depth = indent(text, line_start);
                if let Some(&(brace, brace_indent)) = open.last() {
                    if brace_indent > depth
                        && open.iter().rev().nth(1).is_some_and(|(_, d)| *d <= depth)
                    {
                        return Some(brace);
                    }
                }
                open.pop();
            }
            _ => {}
        }
    }
    open.last().map(|(brace, _)| *brace)
}

/// How many columns a line is indented (a tab or U+3000 counting as two).
fn indent(text: &str, line_start: usize) -> usize {
    text.get(line_start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t' || *c == '\u{3000}')
        .map(|c| if c == ' ' { 1 } else { 2 })
        .sum()
}

/// When the parser stopped at the start of a later line than the last token, but wanted
/// something that belongs at the end of that token's line (a unit, a number, a date), the
/// mistake is on that line: its span, from its first to its last character of code.
fn ended_early(text: &str, pos: usize, expected: &[Expected]) -> Option<Span> {
    let line_starters = expected.iter().any(|e| {
        matches!(
            e,
            Expected::Item
                | Expected::BodyLine
                | Expected::HeaderField
                | Expected::OwnerEntry
                | Expected::EndOfFile
                | Expected::Punct("}")
        )
    });
    if line_starters || expected.is_empty() {
        return None;
    }
    let before = text.get(..pos)?;
    let code_end = before.trim_end().len();
    if !before.get(code_end..)?.contains('\n') {
        return None;
    }
    let line_start = before.get(..code_end)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(line_start..code_end)?;
    let code = strip_comment(line).trim_end();
    let lead = code.len() - code.trim_start().len();
    (!code.trim().is_empty()).then(|| line_start + lead..line_start + code.len())
}

fn closes_on_line(rest: &str) -> bool {
    let mut chars = rest.chars();
    let close = if chars.next() == Some('“') {
        '”'
    } else {
        '"'
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            c if c == close => return true,
            '\n' | '\r' => return false,
            _ => {}
        }
    }
    false
}

/// The punctuation pest tried, full-width forms as their ASCII twin (listed once).
fn punct(token: &str) -> Option<&'static str> {
    Some(match token {
        "{" | "｛" => "{",
        "}" | "｝" => "}",
        "=" | "＝" => "=",
        ":" | "：" => ":",
        "," | "，" | "、" => ",",
        ".." => "..",
        "%" | "％" => "%",
        _ => return None,
    })
}

fn expected_for(rule: Rule) -> Option<Expected> {
    if rule == Rule::kw_part_of {
        return Some(Expected::Keyword("part of"));
    }
    if let Some(k) = keyword_text(rule) {
        return Some(Expected::Keyword(k));
    }
    Some(match rule {
        Rule::EOI => Expected::EndOfFile,
        Rule::name | Rule::ident | Rule::metric_list => Expected::Name,
        Rule::string | Rule::string_inner => Expected::String,
        Rule::number | Rule::range => Expected::Number,
        Rule::unit_ref | Rule::unit_name | Rule::unit_word => Expected::Unit,
        Rule::percent => Expected::Percent,
        Rule::date | Rule::period | Rule::when => Expected::Date,
        Rule::cmp => Expected::Comparator,
        Rule::status_value => Expected::Status,
        Rule::every | Rule::every_cn => Expected::Every,
        Rule::owner_entry => Expected::OwnerEntry,
        Rule::plan_header => Expected::Keyword("plan"),
        Rule::use_item => Expected::Keyword("use"),
        Rule::owners_block => Expected::Keyword("owners"),
        Rule::unit_decl => Expected::Keyword("unit"),
        Rule::metric_decl => Expected::Keyword("metric"),
        Rule::section => Expected::Keyword("section"),
        Rule::measure => Expected::Keyword("measure"),
        Rule::owner_line => Expected::Keyword("owner"),
        Rule::deadline_line => Expected::Keyword("deadline"),
        Rule::after_line => Expected::Keyword("after"),
        Rule::note_line => Expected::Keyword("note"),
        Rule::milestone_line => Expected::Keyword("milestone"),
        Rule::target_line => Expected::Keyword("target"),
        Rule::baseline_line => Expected::Keyword("baseline"),
        Rule::actual_line => Expected::Keyword("actual"),
        Rule::growth_spec => Expected::Keyword("growth"),
        Rule::change_spec => Expected::Keyword("change"),
        Rule::level_spec => Expected::Comparator,
        Rule::per_mod => Expected::Keyword("per"),
        Rule::cumulative => Expected::Keyword("cumulative"),
        Rule::by_mod => Expected::Keyword("by"),
        Rule::part_of => Expected::Keyword("part of"),
        Rule::aka_list => Expected::Keyword("aka"),
        Rule::issued_field => Expected::Keyword("issued"),
        Rule::period_field => Expected::Keyword("period"),
        Rule::issuer_field => Expected::Keyword("issuer"),
        Rule::region_field => Expected::Keyword("region"),
        Rule::status_field => Expected::Keyword("status"),
        Rule::ref_field => Expected::Keyword("ref"),
        Rule::unit_derived => Expected::Punct("="),
        Rule::unit_base => Expected::Punct(":"),
        _ => return None,
    })
}

/// Collapse long keyword lists into what they mean ("an item", "a line of the body").
fn simplify(mut expected: Vec<Expected>) -> Vec<Expected> {
    expected.sort();
    expected.dedup();
    // `%` is both a rule and a literal: listed once. `part` and `of` are `part of`.
    if expected.contains(&Expected::Percent) {
        expected.retain(|e| *e != Expected::Punct("%"));
    }
    if expected.contains(&Expected::Keyword("part of")) {
        expected.retain(|e| !matches!(e, Expected::Keyword("part" | "of")));
    }
    let all = |set: &[Expected], ks: &[&'static str]| {
        ks.iter().all(|k| set.contains(&Expected::Keyword(k)))
    };
    let mut out: Vec<Expected> = Vec::new();
    let (items, body, header) = (
        all(&expected, &ITEM_KEYWORDS),
        all(&expected, &BODY_KEYWORDS),
        all(&expected, &HEADER_KEYWORDS),
    );
    if items {
        out.push(Expected::Item);
    }
    if body {
        out.push(Expected::BodyLine);
    }
    if header {
        out.push(Expected::HeaderField);
    }
    for e in expected {
        let swallowed = match e {
            Expected::Keyword(k) => {
                (items && ITEM_KEYWORDS.contains(&k))
                    || (body
                        && (BODY_KEYWORDS.contains(&k)
                            || [
                                "section",
                                "measure",
                                "target",
                                "baseline",
                                "actual",
                                "milestone",
                            ]
                            .contains(&k)))
                    || (header && (HEADER_KEYWORDS.contains(&k) || k == "note"))
            }
            _ => false,
        };
        if !swallowed {
            out.push(e);
        }
    }
    out
}

/// The span of the token starting at `pos`: a run of non-space characters, at least one
/// character, cut at a line end; empty at the end of the file.
fn token_at(text: &str, pos: usize) -> Span {
    let rest = text.get(pos..).unwrap_or("");
    let mut end = pos;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() || (i > 0 && "{}\",｛｝，、“".contains(c)) {
            break;
        }
        end = pos + i + c.len_utf8();
        if "{},｛｝，、".contains(c) || end - pos >= 60 {
            break;
        }
    }
    pos..end
}

/// The token written just before `pos`, skipping spaces and comments.
fn token_before(text: &str, pos: usize) -> Option<String> {
    let before = text.get(..pos)?;
    // Drop comments on the lines before: take the last line with code on it.
    let mut code = before;
    loop {
        let trimmed = code.trim_end();
        let line_start = trimmed.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = &trimmed[line_start..];
        let uncommented = strip_comment(line);
        if !uncommented.trim().is_empty() {
            let t = uncommented.trim_end();
            let word_start = t
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0);
            let word: String = t[word_start..].chars().rev().take(30).collect();
            return Some(word.chars().rev().collect());
        }
        if line_start == 0 {
            return None;
        }
        code = &trimmed[..line_start];
    }
}

/// The keyword that starts the line being written at `pos` (the last line with code on it
/// before `pos`), if it is one whose form is worth showing.
fn line_keyword(text: &str, pos: usize) -> Option<&'static str> {
    const LINES: [&str; 19] = [
        "plan",
        "use",
        "owners",
        "unit",
        "metric",
        "section",
        "measure",
        "owner",
        "deadline",
        "after",
        "target",
        "baseline",
        "actual",
        "note",
        "milestone",
        "issued",
        "period",
        "issuer",
        "status",
    ];
    let before = text.get(..pos)?;
    let code_line = before
        .lines()
        .rev()
        .map(strip_comment)
        .find(|l| !l.trim().is_empty())?;
    let word = code_line
        .split(|c: char| c.is_whitespace() || "{}｛｝:：".contains(c))
        .find(|w| !w.is_empty())?;
    let word = super::keywords::english(word);
    LINES.iter().copied().find(|k| *k == word)
}

/// The part of a line before a `#` comment (a `#` inside a string does not count).
fn strip_comment(line: &str) -> &str {
    let mut code = CodeChars::new(line);
    code.by_ref().for_each(drop);
    line.get(..code.comment_at().unwrap_or(line.len()))
        .unwrap_or(line)
}
