//! The one table of keywords: each English keyword and its Chinese alias (LANGUAGE.md §8,
//! and the extensions of docs/language.md). The grammar (grammar/plan.pest) spells the
//! same words; a unit test below parses every entry with its grammar rule, so the two
//! cannot drift apart. The formatter, the language server and the error messages read
//! this table, so a new keyword is one line here and one alternative in the grammar.

/// What a keyword is for, which decides where an editor offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Starts a top-level item (`plan`, `measure` …).
    Item,
    /// Starts a line of the plan header (`issued` …).
    Header,
    /// Starts a line of a section or measure body (`owner`, `target` …).
    Body,
    /// Stands inside a line (`in`, `growth`, `by` …).
    Inner,
    /// A value of `status` (`draft`, `approved`): not reserved.
    Value,
}

/// One keyword in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyword {
    /// As LANGUAGE.md §2 writes it; two words for `part of` and `per year|quarter|month`.
    pub en: &'static str,
    /// The Chinese alias of LANGUAGE.md §8, always one word.
    pub zh: &'static str,
    pub kind: Kind,
    /// Reserved: a name spelt like it must be quoted. (`note` and `milestone` are
    /// extensions that only mean something at the start of a body line, and are not.)
    pub reserved: bool,
}

const fn kw(en: &'static str, zh: &'static str, kind: Kind, reserved: bool) -> Keyword {
    Keyword {
        en,
        zh,
        kind,
        reserved,
    }
}

/// Every keyword, in the order an editor lists them.
pub const KEYWORDS: &[Keyword] = &[
    kw("plan", "计划", Kind::Item, true),
    kw("use", "引用", Kind::Item, true),
    kw("owners", "责任单位名录", Kind::Item, true),
    kw("unit", "计量单位", Kind::Item, true),
    kw("metric", "指标", Kind::Item, true),
    kw("section", "章节", Kind::Item, true),
    kw("measure", "措施", Kind::Item, true),
    kw("issued", "印发", Kind::Header, true),
    kw("period", "期间", Kind::Header, true),
    kw("issuer", "发文单位", Kind::Header, true),
    kw("region", "地区", Kind::Header, true),
    kw("status", "状态", Kind::Header, true),
    kw("ref", "文号", Kind::Header, true),
    kw("owner", "责任单位", Kind::Body, true),
    kw("deadline", "时限", Kind::Body, true),
    kw("after", "前置", Kind::Body, true),
    kw("target", "目标", Kind::Body, true),
    kw("baseline", "基数", Kind::Body, true),
    kw("actual", "实际", Kind::Body, true),
    kw("note", "备注", Kind::Body, false),
    kw("milestone", "里程碑", Kind::Body, false),
    kw("aka", "又称", Kind::Inner, true),
    kw("in", "单位为", Kind::Inner, true),
    kw("part of", "属于", Kind::Inner, true),
    kw("growth", "增长", Kind::Inner, true),
    kw("change", "变化", Kind::Inner, true),
    kw("by", "截至", Kind::Inner, true),
    kw("at", "于", Kind::Inner, true),
    kw("cumulative", "累计", Kind::Inner, true),
    kw("per year", "每年", Kind::Inner, true),
    kw("per quarter", "每季度", Kind::Inner, true),
    kw("per month", "每月", Kind::Inner, true),
    // (v2, issue 10)
    kw("jointly", "分工负责", Kind::Inner, true),
    kw("lead", "牵头", Kind::Inner, true),
    kw("support", "配合", Kind::Inner, true),
    kw("also", "以下均由", Kind::Body, true),
    kw("group", "单位组", Kind::Inner, true),
    kw("members", "成员", Kind::Inner, true),
    kw("firm", "确保", Kind::Inner, true),
    kw("stretch", "力争", Kind::Inner, true), // also 争取: MORE_ZH
    kw("over", "时段", Kind::Inner, true),
    kw("from", "自", Kind::Inner, true),
    kw("each", "每个", Kind::Inner, true),
    kw("ratio", "比值", Kind::Inner, true),
    kw("average", "年均", Kind::Inner, true),
    kw("draft", "草案", Kind::Value, false),
    kw("approved", "定稿", Kind::Value, false),
];

/// Second Chinese spellings of a keyword, as the documents write both: (spelling, English).
/// They are keywords like the table's alias (reserved, same meaning); the table's alias is
/// the one offered in completions and written by `plan fmt --keywords zh`.
pub const MORE_ZH: &[(&str, &str)] = &[("争取", "stretch")];

/// The entry of a keyword written in either language (`"目标"` or `"target"`; the two-word
/// English forms with one space; a second spelling of [`MORE_ZH`]).
pub fn find(word: &str) -> Option<&'static Keyword> {
    let word = MORE_ZH
        .iter()
        .find(|(zh, _)| *zh == word)
        .map_or(word, |(_, en)| *en);
    KEYWORDS.iter().find(|k| k.en == word || k.zh == word)
}

/// The English form of a keyword written in either language; other words unchanged.
pub fn english(word: &str) -> &str {
    find(word).map_or(word, |k| k.en)
}

/// The Chinese alias of an English keyword (`"part of"` → `"属于"`).
pub fn chinese(en: &str) -> Option<&'static str> {
    KEYWORDS.iter().find(|k| k.en == en).map(|k| k.zh)
}

/// Whether a word is written in Chinese (its first character is not ASCII).
pub fn is_chinese(word: &str) -> bool {
    word.chars().next().is_some_and(|c| !c.is_ascii())
}

/// What a keyword means, in a sentence, for a hover or `plan explain KEYWORD`: English when
/// `zh` is false, Chinese (naming the keywords in Chinese) when it is true. `None` for a
/// word that is not a keyword. Every keyword of [`KEYWORDS`] has one (a unit test checks).
pub fn meaning(en: &str, zh: bool) -> Option<&'static str> {
    let (e, z) = match en {
        "plan" => ("the plan header: title, issue date, period, issuer (at most one per file)", "计划基本信息：标题、印发日期、计划期、发文单位（每个文件最多一个）"),
        "use" => ("imports the owners, units and metrics of another file", "引入另一个文件中的责任单位、计量单位和指标"),
        "owners" => ("the registry of responsible units: short id, full name, other names", "责任单位名录：简称、全称和其他叫法"),
        "unit" => ("declares a unit: a multiple of a known one, or the base of a new kind of quantity", "声明计量单位：已知单位的倍数，或一种新量的基本单位"),
        "metric" => ("declares a metric: its unit, and the total it is part of", "声明指标：它的计量单位，以及它属于哪个总量"),
        "section" => ("a group of measures (a chapter of the document); may nest", "章节：一组措施（文件中的一章一节），可以嵌套"),
        "measure" => ("an action with owners, a deadline and targets; may nest", "措施：有责任单位、时限和目标的一项工作，可以嵌套"),
        "issued" => ("the date the plan was issued", "计划的印发日期"),
        "period" => ("the period the plan covers: 2025, 2024-H2, 2021..2023", "计划期：如 2025、2024-H2、2021..2023"),
        "issuer" => ("the registered owner that issued the plan", "发文单位（须在责任单位名录中登记）"),
        "region" => ("the region the plan is for", "计划所属地区"),
        "status" => ("draft or approved", "草案或定稿"),
        "ref" => ("the document number, such as 豫政办〔2024〕37号", "发文字号，如 豫政办〔2024〕37号"),
        "owner" => ("the responsible units of a section or measure; the first leads unless the line says otherwise; inherited by nested nodes", "章节或措施的责任单位；未另行标明时第一个为牵头单位；内层沿用外层的责任单位"),
        "deadline" => ("when the section or measure must be done; inherited by what it holds", "章节或措施的完成时限，内层沿用"),
        "after" => ("measures that must be finished before this one", "必须先完成的措施（前置条件）"),
        "target" => ("a target of a measure: a level, a growth in %, or a change", "措施的目标：达到的水平、增长百分比或变化量"),
        "baseline" => ("a known earlier value of a metric (上年实际), written with =", "指标此前的已知数值（上年实际），用 ＝ 书写"),
        "actual" => ("a reported value of a metric at a date, for progress tracking", "指标在某日的实际完成值，用于跟踪进度"),
        "note" => ("free text kept in the compiled plan", "备注：编译结果中保留的说明文字"),
        "milestone" => ("a dated step without a number (建成, 投入运营)", "没有数值的阶段性节点（如建成、投入运营）"),
        "aka" => ("other names of a registered unit", "已登记单位的其他叫法"),
        "in" => ("the unit of a metric", "指标的计量单位"),
        "part of" => ("the total this metric is a part of (its targets add up into it)", "该指标属于哪个总量（各部分的目标合计不应超过总量）"),
        "growth" => ("relative growth in % over the baseline (增长7%)", "相对于基数的增长百分比（增长7%）"),
        "change" => ("an absolute change (新增, 提高5个百分点, 下降)", "绝对变化量（新增、提高5个百分点、下降）"),
        "by" => ("the target's deadline", "目标的截止日期"),
        "at" => ("the date of a baseline or actual value", "基数或实际值的日期"),
        "cumulative" => ("the value is summed over the window (累计)", "数值是整个时段的累计"),
        "per year" => ("the target holds for every year of the window", "目标在时段内每年都要达到"),
        "per quarter" => ("the target holds for every quarter of the window", "目标在时段内每季度都要达到"),
        "per month" => ("the target holds for every month of the window", "目标在时段内每月都要达到"),
        "jointly" => ("the units after it share the work with no lead (按职责分工负责)", "后面的单位按职责分工负责，不分牵头"),
        "lead" => ("the units after it lead (牵头)", "后面的单位为牵头单位"),
        "support" => ("the units after it support (配合)", "后面的单位为配合单位"),
        "also" => ("owners added to every later measure (以下均需……落实，不再列出)", "以下各项措施都要加上的责任单位（以下均需……落实，不再列出）"),
        "group" => ("a registry entry that is a group of units (各县区政府)", "名录中的一组单位（如各县（市、区）政府）"),
        "members" => ("the units of a group", "单位组的成员单位"),
        "firm" => ("a target the plan guarantees (确保)", "确保完成的目标"),
        "stretch" => ("a target the plan strives for (力争, 争取)", "力争（争取）完成的目标"),
        "over" => ("the target's own window, when it differs from the plan period (全年 in an H2 plan)", "目标自己的时段，与计划期不同时使用（如下半年计划中的全年目标）"),
        "from" => ("with issued after per …: the repetitions start at the issue date", "与“印发”连用于每年（季度、月）之后：从印发之日起计算"),
        "each" => ("the value holds for each member of the group, not for the plan as a whole", "数值是单位组中每个成员各自的目标，不是全计划的合计"),
        "ratio" => ("the metric is a share: numerator / denominator", "该指标是占比：分子 / 分母"),
        "average" => ("average annual growth over the window (年均增长)", "时段内的年均增长"),
        "draft" => ("status: a draft", "状态：草案"),
        "approved" => ("status: approved", "状态：定稿"),
        _ => return None,
    };
    Some(if zh { z } else { e })
}

/// A keyword in both languages with its meaning, Markdown: `` `owner` (`责任单位`): the
/// responsible units… `` — or, in Chinese, `` `责任单位`（`owner`）：章节或措施的… ``.
pub fn describe(k: &Keyword, zh: bool) -> String {
    let meaning = meaning(k.en, zh).unwrap_or_default();
    if zh {
        format!("`{}`（`{}`）：{meaning}", k.zh, k.en)
    } else {
        format!("`{}` (`{}`): {meaning}", k.en, k.zh)
    }
}

/// The keyword a word at hand is part of: `part`/`of` → `part of`, `year` → `per year`, a
/// Chinese spelling → its entry; `None` for any other word.
pub fn of_word(word: &str) -> Option<&'static Keyword> {
    let en = match word {
        "part" | "of" => "part of",
        "per" | "year" => "per year",
        "quarter" => "per quarter",
        "month" => "per month",
        other => other,
    };
    find(en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_has_a_meaning_in_both_languages() {
        for k in KEYWORDS {
            assert!(meaning(k.en, false).is_some(), "{}", k.en);
            let zh = meaning(k.en, true).unwrap_or_default();
            assert!(
                !zh.is_empty() && !zh.contains(['(', ')', ',', ';']),
                "{}: {zh}",
                k.en
            );
        }
        assert_eq!(of_word("争取").map(|k| k.en), Some("stretch"));
        assert_eq!(of_word("of").map(|k| k.en), Some("part of"));
        assert_eq!(of_word("责任单位").map(|k| k.en), Some("owner"));
        assert!(of_word("经信局").is_none());
    }
}
