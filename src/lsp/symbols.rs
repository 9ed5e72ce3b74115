//! `textDocument/documentSymbol`: the outline — sections and measures as a tree, then
//! the owners registry and the metrics.

use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use super::document::Document;
use crate::syntax::ast::{BodyItem, Item, Node, NodeKind, Span};

pub fn document_symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let Some(model) = doc.model() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in model.ast.iter().flat_map(|f| f.items.iter()) {
        match item {
            Item::Node(n) => out.push(node(doc, n)),
            Item::Owners(block) => {
                let children = block
                    .entries
                    .iter()
                    .map(|e| {
                        symbol(
                            doc,
                            &e.id.text,
                            e.full_name.as_ref().map(|s| s.text.clone()),
                            SymbolKind::OBJECT,
                            &e.span,
                            &e.id.span,
                            Vec::new(),
                        )
                    })
                    .collect();
                // The keyword, `owners` or `责任单位名录`: up to the first space or brace.
                let keyword_len = doc
                    .text()
                    .get(block.span.clone())
                    .and_then(|t| t.find(|c: char| c.is_whitespace() || "{｛:：".contains(c)))
                    .unwrap_or(0);
                let head = block.span.start..block.span.start + keyword_len;
                out.push(symbol(
                    doc,
                    "owners",
                    None,
                    SymbolKind::NAMESPACE,
                    &block.span,
                    &head,
                    children,
                ));
            }
            Item::Metric(m) => out.push(symbol(
                doc,
                &m.id.text,
                Some(m.unit.text.clone()),
                SymbolKind::CONSTANT,
                &m.span,
                &m.id.span,
                Vec::new(),
            )),
            _ => {}
        }
    }
    out
}

fn node(doc: &Document, n: &Node) -> DocumentSymbol {
    let children = n
        .body
        .iter()
        .filter_map(|b| match b {
            BodyItem::Node(child) => Some(node(doc, child)),
            _ => None,
        })
        .collect();
    let kind = match n.kind {
        NodeKind::Section => SymbolKind::MODULE,
        NodeKind::Measure => SymbolKind::FUNCTION,
    };
    symbol(
        doc,
        &n.id.text,
        n.title.as_ref().map(|t| t.text.clone()),
        kind,
        &n.span,
        &n.id.span,
        children,
    )
}

#[allow(deprecated)] // `deprecated` is a required field of the struct
fn symbol(
    doc: &Document,
    name: &str,
    detail: Option<String>,
    kind: SymbolKind,
    span: &Span,
    selection: &Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: name.to_string(),
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: doc.range(span),
        selection_range: doc.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}
