//! `plan status --format json`: one document for every plan given, described by
//! docs/status.schema.json (generated from these types; a test keeps it current and
//! validates real output against it).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use super::actuals::Seen;
use super::{target_text, Link, Report, Status};
use crate::emit::compiled::Num;
use crate::number::Number;

/// The statuses as the schema says them.
#[derive(Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    Done,
    NotStarted,
    OnTrack,
    NoReport,
    Behind,
    Overdue,
}

impl From<Status> for Key {
    fn from(s: Status) -> Key {
        match s {
            Status::Done => Key::Done,
            Status::NotStarted => Key::NotStarted,
            Status::OnTrack => Key::OnTrack,
            Status::NoReport => Key::NoReport,
            Status::Behind => Key::Behind,
            Status::Overdue => Key::Overdue,
        }
    }
}

/// The value of `schema`.
#[derive(JsonSchema)]
enum SchemaTag {
    #[serde(rename = "plan-status/1")]
    #[allow(dead_code)]
    Status1,
}

/// What `plan status --format json` prints.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusDoc {
    /// Always `plan-status/1`.
    #[schemars(with = "SchemaTag")]
    pub schema: &'static str,
    /// The date the status is computed for (ISO).
    pub as_of: String,
    pub plans: Vec<PlanOut>,
    /// Targets (stretches of `per …` targets counted one by one) of every plan, by status.
    pub counts: Counts,
}

#[derive(Serialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub done: usize,
    pub not_started: usize,
    pub on_track: usize,
    pub no_report: usize,
    pub behind: usize,
    pub overdue: usize,
}

impl Counts {
    fn of(counts: [usize; 6]) -> Counts {
        let [done, not_started, on_track, no_report, behind, overdue] = counts;
        Counts {
            done,
            not_started,
            on_track,
            no_report,
            behind,
            overdue,
        }
    }

    fn add(&mut self, o: &Counts) {
        self.done += o.done;
        self.not_started += o.not_started;
        self.on_track += o.on_track;
        self.no_report += o.no_report;
        self.behind += o.behind;
        self.overdue += o.overdue;
    }
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanOut {
    /// The plan file, as given.
    pub file: String,
    pub title: Option<String>,
    /// The worst status of its measures (`null`: no targets).
    pub status: Option<Key>,
    pub counts: Counts,
    /// Each owner with a measure, in registry order; `id` `null` for the measures that
    /// name no owner.
    pub owners: Vec<OwnerOut>,
    pub sections: Vec<SectionOut>,
    pub measures: Vec<MeasureOut>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerOut {
    pub id: Option<String>,
    pub name: Option<String>,
    /// The worst status of its measures.
    pub status: Option<Key>,
    /// The measures it leads (牵头).
    pub leads: Vec<String>,
    /// The measures it supports (配合).
    pub supports: Vec<String>,
    /// The measures it is named in with no role: `owner jointly` (按职责分工负责), or an
    /// `also` clause.
    pub shares: Vec<String>,
    /// The measures with a per-member target (`each GROUP`) of a group it is a member of:
    /// only its own rows count for its status.
    pub member_of: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionOut {
    pub id: String,
    pub title: Option<String>,
    pub path: Vec<String>,
    /// The worst status of the measures inside it.
    pub status: Option<Key>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureOut {
    pub id: String,
    pub title: Option<String>,
    pub path: Vec<String>,
    /// Every owner in effect (its `owner` line's, own or inherited, then `also`'s).
    pub owners: Vec<String>,
    /// The first of `leads`; `null` when nobody leads (`owner jointly`).
    pub lead: Option<String>,
    /// The owners that lead (牵头).
    pub leads: Vec<String>,
    /// The owners that support (配合).
    pub supports: Vec<String>,
    /// The worst status of its targets (`null`: no targets).
    pub status: Option<Key>,
    pub targets: Vec<TargetOut>,
}

/// One target, or one stretch of a `per …` target.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetOut {
    pub metric: String,
    /// The target as written: `规上工业总产值 >= 350 亿元` (English keywords).
    pub text: String,
    pub line: usize,
    /// `true` for `firm` (确保), `false` for `stretch` (力争), absent when unsaid. A stretch
    /// target's status is reported but does not fail `--deny`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firm: Option<bool>,
    /// For a per-member target (`each GROUP`): the member this row follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The first day of its window.
    pub start: String,
    pub deadline: Option<String>,
    pub status: Key,
    /// `measured`, `not_open`, `no_actual`, `no_baseline`, `no_deadline`, `no_members`
    /// (an `each` target whose group lists no members), `not_whole_years` (`average
    /// growth` over a window of no whole number of years) or `from_ratio` (a share measured
    /// as numerator ÷ denominator).
    pub reason: String,
    /// `rising` or `falling` (judged along the line to the goal) or `held` (kept within
    /// it); `null` when nothing could be measured.
    pub pace: Option<String>,
    /// The unit of `from`, `goal`, `expected` and `actual.value`.
    pub unit: String,
    /// Where the line starts: the baseline, or zero.
    pub from: Option<Num>,
    /// The level the line leads to.
    pub goal: Option<Num>,
    /// Where the line stands on the actual's date.
    pub expected: Option<Num>,
    /// How far from `from` to `goal` the actual has come, in %.
    pub completion: Option<Num>,
    pub baseline: Option<ValueOut>,
    pub actual: Option<ValueOut>,
}

/// A reported value: as written, and where.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueOut {
    pub value: Num,
    pub unit: String,
    pub at: String,
    pub file: String,
    pub line: usize,
}

fn num(v: Option<Decimal>) -> Option<Num> {
    v.map(|v| Num(Number::from_decimal(v.round_dp(6))))
}

fn value(seen: &Seen) -> Option<ValueOut> {
    let written = seen
        .base
        .checked_div(super::factor(seen.unit.factor)?)?
        .round_dp(9);
    Some(ValueOut {
        value: Num(Number::from_decimal(written)),
        unit: seen.unit.name.clone(),
        at: seen.at.to_string(),
        file: seen.location.source.display_path(),
        line: seen.line,
    })
}

/// One plan's status as JSON types.
pub fn plan(report: &Report) -> PlanOut {
    let model = report.model;
    let node_id = |n: usize| model.nodes.get(n).map(|n| n.id.clone()).unwrap_or_default();
    let measures = report
        .measures
        .iter()
        .map(|m| {
            let listed = model.owners_of(m.node);
            let ids = |role: Option<crate::model::Role>| -> Vec<String> {
                listed
                    .iter()
                    .filter(|(_, r)| role.is_none() || *r == role)
                    .filter_map(|(o, _)| model.owners.get(*o).map(|o| o.id.clone()))
                    .collect()
            };
            let leads = ids(Some(crate::model::Role::Lead));
            let node = model.nodes.get(m.node);
            MeasureOut {
                id: node_id(m.node),
                title: node.and_then(|n| n.title.clone()),
                path: model.path(m.node),
                lead: leads.first().cloned(),
                owners: ids(None),
                leads,
                supports: ids(Some(crate::model::Role::Support)),
                status: m.status.map(Key::from),
                targets: m
                    .targets
                    .iter()
                    .filter_map(|i| {
                        let t = model.targets.get(i.target)?;
                        Some(TargetOut {
                            metric: model.metrics.get(t.metric)?.id.clone(),
                            text: target_text(model, t, crate::i18n::Lang::En),
                            line: t.line,
                            firm: t.firm,
                            member: i.member.clone(),
                            start: i.start.to_string(),
                            deadline: i.deadline.map(|d| d.to_string()),
                            status: i.status.into(),
                            reason: i.reason.key().into(),
                            pace: i.pace.map(|p| p.key().into()),
                            unit: i.unit.clone(),
                            from: num(i.from),
                            goal: num(i.goal),
                            expected: num(i.expected),
                            completion: num(i.completion.map(|c| c.round_dp(1))),
                            baseline: i.baseline.as_ref().and_then(value),
                            actual: i.actual.as_ref().and_then(value),
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let owners = report
        .owners
        .iter()
        .map(|o| {
            let def = o.owner.and_then(|o| model.owners.get(o));
            let ids = |link: Link| {
                o.measures
                    .iter()
                    .filter(|(_, l)| *l == link)
                    .filter_map(|(i, _)| report.measures.get(*i))
                    .map(|m| node_id(m.node))
                    .collect()
            };
            OwnerOut {
                id: def.map(|d| d.id.clone()),
                name: def.and_then(|d| d.name.clone()),
                status: o.status.map(Key::from),
                leads: ids(Link::Lead),
                supports: ids(Link::Support),
                shares: ids(Link::Shared),
                member_of: ids(Link::Member),
            }
        })
        .collect();
    let sections = report
        .sections
        .iter()
        .filter_map(|s| {
            let n = model.nodes.get(s.node)?;
            Some(SectionOut {
                id: n.id.clone(),
                title: n.title.clone(),
                path: model.path(s.node),
                status: s.status.map(Key::from),
            })
        })
        .collect();
    PlanOut {
        file: model.source.display_path(),
        title: model.header.as_ref().map(|h| h.title.clone()),
        status: report.status.map(Key::from),
        counts: Counts::of(report.counts()),
        owners,
        sections,
        measures,
    }
}

/// The document for some plans on one date.
pub fn document(as_of: chrono::NaiveDate, plans: Vec<PlanOut>) -> StatusDoc {
    let mut counts = Counts::default();
    for p in &plans {
        counts.add(&p.counts);
    }
    StatusDoc {
        schema: "plan-status/1",
        as_of: as_of.to_string(),
        plans,
        counts,
    }
}

/// The document as pretty JSON, ending with a newline.
pub fn to_json(doc: &StatusDoc) -> String {
    crate::emit::compiled::exact_json(doc).unwrap_or_default() + "\n"
}

/// The JSON Schema of the document (JSON Schema 2020-12), as in docs/status.schema.json.
pub fn json_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<StatusDoc>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
