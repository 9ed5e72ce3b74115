//! Findings for people: miette's graphical report, in the reader's language.
//!
//! miette's own `file:line:col` header counts bytes, which is wrong on every line with
//! Chinese text before the span; so the header is switched off and the source is named
//! `file:line:col` with columns counted in characters, as everywhere else in `plan`.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode, SourceSpan,
    SpanContents,
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
        if handler.render_report(&mut out, &report).is_err() {
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

impl Report {
    fn new(d: &Diagnostic, lang: Lang) -> Report {
        let label = d.label.as_ref().map(|l| lang.say(l));
        let mut labels = vec![LabeledSpan::new_primary_with_span(label, span(&d.location))];
        let mut related = Vec::new();
        for r in &d.related {
            let text = lang.say(&r.message);
            if Arc::ptr_eq(&r.location.source, &d.location.source) {
                labels.push(LabeledSpan::new_with_span(Some(text), span(&r.location)));
            } else {
                // Another file: miette draws one source per report, so show it beneath.
                related.push(Report {
                    message: text.clone(),
                    code: String::new(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: named(&r.location),
                    labels: vec![LabeledSpan::new_primary_with_span(
                        Some(text),
                        span(&r.location),
                    )],
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
            source: named(&d.location),
            labels,
            related,
        }
    }
}

fn span(at: &Location) -> SourceSpan {
    let len = at.span.end.saturating_sub(at.span.start);
    SourceSpan::new(at.span.start.into(), len)
}

fn named(at: &Location) -> miette::NamedSource<Text> {
    let (line, col) = at.source.line_col(at.span.start);
    let name = format!("{}:{line}:{col}", at.source.display_path());
    miette::NamedSource::new(name, Text(Arc::clone(&at.source)))
}

/// The source text, shared rather than copied into every report.
struct Text(Arc<Source>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0
            .text
            .read_span(span, context_lines_before, context_lines_after)
    }
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
