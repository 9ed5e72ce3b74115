//! Quantified targets in a sentence: 原煤产量150万吨以上, 增长7%左右, 提高5个百分点,
//! 新增5G基站200个, 分别达到70%以上、40%以上、50%以上, 1—2个 … and what only looks like
//! one: subsidy amounts (最高补贴50万元), thresholds (超30万元的项目), design capacities
//! (年产10万吨), counts inside names (“十五五”, 3个千亿级产业链群), past actuals.
//!
//! A sentence is split into clauses at `，；：`; a clause holds one or more quantities
//! (a number and a unit). Each quantity's metric is the text before it in the clause,
//! stripped of time words, firmness words and comparator verbs; a quantity with nothing
//! before it takes its name from a list written before the first quantity (分别 lists) or
//! from the noun after it (改造提升三个重点夜市).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::cn_number::{parse_arabic, parse_cn, Dec};
use super::deadlines::{self, Found};
use super::{Milestone, Repeat, Target, TargetKind, When};

/// What a sentence is read against.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The year of phrases without one (年底前, 6月底前).
    pub plan_year: Option<i32>,
    /// The first year of the plan period: a figure of an earlier year is a past actual.
    pub first_year: Option<i32>,
    /// The year of a plan whose period is part of one year (2024-Q1, 2024-H2): its 全年
    /// and 年度 figures are that year's, a window of their own.
    pub part_year: Option<i32>,
}

/// Units as documents write them, longest first within a family (the regex tries them in
/// order). Time units are here so that 3个工作日 is read as one quantity (then refused as
/// a target unless the clause sets a time limit).
const UNITS: &str = "个百分点|百分点|个工作日|工作日|个月|%|％|‰|美元|元|吨标准煤|吨|公斤|千克|平方公里|平方千米|平方米|立方米|千瓦时|兆瓦时|千瓦|兆瓦|kWh|MWh|GWh|kW|MW|GW|Tbps|Gbps|Mbps|公里|千米|米|公顷|亩|人次|辆次|家次|场次|个|家|户|人|头|座|所|条|项|场|台|架|套|盏|辆|张|批次|件|只|株|棵|处|栋|间|起|次|宗|名|位|篇|床|标箱|艘|年|天|日|小时";

fn quantity_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let num = r"(?:\d+(?:,\d{3})*(?:[.．]\d+)?|[０-９]+(?:[.．][０-９]+)?|[零〇一二两三四五六七八九十百千]+)";
        let re = format!(
            r"(?P<a>{num})(?:\s*(?:%|％)?\s*(?:——|—|–|-|－|～|~|至|到)\s*(?P<b>{num}))?\s*(?P<unit>(?:万亿|百万|千万|万|亿|千)?(?:{UNITS})(?:/(?:日|天|年|小时))?)"
        );
        Regex::new(&re).expect("the quantity pattern is a valid constant")
    })
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid constant pattern")
}

fn leading_noise() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        re(r"^(?:[，,、；;：:\s和及与并]|20\d\d(?:\s*[-—–至到]\s*20\d\d)?\s*年(?:底|末|前)?|力争|确保|争取|努力|全年|全市|全区|全县|全省|今年|年内|当年|其中|同时|计划|预计|实现|完成|推动|推进|加快|累计|累积|年均|每年|共|总共|分别|新增|新建|新培育|建设|要|将|使|让|以上|同比|比上年|较上年|达到|力求|持续|进一步|确定|目标|任务|首批|第一批)+")
    })
}

fn trailing_noise() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        re(r"(?:达到|达|为|至|到|突破|超过|超|过|不低于|不少于|不高于|不超过|不多于|不得|低于|高于|少于|控制在|稳定在|保持在|保持|增长|增速|增幅|提高|提升|上升|下降|降低|减少|增加|新增|分别|实现|完成|在|了|约|近|共|累计|总计|合计|建设|建成|培育|力争|确保|争取|左右|以上|年均|每年|[，,、：:\s])+$")
    })
}

/// Words that make every figure of a clause a condition or an amount paid, not a target.
const NOT_TARGET_WORDS: &[&str] = &[
    "补贴",
    "补助",
    "奖励",
    "奖补",
    "贴息",
    "资助",
    "最高",
    "给予",
    "一次性",
    "减免",
    "返还",
    "按照",
    "标准为",
    "每户",
    "每人",
    "每吨",
    "每平方米",
    "门槛",
    "起步价",
    "优惠",
    "折",
];

/// Words before a figure that make it a capacity or a name, not a target.
const CAPACITY_BEFORE: &[&str] = &[
    "年产",
    "年处理",
    "年加工",
    "年吞吐",
    "日处理",
    "日产",
    "第",
    "前",
    "排名",
    "排",
    "约第",
];

/// Words right after a figure that make it part of a name or a class (3个千亿级产业链群).
const CLASS_AFTER: &[&str] = &[
    "级", "类", "大", "倍", "方面", "领域", "环节", "批", "轮", "种", "型", "周年", "届", "号",
    "+", "＋", "”", "」", "》",
];

/// Names that only say "the total" of what the sentence counts.
const GENERIC_NAMES: &[&str] = &[
    "总量",
    "总数",
    "总数量",
    "规模",
    "总规模",
    "数量",
    "总计",
    "合计",
];

/// Words that make a figure each member's (每个县(市、区)50个重点项目清单).
const EACH: &[&str] = &["每个县", "每县", "每个区县", "每个乡镇", "每个市"];

/// Words that set a figure for the whole year (全年新培育规上工业企业100家).
const YEAR_WORDS: &[&str] = &["全年", "年度", "今年", "年内"];

/// A time limit makes a duration a target (办结时限压缩至3个工作日).
const DURATION_VERBS: &[&str] = &["缩短", "压缩", "压减", "控制在", "时限", "办结", "以内"];

/// Verbs before "N个 noun" that make the count a target (推动57个数字化转型重点项目…).
const COUNT_VERBS: &[&str] = &[
    "完成",
    "推动",
    "新增",
    "新建",
    "建成",
    "培育",
    "实施",
    "改造提升",
    "改造",
    "打造",
    "引进",
    "招引",
    "开工",
    "启动",
    "创建",
    "举办",
    "开展",
    "组建",
    "提升",
    "争创",
    "新开工",
    "建设",
    "签约",
    "落地",
    "认定",
    "申报",
    "储备",
    "谋划",
    "推进",
    "竣工",
    "投产",
    "新改建",
    "抓好",
    "启动",
    "创成",
    "扶持",
    "新（改）建",
    "实现",
    "明确",
];

#[derive(Clone, Debug)]
struct Quantity {
    /// Byte range in the clause.
    range: Range<usize>,
    value: Dec,
    value_max: Option<Dec>,
    unit: String,
    /// The comparator written after the unit (以上 …), and how long it is.
    after_cmp: Option<&'static str>,
    after_len: usize,
    chinese: bool,
}

fn parse_number(text: &str) -> Option<(Dec, bool)> {
    if let Some(d) = parse_arabic(text) {
        return Some((d, false));
    }
    let (v, used) = parse_cn(text)?;
    (used == text.chars().count()).then_some((v, true))
}

fn canonical_unit(unit: &str) -> String {
    let unit = unit.replace('％', "%");
    let unit = if unit.ends_with("百分点") {
        "个百分点".to_owned()
    } else {
        unit
    };
    unit.replace("平方千米", "平方公里")
        .replace("千米", "公里")
        .replace("千克", "公斤")
        .replace("个工作日", "工作日")
        .replace("个月", "月")
}

fn comparator_after(rest: &str) -> (Option<&'static str>, usize) {
    const WORDS: &[(&str, &str)] = &[
        ("及以上", ">="),
        ("或以上", ">="),
        ("以上", ">="),
        ("及以下", "<="),
        ("以下", "<="),
        ("以内", "<="),
        ("左右", "~"),
        ("上下", "~"),
    ];
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    for (w, c) in WORDS {
        if trimmed.starts_with(w) {
            return (Some(c), skipped + w.len());
        }
    }
    (None, 0)
}

fn quantities(clause: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for caps in quantity_pattern().captures_iter(clause) {
        let (Some(whole), Some(a), Some(unit)) = (caps.get(0), caps.name("a"), caps.name("unit"))
        else {
            continue;
        };
        let Some((value, chinese)) = parse_number(a.as_str()) else {
            continue;
        };
        // 千人万吨水源地, 百县千乡: a bare 百 or 千 is part of a name, never a figure.
        if chinese && a.as_str().starts_with(['百', '千']) {
            continue;
        }
        let value_max = caps
            .name("b")
            .and_then(|b| parse_number(b.as_str()))
            .map(|(v, _)| v);
        let unit = canonical_unit(unit.as_str());
        // A percentage takes no scale word: 一百五十万% is a number read wrongly (or a
        // misprint), never a planning figure; drafting it would declare `%` anew.
        if unit.len() > 1 && unit.ends_with('%') {
            continue;
        }
        let rest = clause.get(whole.end()..).unwrap_or("");
        let (after_cmp, after_len) = comparator_after(rest);
        out.push(Quantity {
            range: whole.range(),
            value,
            value_max,
            unit,
            after_cmp,
            after_len,
            chinese,
        });
    }
    out
}

fn is_time_unit(unit: &str) -> bool {
    matches!(unit, "年" | "月" | "天" | "日" | "小时" | "工作日")
}

fn is_count_unit(unit: &str) -> bool {
    // GW, MW, kWh are capacities (5GW新型光伏组件), never counts.
    !unit.chars().any(|c| c.is_ascii_alphabetic())
        && unit.chars().count() <= 2
        && !unit.contains('%')
        && !unit.contains("元")
        && !unit.contains("吨")
        && !unit.contains("米")
        && !unit.contains("亩")
        && !unit.contains("公")
        && !unit.contains("瓦")
        && !is_time_unit(unit)
}

/// Whether position `at` of `text` is inside quotes or a title (“…”, 《…》, 「…」).
fn quoted(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let open = |o: char, c: char| {
        before.chars().filter(|&x| x == o).count() > before.chars().filter(|&x| x == c).count()
    };
    open('“', '”') || open('《', '》') || open('「', '」')
}

/// Clause boundaries in a sentence: `，,；;：:` outside brackets and quotes.
fn clauses(sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in sentence.char_indices() {
        match c {
            '（' | '(' | '“' | '《' | '「' | '[' | '【' => depth += 1,
            '）' | ')' | '”' | '》' | '」' | ']' | '】' => depth = (depth - 1).max(0),
            '，' | ',' | '；' | ';' | '：' | ':' if depth == 0 => {
                out.push(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(start..sentence.len());
    out
}

/// The names of a 分别 list: 工业投资、民间投资占比 → [工业投资, 民间投资占比].
fn list_names(prefix: &str) -> Vec<String> {
    let cleaned = clean_name(prefix, usize::MAX);
    cleaned
        .split(['、', '和', '及', '与'])
        .map(clean_metric)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A metric name from the text before a figure: time words, firmness and comparator verbs
/// stripped; brackets and quotes that would not close are dropped.
fn clean_metric(raw: &str) -> String {
    clean_name(raw, 24)
}

fn clean_name(raw: &str, max_chars: usize) -> String {
    static PAREN: OnceLock<Regex> = OnceLock::new();
    let paren = PAREN.get_or_init(|| re(r"[（(][^（()）]*[）)]"));
    let mut s = paren.replace_all(raw.trim(), "").into_owned();
    for _ in 0..4 {
        let before = s.clone();
        s = leading_noise().replace(&s, "").into_owned();
        s = trailing_noise().replace(&s, "").into_owned();
        if s == before {
            break;
        }
    }
    // Keep the tail of a long phrase: the name is what stands right before the figure.
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > max_chars {
        s = chars
            .get(chars.len() - max_chars..)
            .unwrap_or(&[])
            .iter()
            .collect();
    }
    if let Some(pos) = s.rfind('的') {
        let tail = s.get(pos + '的'.len_utf8()..).unwrap_or("");
        if tail.chars().count() >= 2 {
            s = tail.to_owned();
        }
    }
    s.trim_matches(|c: char| "（()）“”《》「」、，,：:；; 　".contains(c))
        .to_owned()
}

/// Whether a clause speaks of a past year (a 2024 actual in a 2025 plan).
fn past_year(prefix: &str, first_year: Option<i32>) -> bool {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year =
        YEAR.get_or_init(|| re(r"(到|至|截至|较|比)?(20\d\d)\s*年(?:[-—–～~至到](20\d\d))?"));
    let Some(first) = first_year else {
        return false;
    };
    if prefix.contains("去年") || prefix.contains("上年") && !prefix.contains("比上年") {
        return true;
    }
    const FUTURE: &[&str] = &["力争", "确保", "争取", "将", "要", "分别", "计划", "目标"];
    if FUTURE.iter().any(|w| prefix.contains(w)) {
        return false;
    }
    year.captures_iter(prefix).any(|c| {
        let y: i32 = c
            .get(2)
            .and_then(|y| y.as_str().parse().ok())
            .unwrap_or(first);
        let to: Option<i32> = c.get(3).and_then(|y| y.as_str().parse().ok());
        c.get(1).is_none() && to.is_none_or(|t| t < first) && y < first
    })
}

/// Read the targets of one sentence (`range` into `text`), and its milestone when it has
/// a date and no figure.
pub fn read_sentence(
    text: &str,
    range: Range<usize>,
    ctx: Context,
) -> (Vec<Target>, Vec<Milestone>) {
    let sentence = text.get(range.clone()).unwrap_or("");
    let base = range.start;
    let dates = deadlines::find(sentence, ctx.plan_year);
    let mut targets: Vec<Target> = Vec::new();
    if !NOT_TARGET_WORDS.iter().any(|w| sentence.contains(w)) {
        // 新增停车位360个，智慧充电桩50个: 新增 governs the bare "noun figure" clauses
        // that follow it in the sentence.
        let mut adding = false;
        for clause in clauses(sentence) {
            let text = sentence.get(clause.clone()).unwrap_or("");
            let head: String = text.chars().take_while(|c| !c.is_ascii_digit()).collect();
            // Only a bare noun (智慧充电桩) borrows the verb; a clause with a verb of its
            // own (技术合同成交额突破40亿元, 备案入库…75家) or a long phrase does not.
            let own_verb = head.chars().count() > 10
                || COUNT_VERBS.iter().any(|v| head.contains(v))
                || [
                    "达", "到", "增长", "提高", "下降", "为", "控制", "突破", "超过", "备案",
                    "入库", "推出", "保持", "稳定", "形成", "累计",
                ]
                .iter()
                .any(|w| head.contains(w));
            let implied = adding && !own_verb;
            let before = targets.len();
            read_clause(
                sentence,
                clause,
                base,
                &range,
                &dates,
                ctx,
                implied,
                &mut targets,
            );
            let changed = targets
                .get(before..)
                .is_some_and(|t| !t.is_empty() && t.iter().all(|t| t.kind == TargetKind::Change));
            adding = changed && (added(&head) || implied);
        }
    }
    let milestones = if targets.is_empty() {
        milestone_of(sentence, base, &range, &dates)
            .into_iter()
            .collect()
    } else {
        // 6月底前完成A组建，年内完成10亿元基金组建，年底前完成B: the clauses of a sentence
        // with a target may each set a date of their own to something else.
        clauses(sentence)
            .into_iter()
            .filter(|c| {
                let (from, to) = (base + c.start, base + c.end);
                !targets
                    .iter()
                    .any(|t| t.source.start < to && from < t.source.end)
            })
            .filter_map(|c| {
                let text = sentence.get(c.clone()).unwrap_or("");
                let own: Vec<Found> = dates
                    .iter()
                    .filter(|d| c.start <= d.range.start && d.range.end <= c.end)
                    .map(|d| Found {
                        range: d.range.start - c.start..d.range.end - c.start,
                        ..d.clone()
                    })
                    .collect();
                milestone_of(text, base + c.start, &range, &own)
            })
            .collect()
    };
    (targets, milestones)
}

fn milestone_of(
    sentence: &str,
    base: usize,
    range: &Range<usize>,
    dates: &[Found],
) -> Option<Milestone> {
    let found = dates.iter().find(|d| !d.whole_year && d.firm)?;
    let after = sentence.get(found.range.end..).unwrap_or("");
    let before = sentence.get(..found.range.start).unwrap_or("");
    let pick = |s: &str| -> String {
        let s = s.trim_matches(|c: char| "，,。；;：: 　".contains(c) || c.is_whitespace());
        s.chars().take(60).collect()
    };
    let mut title = pick(after);
    if title.chars().count() < 2 {
        title = pick(before);
    }
    if title.chars().count() < 2 {
        return None;
    }
    Some(Milestone {
        title,
        by: When {
            date: found.date.clone(),
            source: base + found.range.start..base + found.range.end,
        },
        sentence: range.clone(),
    })
}

#[allow(clippy::too_many_arguments)]
fn read_clause(
    sentence: &str,
    clause: Range<usize>,
    base: usize,
    sentence_range: &Range<usize>,
    dates: &[Found],
    ctx: Context,
    implied_added: bool,
    out: &mut Vec<Target>,
) {
    let text = sentence.get(clause.clone()).unwrap_or("");
    // 在完成1830个项目投转固工作的基础上: what is already done, the base of the target
    // that follows, not a target.
    if text.contains("基础上") {
        return;
    }
    let qs = quantities(text);
    if qs.is_empty() {
        return;
    }
    let mut names: Vec<String> = Vec::new();
    let mut list_index = 0usize;
    let mut first_kind: Option<(TargetKind, bool)> = None;
    let mut prev_end = 0usize;
    let mut drafted: Vec<Target> = Vec::new();
    // Whether every figure after the first took its name from a list (分别…).
    let mut listed_all = true;
    // Whether the last figure drafted was a count before its noun (建成5个体育公园), so
    // that the next item of the same list (、35个足球场) is one too.
    let mut counts_listed = false;
    for q in &qs {
        let seg_start = prev_end;
        let raw_prefix = text.get(seg_start..q.range.start).unwrap_or("");
        let clause_prefix = text.get(..q.range.start).unwrap_or("");
        let rest = text.get(q.range.end + q.after_len..).unwrap_or("");
        let abs = |r: &Range<usize>| base + clause.start + r.start..base + clause.start + r.end;
        // Not a figure of this plan at all.
        if q.value.is_zero() || (q.chinese && q.value == Dec::ONE) {
            continue;
        }
        if quoted(sentence, clause.start + q.range.start) {
            continue;
        }
        let before_char = raw_prefix.chars().last();
        if before_char.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '“') {
            continue;
        }
        if CAPACITY_BEFORE.iter().any(|w| raw_prefix.ends_with(w)) {
            continue;
        }
        // 建成5个体育公园、1500公里的健身步道: after a verb's list of counts, 的 joins a
        // length to its noun; elsewhere (超30万元的项目) it makes a threshold.
        let in_count_list = counts_listed && is_list_joint(raw_prefix);
        // 50%以上县级综合医院…达到三级医院标准, 50%的城市社区建成…: a share of the
        // things named after it that reach a state, written before them.
        let share = (q.unit == "%")
            .then(|| share_of(raw_prefix, rest))
            .flatten();
        if CLASS_AFTER.iter().any(|w| rest.starts_with(w))
            || (rest.starts_with('的') && !in_count_list && share.is_none())
        {
            continue;
        }
        if is_time_unit(&q.unit) && !DURATION_VERBS.iter().any(|w| clause_prefix.contains(w)) {
            continue;
        }
        if past_year(clause_prefix, ctx.first_year) {
            continue;
        }
        // 11万户(套)、: a bracketed note after the unit is not the noun of the figure.
        let rest_after_note = skip_note(rest);
        let modifier = rest_after_note
            .chars()
            .next()
            .is_some_and(|c| !"，,。；;、：:）)和及与或".contains(c) && !c.is_whitespace());
        let mut metric = clean_metric(&strip_dates(raw_prefix, seg_start, dates, &clause));
        let from_list = metric.is_empty() && !modifier;
        let mut doubt = None;
        let mut noun_end = None;
        if let Some((name, end)) = share.filter(|_| modifier) {
            metric = name;
            noun_end = Some(q.range.end + q.after_len + end);
        } else if modifier {
            // "N个 noun": a target only after a verb of doing (推动57个…项目完成…).
            let recent: String = {
                let chars: Vec<char> = clean_tail(raw_prefix).chars().collect();
                chars
                    .get(chars.len().saturating_sub(16)..)
                    .unwrap_or(&[])
                    .iter()
                    .collect()
            };
            let verb = COUNT_VERBS.iter().any(|v| recent.contains(v));
            let bound = ["不少于", "不低于", "达到", "至少", "力争", "确保"]
                .iter()
                .any(|w| recent.contains(w));
            // 启动柔刚片区等6个城中村改造: 等 closes examples of what is counted, a target
            // when a verb of doing governs the clause; without one (打造…等3个产业链群
            // is caught by 级 above) the figure only sums up a list.
            // A list of named things closed by their count, with no 等 (升级打造A、B、C3个
            // 消费新场景; 开工建设A和B2个航运工程) counts them the same way.
            let named_list = raw_prefix
                .trim_end()
                .chars()
                .last()
                .is_some_and(|c| !c.is_ascii() && c.is_alphabetic())
                && (raw_prefix.contains('、') || raw_prefix.contains('和'));
            let after_examples = raw_prefix.trim_end().ends_with('等') || named_list;
            let verb_in_clause = COUNT_VERBS.iter().any(|v| clause_prefix.contains(v));
            let trimmed = rest.trim_start_matches('的');
            let raw_noun = noun_after(trimmed);
            let after_noun = trimmed.get(raw_noun.len()..).unwrap_or("");
            let predicate = predicate_after(after_noun);
            // 74个新开工项目按时开工, 13个“一件事一次办”落地落实: the count opens its clause
            // and the verb follows what it counts.
            let subject = predicate.is_some()
                && clean_metric(&strip_dates(raw_prefix, seg_start, dates, &clause)).is_empty();
            // 加快110个区重项目建设: 加快 with the thing built (建设, 改造, 进度) after the
            // count; 加快 alone governs names and capacities too (加快郑开300万辆汽车产业带).
            let speeding = recent.contains("加快")
                && !raw_noun.starts_with("在建")
                && ["建设", "改造", "进度"]
                    .iter()
                    .any(|w| raw_noun.trim_end().ends_with(w));
            // 完成10亿元园区产业发展引导基金…组建, 健全3000万元财政项目前期资金保障机制:
            // a sum before the fund it sizes, set up by the plan.
            let fund = q.unit.ends_with('元')
                && (raw_noun.contains("基金") || raw_noun.contains("资金"))
                && (verb
                    || ["设立", "健全", "筹集", "组建"]
                        .iter()
                        .any(|v| recent.contains(v)));
            let counted = fund
                || (is_count_unit(&q.unit)
                    && (verb || subject || speeding || (after_examples && verb_in_clause)));
            if raw_prefix.ends_with('的') || !(counted || bound || in_count_list) {
                continue;
            }
            // The next item of the list starts after this noun.
            noun_end =
                Some(q.range.end + q.after_len + (rest.len() - trimmed.len()) + raw_noun.len());
            // 3个千亿级产业链群: a count of a class, named by its size. 10亿元以上项目26个:
            // the first figure is the class of what the second counts.
            let class: String = raw_noun.chars().take(5).collect();
            let size_class = ["亿级", "万级", "千级", "百级"]
                .iter()
                .any(|w| class.contains(w));
            let threshold = quantities(raw_noun).iter().any(|n| !n.chinese);
            // 推进三家至安居…乡村路: a place (三家) opening a route (A至B), not a count.
            if size_class || threshold || raw_noun.starts_with(['至', '到']) {
                continue;
            }
            let raw_noun = if fund { fund_name(raw_noun) } else { raw_noun };
            let noun: String = raw_noun.chars().take(16).collect();
            let mut noun = clean_metric(&noun);
            // 46个项目按期竣工: a short noun is named with what it must do.
            if noun.chars().count() < 3 {
                if let Some(p) = predicate.filter(|_| noun.chars().count() >= 1) {
                    noun = format!("{noun}{p}");
                }
            }
            if noun.chars().count() < 3 {
                continue;
            }
            metric = noun;
        }
        let kind_text = strip_dates(clause_prefix, 0, dates, &clause);
        let (mut kind, negative) = kind_of(&kind_text, &q.unit, raw_prefix);
        if implied_added && kind == TargetKind::Level && q.unit != "%" {
            kind = TargetKind::Change;
        }
        if metric.is_empty() {
            if names.is_empty() {
                // A list written before the first figure: 分别 or 、-joined names.
                let first_prefix = text
                    .get(..qs.first().map_or(0, |f| f.range.start))
                    .unwrap_or("");
                names = list_names(&strip_dates(first_prefix, 0, dates, &clause));
                list_index = 1;
            }
            match names.get(list_index) {
                Some(n) => {
                    metric = n.clone();
                    list_index += 1;
                }
                // 22个、9741户: the same thing counted another way keeps its name (the
                // draft names it by unit); the same unit again needs a name of its own.
                None => match drafted.last() {
                    Some(prev) if prev.unit != q.unit => metric = prev.metric.clone(),
                    Some(prev) => {
                        metric = format!("{}（{}）", prev.metric, drafted.len() + 1);
                        doubt = Some("分项名称未写明，按前项命名".to_owned());
                    }
                    None => continue,
                },
            }
        } else if qs.len() > 1 && drafted.is_empty() && noun_end.is_none() {
            let ns = list_names(&strip_dates(raw_prefix, seg_start, dates, &clause));
            if ns.len() > 1 {
                metric = ns.first().cloned().unwrap_or(metric);
                names = ns;
                list_index = 1;
            }
        } else if qs.len() == 1 && metric.contains('、') {
            // A、B增长10%: with one figure, the name is the last of the list.
            if let Some(last) = metric.rsplit('、').next().map(clean_metric) {
                if last.chars().count() >= 2 {
                    metric = last;
                }
            }
        }
        // 新增托位0.8万个，总量达到1.3万个: a word for "the total" names the thing counted
        // just before.
        if GENERIC_NAMES.contains(&metric.as_str()) {
            match drafted.last().or(out.last()) {
                Some(prev) => metric = prev.metric.clone(),
                None => continue,
            }
        }
        if metric.chars().count() < 2 {
            continue;
        }
        if !drafted.is_empty() && !from_list {
            listed_all = false;
        }
        let (kind, negative) = match first_kind {
            Some(k) if clean_metric(raw_prefix).is_empty() => k,
            _ => (kind, negative),
        };
        first_kind.get_or_insert((kind, negative));
        let mut cmp = comparator(q, &kind_text);
        let mut value = q.value;
        let mut value_max = q.value_max;
        if let Some(max) = value_max {
            if max < value {
                value_max = None;
            } else {
                cmp = "..";
            }
        }
        if negative {
            value = -value;
            if let Some(max) = value_max.take() {
                // 下降3%—5%: growth between -5 and -3.
                value_max = Some(value);
                value = -max;
            }
            cmp = match cmp {
                ">=" => "<=",
                "<=" => ">=",
                c => c,
            };
        }
        let sentence_prefix = sentence.get(..clause.start + q.range.start).unwrap_or("");
        // 年均增长10%: one average rate over the window, not a rate repeated each year.
        let average = kind == TargetKind::Growth && clause_prefix.contains("年均");
        let repeat = if average {
            None
        } else if clause_prefix.contains("每年") || clause_prefix.contains("年均") {
            Some(Repeat::PerYear)
        } else if sentence_prefix.contains("累计") || sentence_prefix.contains("累积") {
            Some(Repeat::Cumulative)
        } else {
            None
        };
        // 每个县(市、区)50个 / 各县区各50个: the figure is each county's.
        let each =
            EACH.iter().any(|w| clause_prefix.contains(w)) || raw_prefix.trim_end().ends_with('各');
        // 全年/年度 in a part-year plan: the year is the target's own window.
        let over = ctx
            .part_year
            .filter(|_| YEAR_WORDS.iter().any(|w| sentence_prefix.contains(w)))
            .map(|y| y.to_string());
        let kind = if repeat == Some(Repeat::Cumulative) && kind == TargetKind::Change {
            TargetKind::Level
        } else {
            kind
        };
        // The nearest firmness word before the figure holds (力争…，确保…: each its own).
        let last_at = |words: &[&str]| words.iter().filter_map(|w| sentence_prefix.rfind(w)).max();
        let firmness = match (last_at(&["力争", "争取"]), last_at(&["确保"])) {
            (Some(s), Some(f)) if f > s => Some("确保"),
            (Some(_), _) => Some("力争"),
            (None, Some(_)) => Some("确保"),
            (None, None) => None,
        };
        let at = clause.start + q.range.start;
        // A date phrase of the figure's own clause holds, even 年内 (the plan's year) after
        // a 6月底前 of the clause before: 6月底前完成A，年内完成10亿元基金组建.
        let own_clause = dates
            .iter()
            .rfind(|d| d.range.end <= at && d.range.start >= clause.start);
        let by = own_clause
            .map(|d| (!d.whole_year).then_some(d))
            .unwrap_or_else(|| dates.iter().rfind(|d| d.range.end <= at && !d.whole_year))
            .or_else(|| {
                dates
                    .iter()
                    .find(|d| !d.whole_year && d.range.start >= at && d.range.start < clause.end)
            })
            .map(|d| When {
                date: d.date.clone(),
                source: base + d.range.start..base + d.range.end,
            });
        prev_end = noun_end.unwrap_or(q.range.end + q.after_len);
        counts_listed = modifier;
        let metric_start = text.get(..q.range.start).map_or(q.range.start, |p| {
            p.rfind(metric.as_str()).unwrap_or(q.range.start)
        });
        drafted.push(Target {
            metric,
            kind,
            cmp,
            value,
            value_max,
            unit: q.unit.clone(),
            repeat,
            by,
            firmness,
            average,
            each,
            over,
            source: abs(&(metric_start.min(q.range.start)..q.range.end + q.after_len)),
            sentence: sentence_range.clone(),
            doubt,
            baseline: None,
        });
    }
    // 分别达到30%和52%以上: a comparator written once, after the last figure, is every one's.
    if drafted.len() > 1 && listed_all {
        if let Some(last_cmp) = drafted.last().map(|t| t.cmp) {
            if last_cmp != "=" && last_cmp != ".." {
                for t in drafted.iter_mut().filter(|t| t.cmp == "=") {
                    t.cmp = last_cmp;
                }
            }
        }
    }
    out.extend(drafted);
}

/// Whether the text between two figures only joins list items (、 和 及).
fn is_list_joint(between: &str) -> bool {
    let t = between.trim();
    !t.is_empty() && t.chars().all(|c| "、和及与".contains(c))
}

/// The name of a fund from the words after its size: up to the fund word and what
/// qualifies it (引导基金和园区综合服务公司组建 → 引导基金; 前期资金保障机制 → 前期资金保障).
fn fund_name(noun: &str) -> &str {
    let Some(at) = ["基金", "资金"].iter().filter_map(|w| noun.find(w)).min() else {
        return noun;
    };
    let after = at + "基金".len();
    let end = noun
        .get(after..)
        .and_then(|r| r.find(['和', '及', '与']))
        .map_or(noun.len(), |i| after + i);
    let name = noun.get(..end).unwrap_or(noun);
    ["机制", "组建", "规模"]
        .iter()
        .find_map(|w| name.strip_suffix(w))
        .unwrap_or(name)
}

/// Verbs of reaching a state, after a share of things (50%以上县级综合医院达到三级医院标准).
const STATE_VERBS: &[&str] = &["达到", "建成", "实现", "完成", "具备", "通过"];

/// A share written before the things it is a share of: `prefix` and `rest` are the text
/// before the percentage and after it (and after 以上). The name is those things and the
/// state they reach (县级综合医院达到三级医院标准比例), and the second value is where the
/// things end in `rest`. Not a share after a verb of comparing (占比超过30%的企业, 增长
/// 10%的…): that percentage is a threshold or the metric's own.
fn share_of(prefix: &str, rest: &str) -> Option<(String, usize)> {
    let last = clean_tail(prefix).chars().last();
    if last
        .is_some_and(|c| c.is_ascii_digit() || "超过达到占为于比率至约近长低高增降升".contains(c))
    {
        return None;
    }
    let body = rest.strip_prefix('的').unwrap_or(rest);
    let skipped = rest.len() - body.len();
    let end = body
        .char_indices()
        .find(|&(i, c)| {
            "，,。；;、（(".contains(c)
                || STATE_VERBS
                    .iter()
                    .any(|v| body.get(i..).is_some_and(|t| t.starts_with(v)))
        })
        .map_or(body.len(), |(i, _)| i);
    let things = body.get(..end)?;
    if things.chars().count() < 2 || !things.chars().all(|c| !c.is_ascii() && c.is_alphanumeric()) {
        return None;
    }
    // The state: the first verb of reaching one in the rest of the clause.
    let (at, _) = STATE_VERBS
        .iter()
        .filter_map(|v| body.find(v).map(|i| (i, v)))
        .min()?;
    let state: String = body
        .get(at..)
        .unwrap_or("")
        .chars()
        .take_while(|c| !"，,。；;、（(".contains(*c))
        .filter(|&c| c != '的')
        .take(14)
        .collect();
    Some((format!("{things}{state}比例"), skipped + end))
}

/// `rest` without a bracketed note at its start: (套) in 11万户(套).
fn skip_note(rest: &str) -> &str {
    let t = rest.trim_start();
    let close = match t.chars().next() {
        Some('(') => ')',
        Some('（') => '）',
        _ => return rest,
    };
    match t.find(close) {
        Some(i) if i <= 12 => t.get(i + close.len_utf8()..).unwrap_or(""),
        _ => rest,
    }
}

/// The noun a count stands before: up to the next clause mark, the next item of a list
/// (、, or 和/及 before a figure), or the verb that follows it (…完成, …落地).
fn noun_after(rest: &str) -> &str {
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_digit = chars
            .peek()
            .is_some_and(|&(_, n)| n.is_ascii_digit() || "一二两三四五六七八九十".contains(n));
        let here = rest.get(i..).unwrap_or("");
        // 新开工项目 is a noun: no verb starts right after 新.
        let after_new = rest.get(..i).is_some_and(|b| b.ends_with('新'));
        let stop = "，,。；;（(、".contains(c)
            || ("和及".contains(c) && next_is_digit)
            || (!after_new
                && ("完实开签落达".contains(c)
                    || (i > 0 && POST_VERBS.iter().any(|v| here.starts_with(v)))));
        if stop {
            end = i;
            break;
        }
    }
    rest.get(..end).unwrap_or("")
}

/// Verbs (and the adverbs before them) that follow what a count counts, as its
/// predicate: 74个新开工项目按时开工, 首批100个示范社区全面建成, 13个“一件事”落地落实.
const POST_VERBS: &[&str] = &[
    "全面建成",
    "建成",
    "按时",
    "按期",
    "如期",
    "顺利",
    "年内",
    "开工",
    "竣工",
    "投产",
    "落地",
    "完成",
    "取得",
    "通过",
    "达到",
    "实现",
    "签约",
    "投用",
];

/// The predicate right after a counted noun, if it is one of `POST_VERBS` (up to the end
/// of the clause, at most eight characters): 按期竣工.
fn predicate_after(after_noun: &str) -> Option<String> {
    POST_VERBS
        .iter()
        .any(|v| after_noun.starts_with(v))
        .then(|| {
            after_noun
                .chars()
                .take_while(|c| !"，,。；;、（(".contains(*c))
                .take(8)
                .collect()
        })
}

fn clean_tail(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace())
}

/// The text of `raw` (at `offset` in the clause) without its deadline phrases.
fn strip_dates(raw: &str, offset: usize, dates: &[Found], clause: &Range<usize>) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.char_indices() {
        let at = clause.start + offset + i;
        if !dates.iter().any(|d| d.range.contains(&at)) {
            out.push(c);
        }
    }
    out
}

/// Level, growth or change, and whether the figure is a decrease.
fn kind_of(prefix: &str, unit: &str, near: &str) -> (TargetKind, bool) {
    let tail: String = {
        let chars: Vec<char> = near.chars().collect();
        chars
            .get(chars.len().saturating_sub(10)..)
            .unwrap_or(&[])
            .iter()
            .collect()
    };
    let down = ["下降", "降低", "减少", "压减", "缩减"]
        .iter()
        .any(|w| tail.contains(w));
    let to_level = tail.contains('达')
        || tail.contains('到')
        || tail.contains('至')
        || [
            "提高到",
            "提升到",
            "提高至",
            "提升至",
            "增长到",
            "增长至",
            "达到",
            "降至",
            "下降到",
            "下降至",
            "降低到",
            "降低至",
        ]
        .iter()
        .any(|w| tail.contains(w));
    if unit == "个百分点" {
        return (TargetKind::Change, down);
    }
    if unit == "%" && !to_level {
        if ["增长", "增速", "增幅", "上升", "提高", "提升"]
            .iter()
            .any(|w| tail.contains(w))
        {
            return (TargetKind::Growth, false);
        }
        if down {
            return (TargetKind::Growth, true);
        }
    }
    if unit != "%" && !tail.contains('达') && (added(prefix) || tail.contains("增加")) {
        return (TargetKind::Change, false);
    }
    (TargetKind::Level, false)
}

/// 新增/新建 as the verb of the clause (新增市场主体8万户), not inside a name
/// (城镇新增就业人数).
fn added(prefix: &str) -> bool {
    ["新增", "新认证"].iter().any(|w| {
        prefix.match_indices(w).any(|(i, _)| {
            let before = prefix.get(..i).unwrap_or("");
            let last = before.chars().last();
            last.is_none_or(|c| "，,、；;：:）)".contains(c) || c.is_whitespace())
                || leading_noise().replace(before, "").is_empty()
        })
    })
}

fn comparator(q: &Quantity, prefix: &str) -> &'static str {
    if let Some(c) = q.after_cmp {
        return c;
    }
    let tail: String = {
        let chars: Vec<char> = prefix.chars().collect();
        chars
            .get(chars.len().saturating_sub(8)..)
            .unwrap_or(&[])
            .iter()
            .collect()
    };
    const AT_MOST: &[&str] = &[
        "控制在",
        "不超过",
        "不高于",
        "低于",
        "少于",
        "不多于",
        "压减至",
        "压缩至",
        "降至",
    ];
    // 超过/高于/大于 say "more than": strictly greater.
    const MORE_THAN: &[&str] = &["超过", "高于", "大于"];
    const AT_LEAST: &[&str] = &["不低于", "不少于", "至少", "突破", "过"];
    const NOT_BELOW: &[&str] = &["不得低于", "不低于", "不少于", "不得少于"];
    if NOT_BELOW.iter().any(|w| tail.contains(w)) {
        ">="
    } else if AT_MOST.iter().any(|w| tail.contains(w)) {
        "<="
    } else if MORE_THAN.iter().any(|w| tail.contains(w)) {
        ">"
    } else if AT_LEAST.iter().any(|w| tail.contains(w)) {
        ">="
    } else {
        "="
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<String> {
        let ctx = Context {
            plan_year: Some(2024),
            first_year: Some(2024),
            part_year: None,
        };
        read_sentence(s, 0..s.len(), ctx)
            .0
            .into_iter()
            .map(|t| {
                let max = t.value_max.map(|m| format!("..{m}")).unwrap_or_default();
                let by = t.by.map(|b| format!(" by {}", b.date)).unwrap_or_default();
                format!(
                    "{} {:?} {} {}{} {}{by}",
                    t.metric, t.kind, t.cmp, t.value, max, t.unit
                )
            })
            .collect()
    }

    #[test]
    fn levels_with_comparators() {
        assert_eq!(
            read("一季度实现原煤产量150万吨以上，页岩气产能达0.6亿立方米以上，煤层气产量达0.25亿立方米。"),
            [
                "原煤产量 Level >= 150 万吨 by 2024-Q1",
                "页岩气产能 Level >= 0.6 亿立方米 by 2024-Q1",
                "煤层气产量 Level = 0.25 亿立方米 by 2024-Q1"
            ]
        );
    }

    #[test]
    fn growth_change_and_lists() {
        assert_eq!(
            read("地区生产总值增长7%左右。"),
            ["地区生产总值 Growth ~ 7 %"]
        );
        assert_eq!(
            read("力争在库签约项目开工率、开工项目投产率、投产项目达效率分别达到70%以上、40%以上、50%以上。"),
            [
                "在库签约项目开工率 Level >= 70 %",
                "开工项目投产率 Level >= 40 %",
                "投产项目达效率 Level >= 50 %"
            ]
        );
        assert_eq!(
            read("新增市场主体8万户以上。"),
            ["市场主体 Change >= 8 万户"]
        );
        assert_eq!(
            read("城镇化率提高5个百分点。"),
            ["城镇化率 Change = 5 个百分点"]
        );
        assert_eq!(
            read("抓好县区1—2个主导产业。"),
            ["主导产业 Level .. 1..2 个"]
        );
    }

    #[test]
    fn counts_and_shares_written_around_their_noun() {
        assert_eq!(
            read("确保74个新开工项目按时开工，46个项目按期竣工。"),
            ["新开工项目 Level = 74 个", "项目按期竣工 Level = 46 个"]
        );
        assert_eq!(
            read("升级打造安居大学城夜经济街区、滨江路休闲娱乐一条街3个消费新场景。"),
            ["消费新场景 Level = 3 个"]
        );
        assert_eq!(read("加快110个区重项目建设。"), ["区重项目 Level = 110 个"]);
        assert_eq!(
            read("50%以上县级综合医院、30%以上县级中医医院达到三级医院标准。"),
            [
                "县级综合医院达到三级医院标准比例 Level >= 50 %",
                "县级中医医院达到三级医院标准比例 Level >= 30 %"
            ]
        );
        assert_eq!(
            read("年内完成10亿元园区产业发展引导基金和园区综合服务公司组建。"),
            ["园区产业发展引导基金 Level = 10 亿元"]
        );
        assert_eq!(
            read("省网骨干带宽达5040Gbps以上。"),
            ["省网骨干带宽 Level >= 5040 Gbps"]
        );
        assert_eq!(
            read("新增生活污水处理能力3万吨/日。"),
            ["生活污水处理能力 Change = 3 万吨/日"]
        );
    }

    #[test]
    fn what_is_not_a_target() {
        assert!(read("加快市、县级以及千人万吨水源地环境综合整治。").is_empty());
        assert!(read("加快桐梓至新蒲等9条在建高速公路建设。").is_empty());
        assert!(read("加快推进三家至安居、保石过境乡村路建设。").is_empty());
        assert!(read("推动营业收入增长10%的企业扩大生产。").is_empty());
        assert!(read("对年营业收入超30万元的项目给予最高50万元补贴。").is_empty());
        assert!(read("加快推进遵义铝业年产10万吨再生铝资源利用项目建设。").is_empty());
        assert!(read("加快打造新能源汽车等3个千亿级产业链群。").is_empty());
        assert!(read("高质量编制“十五五”规划纲要，推进千万工程和两重建设。").is_empty());
        assert!(read("用好144小时过境免签便利化政策。").is_empty());
    }
}
