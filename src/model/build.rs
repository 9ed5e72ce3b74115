//! Building the [`Model`] from a parsed file: LANGUAGE.md §4, in the order the rules need —
//! header, imports, owners, units, metrics, then the section/measure tree with its
//! inheritance, then targets and observations.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use chrono::NaiveDate;

use super::imports;
use super::loader::Loader;
use super::*;
use crate::dates::{self, Every};
use crate::syntax::ast::{BodyItem, Item};
use crate::syntax::{self, SyntaxError, Unstaged};

/// Resolve one parsed file. Imports are loaded through `loader`. The model keeps the tree.
pub fn build(loader: &Loader, source: Arc<Source>, file: Arc<ast::File>) -> Model {
    let mut b = Builder::start(loader, source, &file);
    for item in &file.items {
        b.item(item);
    }
    b.finish(Some(file))
}

/// Resolve one parsed file for its findings only (`plan check`): the same model as
/// [`build`], without the tree, which is freed a top-level item at a time once the item is
/// resolved. The tree of a dense plan takes as much memory as its model; they no longer
/// add up (issue 15).
pub fn build_lean(loader: &Loader, source: Arc<Source>, file: ast::File) -> Model {
    let mut b = Builder::start(loader, source, &file);
    for item in file.items {
        b.item(&item);
    }
    b.finish(None)
}

/// Resolve one file from its text for its findings only (`plan check` of a file on disk):
/// the model of [`build_lean`], built without ever holding the file's whole tree — the
/// declarations are parsed first, then the sections and measures a group at a time, each
/// group resolved and freed before the next is parsed ([`syntax::Staged`]). One dense
/// plan's tree takes more memory than its model and its text together (issue 15). `Err`:
/// the file's syntax error, the one [`syntax::parse`] gives.
pub fn build_staged(loader: &Loader, source: Arc<Source>) -> Result<Model, SyntaxError> {
    build_in_groups(loader, source, syntax::parser::CHUNK)
}

/// [`build_staged`], sections and measures parsed in groups at least `min` bytes long.
fn build_in_groups(loader: &Loader, source: Arc<Source>, min: usize) -> Result<Model, SyntaxError> {
    // Both passes over the whole text come before the groups' parses can start, one
    // file on one core: side by side, when a second core is free.
    let (staged, lines) = rayon::join(
        || syntax::parser::stage(&source.text, min),
        || syntax::prescan::line_starts(&source.text),
    );
    let staged = staged.and_then(|staged| {
        let mut b = Builder::start(loader, Arc::clone(&source), &staged.declarations);
        b.reserve_for(&lines);
        staged.for_each(|item| b.item(&item))?;
        Ok(b.finish(None))
    });
    match staged {
        Ok(model) => Ok(model),
        Err(Unstaged::Error(e)) => Err(e),
        // The partial model is gone before the whole file is parsed.
        Err(Unstaged::Whole) => {
            syntax::parse_whole(&source.text).map(|file| build_lean(loader, source, file))
        }
    }
}

impl Builder {
    /// Everything declared anywhere in the file (owners, units, metrics, the header), which
    /// the sections and measures may use before or after the declaration.
    fn start(loader: &Loader, source: Arc<Source>, file: &ast::File) -> Builder {
        let (imports, imported) = imports::resolve(loader, &source, file);
        let mut b = Builder {
            m: Model {
                source,
                ast: None,
                header: None,
                imports,
                owners: Vec::new(),
                owner_clashes: Vec::new(),
                units: UnitRegistry::new(),
                unit_defs: Vec::new(),
                metrics: Vec::new(),
                nodes: Vec::new(),
                node_clashes: Vec::new(),
                targets: Vec::new(),
                observations: Vec::new(),
                milestones: Vec::new(),
                bad_dates: Vec::new(),
                owner_refs: Vec::new(),
                unit_refs: Vec::new(),
                uses: Vec::new(),
                in_order: Vec::new(),
                written: Default::default(),
                repeat_cuts: Vec::new(),
            },
            repeats_total: 0,
            owner_index: HashMap::new(),
            metric_index: HashMap::new(),
            node_index: HashMap::new(),
            carried: Vec::new(),
            unit_cache: HashMap::new(),
            after: Vec::new(),
            line_at: (0, 1),
            dates: HashMap::new(),
        };
        b.reserve(file);
        b.owners(file, imported.owners);
        b.units(file, imported.units);
        b.metric_decls(file, imported.metrics);
        b.header(file);
        b.ratios(file);
        b
    }

    /// Make room for every node, target, observation and unit reference of the file at
    /// once: grown by doubling, the largest arrays of a big plan's model were copied a dozen
    /// times and held twice over while they were (issue 15). A counting walk of the tree
    /// is cheap beside resolving it. A file built in stages ([`build_staged`]) shows only
    /// its declarations here; [`Builder::reserve_for`] guesses the rest.
    fn reserve(&mut self, file: &ast::File) {
        #[derive(Default)]
        struct Count {
            nodes: usize,
            targets: usize,
            observations: usize,
            units: usize,
        }
        fn walk(node: &ast::Node, c: &mut Count) {
            c.nodes += 1;
            for item in &node.body {
                match item {
                    BodyItem::Target(t) => {
                        c.targets += t.metrics.len();
                        c.units += 1;
                    }
                    BodyItem::Baseline(_) | BodyItem::Actual(_) => {
                        c.observations += 1;
                        c.units += 1;
                    }
                    BodyItem::Node(child) => walk(child, c),
                    _ => {}
                }
            }
        }
        let mut c = Count::default();
        for item in &file.items {
            match item {
                Item::Node(node) => walk(node, &mut c),
                Item::Metric(_) | Item::Unit(_) => c.units += 1,
                _ => {}
            }
        }
        self.m.nodes.reserve_exact(c.nodes);
        self.m.targets.reserve_exact(c.targets);
        self.m.observations.reserve_exact(c.observations);
        self.m.unit_refs.reserve_exact(c.units);
    }

    /// Make room for the nodes, targets and observations a file's lines suggest, when its
    /// tree is not known in advance ([`build_staged`]): grown by doubling, each array's old
    /// copy was freed while the model grew on, and the allocator did not always give the
    /// memory back before the peak (one 20 MB plan: a peak of 184 or 203 MB, at random,
    /// against 179 MB reserved). A guess too large costs address space only (untouched
    /// pages are not resident); one the allocator refuses is no reservation at all.
    fn reserve_for(&mut self, lines: &syntax::prescan::LineStarts) {
        let m = &mut self.m;
        let _ = m.nodes.try_reserve_exact(lines.nodes);
        let _ = m.targets.try_reserve_exact(lines.targets);
        let _ = m.observations.try_reserve_exact(lines.observations);
        let _ = m
            .unit_refs
            .try_reserve_exact(lines.targets + lines.observations);
    }

    /// One top-level item, in source order: a section or measure is resolved with all it
    /// holds (its targets and observations too); the header's `also` clauses reach the
    /// measures written after it.
    fn item(&mut self, item: &Item) {
        match item {
            Item::Node(node) => {
                let first = self.m.nodes.len();
                let carried = std::mem::take(&mut self.carried);
                self.node(node, None, &carried);
                self.carried = carried;
                let mut next = first;
                self.lines_of(node, &mut next);
                let mut next = first;
                self.after_of(node, &mut next);
            }
            Item::Plan(_) => {
                self.carried = self
                    .m
                    .header
                    .as_ref()
                    .map(|h| h.also.clone())
                    .unwrap_or_default();
            }
            _ => {}
        }
    }

    fn finish(mut self, ast: Option<Arc<ast::File>>) -> Model {
        self.resolve_after();
        self.part_of_used_metrics();
        self.metric_units();
        self.index_uses();
        self.m.ast = ast;
        self.m
    }
}

struct Builder {
    m: Model,
    /// Repetitions of `per` targets expanded so far (bounded by `MAX_REPEATS_IN_PLAN`).
    repeats_total: usize,
    /// id, full name and alias → owner
    owner_index: HashMap<String, OwnerId>,
    metric_index: HashMap<String, MetricId>,
    node_index: HashMap<String, NodeId>,
    /// The header's `also` owners, once the header has been read.
    carried: Vec<usize>,
    /// Each unit name written, resolved once all units are declared (see [`UnitRef::unit`]).
    /// Keyed by the name every [`UnitRef`] of it shares.
    unit_cache: HashMap<Arc<str>, Option<Arc<Unit>>>,
    /// The `after` lines read so far: (node, names); resolved once every node is known,
    /// since they may point forward.
    after: Vec<(NodeId, Vec<ast::Name>)>,
    /// A byte offset and its 1-based line: where [`Builder::line`] counts on from.
    line_at: (usize, usize),
    /// The dates read so far, as written: a plan writes the same few dates again and again
    /// (`2025-12`, `2025-06-30`), and reading one (with chrono's calendar) was 4% of
    /// checking a dense plan (issue 15). Only dates that exist are kept: a bad one is
    /// reported where it is written, every time.
    dates: HashMap<String, dates::DateSpan>,
}

/// At most this many dates are kept by [`Builder::date`]: a plan with more distinct dates
/// reads the others each time, rather than hold a table as large as itself.
const MAX_DATES_KEPT: usize = 4096;

impl Builder {
    /// The 1-based line of `byte`. Targets, observations and milestones come in source
    /// order, so the lines are counted on from the last one asked for: one pass over the
    /// text, without the line index a file with no findings never needs otherwise (2% of
    /// checking, issue 15). A position before the last (not in order) asks the index.
    fn line(&mut self, byte: usize) -> usize {
        let (at, line) = self.line_at;
        if byte < at {
            return self.m.source.line_col(byte).0;
        }
        let text = self.m.source.text.as_bytes();
        let end = byte.min(text.len());
        let passed = text.get(at..end).unwrap_or_default();
        // Counted with SIMD: a byte at a time, counting the lines of a whole plan was 3% of
        // checking it (issue 15).
        let line = line + memchr::memchr_iter(b'\n', passed).count();
        self.line_at = (end, line);
        line
    }

    fn date(&mut self, lit: &ast::DateLit) -> Option<dates::DateSpan> {
        if let Some(&d) = self.dates.get(lit.text.as_str()) {
            return Some(d);
        }
        match dates::parse_date(&lit.text) {
            Ok(d) => {
                if self.dates.len() < MAX_DATES_KEPT {
                    self.dates.insert(lit.text.clone(), d);
                }
                Some(d)
            }
            Err(error) => {
                self.m.bad_dates.push(BadDate {
                    text: lit.text.clone(),
                    span: lit.span.clone(),
                    error,
                });
                None
            }
        }
    }

    fn when(&mut self, w: &ast::When) -> Deadline {
        let until = self.date(&w.until);
        let from = w.from.as_ref().and_then(|f| self.date(f));
        // The dates as written: the grammar's span of a window may run on over the spaces
        // after it, and a finding should underline the date, not the line break.
        let start = w.from.as_ref().map_or(w.until.span.start, |f| f.span.start);
        let written = if w.until.text.is_empty() {
            w.span.clone()
        } else {
            start..w.until.span.end
        };
        let mut deadline = Deadline {
            date: until.map(|d| d.end),
            from: from.map(|d| d.start),
            span: written.clone(),
        };
        if let (Some(start), Some(end)) = (deadline.from, deadline.date) {
            if end < start {
                self.m.bad_dates.push(BadDate {
                    text: format!("{start}..{end}"),
                    span: written,
                    error: dates::DateError::EndBeforeStart { start, end },
                });
                deadline.date = None;
            }
        }
        deadline
    }

    fn header(&mut self, file: &ast::File) {
        let Some(h) = file.items.iter().find_map(|i| match i {
            Item::Plan(h) => Some(h),
            _ => None,
        }) else {
            return;
        };
        // `issued 2025-03` names a month; as an issue date its first day is the kind reading.
        let issued = h
            .issued
            .as_ref()
            .and_then(|d| self.date(d))
            .map(|d| d.start);
        let period = h.period.as_ref().and_then(|p| self.period(p));
        let issuer = h.issuer.as_ref().map(|name| self.owner_ref(name));
        let also = h
            .also
            .iter()
            .flat_map(|a| a.owners.iter())
            .map(|name| self.owner_ref(name))
            .collect();
        self.m.header = Some(Header {
            title: h.title.text.clone(),
            issued,
            issued_span: h.issued.as_ref().map(|d| d.span.clone()),
            period,
            period_span: h
                .period
                .as_ref()
                .map(|p| one_line(&self.m.source.text, &p.span)),
            issuer,
            region: h.region.as_ref().map(|s| s.text.clone()),
            status: h.status.as_ref().map(|s| s.text.clone()),
            reference: h.reference.as_ref().map(|s| s.text.clone()),
            notes: h.notes.iter().map(|n| n.text.clone()).collect(),
            head_span: h.keyword.start..h.title.span.end,
            also,
        });
    }

    fn period(&mut self, p: &ast::PeriodLit) -> Option<Period> {
        let start = self.date(&p.start)?;
        let end = match &p.end {
            Some(e) => self.date(e)?,
            None => start,
        };
        if end.end < start.start {
            self.m.bad_dates.push(BadDate {
                text: self
                    .m
                    .source
                    .text
                    .get(p.span.clone())
                    .unwrap_or_default()
                    .to_string(),
                span: p.span.clone(),
                error: dates::DateError::EndBeforeStart {
                    start: start.start,
                    end: end.end,
                },
            });
            return None;
        }
        Some(Period {
            start: start.start,
            end: end.end,
        })
    }

    fn owners(&mut self, file: &ast::File, imported: Vec<(ast::OwnerEntry, Arc<Source>)>) {
        let here = Arc::clone(&self.m.source);
        let local = file.items.iter().filter_map(|i| match i {
            Item::Owners(b) => Some(b),
            _ => None,
        });
        let mut entries: Vec<(ast::OwnerEntry, Arc<Source>, bool)> =
            imported.into_iter().map(|(e, s)| (e, s, false)).collect();
        for block in local {
            for e in &block.entries {
                entries.push((e.clone(), Arc::clone(&here), true));
            }
        }
        let mut members: Vec<(OwnerId, Vec<ast::Name>, bool)> = Vec::new();
        for (entry, source, local) in entries {
            let id = self.m.owners.len();
            if !entry.members.is_empty() {
                members.push((id, entry.members.clone(), local));
            }
            // Each of the entry's names, where written: id, full name, aliases.
            let mut names: Vec<(&str, &Span)> = vec![(&entry.id.text, &entry.id.span)];
            if let Some(n) = &entry.full_name {
                names.push((&n.text, &n.span));
            }
            for a in &entry.aliases {
                names.push((&a.text, &a.span));
            }
            let mut written: Vec<(String, Location)> = Vec::new();
            for (name, span) in names {
                if written.iter().any(|(n, _)| n == name) {
                    continue; // an entry may repeat its own id as its full name
                }
                written.push((name.to_string(), Location::new(&source, span.clone())));
                match self.owner_index.get(name) {
                    Some(&first) => {
                        if local {
                            let first_def = &self.m.owners[first];
                            let first_at = first_def
                                .written
                                .iter()
                                .find(|(n, _)| n == name)
                                .map_or_else(|| first_def.at.clone(), |(_, at)| at.clone());
                            self.m.owner_clashes.push(Clash {
                                name: name.to_string(),
                                at: Location::new(&source, span.clone()),
                                first: first_at,
                            });
                        }
                    }
                    None => {
                        self.owner_index.insert(name.to_string(), id);
                    }
                }
            }
            self.m.owners.push(OwnerDef {
                id: entry.id.text.clone(),
                name: entry.full_name.as_ref().map(|n| n.text.clone()),
                aliases: entry.aliases.iter().map(|a| a.text.clone()).collect(),
                at: Location::new(&source, entry.id.span.clone()),
                written,
                local,
                group: entry.group,
                members: Vec::new(),
            });
        }
        // Members may be registered after their group. A member named in this file is an
        // owner reference (O102 when unknown); an imported registry's are checked there.
        for (group, names, local) in members {
            let mut ids = Vec::new();
            for name in &names {
                let resolved = if local {
                    let r = self.owner_ref(name);
                    self.m.owner_refs[r].resolved
                } else {
                    self.owner_index.get(&name.text).copied()
                };
                if let Some(o) = resolved.and_then(|o| self.m.owners.get(o)) {
                    ids.push(o.id.clone());
                }
            }
            self.m.owners[group].members = ids;
        }
    }

    /// (v2) `ratio A / B` on metric declarations: resolved once every metric is declared.
    /// A ratio that names an undeclared metric creates it (like a target would).
    fn ratios(&mut self, file: &ast::File) {
        let here = Arc::clone(&self.m.source);
        for item in &file.items {
            let Item::Metric(decl) = item else { continue };
            let Some((num, den)) = &decl.ratio else {
                continue;
            };
            let Some(&id) = self.metric_index.get(&decl.id.text) else {
                continue;
            };
            let numerator_id = Some(self.metric(num));
            let denominator_id = Some(self.metric(den));
            if let Some(m) = self.m.metrics.get_mut(id) {
                m.ratio = Some(Ratio {
                    numerator: num.text.clone(),
                    numerator_at: Location::new(&here, num.span.clone()),
                    numerator_id,
                    denominator: den.text.clone(),
                    denominator_at: Location::new(&here, den.span.clone()),
                    denominator_id,
                });
            }
        }
    }

    fn owner_ref(&mut self, name: &ast::Name) -> usize {
        let resolved = self.owner_index.get(&name.text).copied();
        self.m.owner_refs.push(OwnerRef {
            name: name.text.clone(),
            span: name.span.clone(),
            resolved,
            role: None,
        });
        self.m.owner_refs.len() - 1
    }

    fn units(&mut self, file: &ast::File, imported: Vec<(ast::UnitDecl, Arc<Source>)>) {
        // Faults of an imported declaration are reported when its own file is checked.
        for (decl, _) in imported {
            let _ = declare(&mut self.m.units, &decl);
        }
        let mut declared_here: HashMap<String, Span> = HashMap::new();
        for item in &file.items {
            let Item::Unit(decl) = item else { continue };
            if let ast::UnitDef::Derived { unit, .. } = &decl.def {
                self.unit_ref(unit);
            }
            let clash = match declare(&mut self.m.units, decl) {
                Ok(()) => None,
                Err(crate::units::DeclareError::AlreadyDefined) => Some(
                    declared_here
                        .get(&decl.name.text)
                        .map(|s| self.m.at(s.clone())),
                ),
                // An unknown base unit is reported at its reference (U301).
                Err(_) => None,
            };
            declared_here
                .entry(decl.name.text.clone())
                .or_insert_with(|| decl.name.span.clone());
            self.m.unit_defs.push(UnitDefInfo {
                name: decl.name.text.clone(),
                span: decl.name.span.clone(),
                clash,
            });
            // A declaration may give a meaning to a name resolved before it.
            self.unit_cache.clear();
        }
    }

    fn unit_ref(&mut self, name: &ast::Name) -> UnitRefId {
        let (written, unit) = match self.unit_cache.get_key_value(name.text.as_str()) {
            Some((written, unit)) => (Arc::clone(written), unit.clone()),
            None => {
                let written = Arc::<str>::from(name.text.as_str());
                let unit = self.m.units.resolve(&name.text).map(Arc::new);
                self.unit_cache.insert(Arc::clone(&written), unit.clone());
                (written, unit)
            }
        };
        self.m.unit_refs.push(UnitRef {
            name: written,
            span: name.span.clone(),
            unit,
        });
        self.m.unit_refs.len() - 1
    }

    fn metric_decls(&mut self, file: &ast::File, imported: Vec<(ast::MetricDecl, Arc<Source>)>) {
        let here = Arc::clone(&self.m.source);
        let mut decls: Vec<(ast::MetricDecl, Arc<Source>, bool)> =
            imported.into_iter().map(|(d, s)| (d, s, false)).collect();
        for item in &file.items {
            if let Item::Metric(d) = item {
                decls.push((d.as_ref().clone(), Arc::clone(&here), true));
            }
        }
        let mut parts: Vec<(MetricId, ast::Name, Arc<Source>)> = Vec::new();
        for (decl, source, local) in decls {
            if let Some(&existing) = self.metric_index.get(&decl.id.text) {
                if local {
                    let m = &mut self.m.metrics[existing];
                    if m.local {
                        m.redeclared.push(decl.id.span.clone());
                        continue;
                    }
                    // A local declaration overrides an imported one.
                } else {
                    continue;
                }
            }
            let (unit, unit_at) = if local {
                let r = self.unit_ref(&decl.unit);
                (
                    self.m.unit_refs[r].unit.as_deref().cloned(),
                    Some(self.m.at(decl.unit.span.clone())),
                )
            } else {
                (
                    self.m.units.resolve(&decl.unit.text),
                    Some(Location::new(&source, decl.unit.span.clone())),
                )
            };
            let info = MetricInfo {
                id: decl.id.text.clone(),
                title: decl.title.as_ref().map(|t| t.text.clone()),
                decl: Some(Location::new(&source, decl.id.span.clone())),
                local,
                unit_declared: unit.is_some() || local,
                unit,
                unit_at,
                part_of: None,
                ratio: None,
                redeclared: Vec::new(),
            };
            let id = match self.metric_index.get(&decl.id.text) {
                Some(&existing) => {
                    self.m.metrics[existing] = info;
                    existing
                }
                None => {
                    self.m.metrics.push(info);
                    let id = self.m.metrics.len() - 1;
                    self.metric_index.insert(decl.id.text.clone(), id);
                    id
                }
            };
            if let Some(p) = &decl.part_of {
                parts.push((id, p.clone(), source));
            }
        }
        // `part of` may point forward, and at a metric only ever used in a target: resolve
        // after every declaration is known, and again once targets are read.
        for (id, name, source) in parts {
            let whole = self.metric_index.get(&name.text).copied();
            self.m.metrics[id].part_of = Some(PartOf {
                name: name.text.clone(),
                at: Location::new(&source, name.span.clone()),
                whole,
            });
        }
    }

    /// The metric of a name, creating an undeclared one on first use.
    fn metric(&mut self, name: &ast::Name) -> MetricId {
        if let Some(&id) = self.metric_index.get(&name.text) {
            return id;
        }
        self.m.metrics.push(MetricInfo {
            id: name.text.clone(),
            title: None,
            decl: None,
            local: true,
            unit: None,
            unit_at: None,
            unit_declared: false,
            part_of: None,
            ratio: None,
            redeclared: Vec::new(),
        });
        let id = self.m.metrics.len() - 1;
        self.metric_index.insert(name.text.clone(), id);
        id
    }

    fn node(&mut self, node: &ast::Node, parent: Option<NodeId>, carried: &[usize]) {
        let id = self.m.nodes.len();
        match self.node_index.get(&node.id.text) {
            Some(&first) => self.m.node_clashes.push((id, first)),
            None => {
                self.node_index.insert(node.id.text.clone(), id);
            }
        }
        let mut own_owners = Vec::new();
        let mut deadline = None;
        let mut notes = Vec::new();
        for item in &node.body {
            match item {
                BodyItem::Owner {
                    owners,
                    form,
                    marks,
                    ..
                } => {
                    let mut mark = None;
                    for (i, o) in owners.iter().enumerate() {
                        let reference = self.owner_ref(o);
                        own_owners.push(reference);
                        mark = marks.get(i).copied().flatten().or(mark);
                        self.m.owner_refs[reference].role = match form {
                            // LANGUAGE.md §3: the first listed leads, the rest support.
                            ast::OwnerForm::Listed if i == 0 => Some(Role::Lead),
                            ast::OwnerForm::Listed => Some(Role::Support),
                            ast::OwnerForm::Jointly => None,
                            ast::OwnerForm::Marked => mark,
                        };
                    }
                }
                BodyItem::Deadline(w) => {
                    let d = self.when(w);
                    // A second `deadline` line: the first one counts, like the first header.
                    if deadline.is_none() {
                        deadline = Some(Box::new(d));
                    }
                }
                BodyItem::Note(s) => notes.push(s.text.clone()),
                _ => {}
            }
        }
        let owners_from = if !own_owners.is_empty() {
            Some(id)
        } else {
            parent.and_then(|p| self.m.nodes[p].owners_from)
        };
        let (effective_deadline, deadline_from) = match deadline.as_deref() {
            Some(Deadline { date: Some(d), .. }) => (Some(*d), Some(id)),
            // A deadline that does not exist is reported once (D207) and then ignored.
            _ => match parent {
                Some(p) => (
                    self.m.nodes[p].effective_deadline,
                    self.m.nodes[p].deadline_from,
                ),
                None => (self.m.period().map(|p| p.end), None),
            },
        };
        self.m.nodes.push(NodeInfo {
            kind: node.kind,
            id: node.id.text.clone(),
            id_span: node.id.span.clone(),
            title: node.title.as_ref().map(|t| t.text.clone()),
            span: node.span.clone(),
            parent,
            own_owners,
            carried: carried.to_vec(),
            owners_from,
            deadline,
            effective_deadline,
            deadline_from,
            after: Vec::new(),
            notes,
        });
        // A section's `also` clause reaches the nodes written after it, nested ones too.
        let mut carried = carried.to_vec();
        for item in &node.body {
            match item {
                BodyItem::Node(child) => self.node(child, Some(id), &carried),
                BodyItem::Also(also) => {
                    for o in &also.owners {
                        carried.push(self.owner_ref(o));
                    }
                }
                _ => {}
            }
        }
    }

    /// `after` may point forward, so it is resolved once every node is known.
    fn resolve_after(&mut self) {
        for (id, names) in std::mem::take(&mut self.after) {
            for name in names {
                let target = self.node_index.get(&name.text).copied();
                if let Some(node) = self.m.nodes.get_mut(id) {
                    node.after.push(AfterRef {
                        name: name.text,
                        span: name.span,
                        node: target,
                    });
                }
            }
        }
    }

    /// Note the `after` lines of a node and its children (ids from `next`, in the order
    /// [`Builder::node`] gave them).
    fn after_of(&mut self, node: &ast::Node, next: &mut NodeId) {
        let id = *next;
        *next += 1;
        for item in &node.body {
            match item {
                BodyItem::After { measures, .. } => self.after.push((id, measures.clone())),
                BodyItem::Node(child) => self.after_of(child, next),
                _ => {}
            }
        }
    }

    /// `part of` a metric that is only used in targets: now it exists.
    fn part_of_used_metrics(&mut self) {
        for i in 0..self.m.metrics.len() {
            let missing = self.m.metrics[i]
                .part_of
                .as_ref()
                .filter(|p| p.whole.is_none())
                .map(|p| p.name.clone());
            if let Some(name) = missing {
                let whole = self.metric_index.get(&name).copied();
                if let Some(p) = self.m.metrics[i].part_of.as_mut() {
                    p.whole = whole;
                }
            }
        }
    }

    fn lines_of(&mut self, node: &ast::Node, next: &mut NodeId) {
        let id = *next;
        *next += 1;
        for item in &node.body {
            match item {
                BodyItem::Target(t) => self.target(id, t),
                BodyItem::Baseline(o) => self.observation(id, o, false),
                BodyItem::Actual(o) => self.observation(id, o, true),
                BodyItem::Milestone { title, when, span } => {
                    let when = self.when(when);
                    let line = self.line(span.start);
                    self.m.milestones.push(Milestone {
                        node: id,
                        title: title.text.clone(),
                        when,
                        span: span.clone(),
                        line,
                    });
                }
                BodyItem::Node(child) => self.lines_of(child, next),
                _ => {}
            }
        }
    }

    fn target(&mut self, node: NodeId, t: &ast::Target) {
        let unit = self.unit_ref(&t.unit);
        let by = t.by.as_ref().map(|w| self.when(w));
        let window = t.over.as_ref().and_then(|p| self.period(p));
        let (deadline, deadline_source) = match (&by, window) {
            (Some(b), _) => (b.date, DeadlineSource::By),
            (None, Some(w)) => (Some(w.end), DeadlineSource::Window),
            (None, None) => match self.m.nodes[node].deadline_from {
                Some(from) => (
                    self.m.nodes[node].effective_deadline,
                    DeadlineSource::Node(from),
                ),
                None => match self.m.period() {
                    Some(p) => (Some(p.end), DeadlineSource::Period),
                    None => (None, DeadlineSource::None),
                },
            },
        };
        let repeat = t.repeat.as_ref().map(|(r, _)| *r);
        // Repetitions run from the window's start: the target's own window, else the plan
        // period; `from issued` starts them at the issue date instead.
        let issued = self.m.issued().filter(|_| t.from_issued);
        let start = window.or(self.m.period()).map(|w| Period {
            start: issued.unwrap_or(w.start),
            end: w.end,
        });
        let repetitions = match (repeat, deadline, start) {
            (Some(Repeat::Per(every)), Some(end), period) => {
                let from = period.map_or_else(|| window_start(end, every), |p| p.start);
                self.repetitions(t, from, end, every)
            }
            _ => Vec::new(),
        };
        let bound = match &t.bound {
            ast::Bound::Cmp { cmp, value, .. } => Bound::Cmp {
                cmp: *cmp,
                value: value.value,
            },
            ast::Bound::Range { low, high } => Bound::Range {
                low: low.value,
                high: high.value,
            },
        };
        let line = self.line(t.span.start);
        let span = one_line(&self.m.source.text, &t.span);
        // `each` names an owner like an `owner` line (O102 when unknown, a use for O104).
        let each = t.each.as_ref().map(|g| {
            let r = self.owner_ref(g);
            Box::new(EachRef {
                name: g.text.clone(),
                span: g.span.clone(),
                owner: self.m.owner_refs[r].resolved,
            })
        });
        let extra = TargetExtra {
            repeat_span: t.repeat.as_ref().map(|(_, s)| s.clone()),
            repetitions,
            window,
            window_span: t.over.as_ref().map(|p| p.span.clone()),
        };
        let extra = (extra != TargetExtra::default()).then(|| Box::new(extra));
        for name in &t.metrics {
            let metric = self.metric(name);
            self.m.targets.push(TargetInfo {
                node,
                metric,
                metric_span: name.span.clone(),
                kind: t.kind,
                bound,
                unit,
                repeat,
                deadline,
                deadline_source,
                by: by.clone(),
                from_issued: t.from_issued,
                firm: t.firm.as_ref().map(|(f, _)| *f),
                each: each.clone(),
                average: t.average,
                span: span.clone(),
                line,
                extra: extra.clone(),
            });
        }
    }

    /// A `per` target's deadlines, cut at the limits (L801): its own, and what is left of the
    /// plan's total, each metric of the line counted.
    fn repetitions(
        &mut self,
        t: &ast::Target,
        from: NaiveDate,
        end: NaiveDate,
        every: Every,
    ) -> Vec<NaiveDate> {
        let count = dates::repeat_count(from, end, every);
        let metrics = t.metrics.len().max(1);
        let left = (dates::MAX_REPEATS_IN_PLAN.saturating_sub(self.repeats_total)) / metrics;
        let limit = dates::MAX_REPEATS.min(left).max(1);
        let out = dates::repeat_deadlines_upto(from, end, every, limit);
        self.repeats_total = self.repeats_total.saturating_add(out.len() * metrics);
        if count > out.len() as u64 {
            self.m.repeat_cuts.push(RepeatCut {
                span: one_line(
                    &self.m.source.text,
                    t.repeat.as_ref().map_or(&t.span, |(_, s)| s),
                ),
                count,
                kept: out.len(),
                plan_total: limit < dates::MAX_REPEATS,
            });
        }
        out
    }

    fn observation(&mut self, node: NodeId, o: &ast::Observation, actual: bool) {
        let metric = self.metric(&o.metric);
        let unit = self.unit_ref(&o.unit);
        let at = self.date(&o.at).map(|d| d.end);
        let line = self.line(o.span.start);
        self.m.observations.push(Observation {
            node,
            actual,
            metric,
            metric_span: o.metric.span.clone(),
            value: o.value.value,
            unit,
            at,
            span: one_line(&self.m.source.text, &o.span),
            line,
        });
    }

    /// Group targets and observations by metric (see [`Model::uses`]).
    fn index_uses(&mut self) {
        let mut uses: Vec<MetricUses> = (0..self.m.metrics.len())
            .map(|_| MetricUses::default())
            .collect();
        // A per-member target (`each`) never compares with the plan's own targets.
        let targets = &self.m.targets;
        let mut in_order: Vec<usize> = (0..targets.len())
            .filter(|&i| targets[i].each.is_none())
            .collect();
        // Targets are stored in source order; should they not be, they are sorted (by
        // position, then as stored). Sorting a big plan's list of pairs every time was a
        // tenth of building its model, on one thread (issue 15).
        if !targets.is_sorted_by_key(|t| t.span.start) {
            in_order.sort_by_key(|&i| targets[i].span.start);
        }
        self.m.in_order = in_order;
        for &i in &self.m.in_order {
            if let Some(u) = uses.get_mut(self.m.targets[i].metric) {
                u.targets.push(i);
            }
        }
        for (i, o) in self.m.observations.iter().enumerate() {
            if let Some(u) = uses.get_mut(o.metric) {
                u.observations.push(i);
            }
        }
        self.m.uses = uses;
    }

    /// A metric without a declared unit takes the unit of its first level, change, baseline
    /// or actual in source order; a growth percentage never fixes it, and a first use in
    /// percentage points makes it a `%` metric.
    fn metric_units(&mut self) {
        struct Use {
            start: usize,
            metric: MetricId,
            unit: UnitRefId,
            change: bool,
        }
        // Only the uses of metrics still without a unit can fix one: most plans declare the
        // unit of every metric, and listing and sorting a big plan's every use for nothing
        // was a tenth of building its model, on one thread (issue 15).
        let open: Vec<bool> = self
            .m
            .metrics
            .iter()
            .map(|m| !m.unit_declared && m.unit.is_none())
            .collect();
        if !open.contains(&true) {
            return;
        }
        let open = |metric: MetricId| open.get(metric).copied().unwrap_or(false);
        let mut uses: Vec<Use> = Vec::new();
        for t in &self.m.targets {
            if t.kind != TargetKind::Growth && open(t.metric) {
                uses.push(Use {
                    start: t.span.start,
                    metric: t.metric,
                    unit: t.unit,
                    change: t.kind == TargetKind::Change,
                });
            }
        }
        for o in self.m.observations.iter().filter(|o| open(o.metric)) {
            uses.push(Use {
                start: o.span.start,
                metric: o.metric,
                unit: o.unit,
                change: false,
            });
        }
        uses.sort_by_key(|u| u.start);
        for u in uses {
            let metric = &self.m.metrics[u.metric];
            if metric.unit_declared || metric.unit.is_some() {
                continue;
            }
            let Some(r) = self.m.unit_refs.get(u.unit) else {
                continue;
            };
            let Some(unit) = r.unit.as_deref().cloned() else {
                continue;
            };
            let unit = if u.change && unit.dimension.to_string() == "percentage_points" {
                self.m.units.resolve("%").unwrap_or(unit)
            } else {
                unit
            };
            let at = Location::new(&self.m.source, r.span.clone());
            let metric = &mut self.m.metrics[u.metric];
            metric.unit = Some(unit);
            metric.unit_at = Some(at);
        }
    }
}

/// A one-line item's span without the line break and spaces the grammar lets it run on over,
/// so that a finding underlines the line and nothing after it.
fn one_line(text: &str, span: &Span) -> Span {
    let Some(written) = text.get(span.clone()) else {
        return span.clone();
    };
    // A byte search, not `split` with a pattern of two characters, which cost 3% of checking
    // (issue 15): in UTF-8 the bytes of `\r` and `\n` are never part of another character.
    let end = memchr::memchr2(b'\r', b'\n', written.as_bytes()).unwrap_or(written.len());
    let first = written.get(..end).unwrap_or(written);
    span.start..span.start + first.trim_end().len()
}

/// The first start of a repetition window when there is no plan period: the year (or
/// quarter, month) of the deadline itself.
fn window_start(end: NaiveDate, every: Every) -> NaiveDate {
    dates::parse_date(&end.format("%Y").to_string())
        .map(|d| d.start)
        .ok()
        .filter(|_| every == Every::Year)
        .unwrap_or(end)
}

fn declare(
    units: &mut UnitRegistry,
    decl: &ast::UnitDecl,
) -> Result<(), crate::units::DeclareError> {
    match &decl.def {
        ast::UnitDef::Derived { factor, unit } => {
            units.declare_derived(&decl.name.text, factor.value, &unit.text)
        }
        ast::UnitDef::Base { dimension } => units.declare_base(&decl.name.text, &dimension.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model built in stages is the model built from the whole tree, and a file that
    /// does not parse gives the same syntax error: for every real plan and every fixture,
    /// however small the groups of sections and measures (one item a group cuts every
    /// plan into hundreds).
    #[test]
    fn the_staged_build_is_the_same_model() {
        let sources = every_plan_and_fixture();
        for source in &sources {
            let loader = Loader::new();
            let whole = crate::syntax::parse(&source.text)
                .map(|file| build_lean(&loader, Arc::clone(source), file));
            let shown = |m: &Result<Model, SyntaxError>| match m {
                Ok(m) => format!("{:?}\n{m:?}", crate::rules::check(m)),
                Err(e) => format!("{e:?}"),
            };
            for min in [1, syntax::parser::CHUNK] {
                let staged = build_in_groups(&loader, Arc::clone(source), min);
                assert_eq!(shown(&whole), shown(&staged), "{}", source.path.display());
            }
        }
        assert!(sources.len() > 50, "only {} plans compared", sources.len());
    }

    /// Dates read once are kept ([`Builder::date`]), bad ones are not: a date that does
    /// not exist is reported at every place it is written, and a good one written again
    /// reads the same.
    #[test]
    fn a_date_written_twice_reads_the_same_and_a_bad_one_is_reported_twice() {
        let text = "metric 粮食 in 万吨\nmeasure a {\n  owner 甲\n  deadline 2025-13\n  \
                    target 粮食 >= 1 万吨 by 2025-06\n}\nmeasure b {\n  owner 甲\n  \
                    deadline 2025-13\n  target 粮食 >= 2 万吨 by 2025-06\n}\n";
        let source = Source::new("dates.plan", text);
        let model = build_staged(&Loader::new(), source).unwrap();
        assert_eq!(model.bad_dates.len(), 2);
        assert_ne!(model.bad_dates[0].span, model.bad_dates[1].span);
        let deadlines: Vec<_> = model.targets.iter().map(|t| t.deadline).collect();
        let june = NaiveDate::from_ymd_opt(2025, 6, 30);
        assert_eq!(deadlines, [june, june]);
    }

    /// The model built for findings only is the model that keeps the tree, less the tree,
    /// and gives the same findings: for every real plan and every fixture (which between
    /// them use every construct, imports and faults included).
    #[test]
    fn the_lean_build_is_the_same_model() {
        let mut compared = 0;
        for source in every_plan_and_fixture() {
            let Ok(file) = crate::syntax::parse(&source.text) else {
                continue;
            };
            let path = source.path.clone();
            let loader = Loader::new();
            let mut kept = build(&loader, Arc::clone(&source), Arc::new(file.clone()));
            let lean = build_lean(&loader, source, file);
            assert!(kept.ast.is_some() && lean.ast.is_none());
            let findings = |m: &Model| format!("{:?}", crate::rules::check(m));
            assert_eq!(findings(&kept), findings(&lean), "{}", path.display());
            kept.ast = None;
            assert_eq!(
                format!("{kept:?}"),
                format!("{lean:?}"),
                "{}",
                path.display()
            );
            compared += 1;
        }
        assert!(compared > 50, "only {compared} plans compared");
    }

    /// Every real plan (plans/) and every fixture (tests/fixtures/), which between them use
    /// every construct, imports and faults included; in a fixed order.
    fn every_plan_and_fixture() -> Vec<Arc<Source>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        for dir in ["plans", "tests/fixtures"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                panic!("{dir} is not readable");
            };
            paths.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
        paths.sort();
        paths
            .iter()
            .filter(|p| p.extension() == Some("plan".as_ref()))
            .filter_map(|p| Source::load(p).ok())
            .collect()
    }
}
