//! The reported values a status is computed from: the `actual` lines of the plan and of
//! the files that report on it (an actuals file written by `plan ledger --read` `use`s the
//! plan), and the plan's `baseline` lines. Each metric's values are kept sorted by date, so
//! finding the latest one before a date is a binary search.
//!
//! A per-member target (`target … each GROUP`) is followed per member: an `actual` of its
//! metric in a measure that names a member of the group as an owner is that member's
//! figure, kept apart from the plan's own (docs/status.md, "Per-member targets").

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::exact;
use crate::diagnostic::Location;
use crate::model::{MetricId, Model, Observation};
use crate::units::Unit;

/// One reported value.
#[derive(Clone, Debug)]
pub struct Seen {
    /// In the base unit of its dimension (`350 亿元` is 35000000000).
    pub base: Decimal,
    pub unit: Unit,
    /// The last day it reports on (`at 2025-06` is 2025-06-30).
    pub at: NaiveDate,
    pub location: Location,
    pub line: usize,
}

/// An `actual` line of a report file that the plan cannot place.
#[derive(Debug)]
pub struct ReportError {
    pub location: Location,
    pub line: usize,
    pub metric: String,
}

/// The values of each metric, sorted by date (source order among equal dates; a later
/// file after an earlier one).
#[derive(Debug, Default)]
pub struct Actuals {
    by_metric: Vec<Vec<Seen>>,
    /// The figures of members of `each` targets: (metric, member id) → values.
    by_member: HashMap<(MetricId, String), Vec<Seen>>,
    /// For each metric of the plan, the members of the groups its `each` targets name.
    members: Vec<HashSet<String>>,
}

impl Actuals {
    /// The `actual` lines of a plan.
    pub fn of(model: &Model) -> Actuals {
        Self::collect(model, true)
    }

    /// The `baseline` lines of a plan.
    pub fn baselines(model: &Model) -> Actuals {
        Self::collect(model, false)
    }

    fn collect(model: &Model, actual: bool) -> Actuals {
        let mut out = Actuals {
            by_metric: vec![Vec::new(); model.metrics.len()],
            by_member: HashMap::new(),
            members: vec![HashSet::new(); model.metrics.len()],
        };
        for t in &model.targets {
            let group = t.each.as_ref().and_then(|e| e.owner);
            let listed = group.and_then(|g| model.owners.get(g)).map(|g| &g.members);
            if let (Some(set), Some(listed)) = (out.members.get_mut(t.metric), listed) {
                set.extend(listed.iter().cloned());
            }
        }
        for o in model.observations.iter().filter(|o| o.actual == actual) {
            if let Some(seen) = seen(model, o) {
                out.push(model, o, o.metric, seen);
            }
        }
        out.sort();
        out
    }

    /// File a value under its metric, or under each member of an `each` group that owns
    /// the measure holding it.
    fn push(&mut self, model: &Model, o: &Observation, metric: MetricId, seen: Seen) {
        let members: Vec<String> = match self.members.get(metric) {
            Some(set) if !set.is_empty() => model
                .owners_of(o.node)
                .into_iter()
                .filter_map(|(id, _)| model.owners.get(id))
                .map(|d| d.id.clone())
                .filter(|id| set.contains(id))
                .collect(),
            _ => Vec::new(),
        };
        if members.is_empty() {
            if let Some(list) = self.by_metric.get_mut(metric) {
                list.push(seen);
            }
            return;
        }
        for m in members {
            self.by_member
                .entry((metric, m))
                .or_default()
                .push(seen.clone());
        }
    }

    fn sort(&mut self) {
        for list in self.by_metric.iter_mut().chain(self.by_member.values_mut()) {
            list.sort_by_key(|s| s.at);
        }
    }

    fn list(&self, metric: MetricId, member: Option<&str>) -> Option<&Vec<Seen>> {
        match member {
            None => self.by_metric.get(metric),
            Some(m) => self.by_member.get(&(metric, m.to_string())),
        }
    }

    /// Add the `actual` lines of a file that reports on `plan`, matched to the plan's
    /// metrics by name. Lines naming a metric the plan does not have are returned.
    pub fn add_report(&mut self, plan: &Model, report: &Model) -> Vec<ReportError> {
        let index: std::collections::HashMap<&str, MetricId> = plan
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        let mut errors = Vec::new();
        for o in report.observations.iter().filter(|o| o.actual) {
            let name = report.metrics.get(o.metric).map_or("", |m| m.id.as_str());
            match index.get(name) {
                // A metric of the plan that the plan itself never targets is still the
                // plan's: only names the plan does not know are errors.
                Some(&metric) => {
                    if let Some(seen) = seen(report, o) {
                        self.push(report, o, metric, seen);
                    }
                }
                None => errors.push(ReportError {
                    location: report.at(o.metric_span.clone()),
                    line: o.line,
                    metric: name.to_string(),
                }),
            }
        }
        self.sort();
        errors
    }

    /// The latest value of `metric` (for the plan, or one member) dated from `from` to
    /// `until`, both included.
    pub fn latest(
        &self,
        metric: MetricId,
        member: Option<&str>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Option<&Seen> {
        let list = self.list(metric, member)?;
        let end = list.partition_point(|s| s.at <= until);
        let last = list.get(end.checked_sub(1)?)?;
        (last.at >= from).then_some(last)
    }

    /// The latest value of `metric` (for the plan, or one member) dated before `before`.
    pub fn latest_before(
        &self,
        metric: MetricId,
        member: Option<&str>,
        before: NaiveDate,
    ) -> Option<&Seen> {
        let list = self.list(metric, member)?;
        let end = list.partition_point(|s| s.at < before);
        list.get(end.checked_sub(1)?)
    }

    /// The last value of `metric` (for the plan, or one member) dated exactly `at`.
    pub fn on(&self, metric: MetricId, member: Option<&str>, at: NaiveDate) -> Option<&Seen> {
        let list = self.list(metric, member)?;
        let end = list.partition_point(|s| s.at <= at);
        list.get(end.checked_sub(1)?).filter(|s| s.at == at)
    }
}

fn seen(model: &Model, o: &Observation) -> Option<Seen> {
    let unit = model.unit(o.unit)?.clone();
    let base = exact(o.value)?.checked_mul(super::factor(unit.factor)?)?;
    Some(Seen {
        base,
        unit,
        at: o.at?,
        location: model.at(o.span.clone()),
        line: o.line,
    })
}
