//! The shape of a plan document: its header (title, 文号, issue date, period), its headings
//! 一、/（一）/1./（1） — also when a paragraph runs several together, as documents pasted
//! from the web do — and lead sentences (提升农业现代化水平。…) that open an unnumbered
//! measure; the 名词解释 glossary; the 回顾 part of a work report whose figures are last
//! year's. Each heading becomes a node, whose sentences targets.rs, deadlines.rs and
//! owners.rs read.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::cn_number::{ascii_digit, parse_cn};
use super::owners::{self, Registry};
use super::targets::{self, Context};
use super::{Baseline, Document, Draft, Node, NodeKind, Owners, Target, TargetKind};

/// The numbering styles of headings, each its own level wherever it appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// 一、
    CnComma,
    /// （一）
    CnParen,
    /// 1. 1． 1、
    Arabic,
    /// （1）
    ArabicParen,
    /// ①
    Circled,
    /// A lead sentence: 提升农业现代化水平。 (no number; every one a sibling of the last)
    Lead,
}

#[derive(Clone, Debug)]
struct Marker {
    style: Style,
    number: u32,
    /// Byte range of the marker in the text.
    range: Range<usize>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid constant pattern")
}

fn marker_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        re(r"(?P<cc>[一二三四五六七八九十]{1,3})、|[（(](?P<cp>[一二三四五六七八九十]{1,3})[）)]|(?P<ad>\d{1,2})(?:[.．、](?:\s*)|\s+)(?P<after>.)|[（(](?P<ap>\d{1,2})[）)]|(?P<ci>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")
    })
}

/// Heading markers in a paragraph: at its start, or right after a sentence ends (。；：
/// or a closing bracket), where a new item begins in run-together text.
fn markers(text: &str, para: &Range<usize>) -> Vec<Marker> {
    let Some(p) = text.get(para.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for caps in marker_pattern().captures_iter(p) {
        let Some(whole) = caps.get(0) else { continue };
        let raw_before = p.get(..whole.start()).unwrap_or("");
        let before = raw_before.trim_end();
        // Text pasted from the web runs headings together, separated by a space only.
        let spaced =
            raw_before.len() > before.len() && !before.ends_with(|c: char| c.is_ascii_digit());
        let at_boundary = before.is_empty()
            || spaced
            || before.ends_with(['。', '！', '？', '；', ';', '：', ':', '）', ')', '」']);
        if !at_boundary {
            continue;
        }
        let (style, number, end) =
            if let Some(m) = caps.name("cc") {
                (Style::CnComma, cn_value(m.as_str()), whole.end())
            } else if let Some(m) = caps.name("cp") {
                (Style::CnParen, cn_value(m.as_str()), whole.end())
            } else if let Some(m) = caps.name("ad") {
                // 1.5%, 2024年: a number, not a heading.
                let after = caps.name("after").map(|a| a.as_str()).unwrap_or("");
                if after.chars().next().is_some_and(|c| {
                    ascii_digit(c).is_some() || "%％年月日万亿个家元.．".contains(c)
                }) {
                    continue;
                }
                let end = caps.name("after").map_or(whole.end(), |a| a.start());
                (Style::Arabic, m.as_str().parse().unwrap_or(0), end)
            } else if let Some(m) = caps.name("ap") {
                (
                    Style::ArabicParen,
                    m.as_str().parse().unwrap_or(0),
                    whole.end(),
                )
            } else if let Some(m) = caps.name("ci") {
                let n = m
                    .as_str()
                    .chars()
                    .next()
                    .map_or(0, |c| c as u32 - '①' as u32 + 1);
                (Style::Circled, n, whole.end())
            } else {
                continue;
            };
        if number == 0 {
            continue;
        }
        out.push(Marker {
            style,
            number,
            range: para.start + whole.start()..para.start + end,
        });
    }
    out
}

fn cn_value(s: &str) -> u32 {
    parse_cn(s)
        .filter(|(_, used)| *used == s.chars().count())
        .and_then(|(v, _)| v.to_string().parse().ok())
        .unwrap_or(0)
}

/// A node while the tree is being built.
#[derive(Debug)]
struct Building {
    style: Style,
    number: u32,
    marker: Range<usize>,
    title: Range<usize>,
    /// Text read for targets: the title sentence and the body.
    text: Vec<Range<usize>>,
    children: Vec<usize>,
    owner_clause: Option<owners::Clause>,
    review: bool,
    /// The paragraph the node's heading is in.
    paragraph: Option<usize>,
    /// Characters of text the node has beyond its title.
    body_chars: usize,
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push(trim_range(text, start..i));
            start = i + 1;
        }
    }
    out.push(trim_range(text, start..text.len()));
    out.retain(|r| !r.is_empty());
    out
}

/// The end of the first sentence of `range` (after its 。), or the end of the range.
fn first_sentence_end(text: &str, range: &Range<usize>) -> usize {
    let s = text.get(range.clone()).unwrap_or("");
    s.find(['。', '！', '？'])
        .map_or(range.end, |i| range.start + i + '。'.len_utf8())
}

/// A heading's title: its first sentence, or its first clause when that sentence is long.
fn title_range(text: &str, from: usize, limit: usize) -> Range<usize> {
    let end = first_sentence_end(text, &(from..limit));
    let s = text.get(from..end).unwrap_or("");
    let mut end = end;
    if s.chars().count() > 40 {
        if let Some(i) = s.find(['，', ',', '；']) {
            end = from + i;
        }
    }
    let r = trim_range(text, from..end);
    let t = text.get(r.clone()).unwrap_or("");
    r.start..r.start + t.trim_end_matches(['。', '！', '？']).len()
}

fn is_lead_sentence(text: &str, para: &Range<usize>) -> Option<Range<usize>> {
    let end = first_sentence_end(text, para);
    if end >= para.end {
        return None;
    }
    let s = text.get(para.start..end).unwrap_or("");
    let n = s.chars().count();
    let plain = !s.contains(['，', ',', '：', ':', '；', '（', '(']);
    (plain && (4..=26).contains(&n) && !s.chars().any(|c| c.is_ascii_digit()))
        .then(|| para.start..end - '。'.len_utf8())
}

const REVIEW_WORDS: &[&str] = &[
    "执行情况",
    "完成情况",
    "回顾",
    "工作总结",
    "主要成效",
    "取得成效",
    "过去一年",
    "基本情况",
];

/// Draft the plan of a document.
pub fn draft(doc: &Document) -> Draft {
    let text = doc.text.as_str();
    let mut paras = paragraphs(text);
    let mut draft = Draft::default();
    let mut glossary: Vec<Range<usize>> = Vec::new();
    // 名词解释: the glossary closes the document; its entries are the plan's notes.
    if let Some(i) = paras.iter().position(|p| {
        let s = text
            .get(p.clone())
            .unwrap_or("")
            .trim_end_matches([':', '：']);
        s == "名词解释" || s == "名词解析" || s == "附：名词解释"
    }) {
        for p in paras.get(i + 1..).unwrap_or(&[]) {
            draft.notes.push(doc.slice(p).to_owned());
            glossary.push(p.clone());
        }
        paras.truncate(i);
    }

    let mut nodes: Vec<Building> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut header_end: Option<usize> = None;
    let mut clause_ranges: Vec<Range<usize>> = Vec::new();
    // A table copied one cell per line (序号 | 任务 | 责任单位): a line holding only the
    // row's number numbers the line after it, as "1." would.
    let mut row: Option<Marker> = None;
    let mut row_node: Option<usize> = None;
    for (pi, para) in paras.iter().enumerate() {
        let cell = text.get(para.clone()).unwrap_or("");
        if (1..=3).contains(&cell.len()) && cell.chars().all(|c| c.is_ascii_digit()) {
            row = Some(Marker {
                style: Style::Arabic,
                number: cell.parse().unwrap_or(0),
                range: para.clone(),
            });
            continue;
        }
        let mut ms = markers(text, para);
        // 附件：1.重点指标清单 2.重大政策清单 in the notice names the annexes: no headings.
        if header_end.is_none() && is_annex_heading(cell) {
            ms.clear();
        }
        let mut row_here = false;
        if let Some(r) = row.take() {
            if ms.first().is_none_or(|m| m.range.start > para.start) {
                ms.insert(0, r);
                row_here = true;
            }
        }
        let mut cursor = para.start;
        let mut accepted_any = false;
        // The runs of this paragraph and the node each belongs to.
        let mut segs: Vec<(usize, Range<usize>)> = Vec::new();
        for m in ms.iter() {
            // A row number stands in the line before: the title starts this line.
            let from_row = m.range.end <= para.start;
            if (m.range.start < cursor && !from_row) || m.number == 0 || !accept(&nodes, &stack, m)
            {
                continue;
            }
            let m = &Marker {
                style: m.style,
                number: m.number,
                range: if from_row {
                    para.start..para.start
                } else {
                    m.range.clone()
                },
            };
            // Text before the marker belongs to the current node (or the header).
            if let Some(&cur) = stack.last() {
                segs.push((cur, cursor..m.range.start));
            }
            if header_end.is_none() {
                header_end = Some(m.range.start);
            }
            let limit = next_marker_start(&ms, m, para.end);
            let title = title_range(text, m.range.end, limit);
            let idx = push_node(
                &mut nodes,
                &mut roots,
                &mut stack,
                m.style,
                m.number,
                m.range.clone(),
                title.clone(),
            );
            if let Some(n) = nodes.get_mut(idx) {
                n.text.push(m.range.end..title.end);
                n.paragraph = Some(pi);
                // 一、扩大有效投资政策(由县发改局牵头实施): a heading may name its owners.
                if let Some(c) = owners::find(text.get(title.clone()).unwrap_or("")) {
                    let range = title.start + c.range.start..title.start + c.range.end;
                    clause_ranges.push(range.clone());
                    n.owner_clause = Some(owners::Clause { range, ..c });
                }
            }
            if row_here {
                row_node = Some(idx);
            }
            accepted_any = true;
            cursor = title.end;
        }
        if !accepted_any && !stack.is_empty() {
            if let Some(lead) = is_lead_sentence(text, para) {
                let idx = push_node(
                    &mut nodes,
                    &mut roots,
                    &mut stack,
                    Style::Lead,
                    0,
                    para.start..para.start,
                    lead.clone(),
                );
                if let Some(n) = nodes.get_mut(idx) {
                    n.paragraph = Some(pi);
                }
                cursor = lead.end;
            }
        }
        if let Some(&cur) = stack.last() {
            segs.push((cur, cursor..para.end));
        }
        for (node, range) in segs {
            let seg = text.get(range.clone()).unwrap_or("");
            if !seg.trim().is_empty() {
                if let Some(n) = nodes.get_mut(node) {
                    n.text.push(range.clone());
                    n.body_chars += seg.trim().chars().count();
                }
            }
            // In a table row, the cell after the task names its unit (发改局).
            let row_cell = || {
                let owned = nodes.get(node).is_some_and(|n| n.owner_clause.is_none());
                let after_title = nodes.get(node).and_then(|n| n.paragraph) == pi.checked_sub(1);
                (row_node == Some(node) && owned && after_title)
                    .then(|| owners::cell(seg))
                    .flatten()
            };
            let Some(clause) = owners::find(seg).or_else(row_cell) else {
                continue;
            };
            let clause = owners::Clause {
                range: range.start + clause.range.start..range.start + clause.range.end,
                ..clause
            };
            clause_ranges.push(clause.range.clone());
            // An owner clause closing inline sub-items ((1)…(4)…（责任单位：…）) is their
            // parent's, when the parent opened this paragraph with text of its own.
            let parent = parent_of(&nodes, &roots, node);
            let owner = match parent.and_then(|p| nodes.get(p).map(|n| (p, n))) {
                Some((p, pn))
                    if pn.paragraph == Some(pi)
                        && pn.body_chars > 0
                        && pn.owner_clause.is_none() =>
                {
                    p
                }
                _ => node,
            };
            if let Some(n) = nodes.get_mut(owner) {
                n.owner_clause = Some(clause);
            }
        }
    }

    let header_end = header_end.unwrap_or(text.len());
    header(doc, &paras, header_end, &mut draft);
    let period_year = period_years(draft.period.as_deref());
    let issued_year: Option<i32> = draft
        .issued
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let plan_year = match (period_year, issued_year) {
        (Some((a, b)), Some(i)) if (a..=b).contains(&i) => Some(i),
        (Some((a, _)), _) => Some(a),
        (None, i) => i,
    };
    let part_year = draft
        .period
        .as_deref()
        .filter(|p| p.len() > 4 && !p.contains(".."))
        .and(plan_year);
    let ctx = Context {
        plan_year,
        first_year: period_year.map(|(a, _)| a).or(issued_year),
        part_year,
    };

    // The review part of a work report: last year's figures, not this plan's targets.
    let mut review: HashSet<usize> = HashSet::new();
    for &r in &roots {
        if let Some(n) = nodes.get(r) {
            let t = doc.slice(&n.title);
            let old_year = year_in(t).is_some_and(|y| ctx.first_year.is_some_and(|f| y < f));
            if REVIEW_WORDS.iter().any(|w| t.contains(w)) || old_year {
                mark(&nodes, r, &mut review);
            }
        }
    }
    for i in review.iter() {
        if let Some(n) = nodes.get_mut(*i) {
            n.review = true;
        }
    }

    let mut registry = Registry::default();
    let mut carry = Carry::default();
    let mut past: Vec<Target> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut out_nodes = Vec::new();
    for &r in &roots {
        if let Some(n) = build(
            doc,
            &nodes,
            r,
            ctx,
            &mut registry,
            &mut carry,
            &mut used_ids,
            &clause_ranges,
            false,
            &mut past,
        ) {
            out_nodes.push(n);
        }
    }
    attach_glossary(doc, &mut out_nodes, &glossary, ctx);
    if let Some(year) = ctx.first_year.map(|y| y - 1) {
        attach_baselines(&mut out_nodes, &past, year);
    }
    draft.also = carry.ids;
    draft.also_source = carry.source;
    // `each` targets need the group they are each member's: the county group the text
    // names, else one of that name (每个县(市、区) speaks of the counties).
    fn has_each(nodes: &[Node]) -> bool {
        nodes
            .iter()
            .any(|n| n.targets.iter().any(|t| t.each) || has_each(&n.children))
    }
    if has_each(&out_nodes) {
        let named = registry
            .entries
            .iter()
            .position(|e| e.group && e.id.starts_with("各县"));
        draft.each_group = Some(named.unwrap_or_else(|| registry.register("各县（市、区）", None)));
    }
    if review.iter().any(|&i| roots.contains(&i)) {
        draft
            .doubts
            .push("回顾部分（上年执行情况）的数字是实际值而非目标，未起草为目标".to_owned());
    }
    draft.nodes = out_nodes;
    draft.owners = registry.entries;
    draft
}

/// A paragraph that opens an annex or lists the annexes: 附件, 附件2, 附件：1.重点指标清单.
fn is_annex_heading(p: &str) -> bool {
    let Some(rest) = p.trim().strip_prefix("附件") else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    rest.is_empty() || rest.starts_with(['：', ':'])
}

/// A glossary entry that spells out a coded target (〔26〕“2+2+8+9+10”任务目标：指引进
/// 50亿元以上项目2个、30亿元以上项目2个…) gives its figures to the measure that names the
/// code (围绕“2+2+8+9+10”年度招商目标任务): the measure's targets are written there.
fn attach_glossary(doc: &Document, nodes: &mut [Node], glossary: &[Range<usize>], ctx: Context) {
    static TERM: OnceLock<Regex> = OnceLock::new();
    let term =
        TERM.get_or_init(|| re(r"^\s*(?:[〔\[［(（]\s*\d+\s*[〕\]］)）])?\s*(“[^”]{1,24}”)"));
    let text = doc.text.as_str();
    for entry in glossary {
        let s = text.get(entry.clone()).unwrap_or("");
        let Some(quoted) = term.captures(s).and_then(|c| c.get(1)) else {
            continue;
        };
        // The definition: after the first colon that follows the term.
        let Some(colon) = s
            .get(quoted.end()..)
            .and_then(|r| r.find(['：', ':']))
            .map(|i| quoted.end() + i)
        else {
            continue;
        };
        // Only a target's code (任务目标, 目标任务); a code for a way of working
        // (“1131”帮扶措施：为每人提供…) describes a service, not a figure to reach.
        let head = s.get(quoted.end()..colon).unwrap_or("");
        if !head.contains("目标") {
            continue;
        }
        let Some(node) = naming_node(text, nodes, quoted.as_str()) else {
            continue;
        };
        let from = entry.start + colon;
        for sentence in sentences(text, &(from..entry.end)) {
            let (found, _) = targets::read_sentence(text, sentence, ctx);
            node.targets.extend(found);
        }
    }
}

/// The first node, in source order and deepest first, whose own text holds `quoted`.
fn naming_node<'a>(text: &str, nodes: &'a mut [Node], quoted: &str) -> Option<&'a mut Node> {
    for n in nodes.iter_mut() {
        let holds = n
            .body
            .iter()
            .any(|r| text.get(r.clone()).is_some_and(|b| b.contains(quoted)));
        if n.children.iter().any(|c| holds_term(text, c, quoted)) {
            return naming_node(text, &mut n.children, quoted);
        }
        if holds {
            return Some(n);
        }
    }
    None
}

fn holds_term(text: &str, n: &Node, quoted: &str) -> bool {
    n.body
        .iter()
        .any(|r| text.get(r.clone()).is_some_and(|b| b.contains(quoted)))
        || n.children.iter().any(|c| holds_term(text, c, quoted))
}

fn parent_of(nodes: &[Building], roots: &[usize], child: usize) -> Option<usize> {
    if roots.contains(&child) {
        return None;
    }
    // Parents come before their children: search backwards from the child.
    (0..child)
        .rev()
        .find(|&p| nodes.get(p).is_some_and(|n| n.children.contains(&child)))
}

/// Give each level or change target the review part's figure of the same metric, as its
/// baseline: 实现规上工业总产值259亿元 (2024) under 确保规上工业总产值达到350亿元 (2025).
/// The same metric is the same name, or names sharing all but one or two characters of
/// the shorter one, in the same dimension.
fn attach_baselines(nodes: &mut [Node], past: &[Target], year: i32) {
    let registry = crate::units::UnitRegistry::new();
    let dimension = |unit: &str| registry.resolve(unit).map(|u| u.dimension.to_string());
    for n in nodes.iter_mut() {
        for t in n.targets.iter_mut() {
            if t.kind != TargetKind::Level || t.each || t.value_max.is_some() || t.repeat.is_some()
            {
                continue;
            }
            let Some(dim) = dimension(&t.unit) else {
                continue;
            };
            let hit = past
                .iter()
                .filter(|p| dimension(&p.unit).as_deref() == Some(dim.as_str()))
                .find(|p| same_metric(&p.metric, &t.metric));
            if let Some(p) = hit {
                t.baseline = Some(Baseline {
                    value: p.value,
                    unit: p.unit.clone(),
                    year,
                    sentence: p.sentence.clone(),
                });
            }
        }
        attach_baselines(&mut n.children, past, year);
    }
}

/// Whether two metric names name one thing: equal, or one holding the other when the
/// shorter has at least four characters (规上工业总产值 / 全区规上工业总产值).
fn same_metric(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    a == b || (short.chars().count() >= 4 && long.contains(short))
}

/// The units of the carry-forward clause (以下均需……落实，不再列出) and where it stands.
#[derive(Default)]
struct Carry {
    ids: Vec<usize>,
    source: Option<Range<usize>>,
}

fn mark(nodes: &[Building], i: usize, set: &mut HashSet<usize>) {
    set.insert(i);
    if let Some(n) = nodes.get(i) {
        for &c in &n.children {
            mark(nodes, c, set);
        }
    }
}

fn year_in(s: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let y = RE.get_or_init(|| re(r"(20\d\d)\s*年"));
    y.captures(s)?.get(1)?.as_str().parse().ok()
}

fn next_marker_start(ms: &[Marker], m: &Marker, para_end: usize) -> usize {
    ms.iter()
        .map(|x| x.range.start)
        .find(|&s| s > m.range.start)
        .unwrap_or(para_end)
}

/// Whether a marker continues the numbering where it stands: the next number of a style
/// already open (closing what is nested below it), or 1 of a new, deeper style.
fn accept(nodes: &[Building], stack: &[usize], m: &Marker) -> bool {
    let open = stack
        .iter()
        .rposition(|&i| nodes.get(i).is_some_and(|n| n.style == m.style));
    match open.and_then(|p| stack.get(p)).and_then(|&i| nodes.get(i)) {
        Some(n) => m.number == n.number + 1,
        None => {
            // Numbers that run on across chapters (一、1. 2. 3. 二、4. 5.) continue the
            // last number of their style.
            let last = nodes
                .iter()
                .rev()
                .find(|n| n.style == m.style)
                .map_or(0, |n| n.number);
            m.number == 1 || m.number == last + 1
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_node(
    nodes: &mut Vec<Building>,
    roots: &mut Vec<usize>,
    stack: &mut Vec<usize>,
    style: Style,
    number: u32,
    marker: Range<usize>,
    title: Range<usize>,
) -> usize {
    if let Some(p) = stack
        .iter()
        .rposition(|&i| nodes.get(i).is_some_and(|n| n.style == style))
    {
        stack.truncate(p);
    }
    let idx = nodes.len();
    nodes.push(Building {
        style,
        number,
        marker,
        title,
        text: Vec::new(),
        children: Vec::new(),
        owner_clause: None,
        review: false,
        paragraph: None,
        body_chars: 0,
    });
    match stack.last().copied() {
        Some(parent) => {
            if let Some(p) = nodes.get_mut(parent) {
                p.children.push(idx);
            }
        }
        None => roots.push(idx),
    }
    stack.push(idx);
    idx
}

fn period_years(period: Option<&str>) -> Option<(i32, i32)> {
    let p = period?;
    let year = |s: &str| s.get(..4).and_then(|y| y.parse::<i32>().ok());
    match p.split_once("..") {
        Some((a, b)) => Some((year(a)?, year(b)?)),
        None => year(p).map(|y| (y, y)),
    }
}

/// Sentences of a range: split after 。！？ (and at line ends).
fn sentences(text: &str, range: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let s = text.get(range.clone()).unwrap_or("");
    for (i, c) in s.char_indices() {
        if matches!(c, '。' | '！' | '？' | '\n') {
            let end = range.start + i + c.len_utf8();
            out.push(start..end);
            start = end;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out.retain(|r| text.get(r.clone()).is_some_and(|s| !s.trim().is_empty()));
    out
}

/// An identifier from a title: its first phrase, letters and digits only.
fn node_id(title: &str, used: &mut HashSet<String>) -> String {
    let phrase = title
        .split([
            '，', ',', '。', '、', '：', ':', '；', '（', '(', '“', '”', '《', '》', ' ',
        ])
        .find(|s| !s.trim().is_empty())
        .unwrap_or("");
    let mut id: String = phrase
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit())
        .take(12)
        .collect();
    if id.chars().count() < 2 {
        id = "措施".to_owned();
    }
    let mut candidate = id.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

#[allow(clippy::too_many_arguments)]
fn build(
    doc: &Document,
    nodes: &[Building],
    i: usize,
    ctx: Context,
    registry: &mut Registry,
    carry: &mut Carry,
    used: &mut HashSet<String>,
    clauses: &[Range<usize>],
    in_review: bool,
    past: &mut Vec<Target>,
) -> Option<Node> {
    let b = nodes.get(i)?;
    let text = doc.text.as_str();
    let review = in_review || b.review;
    let mut owner_ids = Vec::new();
    let mut owner_source = None;
    let mut leads = 0;
    if let Some(clause) = &b.owner_clause {
        let first = clause.names.first().cloned();
        for (k, name) in clause.names.iter().enumerate() {
            let id = registry.register(name, first.as_deref());
            if !owner_ids.contains(&id) {
                owner_ids.push(id);
                if k < clause.leads {
                    leads += 1;
                }
            }
        }
        // The carried units are the plan's `also` line, not this measure's own.
        for name in &clause.carry {
            let id = registry.register(name, None);
            if !carry.ids.contains(&id) {
                carry.ids.push(id);
            }
            carry.source.get_or_insert(clause.range.clone());
        }
        owner_source = Some(clause.range.clone());
    }
    let mut targets = Vec::new();
    let mut milestones = Vec::new();
    if !review {
        for r in &b.text {
            for s in sentences(text, r) {
                if let Some(c) = clauses.iter().find(|c| c.start < s.end && s.start < c.end) {
                    // Figures inside an owner clause are not targets; the text before it in
                    // the same sentence still is.
                    if c.start <= s.start {
                        continue;
                    }
                    let (t, m) = targets::read_sentence(text, s.start..c.start, ctx);
                    targets.extend(t);
                    milestones.extend(m);
                    continue;
                }
                let (t, m) = targets::read_sentence(text, s, ctx);
                targets.extend(t);
                milestones.extend(m);
            }
        }
    } else {
        // Last year's figures: read as if they were targets (no year is "past" here), kept
        // as the baselines of this year's targets of the same metric.
        let then = Context {
            first_year: None,
            ..ctx
        };
        for r in &b.text {
            for s in sentences(text, r) {
                past.extend(
                    targets::read_sentence(text, s, then)
                        .0
                        .into_iter()
                        .filter(|t| t.kind == TargetKind::Level && t.value_max.is_none()),
                );
            }
        }
    }
    let marker = doc.slice(&b.marker);
    let title_text = format!("{}{}", marker.trim(), doc.slice(&b.title));
    let id = node_id(doc.slice(&b.title), used);
    let mut children = Vec::new();
    for &c in &b.children {
        if let Some(n) = build(
            doc, nodes, c, ctx, registry, carry, used, clauses, review, past,
        ) {
            children.push(n);
        }
    }
    let kind = if children.is_empty() || !targets.is_empty() || !milestones.is_empty() {
        NodeKind::Measure
    } else {
        NodeKind::Section
    };
    Some(Node {
        kind,
        id,
        title: title_text,
        title_source: b.marker.start.min(b.title.start)..b.title.end,
        owners: Owners {
            ids: owner_ids,
            leads,
            source: owner_source,
            doubt: None,
        },
        targets,
        milestones,
        children,
        body: b.text.clone(),
    })
}

/// Title, 文号, issue date and period, from the text before the first heading (and the
/// date that closes the document).
fn header(doc: &Document, paras: &[Range<usize>], header_end: usize, draft: &mut Draft) {
    let text = doc.text.as_str();
    let head = text.get(..header_end).unwrap_or("");
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let quoted =
        QUOTED.get_or_init(|| re(r"《([^《》]{4,80})》[^。]{0,30}(?:印发|同意|通知|发布)"));
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = DATE.get_or_init(|| re(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"));
    static REF: OnceLock<Regex> = OnceLock::new();
    let reference =
        REF.get_or_init(|| re(r"^[\p{Han}]{1,12}[〔\[［(（]20\d\d[〕\]］)）]\s*\d{1,4}\s*号$"));

    let head_paras: Vec<&Range<usize>> = paras.iter().filter(|p| p.start < header_end).collect();
    // Title: the document named in its own notice, else the first title-like lines.
    if let Some(c) = quoted.captures(head).and_then(|c| c.get(1)) {
        draft.title = Some(c.as_str().to_owned());
    } else {
        const TITLE_WORDS: &[&str] = &[
            "方案", "措施", "意见", "计划", "规划", "报告", "通知", "要点", "办法", "决定", "纲要",
        ];
        let short = |p: &Range<usize>| {
            let s = doc.slice(p);
            s.chars().count() <= 40 && !s.contains(['。', '：', ':']) && date.find(s).is_none()
        };
        for (k, p) in head_paras.iter().enumerate() {
            let s = doc.slice(p).trim();
            if short(p) && TITLE_WORDS.iter().any(|w| s.contains(w)) {
                let mut title = s.to_owned();
                if let Some(prev) = k.checked_sub(1).and_then(|j| head_paras.get(j)) {
                    let ps = doc.slice(prev).trim();
                    if short(prev) && (ps.starts_with("关于") || year_in(ps).is_some()) {
                        title = format!("{ps}{title}");
                    }
                }
                draft.title = Some(title);
                break;
            }
        }
    }
    // 文号: a line of its own in the header.
    for p in &head_paras {
        let s = doc.slice(p).trim();
        if reference.is_match(s) {
            draft.reference = Some(s.to_owned());
            break;
        }
    }
    // Issue date: a date standing alone in the header, else 成文日期, else the date that
    // closes the document (after the issuing body's name).
    let standalone = |r: &Range<usize>| -> Option<(String, Range<usize>)> {
        let s = doc.slice(r);
        for c in date.captures_iter(s) {
            let whole = c.get(0)?;
            let before = s.get(..whole.start()).unwrap_or("").trim_end();
            let after = s.get(whole.end()..).unwrap_or("").trim_start();
            let alone_before = before.is_empty()
                || before.ends_with(['。', '）', ')'])
                || before.ends_with("成文日期：")
                || before.ends_with("成文日期:");
            let alone_after = after.is_empty() || after.starts_with(['（', '(']);
            if alone_before && alone_after {
                let (y, m, d) = (c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str());
                let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
                let y: i32 = y.parse().ok()?;
                chrono::NaiveDate::from_ymd_opt(y, m, d)?;
                return Some((
                    format!("{y}-{m:02}-{d:02}"),
                    r.start + whole.start()..r.start + whole.end(),
                ));
            }
        }
        None
    };
    let found = head_paras
        .iter()
        .find_map(|p| standalone(p))
        .or_else(|| {
            paras
                .iter()
                .filter(|p| doc.slice(p).contains("成文日期"))
                .find_map(standalone)
        })
        .or_else(|| {
            // The signature closes the body; an annex (附件 and its 任务分工表) may follow
            // it: the date is among the last paragraphs before the annex.
            let annex = paras
                .iter()
                .position(|p| p.start >= header_end && is_annex_heading(doc.slice(p)))
                .unwrap_or(paras.len());
            paras
                .get(..annex)
                .unwrap_or(&[])
                .iter()
                .rev()
                .take(4)
                .find_map(standalone)
        })
        .or_else(|| paras.iter().rev().take(4).find_map(standalone));
    if let Some((d, r)) = found {
        draft.issued = Some(d);
        draft.issued_source = Some(r);
    }
    // Period: the years of the title (2021-2023年, 2024年一季度, 2024年下半年, 2025年).
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    let period = PERIOD.get_or_init(|| {
        re(r"(?P<a>20\d\d)\s*(?:年)?\s*[-—–～~至到]\s*(?P<b>20\d\d)\s*年|(?P<y>20\d\d)\s*年\s*(?:第)?(?P<part>[一二三四]季度|上半年|下半年)?")
    });
    let title = draft.title.clone().unwrap_or_default();
    let mut best: Option<String> = None;
    for c in period.captures_iter(&title) {
        if let (Some(a), Some(b)) = (c.name("a"), c.name("b")) {
            best = Some(format!("{}..{}", a.as_str(), b.as_str()));
        } else if let Some(y) = c.name("y") {
            let part = match c.name("part").map(|p| p.as_str()) {
                Some(p) if p.contains("季度") => {
                    let q = p
                        .chars()
                        .next()
                        .and_then(super::cn_number::cn_digit)
                        .unwrap_or(1);
                    format!("-Q{q}")
                }
                Some("上半年") => "-H1".to_owned(),
                Some("下半年") => "-H2".to_owned(),
                _ => String::new(),
            };
            best = Some(format!("{}{part}", y.as_str()));
        }
    }
    draft.period = best.or_else(|| {
        draft
            .issued
            .as_deref()
            .and_then(|d| d.get(..4))
            .map(|y| y.to_owned())
    });
    if draft.period.is_none() {
        draft.doubts.push("未找到计划期，请补写 period".to_owned());
    }
}
