//! The English catalog.

use super::{chain, DefKind, Msg};
use crate::dates::{DateError, Period};
use crate::model::ImportFailure;
use crate::syntax::ast::NodeKind;
use crate::syntax::{Expected, Instead, SyntaxProblem};
use crate::units::Dimension;

pub fn say(msg: &Msg) -> String {
    match msg {
        Msg::Hover(w) => hover_word(*w).into(),
        Msg::Report(w) => report_word(*w).into(),
        Msg::RenderRefused { errors } => format!(
            "not rendered: the plan has {errors} error{} (`plan check` shows them)",
            if *errors == 1 { "" } else { "s" }
        ),
        Msg::RenameRefused(r) => rename_refused(r),
        Msg::Syntax(p) => syntax(p),
        Msg::SyntaxLabel(p) => syntax_label(p),
        Msg::SyntaxHelp(p) => syntax_help(p),
        Msg::SyntaxFileEnds => "the file ends here".into(),
        Msg::NotUtf8 { offset } => {
            format!("the file is not UTF-8 text (the first bad byte is at byte {offset})")
        }
        Msg::NotUtf8Help => {
            "save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)".into()
        }

        Msg::MissingOwner { kind, id } => {
            format!("{} `{id}` has no owner", node_kind(*kind))
        }
        Msg::MissingOwnerLabel => "no `owner` line here or in an enclosing section".into(),
        Msg::MissingOwnerHelp => {
            "add `owner ID` (the lead unit first) to the measure or to its section".into()
        }
        Msg::UnknownOwner { name } => format!("`{name}` is not a registered owner"),
        Msg::UnknownOwnerLabel => "not in any `owners` registry".into(),
        Msg::UnknownOwnerHelp { name } => {
            format!("register it: `owners {{ {name} \"full name\" }}`, or import a registry with `use`")
        }
        Msg::DuplicateOwner { name } => {
            format!("`{name}` is registered for two owners")
        }
        Msg::DuplicateOwnerLabel => "registered again here".into(),
        Msg::FirstRegisteredHere => "first registered here".into(),
        Msg::DuplicateOwnerHelp => {
            "each id, full name and alias must name one owner: remove or rename one of them".into()
        }
        Msg::UnusedOwner { id } => format!("owner `{id}` is registered but never used"),
        Msg::UnusedOwnerLabel => "no measure, section or header names it".into(),
        Msg::UnusedOwnerHelp => {
            "assign it to the measures it is responsible for, or remove it; keep shared registries in a file of their own (one with no sections or measures)".into()
        }

        Msg::UnknownReference { kind, name } => {
            format!("no {} named `{name}`", def_kind(*kind))
        }
        Msg::UnknownReferenceLabel => "points at nothing".into(),
        Msg::UnknownReferenceHelp { kind } => match kind {
            DefKind::Metric => "declare it with `metric NAME in UNIT`, or use it in a target".into(),
            _ => "check the spelling, or define it".into(),
        },
        Msg::ImportMissing { path, reason } => {
            let why = match reason {
                ImportFailure::NotFound => "no such file".to_string(),
                ImportFailure::Directory => "it is a directory".to_string(),
                ImportFailure::NotUtf8 => "it is not UTF-8 text".to_string(),
                ImportFailure::TooDeep(n, _) => format!("imports nest more than {n} files deep"),
                ImportFailure::Io(e) => e.clone(),
                ImportFailure::Unreadable(why) => unreadable(why),
            };
            format!("cannot import `{path}`: {why}")
        }
        Msg::ImportBroken { path, line } => {
            format!("cannot import `{path}`: it has a syntax error at line {line}")
        }
        Msg::ImportMissingHelp => {
            "the path is relative to this file; check that the file exists".into()
        }
        Msg::ImportBrokenHelp { path } => format!("run `plan check {path}` and fix it first"),
        Msg::DuplicateDefinition { kind, name } => {
            format!("{} `{name}` is defined twice", def_kind(*kind))
        }
        Msg::DuplicateDefinitionLabel => "defined again here".into(),
        Msg::DuplicatePrelude { name } => {
            format!("unit `{name}` is already a built-in unit")
        }
        Msg::FirstDefinedHere => "first defined here".into(),
        Msg::DuplicateDefinitionHelp => {
            "measures and sections share one namespace; give each a name of its own".into()
        }
        Msg::ImportCycle { chain: c } => format!("imports form a cycle: {}", chain(c)),
        Msg::ImportCycleLabel => "this import leads back to this file".into(),
        Msg::ImportCycleHelp => {
            "move what both files need into a registry file that imports nothing".into()
        }
        Msg::DidYouMean { name } => format!("did you mean `{name}`?"),
        Msg::UnknownUnit { name } => format!("unknown unit `{name}`"),
        Msg::UnknownUnitLabel => "neither a built-in unit nor declared".into(),
        Msg::DidYouMeanOtherScale {
            name,
            written,
            suggested,
        } => {
            let scale = |w: &str| {
                if w.is_empty() {
                    "no scale word".to_string()
                } else {
                    format!("the scale word `{w}`")
                }
            };
            format!(
                "did you mean `{name}`? Mind the scale: `{name}` has {}, the unit written has {}; check the number",
                scale(suggested),
                scale(written)
            )
        }
        Msg::UnknownUnitHelp => {
            "declare it: `unit NAME = NUMBER UNIT` (a multiple of a known unit) or `unit NAME : DIMENSION` (a new kind of quantity)".into()
        }

        Msg::Summary {
            errors,
            warnings,
            files,
        } => format!(
            "{} {}, {} {} in {} {}",
            errors,
            plural(*errors, "error", "errors"),
            warnings,
            plural(*warnings, "warning", "warnings"),
            files,
            plural(*files, "file", "files")
        ),
        Msg::CompileRefused { errors } => format!(
            "not compiled: the plan has {errors} {}",
            plural(*errors, "error", "errors")
        ),
        Msg::FmtRefused => "not formatted: fix the syntax error first".to_string(),
        Msg::UnknownCode { code, known } => {
            format!("unknown code `{code}`; the codes are {}", known.join(", "))
        }
        Msg::IoDirectory => "is a directory, not a plan file".into(),
        Msg::IoNotFound => "no such file or directory".into(),
        Msg::NoPaths => {
            "nothing to check: give a PATH, or list `paths` in plan.toml".into()
        }
        // ── plan import (issue 12) ──
        Msg::ImportIo { reason } => {
            use crate::import::IoProblem as P;
            let why = match reason {
                P::NotFound => "no such file",
                P::PermissionDenied => "permission denied (ask for read access to the file)",
                P::IsADirectory => "it is a directory: give the document file itself",
                P::Other => "the system could not read it (is the disk or the network share available?)",
            };
            format!("cannot read the document: {why}")
        }
        Msg::ImportTooLarge { bytes, max } => format!(
            "the document is {} MB; plan import reads documents up to {} MB (is this the right file?)",
            bytes / (1024 * 1024),
            max / (1024 * 1024)
        ),
        Msg::ImportUndecodable => "the document is not text in UTF-8, UTF-16 or GBK/GB18030: save it as UTF-8 text, or give the .docx or .html".into(),
        Msg::ImportNoText => "the document has no text (empty, or a scan made of images): import the text of the plan, not a picture of it".into(),
        Msg::ImportBadDocx { reason } => {
            use crate::import::DocxProblem as P;
            let why = match reason {
                P::NotZip => "it is not a zip archive, as every .docx is (an old .doc renamed? save it again as .docx)".to_owned(),
                P::Unsupported => "the archive is encrypted or compressed in a way the reader does not support (save it again without a password)".to_owned(),
                P::NoDocument => "the archive has no word/document.xml (is it a Word document?)".to_owned(),
                P::BadPart(part) => format!("its part {part} cannot be read (the file is damaged)"),
                P::BadXml(part) => format!("the XML of its part {part} is malformed (the file is damaged)"),
            };
            format!("not a readable Word document (.docx): {why}")
        }
        Msg::ImportUnknownKind { ext } => format!("cannot import `.{ext}` files: give a .txt, .md, .html or .docx document"),
        Msg::ImportDrafted { measures, targets, owners, doubts } => format!(
            "drafted {measures} {}, {targets} {}, {owners} {}; {doubts} {} marked `待核` to review",
            plural(*measures, "measure", "measures"),
            plural(*targets, "target", "targets"),
            plural(*owners, "owner", "owners"),
            plural(*doubts, "place", "places")
        ),
        Msg::ImportDraftBroken => "internal error: the draft does not parse; nothing was written".into(),
        Msg::ConfigSyntax { detail } => format!("invalid configuration: {detail}"),
        Msg::ConfigUnknownCode { code } => format!("`{code}` is not a check's code"),
        Msg::ConfigBadSeverity { value } => {
            format!("`{value}` is not a severity: write \"error\", \"warning\" or \"off\"")
        }
        Msg::ConfigBadLang { value } => {
            format!("`{value}` is not a language of messages: write \"en\" or \"zh\"")
        }
        Msg::ConfigLabel => "here".into(),
        Msg::ConfigHelp => "see `plan explain C001` for every key plan.toml takes".into(),
        Msg::InvalidDate { text, error } => match error {
            DateError::EndBeforeStart { .. } => format!("`{text}` is not a valid period: {error}"),
            _ => format!("`{text}` is not a valid date: {error}"),
        },
        Msg::InvalidDateLabel => "no such date".into(),
        Msg::InvalidDateHelp => {
            "dates are written 2025-06-30, 2025-06, 2025-Q1 … Q4, 2025-H1 or H2, or 2025".into()
        }

        Msg::DeadlineOutsidePeriod { date, period } => {
            format!("deadline {date} is outside the plan period {}", en_period(period))
        }
        Msg::DeadlineOutsidePeriodLabel { after_end: true } => "after the plan period ends".into(),
        Msg::DeadlineOutsidePeriodLabel { after_end: false } => {
            "before the plan period starts".into()
        }
        Msg::DeadlineOutsidePeriodHelp { period } => format!(
            "move the date into the plan period ({}), or widen the header's `period`",
            en_period(period)
        ),
        Msg::PlanPeriodHere { period } => format!("the plan period is {}", en_period(period)),
        Msg::DeadlineBeforeIssue { date, issued } => format!(
            "deadline {date} is before the plan's issue date {issued}: already past when published"
        ),
        Msg::DeadlineBeforeIssueLabel => "already past when published".into(),
        Msg::DeadlineBeforeIssueHelp => {
            "set a date on or after the issue date; a result already reached belongs in an `actual` line".into()
        }
        Msg::PeriodBeforeIssue { period, issued } => format!(
            "the whole plan period {} ended before the plan was issued on {issued}",
            en_period(period)
        ),
        Msg::WindowOutsidePeriod { window, period } => format!(
            "the target's window {} lies wholly outside the plan period {}",
            en_period(window),
            en_period(period)
        ),
        Msg::WindowOutsidePeriodLabel => "no day of this window is in the plan period".into(),
        Msg::WindowOutsidePeriodHelp => "a target's own window may start before the period (全年 in a half-year plan) or end after it, but must share some of it: check the year".into(),
        Msg::WindowBeforeIssue { window, issued } => format!(
            "the target's window {} ended before the plan was issued on {issued}: already past when published",
            en_period(window)
        ),
        Msg::WindowBeforeIssueHelp => "set a window that is still open at the issue date; a result already reached belongs in an `actual` line".into(),
        Msg::PeriodBeforeIssueHelp => {
            "check `issued` and `period`: a plan is issued before or during the period it plans"
                .into()
        }
        Msg::IssuedHere { issued } => format!("the plan is issued {issued}"),
        Msg::RepetitionsBeforeIssue {
            metric,
            periods,
            issued,
        } => format!(
            "the repeating target for `{metric}` in {} fell due before the plan's issue date {issued}: already past when published",
            periods.join(", ")
        ),
        Msg::RepetitionsBeforeIssueLabel { count } => format!(
            "{count} {} already past",
            plural(*count, "repetition", "repetitions")
        ),
        Msg::RepetitionsBeforeIssueHelp => {
            "record the past years with `actual` lines and write a target for each year still ahead (`by 2023`), or check the issue date".into()
        }
        Msg::DeadlineBeforeDependency {
            id,
            date,
            dep,
            dep_date,
        } => format!("`{id}` is due {date}, before `{dep}` (due {dep_date}), which it comes after"),
        Msg::DeadlineBeforeDependencyLabel { dep } => format!("due before `{dep}` is done"),
        Msg::DependencyDue { dep, date } => format!("`{dep}` is due {date}"),
        Msg::DeadlineBeforeDependencyHelp { id, dep, dep_date } => format!(
            "move `{id}`'s deadline to {dep_date} or later, or bring `{dep}`'s deadline forward"
        ),
        Msg::DependencyCycle { cycle } => format!("`after` links form a cycle: {}", chain(cycle)),
        Msg::DependencyCycleLabel => "this `after` closes the cycle".into(),
        Msg::DependencyCycleHelp => {
            "a measure cannot wait for itself: remove the `after` link that is not a real dependency".into()
        }
        Msg::ChildDeadlineAfterParent {
            date,
            parent,
            parent_date,
        } => format!(
            "{date} is later than the deadline of the enclosing `{parent}` ({parent_date})"
        ),
        Msg::ChildDeadlineAfterParentLabel { parent } => {
            format!("later than `{parent}`'s deadline")
        }
        Msg::ChildDeadlineAfterParentHelp { parent_date } => format!(
            "bring this date forward to {parent_date} or earlier, or move the enclosing deadline"
        ),
        Msg::MilestonesBackwards {
            metric,
            later,
            later_date,
            earlier,
            earlier_date,
            at_least,
        } => format!(
            "`{metric}` asks for {} by {later_date} (`{later}`) than by {earlier_date} (`{earlier}`)",
            if *at_least { "less" } else { "more" }
        ),
        Msg::MilestonesBackwardsLabel { at_least: true } => {
            "a lower target than at an earlier date".into()
        }
        Msg::MilestonesBackwardsLabel { at_least: false } => {
            "a higher ceiling than at an earlier date".into()
        }
        Msg::EarlierTarget { text, date } => format!("the earlier target `{text}`, due {date}"),
        Msg::MilestonesBackwardsHelp { at_least } => format!(
            "a ramp should not go backwards: check the values and the dates (a later target usually asks for {})",
            if *at_least { "at least as much" } else { "no more" }
        ),

        Msg::MetricUnit {
            metric,
            unit,
            dimension: d,
        } => format!("`{metric}` is measured in {unit} ({})", dimension(d)),
        Msg::UnitMismatch {
            metric,
            unit,
            dimension: d,
            metric_unit,
            metric_dimension,
        } => format!(
            "`{metric}` is measured in {metric_unit} ({}), but this is given in {unit} ({})",
            dimension(metric_dimension),
            dimension(d)
        ),
        Msg::UnitMismatchLabel { dimension: d } => format!("a unit of {}", dimension(d)),
        Msg::UnitMismatchHelp {
            metric_unit,
            metric_dimension,
        } => format!(
            "write the value in {metric_unit} or another unit of {}, or correct the metric's unit",
            dimension(metric_dimension)
        ),
        Msg::ChangeInPointsHelp => {
            "a change of a `%` metric is measured in percentage points: write `个百分点` (or `pp`)"
                .into()
        }
        Msg::PercentVsPoints { metric } => format!(
            "the change of `{metric}`, a `%` metric, is given in `%`; a change of a rate is measured in percentage points"
        ),
        Msg::PercentVsPointsLabel => "`%` where percentage points are meant".into(),
        Msg::PercentVsPointsHelp => {
            "write `个百分点` (or `pp`): a rate going from 50% to 55% rises by 5 points, which is 10%, not 5%".into()
        }
        Msg::RollupDimension {
            part,
            part_unit,
            part_dimension,
            whole,
            whole_unit,
            whole_dimension,
        } => format!(
            "`{part}` ({part_unit}, {}) is part of `{whole}` ({whole_unit}, {}): the parts cannot add up to the whole",
            dimension(part_dimension),
            dimension(whole_dimension)
        ),
        Msg::RollupDimensionLabel { dimension: d } => {
            format!("the whole is measured in {}", dimension(d))
        }
        Msg::RollupDimensionHelp => {
            "measure the part in a unit of the whole's dimension, or remove `part of`".into()
        }
        Msg::RollupExceeds {
            whole,
            date,
            sum,
            target,
            whole_at_least: false,
        } => format!(
            "the parts of `{whole}` add up to at least {sum} by {date}, more than its target `{target}`"
        ),
        Msg::RollupExceeds {
            whole,
            date,
            sum,
            target,
            whole_at_least: true,
        } => format!(
            "the target `{target}` for `{whole}` is below what its parts add up to by {date}: at least {sum}"
        ),
        Msg::RollupExceedsLabel { sum } => format!("the parts add up to at least {sum}"),
        Msg::RollupExceedsHelp {
            whole_at_least: false,
        } => "lower the parts' targets or raise the whole's, and check that the parts do not overlap".into(),
        Msg::RollupExceedsHelp {
            whole_at_least: true,
        } => "raise the whole's target to at least the sum of its parts, or lower the parts' targets".into(),
        Msg::PartTarget { text } => format!("part: {text}"),

        Msg::ContradictoryTargets {
            metric,
            date,
            first,
            second,
        } => format!(
            "targets for `{metric}` due {date} cannot both hold: `{first}` and `{second}`"
        ),
        Msg::ContradictoryTargetsLabel { other } => format!("contradicts `{other}`"),
        Msg::OtherTarget { text, date } => format!("`{text}`, also due {date}"),
        Msg::ContradictoryTargetsHelp => {
            "keep one of the two, or give them different dates if one is a step on the way".into()
        }
        Msg::BaselineInconsistent {
            metric,
            baseline,
            growth,
            implied,
            level,
        } => format!(
            "`{metric}`: the baseline {baseline} with `{growth}` gives {implied}, but the level target is `{level}`"
        ),
        Msg::BaselineInconsistentLabel { implied } => {
            format!("the growth target implies {implied}")
        }
        Msg::GrowthTarget { text } => format!("the growth target `{text}`"),
        Msg::BaselineHere {
            baseline,
            at: Some(at),
        } => format!("the baseline {baseline} at {at}"),
        Msg::BaselineHere { baseline, at: None } => format!("the baseline {baseline}"),
        Msg::BaselineInconsistentHelp => {
            "make the growth and the level agree (level = baseline × (1 + growth)), or check the baseline".into()
        }
        Msg::TargetBelowBaseline {
            metric,
            target,
            baseline,
            at,
        } => format!(
            "`{metric} {target}` asks for less than the baseline already reached: {baseline}{}",
            at.map(|a| format!(" at {a}")).unwrap_or_default()
        ),
        Msg::TargetBelowBaselineLabel { baseline } => format!("below the baseline {baseline}"),
        Msg::TargetBelowBaselineHelp => {
            "raise the target to at least the baseline; if a decline is intended, write `<=` or a `change`".into()
        }

        // ── issue 10 ──
        Msg::NoOwnerInFile { count } => {
            format!("no measure of this plan has an owner: all {count} measures are nobody's")
        }
        Msg::NoOwnerInFileLabel => "no `owner` line anywhere in the file".into(),
        Msg::NoOwnerInFileHelp => {
            "register the responsible units in `owners { … }` and add `owner ID` to each measure or section; the measures are listed below".into()
        }
        Msg::EachNotAGroup { name } => {
            format!("`each {name}`: `{name}` is a single unit, not a group of units")
        }
        Msg::EachNotAGroupLabel => "a per-member target needs a group".into(),
        Msg::RegisteredAsUnitHere => "registered as a unit here".into(),
        Msg::EachNotAGroupHelp { name } => format!(
            "register it as a group (`group {name} … members …`), or drop `each` if the value is for {name} itself"
        ),
        Msg::PlanWindowElapsed {
            period,
            issued,
            percent,
        } => format!(
            "the plan was issued {issued}, when {percent}% of its period ({}) had already run",
            en_period(period)
        ),
        Msg::TargetWindowElapsed {
            window,
            issued,
            percent,
        } => format!(
            "this target's window {} had already run {percent}% when the plan was issued {issued}",
            en_period(window)
        ),
        Msg::WindowElapsedLabel { percent } => format!("{percent}% of the window already past"),
        Msg::WindowElapsedHelp => {
            "the targets assume time that had passed before publication: check that they are still reachable, or say what was done before issue with `actual`".into()
        }
        Msg::TargetBelowLastYear {
            metric,
            target,
            baseline,
            at,
        } => format!(
            "`{metric} {target}` asks for less than last year: {baseline}{}",
            at.map(|a| format!(" in the year to {a}")).unwrap_or_default()
        ),
        Msg::TargetRepeatsBaseline {
            metric,
            target,
            baseline,
            at,
        } => format!(
            "`{metric} {target}` only repeats the baseline {baseline}{}: no progress is asked",
            at.map(|a| format!(" at {a}")).unwrap_or_default()
        ),
        Msg::TargetRepeatsBaselineLabel => "equal to the baseline".into(),
        Msg::TargetRepeatsBaselineHelp => {
            "ask for progress (`>` or a higher value), or say that holding the level is the target with a `note`".into()
        }
        Msg::ShareContradicts {
            metric,
            target,
            numerator,
            denominator,
            implied,
        } => format!(
            "`{metric} {target}` contradicts the plan's own targets: {numerator} ÷ {denominator} = {implied}"
        ),
        Msg::ShareContradictsLabel { implied } => {
            format!("its numerator and denominator targets give {implied}")
        }
        Msg::NumeratorHere { target } => format!("numerator: {target}"),
        Msg::DenominatorHere { target } => format!("denominator: {target}"),
        Msg::ShareContradictsHelp => {
            "one of the three figures is wrong: make the share agree with its two metrics' targets".into()
        }
        Msg::AverageGrowthInconsistent {
            metric,
            target,
            start,
            end,
            years,
            implied,
        } => format!(
            "`{metric} {target}` does not fit its levels: {start} to {end} over {years} years is {implied}% a year"
        ),
        Msg::AverageGrowthInconsistentLabel { implied } => {
            format!("the levels imply {implied}% a year")
        }
        Msg::WindowStartLevel { level } => format!("the level at the window's start: {level}"),
        Msg::WindowEndLevel { level } => format!("the level at the window's end: {level}"),
        Msg::SameTargetAgain => "the same target, stated again".into(),
        Msg::AverageGrowthInconsistentHelp => {
            "make the average growth and the levels agree: (end ÷ start)^(1 ÷ years) − 1".into()
        }

        // ── issue 13: progress ──
        Msg::Status(m) => status(m),
        // ── output files ──
        Msg::OutputRefused(r) => output_refusal(r),
        Msg::Unreadable(why) => unreadable(why),
        Msg::NoPlanFiles => "no `.plan` file found: nothing was checked".into(),
        Msg::IoErrorsSummary { count } => format!(
            "; {count} {} could not be read",
            plural(*count, "path", "paths")
        ),
        Msg::ImportUnreadableHelp => {
            "import a `.plan` file: a regular text file of at most 64 MB".into()
        }
        Msg::LeftoverRemoved { path } => {
            format!("removed `{path}`, a temporary file left by an interrupted run")
        }
        Msg::LeftoverKept { path } => format!(
            "`{path}` is a temporary file of another run, or of one stopped less than a minute ago; left in place"
        ),
        // ── limits (issue 16) ──
        Msg::TooManyRepetitions { count, kept, limit } => format!(
            "this target repeats {count} times; one target may repeat at most {limit} times, so only its first {kept} deadlines are checked and compiled"
        ),
        Msg::TooManyRepetitionsInPlan { count, kept, limit } => format!(
            "this target repeats {count} times, past the plan's limit: the `per` targets of one file repeat at most {limit} times in all, so only its first {} checked and compiled",
            if *kept == 1 { "deadline is".to_string() } else { format!("{kept} deadlines are") }
        ),
        Msg::TooManyRepetitionsLabel { count } => format!("{count} repetitions"),
        Msg::FindingsNotShown { hidden, shown } => format!(
            "{hidden} more {} not shown, this one and those after it: the report prints the first {shown}",
            plural(*hidden, "finding is", "findings are")
        ),
        Msg::FindingsNotShownLabel => "the first finding not shown".into(),
        Msg::FindingsNotShownHelp => "`plan check --max-findings 0` prints every finding (`--max-findings N`, the first N); the counts in the summary include them all".into(),
        Msg::ImportTooDeepHelp { limit, chain } => format!(
            "imports may nest {limit} files deep; this chain goes deeper, so its last file, and all it imports, is not read: {}. Import the files near its end directly, or merge some of the chain",
            super::long_chain(chain, |n| format!("… {n} more"))
        ),
        Msg::TooManyRepetitionsHelp => {
            "check the plan period or the target's window (`period 1000..9999` is a typo for a few years); a plan really this long is better split into one file per period".into()
        }
    }
}

/// Why an output file is not written (src/output.rs).
fn output_refusal(r: &crate::output::Refusal) -> String {
    use crate::output::Refusal;
    match r {
        Refusal::NotRegular(kind) => {
            let what = file_kind(*kind);
            format!("not written: it is {what}, not a regular file (write `-` for standard output)")
        }
        Refusal::DanglingLink => {
            "not written: it is a symbolic link to a file that does not exist".into()
        }
        Refusal::IsInput(input) => format!(
            "not written: it is the input `{}` itself; choose another output file",
            input.display()
        ),
        Refusal::ReadOnly => "not written: the file is read-only (`--force` replaces it)".into(),
        Refusal::HardLinks(n) => format!(
            "not written: the file has {n} hard links and replacing it would separate them (`--force` rewrites it in place)"
        ),
    }
}

/// `2025-01-01 to 2025-12-31`
fn en_period(p: &Period) -> String {
    format!("{} to {}", p.start, p.end)
}

/// A dimension in words: `mass`, `money in CNY`, `count of 家`, `mass per time`.
fn dimension(d: &Dimension) -> String {
    match d {
        Dimension::Base(name) => match name.as_str() {
            "CNY" => "money in CNY".into(),
            "USD" => "money in USD".into(),
            "percentage_points" => "percentage points".into(),
            "coal_equivalent" => "coal equivalent".into(),
            other => other.to_string(),
        },
        Dimension::Count(None) => "count".into(),
        Dimension::Count(Some(c)) => format!("count of {c}"),
        Dimension::Compound(a, b) => format!("{} per {}", dimension(a), dimension(b)),
    }
}

fn node_kind(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Section => "section",
        NodeKind::Measure => "measure",
    }
}

fn def_kind(k: DefKind) -> &'static str {
    match k {
        DefKind::Measure => "measure",
        DefKind::Section => "section",
        DefKind::Metric => "metric",
        DefKind::Unit => "unit",
        DefKind::Owner => "owner",
    }
}

fn expected_word(e: &Expected) -> String {
    match e {
        Expected::Item => {
            "an item (`plan`, `use`, `owners`, `unit`, `metric`, `section` or `measure`)".into()
        }
        Expected::BodyLine => {
            "a line such as `owner`, `deadline`, `after`, `target` or `note`".into()
        }
        Expected::HeaderField => {
            "a header line (`issued`, `period`, `issuer`, `region`, `status`, `ref` or `note`)"
                .into()
        }
        Expected::OwnerEntry => "an owner entry (`id \"full name\"`)".into(),
        Expected::Name => "a name".into(),
        Expected::String => "a string in double quotes".into(),
        Expected::Number => "a number".into(),
        Expected::Unit => "a unit (such as `亿元`, `万吨` or `%`)".into(),
        Expected::Percent => "`%`".into(),
        Expected::Date => "a date (such as `2025-06-30`, `2025-06`, `2025-Q1` or `2025`)".into(),
        Expected::Comparator => "a comparator (`>=`, `<=`, `=`, `~`, `>` or `<`)".into(),
        Expected::Status => "`draft` or `approved`".into(),
        Expected::Every => "`year`, `quarter` or `month`".into(),
        Expected::Keyword(k) => format!("`{k}`"),
        Expected::Punct(p) => format!("`{p}`"),
        Expected::EndOfFile => "the end of the file".into(),
    }
}

fn one_of(words: Vec<String>) -> String {
    match words.len() {
        0 => "more".into(),
        1 => words.into_iter().next().unwrap_or_default(),
        n => {
            let (init, last) = words.split_at(n - 1);
            format!("{} or {}", init.join(", "), last.join(""))
        }
    }
}

fn syntax(p: &SyntaxProblem) -> String {
    match p {
        SyntaxProblem::Expected {
            expected,
            after,
            found,
            ..
        } => {
            let what = one_of(expected.iter().map(expected_word).collect());
            let after = after
                .as_ref()
                .map(|a| format!(" after `{a}`"))
                .unwrap_or_default();
            if expected.is_empty() {
                return match found {
                    Some(f) => format!("`{f}` cannot stand here"),
                    None => "the file ends too early".into(),
                };
            }
            let found = match found {
                Some(f) => format!(", found `{f}`"),
                None => ", found the end of the file".into(),
            };
            format!("expected {what}{after}{found}")
        }
        SyntaxProblem::NotInSection(word) => {
            format!("`{word}` lines belong in a measure, not directly in a section")
        }
        SyntaxProblem::NumberTooLarge => "this number is too large to be a quantity".into(),
        SyntaxProblem::NumberTooPrecise => {
            "this number has more than 28 significant digits: it cannot be kept exactly".into()
        }
        SyntaxProblem::TooDeep(limit) => {
            format!("sections and measures are nested more than {limit} levels deep")
        }
        SyntaxProblem::DuplicateField(f) => format!("the plan header has a second `{f}` line"),
        SyntaxProblem::RepeatTwice(_) => {
            "a target takes one of `per year`, `per quarter`, `per month` or `cumulative`, not two"
                .into()
        }
        SyntaxProblem::ByTwice => "a target has one `by` date, not two".into(),
        SyntaxProblem::RepeatOnlyOnLevel => {
            "`per …` and `cumulative` apply only to level targets, not to `growth` or `change`"
                .into()
        }
        SyntaxProblem::RangeBackwards => "the range ends below where it starts".into(),
        SyntaxProblem::UnterminatedString => "this string is not closed on its line".into(),
        SyntaxProblem::EmptyName => "a name cannot be empty".into(),
        SyntaxProblem::Empty => "this line is incomplete".into(),
        SyntaxProblem::SecondHeader => "a file has at most one `plan` header".into(),
        SyntaxProblem::Stray { ch, .. } => format!("`{ch}` is not used in plan files"),
        SyntaxProblem::Misspelt { found, keyword } => {
            format!("`{found}` is not a keyword: did you mean `{keyword}`?")
        }
        SyntaxProblem::Unclosed { .. } => "this `{` is never closed".into(),
        SyntaxProblem::EndsEarly {
            expected, after, ..
        } => {
            let what = one_of(expected.iter().map(expected_word).collect());
            match after {
                Some(a) => format!("the line ends too early: expected {what} after `{a}`"),
                None => format!("the line ends too early: expected {what}"),
            }
        }
        SyntaxProblem::NeedsEquals(kind) => {
            format!("`{kind}` gives one known value: it is written with `=`, not a comparison")
        }
    }
}

fn syntax_label(p: &SyntaxProblem) -> String {
    match p {
        SyntaxProblem::Expected { expected, .. } => {
            let what = one_of(expected.iter().take(3).map(expected_word).collect());
            format!("expected {what} here")
        }
        SyntaxProblem::NotInSection(_) => "in a section".into(),
        SyntaxProblem::NumberTooLarge => "too large".into(),
        SyntaxProblem::NumberTooPrecise => "too many digits".into(),
        SyntaxProblem::TooDeep(_) => "too deep".into(),
        SyntaxProblem::DuplicateField(_) => "second line".into(),
        SyntaxProblem::RepeatTwice(_) => "second repetition".into(),
        SyntaxProblem::ByTwice => "second `by`".into(),
        SyntaxProblem::RepeatOnlyOnLevel => "not on this kind of target".into(),
        SyntaxProblem::RangeBackwards => "high end first".into(),
        SyntaxProblem::UnterminatedString => "no closing `\"`".into(),
        SyntaxProblem::EmptyName => "empty".into(),
        SyntaxProblem::Empty => "incomplete".into(),
        SyntaxProblem::SecondHeader => "second header".into(),
        SyntaxProblem::Stray { .. } => "not used in plan files".into(),
        SyntaxProblem::Misspelt { keyword, .. } => format!("did you mean `{keyword}`?"),
        SyntaxProblem::Unclosed { .. } => "opened here, never closed".into(),
        SyntaxProblem::EndsEarly { expected, .. } => {
            let what = one_of(expected.iter().take(3).map(expected_word).collect());
            format!("{what} missing at the end of this line")
        }
        SyntaxProblem::NeedsEquals(_) => "write `=` here".into(),
    }
}

fn syntax_help(p: &SyntaxProblem) -> String {
    if let Some(word) = super::keyword_for_name(p) {
        return format!("`{word}` is a keyword: to use it as a name, quote it: `\"{word}\"`");
    }
    match p {
        SyntaxProblem::Expected { line, .. } => match line.and_then(line_form) {
            Some(form) => format!("a `{}` line reads: {form}", line.unwrap_or_default()),
            None => "see `plan explain P001` and LANGUAGE.md §3 for the form of every line".into(),
        },
        SyntaxProblem::NotInSection(_) => {
            "move the line into a `measure { … }` inside this section".into()
        }
        SyntaxProblem::NumberTooLarge => {
            "use a scale word in the unit instead of digits: `350 亿元`, not `35000000000 元`"
                .into()
        }
        SyntaxProblem::NumberTooPrecise => {
            "round the figure to the digits the plan means, or write it in a smaller unit".into()
        }
        SyntaxProblem::TooDeep(_) => "flatten the outline: real plans need a few levels".into(),
        SyntaxProblem::DuplicateField(_) => "keep one of the two lines".into(),
        SyntaxProblem::RepeatTwice(_) => "keep one of them".into(),
        SyntaxProblem::ByTwice => {
            "write two targets for two dates, or a window `by 2024-03-11..2024-03-31`".into()
        }
        SyntaxProblem::RepeatOnlyOnLevel => "remove it, or make this a level target".into(),
        SyntaxProblem::RangeBackwards => "write the low end first: `6..7`".into(),
        SyntaxProblem::UnterminatedString => {
            "add the closing `\"`; write a line break inside a string as `\\n`".into()
        }
        SyntaxProblem::EmptyName => "write the name between the quotes".into(),
        SyntaxProblem::Empty => "complete the line".into(),
        SyntaxProblem::SecondHeader => "merge the two headers into one".into(),
        SyntaxProblem::Stray { instead, .. } => match instead {
            Instead::OneItemPerLine => "write one item per line, with nothing at its end".into(),
            Instead::Quote => "explanations go inside a quoted title or a `note \"…\"` line, \
                               where any character may stand"
                .into(),
            Instead::Twin(c) => format!("write `{c}` instead"),
            Instead::Nothing => "remove it, or put it inside a quoted string".into(),
        },
        SyntaxProblem::Misspelt { keyword, .. } => format!("write `{keyword}`"),
        SyntaxProblem::Unclosed { .. } => {
            "add the `}` where this block ends (blocks close in the reverse order they open)".into()
        }
        SyntaxProblem::EndsEarly { line, .. } => match line.and_then(line_form) {
            Some(form) => format!("a `{}` line reads: {form}", line.unwrap_or_default()),
            None => "complete the line".into(),
        },
        SyntaxProblem::NeedsEquals(kind) => {
            format!("`{kind} 粮食总产量 = 41.54 万吨 at 2024`; a goal is a `target`")
        }
    }
}

/// The form of each line, shown in the help of a syntax error on that line. The forms are
/// the same in every language, so both catalogs use this table.
pub(super) fn line_form(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "plan" => "`plan \"TITLE\" { issued 2025-03-26  period 2025  issuer OWNER }`",
        "use" => "`use \"registry.plan\"`",
        "owners" => "`owners { ID \"FULL NAME\" aka \"OTHER NAME\" }`",
        "unit" => "`unit NAME = 20 吨` or `unit NAME : DIMENSION`",
        "metric" => "`metric NAME \"TITLE\" in 亿元 part of WHOLE`",
        "section" => "`section ID \"TITLE\" { … }`",
        "measure" => "`measure ID \"TITLE\" { … }`",
        "owner" => "`owner LEAD, SUPPORT, …`",
        "deadline" => "`deadline 2025-06-30` (or 2025-06, 2025-Q2, 2025-H1, 2025)",
        "after" => "`after MEASURE, …`",
        "target" => {
            "`target METRIC >= 350 亿元 [per year | cumulative] [by DATE]`, `target METRIC growth ~ 7 %` or `target METRIC change >= 5 个百分点`"
        }
        "baseline" => "`baseline METRIC = 41.54 万吨 at 2024`",
        "actual" => "`actual METRIC = 20.1 万吨 at 2025-06`",
        "note" => "`note \"TEXT\"`",
        "milestone" => "`milestone \"TITLE\" by 2025-06`",
        "issued" => "`issued 2025-03-26`",
        "period" => "`period 2025` or `period 2021..2023`",
        "issuer" => "`issuer OWNER`",
        "status" => "`status draft` or `status approved`",
        _ => return None,
    })
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The fixed words of hover texts.
fn hover_word(w: super::HoverWord) -> &'static str {
    use super::HoverWord as W;
    match w {
        W::Owner => "owner",
        W::Metric => "metric",
        W::Section => "section",
        W::Measure => "measure",
        W::Unit => "unit",
        W::Target => "target",
        W::Aka => "aka",
        W::UnitLabel => "unit",
        W::DimensionLabel => "dimension",
        W::FromFirstUse => "from its first use",
        W::Unknown => "unknown",
        W::PartOf => "part of",
        W::Owners => "owners",
        W::Deadline => "deadline",
        W::EffectiveDeadline => "effective deadline",
        W::FromBy => "from its own `by`",
        W::FromDeadlineLine => "from a `deadline` line",
        W::FromPeriodEnd => "from the end of the plan period",
        W::FromNothing => "from nothing",
        W::NoDeadline => "none",
        W::Repeats => "repeats",
        W::Group => "group of units",
        W::Members => "members",
        W::Leads => "lead",
        W::Supports => "support",
        W::NoLead => "no lead (the units share the work)",
        W::Firm => "firm (确保)",
        W::Stretch => "stretch (力争)",
        W::Window => "window",
        W::FromWindow => "the end of its own window",
        W::Each => "for each member of",
        W::AverageGrowth => "average annual growth",
        W::Imports => "imports owners, units and metrics from",
    }
}

/// The progress commands: S601/S602, the status table and the ledger.
fn status(m: &super::StatusMsg) -> String {
    use super::{CellProblem, Column as C, Sheet, StatusMsg as S};
    use crate::status::Status;
    match m {
        S::Word(w) => match w {
            Status::Done => "done",
            Status::NotStarted => "not started",
            Status::OnTrack => "on track",
            Status::NoReport => "no report",
            Status::Behind => "behind",
            Status::Overdue => "overdue",
        }
        .into(),
        S::Column(c) => match c {
            C::Row => "No.",
            C::Section => "Section",
            C::Measure => "Measure",
            C::Owners => "Owners",
            C::Metric => "Metric",
            C::Target => "Target",
            C::Unit => "Unit",
            C::Deadline => "Deadline",
            C::Baseline => "Baseline",
            C::Actual => "Latest actual",
            C::At => "As of",
            C::Expected => "Expected",
            C::Completion => "Completion %",
            C::Status => "Status",
            C::Owner => "Owner",
            C::Total => "Total",
            C::Note => "Note",
        }
        .into(),
        S::Sheet(Sheet::Detail) => "Detail".into(),
        S::Sheet(Sheet::Summary) => "Summary".into(),
        S::Title { title, as_of } => format!("Status of {title} as of {as_of}"),
        S::NoOwner => "(no owner)".into(),
        S::Lead => "lead".into(),
        S::Support => "support".into(),
        S::Member => "member".into(),
        S::Note(r) => {
            use crate::status::Reason as R;
            match r {
                R::Measured | R::NotOpen | R::NoActual => "",
                R::NoBaseline => "no baseline to measure the actual against",
                R::NoDeadline => "no deadline: not followed",
                R::NoMembers => "its group lists no members: not followed",
                R::NotWholeYears => "average growth over a window that is not whole years: not computable",
                R::FromRatio => "the share of the numerator and denominator actuals",
            }
            .into()
        }
        S::Totals { counts } => {
            let total: usize = counts.iter().sum();
            let parts: Vec<String> = Status::ALL
                .iter()
                .zip(counts)
                .map(|(s, n)| format!("{n} {}", status(&S::Word(*s))))
                .collect();
            format!(
                "{total} {}: {}",
                plural(total, "target", "targets"),
                parts.join(", ")
            )
        }
        S::Refused { errors } => format!(
            "no status: the plan does not parse ({errors} {}; see `plan check`)",
            plural(*errors, "error", "errors")
        ),
        S::HasErrors { errors } => format!(
            "the plan has {errors} {} (see `plan check`); its status is computed all the same",
            plural(*errors, "error", "errors")
        ),
        S::UnknownMetric { metric, plan } => {
            format!("`{metric}` is not a metric of {plan}: this actual reports on nothing")
        }
        S::NotAReport { file, plan } => format!(
            "{file} is not an actuals file of {plan}: it must `use` the plan and hold `actual` lines and no targets"
        ),
        S::LatestActual { actual, at } => format!("latest actual: {actual} at {at}"),
        S::Overdue {
            target,
            deadline,
            actual: Some((actual, at)),
        } => format!(
            "target `{target}` is overdue: due {deadline}, and the latest actual by then is {actual} at {at}"
        ),
        S::Overdue {
            target,
            deadline,
            actual: None,
        } => format!("target `{target}` is overdue: due {deadline}, and no actual was reported"),
        S::OverdueLabel { deadline } => format!("not met by {deadline}"),
        S::OverdueHelp => "report the actual that meets it (`actual METRIC = QUANTITY at DATE`), or revise the target in a new version of the plan".into(),
        S::Behind {
            target,
            actual,
            at,
            expected,
        } => format!(
            "target `{target}` is behind: {actual} at {at}, where the line to the target stands at {expected}"
        ),
        S::BehindLabel { expected } => format!("expected {expected} by now"),
        S::BehindHelp => "the line runs straight from the baseline (or zero) at the window's start to the target at its deadline; see docs/status.md".into(),
        S::Cell { at, problem } => {
            let what = match problem {
                CellProblem::NotANumber { text } => {
                    format!("`{text}` is not a number")
                }
                CellProblem::WrongUnit { unit, expected } => {
                    format!("`{unit}` does not measure what the target does (its unit is {expected})")
                }
                CellProblem::UnknownUnit { unit } => format!("`{unit}` is not a known unit"),
                CellProblem::UnknownRow { key } => {
                    format!("row `{key}` matches no target of the plan")
                }
                CellProblem::BadPeriod { text } => {
                    format!("`{text}` is not a reporting period (write 2025-03)")
                }
            };
            format!("{at}: {what}")
        }
        S::ReadDone { count, out } => format!(
            "{count} actual {} written to {out}",
            plural(*count, "line", "lines")
        ),
        S::NoDetailSheet { sheet } => {
            format!("the workbook has no sheet `{sheet}`: is it a ledger written by `plan ledger`?")
        }
        S::ActualsHeader { plan, workbook } => format!(
            "Actuals reported in {workbook}, written by `plan ledger --read`; they report on {plan}"
        ),
    }
}

/// A kind of file that is not a regular file, with its article.
fn file_kind(kind: crate::output::FileKind) -> &'static str {
    use crate::output::FileKind;
    match kind {
        FileKind::Directory => "a directory",
        FileKind::Fifo => "a FIFO (named pipe)",
        FileKind::Socket => "a socket",
        FileKind::CharDevice | FileKind::BlockDevice => "a device",
        FileKind::Other => "a special file",
    }
}

/// Why a file is not read (src/source.rs).
fn unreadable(why: &crate::source::Unreadable) -> String {
    use crate::source::Unreadable;
    match why {
        Unreadable::NotRegular(kind) => format!("it is {}, not a regular file", file_kind(*kind)),
        Unreadable::SymlinkLoop => "its symbolic links form a loop".into(),
        Unreadable::SystemFile => "it is a system file under /proc or /sys, not a plan".into(),
        Unreadable::TooLarge(limit) => {
            format!(
                "it is larger than {} MB, the limit for a plan file",
                limit / (1024 * 1024)
            )
        }
    }
}

/// The fixed words of the report page.
fn report_word(w: super::ReportWord) -> &'static str {
    use super::ReportWord as W;
    match w {
        W::Title => "Plan report",
        W::Today => "As of",
        W::TodayMark => "today",
        W::Files => "files",
        W::Measures => "measures",
        W::Targets => "targets",
        W::Errors => "errors",
        W::Warnings => "warnings",
        W::PastDeadline => "past their deadline",
        W::Findings => "Findings",
        W::AllFindings => "All findings",
        W::NoFindings => "No findings.",
        W::Code => "Code",
        W::Severity => "Severity",
        W::Place => "Where",
        W::Message => "Message",
        W::Error => "error",
        W::Warning => "warning",
        W::Timeline => "Deadlines by owner",
        W::NoOwner => "(no owner)",
        W::NoDeadlines => "No measure has a deadline.",
        W::Progress => "Progress against targets",
        W::Reported => "reported",
        W::Rollups => "Roll-ups",
    }
}

/// Why a rename was refused.
fn rename_refused(r: &super::RenameRefusal) -> String {
    use super::RenameRefusal as R;
    match r {
        R::NotRenamable => "only an owner id or a metric can be renamed".into(),
        R::Imported => "it is defined in an imported file: rename it there".into(),
        R::EmptyName => "the new name is empty".into(),
        R::Taken { name } => format!("`{name}` is already a name in this plan: pick another"),
    }
}
