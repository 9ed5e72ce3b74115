//! Every name written in a document and what it stands for: the table that hover,
//! definition, references and rename look things up in. Built from the AST (where each
//! name is written) and the model (which owner an `owner` line's name resolved to).

use crate::model::Model;
use crate::syntax::ast::{BodyItem, Item, Node, Span, UnitDef};

/// What a name refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sym {
    /// An owner, by its registry id (or by the name written, when it resolved to none).
    Owner(String),
    Metric(String),
    /// A section or measure.
    Node(String),
    Unit(String),
    /// A `use` line's path, as written.
    Use(String),
}

/// One place a name is written.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub span: Span,
    pub sym: Sym,
    /// The name as written (unescaped).
    pub text: String,
    /// Whether this is the name's definition.
    pub def: bool,
}

/// Every occurrence of every name in the document, in source order.
pub fn occurrences(model: &Model) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut push = |span: &Span, sym: Sym, text: &str, def: bool| {
        out.push(Occurrence {
            span: span.clone(),
            sym,
            text: text.to_string(),
            def,
        })
    };
    for r in &model.owner_refs {
        let id = r
            .resolved
            .and_then(|o| model.owners.get(o))
            .map_or_else(|| r.name.clone(), |o| o.id.clone());
        push(&r.span, Sym::Owner(id), &r.name, false);
    }
    for u in &model.unit_refs {
        push(&u.span, Sym::Unit(u.name.to_string()), &u.name, false);
    }
    for item in model.ast.iter().flat_map(|f| f.items.iter()) {
        match item {
            Item::Plan(_) => {}
            Item::Use(u) => push(
                &u.path.span,
                Sym::Use(u.path.text.clone()),
                &u.path.text,
                false,
            ),
            Item::Owners(block) => {
                for e in &block.entries {
                    let owner = Sym::Owner(e.id.text.clone());
                    push(&e.id.span, owner.clone(), &e.id.text, true);
                    for s in e.full_name.iter().chain(&e.aliases) {
                        push(&s.span, owner.clone(), &s.text, false);
                    }
                }
            }
            Item::Unit(u) => {
                push(
                    &u.name.span,
                    Sym::Unit(u.name.text.clone()),
                    &u.name.text,
                    true,
                );
                if let UnitDef::Derived { unit, .. } = &u.def {
                    push(&unit.span, Sym::Unit(unit.text.clone()), &unit.text, false);
                }
            }
            Item::Metric(m) => {
                push(&m.id.span, Sym::Metric(m.id.text.clone()), &m.id.text, true);
                if let Some(p) = &m.part_of {
                    push(&p.span, Sym::Metric(p.text.clone()), &p.text, false);
                }
            }
            Item::Node(n) => node(n, &mut push),
        }
    }
    out.sort_by_key(|o| o.span.start);
    out.dedup_by(|a, b| a.span == b.span);
    out
}

fn node(n: &Node, push: &mut impl FnMut(&Span, Sym, &str, bool)) {
    push(&n.id.span, Sym::Node(n.id.text.clone()), &n.id.text, true);
    for line in &n.body {
        match line {
            BodyItem::After { measures, .. } => {
                for m in measures {
                    push(&m.span, Sym::Node(m.text.clone()), &m.text, false);
                }
            }
            BodyItem::Target(t) => {
                for m in &t.metrics {
                    push(&m.span, Sym::Metric(m.text.clone()), &m.text, false);
                }
            }
            BodyItem::Baseline(o) | BodyItem::Actual(o) => {
                push(
                    &o.metric.span,
                    Sym::Metric(o.metric.text.clone()),
                    &o.metric.text,
                    false,
                );
            }
            BodyItem::Node(child) => node(child, push),
            _ => {}
        }
    }
}

/// The occurrence under a byte offset (a cursor just after a name still counts).
pub fn at(occurrences: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    occurrences
        .iter()
        .filter(|o| o.span.start <= offset && offset <= o.span.end)
        .min_by_key(|o| o.span.end - o.span.start)
}
