//! `textDocument/hover`: what a name stands for — an owner's full name and aliases, a
//! metric's unit and dimension, a unit's definition, a measure's owners and deadline — and
//! on a target line, its value converted to the base unit and its effective deadline. Where
//! a finding is reported, or on a code written in a comment (`# O101`), the code's
//! explanation (`plan explain`).

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::document::Document;
use super::index::{self, Sym};
use crate::diagnostic::Code;
use crate::i18n::{HoverWord as W, Lang, Msg};
use crate::model::{Bound, DeadlineSource, Model};

pub fn hover(doc: &Document, lang: Lang, position: Position) -> Option<Hover> {
    let offset = doc.offset(position);
    let mut parts: Vec<String> = Vec::new();
    let mut range = None;
    if let Some(model) = doc.model() {
        let occurrences = index::occurrences(model);
        if let Some(occ) = index::at(&occurrences, offset) {
            parts.extend(symbol(model, lang, &occ.sym));
            range = Some(doc.range(&occ.span));
        }
        if parts.is_empty() {
            if let Some(t) = model
                .targets
                .iter()
                .find(|t| t.span.start <= offset && offset <= t.span.end)
            {
                parts.push(target(model, lang, t));
            }
        }
    }
    for d in &doc.checked.diagnostics {
        let span = &d.location.span;
        if d.location.source.path == doc.source().path && span.start <= offset && offset <= span.end
        {
            parts.push(format!(
                "**{}** `{}`: {}\n\n{}",
                d.code,
                d.code.name(),
                lang.say(&d.message),
                crate::rules::explain(d.code, lang)
            ));
        }
    }
    if parts.is_empty() {
        // A keyword, in either language: what it means, with its other spelling.
        if let Some(k) = crate::syntax::keywords::of_word(word_at(doc.text(), offset)) {
            parts.push(crate::syntax::keywords::describe(k, lang == Lang::Zh));
        }
    }
    if parts.is_empty() {
        let code = code_at(doc.text(), offset)?;
        parts.push(crate::rules::explain(code, lang).to_string());
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

fn symbol(model: &Model, lang: Lang, sym: &Sym) -> Option<String> {
    let w = |word| lang.say(&Msg::Hover(word));
    match sym {
        Sym::Owner(id) => {
            let o = model.owners.iter().find(|o| &o.id == id)?;
            let kind = w(if o.group { W::Group } else { W::Owner });
            let mut s = format!("**{}** ({kind})", o.id);
            if let Some(name) = &o.name {
                s.push_str(&format!("\n\n{name}"));
            }
            if !o.members.is_empty() {
                s.push_str(&format!("\n\n{}: {}", w(W::Members), o.members.join(", ")));
            }
            if !o.aliases.is_empty() {
                s.push_str(&format!("\n\n{}: {}", w(W::Aka), o.aliases.join(", ")));
            }
            Some(s)
        }
        Sym::Metric(id) => {
            let m = model.metrics.iter().find(|m| &m.id == id)?;
            let mut s = format!("**{}** ({})", m.id, w(W::Metric));
            if let Some(title) = &m.title {
                s.push_str(&format!(" {title}"));
            }
            match &m.unit {
                Some(u) => s.push_str(&format!(
                    "\n\n{}: {}, {}: {}{}",
                    w(W::UnitLabel),
                    u.name,
                    w(W::DimensionLabel),
                    u.dimension,
                    if m.unit_declared {
                        String::new()
                    } else {
                        format!(" ({})", w(W::FromFirstUse))
                    }
                )),
                None => s.push_str(&format!("\n\n{}: {}", w(W::UnitLabel), w(W::Unknown))),
            }
            if let Some(whole) = m.part_of.as_ref() {
                s.push_str(&format!("\n\n{}: {}", w(W::PartOf), whole.name));
            }
            Some(s)
        }
        Sym::Node(id) => {
            let (i, n) = model.nodes.iter().enumerate().find(|(_, n)| &n.id == id)?;
            let kind = w(match n.kind {
                crate::syntax::ast::NodeKind::Section => W::Section,
                crate::syntax::ast::NodeKind::Measure => W::Measure,
            });
            let mut s = format!("**{}** ({kind})", n.id);
            if let Some(title) = &n.title {
                s.push_str(&format!(" {title}"));
            }
            let owners = model.owners_of(i);
            let ids = |role: Option<crate::model::Role>| -> Vec<String> {
                owners
                    .iter()
                    .filter(|(_, r)| role.is_none() || *r == role)
                    .filter_map(|(o, _)| model.owners.get(*o))
                    .map(|o| {
                        let group = if o.group {
                            format!(" ({})", w(W::Group))
                        } else {
                            String::new()
                        };
                        format!("{}{group}", o.id)
                    })
                    .collect()
            };
            if !owners.is_empty() {
                s.push_str(&format!("\n\n{}: {}", w(W::Owners), ids(None).join(", ")));
                let leads = ids(Some(crate::model::Role::Lead));
                if leads.is_empty() {
                    s.push_str(&format!("\n\n{}", w(W::NoLead)));
                } else {
                    s.push_str(&format!("\n\n{}: {}", w(W::Leads), leads.join(", ")));
                }
                let supports = ids(Some(crate::model::Role::Support));
                if !supports.is_empty() {
                    s.push_str(&format!("\n\n{}: {}", w(W::Supports), supports.join(", ")));
                }
            }
            let deadline = n.effective_deadline.or(model.period().map(|p| p.end));
            if let Some(d) = deadline {
                s.push_str(&format!("\n\n{}: {d}", w(W::Deadline)));
            }
            Some(s)
        }
        Sym::Unit(name) => {
            let u = model.units.resolve(name)?;
            Some(format!(
                "**{}** ({}): {} {}, 1 {} = {} {}",
                u.name,
                w(W::Unit),
                w(W::DimensionLabel),
                u.dimension,
                u.name,
                // Exact: `1/24` where no decimal is (1 小时 = 1/24 日).
                u.factor,
                u.base
            ))
        }
        Sym::Use(path) => Some(format!("{} `{path}`", w(W::Imports))),
    }
}

fn target(model: &Model, lang: Lang, t: &crate::model::TargetInfo) -> String {
    let w = |word| lang.say(&Msg::Hover(word));
    let metric = model.metrics.get(t.metric).map_or("?", |m| m.id.as_str());
    let unit = model.unit(t.unit);
    let value = |v: crate::number::Number| match unit {
        Some(u) if t.kind != crate::syntax::ast::TargetKind::Growth => match u.to_base(v) {
            Some(base) => format!("{v} {} = {base} {}", u.name, u.base),
            None => format!("{v} {}", u.name),
        },
        Some(u) => format!("{v} {}", u.name),
        None => v.to_string(),
    };
    let bound = match t.bound {
        Bound::Cmp { cmp, value: v } => format!("{} {}", cmp.as_str(), value(v)),
        Bound::Range { low, high } => format!("{} .. {}", value(low), value(high)),
    };
    let kind = if t.average {
        w(W::AverageGrowth)
    } else {
        t.kind.as_str().to_string()
    };
    let mut s = format!("**{}** {metric} ({kind}) {bound}", w(W::Target));
    if let Some(firm) = t.firm {
        s.push_str(&format!(
            " — {}",
            w(if firm { W::Firm } else { W::Stretch })
        ));
    }
    if let Some(each) = &t.each {
        s.push_str(&format!("\n\n{} {}", w(W::Each), each.name));
    }
    if let Some(window) = t.window() {
        s.push_str(&format!(
            "\n\n{}: {} .. {}",
            w(W::Window),
            window.start,
            window.end
        ));
    }
    let from = w(match t.deadline_source {
        DeadlineSource::By => W::FromBy,
        DeadlineSource::Node(_) => W::FromDeadlineLine,
        DeadlineSource::Period => W::FromPeriodEnd,
        DeadlineSource::Window => W::FromWindow,
        DeadlineSource::None => W::FromNothing,
    });
    let effective = w(W::EffectiveDeadline);
    match t.deadline {
        Some(d) => s.push_str(&format!("\n\n{effective}: {d} ({from})")),
        None => s.push_str(&format!("\n\n{effective}: {}", w(W::NoDeadline))),
    }
    if t.repetitions().len() > 1 {
        let all: Vec<String> = t.repetitions().iter().map(|d| d.to_string()).collect();
        s.push_str(&format!("\n\n{}: {}", w(W::Repeats), all.join(", ")));
    }
    s
}

/// A finding's code (`O101`) written at the offset, e.g. in a comment.
fn code_at(text: &str, offset: usize) -> Option<Code> {
    let before = text.get(..offset)?;
    let start = before
        .rfind(|c: char| !c.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let rest = text.get(start..)?;
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    Code::parse(rest.get(..end)?).filter(|_| end == 4)
}

/// The word (letters, digits, `_`) around a byte offset; empty when there is none.
fn word_at(text: &str, offset: usize) -> &str {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let offset = offset.min(text.len());
    let (Some(before), Some(after)) = (text.get(..offset), text.get(offset..)) else {
        return "";
    };
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + after
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map_or(after.len(), |(i, _)| i);
    text.get(start..end).unwrap_or("")
}
