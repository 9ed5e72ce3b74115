//! What the unit and target checks (D206, U305, T501–T503) share: a target's bounds in base
//! units, the dates it falls due, which targets compare with which, and quantities written
//! for a reader.

use chrono::NaiveDate;

use crate::i18n::{figure, number};
use crate::model::{Bound, Model, Observation, Repeat, TargetInfo};
use crate::number::{Number, Ratio};
use crate::syntax::ast::{Cmp, TargetKind};
use crate::units::Unit;

/// `~ v` allows v × 0.995 ..= v × 1.005 (LANGUAGE.md §4), exactly.
const ABOUT_LOW: Number = Number::new(995, 3);
const ABOUT_HIGH: Number = Number::new(1005, 3);

/// One end of what a target allows: the value and whether it is excluded (`>`, `<`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct End {
    pub value: Ratio,
    pub strict: bool,
}

/// What a target allows, in base units, exactly: `~ v` is within ±0.5% of v (LANGUAGE.md §4).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub low: Option<End>,
    pub high: Option<End>,
}

impl Bounds {
    /// The bounds of `bound` written in a unit of `factor` to the base unit; `None` only when
    /// a value leaves 28 significant digits in base units (src/number.rs).
    pub fn of(bound: &Bound, factor: Ratio) -> Option<Bounds> {
        let end = |value: Number, strict| {
            Some(Some(End {
                value: factor.scale(value)?,
                strict,
            }))
        };
        Some(match *bound {
            Bound::Cmp { cmp, value } => match cmp {
                Cmp::Ge => Bounds {
                    low: end(value, false)?,
                    high: None,
                },
                Cmp::Gt => Bounds {
                    low: end(value, true)?,
                    high: None,
                },
                Cmp::Le => Bounds {
                    low: None,
                    high: end(value, false)?,
                },
                Cmp::Lt => Bounds {
                    low: None,
                    high: end(value, true)?,
                },
                Cmp::Eq => Bounds {
                    low: end(value, false)?,
                    high: end(value, false)?,
                },
                Cmp::About => {
                    let (a, b) = (
                        value.checked_mul(ABOUT_LOW)?,
                        value.checked_mul(ABOUT_HIGH)?,
                    );
                    Bounds {
                        low: end(a.min(b), false)?,
                        high: end(a.max(b), false)?,
                    }
                }
            },
            Bound::Range { low, high } => Bounds {
                low: end(low, false)?,
                high: end(high, false)?,
            },
        })
    }

    /// Whether a value can satisfy both `self` and `other`.
    pub fn compatible_with(&self, other: &Bounds) -> bool {
        fits(self.low, other.high) && fits(other.low, self.high)
    }
}

/// Whether something can be at least `low` and at most `high`: exact, so `>= 0.3` and
/// `<= 0.1 + 0.2` fit and `>= 100.000000001` and `<= 100` do not.
fn fits(low: Option<End>, high: Option<End>) -> bool {
    let (Some(low), Some(high)) = (low, high) else {
        return true;
    };
    match low.value.cmp(&high.value) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => !(low.strict || high.strict),
        std::cmp::Ordering::Greater => false,
    }
}

/// The smallest value a target guarantees, as U305 adds parts up: `>=`, `=`, `>`, a range's
/// low end; `None` for upper bounds and `~`.
pub fn guaranteed(bound: &Bound) -> Option<Number> {
    match *bound {
        Bound::Cmp {
            cmp: Cmp::Ge | Cmp::Eq | Cmp::Gt,
            value,
        } => Some(value),
        Bound::Cmp { .. } => None,
        Bound::Range { low, .. } => Some(low),
    }
}

/// Which targets compare with which: the same kind, cumulative only with cumulative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Class {
    pub kind: TargetKind,
    pub cumulative: bool,
}

impl Class {
    pub fn of(t: &TargetInfo) -> Class {
        Class {
            kind: t.kind,
            cumulative: t.repeat == Some(Repeat::Cumulative),
        }
    }
}

/// The dates a target falls due: each repetition of a `per …` target, else its deadline.
///
/// Borrowed, not copied into a new list: the checks ask for every target's dates, and
/// a list was allocated for each target in each check (−0.8% instructions, issue 15).
pub fn due_dates(t: &TargetInfo) -> &[NaiveDate] {
    match t.repetitions() {
        [] => t.deadline.as_slice(),
        repetitions => repetitions,
    }
}

/// The first date both targets fall due on, if any.
pub fn shared_date(a: &TargetInfo, b: &TargetInfo) -> Option<NaiveDate> {
    // Both lists are in date order: one walk through them, not a search of one for each
    // date of the other (two `per month` targets over centuries were 10^8 comparisons).
    let (a, b) = (due_dates(a), due_dates(b));
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Equal => return Some(x),
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    None
}

/// The unit a target is written in, if known.
pub fn unit_of<'m>(model: &'m Model, t: &TargetInfo) -> Option<&'m Unit> {
    model.unit(t.unit)
}

/// The unit name as written on a target (`亿元`, `%`).
pub fn unit_name(model: &Model, t: &TargetInfo) -> String {
    model
        .unit_refs
        .get(t.unit)
        .map_or_else(String::new, |u| u.name.to_string())
}

/// A target's bound as a planner writes it: `>= 350 亿元`, `6..7 %`, `growth = 7 %`.
pub fn bound_text(model: &Model, t: &TargetInfo) -> String {
    let unit = unit_name(model, t);
    let kind = match t.kind {
        TargetKind::Level => "",
        TargetKind::Growth if t.average => "average growth ",
        TargetKind::Growth => "growth ",
        TargetKind::Change => "change ",
    };
    match t.bound {
        Bound::Cmp { cmp, value } => format!("{kind}{} {} {unit}", cmp.as_str(), number(value)),
        Bound::Range { low, high } => format!("{kind}{}..{} {unit}", number(low), number(high)),
    }
}

/// Whether two targets say the same thing: one metric, kind, bound, unit as written, repetition
/// and due dates. A document that states a target twice (in its summary and in its measure)
/// is one fault when the target is wrong, reported once.
fn same_target(model: &Model, a: &TargetInfo, b: &TargetInfo) -> bool {
    a.metric == b.metric
        && a.kind == b.kind
        && a.bound == b.bound
        && a.repeat == b.repeat
        && a.average == b.average
        && written_unit(model, a) == written_unit(model, b)
        && due_dates(a) == due_dates(b)
}

/// The unit name as written on a target, without a copy: [`same_target`] compares it for
/// every target of a metric.
fn written_unit<'m>(model: &'m Model, t: &TargetInfo) -> &'m str {
    model.unit_refs.get(t.unit).map_or("", |u| &*u.name)
}

/// The later targets that repeat `t` word for word (see [`same_target`]), and whether an
/// earlier one does (then `t` is the repeat, not the place to report).
pub fn repeats<'m>(model: &'m Model, t: &TargetInfo) -> (bool, Vec<&'m TargetInfo>) {
    let mut earlier = false;
    let mut later = Vec::new();
    for other in model.targets_of(t.metric) {
        if other.span == t.span || !same_target(model, t, other) {
            continue;
        }
        if other.span.start < t.span.start {
            earlier = true;
        } else {
            later.push(other);
        }
    }
    (earlier, later)
}

/// `350 亿元`
pub fn quantity(value: Number, unit: &str) -> String {
    format!("{} {unit}", number(value))
}

/// `30.0015 km2`: a computed value (see [`figure`]) and its unit.
pub fn computed(value: Ratio, unit: &str) -> String {
    format!("{} {unit}", figure(value))
}

/// Every metric's baselines in date order, so that the latest one before a date is a binary
/// search, not a scan of the metric's observations for every target that asks.
pub struct Baselines<'m> {
    /// Each with its date beside it: the search reads a list of dates, not the observations
    /// it points to (one 30 MB plan: 80,000 baselines, far from each other, issue 15).
    by_metric: Vec<Vec<(NaiveDate, &'m Observation)>>,
}

impl<'m> Baselines<'m> {
    pub fn of(model: &'m Model) -> Self {
        // One pass over the observations in source order, as [`Model::observations_of`]
        // gives each metric's.
        let mut by_metric: Vec<Vec<(NaiveDate, &Observation)>> =
            (0..model.metrics.len()).map(|_| Vec::new()).collect();
        for o in &model.observations {
            if let (false, Some(at), Some(dated)) = (o.actual, o.at, by_metric.get_mut(o.metric)) {
                dated.push((at, o));
            }
        }
        for dated in &mut by_metric {
            dated.sort_by_key(|&(at, o)| (at, o.span.start));
        }
        Baselines { by_metric }
    }

    /// The metric's latest baseline dated before `date`, wherever it is written (of two on
    /// one date, the later written).
    pub fn before(&self, metric: usize, date: NaiveDate) -> Option<&'m Observation> {
        let dated = self.by_metric.get(metric)?;
        let earlier = dated.partition_point(|&(at, _)| at < date);
        earlier
            .checked_sub(1)
            .and_then(|i| dated.get(i))
            .map(|&(_, o)| o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap_or_default()
    }

    fn b(cmp: Cmp, value: &str) -> Bounds {
        Bounds::of(
            &Bound::Cmp {
                cmp,
                value: n(value),
            },
            Ratio::ONE,
        )
        .unwrap_or(Bounds {
            low: None,
            high: None,
        })
    }

    #[test]
    fn bounds_that_cannot_both_hold() {
        assert!(!b(Cmp::Ge, "100").compatible_with(&b(Cmp::Le, "90")));
        assert!(b(Cmp::Ge, "100").compatible_with(&b(Cmp::Le, "100")));
        assert!(!b(Cmp::Gt, "100").compatible_with(&b(Cmp::Le, "100")));
        assert!(!b(Cmp::Eq, "10").compatible_with(&b(Cmp::Eq, "20")));
        assert!(b(Cmp::Eq, "0.3").compatible_with(&b(Cmp::Eq, "0.30")));
        // A difference far below a float's tolerance is still a difference.
        assert!(!b(Cmp::Ge, "100.0000000001").compatible_with(&b(Cmp::Le, "100")));
        // ~ 100 allows 99.5 ..= 100.5, both ends included.
        assert!(b(Cmp::About, "100").compatible_with(&b(Cmp::Le, "99.6")));
        assert!(b(Cmp::About, "100").compatible_with(&b(Cmp::Le, "99.5")));
        assert!(!b(Cmp::About, "100").compatible_with(&b(Cmp::Le, "99.4999")));
        let range = Bounds::of(
            &Bound::Range {
                low: n("6"),
                high: n("7"),
            },
            Ratio::ONE,
        );
        assert!(range.is_some_and(|r| !r.compatible_with(&b(Cmp::Ge, "7.5"))));
        assert!(range.is_some_and(|r| r.compatible_with(&b(Cmp::Ge, "6.5"))));
    }
}
