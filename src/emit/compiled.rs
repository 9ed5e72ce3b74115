//! The compiled plan (LANGUAGE.md §6): the resolved model as one tree, written as JSON or
//! TOML for the systems downstream.
//!
//! Keys beyond §6 appear only when a plan uses the extension they carry (a date window, a
//! range, `cumulative`, milestones, header notes), so a plan written to the core compiles
//! to exactly the core schema. TOML has no null: absent values are left out there.
//!
//! `schema` follows the same rule: `plan/1`, exactly as LANGUAGE.md §6 shows it, for a plan
//! that says nothing the v1 reading cannot (its consumers read it right); `plan/2`, with
//! owner roles (`leads`, `supports`) and kinds, for a plan that uses a construct of
//! docs/language.md's "Version 2" (a `jointly` owner line, a group, `also`, firmness, `over`,
//! `from issued`, `each`, `average growth`, `ratio`), whose meaning a v1 consumer would
//! misread (a `lead` it would take for the first owner, an average it would take for a
//! total). docs/language.md ("Which schema") argues the choice.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::model::{Bound, Model, OwnerId, Role};
use crate::number::Number;
use crate::syntax::ast::{NodeKind, Repeat};

/// A number as planners write it, exactly (src/number.rs): integral values as integers
/// (`350`, not `350.0`), others with their digits (`0.3`, `10551.56`), never float noise.
///
/// JSON (written by [`exact_json`]) carries every digit, beyond 64-bit integers and doubles
/// too (`12345678901234567.89`). TOML cannot: its integers are 64-bit and its floats are
/// IEEE doubles (TOML 1.0, "Integer" and "Float"), so there a value past those is the
/// nearest double, as any TOML reader would hold it anyway.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub Number);

impl JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Num".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

thread_local! {
    /// Set while [`exact_json`] writes: serde gives a `Serialize` impl no way to ask which
    /// format it writes, and only JSON can take a number's digits verbatim.
    static EXACT_JSON: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(i) = self.0.to_i64() {
            return s.serialize_i64(i);
        }
        if EXACT_JSON.with(std::cell::Cell::get) {
            // The canonical decimal is a valid JSON number: digits, an optional `-` and `.`.
            if let Ok(raw) = serde_json::value::RawValue::from_string(self.0.to_string()) {
                return raw.serialize(s);
            }
        }
        s.serialize_f64(self.0.to_f64())
    }
}

/// `value` as pretty JSON whose [`Num`]s keep every digit they stand for.
pub fn exact_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            EXACT_JSON.with(|c| c.set(false));
        }
    }
    EXACT_JSON.with(|c| c.set(true));
    let _reset = Reset;
    serde_json::to_string_pretty(value)
}

/// The value of `schema`, as the JSON Schema says it.
#[derive(JsonSchema)]
#[allow(dead_code)]
enum SchemaTag {
    #[serde(rename = "plan/1")]
    Plan1,
    #[serde(rename = "plan/2")]
    Plan2,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A plan compiled by `plan compile` (LANGUAGE.md §6); docs/plan.schema.json is generated
/// from these types.
pub struct Compiled {
    /// `plan/1` (LANGUAGE.md §6) for a plan that uses no v2 construct; `plan/2` (with owner
    /// roles, owner kinds and the target keys of docs/language.md, "Version 2 constructs")
    /// for one that does.
    #[schemars(with = "SchemaTag")]
    pub schema: &'static str,
    pub plan: PlanOut,
    pub owners: Vec<OwnerOut>,
    pub metrics: Vec<MetricOut>,
    pub measures: Vec<MeasureOut>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanOut {
    pub title: Option<String>,
    pub issued: Option<String>,
    pub period: Option<PeriodOut>,
    pub issuer: Option<String>,
    pub region: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodOut {
    pub start: String,
    pub end: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerOut {
    pub id: String,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    /// (plan/2) `unit`, or `group` for a group of units (各县区政府).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<OwnerKind>")]
    pub kind: Option<&'static str>,
    /// The members a group lists, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// The kinds of registry entry, as the JSON Schema says them.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum OwnerKind {
    Unit,
    Group,
}

/// A metric that is a share of two others (`ratio A / B`).
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatioOut {
    pub numerator: String,
    pub denominator: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub unit: Option<String>,
    pub dimension: Option<String>,
    pub part_of: Option<String>,
    /// (v2) the metric is `numerator / denominator`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<RatioOut>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureOut {
    pub id: String,
    pub title: Option<String>,
    pub path: Vec<String>,
    /// Every owner in effect, by id: its `owner` line's (own or inherited), then those of
    /// `also` clauses.
    pub owners: Vec<String>,
    /// The first of `leads` (LANGUAGE.md §6), null when nobody leads.
    pub lead: Option<String>,
    /// (plan/2) The owners that lead (牵头); empty when the text names no lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leads: Option<Vec<String>>,
    /// (plan/2) The owners that support (配合).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supports: Option<Vec<String>>,
    pub deadline: Option<String>,
    /// (extension) the start of a `deadline A..B` window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_from: Option<String>,
    pub after: Vec<String>,
    pub targets: Vec<TargetOut>,
    pub baselines: Vec<ObservationOut>,
    pub actuals: Vec<ObservationOut>,
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<MilestoneOut>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetOut {
    pub metric: String,
    /// `level`, `growth` or `change`.
    #[schemars(with = "Kind")]
    pub kind: &'static str,
    /// `>=`, `>`, `<=`, `<`, `=`, `~`, or `..` for a range.
    #[schemars(with = "CmpOut")]
    pub cmp: &'static str,
    pub value: Num,
    /// (extension) the upper end of a range target `6..7`; `cmp` is then `..`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<Num>,
    pub unit: String,
    pub base_value: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_value_max: Option<Num>,
    pub base_unit: Option<String>,
    /// (extension) `true` for a `cumulative` target: summed over its window.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cumulative: bool,
    /// (v2) `true` for `firm` (确保), `false` for `stretch` (力争); absent when unsaid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firm: Option<bool>,
    /// (v2) the group whose every member the value is for (`each`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub each: Option<String>,
    /// (v2) `true` for average annual growth (年均增长) over the window.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub average: bool,
    /// (v2) the target's own window (`over`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<PeriodOut>,
    pub deadline: Option<String>,
    /// (extension) the start of a `by A..B` window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_from: Option<String>,
    pub line: usize,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservationOut {
    pub metric: String,
    pub value: Num,
    pub unit: String,
    pub base_value: Option<Num>,
    pub base_unit: Option<String>,
    pub at: Option<String>,
    pub line: usize,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneOut {
    pub title: String,
    pub deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_from: Option<String>,
    pub line: usize,
}

/// The kinds of target, as the JSON Schema says them.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Kind {
    Level,
    Growth,
    Change,
}

/// The comparisons of a target, as the JSON Schema says them.
#[derive(JsonSchema)]
#[allow(dead_code)]
enum CmpOut {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "~")]
    About,
    #[serde(rename = "..")]
    Range,
}

/// The JSON Schema of the compiled plan (JSON Schema 2020-12), as in docs/plan.schema.json.
pub fn json_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<Compiled>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The compiled tree of a resolved model.
pub fn compile(model: &Model) -> Compiled {
    let header = model.header.as_ref();
    let owner_id = |o: OwnerId| model.owners.get(o).map(|o| o.id.clone());
    let plan = PlanOut {
        title: header.map(|h| h.title.clone()),
        issued: model.issued().map(iso),
        period: model.period().map(|p| PeriodOut {
            start: iso(p.start),
            end: iso(p.end),
        }),
        issuer: header
            .and_then(|h| h.issuer)
            .and_then(|r| model.owner_refs.get(r))
            .and_then(|r| r.resolved)
            .and_then(owner_id),
        region: header.and_then(|h| h.region.clone()),
        status: header.and_then(|h| h.status.clone()),
        reference: header.and_then(|h| h.reference.clone()),
        notes: header.map(|h| h.notes.clone()).unwrap_or_default(),
    };
    let owners = model
        .owners
        .iter()
        .map(|o| OwnerOut {
            id: o.id.clone(),
            name: o.name.clone(),
            aliases: o.aliases.clone(),
            kind: Some(if o.group { "group" } else { "unit" }),
            members: o.members.clone(),
        })
        .collect();
    let metrics = model
        .metrics
        .iter()
        .map(|m| MetricOut {
            id: m.id.clone(),
            title: m.title.clone(),
            unit: m.unit.as_ref().map(|u| u.name.clone()),
            dimension: m.unit.as_ref().map(|u| u.dimension.to_string()),
            part_of: m
                .part_of
                .as_ref()
                .and_then(|p| p.whole)
                .and_then(|w| model.metrics.get(w))
                .map(|w| w.id.clone()),
            ratio: m.ratio.as_ref().map(|r| RatioOut {
                numerator: r.numerator.clone(),
                denominator: r.denominator.clone(),
            }),
        })
        .collect();
    // Each measure's lines, found through one pass over each list: scanning every target
    // for every measure made 200,000 measures take minutes (issue 16).
    let by_node = ByNode::new(model);
    let mut measures = Vec::new();
    for (id, node) in model.nodes.iter().enumerate() {
        if node.kind != NodeKind::Measure {
            continue;
        }
        let effective = model.owners_of(id);
        let with_role = |role: Role| -> Vec<String> {
            effective
                .iter()
                .filter(|(_, r)| *r == Some(role))
                .filter_map(|(o, _)| owner_id(*o))
                .collect()
        };
        let leads = with_role(Role::Lead);
        let supports = with_role(Role::Support);
        let owners: Vec<String> = effective.iter().filter_map(|(o, _)| owner_id(*o)).collect();
        let own_window = node
            .deadline_from
            .and_then(|n| model.nodes.get(n))
            .and_then(|n| n.deadline.as_ref())
            .and_then(|d| d.from);
        measures.push(MeasureOut {
            id: node.id.clone(),
            title: node.title.clone(),
            path: model.path(id),
            lead: leads.first().cloned(),
            owners,
            leads: Some(leads),
            supports: Some(supports),
            deadline: node.effective_deadline.map(iso),
            deadline_from: own_window.map(iso),
            after: node
                .after
                .iter()
                .filter_map(|a| a.node.and_then(|n| model.nodes.get(n)))
                .map(|n| n.id.clone())
                .collect(),
            targets: targets_of(model, by_node.targets(id)),
            baselines: observations_of(model, by_node.baselines(id)),
            actuals: observations_of(model, by_node.actuals(id)),
            notes: node.notes.clone(),
            milestones: by_node
                .milestones(id)
                .iter()
                .filter_map(|&i| model.milestones.get(i))
                .map(|m| MilestoneOut {
                    title: m.title.clone(),
                    deadline: m.when.date.map(iso),
                    deadline_from: m.when.from.map(iso),
                    line: m.line,
                })
                .collect(),
        });
    }
    let mut compiled = Compiled {
        schema: "plan/2",
        plan,
        owners,
        metrics,
        measures,
    };
    if !uses_v2(model, &compiled.measures) {
        compiled.schema = "plan/1";
        for o in &mut compiled.owners {
            o.kind = None;
        }
        for m in &mut compiled.measures {
            m.leads = None;
            m.supports = None;
        }
    }
    compiled
}

/// Whether the plan says something the v1 reading of LANGUAGE.md §6 cannot: a group, an
/// `also` clause, a measure whose roles are not what a v1 consumer infers from `owners` and
/// `lead` (the lead, and every other owner supporting), or a v2 key on a target or metric.
/// Linear in the plan.
fn uses_v2(model: &Model, measures: &[MeasureOut]) -> bool {
    let v1_roles = |m: &MeasureOut| {
        let leads = m.leads.as_deref().unwrap_or_default();
        let supports = m.supports.as_deref().unwrap_or_default();
        leads.len() == usize::from(m.lead.is_some())
            && m.owners.first() == m.lead.as_ref()
            && supports.len() + leads.len() == m.owners.len()
    };
    model
        .owners
        .iter()
        .any(|o| o.group || !o.members.is_empty())
        || model.nodes.iter().any(|n| !n.carried.is_empty())
        || !measures.iter().all(v1_roles)
        || model.targets.iter().any(|t| {
            t.firm.is_some()
                || t.each.is_some()
                || t.average
                || t.window().is_some()
                || t.from_issued
        })
        || model.metrics.iter().any(|m| m.ratio.is_some())
}

/// The positions of each node's targets, baselines, actuals and milestones in the model's
/// lists, in source order.
struct ByNode {
    targets: Vec<Vec<usize>>,
    baselines: Vec<Vec<usize>>,
    actuals: Vec<Vec<usize>>,
    milestones: Vec<Vec<usize>>,
}

impl ByNode {
    fn new(model: &Model) -> ByNode {
        let nodes = model.nodes.len();
        let group = |of: &mut dyn Iterator<Item = usize>| {
            let mut lists = vec![Vec::new(); nodes];
            for (i, node) in of.enumerate() {
                if let Some(list) = lists.get_mut(node) {
                    list.push(i);
                }
            }
            lists
        };
        let mut baselines = vec![Vec::new(); nodes];
        let mut actuals = vec![Vec::new(); nodes];
        for (i, o) in model.observations.iter().enumerate() {
            let lists = if o.actual {
                &mut actuals
            } else {
                &mut baselines
            };
            if let Some(list) = lists.get_mut(o.node) {
                list.push(i);
            }
        }
        ByNode {
            targets: group(&mut model.targets.iter().map(|t| t.node)),
            baselines,
            actuals,
            milestones: group(&mut model.milestones.iter().map(|m| m.node)),
        }
    }

    fn targets(&self, node: usize) -> &[usize] {
        self.targets.get(node).map_or(&[], Vec::as_slice)
    }

    fn baselines(&self, node: usize) -> &[usize] {
        self.baselines.get(node).map_or(&[], Vec::as_slice)
    }

    fn actuals(&self, node: usize) -> &[usize] {
        self.actuals.get(node).map_or(&[], Vec::as_slice)
    }

    fn milestones(&self, node: usize) -> &[usize] {
        self.milestones.get(node).map_or(&[], Vec::as_slice)
    }
}

fn targets_of(model: &Model, indexes: &[usize]) -> Vec<TargetOut> {
    let mut out = Vec::new();
    for t in indexes.iter().filter_map(|&i| model.targets.get(i)) {
        let unit = model.unit_refs.get(t.unit);
        let resolved = model.unit(t.unit);
        // In base units, exactly; a unit whose factor is no finite decimal (小时 = 1/24 日)
        // gives 28 significant digits (src/number.rs).
        let scale = |v: Number| {
            resolved
                .and_then(|u| u.to_base(v))
                .and_then(|b| b.to_number())
                .map(Num)
        };
        let (cmp, value, value_max) = match t.bound {
            Bound::Cmp { cmp, value } => (cmp.as_str(), value, None),
            Bound::Range { low, high } => ("..", low, Some(high)),
        };
        let metric = model
            .metrics
            .get(t.metric)
            .map(|m| m.id.clone())
            .unwrap_or_default();
        let deadlines: Vec<Option<chrono::NaiveDate>> = match t.repeat {
            Some(Repeat::Per(_)) if !t.repetitions().is_empty() => {
                t.repetitions().iter().map(|d| Some(*d)).collect()
            }
            _ => vec![t.deadline],
        };
        for deadline in deadlines {
            out.push(TargetOut {
                metric: metric.clone(),
                kind: t.kind.as_str(),
                cmp,
                value: Num(value),
                value_max: value_max.map(Num),
                unit: unit.map(|u| u.name.to_string()).unwrap_or_default(),
                base_value: scale(value),
                base_value_max: value_max.and_then(scale),
                base_unit: resolved.map(|u| u.base.clone()),
                cumulative: t.repeat == Some(Repeat::Cumulative),
                firm: t.firm,
                each: t
                    .each
                    .as_ref()
                    .and_then(|e| e.owner)
                    .and_then(|o| model.owners.get(o))
                    .map(|o| o.id.clone())
                    .or_else(|| t.each.as_ref().map(|e| e.name.clone())),
                average: t.average,
                window: t.window().map(|w| PeriodOut {
                    start: iso(w.start),
                    end: iso(w.end),
                }),
                deadline: deadline.map(iso),
                deadline_from: t.by.as_ref().and_then(|b| b.from).map(iso),
                line: t.line,
            });
        }
    }
    out
}

fn observations_of(model: &Model, indexes: &[usize]) -> Vec<ObservationOut> {
    indexes
        .iter()
        .filter_map(|&i| model.observations.get(i))
        .map(|o| {
            let resolved = model.unit(o.unit);
            ObservationOut {
                metric: model
                    .metrics
                    .get(o.metric)
                    .map(|m| m.id.clone())
                    .unwrap_or_default(),
                value: Num(o.value),
                unit: model
                    .unit_refs
                    .get(o.unit)
                    .map(|u| u.name.to_string())
                    .unwrap_or_default(),
                base_value: resolved
                    .and_then(|u| u.to_base(o.value))
                    .and_then(|b| b.to_number())
                    .map(Num),
                base_unit: resolved.map(|u| u.base.clone()),
                at: o.at.map(iso),
                line: o.line,
            }
        })
        .collect()
}

/// The compiled plan as pretty JSON, ending with a newline.
pub fn to_json(compiled: &Compiled) -> Result<String, String> {
    exact_json(compiled)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

/// The compiled plan as TOML (the same tree; nulls left out).
pub fn to_toml(compiled: &Compiled) -> Result<String, String> {
    toml::to_string_pretty(compiled).map_err(|e| e.to_string())
}
