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
    kw("stretch", "力争", Kind::Inner, true),
    kw("over", "时段", Kind::Inner, true),
    kw("from", "自", Kind::Inner, true),
    kw("each", "每个", Kind::Inner, true),
    kw("ratio", "比值", Kind::Inner, true),
    kw("average", "年均", Kind::Inner, true),
    kw("draft", "草案", Kind::Value, false),
    kw("approved", "定稿", Kind::Value, false),
];

/// The entry of a keyword written in either language (`"目标"` or `"target"`; the two-word
/// English forms with one space).
pub fn find(word: &str) -> Option<&'static Keyword> {
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
