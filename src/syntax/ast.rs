//! The typed syntax tree of one `.plan` file. Every node keeps its byte span in the source
//! so that each finding can point exactly where the fault is written.
//!
//! The tree says what was written, nothing more: names are not looked up and dates are
//! kept as text with their span (whether `2025-02-30` exists is a check, D207).

use std::ops::Range;

/// A byte range in the source text.
pub type Span = Range<usize>;

/// A name as written: an identifier (`经信局`) or a string standing for one (`"5G基站"`).
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// The name itself, unescaped when it was a string.
    pub text: String,
    pub span: Span,
}

/// A string literal: `"遂宁市安居区发展和改革局"`, unescaped.
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub text: String,
    pub span: Span,
}

/// A number as written (`350`, `0.25`, `1_450`), with its exact value.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub value: crate::number::Number,
    pub span: Span,
}

/// A date literal: `2025-06-30`, `2025-06`, `2025-Q1`, `2025-H2` or `2025`.
#[derive(Clone, Debug, PartialEq)]
pub struct DateLit {
    pub text: String,
    pub span: Span,
}

/// A deadline as written after `deadline` or `by`: a date, or (extension) a window
/// `2024-03-11..2024-03-31` that must be met by its end.
#[derive(Clone, Debug, PartialEq)]
pub struct When {
    /// The window's start, when a window was written (rare: boxed, so that the common
    /// deadline takes less memory).
    pub from: Option<Box<DateLit>>,
    /// The date the deadline falls on (a window's end).
    pub until: DateLit,
    pub span: Span,
}

/// A period: `period 2025`, `period 2021..2023`, `period 2024-07-01..2024-12-31`.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodLit {
    pub start: DateLit,
    pub end: Option<DateLit>,
    pub span: Span,
}

/// A whole file: its items in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
}

/// A top-level item. The large variants are boxed, so that a file of many small items
/// takes little more than its items (a `metric` declaration is 256 bytes unboxed).
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Plan(Box<PlanHeader>),
    Use(Use),
    Owners(OwnersBlock),
    Unit(Box<UnitDecl>),
    Metric(Box<MetricDecl>),
    Node(Box<Node>),
}

/// The plan header: `plan "安居区2025年计划" { issued 2025-03-26  period 2025  issuer 发改局 }`.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanHeader {
    pub title: Str,
    pub issued: Option<DateLit>,
    pub period: Option<PeriodLit>,
    pub issuer: Option<Name>,
    pub region: Option<Str>,
    pub status: Option<Str>,
    pub reference: Option<Str>,
    /// (extension) `note "..."` lines of the header: plan-wide text such as a glossary.
    pub notes: Vec<Str>,
    /// (v2) `also 各县区政府` lines of the header: owners added to every measure of the file.
    pub also: Vec<Also>,
    /// The `plan` keyword, where a second header is reported.
    pub keyword: Span,
    pub span: Span,
}

/// `use "zunyi-owners.plan"`: import the owners, units and metrics of another file.
#[derive(Clone, Debug, PartialEq)]
pub struct Use {
    pub path: Str,
    pub span: Span,
}

/// `owners { 发改局 "遂宁市安居区发展和改革局" aka "区发改局" }`
#[derive(Clone, Debug, PartialEq)]
pub struct OwnersBlock {
    pub entries: Vec<OwnerEntry>,
    pub span: Span,
}

/// One registry entry: short id, full name, other names; (v2) a group of units:
/// `group 各县区政府 "各县(市、区)人民政府" members 红花岗区政府, 汇川区政府`.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnerEntry {
    pub id: Name,
    pub full_name: Option<Str>,
    pub aliases: Vec<Str>,
    /// Written with `group`: a group of units, not one unit.
    pub group: bool,
    /// The members a group lists (`members A, B`).
    pub members: Vec<Name>,
    pub span: Span,
}

/// (v2) A carry-forward clause: `also 各县区政府` (以下均需各县区政府落实,不再列出).
#[derive(Clone, Debug, PartialEq)]
pub struct Also {
    pub owners: Vec<Name>,
    pub span: Span,
}

/// (v2) The role an `owner` line gives a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `lead` (牵头)
    Lead,
    /// `support` (配合)
    Support,
}

/// (v2) How an `owner` line says who leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerForm {
    /// `owner A, B` (LANGUAGE.md §3): the first leads, the rest support.
    Listed,
    /// `owner jointly A, B` (按职责分工负责): nobody leads.
    Jointly,
    /// `owner lead A, support B, C`: the roles as marked.
    Marked,
}

/// `unit 标箱 = 20 吨` (derived) or `unit 积分 : score` (a new base unit of a new dimension).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDecl {
    pub name: Name,
    pub def: UnitDef,
    pub span: Span,
}

/// What a declared unit is.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitDef {
    /// `= 20 吨`
    Derived { factor: Number, unit: Name },
    /// `: score`
    Base { dimension: Name },
}

/// `metric 锂电及新材料产值 "锂电及新材料产业产值" in 亿元 part of 规上工业总产值`
#[derive(Clone, Debug, PartialEq)]
pub struct MetricDecl {
    pub id: Name,
    pub title: Option<Str>,
    pub unit: Name,
    pub part_of: Option<Name>,
    /// (v2) `ratio 工业投资 / 固定资产投资`: the metric is the first divided by the second.
    pub ratio: Option<(Name, Name)>,
    pub span: Span,
}

/// Whether a node is a `section` or a `measure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Section,
    Measure,
}

/// `section 产业 "(三)加快建设现代化产业体系" { ... }` or `measure 粮食 "提升农业现代化水平" { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub id: Name,
    pub title: Option<Str>,
    pub body: Vec<BodyItem>,
    pub span: Span,
}

/// One line (or nested node) of a section or measure body. The large variants are boxed:
/// every line of a plan is one of these, and an enum is as large as its largest variant
/// (issue 15: a dense plan's tree took 11 bytes per byte of text).
#[derive(Clone, Debug, PartialEq)]
pub enum BodyItem {
    /// `owner 经信局, 发改局`; (v2) `owner jointly A, B`, `owner lead A, support B, C`.
    Owner {
        owners: Vec<Name>,
        form: OwnerForm,
        /// For each name, the mark written just before it (`lead`, `support`); a mark holds
        /// for the names after it until the next one.
        marks: Vec<Option<Role>>,
        span: Span,
    },
    /// (v2) `also 各县区政府`: owners added to every later measure of the section.
    Also(Also),
    /// `deadline 2025-06`
    Deadline(When),
    /// `after 新型工业化, 粮食`
    After {
        measures: Vec<Name>,
        span: Span,
    },
    Target(Box<Target>),
    /// `baseline 粮食总产量 = 41.54 万吨 at 2024`
    Baseline(Box<Observation>),
    /// `actual 粮食总产量 = 20.1 万吨 at 2025-06`
    Actual(Box<Observation>),
    /// `note "free text"`
    Note(Str),
    /// (extension) `milestone "建成" by 2022`
    Milestone {
        title: Str,
        when: Box<When>,
        span: Span,
    },
    Node(Box<Node>),
}

/// A comparator: `>=` `<=` `=` `~` `>` `<` (`≥` `≤` `≈` are read as `>=` `<=` `~`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
    Ge,
    Le,
    Eq,
    About,
    Gt,
    Lt,
}

impl Cmp {
    /// The ASCII form, as in the compiled output.
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Le => "<=",
            Cmp::Eq => "=",
            Cmp::About => "~",
            Cmp::Gt => ">",
            Cmp::Lt => "<",
        }
    }
}

/// What a target asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// `target M >= 350 亿元` — a level to reach (达到 / 以上 / 以内 / 左右).
    Level,
    /// `target M growth >= 7 %` — relative growth over the baseline (增长7%).
    Growth,
    /// `target M change >= 5 个百分点` — an absolute change (新增 / 提高 / 下降).
    Change,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Level => "level",
            TargetKind::Growth => "growth",
            TargetKind::Change => "change",
        }
    }
}

/// The bound a target sets: a comparator and a value, or (extension) a range `6..7`.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    Cmp {
        cmp: Cmp,
        cmp_span: Span,
        value: Number,
    },
    Range {
        low: Number,
        high: Number,
    },
}

/// How a target repeats over its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// `per year` / `per quarter` / `per month`: once for every such stretch of the window.
    Per(crate::dates::Every),
    /// `cumulative`: summed over the window (2021-2023年累计).
    Cumulative,
}

/// A target line: `target 规上工业总产值 >= 350 亿元 per year by 2025-12`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The metrics it applies to; more than one is the extension `target A, B growth >= 8 %`.
    pub metrics: Vec<Name>,
    pub kind: TargetKind,
    pub bound: Bound,
    /// The unit as written (`%` for growth).
    pub unit: Name,
    pub repeat: Option<(Repeat, Span)>,
    /// (v2) `per month from issued`: the repetitions start at the issue date.
    pub from_issued: bool,
    pub by: Option<When>,
    /// (v2) `firm` (确保) or `stretch` (力争): whether the plan guarantees the target.
    pub firm: Option<(bool, Span)>,
    /// (v2) `over 2024`: the target's own window (boxed, like `each`: rare, and large).
    pub over: Option<Box<PeriodLit>>,
    /// (v2) `each 各县区政府`: the value holds for each member of the group.
    pub each: Option<Box<Name>>,
    /// (v2) `average growth` (年均增长): average annual growth over the window.
    pub average: bool,
    pub span: Span,
}

/// A `baseline` or `actual` line: `baseline 粮食总产量 = 41.54 万吨 at 2024`.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub metric: Name,
    pub value: Number,
    pub unit: Name,
    pub at: DateLit,
    pub span: Span,
}
