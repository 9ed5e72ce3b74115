//! Every word the checker says to a person, in English and Chinese.
//!
//! Rules build [`Msg`] values (what to say, with its facts); the catalogs `en.rs` and
//! `zh.rs` say it, one `match` each, so a translator sees every message of a language in one
//! file and a rule never holds a sentence. Codes, JSON keys and exit codes never change with
//! the language.

mod en;
mod zh;

use chrono::NaiveDate;

use crate::dates::{DateError, Period};
use crate::syntax::ast::NodeKind;
use crate::syntax::SyntaxProblem;
use crate::units::Dimension;

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The language the environment asks for: `LC_ALL`, `LC_MESSAGES`, then `LANG`;
    /// `zh*` means Chinese, anything else English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if !v.is_empty() {
                    return Lang::from_locale(&v);
                }
            }
        }
        Lang::En
    }

    /// `zh_CN.UTF-8` → Chinese; `en_US`, `C`, `POSIX` → English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Say a message in this language.
    pub fn say(self, msg: &Msg) -> String {
        match self {
            Lang::En => en::say(msg),
            Lang::Zh => zh::say(msg),
        }
    }
}

/// What kind of definition a name belongs to (R401, R402).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefKind {
    Measure,
    Section,
    Metric,
    Unit,
    Owner,
}

impl From<NodeKind> for DefKind {
    fn from(k: NodeKind) -> Self {
        match k {
            NodeKind::Section => DefKind::Section,
            NodeKind::Measure => DefKind::Measure,
        }
    }
}

/// The fixed words of the editor's hover texts (`plan lsp`), around names and values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoverWord {
    Owner,
    Metric,
    Section,
    Measure,
    Unit,
    Target,
    Aka,
    UnitLabel,
    DimensionLabel,
    FromFirstUse,
    Unknown,
    PartOf,
    Owners,
    Deadline,
    EffectiveDeadline,
    FromBy,
    FromDeadlineLine,
    FromPeriodEnd,
    FromNothing,
    NoDeadline,
    Repeats,
    Imports,
    // ── v2 (issue 10) ──
    Group,
    Members,
    Leads,
    Supports,
    NoLead,
    Firm,
    Stretch,
    Window,
    FromWindow,
    Each,
    AverageGrowth,
}

/// The fixed words of the report page (`plan report`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportWord {
    Title,
    Today,
    TodayMark,
    Files,
    Measures,
    Targets,
    Errors,
    Warnings,
    PastDeadline,
    Findings,
    NoFindings,
    AllFindings,
    Code,
    Severity,
    Place,
    Message,
    Error,
    Warning,
    Timeline,
    NoOwner,
    NoDeadlines,
    Progress,
    Reported,
    Rollups,
}

/// Why the editor's rename (`plan lsp`) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameRefusal {
    /// Not on an owner id or a metric.
    NotRenamable,
    /// Defined in an imported file.
    Imported,
    EmptyName,
    /// Another owner or metric already has the name.
    Taken {
        name: String,
    },
}

/// Everything the checker can say. Each variant carries the facts its sentence needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// A fixed word of a hover text.
    Hover(HoverWord),
    /// A fixed word of the report page.
    Report(ReportWord),
    /// `plan render` / `plan report` refused a plan with errors.
    RenderRefused {
        errors: usize,
    },
    /// Why the editor's rename was refused.
    RenameRefused(RenameRefusal),
    // ── P001 ──
    Syntax(SyntaxProblem),
    SyntaxLabel(SyntaxProblem),
    SyntaxHelp(SyntaxProblem),
    /// The related label of an unclosed `{`: where the file ended.
    SyntaxFileEnds,
    NotUtf8 {
        offset: usize,
    },
    NotUtf8Help,
    // ── O1xx ──
    MissingOwner {
        kind: NodeKind,
        id: String,
    },
    MissingOwnerLabel,
    MissingOwnerHelp,
    UnknownOwner {
        name: String,
    },
    UnknownOwnerLabel,
    UnknownOwnerHelp {
        name: String,
    },
    DuplicateOwner {
        name: String,
    },
    DuplicateOwnerLabel,
    FirstRegisteredHere,
    DuplicateOwnerHelp,
    UnusedOwner {
        id: String,
    },
    UnusedOwnerLabel,
    UnusedOwnerHelp,
    // ── R4xx ──
    UnknownReference {
        kind: DefKind,
        name: String,
    },
    UnknownReferenceLabel,
    UnknownReferenceHelp {
        kind: DefKind,
    },
    ImportMissing {
        path: String,
        reason: crate::model::ImportFailure,
    },
    ImportBroken {
        path: String,
        line: usize,
    },
    ImportMissingHelp,
    ImportBrokenHelp {
        path: String,
    },
    DuplicateDefinition {
        kind: DefKind,
        name: String,
    },
    DuplicateDefinitionLabel,
    DuplicatePrelude {
        name: String,
    },
    FirstDefinedHere,
    DuplicateDefinitionHelp,
    ImportCycle {
        chain: Vec<String>,
    },
    ImportCycleLabel,
    ImportCycleHelp,
    /// "did you mean `X`?"
    DidYouMean {
        name: String,
    },
    // ── U301 ──
    UnknownUnit {
        name: String,
    },
    UnknownUnitLabel,
    UnknownUnitHelp,
    /// A unit suggestion with another scale word than the name as written (each `""` when
    /// the name has none).
    DidYouMeanOtherScale {
        name: String,
        written: String,
        suggested: String,
    },
    // ── the command line ──
    /// `2 errors, 1 warning in 3 files`
    Summary {
        errors: usize,
        warnings: usize,
        files: usize,
    },
    CompileRefused {
        errors: usize,
    },
    /// `plan fmt` leaves a file with a syntax error untouched.
    FmtRefused,
    UnknownCode {
        code: String,
        known: Vec<String>,
    },
    IoDirectory,
    IoNotFound,
    /// `plan check` with no PATH and no `paths` in `plan.toml`.
    NoPaths,
    // ── C001: plan.toml ──
    /// What the TOML reader said (in English: it comes from the `toml` crate).
    ConfigSyntax {
        detail: String,
    },
    ConfigUnknownCode {
        code: String,
    },
    ConfigBadSeverity {
        value: String,
    },
    ConfigBadLang {
        value: String,
    },
    ConfigLabel,
    ConfigHelp,
    // ── D207 ──
    InvalidDate {
        text: String,
        error: DateError,
    },
    InvalidDateLabel,
    InvalidDateHelp,
    // ── D201–D206 ──
    DeadlineOutsidePeriod {
        date: NaiveDate,
        period: Period,
    },
    DeadlineOutsidePeriodLabel {
        after_end: bool,
    },
    DeadlineOutsidePeriodHelp {
        period: Period,
    },
    /// Related: the header's `period`.
    PlanPeriodHere {
        period: Period,
    },
    DeadlineBeforeIssue {
        date: NaiveDate,
        issued: NaiveDate,
    },
    DeadlineBeforeIssueLabel,
    DeadlineBeforeIssueHelp,
    PeriodBeforeIssue {
        period: Period,
        issued: NaiveDate,
    },
    PeriodBeforeIssueHelp,
    /// (v2) A target's own `over` window that misses the plan period entirely (D201).
    WindowOutsidePeriod {
        window: Period,
        period: Period,
    },
    WindowOutsidePeriodLabel,
    WindowOutsidePeriodHelp,
    /// (v2) A target's own `over` window that ended before the issue date (D202).
    WindowBeforeIssue {
        window: Period,
        issued: NaiveDate,
    },
    WindowBeforeIssueHelp,
    /// Related: the header's `issued`.
    IssuedHere {
        issued: NaiveDate,
    },
    /// A `per …` target whose repetitions for `periods` (`2021`, `2021-Q4`) were past.
    RepetitionsBeforeIssue {
        metric: String,
        periods: Vec<String>,
        issued: NaiveDate,
    },
    RepetitionsBeforeIssueLabel {
        count: usize,
    },
    RepetitionsBeforeIssueHelp,
    DeadlineBeforeDependency {
        id: String,
        date: NaiveDate,
        dep: String,
        dep_date: NaiveDate,
    },
    DeadlineBeforeDependencyLabel {
        dep: String,
    },
    /// Related: where a node's deadline is written (D203, D205).
    DependencyDue {
        dep: String,
        date: NaiveDate,
    },
    DeadlineBeforeDependencyHelp {
        id: String,
        dep: String,
        dep_date: NaiveDate,
    },
    DependencyCycle {
        cycle: Vec<String>,
    },
    DependencyCycleLabel,
    DependencyCycleHelp,
    ChildDeadlineAfterParent {
        date: NaiveDate,
        parent: String,
        parent_date: NaiveDate,
    },
    ChildDeadlineAfterParentLabel {
        parent: String,
    },
    ChildDeadlineAfterParentHelp {
        parent_date: NaiveDate,
    },
    /// `later`/`earlier` are bounds as written (`>= 50 %`); `at_least` for `>=`/`>`.
    MilestonesBackwards {
        metric: String,
        later: String,
        later_date: NaiveDate,
        earlier: String,
        earlier_date: NaiveDate,
        at_least: bool,
    },
    MilestonesBackwardsLabel {
        at_least: bool,
    },
    EarlierTarget {
        text: String,
        date: NaiveDate,
    },
    MilestonesBackwardsHelp {
        at_least: bool,
    },
    // ── U302–U305 ──
    /// Related: where a metric's unit is written.
    MetricUnit {
        metric: String,
        unit: String,
        dimension: Dimension,
    },
    UnitMismatch {
        metric: String,
        unit: String,
        dimension: Dimension,
        metric_unit: String,
        metric_dimension: Dimension,
    },
    UnitMismatchLabel {
        dimension: Dimension,
    },
    UnitMismatchHelp {
        metric_unit: String,
        metric_dimension: Dimension,
    },
    ChangeInPointsHelp,
    PercentVsPoints {
        metric: String,
    },
    PercentVsPointsLabel,
    PercentVsPointsHelp,
    RollupDimension {
        part: String,
        part_unit: String,
        part_dimension: Dimension,
        whole: String,
        whole_unit: String,
        whole_dimension: Dimension,
    },
    RollupDimensionLabel {
        dimension: Dimension,
    },
    RollupDimensionHelp,
    /// `sum` is a quantity in the whole's unit; `target` the whole's bound as written.
    RollupExceeds {
        whole: String,
        date: NaiveDate,
        sum: String,
        target: String,
        whole_at_least: bool,
    },
    RollupExceedsLabel {
        sum: String,
    },
    RollupExceedsHelp {
        whole_at_least: bool,
    },
    /// Related: one part's target and its value in the whole's unit.
    PartTarget {
        text: String,
    },
    // ── T501–T503 ──
    ContradictoryTargets {
        metric: String,
        date: NaiveDate,
        first: String,
        second: String,
    },
    ContradictoryTargetsLabel {
        other: String,
    },
    OtherTarget {
        text: String,
        date: NaiveDate,
    },
    ContradictoryTargetsHelp,
    BaselineInconsistent {
        metric: String,
        baseline: String,
        growth: String,
        implied: String,
        level: String,
    },
    BaselineInconsistentLabel {
        implied: String,
    },
    GrowthTarget {
        text: String,
    },
    /// Related: a baseline line.
    BaselineHere {
        baseline: String,
        at: Option<NaiveDate>,
    },
    BaselineInconsistentHelp,
    TargetBelowBaseline {
        metric: String,
        target: String,
        baseline: String,
        at: Option<NaiveDate>,
    },
    TargetBelowBaselineLabel {
        baseline: String,
    },
    TargetBelowBaselineHelp,
    // ── plan import (issue 12) ──
    /// The document could not be read (why, by kind: no English OS words in zh).
    ImportIo {
        reason: crate::import::IoProblem,
    },
    ImportTooLarge {
        bytes: u64,
        max: u64,
    },
    ImportUndecodable,
    ImportNoText,
    ImportBadDocx {
        reason: crate::import::DocxProblem,
    },
    ImportUnknownKind {
        ext: String,
    },
    /// The draft is written: what it holds.
    ImportDrafted {
        measures: usize,
        targets: usize,
        owners: usize,
        doubts: usize,
    },
    /// `--keywords zh` before the grammar reads Chinese keywords.
    ImportDraftBroken,

    // ── issue 10: O101 once per file, O105, D208, T503 for flows, T504–T506 ──
    NoOwnerInFile {
        count: usize,
    },
    NoOwnerInFileLabel,
    NoOwnerInFileHelp,
    EachNotAGroup {
        name: String,
    },
    EachNotAGroupLabel,
    /// Related: the registry entry of a unit (not a group).
    RegisteredAsUnitHere,
    EachNotAGroupHelp {
        name: String,
    },
    PlanWindowElapsed {
        period: Period,
        issued: NaiveDate,
        percent: i64,
    },
    TargetWindowElapsed {
        window: Period,
        issued: NaiveDate,
        percent: i64,
    },
    WindowElapsedLabel {
        percent: i64,
    },
    WindowElapsedHelp,
    TargetBelowLastYear {
        metric: String,
        target: String,
        baseline: String,
        at: Option<NaiveDate>,
    },
    TargetRepeatsBaseline {
        metric: String,
        target: String,
        baseline: String,
        at: Option<NaiveDate>,
    },
    TargetRepeatsBaselineLabel,
    TargetRepeatsBaselineHelp,
    ShareContradicts {
        metric: String,
        target: String,
        numerator: String,
        denominator: String,
        implied: String,
    },
    ShareContradictsLabel {
        implied: String,
    },
    NumeratorHere {
        target: String,
    },
    DenominatorHere {
        target: String,
    },
    ShareContradictsHelp,
    AverageGrowthInconsistent {
        metric: String,
        target: String,
        start: String,
        end: String,
        years: i32,
        implied: String,
    },
    AverageGrowthInconsistentLabel {
        implied: String,
    },
    WindowStartLevel {
        level: String,
    },
    WindowEndLevel {
        level: String,
    },
    AverageGrowthInconsistentHelp,
    /// Related: a target stated again, word for word.
    SameTargetAgain,
    // ── output files (src/output.rs, issue 16) ──
    /// An output target that `plan` will not replace, and why.
    OutputRefused(crate::output::Refusal),
    /// A temporary file of a killed run, removed before writing beside it.
    LeftoverRemoved {
        path: String,
    },
    /// A recent temporary file of another (or a just-killed) run, left in place.
    LeftoverKept {
        path: String,
    },
    // ── files not read (src/source.rs, issue 11) ──
    /// A path given to `plan` or imported that is not read, and why.
    Unreadable(crate::source::Unreadable),
    /// The help of R401 for an import that is not read.
    ImportUnreadableHelp,
    // ── the command line: runs that read nothing (issue 11 item 5) ──
    /// `plan check` found no `.plan` file in its paths.
    NoPlanFiles,
    /// Appended to the summary: `; 2 paths could not be read`.
    IoErrorsSummary {
        count: usize,
    },
    // ── limits (issue 16) ──
    /// L801: a `per` target with more repetitions than one target may expand to.
    TooManyRepetitions {
        count: u64,
        kept: usize,
        limit: usize,
    },
    /// L801: a `per` target cut because the plan's repetitions reached their total.
    TooManyRepetitionsInPlan {
        count: u64,
        kept: usize,
        limit: usize,
    },
    TooManyRepetitionsLabel {
        count: u64,
    },
    TooManyRepetitionsHelp,
    /// L802: the findings past the cap of a report (`--max-findings`), not printed.
    FindingsNotShown {
        hidden: usize,
        shown: usize,
    },
    FindingsNotShownLabel,
    FindingsNotShownHelp,
    /// R401's help for an import chain cut for depth: the limit and the chain.
    ImportTooDeepHelp {
        limit: usize,
        chain: Vec<String>,
    },
    // ── S6xx: progress (`plan status`, `plan check --as-of`, `plan ledger`) ──
    Status(StatusMsg),
}

/// What the progress commands say: the S6xx findings, the status table and the ledger.
#[derive(Clone, Debug, PartialEq)]
pub enum StatusMsg {
    /// A status word: `on track`, `正常推进`.
    Word(crate::status::Status),
    /// A column of the status table or the ledger.
    Column(Column),
    /// The name of a ledger sheet.
    Sheet(Sheet),
    /// `Status of TITLE as of DATE`
    Title {
        title: String,
        as_of: NaiveDate,
    },
    /// The group of measures that name no owner.
    NoOwner,
    /// Marks the lead owner of a measure (牵头).
    Lead,
    /// Marks a supporting owner of a measure (配合).
    Support,
    /// Marks a member of the group of a per-member target (`each`).
    Member,
    /// Why a target has no comparison, or where its value came from.
    Note(crate::status::Reason),
    /// `12 targets: 2 done, 5 on track, …` (counts in the order of `Status::ALL`).
    Totals {
        counts: [usize; 6],
    },
    /// A plan that does not parse has no status.
    Refused {
        errors: usize,
    },
    /// A plan with errors is followed all the same; a note on standard error.
    HasErrors {
        errors: usize,
    },
    /// An `actual` line of a report file naming a metric the plan does not have.
    UnknownMetric {
        metric: String,
        plan: String,
    },
    /// `plan ledger --with FILE`: the file is no actuals file of the plan.
    NotAReport {
        file: String,
        plan: String,
    },
    /// `actual … at …` as written in a report: `latest actual 300 亿元 at 2025-06-30`.
    LatestActual {
        actual: String,
        at: NaiveDate,
    },
    // ── S601 overdue ──
    Overdue {
        target: String,
        deadline: NaiveDate,
        actual: Option<(String, NaiveDate)>,
    },
    OverdueLabel {
        deadline: NaiveDate,
    },
    OverdueHelp,
    // ── S602 behind ──
    Behind {
        target: String,
        actual: String,
        at: NaiveDate,
        expected: String,
    },
    BehindLabel {
        expected: String,
    },
    BehindHelp,
    // ── plan ledger ──
    /// `plan ledger --read`: a cell that cannot be read, with its place (`明细!H7`).
    Cell {
        at: String,
        problem: CellProblem,
    },
    /// `plan ledger --read` wrote `count` actual lines.
    ReadDone {
        count: usize,
        out: String,
    },
    /// A workbook without the detail sheet.
    NoDetailSheet {
        sheet: String,
    },
    /// The header of the generated actuals file.
    ActualsHeader {
        plan: String,
        workbook: String,
    },
}

/// The columns of the status table and the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Row,
    Section,
    Measure,
    Owners,
    Metric,
    Target,
    Unit,
    Deadline,
    Baseline,
    Actual,
    At,
    Expected,
    Completion,
    Status,
    Owner,
    Total,
    /// (issue 10) Why a row has no comparison: no members, no whole years, from A ÷ B.
    Note,
}

/// The sheets of the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    Detail,
    Summary,
}

/// Why a ledger cell could not be read back.
#[derive(Clone, Debug, PartialEq)]
pub enum CellProblem {
    /// Text where a number belongs (the text as found).
    NotANumber { text: String },
    /// A number followed by a unit of another dimension than the target's.
    WrongUnit { unit: String, expected: String },
    /// A unit nobody knows.
    UnknownUnit { unit: String },
    /// A row whose key matches no target of the plan.
    UnknownRow { key: String },
    /// A period heading that is not a date.
    BadPeriod { text: String },
}

/// A number as a planner writes it: `350`, `0.25`, `35000000000`, never `3.5e10` or
/// `0.30000000000000004`: the exact decimal, in canonical form (src/number.rs).
/// A reserved keyword written where a name was expected (`target 指标 >= …`: 指标 is
/// `metric`): the help says to quote it rather than give the line's form, which the user
/// already wrote.
fn keyword_for_name(p: &SyntaxProblem) -> Option<&str> {
    let SyntaxProblem::Expected {
        expected,
        found: Some(found),
        ..
    } = p
    else {
        return None;
    };
    let reserved = crate::syntax::keywords::find(found).is_some_and(|k| k.reserved);
    (reserved && expected.contains(&crate::syntax::Expected::Name)).then_some(found.as_str())
}

pub fn number(value: crate::number::Number) -> String {
    value.to_string()
}

/// A computed quantity for a reader (a sum of parts, `30 万亩` in km2): every digit when it is
/// a finite decimal, so a sum of 100.00000000001 is never shown as the 100 it exceeds; else
/// (a quotient such as 1/24) to 9 decimal places, as a planner would round it.
pub fn figure(value: crate::number::Ratio) -> String {
    match value.to_number() {
        Some(n) if value.is_decimal() => number(n),
        Some(n) => number(n.round_dp(9)),
        None => format!("{value}"),
    }
}

/// A long chain of names, its middle elided (`a → b → c → … 28 more → x → y → z`); short chains
/// whole. The R401 help of an import chain 33 files deep would otherwise fill the screen.
pub fn long_chain(items: &[String], more: impl Fn(usize) -> String) -> String {
    const ENDS: usize = 3;
    if items.len() <= 2 * ENDS + 1 {
        return chain(items);
    }
    let (head, rest) = items.split_at(ENDS);
    let tail = rest.get(rest.len() - ENDS..).unwrap_or_default();
    format!(
        "{} → {} → {}",
        chain(head),
        more(items.len() - 2 * ENDS),
        chain(tail)
    )
}

/// Names joined for a sentence: `a → b → a`.
pub fn chain(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_planner_writes_them() {
        let n = |s: &str| crate::number::Number::parse(s).unwrap_or_default();
        assert_eq!(number(n("350")), "350");
        assert_eq!(number(n("0.25")), "0.25");
        assert_eq!(
            n("0.1").checked_add(n("0.2")).map(number),
            Some("0.3".into())
        );
        assert_eq!(number(n("35_000_000_000")), "35000000000");
        assert_eq!(number(n("-5")), "-5");
        assert_eq!(number(n("12345678901234567.89")), "12345678901234567.89");
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh_TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
    }
}
