//! `plan import --format json`: the draft checked and compiled like any plan (the schema of
//! `plan compile`), with `source` spans into the input document on every target, milestone
//! and measure, `owners_source` where the owners were named, and `deadline_source` where a
//! date was written. Tests and scorers read this.

use serde_json::{json, Map, Value};

use super::{Document, Draft, Node, NodeKind, SourceSpan};
use crate::emit::compiled;

fn span(doc: &Document, r: &std::ops::Range<usize>) -> Value {
    let s: SourceSpan = doc.span(r);
    serde_json::to_value(s).unwrap_or(Value::Null)
}

/// The compiled draft with sources. `plan_text` is the drafted `.plan`; `None` when it does
/// not parse (which the importer never produces).
pub fn compiled_with_sources(doc: &Document, draft: &Draft, plan_text: &str) -> Option<Value> {
    let checked = crate::check_text("draft.plan", plan_text);
    let model = checked.model.as_ref()?;
    let tree = compiled::compile(model);
    let mut value = serde_json::to_value(&tree).ok()?;
    if let (Some(plan), Some(r)) = (
        value.get_mut("plan").and_then(Value::as_object_mut),
        &draft.issued_source,
    ) {
        plan.insert("issued_source".into(), span(doc, r));
    }
    // Measures compile in source order, which is the draft's depth-first order.
    let mut drafted: Vec<(&Node, Option<&std::ops::Range<usize>>)> = Vec::new();
    fn walk<'a>(
        nodes: &'a [Node],
        inherited: Option<&'a std::ops::Range<usize>>,
        out: &mut Vec<(&'a Node, Option<&'a std::ops::Range<usize>>)>,
    ) {
        for n in nodes {
            let owners = n.owners.source.as_ref().or(inherited);
            if n.kind == NodeKind::Measure {
                out.push((n, owners));
            }
            walk(&n.children, owners, out);
        }
    }
    walk(&draft.nodes, None, &mut drafted);
    let measures = value.get_mut("measures").and_then(Value::as_array_mut)?;
    for (m, (node, owners)) in measures.iter_mut().zip(drafted) {
        let Some(obj) = m.as_object_mut() else {
            continue;
        };
        obj.insert("source".into(), span(doc, &node.title_source));
        if let Some(r) = owners {
            obj.insert("owners_source".into(), span(doc, r));
        }
        if let Some(targets) = obj.get_mut("targets").and_then(Value::as_array_mut) {
            attach_targets(doc, node, targets);
        }
        if let Some(ms) = obj.get_mut("milestones").and_then(Value::as_array_mut) {
            for (v, m) in ms.iter_mut().zip(&node.milestones) {
                if let Some(o) = v.as_object_mut() {
                    o.insert("source".into(), span(doc, &m.sentence));
                    o.insert("deadline_source".into(), span(doc, &m.by.source));
                }
            }
        }
    }
    let mut out = Map::new();
    if let Some(o) = value.as_object() {
        out.extend(o.clone());
    }
    out.insert(
        "findings".into(),
        json!(checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect::<Vec<_>>()),
    );
    Some(Value::Object(out))
}

/// A `per year` target compiles once per year, all with the line it was written on: each
/// run of one line is one drafted target.
fn attach_targets(doc: &Document, node: &Node, targets: &mut [Value]) {
    let mut drafted = node.targets.iter();
    let mut current = None;
    let mut last_line = None;
    for t in targets.iter_mut() {
        let line = t.get("line").and_then(Value::as_u64);
        if line != last_line || current.is_none() {
            current = drafted.next();
            last_line = line;
        }
        let (Some(d), Some(o)) = (current, t.as_object_mut()) else {
            continue;
        };
        o.insert("source".into(), span(doc, &d.source));
        if let Some(by) = &d.by {
            o.insert("deadline_source".into(), span(doc, &by.source));
        }
        if let Some(f) = d.firmness {
            o.insert("firmness".into(), json!(f));
        }
    }
}
