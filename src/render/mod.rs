//! Publishing from the plan: the official document (GB/T 9704-2012 layout, as .docx and as
//! print HTML) and a report page for the people who follow the plan.
//!
//! [`Document`] is the plan written back as the office writes it — headings numbered as text
//! (一、 （一） 1. （1）), every target a sentence in the documents' own wording (`wording`:
//! 以上 / 以内 / 左右, 增长, 提高…个百分点, 确保 / 力争, 年均增长, 各…均), deadlines as 6月底前 /
//! 年底前 / 一季度, owners by role (`owners`: （责任单位：…）, （A牵头，B配合）,
//! （…按职责分工负责）), numbers as the plan wrote them (`written`), the glossary from the
//! header notes and the annex 任务分工表. `docx` and `html` only lay it out; `report` reads
//! the checked plans for the report page.
//!
//! The document is Chinese whatever the language of messages: it is the text the office
//! publishes, so its fixed words live here, not in the message catalogs.

pub mod docx;
pub mod html;
pub mod owners;
pub mod report;
pub mod wording;
pub mod written;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::{Model, NodeId};
use crate::syntax::ast::NodeKind;

use owners::Responsible;
use wording::{when_phrase, Context};
use written::Written;

/// The plan as an official document, ready to lay out.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub title: String,
    /// 发文字号 (`ref`), such as 豫政办〔2024〕37号.
    pub reference: Option<String>,
    /// 发文机关署名: the issuer's full name.
    pub issuer: Option<String>,
    /// 成文日期 in Arabic numerals: 2025年3月26日.
    pub issued: Option<String>,
    /// Plan-wide clauses (header notes that are not glossary entries), before the body.
    pub preamble: Vec<String>,
    pub body: Vec<Block>,
    /// 名词解释: (term, explanation).
    pub glossary: Vec<(String, String)>,
    /// 任务分工表: one row per measure.
    pub annex: Vec<AnnexRow>,
}

/// One paragraph of the body: a numbered lead (a heading, or a measure's lead phrase) in
/// the font of its level, then running text in 仿宋.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub level: Level,
    /// The lead with its number written as text: `（一）更好融入区域协调发展格局`.
    pub lead: String,
    /// The sentences after the lead (empty for a heading of its own).
    pub text: String,
}

/// The four heading levels of GB/T 9704 §7.3.3: 一、 in 黑体, （一） in 楷体, 1. and （1）
/// in 仿宋.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    One,
    Two,
    Three,
    Four,
}

impl Level {
    fn deeper(self) -> Level {
        match self {
            Level::One => Level::Two,
            Level::Two => Level::Three,
            Level::Three | Level::Four => Level::Four,
        }
    }

    /// The number as the documents write it: 一、 （一） 1. （1）.
    fn mark(self, n: usize) -> String {
        match self {
            Level::One => format!("{}、", chinese_numeral(n)),
            Level::Two => format!("（{}）", chinese_numeral(n)),
            Level::Three => format!("{n}."),
            Level::Four => format!("（{n}）"),
        }
    }
}

/// A row of the annex 任务分工表.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnexRow {
    pub task: String,
    pub targets: String,
    pub lead: String,
    pub support: String,
    pub deadline: String,
}

/// The columns of the annex, in order.
pub const ANNEX_COLUMNS: [&str; 6] = ["序号", "任务", "目标", "牵头单位", "配合单位", "完成时限"];
/// The annex's label and title.
pub const ANNEX_LABEL: &str = "附件";
pub const ANNEX_TITLE: &str = "任务分工表";
pub const GLOSSARY_TITLE: &str = "名词解释";

/// Fonts: what the document names (the fonts of GB/T 9704 as Chinese offices have them),
/// and what stands in where they are missing (Debian's free CJK fonts; Fandol first where
/// a TeX installation brings it).
pub mod fonts {
    /// 方正小标宋简体: the title.
    pub const TITLE: &str = "方正小标宋简体";
    pub const FANG: &str = "仿宋_GB2312";
    pub const KAI: &str = "楷体_GB2312";
    pub const HEI: &str = "黑体";
    pub const SONG: &str = "宋体";
    /// Stand-ins, best first, for each font above (the CSS lists and docs/render/fonts.conf).
    pub const TITLE_FALLBACK: &[&str] = &[
        "小标宋",
        "FZXiaoBiaoSong-B05S",
        "FandolSong",
        "Noto Serif CJK SC",
    ];
    pub const FANG_FALLBACK: &[&str] = &["仿宋", "FangSong", "FandolFang", "Noto Serif CJK SC"];
    pub const KAI_FALLBACK: &[&str] = &["楷体", "KaiTi", "FandolKai", "AR PL UKai CN"];
    pub const HEI_FALLBACK: &[&str] = &["SimHei", "FandolHei", "Noto Sans CJK SC"];
    pub const SONG_FALLBACK: &[&str] = &["SimSun", "FandolSong", "Noto Serif CJK SC"];
}

/// The document of a resolved plan (one without errors: the caller refuses the others).
pub fn document(model: &Model) -> Document {
    let header = model.header.as_ref();
    let home_year = model
        .period()
        .map(|p| p.start.year())
        .or_else(|| model.issued().map(|d| d.year()));
    let mut preamble = Vec::new();
    let mut glossary = Vec::new();
    let notes = header.map(|h| h.notes.as_slice()).unwrap_or_default();
    for note in notes {
        match glossary_entry(note) {
            Some(entry) => glossary.push(entry),
            None => preamble.push(note.clone()),
        }
    }
    // The header's `also` is the documents' plan-wide clause: said once, before the body,
    // unless a note of the header already says it.
    let carried: Vec<String> = header
        .map(|h| h.also.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|&r| model.owner_refs.get(r)?.resolved)
        .filter_map(|o| model.owners.get(o))
        .map(|o| o.id.clone())
        .collect();
    if !carried.is_empty() && !notes.iter().any(|n| n.contains("不再列出")) {
        preamble.push(carry_clause(&carried));
    }
    let issuer = header
        .and_then(|h| h.issuer)
        .and_then(|r| model.owner_refs.get(r))
        .and_then(|r| r.resolved)
        .and_then(|o| model.owners.get(o))
        .map(|o| o.name.clone().unwrap_or_else(|| o.id.clone()));
    let written = Written::new(model);
    let words = Context {
        model,
        written: &written,
        period: model.period(),
        home_year,
    };
    let writer = Writer {
        model,
        written: &written,
        words: &words,
        home_year,
    };
    let (body, annex) = writer.body();
    let doc = Document {
        title: header.map(|h| h.title.clone()).unwrap_or_default(),
        reference: header.and_then(|h| h.reference.clone()),
        issuer,
        issued: model.issued().map(full_date),
        preamble,
        body,
        glossary,
        annex,
    };
    full_width_document(doc)
}

/// Every text of the document in full-width punctuation.
fn full_width_document(mut doc: Document) -> Document {
    let fw = |s: &mut String| *s = full_width(s);
    fw(&mut doc.title);
    doc.preamble.iter_mut().for_each(fw);
    for b in &mut doc.body {
        fw(&mut b.lead);
        fw(&mut b.text);
    }
    for (term, meaning) in &mut doc.glossary {
        fw(term);
        fw(meaning);
    }
    for r in &mut doc.annex {
        for cell in [&mut r.task, &mut r.targets, &mut r.lead, &mut r.support] {
            fw(cell);
        }
    }
    doc
}

/// Chinese text takes full-width punctuation (GB/T 15834): plans typed on an English
/// keyboard write `,` `;` `:` `(` `)`, which a published document must not show. A comma or
/// colon between digits (`1,450`, `10:30`) and the full stop are left as they are.
pub fn full_width(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let digit_at = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_digit())
        };
        let between_digits = digit_at(i.checked_sub(1)) && digit_at(Some(i + 1));
        out.push(match c {
            ',' if !between_digits => '，',
            ':' if !between_digits => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '?' => '？',
            '!' => '！',
            c => c,
        });
    }
    out
}

/// 以下各项工作均需A、B落实，不再列出。
fn carry_clause(units: &[String]) -> String {
    format!("以下各项工作均需{}落实，不再列出。", units.join("、"))
}

/// What a document says before its body, not what it explains: 主送 (the addressees), a
/// covering notice. `TERM: …` notes with these terms are paragraphs, not glossary entries.
const NOT_TERMS: [&str; 6] = ["主送", "抄送", "印发通知", "附件", "联系人", "说明"];

/// `两新: 指大规模设备更新…` is a glossary entry: a short term (no sentence or list
/// punctuation, no bracketed remark in it), a colon, then its explanation. A clause such as
/// `以下均需…落实,不再列出`, a numbered paragraph `二、…情况:…`, an addressee line
/// `主送:…` or an annotated paragraph `全局条款(…):…` is not.
fn glossary_entry(note: &str) -> Option<(String, String)> {
    let (term, rest) = note.split_once([':', '：'])?;
    let (term, rest) = (term.trim(), rest.trim());
    let plain = !term.contains(['，', ',', '。', ';', '；', '、', '(', '（', '[', '【']);
    (plain
        && !NOT_TERMS.contains(&term)
        && !term.is_empty()
        && !rest.is_empty()
        && term.chars().count() <= 24)
        .then(|| (term.to_string(), rest.to_string()))
}

struct Writer<'a> {
    model: &'a Model,
    written: &'a Written<'a>,
    words: &'a Context<'a>,
    home_year: Option<i32>,
}

impl Writer<'_> {
    /// The body and the annex rows, walking the nodes in source order (parents come first).
    fn body(&self) -> (Vec<Block>, Vec<AnnexRow>) {
        let model = self.model;
        let mut levels: Vec<Level> = Vec::with_capacity(model.nodes.len());
        // Generated numbers count per parent and level; `None` is the top.
        let mut counters: std::collections::HashMap<(Option<NodeId>, Level), usize> =
            std::collections::HashMap::new();
        let mut body = Vec::new();
        let mut annex = Vec::new();
        for (id, node) in model.nodes.iter().enumerate() {
            let parent_level = node.parent.and_then(|p| levels.get(p).copied());
            let title = node.title.clone().unwrap_or_else(|| node.id.clone());
            // Siblings count together, numbered in the title or not: a measure after
            // sections 一、 and 二、 is 三、.
            let (level, lead) = match split_mark(&title) {
                Some((level, mark, rest)) => {
                    *counters.entry((node.parent, level)).or_insert(0) += 1;
                    (level, format!("{mark}{rest}"))
                }
                None => {
                    let level = parent_level.map_or(Level::One, Level::deeper);
                    let n = counters.entry((node.parent, level)).or_insert(0);
                    *n += 1;
                    (level, format!("{}{}", level.mark(*n), title.trim()))
                }
            };
            levels.push(level);
            let text = match node.kind {
                // A section's `also` is its clause: 以下各项工作均需…落实，不再列出。
                NodeKind::Section => {
                    let carried = self.written.also(id);
                    if carried.is_empty() {
                        String::new()
                    } else {
                        carry_clause(&carried)
                    }
                }
                NodeKind::Measure => self.measure_text(id),
            };
            let lead = if text.is_empty() || ends_with_stop(&lead) {
                lead
            } else {
                format!("{lead}。")
            };
            body.push(Block { level, lead, text });
            if node.kind == NodeKind::Measure {
                annex.push(self.annex_row(id, &title));
            }
        }
        (body, annex)
    }

    /// The sentences of a measure: its deadline, its targets and milestones, its notes and
    /// its owners.
    fn measure_text(&self, id: NodeId) -> String {
        let model = self.model;
        let Some(node) = model.nodes.get(id) else {
            return String::new();
        };
        // The prose the plan keeps (notes) first, then what it asks in numbers, as the
        // documents write a paragraph.
        let mut text = String::new();
        for note in &node.notes {
            text.push_str(note.trim());
            if !ends_with_stop(note) {
                text.push('。');
            }
        }
        // What the kept prose (and the title) already says is not said twice: a target
        // whose figure and unit stand in it, a milestone whose words do.
        let prose =
            format!("{}{text}", node.title.as_deref().unwrap_or_default()).replace('％', "%");
        let mut parts = Vec::new();
        let own_deadline = node.deadline.as_ref().and_then(|d| {
            let text = model.source.text.get(d.span.clone())?;
            Some(self.when(d.date?, d.from, Some(text)))
        });
        let targets = self.target_sentences(id, &prose, own_deadline.clone());
        match own_deadline {
            Some(when) if targets.is_empty() && !prose.contains(&when) => {
                parts.push(format!("{when}完成"));
            }
            _ => parts.extend(targets),
        }
        // A milestone is said when its words stand in the prose once the measure's figures
        // and dates are set aside: 年内完成10亿元园区产业发展引导基金…组建 says the
        // milestone 完成园区产业发展引导基金…组建 (and the target of 10亿元), and
        // G230开封黄河大桥工程12月底建成通车 says G230开封黄河大桥工程建成通车.
        let mut bare = without_dates(&prose);
        for t in model.targets.iter().filter(|t| t.node == id) {
            for q in self.words.quantities(t) {
                bare = bare.replace(&q, "");
            }
        }
        for m in model.milestones.iter().filter(|m| m.node == id) {
            let title = m.title.trim();
            if prose.contains(title) || bare.contains(title) {
                continue;
            }
            let written = model.source.text.get(m.when.span.clone());
            match m.when.date {
                Some(date) => parts.push(format!(
                    "{}{}",
                    self.when(date, m.when.from, written),
                    m.title
                )),
                None => parts.push(m.title.clone()),
            }
        }
        for p in parts.iter().filter(|p| !p.is_empty()) {
            text.push_str(p);
            text.push('。');
        }
        text.push_str(&Responsible::of(model, self.written, id).clause());
        text
    }

    /// Every target of a measure as a clause: `粮食总产量达到42万吨以上`, with its own
    /// deadline in front when it has one (`6月底前，…`).
    /// The targets of a measure as sentences: `6月底前，A达到…，B达到…`. Consecutive targets
    /// due together share one sentence under their deadline (a target without its own `by`
    /// falls under the measure's `deadline`, if written); each change of deadline starts a
    /// sentence, so no clause reads as due with the one before.
    fn target_sentences(
        &self,
        id: NodeId,
        prose: &str,
        measure_when: Option<String>,
    ) -> Vec<String> {
        let model = self.model;
        let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
        for t in model
            .targets
            .iter()
            .filter(|t| t.node == id && !self.words.said_in(t, prose))
        {
            let clause = self.words.target_clause(t);
            let when = match (&t.by, t.deadline) {
                (Some(by), Some(date)) if t.repeat.is_none() => {
                    let written = model.source.text.get(by.span.clone());
                    Some(self.when(date, by.from, written))
                }
                _ => measure_when.clone(),
            };
            match groups.last_mut() {
                Some((w, clauses)) if *w == when => clauses.push(clause),
                _ => groups.push((when, vec![clause])),
            }
        }
        groups
            .into_iter()
            .map(|(when, clauses)| match when {
                Some(when) => format!("{when}，{}", clauses.join("，")),
                None => clauses.join("，"),
            })
            .collect()
    }

    fn annex_row(&self, id: NodeId, title: &str) -> AnnexRow {
        let (lead, support) = Responsible::of(self.model, self.written, id).columns();
        let deadline = self
            .model
            .nodes
            .get(id)
            .and_then(|n| n.effective_deadline)
            .map(|d| when_phrase(d, None, None, None))
            .unwrap_or_default();
        let targets: Vec<String> = self
            .model
            .targets
            .iter()
            .filter(|t| t.node == id)
            .map(|t| self.words.target_clause(t))
            .collect();
        AnnexRow {
            task: split_mark(title).map_or_else(|| title.trim().to_string(), |(_, _, r)| r),
            targets: targets.join("；"),
            lead,
            support,
            deadline,
        }
    }

    fn when(&self, date: NaiveDate, from: Option<NaiveDate>, written: Option<&str>) -> String {
        when_phrase(date, from, written, self.home_year)
    }
}

/// Prose without its dates (2024年12月底前, 6月30日, 年底前, 年内): what is left says what
/// is to be done.
fn without_dates(prose: &str) -> String {
    static DATES: OnceLock<Regex> = OnceLock::new();
    let dates = DATES.get_or_init(|| {
        Regex::new(
            r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?前?|(?:\d{4}年)?(?:年底|年末)前?|年内",
        )
        .expect("a valid constant pattern")
    });
    dates.replace_all(prose, "").into_owned()
}

/// 2025年3月26日 (成文日期 in Arabic numerals, GB/T 9704 §7.3.5.1).
pub fn full_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn ends_with_stop(s: &str) -> bool {
    s.trim_end()
        .ends_with(['。', '；', '！', '？', '：', '.', ';', '!', '?', ':'])
}

/// The numbering a title already carries (`三、`, `(一)`, `（一）`, `1.`, `(1)`), as its
/// level, the number in the documents' full-width form, and the rest of the title.
fn split_mark(title: &str) -> Option<(Level, String, String)> {
    let title = title.trim();
    let is_cn = |c: char| "一二三四五六七八九十百零〇".contains(c);
    // 三、
    let cn: String = title.chars().take_while(|&c| is_cn(c)).collect();
    if !cn.is_empty() {
        if let Some(rest) = title[cn.len()..].strip_prefix('、') {
            return Some((Level::One, format!("{cn}、"), rest.trim().to_string()));
        }
    }
    // (一) （一） (1) （1）
    if let Some(inner) = title.strip_prefix(['(', '（']) {
        let close = inner.find([')', '）'])?;
        let n = &inner[..close];
        let rest = inner[close..].chars().skip(1).collect::<String>();
        if !n.is_empty() && n.chars().all(is_cn) {
            return Some((Level::Two, format!("（{n}）"), rest.trim().to_string()));
        }
        if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            return Some((Level::Four, format!("（{n}）"), rest.trim().to_string()));
        }
        return None;
    }
    // 1. 1． 1、
    let digits: String = title.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = &title[digits.len()..];
        if let Some(rest) = rest
            .strip_prefix('.')
            .or_else(|| rest.strip_prefix('．'))
            .or_else(|| rest.strip_prefix('、'))
        {
            return Some((Level::Three, format!("{digits}."), rest.trim().to_string()));
        }
    }
    None
}

/// 1 → 一, 10 → 十, 12 → 十二, 30 → 三十 (as far as documents number: up to 99).
fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: usize| DIGITS.get(d).copied().unwrap_or_default();
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n % 10) }),
        20..=99 => format!(
            "{}十{}",
            digit(n / 10),
            if n % 10 == 0 { "" } else { digit(n % 10) }
        ),
        _ => n.to_string(),
    }
}

/// The text of the document, paragraph by paragraph, as a reader sees it (used by tests
/// and by `html` for its plain parts).
pub fn plain_text(doc: &Document) -> String {
    let mut out = String::new();
    for line in doc.reference.iter().chain([&doc.title]) {
        out.push_str(line);
        out.push('\n');
    }
    for p in &doc.preamble {
        out.push_str(p);
        out.push('\n');
    }
    for b in &doc.body {
        out.push_str(&b.lead);
        out.push_str(&b.text);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_keep_their_numbers_in_full_width() {
        let (level, mark, rest) = split_mark("(三)加快建设现代化产业体系")
            .unwrap_or_else(|| (Level::Four, String::new(), String::new()));
        assert_eq!(
            (level, mark.as_str(), rest.as_str()),
            (Level::Two, "（三）", "加快建设现代化产业体系")
        );
        assert_eq!(split_mark("三、计划安排").map(|m| m.0), Some(Level::One));
        assert_eq!(
            split_mark("12.落实措施").map(|m| m.1),
            Some("12.".to_string())
        );
        assert_eq!(split_mark("(2)细则").map(|m| m.0), Some(Level::Four));
        assert_eq!(split_mark("以实业兴区"), None);
        assert_eq!(chinese_numeral(30), "三十");
        assert_eq!(chinese_numeral(12), "十二");
    }

    #[test]
    fn dates_are_set_aside_from_prose() {
        assert_eq!(
            without_dates("争取G230开封黄河大桥工程12月底建成通车，2024年6月30日前完成，年内完成组建，年底前验收"),
            "争取G230开封黄河大桥工程建成通车，完成，完成组建，验收"
        );
    }

    #[test]
    fn punctuation_is_full_width_except_inside_numbers() {
        assert_eq!(
            full_width("推进茅台3万吨(酱香)工程,投资1,450亿元;10:30开会:完成"),
            "推进茅台3万吨（酱香）工程，投资1,450亿元；10:30开会：完成"
        );
    }

    #[test]
    fn glossary_entries_are_terms_explained_with_zhi() {
        assert_eq!(
            glossary_entry("两新: 指大规模设备更新和消费品以旧换新。"),
            Some(("两新".into(), "指大规模设备更新和消费品以旧换新。".into()))
        );
        assert_eq!(
            glossary_entry("以下均需各县区政府落实,区管委会:不再列出"),
            None
        );
        assert_eq!(
            glossary_entry("二、2024年落实人大决议、政协提案情况:2024年…"),
            None
        );
        assert_eq!(glossary_entry("主送:各县区人民政府,市政府各工作部门"), None);
        assert_eq!(
            glossary_entry("全局条款(措施1责任单位之后):以下均需…落实,不再列出。"),
            None
        );
    }
}
