//! The resolved plan: every name looked up, every date and unit understood, every
//! inheritance (owners, deadlines, metric units) applied — LANGUAGE.md §4.
//!
//! The model keeps what went wrong as facts (an owner reference that found nothing, a date
//! that does not exist, a name defined twice) rather than reporting it: the rules in
//! src/rules/ read these facts and decide what to report, each in its own file.

mod build;
mod imports;
pub mod loader;
mod written;

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::dates::{DateError, Period};
use crate::diagnostic::Location;
use crate::number::Number;
use crate::source::Source;
pub use crate::syntax::ast::Role;
use crate::syntax::ast::{self, Cmp, NodeKind, Span, TargetKind};
use crate::units::{Unit, UnitRegistry};

pub use build::{build, build_lean, build_staged};
pub use loader::{Loader, Parsed, Read};
pub use written::Written;

/// Index of a node (section or measure) in [`Model::nodes`].
pub type NodeId = usize;
/// Index of an owner in [`Model::owners`].
pub type OwnerId = usize;
/// Index of a metric in [`Model::metrics`].
pub type MetricId = usize;

/// One file, resolved.
#[derive(Debug)]
pub struct Model {
    pub source: Arc<Source>,
    /// The syntax tree, for what the model does not keep (the outline, how a target was
    /// worded). `None` when the model was built for its findings only ([`build_lean`]): the
    /// tree is then freed item by item as the model is built, which halves the peak memory
    /// of checking one large file (issue 15).
    pub ast: Option<Arc<ast::File>>,
    pub header: Option<Header>,
    pub imports: Vec<Import>,
    pub owners: Vec<OwnerDef>,
    /// Owner ids, full names and aliases that more than one entry claims.
    pub owner_clashes: Vec<Clash>,
    pub units: UnitRegistry,
    pub unit_defs: Vec<UnitDefInfo>,
    pub metrics: Vec<MetricInfo>,
    pub nodes: Vec<NodeInfo>,
    /// Measure and section ids defined more than once: (the later one, the first one).
    pub node_clashes: Vec<(NodeId, NodeId)>,
    pub targets: Vec<TargetInfo>,
    pub observations: Vec<Observation>,
    pub milestones: Vec<Milestone>,
    /// Every date literal of the file that does not exist (D207).
    pub bad_dates: Vec<BadDate>,
    /// Every owner reference (`owner`, `issuer`) and what it found.
    pub owner_refs: Vec<OwnerRef>,
    /// Every unit written, and whether it is known.
    pub unit_refs: Vec<UnitRef>,
    /// For each metric, its targets and observations (indices, in source order): the rules
    /// that compare targets of one metric look here instead of scanning every target.
    pub uses: Vec<MetricUses>,
    /// Every target but the per-member ones (`each`), in source order: indices into
    /// [`Model::targets`]. A check that keeps a state per metric walks this once rather
    /// than [`Model::targets_of`] for each metric in turn, which jumps through a big plan's
    /// targets and was five times slower on one 30 MB plan than on as many small ones
    /// (issue 15).
    pub in_order: Vec<usize>,
    /// [`Model::written_dates`], listed on first use. Three checks read it side by side;
    /// each listed it for itself, three lists of a big plan's dates alive at once (16 MB
    /// each for a 20 MB plan, issue 15).
    written: WrittenDates,
    /// `per` targets whose repetitions were cut at a limit (L801), in source order.
    pub repeat_cuts: Vec<RepeatCut>,
}

/// [`Model::written_dates`] once listed. Its `Debug` shows nothing: whether the checks have
/// run yet is not part of what a model is.
#[derive(Default)]
struct WrittenDates(OnceLock<Vec<Written>>);

impl std::fmt::Debug for WrittenDates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WrittenDates")
    }
}

/// A `per` target that repeats more often than `plan` expands (L801, issue 16).
#[derive(Debug)]
pub struct RepeatCut {
    /// The `per …` words (else the target line).
    pub span: Span,
    /// How many deadlines the target has.
    pub count: u64,
    /// How many were kept.
    pub kept: usize,
    /// Cut by the plan's total ([`crate::dates::MAX_REPEATS_IN_PLAN`]), not by the
    /// target's own limit ([`crate::dates::MAX_REPEATS`]).
    pub plan_total: bool,
}

/// The targets and observations of one metric.
#[derive(Debug, Default)]
pub struct MetricUses {
    /// Indices into [`Model::targets`]; per-member targets (`each`) are left out: they never
    /// compare with the plan's own.
    pub targets: Vec<usize>,
    /// Indices into [`Model::observations`].
    pub observations: Vec<usize>,
}

/// The plan header, resolved.
#[derive(Debug)]
pub struct Header {
    pub title: String,
    pub issued: Option<NaiveDate>,
    pub issued_span: Option<Span>,
    pub period: Option<Period>,
    pub period_span: Option<Span>,
    pub issuer: Option<usize>,
    pub region: Option<String>,
    pub status: Option<String>,
    pub reference: Option<String>,
    pub notes: Vec<String>,
    /// From the `plan` keyword to the end of the title: where a fact about the whole file
    /// is reported.
    pub head_span: Span,
    /// (v2) The header's `also` lines: owner references (into `Model::owner_refs`) added to
    /// every measure written after them.
    pub also: Vec<usize>,
}

/// A `use` line and what became of it.
#[derive(Debug)]
pub struct Import {
    pub path: String,
    pub span: Span,
    pub status: ImportStatus,
}

#[derive(Debug)]
pub enum ImportStatus {
    Ok,
    /// No such file (or unreadable): R401.
    Missing(ImportFailure),
    /// The file imports, directly or not, the file importing it: R403. The chain of paths.
    Cycle(Vec<String>),
    /// The file does not parse; nothing was imported from it. `shown`: its path for the user.
    Broken {
        shown: String,
        line: usize,
    },
}

/// Why an imported file could not be read. The catalogs say it in each language.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportFailure {
    NotFound,
    Directory,
    NotUtf8,
    /// Imports chain more files deep than the limit: the limit, and the chain from the
    /// checked file to the first file not read.
    TooDeep(usize, Vec<String>),
    /// Any other I/O error, as the system words it.
    Io(String),
    /// Not read: not a regular file, a link loop, a system file, too large (issue 11).
    Unreadable(crate::source::Unreadable),
}

/// A registered owner (local or imported).
#[derive(Debug)]
pub struct OwnerDef {
    pub id: String,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    /// The id as written in its registry (maybe another file).
    pub at: Location,
    /// Each of its names (id, full name, aliases) and where it is written.
    pub written: Vec<(String, Location)>,
    /// Registered in this file (O104 looks only at these).
    pub local: bool,
    /// (v2) A `group` entry: a group of units (各县区政府), not one unit.
    pub group: bool,
    /// (v2) The members a group lists, by owner id as written in the registry.
    pub members: Vec<String>,
}

/// Two registry entries claim one name.
#[derive(Debug)]
pub struct Clash {
    /// The name both claim.
    pub name: String,
    /// Where the later entry writes it.
    pub at: Location,
    /// Where the first entry writes it.
    pub first: Location,
}

/// A reference to an owner by id, full name or alias.
#[derive(Debug)]
pub struct OwnerRef {
    pub name: String,
    pub span: Span,
    pub resolved: Option<OwnerId>,
    /// (v2) On an `owner` line, the role the line gives this owner, after reading v1 lines
    /// (first leads); `None` for a joint owner, an `also` or an `issuer`. Kept here rather
    /// than in a list beside each node's owners: one list fewer per measure (issue 16).
    pub role: Option<Role>,
}

/// A unit as written somewhere in the file.
#[derive(Debug)]
pub struct UnitRef {
    /// Shared with every reference written the same way (one allocation per unit name, not
    /// per line: issue 15).
    pub name: Arc<str>,
    pub span: Span,
    /// Shared by every reference to the same name: a dense plan writes one of a few units
    /// on every line, and a resolved unit is three allocations (issue 15).
    pub unit: Option<Arc<Unit>>,
}

/// A `unit` declaration of this file.
#[derive(Debug)]
pub struct UnitDefInfo {
    pub name: String,
    pub span: Span,
    /// `Some` when the name was already taken: where (None = by the prelude).
    pub clash: Option<Option<Location>>,
}

/// A metric: declared (here or imported), or only used.
#[derive(Debug)]
pub struct MetricInfo {
    pub id: String,
    pub title: Option<String>,
    /// Its declaration, if any.
    pub decl: Option<Location>,
    pub local: bool,
    /// The unit: declared, else of its first level/change/baseline/actual.
    pub unit: Option<Unit>,
    /// Where that unit is written.
    pub unit_at: Option<Location>,
    /// Whether the unit came from the declaration.
    pub unit_declared: bool,
    pub part_of: Option<PartOf>,
    /// (v2) `ratio A / B`: the metric is A divided by B.
    pub ratio: Option<Ratio>,
    /// Earlier declarations of the same id in this file (R402): the later ones.
    pub redeclared: Vec<Span>,
}

/// `part of WHOLE` on a metric declaration.
#[derive(Debug)]
pub struct PartOf {
    pub name: String,
    pub at: Location,
    pub whole: Option<MetricId>,
}

/// A section or measure, with everything inherited.
#[derive(Debug)]
pub struct NodeInfo {
    pub kind: NodeKind,
    pub id: String,
    pub id_span: Span,
    pub title: Option<String>,
    pub span: Span,
    pub parent: Option<NodeId>,
    /// Its own `owner` lines' references (indices into `Model::owner_refs`).
    pub own_owners: Vec<usize>,
    /// (v2) Owners added by `also` clauses of the header and enclosing sections written
    /// before this node (indices into `Model::owner_refs`).
    pub carried: Vec<usize>,
    /// The node whose `owner` line applies (itself or the nearest enclosing one).
    pub owners_from: Option<NodeId>,
    /// Its own `deadline` line.
    pub deadline: Option<Box<Deadline>>,
    /// The effective deadline and where it is written (None = the plan period's end).
    pub effective_deadline: Option<NaiveDate>,
    pub deadline_from: Option<NodeId>,
    pub after: Vec<AfterRef>,
    pub notes: Vec<String>,
}

/// A written deadline (`deadline` or `by`), understood.
#[derive(Clone, Debug)]
pub struct Deadline {
    /// None when the date does not exist (already reported as D207).
    pub date: Option<NaiveDate>,
    /// The window's start, for `DATE..DATE`.
    pub from: Option<NaiveDate>,
    pub span: Span,
}

/// One name of an `after` line.
#[derive(Debug)]
pub struct AfterRef {
    pub name: String,
    pub span: Span,
    pub node: Option<NodeId>,
}

/// Where a target's deadline comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineSource {
    /// Its own `by`.
    By,
    /// The `deadline` line of this node.
    Node(NodeId),
    /// The end of the plan period.
    Period,
    /// (v2) The end of the target's own `over` window.
    Window,
    /// Nothing: no `by`, no deadline, no period.
    None,
}

/// How a target repeats.
pub use crate::syntax::ast::Repeat;

/// One target of one metric (a line naming two metrics gives two).
#[derive(Debug)]
pub struct TargetInfo {
    pub node: NodeId,
    pub metric: MetricId,
    pub metric_span: Span,
    pub kind: TargetKind,
    pub bound: Bound,
    pub unit: UnitRefId,
    pub repeat: Option<Repeat>,
    /// The effective deadline (of the last repetition for `per …`).
    pub deadline: Option<NaiveDate>,
    pub deadline_source: DeadlineSource,
    /// The `by` as written, if any.
    pub by: Option<Deadline>,
    /// (v2) `per … from issued`: the repetitions start at the issue date.
    pub from_issued: bool,
    /// (v2) `firm` (Some(true)) or `stretch` (Some(false)).
    pub firm: Option<bool>,
    /// (v2) `each GROUP`: the group named and the owner it resolves to (rare: boxed, so
    /// that every other target takes less memory).
    pub each: Option<Box<EachRef>>,
    /// (v2) `average growth`: average annual growth over the window.
    pub average: bool,
    pub span: Span,
    pub line: usize,
    /// What only a repeating or windowed target has ([`TargetInfo::repetitions`],
    /// [`TargetInfo::window`]). Boxed and `None` for the others: a big plan's targets are
    /// half its model, and these took a third of each (248 bytes a target; the memory a
    /// large plan's check first touches is much of its time on our machines, issue 15).
    pub(crate) extra: Option<Box<TargetExtra>>,
}

/// The parts of a [`TargetInfo`] most targets do not have.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TargetExtra {
    pub(crate) repeat_span: Option<Span>,
    pub(crate) repetitions: Vec<NaiveDate>,
    pub(crate) window: Option<Period>,
    pub(crate) window_span: Option<Span>,
}

impl TargetInfo {
    /// Where the repetition (`per year`, `cumulative`) is written.
    pub fn repeat_span(&self) -> Option<&Span> {
        self.extra.as_ref()?.repeat_span.as_ref()
    }

    /// For `per …`: every repetition's deadline, in order.
    pub fn repetitions(&self) -> &[NaiveDate] {
        self.extra.as_ref().map_or(&[], |e| &e.repetitions)
    }

    /// (v2) The target's own `over` window, when written and existing.
    pub fn window(&self) -> Option<Period> {
        self.extra.as_ref()?.window
    }

    /// (v2) Where the target's own `over` window is written.
    pub fn window_span(&self) -> Option<&Span> {
        self.extra.as_ref()?.window_span.as_ref()
    }
}

/// (v2) The group of an `each` target.
#[derive(Clone, Debug)]
pub struct EachRef {
    pub name: String,
    pub span: Span,
    pub owner: Option<OwnerId>,
}

/// (v2) A metric that is a share: `ratio NUMERATOR / DENOMINATOR`.
#[derive(Debug)]
pub struct Ratio {
    pub numerator: String,
    pub numerator_at: Location,
    pub numerator_id: Option<MetricId>,
    pub denominator: String,
    pub denominator_at: Location,
    pub denominator_id: Option<MetricId>,
}

/// Index into [`Model::unit_refs`].
pub type UnitRefId = usize;

/// What a target asks, as numbers in the unit written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    Cmp { cmp: Cmp, value: Number },
    Range { low: Number, high: Number },
}

/// A `baseline` or `actual` line.
#[derive(Debug)]
pub struct Observation {
    pub node: NodeId,
    pub actual: bool,
    pub metric: MetricId,
    pub metric_span: Span,
    pub value: Number,
    pub unit: UnitRefId,
    pub at: Option<NaiveDate>,
    pub span: Span,
    pub line: usize,
}

/// (extension) A `milestone "建成" by 2022` line.
#[derive(Debug)]
pub struct Milestone {
    pub node: NodeId,
    pub title: String,
    pub when: Deadline,
    pub span: Span,
    pub line: usize,
}

/// A date literal that names no real date or period.
#[derive(Debug)]
pub struct BadDate {
    pub text: String,
    pub span: Span,
    pub error: DateError,
}

impl Model {
    /// Ids from the outermost section down to `node` (asked for by the outputs only, so it
    /// is not stored per node: a million one-line measures kept a million such lists).
    pub fn path(&self, node: NodeId) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = self.nodes.get(node);
        while let Some(n) = at {
            path.push(n.id.clone());
            at = n.parent.and_then(|p| self.nodes.get(p));
        }
        path.reverse();
        path
    }

    /// How many sections enclose `node`.
    pub fn depth(&self, node: NodeId) -> usize {
        let mut depth = 0;
        let mut at = self.nodes.get(node).and_then(|n| n.parent);
        while let Some(p) = at {
            depth += 1;
            at = self.nodes.get(p).and_then(|n| n.parent);
        }
        depth
    }

    /// The owners in effect for a node (its own `owner` line, else the nearest enclosing one's).
    pub fn effective_owner_refs(&self, node: NodeId) -> &[usize] {
        match self.nodes.get(node).and_then(|n| n.owners_from) {
            Some(from) => self
                .nodes
                .get(from)
                .map_or(&[], |n| n.own_owners.as_slice()),
            None => &[],
        }
    }

    /// (v2) Every owner in effect for a measure, each once: its `owner` lines' (own or
    /// inherited), then those carried by `also` clauses. With each, its role.
    pub fn owners_of(&self, node: NodeId) -> Vec<(OwnerId, Option<Role>)> {
        let mut out: Vec<(OwnerId, Option<Role>)> = Vec::new();
        let Some(n) = self.nodes.get(node) else {
            return out;
        };
        let from = n.owners_from.and_then(|f| self.nodes.get(f));
        let listed = from.into_iter().flat_map(|f| {
            f.own_owners.iter().map(|&r| {
                let role = self.owner_refs.get(r).and_then(|r| r.role);
                (r, role)
            })
        });
        let carried = n.carried.iter().map(|&r| (r, None));
        for (r, role) in listed.chain(carried) {
            let Some(owner) = self.owner_refs.get(r).and_then(|r| r.resolved) else {
                continue;
            };
            if !out.iter().any(|(o, _)| *o == owner) {
                out.push((owner, role));
            }
        }
        out
    }

    /// Whether a measure has an owner: an `owner` line (own or inherited) or an `also` clause.
    pub fn has_owner(&self, node: NodeId) -> bool {
        self.nodes
            .get(node)
            .is_some_and(|n| n.owners_from.is_some() || !n.carried.is_empty())
    }

    /// The plan period, if the header gives one that exists.
    pub fn period(&self) -> Option<Period> {
        self.header.as_ref().and_then(|h| h.period)
    }

    /// The issue date, if the header gives one that exists.
    pub fn issued(&self) -> Option<NaiveDate> {
        self.header.as_ref().and_then(|h| h.issued)
    }

    /// A location in this file.
    pub fn at(&self, span: Span) -> Location {
        Location::new(&self.source, span)
    }

    /// The unit of a unit reference, if known.
    pub fn unit(&self, id: UnitRefId) -> Option<&Unit> {
        self.unit_refs.get(id).and_then(|u| u.unit.as_deref())
    }

    /// The targets of a metric, in source order.
    pub fn targets_of(&self, metric: MetricId) -> impl Iterator<Item = &TargetInfo> {
        self.uses
            .get(metric)
            .into_iter()
            .flat_map(|u| u.targets.iter())
            .filter_map(|&i| self.targets.get(i))
    }

    /// Every date written in the file, once each (a target line naming two metrics is one
    /// line), in source order.
    pub fn written_dates(&self) -> &[Written] {
        self.written.0.get_or_init(|| written::written_dates(self))
    }

    /// Every target but the per-member ones, in source order ([`Model::in_order`]).
    pub fn targets_in_order(&self) -> impl Iterator<Item = &TargetInfo> {
        self.in_order.iter().filter_map(|&i| self.targets.get(i))
    }

    /// The baselines and actuals of a metric, in source order.
    pub fn observations_of(&self, metric: MetricId) -> impl Iterator<Item = &Observation> {
        self.uses
            .get(metric)
            .into_iter()
            .flat_map(|u| u.observations.iter())
            .filter_map(|&i| self.observations.get(i))
    }

    /// The measures (not sections), in source order.
    pub fn measures(&self) -> impl Iterator<Item = (NodeId, &NodeInfo)> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::Measure)
    }
}
