//! Progress during the year (`plan status`, `plan check --as-of`, the 台账 ledger): where
//! each target stands on a date, from the `actual` lines reported so far, against the
//! straight line from where its window starts to what it asks at its deadline.
//!
//! The rules are written out in docs/status.md; [`rule`] holds the one function that
//! applies them to one stretch of one target. Values are exact decimals (the numbers as
//! the text wrote them, scaled to base units by the unit's factor), never floats.

mod actuals;
mod findings;
pub mod json;
mod rule;
pub mod table;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::number::{Number, Ratio};

use crate::model::{Model, NodeId, OwnerId, Role};
use crate::syntax::ast::NodeKind;

pub use actuals::{Actuals, ReportError};
pub use findings::findings;
pub use rule::{Instance, Reason};

/// Where a target, measure, section or owner stands. The order is from best to worst: a
/// measure shows its worst target, an owner their worst measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 达成: the latest actual meets the target.
    Done,
    /// 未开始: the target's window has not opened yet.
    NotStarted,
    /// 正常推进: on or ahead of the line to the target.
    OnTrack,
    /// 未报送: the window is open and nothing has been reported (or nothing that can be
    /// measured against the target: see [`Reason`]).
    NoReport,
    /// 滞后: behind the line to the target, before its deadline is past.
    Behind,
    /// 逾期: the deadline is past and the target was not met by it.
    Overdue,
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 6] = [
        Status::Done,
        Status::NotStarted,
        Status::OnTrack,
        Status::NoReport,
        Status::Behind,
        Status::Overdue,
    ];

    /// The key in JSON output and in `--deny`: `done`, `on_track`, …
    pub fn key(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::NotStarted => "not_started",
            Status::OnTrack => "on_track",
            Status::NoReport => "no_report",
            Status::Behind => "behind",
            Status::Overdue => "overdue",
        }
    }
}

/// The status of one measure: its targets (each stretch of a `per …` target on its own).
#[derive(Debug)]
pub struct MeasureStatus {
    pub node: NodeId,
    /// The worst of its targets; `None` for a measure without targets (milestones only).
    pub status: Option<Status>,
    pub targets: Vec<Instance>,
}

/// The status of a section: the worst of the measures inside it, at any depth.
#[derive(Debug)]
pub struct SectionStatus {
    pub node: NodeId,
    pub status: Option<Status>,
}

/// How an owner stands to a measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// 牵头: a lead (`owner lead A`, or the first of a v1 `owner A, B`).
    Lead,
    /// 配合: a supporting unit.
    Support,
    /// Named with no role: `owner jointly A, B` (按职责分工负责), or carried by `also`.
    Shared,
    /// A member of the group of a per-member target (`each GROUP`) of the measure: only
    /// that member's rows count for it.
    Member,
}

impl Link {
    fn of(role: Option<Role>) -> Link {
        match role {
            Some(Role::Lead) => Link::Lead,
            Some(Role::Support) => Link::Support,
            None => Link::Shared,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Link::Lead => "lead",
            Link::Support => "support",
            Link::Shared => "shared",
            Link::Member => "member",
        }
    }
}

/// The status of an owner: the worst of the measures they lead, support or share, and of
/// their own rows of per-member targets.
#[derive(Debug)]
pub struct OwnerStatus {
    /// `None` for the measures that name no (known) owner.
    pub owner: Option<OwnerId>,
    pub status: Option<Status>,
    /// Indices into [`Report::measures`], with how the owner stands to it.
    pub measures: Vec<(usize, Link)>,
}

/// Where one plan stands on one date.
#[derive(Debug)]
pub struct Report<'m> {
    pub model: &'m Model,
    pub as_of: NaiveDate,
    pub status: Option<Status>,
    pub measures: Vec<MeasureStatus>,
    pub sections: Vec<SectionStatus>,
    pub owners: Vec<OwnerStatus>,
}

impl Report<'_> {
    /// The worst status of the targets a `--deny` counts: every one but a stretch target
    /// (力争), which the plan strives for and does not guarantee (docs/status.md).
    pub fn firm_status(&self) -> Option<Status> {
        let model = self.model;
        worst(
            self.measures
                .iter()
                .flat_map(|m| &m.targets)
                .filter(|i| {
                    model
                        .targets
                        .get(i.target)
                        .is_none_or(|t| t.firm != Some(false))
                })
                .map(|i| Some(i.status)),
        )
    }

    /// How many targets (stretches) have each status, in the order of [`Status::ALL`].
    pub fn counts(&self) -> [usize; 6] {
        let mut counts = [0; 6];
        for t in self.measures.iter().flat_map(|m| &m.targets) {
            if let Some(slot) = Status::ALL
                .iter()
                .position(|s| *s == t.status)
                .and_then(|i| counts.get_mut(i))
            {
                *slot += 1;
            }
        }
        counts
    }
}

/// The worst of some statuses (`None` when there are none).
fn worst(statuses: impl IntoIterator<Item = Option<Status>>) -> Option<Status> {
    statuses.into_iter().flatten().max()
}

/// Where every target, measure, section and owner of `model` stands on `as_of`, from the
/// actuals in `actuals` (the plan's own, and those of the files that report on it).
pub fn compute<'m>(model: &'m Model, actuals: &Actuals, as_of: NaiveDate) -> Report<'m> {
    let baselines = Actuals::baselines(model);
    let mut measures = Vec::new();
    // The measure (index into `measures`) of each node, for the sections' roll-up.
    let mut measure_of: Vec<Option<usize>> = vec![None; model.nodes.len()];
    let mut by_node: Vec<Vec<usize>> = vec![Vec::new(); model.nodes.len()];
    for (i, t) in model.targets.iter().enumerate() {
        if let Some(slot) = by_node.get_mut(t.node) {
            slot.push(i);
        }
    }
    // The members of each group, as owner ids, for per-member targets.
    let owner_index: std::collections::HashMap<&str, OwnerId> = model
        .owners
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    for (id, _) in model.measures() {
        let mut targets: Vec<Instance> = Vec::new();
        for &i in by_node.get(id).into_iter().flatten() {
            let Some(t) = model.targets.get(i) else {
                continue;
            };
            let Some(each) = t.each.as_ref() else {
                targets.extend(rule::instances(
                    model, i, t, None, actuals, &baselines, as_of,
                ));
                continue;
            };
            // `each GROUP`: one row per member; a group with no members listed (or not a
            // group) has nobody to follow the target for.
            let members: Vec<&str> = each
                .owner
                .and_then(|g| model.owners.get(g))
                .filter(|g| g.group)
                .map(|g| {
                    g.members
                        .iter()
                        .map(String::as_str)
                        .filter(|m| owner_index.contains_key(m))
                        .collect()
                })
                .unwrap_or_default();
            if members.is_empty() {
                targets.push(rule::unfollowed(i, t, model));
            }
            for m in members {
                targets.extend(rule::instances(
                    model,
                    i,
                    t,
                    Some(m),
                    actuals,
                    &baselines,
                    as_of,
                ));
            }
        }
        let status = worst(targets.iter().map(|t| Some(t.status)));
        if let Some(slot) = measure_of.get_mut(id) {
            *slot = Some(measures.len());
        }
        measures.push(MeasureStatus {
            node: id,
            status,
            targets,
        });
    }

    // Sections: each measure's status climbs to every enclosing section (linear: the
    // nesting is at most 64 deep).
    let mut section_status: Vec<Option<Status>> = vec![None; model.nodes.len()];
    for m in &measures {
        let mut parent = model.nodes.get(m.node).and_then(|n| n.parent);
        while let Some(p) = parent {
            if let Some(slot) = section_status.get_mut(p) {
                *slot = worst([*slot, m.status]);
            }
            parent = model.nodes.get(p).and_then(|n| n.parent);
        }
    }
    let sections = model
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Section)
        .map(|(id, _)| SectionStatus {
            node: id,
            status: section_status.get(id).copied().flatten(),
        })
        .collect();

    // Owners, in registry order; then the measures with no known owner.
    let mut owned: Vec<Vec<(usize, Link)>> = vec![Vec::new(); model.owners.len()];
    let mut orphans = Vec::new();
    for (mi, m) in measures.iter().enumerate() {
        let listed = model.owners_of(m.node);
        for (o, role) in &listed {
            if let Some(list) = owned.get_mut(*o) {
                list.push((mi, Link::of(*role)));
            }
        }
        let mut members: Vec<&str> = m
            .targets
            .iter()
            .filter_map(|i| i.member.as_deref())
            .collect();
        members.sort_unstable();
        members.dedup();
        for member in members {
            let Some(&o) = owner_index.get(member) else {
                continue;
            };
            if listed.iter().any(|(l, _)| *l == o) {
                continue;
            }
            if let Some(list) = owned.get_mut(o) {
                list.push((mi, Link::Member));
            }
        }
        if listed.is_empty() {
            orphans.push((mi, Link::Shared));
        }
    }
    let status_of = |o: Option<OwnerId>, list: &[(usize, Link)]| {
        worst(list.iter().map(|(i, link)| {
            let m = measures.get(*i)?;
            match (link, o.and_then(|o| model.owners.get(o))) {
                // A member answers for its own rows only.
                (Link::Member, Some(def)) => worst(
                    m.targets
                        .iter()
                        .filter(|t| t.member.as_deref() == Some(def.id.as_str()))
                        .map(|t| Some(t.status)),
                ),
                _ => m.status,
            }
        }))
    };
    let mut owners: Vec<OwnerStatus> = owned
        .iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(o, list)| OwnerStatus {
            owner: Some(o),
            status: status_of(Some(o), list),
            measures: list.clone(),
        })
        .collect();
    if !orphans.is_empty() {
        owners.push(OwnerStatus {
            owner: None,
            status: status_of(None, &orphans),
            measures: orphans,
        });
    }
    let status = worst(measures.iter().map(|m| m.status));
    Report {
        model,
        as_of,
        status,
        measures,
        sections,
        owners,
    }
}

/// A value as the text wrote it, exactly (the model keeps it as an exact decimal).
pub fn exact(v: Number) -> Option<Decimal> {
    Some(v.decimal())
}

/// A unit's factor to its base unit as a decimal: exact for every unit but those whose
/// factor is no finite decimal (1 小时 = 1/24 日), which get 28 significant digits.
pub fn factor(f: Ratio) -> Option<Decimal> {
    f.to_number().map(Number::decimal)
}

/// A decimal for people: at most `places` decimals, no trailing zeros (`150.3`, `42`).
pub fn show(v: Decimal, places: u32) -> String {
    v.round_dp(places).normalize().to_string()
}

/// A target as a planner writes it, in the keywords of `lang` (LANGUAGE.md §8):
/// `规上工业总产值 >= 350 亿元`, `stretch 地区生产总值 growth 6..7 %` (`力争 地区生产总值 增长
/// 6..7 %`), with its repetition, window and group when it has them.
pub fn target_text(model: &Model, t: &crate::model::TargetInfo, lang: crate::i18n::Lang) -> String {
    use crate::i18n::number;
    use crate::model::{Bound, Repeat};
    use crate::syntax::ast::TargetKind;
    let word = |en: &'static str| -> &'static str {
        match lang {
            crate::i18n::Lang::Zh => crate::syntax::keywords::chinese(en).unwrap_or(en),
            crate::i18n::Lang::En => en,
        }
    };
    let mut words: Vec<String> = Vec::new();
    match t.firm {
        Some(true) => words.push(word("firm").into()),
        Some(false) => words.push(word("stretch").into()),
        None => {}
    }
    words.push(
        model
            .metrics
            .get(t.metric)
            .map_or("", |m| m.id.as_str())
            .into(),
    );
    if t.average {
        words.push(word("average").into());
    }
    match t.kind {
        TargetKind::Level => {}
        TargetKind::Growth => words.push(word("growth").into()),
        TargetKind::Change => words.push(word("change").into()),
    }
    words.push(match t.bound {
        Bound::Cmp { cmp, value } => format!("{} {}", cmp.as_str(), number(value)),
        Bound::Range { low, high } => format!("{}..{}", number(low), number(high)),
    });
    let unit = model.unit_refs.get(t.unit).map_or("", |u| &*u.name);
    if !unit.is_empty() {
        words.push(unit.into());
    }
    match t.repeat {
        Some(Repeat::Per(crate::dates::Every::Year)) => words.push(word("per year").into()),
        Some(Repeat::Per(crate::dates::Every::Quarter)) => words.push(word("per quarter").into()),
        Some(Repeat::Per(crate::dates::Every::Month)) => words.push(word("per month").into()),
        Some(Repeat::Cumulative) => words.push(word("cumulative").into()),
        None => {}
    }
    if t.from_issued {
        words.push(format!("{} {}", word("from"), word("issued")));
    }
    let written = t
        .window_span()
        .and_then(|s| model.source.text.get(s.clone()));
    // The grammar's span of a window may run on over what follows it: a period is one word.
    if let Some(period) = written.and_then(|w| w.split_whitespace().next()) {
        words.push(format!("{} {period}", word("over")));
    }
    if let Some(each) = &t.each {
        words.push(format!("{} {}", word("each"), each.name));
    }
    words.join(" ")
}
