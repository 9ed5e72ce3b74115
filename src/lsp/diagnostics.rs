//! `textDocument/publishDiagnostics`: the findings of `plan check` for an open document,
//! with their related places, in the language asked for.

use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::document::{range_in, Document};
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::source::Source;

pub fn to_lsp(doc: &Document, lang: Lang) -> Vec<Diagnostic> {
    convert(doc, lang, &doc.checked.diagnostics)
}

/// Findings as LSP diagnostics (those about this document only).
pub fn convert(
    doc: &Document,
    lang: Lang,
    found: &[crate::diagnostic::Diagnostic],
) -> Vec<Diagnostic> {
    found
        .iter()
        // Findings about another file (an imported registry) belong to that file.
        .filter(|d| d.location.source.path == doc.source().path)
        .map(|d| {
            let mut message = lang.say(&d.message);
            if let Some(help) = &d.help {
                message.push('\n');
                message.push_str(&lang.say(help));
            }
            let related = d
                .related
                .iter()
                .filter_map(|r| {
                    Some(DiagnosticRelatedInformation {
                        location: location(doc, &r.location.source, &r.location.span)?,
                        message: lang.say(&r.message),
                    })
                })
                .collect::<Vec<_>>();
            Diagnostic {
                range: doc.range(&d.location.span),
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(d.code.as_str().to_string())),
                source: Some("plan".to_string()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..Default::default()
            }
        })
        .collect()
}

/// An LSP location for a span of any source: this document, or a file on disk.
pub fn location(
    doc: &Document,
    source: &Source,
    span: &std::ops::Range<usize>,
) -> Option<Location> {
    let uri = uri_of(doc, source)?;
    Some(Location {
        uri,
        range: range_in(source, doc.encoding, span),
    })
}

/// The URI of a source: this document's own, or the file's.
pub fn uri_of(doc: &Document, source: &Source) -> Option<Uri> {
    if source.path == doc.source().path {
        return Some(doc.uri.clone());
    }
    let path = std::fs::canonicalize(&source.path).unwrap_or_else(|_| source.path.clone());
    Uri::from_file_path(path)
}
