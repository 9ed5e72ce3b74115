//! The status of one stretch of one target on one date — the rules of docs/status.md.
//!
//! A target is turned into a goal in base units (a growth or change target becomes the
//! level it asks for, over its baseline), a start value (the baseline, or zero), a window
//! (from its start to its deadline) and a way to be judged:
//! - **paced**: the target must be reached; the latest actual is compared with the point
//!   the straight line from the start value to the goal has reached on the actual's date;
//! - **held**: a ceiling, a band the start already lies in, or a growth rate — there is no
//!   way to reach it early, only to keep it; the latest actual must lie within it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::actuals::{Actuals, Seen};
use super::{exact, factor as factor_of, Status};
use crate::model::{Bound, Model, Repeat, TargetInfo};
use crate::syntax::ast::{Cmp, TargetKind};
use crate::units::Unit;

/// Why a stretch has the status it has, beyond the comparison itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// An actual was measured against the target.
    Measured,
    /// The window opens after the as-of date.
    NotOpen,
    /// No actual in the window up to the as-of date (or the deadline, if earlier).
    NoActual,
    /// A growth target with no baseline and no growth rate reported, or a change target
    /// with no baseline whose actual is a level: nothing to measure the actual against.
    NoBaseline,
    /// The target has no deadline (no `by`, no `deadline`, no plan period).
    NoDeadline,
    /// A per-member target (`each GROUP`) whose group lists no members: there is nobody to
    /// follow it for (docs/status.md, "Per-member targets").
    NoMembers,
    /// An `average growth` target whose window is not a whole number of years: the
    /// average annual growth it asks for has no exact level to aim at.
    NotWholeYears,
    /// A share (`metric … ratio A / B`) measured from the actuals of A and B reported for
    /// the same date, as no actual of the share itself was.
    FromRatio,
}

impl Reason {
    pub fn key(self) -> &'static str {
        match self {
            Reason::Measured => "measured",
            Reason::NotOpen => "not_open",
            Reason::NoActual => "no_actual",
            Reason::NoBaseline => "no_baseline",
            Reason::NoDeadline => "no_deadline",
            Reason::NoMembers => "no_members",
            Reason::NotWholeYears => "not_whole_years",
            Reason::FromRatio => "from_ratio",
        }
    }
}

/// How a target is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Along the line from the start value up to the goal.
    Rising,
    /// Along the line from the start value down to the goal.
    Falling,
    /// Kept within the goal, no line (ceilings, bands, growth rates).
    Held,
}

impl Pace {
    pub fn key(self) -> &'static str {
        match self {
            Pace::Rising => "rising",
            Pace::Falling => "falling",
            Pace::Held => "held",
        }
    }
}

/// One stretch of one target (a `per year` target has one per year), judged on a date.
/// Values are in `unit`: the target's, or for a growth or change target measured over
/// its baseline, the baseline's.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Index into [`Model::targets`].
    pub target: usize,
    /// For a per-member target (`each GROUP`), the member this row follows (an owner id).
    pub member: Option<String>,
    /// The first day of the window.
    pub start: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub reason: Reason,
    pub pace: Option<Pace>,
    pub unit: String,
    /// The start value of the line (the baseline, or zero).
    pub from: Option<Decimal>,
    /// The level the line leads to (for a range, the end nearer the start).
    pub goal: Option<Decimal>,
    /// Where the line stands on the actual's date.
    pub expected: Option<Decimal>,
    pub actual: Option<Seen>,
    pub actual_value: Option<Decimal>,
    /// How far from the start value to the goal the actual has come, in % (paced only).
    pub completion: Option<Decimal>,
    pub baseline: Option<Seen>,
    /// `goal` in base units.
    goal_base: Option<Decimal>,
}

/// A goal in base units: the ends it allows, and `~`'s tolerance.
#[derive(Clone, Copy, Debug)]
struct Goal {
    low: Option<(Decimal, bool)>,
    high: Option<(Decimal, bool)>,
}

impl Goal {
    fn holds(&self, v: Decimal) -> bool {
        let low_ok = self
            .low
            .is_none_or(|(l, strict)| if strict { v > l } else { v >= l });
        let high_ok = self
            .high
            .is_none_or(|(h, strict)| if strict { v < h } else { v <= h });
        low_ok && high_ok
    }
}

/// `~ v` allows ±0.5% of v (LANGUAGE.md §4).
fn about_tolerance(v: Decimal) -> Decimal {
    v.abs() * Decimal::new(5, 3)
}

/// The goal a bound sets, each written value mapped by `level` to base units.
fn goal_of(
    bound: &Bound,
    level: &dyn Fn(crate::number::Number) -> Option<Decimal>,
) -> Option<Goal> {
    Some(match *bound {
        Bound::Cmp { cmp, value } => {
            let v = level(value)?;
            match cmp {
                Cmp::Ge => Goal {
                    low: Some((v, false)),
                    high: None,
                },
                Cmp::Gt => Goal {
                    low: Some((v, true)),
                    high: None,
                },
                Cmp::Le => Goal {
                    low: None,
                    high: Some((v, false)),
                },
                Cmp::Lt => Goal {
                    low: None,
                    high: Some((v, true)),
                },
                Cmp::Eq => Goal {
                    low: Some((v, false)),
                    high: Some((v, false)),
                },
                Cmp::About => {
                    let tol = about_tolerance(v);
                    Goal {
                        low: Some((v.checked_sub(tol)?, false)),
                        high: Some((v.checked_add(tol)?, false)),
                    }
                }
            }
        }
        Bound::Range { low, high } => {
            let (a, b) = (level(low)?, level(high)?);
            Goal {
                low: Some((a.min(b), false)),
                high: Some((a.max(b), false)),
            }
        }
    })
}

/// The first day of a target's window: its own `by A..B`, its own `over` window, its
/// node's `deadline A..B`, the plan period's start, the issue date, or the first day of the
/// deadline's year.
fn window_start(model: &Model, t: &TargetInfo, deadline: Option<NaiveDate>) -> NaiveDate {
    let own = t.by.as_ref().and_then(|b| b.from);
    let over = t.window().map(|w| w.start);
    let node = model
        .nodes
        .get(t.node)
        .and_then(|n| n.deadline_from)
        .and_then(|n| model.nodes.get(n))
        .and_then(|n| n.deadline.as_ref())
        .and_then(|d| d.from);
    let before_deadline = |d: &NaiveDate| deadline.is_none_or(|end| *d <= end);
    own.or(over.filter(before_deadline))
        .or(node)
        .or(model.period().map(|p| p.start).filter(before_deadline))
        .or(model.issued().filter(before_deadline))
        .or_else(|| {
            deadline.and_then(|d| {
                use chrono::Datelike;
                NaiveDate::from_ymd_opt(d.year(), 1, 1)
            })
        })
        .unwrap_or(NaiveDate::MIN)
}

/// The first day of a `per …` target's first stretch: the issue date for `per … from
/// issued` (the duty starts when the plan is published), else the window's start.
fn first_stretch_start(model: &Model, t: &TargetInfo) -> NaiveDate {
    let first = t.repetitions().first().copied();
    let issued = model
        .issued()
        .filter(|_| t.from_issued)
        .filter(|d| first.is_none_or(|end| *d <= end));
    issued.unwrap_or_else(|| window_start(model, t, first))
}

/// Every stretch of target `index`, judged on `as_of` (for the plan, or for one member
/// of an `each` target's group).
pub fn instances(
    model: &Model,
    index: usize,
    t: &TargetInfo,
    member: Option<&str>,
    actuals: &Actuals,
    baselines: &Actuals,
    as_of: NaiveDate,
) -> Vec<Instance> {
    let windows: Vec<(NaiveDate, Option<NaiveDate>)> =
        if matches!(t.repeat, Some(Repeat::Per(_))) && !t.repetitions().is_empty() {
            let mut start = first_stretch_start(model, t);
            let mut out = Vec::with_capacity(t.repetitions().len());
            for &end in t.repetitions() {
                out.push((start, Some(end)));
                start = end.succ_opt().unwrap_or(end);
            }
            out
        } else {
            vec![(window_start(model, t, t.deadline), t.deadline)]
        };
    let Some(unit) = model.unit(t.unit) else {
        return Vec::new();
    };
    let ratio = model
        .metrics
        .get(t.metric)
        .and_then(|m| m.ratio.as_ref())
        .and_then(|r| r.numerator_id.zip(r.denominator_id));
    let sources = Sources {
        actuals,
        baselines,
        member,
        ratio,
    };
    let mut previous: Option<Decimal> = None;
    let mut out = Vec::with_capacity(windows.len());
    for (start, deadline) in windows {
        let i = judge(index, t, unit, &sources, as_of, start, deadline, previous);
        // Growth and change repeat over the level the stretch before ended at: its last
        // actual, else the level it aimed at.
        previous = i.actual.as_ref().map(|a| a.base).or(i.goal_base);
        out.push(i);
    }
    out
}

/// An `each` target of a group with no members: one row that says so.
pub fn unfollowed(index: usize, t: &TargetInfo, model: &Model) -> Instance {
    let mut i = blank(
        index,
        None,
        model.unit(t.unit).map_or("", |u| u.name.as_str()),
        window_start(model, t, t.deadline),
        t.deadline,
    );
    i.reason = Reason::NoMembers;
    i
}

/// Where a target's values come from.
struct Sources<'a> {
    actuals: &'a Actuals,
    baselines: &'a Actuals,
    member: Option<&'a str>,
    /// For a share, its numerator and denominator metrics.
    ratio: Option<(crate::model::MetricId, crate::model::MetricId)>,
}

impl Sources<'_> {
    /// The latest actual in the window; for a share with none of its own, the share of
    /// the latest numerator and the denominator reported for the same date.
    fn actual(
        &self,
        t: &TargetInfo,
        unit: &Unit,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Option<(Seen, bool)> {
        if let Some(a) = self.actuals.latest(t.metric, self.member, from, until) {
            return Some((a.clone(), false));
        }
        let (num, den) = self.ratio?;
        // Only a share in % (or a plain ratio of one dimension) has a meaning as A ÷ B.
        if !unit.dimension.is_percent() {
            return None;
        }
        let a = self.actuals.latest(num, self.member, from, until)?;
        let b = self.actuals.on(den, self.member, a.at)?;
        if !a.unit.dimension.compatible(&b.unit.dimension) || b.base.is_zero() {
            return None;
        }
        let share = a
            .base
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(b.base)?;
        Some((
            Seen {
                base: share,
                unit: unit.clone(),
                at: a.at,
                location: a.location.clone(),
                line: a.line,
            },
            true,
        ))
    }
}

fn blank(
    index: usize,
    member: Option<&str>,
    unit: &str,
    start: NaiveDate,
    deadline: Option<NaiveDate>,
) -> Instance {
    Instance {
        target: index,
        member: member.map(str::to_string),
        start,
        deadline,
        status: Status::NoReport,
        reason: Reason::NoActual,
        pace: None,
        unit: unit.to_string(),
        from: None,
        goal: None,
        expected: None,
        actual: None,
        actual_value: None,
        completion: None,
        baseline: None,
        goal_base: None,
    }
}

/// The number of whole years from `start` to `deadline` (its last day), if it is one.
fn whole_years(start: NaiveDate, deadline: NaiveDate) -> Option<u32> {
    use chrono::Datelike;
    let after = deadline.succ_opt()?;
    let years = after.year().checked_sub(start.year())?;
    (years > 0 && after.month() == start.month() && after.day() == start.day())
        .then_some(years)
        .and_then(|y| u32::try_from(y).ok())
}

/// `base` grown by `rate` % a year for `years` years, exactly (at most a century).
fn compound(base: Decimal, rate: Decimal, years: u32) -> Option<Decimal> {
    let factor = Decimal::ONE_HUNDRED
        .checked_add(rate)?
        .checked_div(Decimal::ONE_HUNDRED)?;
    let mut v = base;
    for _ in 0..years.min(100) {
        v = v.checked_mul(factor)?;
    }
    Some(v)
}

#[allow(clippy::too_many_arguments)]
fn judge(
    index: usize,
    t: &TargetInfo,
    unit: &Unit,
    src: &Sources,
    as_of: NaiveDate,
    start: NaiveDate,
    deadline: Option<NaiveDate>,
    previous: Option<Decimal>,
) -> Instance {
    let mut out = blank(index, src.member, &unit.name, start, deadline);
    if as_of < start {
        out.status = Status::NotStarted;
        out.reason = Reason::NotOpen;
        return out;
    }
    let Some(deadline) = deadline else {
        out.reason = Reason::NoDeadline;
        return out;
    };
    let cumulative = t.repeat == Some(Repeat::Cumulative);
    let baseline = if cumulative {
        None
    } else {
        src.baselines
            .latest_before(t.metric, src.member, start)
            .or_else(|| src.baselines.latest_before(t.metric, src.member, deadline))
            .filter(|b| fits(&b.unit, unit, t.kind))
            .cloned()
    };
    let (actual, from_ratio) = match src.actual(t, unit, start, as_of.min(deadline)) {
        Some((a, derived)) => (Some(a), derived),
        None => (None, false),
    };
    // `average growth` aims at the level its rate compounds to over the window's years.
    let years = if t.average {
        match whole_years(start, deadline) {
            Some(y) => Some(y),
            None => {
                out.reason = Reason::NotWholeYears;
                return out;
            }
        }
    } else {
        None
    };
    let factor = factor_of(unit.factor);
    // A growth target reported as a rate (`actual 地区生产总值 = 6.5 %`) is judged as
    // that rate, unless the metric itself is a percentage (its baseline is in %).
    let rate = t.kind == TargetKind::Growth
        && baseline
            .as_ref()
            .is_none_or(|b| !b.unit.dimension.is_percent())
        && actual
            .as_ref()
            .is_some_and(|a| a.unit.dimension.is_percent());

    // The start value and the goal, in base units; the display unit's factor.
    let (from, goal, display) = match t.kind {
        TargetKind::Growth if rate => (
            None,
            goal_of(&t.bound, &|g| exact(g)),
            actual.as_ref().map(|a| a.unit.clone()),
        ),
        TargetKind::Growth => {
            let Some(b) = baseline.as_ref() else {
                out.reason = if actual.is_some() {
                    Reason::NoBaseline
                } else {
                    Reason::NoActual
                };
                out.status = overdue_if_past(as_of, deadline, actual.is_none());
                return out;
            };
            let base = previous.unwrap_or(b.base);
            (
                Some(base),
                goal_of(&t.bound, &|g| compound(base, exact(g)?, years.unwrap_or(1))),
                Some(b.unit.clone()),
            )
        }
        TargetKind::Change => match baseline.as_ref() {
            Some(b) => {
                let base = previous.unwrap_or(b.base);
                (
                    Some(base),
                    goal_of(&t.bound, &|c| {
                        base.checked_add(exact(c)?.checked_mul(factor?)?)
                    }),
                    Some(b.unit.clone()),
                )
            }
            None => (
                Some(Decimal::ZERO),
                goal_of(&t.bound, &|c| exact(c)?.checked_mul(factor?)),
                Some(unit.clone()),
            ),
        },
        TargetKind::Level => (
            Some(baseline.as_ref().map_or(Decimal::ZERO, |b| b.base)),
            goal_of(&t.bound, &|v| exact(v)?.checked_mul(factor?)),
            Some(unit.clone()),
        ),
    };
    out.baseline = baseline.clone();
    let (Some(goal), Some(display)) = (goal, display) else {
        return out;
    };
    let scale = factor_of(display.factor).filter(|f| !f.is_zero());
    let shown = |v: Decimal| scale.and_then(|f| v.checked_div(f));
    out.unit = display.name.clone();
    out.from = from.and_then(shown);

    // How the target is judged, and the point a paced line leads to.
    let (pace, point) = pace_of(&t.bound, &goal, from);
    out.pace = Some(pace);
    out.goal_base = point.or(goal.low.or(goal.high).map(|(v, _)| v));
    out.goal = out.goal_base.and_then(shown);

    let Some(actual) = actual else {
        out.status = overdue_if_past(as_of, deadline, true);
        return out;
    };
    // A change without a baseline counts what was added: the actual must be in the
    // change's own dimension, or there is nothing to measure it against.
    if !actual.unit.dimension.compatible(&display.dimension) {
        out.reason = Reason::NoBaseline;
        out.actual = Some(actual);
        out.status = Status::NoReport;
        return out;
    }
    out.reason = if from_ratio {
        Reason::FromRatio
    } else {
        Reason::Measured
    };
    let a = actual.base;
    out.actual_value = shown(a);
    out.actual = Some(actual.clone());
    let past = as_of > deadline;
    out.status = match (pace, point, from) {
        (Pace::Held, ..) | (_, None, _) | (_, _, None) => {
            match (goal.holds(a), as_of >= deadline) {
                (true, true) => Status::Done,
                (true, false) => Status::OnTrack,
                (false, _) if past => Status::Overdue,
                (false, _) => Status::Behind,
            }
        }
        (_, Some(p), Some(s)) => {
            let total = (deadline - start).num_days() + 1;
            let elapsed = ((actual.at - start).num_days() + 1).clamp(0, total.max(1));
            let expected = p
                .checked_sub(s)
                .and_then(|d| d.checked_mul(Decimal::from(elapsed)))
                .and_then(|x| x.checked_div(Decimal::from(total.max(1))))
                .and_then(|x| s.checked_add(x));
            out.expected = expected.and_then(shown);
            if p != s {
                out.completion = a
                    .checked_sub(s)
                    .and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
                    .and_then(|x| x.checked_div(p.checked_sub(s)?));
            }
            let tolerance = match t.bound {
                Bound::Cmp {
                    cmp: Cmp::About, ..
                } => about_tolerance(p),
                _ => Decimal::ZERO,
            };
            // Values near Decimal's limit (7.9e28) saturate rather than overflow.
            let on_line = expected.is_none_or(|e| match pace {
                Pace::Falling => a <= e.saturating_add(tolerance),
                _ => a >= e.saturating_sub(tolerance),
            });
            if goal.holds(a) {
                Status::Done
            } else if past {
                Status::Overdue
            } else if on_line {
                Status::OnTrack
            } else {
                Status::Behind
            }
        }
    };
    out
}

/// No actual: overdue once the deadline is past, else not reported.
fn overdue_if_past(as_of: NaiveDate, deadline: NaiveDate, nothing: bool) -> Status {
    if nothing && as_of > deadline {
        Status::Overdue
    } else {
        Status::NoReport
    }
}

/// Whether a baseline's unit measures what the target's start value needs.
fn fits(baseline: &Unit, target: &Unit, kind: TargetKind) -> bool {
    match kind {
        // A growth percentage is relative: any baseline of the metric will do.
        TargetKind::Growth => true,
        // A change of a % metric is in percentage points, its baseline in %.
        TargetKind::Change if target.dimension.is_percentage_points() => {
            baseline.dimension.is_percent() || baseline.dimension.is_percentage_points()
        }
        _ => baseline.dimension.compatible(&target.dimension),
    }
}

/// Whether a goal is reached along a line (and to which point), or only held.
fn pace_of(bound: &Bound, goal: &Goal, from: Option<Decimal>) -> (Pace, Option<Decimal>) {
    let Some(s) = from else {
        return (Pace::Held, None);
    };
    let low = goal.low.map(|(v, _)| v);
    let high = goal.high.map(|(v, _)| v);
    // `~ v` paces towards v itself, not the edge of its tolerance.
    let centre = match *bound {
        Bound::Cmp {
            cmp: Cmp::About | Cmp::Eq,
            ..
        } => low
            .zip(high)
            .and_then(|(l, h)| l.checked_add(h)?.checked_div(Decimal::TWO)),
        _ => None,
    };
    match (low, high) {
        // `>=`, `>`: always a level to reach, even from above it (then it is met at once).
        (Some(l), None) => (Pace::Rising, Some(l)),
        (None, Some(h)) if s > h => (Pace::Falling, Some(h)),
        (Some(l), Some(_)) if s < l => (Pace::Rising, Some(centre.unwrap_or(l))),
        (Some(_), Some(h)) if s > h => (Pace::Falling, Some(centre.unwrap_or(h))),
        _ => (Pace::Held, None),
    }
}
