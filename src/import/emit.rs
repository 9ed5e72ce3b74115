//! The draft as `.plan` text, in either keyword language (one table says every keyword),
//! then put in the canonical layout by `plan fmt`'s formatter. Every drafted line has the
//! sentence it came from above it (`# 原文：…`); what a reviewer must check is marked
//! `# 待核：…`.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Document, Draft, Node, NodeKind, Repeat, Target, TargetKind};
use crate::units::UnitRegistry;

/// The keywords the draft is written with.
#[derive(Clone, Copy, Debug)]
pub struct Keywords {
    pub plan: &'static str,
    pub issued: &'static str,
    pub period: &'static str,
    pub reference: &'static str,
    pub note: &'static str,
    pub owners: &'static str,
    pub aka: &'static str,
    pub unit: &'static str,
    pub section: &'static str,
    pub measure: &'static str,
    pub owner: &'static str,
    pub target: &'static str,
    pub growth: &'static str,
    pub change: &'static str,
    pub by: &'static str,
    pub cumulative: &'static str,
    pub per_year: &'static str,
    pub milestone: &'static str,
}

/// The English keywords of LANGUAGE.md §2.
pub const EN: Keywords = Keywords {
    plan: "plan",
    issued: "issued",
    period: "period",
    reference: "ref",
    note: "note",
    owners: "owners",
    aka: "aka",
    unit: "unit",
    section: "section",
    measure: "measure",
    owner: "owner",
    target: "target",
    growth: "growth",
    change: "change",
    by: "by",
    cumulative: "cumulative",
    per_year: "per year",
    milestone: "milestone",
};

/// The Chinese keywords of LANGUAGE.md §8.
pub const ZH: Keywords = Keywords {
    plan: "计划",
    issued: "印发",
    period: "期间",
    reference: "文号",
    note: "备注",
    owners: "责任单位名录",
    aka: "又称",
    unit: "计量单位",
    section: "章节",
    measure: "措施",
    owner: "责任单位",
    target: "目标",
    growth: "增长",
    change: "变化",
    by: "截至",
    cumulative: "累计",
    per_year: "每年",
    milestone: "里程碑",
};

/// Every reserved word, English and Chinese: a name equal to one is quoted.
const RESERVED: &[&str] = &[
    "plan",
    "issued",
    "period",
    "issuer",
    "region",
    "status",
    "ref",
    "owners",
    "aka",
    "section",
    "measure",
    "metric",
    "unit",
    "in",
    "part",
    "of",
    "owner",
    "deadline",
    "after",
    "target",
    "growth",
    "change",
    "by",
    "at",
    "baseline",
    "actual",
    "use",
    "cumulative",
    "per",
    "year",
    "quarter",
    "month",
    "note",
    "milestone",
    "计划",
    "印发",
    "期间",
    "发文单位",
    "地区",
    "状态",
    "草案",
    "定稿",
    "文号",
    "责任单位名录",
    "又称",
    "措施",
    "指标",
    "计量单位",
    "单位为",
    "属于",
    "责任单位",
    "时限",
    "前置",
    "目标",
    "章节",
    "增长",
    "变化",
    "截至",
    "于",
    "基数",
    "实际",
    "引用",
    "累计",
    "每年",
    "每季度",
    "每月",
    "备注",
];

/// A name as the language accepts it: bare when it is an identifier and no keyword, else a
/// string.
pub fn name(s: &str) -> String {
    let ident_start = |c: char| c == '_' || c.is_ascii_alphabetic() || is_han(c);
    let ident_continue = |c: char| c == '_' || c.is_ascii_alphanumeric() || is_han(c);
    let mut chars = s.chars();
    let bare = chars.next().is_some_and(ident_start)
        && chars.all(ident_continue)
        && !RESERVED.contains(&s);
    if bare {
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
    let _ = writeln!(out, "{} {} {{", kw.plan, string(&title));
    if let Some(i) = &draft.issued {
        let _ = writeln!(out, "  {} {i}", kw.issued);
    }
    if let Some(p) = &draft.period {
        let _ = writeln!(out, "  {} {p}", kw.period);
    }
    if let Some(r) = &draft.reference {
        let _ = writeln!(out, "  {} {}", kw.reference, string(r));
    }
    for n in &draft.notes {
        let _ = writeln!(out, "  {} {}", kw.note, string(n));
    }
    out.push_str("}\n\n");

    if !draft.owners.is_empty() {
        let _ = writeln!(out, "{} {{", kw.owners);
        for o in &draft.owners {
            let aka = if o.aliases.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = o.aliases.iter().map(|a| string(a)).collect();
                format!(" {} {}", kw.aka, list.join(", "))
            };
            let _ = writeln!(out, "  {}{aka}", name(&o.id));
        }
        out.push_str("}\n\n");
    }

    // Classifiers the prelude does not know are counts: declared as 1 个 each.
    let registry = UnitRegistry::new();
    let mut declared: Vec<String> = Vec::new();
    for n in draft.walk() {
        for t in &n.targets {
            let bare = strip_scale(&t.unit);
            if registry.resolve(&t.unit).is_none() && !declared.iter().any(|d| d == bare) {
                declared.push(bare.to_owned());
            }
        }
    }
    for u in &declared {
        let base = if u == "工作日" { "1 日" } else { "1 个" };
        let _ = writeln!(out, "{} {} = {base}", kw.unit, name(u));
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
        NodeKind::Section => kw.section,
        NodeKind::Measure => kw.measure,
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
        let ids: Vec<String> = n
            .owners
            .ids
            .iter()
            .filter_map(|&i| draft.owners.get(i))
            .map(|o| name(&o.id))
            .collect();
        let _ = writeln!(out, "{inner}{} {}", kw.owner, ids.join(", "));
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
        if let Some(f) = t.firmness {
            if f == "力争" {
                let _ = writeln!(out, "{inner}# 待核：原文为“力争”（预期性目标）");
            }
        }
        let _ = writeln!(out, "{inner}{}", target_line(t, kw, metrics));
    }
    for m in &n.milestones {
        let _ = writeln!(out, "{inner}# 原文：{}", comment(doc.slice(&m.sentence)));
        let _ = writeln!(
            out,
            "{inner}{} {} {} {}",
            kw.milestone,
            string(&m.title),
            kw.by,
            m.by.date
        );
    }
    for c in &n.children {
        node(out, doc, draft, c, kw, depth + 1, metrics);
    }
    let _ = writeln!(out, "{pad}}}");
}

fn target_line(t: &Target, kw: Keywords, metrics: &mut MetricNames) -> String {
    let metric = name(&metrics.name_for(t));
    let bound = match t.value_max {
        Some(max) => format!("{}..{max}", t.value),
        None => format!("{} {}", t.cmp, t.value),
    };
    let spec = match t.kind {
        TargetKind::Level => format!("{bound} {}", t.unit),
        TargetKind::Growth => format!("{} {bound} %", kw.growth),
        TargetKind::Change => format!("{} {bound} {}", kw.change, t.unit),
    };
    let repeat = match t.repeat {
        Some(Repeat::PerYear) => format!(" {}", kw.per_year),
        Some(Repeat::Cumulative) => format!(" {}", kw.cumulative),
        None => String::new(),
    };
    let by =
        t.by.as_ref()
            .map(|b| format!(" {} {}", kw.by, b.date))
            .unwrap_or_default();
    format!("{} {metric} {spec}{repeat}{by}", kw.target)
}
