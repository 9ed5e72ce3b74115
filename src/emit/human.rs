//! Findings for people: miette's graphical report, in the reader's language.
//!
//! miette's own `file:line:col` header counts bytes, which is wrong on every line with
//! Chinese text before the span; so the header is switched off and the source is named
//! `file:line:col` with columns counted in characters, as everywhere else in `plan`.
//!
//! Snippets are cut with the file's line index (miette's own reader scans from the start of
//! the file for every finding: 8,000 findings took 11 s). A finding on a very long line is
//! shown as an excerpt of that line around it, so no column miette draws comes near 65,535
//! (miette's padding panics past it: 16,384 tabs before a name crashed the report).

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::i18n::Lang;
use crate::source::Source;

/// How to draw the report.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    pub lang: Lang,
}

/// Render findings, each followed by a blank line.
pub fn render(diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .without_primary_span_start();
    let mut out = String::new();
    for d in diagnostics {
        let report = Report::new(d, style.lang);
        let mut one = String::new();
        let rendered = handler.render_report(&mut one, &report);
        out.push_str(&match style.lang {
            Lang::Zh => help_in_chinese(&one),
            Lang::En => one,
        });
        if rendered.is_err() {
            // A rendering failure must not hide the finding: fall back to one plain line.
            let (line, col) = d.start();
            out.push_str(&format!(
                "{}[{}]: {} ({}:{line}:{col})\n",
                d.severity.as_str(),
                d.code,
                style.lang.say(&d.message),
                d.location.source.display_path()
            ));
        }
        out.push('\n');
    }
    out
}

/// miette labels the help line `help:`; a Chinese report says `提示：` (the same six columns
/// wide, so the help's wrapped lines stay aligned under it).
fn help_in_chinese(report: &str) -> String {
    let mut out = String::with_capacity(report.len());
    for line in report.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = line.get(indent..).unwrap_or_default();
        // Plain, or after the colour code miette puts in front of the label.
        let colour = rest
            .strip_prefix("\u{1b}[")
            .and_then(|r| r.find('m').map(|m| m + 3))
            .unwrap_or(0);
        let (code, label) = rest.split_at(colour.min(rest.len()));
        match label.strip_prefix("help:") {
            Some(after) => {
                out.push_str(line.get(..indent).unwrap_or_default());
                out.push_str(code);
                out.push_str("提示：");
                out.push_str(after.strip_prefix(' ').unwrap_or(after));
            }
            None => out.push_str(line),
        }
    }
    out
}

/// One finding as miette sees it.
struct Report {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: miette::NamedSource<Text>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

/// A line longer than this (in bytes) is shown as an excerpt around the finding: a tab is
/// at most 4 columns and any character at most 2, so no column reaches miette's limit.
pub const WIDE_LINE: usize = 4096;
/// An excerpt shows this many characters before the start of the span …
const EXCERPT_BEFORE: usize = 40;
/// … and at most this many from its start.
const EXCERPT_AFTER: usize = 120;

impl Report {
    fn new(d: &Diagnostic, lang: Lang) -> Report {
        let label = d.label.as_ref().map(|l| lang.say(l));
        let same_file =
            |r: &&crate::diagnostic::Related| Arc::ptr_eq(&r.location.source, &d.location.source);
        // One wide line among the labels: every label becomes its own excerpt.
        let excerpts = wide(&d.location)
            || d.related
                .iter()
                .filter(same_file)
                .any(|r| wide(&r.location));
        let (source, primary) = view(&d.location, excerpts);
        let mut labels = vec![LabeledSpan::new_primary_with_span(label, primary)];
        let mut related = Vec::new();
        for r in &d.related {
            let text = lang.say(&r.message);
            if same_file(&r) && !excerpts {
                labels.push(LabeledSpan::new_with_span(Some(text), span(&r.location)));
            } else {
                // Another file (miette draws one source per report) or another excerpt:
                // shown beneath.
                let (source, at) = view(&r.location, wide(&r.location));
                related.push(Report {
                    message: text.clone(),
                    code: String::new(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source,
                    labels: vec![LabeledSpan::new_primary_with_span(Some(text), at)],
                    related: Vec::new(),
                });
            }
        }
        Report {
            message: lang.say(&d.message),
            code: format!("{}", d.code),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            help: d.help.as_ref().map(|h| lang.say(h)),
            source,
            labels,
            related,
        }
    }
}

fn span(at: &Location) -> SourceSpan {
    let len = at.span.end.saturating_sub(at.span.start);
    SourceSpan::new(at.span.start.into(), len)
}

/// Whether the line of a location, or a line miette shows around it, is too wide to draw.
fn wide(at: &Location) -> bool {
    let source = &at.source;
    let line = source.lines().line_of(&source.text, at.span.start);
    (line.saturating_sub(1)..=line + 1).any(|l| {
        source
            .lines()
            .line_range(&source.text, l)
            .is_some_and(|r| r.len() > WIDE_LINE)
    })
}

/// The source to draw for a location and the label's span in it: the whole file, or (for a
/// wide line) an excerpt of its line.
fn view(at: &Location, excerpt: bool) -> (miette::NamedSource<Text>, SourceSpan) {
    let (line, col) = at.source.line_col(at.span.start);
    let name = format!("{}:{line}:{col}", at.source.display_path());
    if !excerpt {
        let text = Text::Whole(Arc::clone(&at.source));
        return (miette::NamedSource::new(name, text), span(at));
    }
    let (text, at) = cut(&at.source, at.span.start, at.span.end);
    let excerpt = Text::Excerpt {
        text,
        line: line - 1,
    };
    (miette::NamedSource::new(name, excerpt), at)
}

/// An excerpt of the line around `start..end`, marked `…` where it is cut, and the span in
/// it (clipped to the excerpt). Tabs become spaces: they would be drawn 4 columns wide.
fn cut(source: &Source, start: usize, end: usize) -> (String, SourceSpan) {
    let text = source.text.as_str();
    let line = source.lines().line_of(text, start);
    let range = source.lines().line_range(text, line).unwrap_or(0..0);
    let start = start.clamp(range.start, range.end);
    let start = (0..=start)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
        .max(range.start);
    let before = text.get(range.start..start).unwrap_or("");
    let from = before
        .char_indices()
        .rev()
        .nth(EXCERPT_BEFORE.saturating_sub(1))
        .map_or(range.start, |(i, _)| range.start + i);
    let after = text.get(start..range.end).unwrap_or("");
    let to = after
        .char_indices()
        .nth(EXCERPT_AFTER)
        .map_or(range.end, |(i, _)| start + i);
    let mut out = String::new();
    if from > range.start {
        out.push('…');
    }
    let offset = out.len();
    out.extend(
        text.get(from..to)
            .unwrap_or("")
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c }),
    );
    if to < range.end {
        out.push('…');
    }
    let label_start = offset + (start - from);
    let label_end = offset + (end.clamp(start, to) - from);
    (
        out,
        SourceSpan::new(label_start.into(), label_end - label_start),
    )
}

/// What miette reads snippets from.
enum Text {
    /// The whole file, shared rather than copied into every report.
    Whole(Arc<Source>),
    /// One line's excerpt; `line` is its 0-based line in the file.
    Excerpt { text: String, line: usize },
}

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            Text::Whole(source) => {
                read_lines(source, span, context_lines_before, context_lines_after)
            }
            Text::Excerpt { text, line } => Ok(Box::new(MietteSpanContents::new(
                text.as_bytes(),
                SourceSpan::new(0.into(), text.len()),
                *line,
                0,
                1,
            ))),
        }
    }
}

/// The lines of a span and its context, found with the line index (a binary search, not a
/// scan from the start of the file).
fn read_lines<'a>(
    source: &'a Source,
    span: &SourceSpan,
    before: usize,
    after: usize,
) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let text = source.text.as_str();
    if span.offset() + span.len() > text.len() {
        return Err(MietteError::OutOfBounds);
    }
    let lines = source.lines();
    let first = lines.line_of(text, span.offset()).saturating_sub(before);
    let last_of_span = lines.line_of(
        text,
        (span.offset() + span.len())
            .saturating_sub(1)
            .max(span.offset()),
    );
    let last = (last_of_span + after).min(lines.line_count().saturating_sub(1));
    let start = lines.line_range(text, first).map_or(0, |r| r.start);
    // Up to the start of the line after the last (its line ending included), as miette's
    // own reader returns it.
    let end = lines
        .line_range(text, last + 1)
        .map_or(text.len(), |r| r.start);
    let data = text.get(start..end).ok_or(MietteError::OutOfBounds)?;
    // miette's own reader counts the line endings from the start of the file to the end of
    // the context, and its renderer merges two labels' snippets by that count: the same
    // number keeps the reports as they were.
    let line_count = if data.ends_with('\n') { last + 1 } else { last };
    Ok(Box::new(MietteSpanContents::new(
        data.as_bytes(),
        SourceSpan::new(start.into(), data.len()),
        first,
        0,
        line_count,
    )))
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            None
        } else {
            Some(Box::new(&self.code))
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn style() -> Style {
        Style {
            color: false,
            width: 100,
            lang: Lang::En,
        }
    }

    /// Issue 16: a finding past display column 65,535 made miette panic ("Formatting
    /// argument out of range"). The report is an excerpt with the true line and column.
    #[test]
    fn a_finding_after_16384_tabs_is_an_excerpt() {
        let text = format!("{}measure m {{}}\n", "\t".repeat(16384));
        let checked = crate::check_text("r.plan", &text);
        let out = render(&checked.diagnostics, style());
        assert!(out.contains("╭─[r.plan:1:16393]"), "{out}");
        assert!(out.contains(" 1 │ …"), "{out}");
        assert!(out.contains("measure m {}"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 400), "{out}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Long lines of tabs, spaces and wide characters before, around and after a
        /// finding (O102 on `某`): the report never panics and names the finding's place.
        #[test]
        fn any_line_renders(
            indent in proptest::collection::vec(prop_oneof![Just('\t'), Just(' ')], 0..20_000),
            title in proptest::collection::vec(prop_oneof![
                Just('中'), Just('a'), Just('🎉'), Just('\u{301}'), Just(' ')
            ], 0..20_000),
            after in 0usize..20_000,
            context in any::<bool>(),
        ) {
            let indent: String = indent.into_iter().collect();
            let title: String = title.into_iter().collect();
            let mut text = String::new();
            if context {
                text.push_str(&"\t".repeat(20_000));
                text.push('\n');
            }
            let head = format!("{indent}measure m \"{title}\" {{ owner ");
            text.push_str(&format!("{head}某 }} # {}\n", "中".repeat(after)));
            let checked = crate::check_text("p.plan", &text);
            let out = render(&checked.diagnostics, style());
            prop_assert!(out.contains("O102"), "{}", out);
            let line = if context { 2 } else { 1 };
            let place = format!("p.plan:{line}:{}]", head.chars().count() + 1);
            prop_assert!(out.contains(&place), "{}", out);
        }
    }
}
