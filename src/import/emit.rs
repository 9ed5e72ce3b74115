//! The draft as `.plan` text, in either keyword language (one table says every keyword),
//! then put in the canonical layout by `plan fmt`'s formatter. Every drafted line has the
//! sentence it came from above it (`# 原文：…`); what a reviewer must check is marked
//! `# 待核：…`.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Document, Draft, Node, NodeKind, Repeat, Target, TargetKind};
use crate::syntax::keywords;
use crate::units::UnitRegistry;

/// The language the draft's keywords are written in. The words themselves come from the
/// one keyword table (src/syntax/keywords.rs), so the draft cannot drift from the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keywords {
    En,
    Zh,
}

/// The English keywords of LANGUAGE.md §2.
pub const EN: Keywords = Keywords::En;

/// The Chinese keywords of LANGUAGE.md §8.
pub const ZH: Keywords = Keywords::Zh;

impl Keywords {
    /// The keyword written `en` in LANGUAGE.md (`"part of"`, `"target"`), in this language.
    /// A word missing from the table stays English, which the grammar also reads.
    pub fn word(self, en: &'static str) -> &'static str {
        match self {
            Keywords::En => en,
            Keywords::Zh => keywords::chinese(en).unwrap_or(en),
        }
    }
}

/// Whether a name is spelt like a keyword in either language, or like one word of a
/// two-word keyword (`part`, `per`): such a name is quoted. Non-reserved keywords (`note`,
/// `milestone`, `draft`) are quoted too, since a bare one could start a line.
fn reserved(s: &str) -> bool {
    // Second Chinese spellings (争取 for 力争) are keywords too: `keywords::find` knows them.
    keywords::find(s).is_some()
        || keywords::KEYWORDS
            .iter()
            .any(|k| k.zh == s || k.en.split(' ').any(|w| w == s))
}

/// A name as the language accepts it: bare when it is an identifier and no keyword, else a
/// string.
pub fn name(s: &str) -> String {
    // `_` continues an identifier but does not start one (XID_Start, LANGUAGE.md §2).
    let ident_start = |c: char| c.is_ascii_alphabetic() || is_han(c);
    let ident_continue = |c: char| c == '_' || c.is_ascii_alphanumeric() || is_han(c);
    let mut chars = s.chars();
    let bare = chars.next().is_some_and(ident_start) && chars.all(ident_continue) && !reserved(s);
    if bare {
        s.to_owned()
    } else {
        string(s)
    }
}

/// A unit as a `unit_ref` reads it: bare when the grammar's `unit_name` takes it (`万吨`,
/// `%`, `人/百亿元`), else quoted, so that an odd unit read from the document is a finding
/// to fix (U301) rather than a draft that does not parse.
pub fn unit(s: &str) -> String {
    let word = |w: &str| {
        let mut chars = w.chars();
        w == "%"
            || (chars.next().is_some_and(|c| c.is_alphabetic() || is_han(c))
                && chars.all(|c| c.is_alphanumeric() || is_han(c) || matches!(c, '_' | '²' | '³'))
                && !reserved(w))
    };
    let parts: Vec<&str> = s.split('/').collect();
    if parts.len() <= 2 && parts.iter().all(|w| word(w)) {
        s.to_owned()
    } else {
        string(s)
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// A string literal: `"` and `\` escaped, line breaks as spaces.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line's text: one line, no longer than a reader takes in.
fn comment(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let one = one.trim();
    if one.chars().count() > 160 {
        let cut: String = one.chars().take(160).collect();
        format!("{cut}……")
    } else {
        one.to_owned()
    }
}

/// Where each drafted line came from, in the order the compiled plan lists them: one entry
/// per measure, in source order.
#[derive(Debug, Default)]
pub struct Emitted {
    pub text: String,
}

/// Write the draft as `.plan` text (before formatting).
pub fn write(doc: &Document, draft: &Draft, kw: Keywords, file: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# plan import 起草自 {file}：请逐条核对原文后定稿。");
    for d in &draft.doubts {
        let _ = writeln!(out, "# 待核：{d}");
    }
    let title = draft.title.clone().unwrap_or_else(|| file.to_owned());
    let _ = writeln!(out, "{} {} {{", kw.word("plan"), string(&title));
    if let Some(i) = &draft.issued {
        let _ = writeln!(out, "  {} {i}", kw.word("issued"));
    }
    if let Some(p) = &draft.period {
        let _ = writeln!(out, "  {} {p}", kw.word("period"));
    }
    if let Some(r) = &draft.reference {
        let _ = writeln!(out, "  {} {}", kw.word("ref"), string(r));
    }
    for n in &draft.notes {
        let _ = writeln!(out, "  {} {}", kw.word("note"), string(n));
    }
    if !draft.also.is_empty() {
        if let Some(src) = &draft.also_source {
            let _ = writeln!(out, "  # 原文：{}", comment(doc.slice(src)));
        }
        let _ = writeln!(
            out,
            "  # 待核：以上单位承担以后各项措施（“不再列出”）；若该句之前还有措施，请核对其责任单位"
        );
        let _ = writeln!(
            out,
            "  {} {}",
            kw.word("also"),
            owner_names(draft, &draft.also)
        );
    }
    out.push_str("}\n\n");

    if !draft.owners.is_empty() {
        let _ = writeln!(out, "{} {{", kw.word("owners"));
        for o in &draft.owners {
            let aka = if o.aliases.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = o.aliases.iter().map(|a| string(a)).collect();
                format!(" {} {}", kw.word("aka"), list.join(", "))
            };
            // A unit standing for several (各县区政府) is a group (docs/language.md).
            let group = if o.group {
                format!("{} ", kw.word("group"))
            } else {
                String::new()
            };
            let _ = writeln!(out, "  {group}{}{aka}", name(&o.id));
        }
        out.push_str("}\n\n");
    }

    // Classifiers the prelude does not know are counts: declared as 1 个 each.
    let registry = UnitRegistry::new();
    let mut declared: Vec<String> = Vec::new();
    for n in draft.walk() {
        for t in &n.targets {
            let bare = strip_scale(&t.unit);
            // A prelude unit is never declared again (R402), whatever scale word led it.
            if registry.resolve(&t.unit).is_none()
                && registry.resolve(bare).is_none()
                && !declared.iter().any(|d| d == bare)
            {
                declared.push(bare.to_owned());
            }
        }
    }
    // Bandwidth (省网骨干带宽达5040Gbps以上) is a dimension of its own, which the prelude
    // lacks: the first rate unit written is its base, the others are scaled from it by
    // their powers of ten (exactly: the factor is written as a decimal).
    const RATES: &[(&str, i32)] = &[("Tbps", 12), ("Gbps", 9), ("Mbps", 6)];
    let power = |u: &str| RATES.iter().find(|(n, _)| *n == u).map(|(_, p)| *p);
    let base_rate = declared.iter().find(|u| power(u).is_some()).cloned();
    for u in &declared {
        if let (Some(p), Some(b)) = (power(u), base_rate.as_deref()) {
            let diff = p - power(b).unwrap_or(p);
            if diff == 0 {
                let _ = writeln!(out, "{} {} : 带宽", kw.word("unit"), name(u));
            } else {
                let n = diff.unsigned_abs() as usize;
                let factor = if diff > 0 {
                    format!("1{}", "0".repeat(n))
                } else {
                    format!("0.{}1", "0".repeat(n - 1))
                };
                let _ = writeln!(
                    out,
                    "{} {} = {factor} {}",
                    kw.word("unit"),
                    name(u),
                    name(b)
                );
            }
            continue;
        }
        // 场次, 辆次: a count of the prelude's classifier (one 场次 is one 场).
        let counted = u
            .strip_suffix('次')
            .filter(|c| !c.is_empty() && registry.resolve(c).is_some());
        let base = match counted {
            _ if u == "工作日" => "1 日".to_owned(),
            Some(c) => format!("1 {c}"),
            None => "1 个".to_owned(),
        };
        let _ = writeln!(out, "{} {} = {base}", kw.word("unit"), name(u));
    }
    if !declared.is_empty() {
        out.push('\n');
    }

    let mut metrics = MetricNames::default();
    for n in &draft.nodes {
        node(&mut out, doc, draft, n, kw, 0, &mut metrics);
        out.push('\n');
    }
    out
}

fn strip_scale(unit: &str) -> &str {
    for s in ["万亿", "百万", "千万", "万", "亿", "千"] {
        if let Some(rest) = unit.strip_prefix(s) {
            if !rest.is_empty() && !matches!(rest, "瓦" | "瓦时" | "米" | "克") {
                return rest;
            }
        }
    }
    unit
}

/// Metric names made unique per dimension: the same words in another kind of unit
/// (户 and 家, % and 亿元) name another metric in the draft, so no U302 is invented.
#[derive(Default)]
struct MetricNames {
    dims: HashMap<String, String>,
}

impl MetricNames {
    fn name_for(&mut self, t: &Target) -> String {
        let registry = UnitRegistry::new();
        let dim = match t.kind {
            TargetKind::Growth => return t.metric.clone(),
            _ => registry
                .resolve(&t.unit)
                .map(|u| {
                    if u.dimension.is_percentage_points() {
                        "%".to_owned()
                    } else {
                        u.dimension.to_string()
                    }
                })
                .unwrap_or_else(|| strip_scale(&t.unit).to_owned()),
        };
        let key = t.metric.clone();
        match self.dims.get(&key) {
            None => {
                self.dims.insert(key.clone(), dim);
                key
            }
            Some(d) if *d == dim => key,
            Some(_) => {
                let renamed = format!("{}（{}）", t.metric, strip_scale(&t.unit));
                self.dims.entry(renamed.clone()).or_insert(dim);
                renamed
            }
        }
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn node(
    out: &mut String,
    doc: &Document,
    draft: &Draft,
    n: &Node,
    kw: Keywords,
    depth: usize,
    metrics: &mut MetricNames,
) {
    let pad = indent(depth);
    let word = match n.kind {
        NodeKind::Section => kw.word("section"),
        NodeKind::Measure => kw.word("measure"),
    };
    let _ = writeln!(out, "{pad}{word} {} {} {{", name(&n.id), string(&n.title));
    let inner = indent(depth + 1);
    if !n.owners.ids.is_empty() {
        if let Some(src) = &n.owners.source {
            let _ = writeln!(out, "{inner}# 原文：{}", comment(doc.slice(src)));
        }
        if let Some(d) = &n.owners.doubt {
            let _ = writeln!(out, "{inner}# 待核：{d}");
        }
        let (leads, supports) = n
            .owners
            .ids
            .split_at(n.owners.leads.min(n.owners.ids.len()));
        let line = if leads.is_empty() {
            // No 牵头 written: the units share the measure, none leads.
            format!("{} {}", kw.word("jointly"), owner_names(draft, supports))
        } else if supports.is_empty() {
            format!("{} {}", kw.word("lead"), owner_names(draft, leads))
        } else {
            format!(
                "{} {}, {} {}",
                kw.word("lead"),
                owner_names(draft, leads),
                kw.word("support"),
                owner_names(draft, supports)
            )
        };
        let _ = writeln!(out, "{inner}{} {line}", kw.word("owner"));
    }
    for note in body_notes(doc, n) {
        let _ = writeln!(out, "{inner}{} {}", kw.word("note"), string(&note));
    }
    let mut last_sentence = None;
    for t in &n.targets {
        if last_sentence != Some(t.sentence.clone()) {
            let _ = writeln!(out, "{inner}# 原文：{}", comment(doc.slice(&t.sentence)));
            last_sentence = Some(t.sentence.clone());
        }
        if let Some(d) = &t.doubt {
            let _ = writeln!(out, "{inner}# 待核：{d}");
        }
        let line = target_line(t, kw, metrics, draft);
        let _ = writeln!(out, "{inner}{line}");
        if let Some(b) = &t.baseline {
            let _ = writeln!(out, "{inner}# 原文：{}", comment(doc.slice(&b.sentence)));
            let _ = writeln!(out, "{inner}# 待核：基数取自回顾部分（{}年实际）", b.year);
            let metric = name(&metrics.name_for(t));
            let _ = writeln!(
                out,
                "{inner}{} {metric} = {} {} {} {}",
                kw.word("baseline"),
                b.value,
                unit(&b.unit),
                kw.word("at"),
                b.year
            );
        }
    }
    for m in &n.milestones {
        let _ = writeln!(out, "{inner}# 原文：{}", comment(doc.slice(&m.sentence)));
        let _ = writeln!(
            out,
            "{inner}{} {} {} {}",
            kw.word("milestone"),
            string(&m.title),
            kw.word("by"),
            m.by.date
        );
    }
    for c in &n.children {
        node(out, doc, draft, c, kw, depth + 1, metrics);
    }
    let _ = writeln!(out, "{pad}}}");
}

/// The node's own text beyond its title and its owner clause, a `note` per paragraph: the
/// planner reviews the draft against the document, and a measure's prose (统筹推进…，加快…)
/// is what `plan render` writes back. Its targets keep their sentence as a comment too.
fn body_notes(doc: &Document, n: &Node) -> Vec<String> {
    let mut cuts = vec![n.title_source.clone()];
    cuts.extend(n.owners.source.clone());
    let mut notes = Vec::new();
    for r in &n.body {
        let mut pieces = vec![r.clone()];
        for cut in &cuts {
            pieces = pieces
                .into_iter()
                .flat_map(|p| {
                    if cut.end <= p.start || cut.start >= p.end {
                        vec![p]
                    } else {
                        vec![p.start..cut.start.max(p.start), cut.end.min(p.end)..p.end]
                    }
                })
                .collect();
        }
        let text: String = pieces.iter().map(|p| doc.slice(p)).collect();
        let text = text
            .trim_matches(|c: char| c.is_whitespace() || "。，；、,;:：".contains(c))
            .to_owned();
        // A clause of a few characters (a stray 等, a bracket) is no prose.
        if text.chars().filter(|c| !c.is_ascii_punctuation()).count() >= 4 {
            notes.push(text);
        }
    }
    notes
}

/// Owners by their registry ids, as an `owner` or `also` line lists them.
fn owner_names(draft: &Draft, ids: &[usize]) -> String {
    let names: Vec<String> = ids
        .iter()
        .filter_map(|&i| draft.owners.get(i))
        .map(|o| name(&o.id))
        .collect();
    names.join(", ")
}

fn target_line(t: &Target, kw: Keywords, metrics: &mut MetricNames, draft: &Draft) -> String {
    let metric = name(&metrics.name_for(t));
    let firmness = match t.firmness {
        Some("力争") => format!("{} ", kw.word("stretch")),
        Some("确保") => format!("{} ", kw.word("firm")),
        _ => String::new(),
    };
    let bound = match t.value_max {
        Some(max) => format!("{}..{max}", t.value),
        None => format!("{} {}", t.cmp, t.value),
    };
    let spec = match t.kind {
        TargetKind::Level => format!("{bound} {}", unit(&t.unit)),
        TargetKind::Growth if t.average => {
            format!("{} {} {bound} %", kw.word("average"), kw.word("growth"))
        }
        TargetKind::Growth => format!("{} {bound} %", kw.word("growth")),
        TargetKind::Change => format!("{} {bound} {}", kw.word("change"), unit(&t.unit)),
    };
    let repeat = match t.repeat {
        Some(Repeat::PerYear) => format!(" {}", kw.word("per year")),
        Some(Repeat::Cumulative) => format!(" {}", kw.word("cumulative")),
        None => String::new(),
    };
    let by =
        t.by.as_ref()
            .map(|b| format!(" {} {}", kw.word("by"), b.date))
            .unwrap_or_default();
    let over = t
        .over
        .as_ref()
        .map(|w| format!(" {} {w}", kw.word("over")))
        .unwrap_or_default();
    let each = match (t.each, draft.each_group.and_then(|i| draft.owners.get(i))) {
        (true, Some(g)) => format!(" {} {}", kw.word("each"), name(&g.id)),
        _ => String::new(),
    };
    format!(
        "{} {firmness}{metric} {spec}{repeat}{over}{by}{each}",
        kw.word("target")
    )
}

#[cfg(test)]
mod tests {
    use super::name;

    /// Every word the grammar reserves (grammar/plan.pest's `keyword`, both languages) is
    /// quoted when a document uses it as a name: the fuzz campaign found an owner named
    /// 争取 (a second spelling of 力争) written bare, and the draft did not parse.
    #[test]
    fn every_reserved_word_of_the_grammar_is_quoted() {
        let grammar = include_str!("../../grammar/plan.pest");
        let rule = |start: &str| {
            let from = grammar.find(start).expect("the rule");
            let body = &grammar[from..];
            body[..body.find("\n}").expect("its end")].to_owned()
        };
        let text = rule("keyword = @{") + &rule("zh_keyword = _{");
        let words: Vec<&str> = text
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| !w.starts_with("\\u"))
            .collect();
        assert!(words.len() > 80, "{words:?}");
        for w in words {
            assert_eq!(name(w), format!("\"{w}\""), "{w}");
        }
    }
}
