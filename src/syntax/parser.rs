//! From source text to the typed AST: pest does the grammar (grammar/plan.pest), this file
//! walks its pairs into `ast` nodes. Anything the grammar lets through but the language
//! forbids (a `target` in a section, a number too large to hold, two `by` on one target)
//! becomes a [`SyntaxError`] here, so that a file either parses completely or yields exactly
//! one P001 finding at the right span.

use pest::iterators::{Pair, Pairs};
use pest::Parser as _;

use super::ast::*;
use super::errors::{self, SyntaxError, SyntaxProblem};
use super::keywords;
use super::prescan;
use crate::dates::Every;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/plan.pest"]
struct PlanParser;

/// How deep sections and measures may nest. pest and the resolver recurse once per level;
/// real plans use three or four, so 64 leaves room and keeps every thread's stack safe.
pub const MAX_NESTING: usize = 64;

/// Parse one file (without BOM) into its syntax tree, or the first syntax error.
///
/// A large file is parsed a group of top-level items at a time (each group at least
/// [`CHUNK`] bytes, cut just after a `}` that closes an item): pest keeps a token queue of
/// about 20 bytes per byte of input until its pairs are dropped, so one 20 MB plan took
/// over 600 MB (issue 15); a group's queue is dropped before the next group is parsed. The
/// grammar is a sequence of items, so the groups parse to the same items as the whole
/// file. Should any group fail, the whole file is parsed again in one piece, so that the
/// error reported is exactly the one the whole file gives.
pub fn parse(text: &str) -> Result<File, SyntaxError> {
    let ends = prescan::scan(text, MAX_NESTING)?;
    parse_in_chunks(text, &ends, CHUNK).or_else(|()| parse_whole(text))
}

/// The least size of a group of items parsed at once: large enough that parsing a group
/// costs far more than starting a parse, small enough that its token queue stays in cache.
/// (32 KB, not 64: [`Staged::for_each`] holds up to four groups' trees and two token queues
/// at once, and with 64 KB groups that raised the peak of one 20 MB plan by 7 MB, past the
/// goal of issue 15; no slower, measured.)
pub(crate) const CHUNK: usize = 32 * 1024;

/// Parse `text` in groups of items at least `min` bytes long, cut at `ends` (offsets just
/// after a top-level `}`); `Err(())` when any group does not parse.
fn parse_in_chunks(text: &str, ends: &[usize], min: usize) -> Result<File, ()> {
    let mut items = Vec::new();
    let mut seen_header = false;
    let mut start = 0;
    let cuts = ends
        .iter()
        .copied()
        .filter(|&end| end < text.len())
        .chain(std::iter::once(text.len()));
    for end in cuts {
        if end - start < min && end < text.len() {
            continue;
        }
        parse_chunk(text, start..end, &mut items, &mut seen_header)?;
        start = end;
    }
    Ok(File { items })
}

/// Parse the items of `text[range]`, a whole number of items, appending them to `items`.
fn parse_chunk(
    text: &str,
    range: Span,
    items: &mut Vec<Item>,
    seen_header: &mut bool,
) -> Result<(), ()> {
    let chunk = text.get(range.clone()).ok_or(())?;
    // The error is not reported from here (the file is parsed whole instead), so the
    // guards' thinner error costs nothing.
    let tree =
        pest::with_first_byte_guards(|| PlanParser::parse(Rule::file, chunk)).map_err(|_| ())?;
    let tree = Tree::new(tree, chunk, range.start);
    build_items(&tree, items, seen_header).map_err(|_| ())
}

/// Parse the whole text at once: the path of every file that does not parse, and what
/// [`Staged`] falls back to.
pub fn parse_whole(text: &str) -> Result<File, SyntaxError> {
    let pairs = parse_file(text).map_err(|e| syntax_error(text, e))?;
    let tree = Tree::new(pairs, text, 0);
    let mut items = Vec::new();
    build_items(&tree, &mut items, &mut false)?;
    Ok(File { items })
}

/// A file parsed in two passes, so that its model can be built without ever holding its
/// whole tree (`plan check`, issue 15: the tree of a dense plan is seven times its text).
/// The header, `use` lines, owners, units and metrics may be written anywhere and are used
/// everywhere, so they are parsed first ([`stage`]); the sections and measures then a
/// group at a time ([`Staged::for_each`]), each group's tree handed over item by item and
/// dropped while the groups after it are parsed (at most four trees alive).
///
/// The stretches of text between top-level item ends are told apart by how they start
/// ([`prescan::holds_no_declaration`]): a stretch starting with a section or a measure
/// holds that item only. The guess is checked: should a group of such stretches hold
/// anything else, or any group not parse, the file is parsed in one piece instead
/// ([`parse_whole`]), for exactly the error (or tree) [`parse`] gives.
#[derive(Debug)]
pub struct Staged<'t> {
    text: &'t str,
    /// The items of the stretches that declare, in source order (with any section or
    /// measure written in the same stretch).
    pub declarations: File,
    /// Every stretch of the file, in source order.
    steps: Vec<Step>,
}

#[derive(Debug)]
enum Step {
    /// The next this many items of [`Staged::declarations`].
    Declared(usize),
    /// Text holding sections and measures only, not parsed yet.
    Nodes(Span),
}

/// Why a file was not parsed in stages.
#[derive(Debug, PartialEq)]
pub enum Unstaged {
    /// The pre-scan's error (nesting too deep): the file's syntax error, as [`parse`] gives.
    Error(SyntaxError),
    /// A group of items did not parse, or was not what the pre-scan took it for: parse the
    /// file in one piece ([`parse_whole`]).
    Whole,
}

/// The first pass of [`Staged`]: the pre-scan and every declaration of the file, in groups
/// of items at least `min` bytes long ([`CHUNK`], but for tests).
pub(crate) fn stage(text: &str, min: usize) -> Result<Staged<'_>, Unstaged> {
    let ends = prescan::scan(text, MAX_NESTING).map_err(Unstaged::Error)?;
    let bounds = std::iter::once(0)
        .chain(ends.into_iter().filter(|&end| end < text.len()))
        .chain(std::iter::once(text.len()));
    let mut staged = Staged {
        text,
        declarations: File::default(),
        steps: Vec::new(),
    };
    let mut seen_header = false;
    // A group runs from `start` over stretches of one kind, until it is `min` bytes long
    // or the kind changes.
    let mut start = 0;
    let mut group_declares = false;
    let mut last = 0;
    for end in bounds.skip(1) {
        let declares = !prescan::holds_no_declaration(text.get(last..end).unwrap_or(""));
        if declares != group_declares || last - start >= min {
            staged.close(start..last, group_declares, &mut seen_header)?;
            start = last;
            group_declares = declares;
        }
        last = end;
    }
    staged.close(start..last, group_declares, &mut seen_header)?;
    Ok(staged)
}

impl Staged<'_> {
    /// End a group: declarations are parsed now, sections and measures noted for later.
    fn close(
        &mut self,
        group: Span,
        declares: bool,
        seen_header: &mut bool,
    ) -> Result<(), Unstaged> {
        if group.is_empty() {
            return Ok(());
        }
        if !declares {
            self.steps.push(Step::Nodes(group));
            return Ok(());
        }
        let items = &mut self.declarations.items;
        let before = items.len();
        parse_chunk(self.text, group, items, seen_header).map_err(|()| Unstaged::Whole)?;
        self.steps.push(Step::Declared(items.len() - before));
        Ok(())
    }

    /// Hand every item of the file to `each`, in source order: the declarations already
    /// parsed, and the sections and measures parsed a group at a time. When a second thread
    /// is free (one big file is otherwise checked on one core), the work is a pipeline: a
    /// few groups in a row are parsed side by side, and while their items are handed to
    /// `each` the next few are parsed. At most [`GROUPS_IN_FLIGHT`] twice over are alive.
    pub fn for_each(self, mut each: impl FnMut(Item) + Send) -> Result<(), Unstaged> {
        let text = self.text;
        let mut declared = self.declarations.items.into_iter();
        let mut units = Vec::with_capacity(self.steps.len());
        let mut steps = self.steps.into_iter().peekable();
        while let Some(step) = steps.next() {
            units.push(match step {
                Step::Declared(n) => Unit::Declared(n),
                Step::Nodes(group) => {
                    let mut groups = vec![group];
                    while groups.len() < GROUPS_IN_FLIGHT {
                        match steps.next_if(|s| matches!(s, Step::Nodes(_))) {
                            Some(Step::Nodes(next)) => groups.push(next),
                            _ => break,
                        }
                    }
                    Unit::Nodes(groups)
                }
            });
        }
        // The parse of the unit being handed over, done while the one before was.
        let mut ahead: Option<Parsed> = None;
        for (i, unit) in units.iter().enumerate() {
            let groups = match unit {
                Unit::Declared(n) => {
                    declared.by_ref().take(*n).for_each(&mut each);
                    continue;
                }
                Unit::Nodes(groups) => groups,
            };
            let parsed = match ahead.take() {
                Some(parsed) => parsed,
                None => parse_groups(text, groups),
            };
            match units.get(i + 1) {
                Some(Unit::Nodes(next)) => {
                    let (handed, next) =
                        rayon::join(|| hand_over(parsed, &mut each), || parse_groups(text, next));
                    handed?;
                    ahead = Some(next);
                }
                _ => hand_over(parsed, &mut each)?,
            }
        }
        Ok(())
    }
}

/// How many groups of sections and measures [`Staged::for_each`] parses side by side while
/// the items of as many are handed over. Three, not two: with two, the thread that handed
/// over (less work than a parse) then took one of the two parses and the other thread
/// waited for it, up to a third of a step idle; with three the parses even out (one 20 MB
/// plan on 2 threads: CPU use 1.60 → 1.77 cores, 15% faster, issue 15). Each group in
/// flight holds its token queue and tree, about 2 MB: the plan's peak stays under 10×.
const GROUPS_IN_FLIGHT: usize = 3;

/// A step of [`Staged::for_each`]: declarations already parsed, or groups of sections and
/// measures to parse side by side.
enum Unit {
    Declared(usize),
    Nodes(Vec<Span>),
}

/// The items of each group, parsed or not.
type Parsed = Vec<Result<Vec<Item>, Unstaged>>;

fn parse_groups(text: &str, groups: &[Span]) -> Parsed {
    use rayon::prelude::*;
    groups
        .par_iter()
        .map(|group| nodes(text, group.clone()))
        .collect()
}

fn hand_over(parsed: Parsed, each: &mut impl FnMut(Item)) -> Result<(), Unstaged> {
    for items in parsed {
        items?.into_iter().for_each(&mut *each);
    }
    Ok(())
}

/// The sections and measures of `text[group]`, or [`Unstaged::Whole`] when it does not
/// parse or holds anything else.
fn nodes(text: &str, group: Span) -> Result<Vec<Item>, Unstaged> {
    let mut items = Vec::new();
    parse_chunk(text, group, &mut items, &mut false).map_err(|()| Unstaged::Whole)?;
    if items.iter().any(|item| !matches!(item, Item::Node(_))) {
        return Err(Unstaged::Whole);
    }
    Ok(items)
}

/// The items of one parse of `file`, appended to `items`.
fn build_items(
    tree: &Tree<'_>,
    items: &mut Vec<Item>,
    seen_header: &mut bool,
) -> Result<(), SyntaxError> {
    let file = tree
        .root()
        .ok_or_else(|| SyntaxError::at(0..0, SyntaxProblem::Empty))?;
    for pair in file.into_inner() {
        match pair.as_rule() {
            Rule::plan_header => {
                let header = plan_header(pair)?;
                if *seen_header {
                    return Err(SyntaxError::at(header.keyword, SyntaxProblem::SecondHeader));
                }
                *seen_header = true;
                items.push(Item::Plan(Box::new(header)));
            }
            Rule::use_item => {
                let span = span(&pair);
                let path = string(first(pair)?)?;
                items.push(Item::Use(Use { path, span }));
            }
            Rule::owners_block => items.push(Item::Owners(owners_block(pair)?)),
            Rule::unit_decl => items.push(Item::Unit(Box::new(unit_decl(pair)?))),
            Rule::metric_decl => items.push(Item::Metric(Box::new(metric_decl(pair)?))),
            Rule::section | Rule::measure => items.push(Item::Node(Box::new(node(pair, 0)?))),
            _ => {}
        }
    }
    Ok(())
}

/// Parse a whole file, first with pest's first-byte guards (vendor/pest/PATCHES.md, 6:
/// an alternative that cannot start with the next byte is not tried). A parse with guards
/// gives the same tree, but its error lists only the rules it tried; so a file that does
/// not parse is parsed again without them, for the error a planner reads.
fn parse_file(text: &str) -> Result<pest::iterators::Pairs<'_, Rule>, pest::error::Error<Rule>> {
    pest::with_first_byte_guards(|| PlanParser::parse(Rule::file, text))
        .or_else(|_| PlanParser::parse(Rule::file, text))
}

/// Describe a parse failure. pest lists literal tokens (`}`, `=`) only when it tracks
/// parse attempts, which slows every parse; so a failing file is parsed a second time with
/// tracking on, which costs only the files that fail.
///
/// The switch is global to the process, so detailed parses take turns (files are checked in
/// parallel): no thread turns tracking off while another still needs it. A plain parse that
/// runs meanwhile is only slower, its result is the same.
fn syntax_error(text: &str, error: pest::error::Error<Rule>) -> SyntaxError {
    static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let turn = DETAIL.lock().unwrap_or_else(|e| e.into_inner());
    pest::set_error_detail(true);
    let detailed = PlanParser::parse(Rule::file, text).err();
    pest::set_error_detail(false);
    drop(turn);
    let literals: Vec<String> = detailed
        .as_ref()
        .and_then(|e| e.parse_attempts())
        .map(|a| a.expected_tokens().iter().map(|t| t.to_string()).collect())
        .unwrap_or_default();
    errors::from_pest(text, error, &literals)
}

/// pest's pairs of one parse, flattened into one array in the order pest wrote them (a pair,
/// then its children). Walking pest's `Pair`s costs two reference counts per pair handed
/// out and a count of the children at every `into_inner`; the tree is built by looking at
/// each pair a few times, so the pairs are read once, here, into plain indices (issue 15).
struct Tree<'i> {
    pairs: Vec<Flat>,
    /// The text pest parsed: the pairs' offsets are relative to it.
    text: &'i str,
    /// Where `text` starts in the file: spans in the syntax tree are offsets in the file.
    base: usize,
}

/// One pair: its rule, where it lies in the text, and the index just after its children.
#[derive(Clone, Copy)]
struct Flat {
    rule: Rule,
    start: usize,
    end: usize,
    next: usize,
}

impl<'i> Tree<'i> {
    fn new(pairs: Pairs<'i, Rule>, text: &'i str, base: usize) -> Tree<'i> {
        // Every pair is a start and an end token.
        let mut flat = Vec::with_capacity(pairs.clone().tokens().len() / 2);
        // pest's queue read directly (vendor/pest/PATCHES.md, 8): a pair's next sibling is
        // the first pair after its subtree, whose size the queue gives.
        pairs.for_each_pair_flat(|rule, start, end, size| {
            let at = flat.len();
            flat.push(Flat {
                rule,
                start,
                end,
                next: at + size,
            });
        });
        Tree {
            pairs: flat,
            text,
            base,
        }
    }

    /// The first pair of the parse (`file`).
    fn root(&self) -> Option<Part<'_>> {
        (!self.pairs.is_empty()).then_some(Part { tree: self, at: 0 })
    }
}

/// One pair of a [`Tree`], with the few methods of pest's `Pair` the builder uses.
#[derive(Clone, Copy)]
struct Part<'t> {
    tree: &'t Tree<'t>,
    at: usize,
}

impl<'t> Part<'t> {
    fn flat(self) -> Flat {
        self.tree.pairs[self.at]
    }

    fn as_rule(self) -> Rule {
        self.flat().rule
    }

    fn as_str(self) -> &'t str {
        let f = self.flat();
        self.tree.text.get(f.start..f.end).unwrap_or("")
    }

    /// The pair's children, in order.
    fn into_inner(self) -> Parts<'t> {
        Parts {
            tree: self.tree,
            at: self.at + 1,
            end: self.flat().next,
        }
    }
}

/// The children of a [`Part`].
#[derive(Clone)]
struct Parts<'t> {
    tree: &'t Tree<'t>,
    at: usize,
    end: usize,
}

impl<'t> Iterator for Parts<'t> {
    type Item = Part<'t>;

    fn next(&mut self) -> Option<Part<'t>> {
        // Bounded by the array too: a `Part` always indexes a pair that exists, even were
        // pest's tokens ever unbalanced (a pair never closed keeps no end of its own).
        if self.at >= self.end.min(self.tree.pairs.len()) {
            return None;
        }
        let part = Part {
            tree: self.tree,
            at: self.at,
        };
        self.at = self.tree.pairs.get(self.at).map_or(self.end, |f| f.next);
        Some(part)
    }
}

fn span(pair: &Part<'_>) -> Span {
    let f = pair.flat();
    let base = pair.tree.base;
    base + f.start..base + f.end
}

/// The children of a pair without the keyword tokens, which carry no meaning of their own.
fn children(pair: Part<'_>) -> impl Iterator<Item = Part<'_>> + Clone {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

fn first(pair: Part<'_>) -> Result<Part<'_>, SyntaxError> {
    let whole = span(&pair);
    children(pair)
        .next()
        .ok_or_else(|| SyntaxError::at(whole, SyntaxProblem::Empty))
}

/// Whether `rule` is a keyword's (`kw_*`). A table by the rule's number: the tree builder
/// asks for every child of every pair, 400,000 times for a 1.5 MB plan (issue 15).
fn is_keyword(rule: Rule) -> bool {
    static KEYWORD: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = KEYWORD.get_or_init(|| {
        let mut table = vec![false; Rule::all_rules().len() + 1];
        for &rule in Rule::all_rules() {
            if let Some(slot) = table.get_mut(rule as usize) {
                *slot = errors::keyword_text(rule).is_some();
            }
        }
        table
    });
    table.get(rule as usize).copied().unwrap_or(false)
}

fn string(pair: Part<'_>) -> Result<Str, SyntaxError> {
    let span = span(&pair);
    let raw = pair.as_str();
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('“').and_then(|s| s.strip_suffix('”')))
        .unwrap_or(raw);
    if !inner.contains('\\') {
        // Most strings hold no escape: copied whole, not a character at a time.
        return Ok(Str {
            text: inner.to_string(),
            span,
        });
    }
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => text.push('\n'),
                Some('t') => text.push('\t'),
                Some(other) => text.push(other),
                None => {}
            }
        } else {
            text.push(c);
        }
    }
    Ok(Str { text, span })
}

fn name(pair: Part<'_>) -> Result<Name, SyntaxError> {
    let inner = if pair.as_rule() == Rule::name {
        first(pair)?
    } else {
        pair
    };
    match inner.as_rule() {
        Rule::string => {
            let s = string(inner)?;
            if s.text.trim().is_empty() {
                return Err(SyntaxError::at(s.span, SyntaxProblem::EmptyName));
            }
            Ok(Name {
                text: s.text,
                span: s.span,
            })
        }
        _ => Ok(Name {
            text: inner.as_str().to_string(),
            span: span(&inner),
        }),
    }
}

fn number(pair: Part<'_>) -> Result<Number, SyntaxError> {
    let span = span(&pair);
    // Exact, never rounded (src/number.rs): too many digits is a P001 here, not a float
    // that quietly holds other digits than the text.
    match crate::number::Number::parse(&ascii(pair.as_str())) {
        Ok(value) => Ok(Number { value, span }),
        Err(crate::number::NumberError::TooPrecise) => {
            Err(SyntaxError::at(span, SyntaxProblem::NumberTooPrecise))
        }
        Err(_) => Err(SyntaxError::at(span, SyntaxProblem::NumberTooLarge)),
    }
}

/// Full-width digits, `．`, `－`, `％` and comparators as their ASCII twins (LANGUAGE.md §8):
/// what a number, date, unit or comparator means does not depend on how it was typed.
fn ascii(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(crate::text::ascii_twin).collect())
}

fn date(pair: Part<'_>) -> DateLit {
    DateLit {
        text: ascii(pair.as_str()).into_owned(),
        span: span(&pair),
    }
}

fn when(pair: Part<'_>) -> When {
    let whole = span(&pair);
    // The last date and the one before it, without collecting the dates into a vector.
    let (mut from, mut until) = (None, None);
    for d in children(pair).map(date) {
        from = until.replace(d);
    }
    When {
        from: from.map(Box::new),
        until: until.unwrap_or(DateLit {
            text: String::new(),
            span: whole.clone(),
        }),
        span: whole,
    }
}

fn plan_header(pair: Part<'_>) -> Result<PlanHeader, SyntaxError> {
    let span_all = span(&pair);
    let mut inner = pair.into_inner();
    let keyword = inner.next().map(|k| span(&k)).unwrap_or(span_all.clone());
    let mut header = PlanHeader {
        title: Str {
            text: String::new(),
            span: span_all.clone(),
        },
        issued: None,
        period: None,
        issuer: None,
        region: None,
        status: None,
        reference: None,
        notes: Vec::new(),
        also: Vec::new(),
        keyword,
        span: span_all,
    };
    for field in inner {
        let field_span = span(&field);
        let rule = field.as_rule();
        let duplicate = |present: bool, field: &'static str| {
            if present {
                Err(SyntaxError::at(
                    field_span.clone(),
                    SyntaxProblem::DuplicateField(field),
                ))
            } else {
                Ok(())
            }
        };
        match rule {
            Rule::string => header.title = string(field)?,
            Rule::issued_field => {
                duplicate(header.issued.is_some(), "issued")?;
                header.issued = Some(date(first(field)?));
            }
            Rule::period_field => {
                duplicate(header.period.is_some(), "period")?;
                let p = first(field)?;
                let p_span = span(&p);
                let mut dates = children(p).map(date);
                let start = dates
                    .next()
                    .ok_or_else(|| SyntaxError::at(p_span.clone(), SyntaxProblem::Empty))?;
                header.period = Some(PeriodLit {
                    start,
                    end: dates.next(),
                    span: p_span,
                });
            }
            Rule::issuer_field => {
                duplicate(header.issuer.is_some(), "issuer")?;
                header.issuer = Some(name(first(field)?)?);
            }
            Rule::region_field => {
                duplicate(header.region.is_some(), "region")?;
                header.region = Some(string(first(field)?)?);
            }
            Rule::status_field => {
                duplicate(header.status.is_some(), "status")?;
                let v = first(field)?;
                header.status = Some(Str {
                    text: keywords::english(v.as_str()).to_string(),
                    span: span(&v),
                });
            }
            Rule::ref_field => {
                duplicate(header.reference.is_some(), "ref")?;
                header.reference = Some(string(first(field)?)?);
            }
            Rule::note_line => header.notes.push(string(first(field)?)?),
            Rule::also_line => header.also.push(Also {
                owners: names(children(field))?,
                span: field_span,
            }),
            _ => {}
        }
    }
    Ok(header)
}

/// A period as written: `2024`, `2021..2023`.
fn period_lit(p: Part<'_>) -> Result<PeriodLit, SyntaxError> {
    let mut p_span = span(&p);
    // The pair ends after the whitespace pest skips looking for `..` (a line break, too):
    // the period as written ends with its last date.
    let pairs = children(p);
    if let Some(last) = pairs.clone().last() {
        p_span.end = span(&last).end;
    }
    let mut dates = pairs.map(date);
    let start = dates
        .next()
        .ok_or_else(|| SyntaxError::at(p_span.clone(), SyntaxProblem::Empty))?;
    Ok(PeriodLit {
        start,
        end: dates.next(),
        span: p_span,
    })
}

fn owners_block(pair: Part<'_>) -> Result<OwnersBlock, SyntaxError> {
    let block_span = span(&pair);
    let mut entries = Vec::new();
    for entry in children(pair) {
        let entry_span = span(&entry);
        let mut parts = children(entry).peekable();
        let group = parts.next_if(|p| p.as_rule() == Rule::group_mark).is_some();
        let id = match parts.next() {
            Some(p) => name(p)?,
            None => continue,
        };
        let mut members = Vec::new();
        let mut full_name = None;
        let mut aliases = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::string => full_name = Some(string(part)?),
                Rule::aka_list => {
                    for alias in children(part) {
                        aliases.push(string(alias)?);
                    }
                }
                Rule::members_list => members = names(children(part))?,
                _ => {}
            }
        }
        entries.push(OwnerEntry {
            id,
            full_name,
            aliases,
            group,
            members,
            span: entry_span,
        });
    }
    Ok(OwnersBlock {
        entries,
        span: block_span,
    })
}

fn unit_ref(pair: Part<'_>) -> Result<Name, SyntaxError> {
    let inner = if pair.as_rule() == Rule::unit_ref {
        first(pair)?
    } else {
        pair
    };
    let mut unit = name(inner)?;
    // `％` is `%`; the other characters of a unit name are the name itself.
    if unit.text.contains('％') {
        unit.text = unit.text.replace('％', "%");
    }
    Ok(unit)
}

fn unit_decl(pair: Part<'_>) -> Result<UnitDecl, SyntaxError> {
    let decl_span = span(&pair);
    let mut parts = children(pair);
    let name_pair = parts
        .next()
        .ok_or_else(|| SyntaxError::at(decl_span.clone(), SyntaxProblem::Empty))?;
    let unit_name = name(name_pair)?;
    let def_pair = parts
        .next()
        .ok_or_else(|| SyntaxError::at(decl_span.clone(), SyntaxProblem::Empty))?;
    let def = match def_pair.as_rule() {
        Rule::unit_derived => {
            let mut d = children(def_pair);
            let factor = number(
                d.next()
                    .ok_or_else(|| SyntaxError::at(decl_span.clone(), SyntaxProblem::Empty))?,
            )?;
            let unit = unit_ref(
                d.next()
                    .ok_or_else(|| SyntaxError::at(decl_span.clone(), SyntaxProblem::Empty))?,
            )?;
            UnitDef::Derived { factor, unit }
        }
        _ => UnitDef::Base {
            dimension: name(first(def_pair)?)?,
        },
    };
    Ok(UnitDecl {
        name: unit_name,
        def,
        span: decl_span,
    })
}

fn metric_decl(pair: Part<'_>) -> Result<MetricDecl, SyntaxError> {
    let decl_span = span(&pair);
    let mut id = None;
    let mut title = None;
    let mut unit = None;
    let mut part_of = None;
    let mut ratio = None;
    for part in children(pair) {
        match part.as_rule() {
            Rule::name => id = Some(name(part)?),
            Rule::string => title = Some(string(part)?),
            Rule::unit_ref => unit = Some(unit_ref(part)?),
            Rule::part_of => part_of = Some(name(first(part)?)?),
            Rule::ratio => {
                let mut sides = children(part);
                if let (Some(a), Some(b)) = (sides.next(), sides.next()) {
                    ratio = Some((name(a)?, name(b)?));
                }
            }
            _ => {}
        }
    }
    match (id, unit) {
        (Some(id), Some(unit)) => Ok(MetricDecl {
            id,
            title,
            unit,
            part_of,
            ratio,
            span: decl_span,
        }),
        _ => Err(SyntaxError::at(decl_span, SyntaxProblem::Empty)),
    }
}

fn node(pair: Part<'_>, depth: usize) -> Result<Node, SyntaxError> {
    let node_span = span(&pair);
    let kind = if pair.as_rule() == Rule::section {
        NodeKind::Section
    } else {
        NodeKind::Measure
    };
    if depth >= MAX_NESTING {
        return Err(SyntaxError::at(
            node_span,
            SyntaxProblem::TooDeep(MAX_NESTING),
        ));
    }
    let mut id = None;
    let mut title = None;
    // Sized from the lines counted first: the tree of a large plan is held whole until it
    // is resolved, so no room is kept for lines that never come (issue 15), and a body
    // grown line by line was reallocated at each doubling and shrunk at the end.
    let lines = children(pair)
        .filter(|p| !matches!(p.as_rule(), Rule::name | Rule::string))
        .count();
    let mut body = Vec::with_capacity(lines);
    for part in children(pair) {
        match part.as_rule() {
            Rule::name => id = Some(name(part)?),
            Rule::string => title = Some(string(part)?),
            _ => body.push(body_item(part, depth)?),
        }
    }
    let id = id.ok_or_else(|| SyntaxError::at(node_span.clone(), SyntaxProblem::Empty))?;
    Ok(Node {
        kind,
        id,
        title,
        body,
        span: node_span,
    })
}

fn names<'a>(pairs: impl Iterator<Item = Part<'a>> + Clone) -> Result<Vec<Name>, SyntaxError> {
    // Counted first, so that the list is allocated once at its size: most lists hold one or
    // two names, and a collected list starts with room for four (it was shrunk after, a
    // second allocation).
    let mut names = Vec::with_capacity(pairs.clone().count());
    for pair in pairs {
        names.push(name(pair)?);
    }
    Ok(names)
}

fn body_item(pair: Part<'_>, depth: usize) -> Result<BodyItem, SyntaxError> {
    let line_span = span(&pair);
    Ok(match pair.as_rule() {
        Rule::owner_line => {
            // Room for every part: only `jointly` and `lead`/`support` marks are not names.
            let parts = children(pair).count();
            let mut owners = Vec::with_capacity(parts);
            let mut marks = Vec::with_capacity(parts);
            let mut form = OwnerForm::Listed;
            let mut mark = None;
            for part in children(pair) {
                match part.as_rule() {
                    Rule::jointly => form = OwnerForm::Jointly,
                    Rule::role => {
                        form = OwnerForm::Marked;
                        mark = Some(if part.into_inner().any(|k| k.as_rule() == Rule::kw_lead) {
                            Role::Lead
                        } else {
                            Role::Support
                        });
                    }
                    _ => {
                        owners.push(name(part)?);
                        marks.push(mark.take());
                    }
                }
            }
            owners.shrink_to_fit();
            marks.shrink_to_fit();
            BodyItem::Owner {
                owners,
                form,
                marks,
                span: line_span,
            }
        }
        Rule::also_line => BodyItem::Also(Also {
            owners: names(children(pair))?,
            span: line_span,
        }),
        Rule::deadline_line => BodyItem::Deadline(when(first(pair)?)),
        Rule::after_line => BodyItem::After {
            measures: names(children(pair))?,
            span: line_span,
        },
        Rule::note_line => BodyItem::Note(string(first(pair)?)?),
        Rule::milestone_line => {
            let mut parts = children(pair);
            let title = string(
                parts
                    .next()
                    .ok_or_else(|| SyntaxError::at(line_span.clone(), SyntaxProblem::Empty))?,
            )?;
            let when = when(
                parts
                    .next()
                    .ok_or_else(|| SyntaxError::at(line_span.clone(), SyntaxProblem::Empty))?,
            );
            BodyItem::Milestone {
                title,
                when: Box::new(when),
                span: line_span,
            }
        }
        Rule::target_line => BodyItem::Target(Box::new(target(pair)?)),
        Rule::baseline_line => BodyItem::Baseline(Box::new(observation(pair)?)),
        Rule::actual_line => BodyItem::Actual(Box::new(observation(pair)?)),
        Rule::section | Rule::measure => BodyItem::Node(Box::new(node(pair, depth + 1)?)),
        Rule::misplaced_line => {
            let (word, at) = pair
                .into_inner()
                .next()
                .map(|k| (k.as_str().to_string(), span(&k)))
                .unwrap_or_else(|| (String::new(), line_span));
            return Err(SyntaxError::at(at, SyntaxProblem::NotInSection(word)));
        }
        _ => return Err(SyntaxError::at(line_span, SyntaxProblem::Empty)),
    })
}

fn bound(mut parts: Parts<'_>) -> Result<Bound, SyntaxError> {
    let first_part = parts.find(|p| !is_keyword(p.as_rule()));
    match first_part {
        Some(p) if p.as_rule() == Rule::range => {
            let range_span = span(&p);
            let mut nums = children(p);
            let low = number(
                nums.next()
                    .ok_or_else(|| SyntaxError::at(range_span.clone(), SyntaxProblem::Empty))?,
            )?;
            let high = number(
                nums.next()
                    .ok_or_else(|| SyntaxError::at(range_span.clone(), SyntaxProblem::Empty))?,
            )?;
            if high.value < low.value {
                return Err(SyntaxError::at(range_span, SyntaxProblem::RangeBackwards));
            }
            Ok(Bound::Range { low, high })
        }
        Some(p) if p.as_rule() == Rule::cmp => {
            let cmp_span = span(&p);
            let cmp = match ascii(p.as_str()).as_ref() {
                ">=" | "≥" => Cmp::Ge,
                "<=" | "≤" => Cmp::Le,
                "~" | "≈" => Cmp::About,
                ">" => Cmp::Gt,
                "<" => Cmp::Lt,
                _ => Cmp::Eq,
            };
            let value = number(
                parts
                    .find(|p| p.as_rule() == Rule::number)
                    .ok_or_else(|| SyntaxError::at(cmp_span.clone(), SyntaxProblem::Empty))?,
            )?;
            Ok(Bound::Cmp {
                cmp,
                cmp_span,
                value,
            })
        }
        _ => Err(SyntaxError::at(0..0, SyntaxProblem::Empty)),
    }
}

fn target(pair: Part<'_>) -> Result<Target, SyntaxError> {
    let line_span = span(&pair);
    let mut metrics = Vec::new();
    let mut spec = None;
    let mut repeat: Option<(Repeat, Span)> = None;
    let mut by: Option<When> = None;
    let mut firm = None;
    let mut over = None;
    let mut each = None;
    let mut from_issued = false;
    for part in children(pair) {
        let part_span = span(&part);
        match part.as_rule() {
            Rule::metric_list => metrics = names(children(part))?,
            Rule::growth_spec | Rule::change_spec | Rule::level_spec => spec = Some(part),
            Rule::per_mod | Rule::cumulative => {
                if let Some((_, earlier)) = &repeat {
                    return Err(SyntaxError::at(
                        part_span,
                        SyntaxProblem::RepeatTwice(earlier.clone()),
                    ));
                }
                from_issued = part.into_inner().any(|p| p.as_rule() == Rule::from_issued);
                let r = if part.as_rule() == Rule::cumulative {
                    Repeat::Cumulative
                } else {
                    let every = first(part)?;
                    Repeat::Per(match every.as_str() {
                        "quarter" | "每季度" => Every::Quarter,
                        "month" | "每月" => Every::Month,
                        _ => Every::Year,
                    })
                };
                repeat = Some((r, part_span));
            }
            Rule::firmness => {
                let stretch = part.into_inner().any(|k| k.as_rule() == Rule::kw_stretch);
                firm = Some((!stretch, part_span));
            }
            Rule::over_mod => {
                let p = first(part)?;
                over = Some(Box::new(period_lit(p)?));
            }
            Rule::each_mod => each = Some(Box::new(name(first(part)?)?)),
            Rule::by_mod => {
                if by.is_some() {
                    return Err(SyntaxError::at(part_span, SyntaxProblem::ByTwice));
                }
                by = Some(when(first(part)?));
            }
            _ => {}
        }
    }
    let spec = spec.ok_or_else(|| SyntaxError::at(line_span.clone(), SyntaxProblem::Empty))?;
    let spec_span = span(&spec);
    let kind = match spec.as_rule() {
        Rule::growth_spec => TargetKind::Growth,
        Rule::change_spec => TargetKind::Change,
        _ => TargetKind::Level,
    };
    let unit_pair = spec
        .into_inner()
        .find(|p| matches!(p.as_rule(), Rule::unit_ref | Rule::percent))
        .ok_or_else(|| SyntaxError::at(spec_span.clone(), SyntaxProblem::Empty))?;
    let unit = if unit_pair.as_rule() == Rule::percent {
        Name {
            text: "%".to_string(),
            span: span(&unit_pair),
        }
    } else {
        unit_ref(unit_pair)?
    };
    let average = spec.into_inner().any(|p| p.as_rule() == Rule::kw_average);
    let bound = bound(spec.into_inner())?;
    Ok(Target {
        metrics,
        kind,
        bound,
        unit,
        repeat,
        from_issued,
        by,
        firm,
        over,
        each,
        average,
        span: line_span,
    })
}

fn observation(pair: Part<'_>) -> Result<Observation, SyntaxError> {
    let line_span = span(&pair);
    let missing = || SyntaxError::at(line_span.clone(), SyntaxProblem::Empty);
    let mut parts = children(pair);
    let metric = name(parts.next().ok_or_else(missing)?)?;
    let value = number(parts.next().ok_or_else(missing)?)?;
    let unit = unit_ref(parts.next().ok_or_else(missing)?)?;
    let at = date(parts.next().ok_or_else(missing)?);
    Ok(Observation {
        metric,
        value,
        unit,
        at,
        span: line_span,
    })
}

/// Every meaningful token of a file that parses, in order, with the layout facts the
/// formatter needs (src/format.rs): which tokens start a line and which start an item.
/// Punctuation (`{ } , = : ..`) and comments are not pairs; they lie between these tokens.
pub fn tokens(text: &str) -> Result<Vec<crate::format::Leaf>, SyntaxError> {
    let mut pairs = parse_file(text).map_err(|e| syntax_error(text, e))?;
    let mut out = Vec::new();
    if let Some(file) = pairs.next() {
        for item in file.into_inner() {
            let keyword = match item.as_rule() {
                Rule::plan_header => "plan",
                Rule::use_item => "use",
                Rule::owners_block => "owners",
                Rule::unit_decl => "unit",
                Rule::metric_decl => "metric",
                Rule::section => "section",
                Rule::measure => "measure",
                _ => continue,
            };
            let first = out.len();
            leaves(item, &mut out);
            if let Some(leaf) = out.get_mut(first) {
                leaf.item = Some(keyword);
            }
        }
    }
    Ok(out)
}

fn leaves(pair: Pair<'_, Rule>, out: &mut Vec<crate::format::Leaf>) {
    use crate::format::Form;
    use errors::keyword_text;
    let rule = pair.as_rule();
    let starts_line = matches!(
        rule,
        Rule::plan_header
            | Rule::use_item
            | Rule::owners_block
            | Rule::unit_decl
            | Rule::metric_decl
            | Rule::section
            | Rule::measure
            | Rule::issued_field
            | Rule::period_field
            | Rule::issuer_field
            | Rule::region_field
            | Rule::status_field
            | Rule::ref_field
            | Rule::note_line
            | Rule::owner_entry
            | Rule::owner_line
            | Rule::also_line
            | Rule::deadline_line
            | Rule::after_line
            | Rule::milestone_line
            | Rule::target_line
            | Rule::baseline_line
            | Rule::actual_line
            | Rule::misplaced_line
    );
    let first = out.len();
    let atomic = matches!(
        rule,
        Rule::string
            | Rule::number
            | Rule::date
            | Rule::cmp
            | Rule::ident
            | Rule::unit_name
            | Rule::status_value
            | Rule::every
            | Rule::every_cn
            | Rule::percent
            | Rule::misplaced_rest
    ) || is_keyword(rule);
    let s = pair.as_span();
    let mut inner = pair.clone().into_inner().peekable();
    if atomic || inner.peek().is_none() {
        if rule != Rule::EOI && s.start() < s.end() {
            let form = match rule {
                Rule::number | Rule::date | Rule::cmp | Rule::percent => Form::Ascii,
                Rule::unit_name => Form::Unit,
                Rule::every => Form::Keyword(match s.as_str() {
                    "quarter" => "quarter",
                    "month" => "month",
                    _ => "year",
                }),
                _ => keyword_text(rule)
                    .or_else(|| {
                        matches!(rule, Rule::every_cn | Rule::status_value)
                            .then(|| keywords::find(s.as_str()).map(|k| k.en))
                            .flatten()
                    })
                    .map_or(Form::AsWritten, Form::Keyword),
            };
            out.push(crate::format::Leaf {
                start: s.start(),
                end: s.end(),
                line_start: false,
                item: None,
                form,
            });
        }
    } else {
        for child in inner {
            leaves(child, out);
        }
    }
    if starts_line {
        if let Some(leaf) = out.get_mut(first) {
            leaf.line_start = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> File {
        match parse(text) {
            Ok(f) => f,
            Err(e) => panic!("{text:?} should parse: {e:?}"),
        }
    }

    fn err(text: &str) -> SyntaxError {
        match parse(text) {
            Ok(f) => panic!("{text:?} should not parse: {f:?}"),
            Err(e) => e,
        }
    }

    fn only_measure(file: &File) -> &Node {
        match file.items.first() {
            Some(Item::Node(n)) => n,
            other => panic!("expected a node, got {other:?}"),
        }
    }

    /// Parse `text` with one rule of the grammar, which must take all of it.
    fn whole(rule: Rule, text: &str) -> bool {
        PlanParser::parse(rule, text)
            .ok()
            .and_then(|mut p| p.next())
            .is_some_and(|p| p.as_str() == text)
    }

    /// Every token of a parse, or `None` when the text does not parse.
    fn tokens_of(text: &str, guards: bool) -> Option<Vec<(Rule, usize, bool)>> {
        let parse = || PlanParser::parse(Rule::file, text);
        let pairs = if guards {
            pest::with_first_byte_guards(parse)
        } else {
            parse()
        };
        let tokens = pairs.ok()?.tokens().map(|token| match token {
            pest::Token::Start { rule, pos } => (rule, pos.pos(), true),
            pest::Token::End { rule, pos } => (rule, pos.pos(), false),
        });
        Some(tokens.collect())
    }

    /// pest's first-byte guards (vendor/pest/PATCHES.md, 6) change how fast a text parses,
    /// never whether it parses or what it parses to.
    fn guards_agree(text: &str) -> bool {
        tokens_of(text, true) == tokens_of(text, false)
    }

    /// The real plans and every fixture, whole and with each line left out in turn (most
    /// of which still parse, some not).
    #[test]
    fn first_byte_guards_change_no_parse_of_the_plans_and_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["plans", "tests/fixtures"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "plan"))
                .collect();
            paths.sort();
            texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
        }
        assert!(texts.len() > 50, "{} plans", texts.len());
        let (mut parsed, mut failed) = (0, 0);
        for text in &texts {
            assert!(guards_agree(text), "{text}");
            let lines: Vec<&str> = text.lines().collect();
            for skip in 0..lines.len().min(60) {
                let cut: Vec<&str> = (0..lines.len())
                    .filter(|&i| i != skip)
                    .map(|i| lines[i])
                    .collect();
                let cut = cut.join("\n");
                assert!(guards_agree(&cut), "{cut}");
                match tokens_of(&cut, false) {
                    Some(_) => parsed += 1,
                    None => failed += 1,
                }
            }
        }
        // Both kinds were compared.
        assert!(
            parsed > 100 && failed > 100,
            "{parsed} parsed, {failed} failed"
        );
    }

    proptest::proptest! {
        /// Texts made of the grammar's own words, punctuation and layout, ASCII and
        /// full-width: many parse a little way, some whole.
        #[test]
        fn first_byte_guards_change_no_parse(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "measure ", "措施 ", "section ", "target ", "目标 ", "owner ", "责任单位：",
                "deadline ", "by ", "截至 ", "growth ", "per ", "每年 ", "firm ", "力争 ",
                "metric ", "in ", "part of ", "属于 ", "unit ", "at ", "于 ", "baseline ",
                "actual ", "note ", "cumulative ", "over ", "each ", "average ", "change ",
                "粮食 ", "经信局", "\"引号\"", "“中文引号”", "亿元 ", "% ", "％", "万吨/日 ",
                "{", "}", "｛", "｝", ",", "，", "、", "=", ">= ", "≥", "<", "~", "..", "：",
                "2025-06 ", "2025-Q1", "2025 ", "２０２５", "350", "1_000.5", "-3", "－",
                " ", "\n", "\r\n", "\t", "\u{3000}", "# 注释\n", "＃", "plan ", "issued ",
            ]),
            0..40,
        )) {
            let text = words.concat();
            proptest::prop_assert!(guards_agree(&text), "{:?}", text);
        }
    }

    #[test]
    fn the_keyword_lookup_is_the_keyword_list() {
        for &rule in Rule::all_rules() {
            assert_eq!(
                is_keyword(rule),
                errors::keyword_text(rule).is_some(),
                "{rule:?}"
            );
        }
        assert!(is_keyword(Rule::kw_average) && !is_keyword(Rule::EOI) && !is_keyword(Rule::name));
    }

    #[test]
    fn the_keyword_table_and_the_grammar_agree() {
        use super::keywords::{Kind, KEYWORDS};
        let kw_rules = [
            Rule::kw_plan,
            Rule::kw_issued,
            Rule::kw_period,
            Rule::kw_issuer,
            Rule::kw_region,
            Rule::kw_status,
            Rule::kw_ref,
            Rule::kw_owners,
            Rule::kw_aka,
            Rule::kw_section,
            Rule::kw_measure,
            Rule::kw_metric,
            Rule::kw_unit,
            Rule::kw_in,
            Rule::kw_part_of,
            Rule::kw_owner,
            Rule::kw_deadline,
            Rule::kw_after,
            Rule::kw_target,
            Rule::kw_growth,
            Rule::kw_change,
            Rule::kw_by,
            Rule::kw_at,
            Rule::kw_baseline,
            Rule::kw_actual,
            Rule::kw_use,
            Rule::kw_cumulative,
            Rule::kw_note,
            Rule::kw_milestone,
            Rule::kw_jointly,
            Rule::kw_lead,
            Rule::kw_support,
            Rule::kw_also,
            Rule::kw_group,
            Rule::kw_members,
            Rule::kw_firm,
            Rule::kw_stretch,
            Rule::kw_over,
            Rule::kw_from,
            Rule::kw_each,
            Rule::kw_ratio,
            Rule::kw_average,
        ];
        for k in KEYWORDS {
            let rule = kw_rules
                .iter()
                .copied()
                .find(|r| errors::keyword_text(*r) == Some(k.en));
            match (k.kind, rule) {
                (Kind::Value, _) => {
                    assert!(whole(Rule::status_value, k.en), "{}", k.en);
                    assert!(whole(Rule::status_value, k.zh), "{}", k.zh);
                }
                (_, Some(rule)) => {
                    assert!(whole(rule, k.zh), "{} is not parsed as `{}`", k.zh, k.en);
                    if rule != Rule::kw_part_of {
                        assert!(whole(rule, k.en), "{}", k.en);
                    }
                }
                (_, None) => {
                    let every = k.en.strip_prefix("per ");
                    assert!(every.is_some_and(|e| whole(Rule::every, e)), "{}", k.en);
                    assert!(whole(Rule::every_cn, k.zh), "{}", k.zh);
                }
            }
            // Reserved in both languages, or in neither; and whole words only.
            for word in std::iter::once(k.zh).chain(k.en.split(' ')) {
                assert_eq!(whole(Rule::keyword, word), k.reserved, "{word}");
                assert!(!whole(Rule::keyword, &format!("{word}值")), "{word}值");
            }
        }
        // A second spelling is its keyword's, and reserved like it.
        for (zh, en) in super::keywords::MORE_ZH {
            let rule = kw_rules
                .iter()
                .copied()
                .find(|r| errors::keyword_text(*r) == Some(*en));
            assert!(
                rule.is_some_and(|r| whole(r, zh)),
                "{zh} is not parsed as `{en}`"
            );
            assert!(whole(Rule::keyword, zh), "{zh}");
            assert_eq!(super::keywords::english(zh), *en);
        }
        // Every Chinese word the grammar spells is in the table.
        let grammar = include_str!("../../grammar/plan.pest");
        let lines = grammar
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"));
        let mut quoted_strings = Vec::new();
        for line in lines {
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                if c == '"' {
                    let mut q = String::new();
                    while let Some(d) = chars.next() {
                        match d {
                            '\\' => q.extend(chars.next()),
                            '"' => break,
                            d => q.push(d),
                        }
                    }
                    quoted_strings.push(q);
                }
            }
        }
        for quoted in quoted_strings.iter().map(String::as_str) {
            if quoted
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            {
                assert!(
                    KEYWORDS.iter().any(|k| k.zh == quoted)
                        || super::keywords::MORE_ZH.iter().any(|(zh, _)| *zh == quoted)
                        || ["每年", "每季度", "每月"].contains(&quoted),
                    "the grammar spells {quoted}, which is not in src/syntax/keywords.rs"
                );
            }
        }
    }

    #[test]
    fn chinese_keywords_and_full_width_punctuation() {
        let f = ok(
            "计划 “安居区计划” ｛ 印发：２０２５－０３－２６ 期间 ２０２５ 状态 定稿 ｝\n\
                    责任单位名录 ｛ 经信局 “经济和信息化局” 又称 “区经信局”、“经信” ｝\n\
                    指标：产值 单位为 亿元 属于 总产值\n\
                    措施 粮食 ｛\n\u{3000}责任单位：经信局，发改局 ＃ 注释\n\
                    目标 产值 ＞＝ １２０．５万吨 每年 截至 ２０２５－Q３\n\
                    目标 率 变化 ～ －５ 个百分点\n\
                    基数 产值 ＝ ４１．５４ 万吨 于 ２０２４\n 目标 增 增长 ≥ ７ ％ ｝",
        );
        let Some(Item::Plan(h)) = f.items.first() else {
            panic!()
        };
        assert_eq!(
            h.issued.as_ref().map(|d| d.text.as_str()),
            Some("2025-03-26")
        );
        assert_eq!(h.status.as_ref().map(|s| s.text.as_str()), Some("approved"));
        assert_eq!(h.title.text, "安居区计划");
        let Some(Item::Owners(o)) = f.items.get(1) else {
            panic!()
        };
        assert_eq!(o.entries[0].aliases.len(), 2);
        let Some(Item::Metric(m)) = f.items.get(2) else {
            panic!()
        };
        assert_eq!(m.part_of.as_ref().map(|p| p.text.as_str()), Some("总产值"));
        let Some(Item::Node(n)) = f.items.get(3) else {
            panic!()
        };
        let BodyItem::Owner { owners, .. } = &n.body[0] else {
            panic!()
        };
        assert_eq!(owners.len(), 2);
        let BodyItem::Target(t) = &n.body[1] else {
            panic!()
        };
        assert!(
            matches!(t.bound, Bound::Cmp { cmp: Cmp::Ge, ref value, .. } if value.value.to_string() == "120.5")
        );
        assert!(matches!(t.repeat, Some((Repeat::Per(Every::Year), _))));
        assert_eq!(
            t.by.as_ref().map(|b| b.until.text.as_str()),
            Some("2025-Q3")
        );
        // The span of `１２０．５` covers the full-width characters as written.
        let Bound::Cmp { value, .. } = &t.bound else {
            panic!()
        };
        assert_eq!(value.span.len(), "１２０．５".len());
        let BodyItem::Target(t) = &n.body[2] else {
            panic!()
        };
        assert!(
            matches!(t.bound, Bound::Cmp { cmp: Cmp::About, ref value, .. } if value.value.to_string() == "-5")
        );
        let BodyItem::Baseline(b) = &n.body[3] else {
            panic!()
        };
        assert_eq!(b.at.text, "2024");
        let BodyItem::Target(t) = &n.body[4] else {
            panic!()
        };
        assert_eq!((t.kind, t.unit.text.as_str()), (TargetKind::Growth, "%"));
        // A Chinese keyword is a whole word, and reserved.
        err("措施 m ｛ 责任单位经信局 ｝");
        err("指标 目标 单位为 个");
        ok("指标 “目标” 单位为 个\n指标 目标值 单位为 个");
    }

    #[test]
    fn empty_file_parses() {
        assert_eq!(ok("").items.len(), 0);
        assert_eq!(ok("  # only a comment\n").items.len(), 0);
    }

    #[test]
    fn chinese_identifiers_and_quantities_without_space() {
        let f = ok(
            "measure 新型工业化 \"以实业兴区\" { owner 经信局\n target 规上工业总产值>=350亿元 }",
        );
        let m = only_measure(&f);
        assert_eq!(m.id.text, "新型工业化");
        let BodyItem::Target(t) = &m.body[1] else {
            panic!("not a target")
        };
        assert_eq!(t.metrics[0].text, "规上工业总产值");
        assert_eq!(t.unit.text, "亿元");
        assert!(
            matches!(t.bound, Bound::Cmp { cmp: Cmp::Ge, ref value, .. } if value.value.to_string() == "350")
        );
    }

    #[test]
    fn unicode_comparators_and_underscores() {
        let f = ok(
            "measure m { target x ≥ 1_450 亿元\n target y ≈ 2.5 % by 2025-Q3\n target z ≤ 3 万吨 }",
        );
        let m = only_measure(&f);
        let cmps: Vec<Cmp> = m
            .body
            .iter()
            .filter_map(|b| match b {
                BodyItem::Target(t) => match t.bound {
                    Bound::Cmp { cmp, .. } => Some(cmp),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(cmps, vec![Cmp::Ge, Cmp::About, Cmp::Le]);
        let BodyItem::Target(t) = &m.body[0] else {
            panic!()
        };
        assert!(matches!(&t.bound, Bound::Cmp { value, .. } if value.value.to_string() == "1450"));
    }

    #[test]
    fn string_names_and_escapes() {
        let f = ok(r#"metric "PM2.5浓度" "空气\"质量\"" in 微克每立方米"#);
        let Some(Item::Metric(m)) = f.items.first() else {
            panic!()
        };
        assert_eq!(m.id.text, "PM2.5浓度");
        assert_eq!(
            m.title.as_ref().map(|t| t.text.as_str()),
            Some("空气\"质量\"")
        );
    }

    #[test]
    fn keywords_are_whole_words() {
        // `owner经信局` is one identifier, so this is a syntax error, not an owner line.
        err("measure m { owner经信局 }");
        // a keyword as a name must be quoted
        err("metric target in 个");
        ok("metric \"target\" in 个");
        // identifiers may start with a keyword
        ok("metric planned in 个\nmetric 年产量 in 吨");
    }

    #[test]
    fn targets_in_sections_are_errors_that_say_so() {
        let e = err("section s {\n  target x >= 1 个\n}");
        assert!(matches!(e.problem, SyntaxProblem::NotInSection(ref w) if w == "target"));
        assert_eq!(e.span, 14..20);
    }

    #[test]
    fn all_date_and_period_forms() {
        for p in [
            "2025",
            "2025-Q1",
            "2024-H2",
            "2025-06",
            "2021..2023",
            "2024-07-01..2024-12-31",
        ] {
            let f = ok(&format!("plan \"p\" {{ period {p} issued 2025-03-26 }}"));
            let Some(Item::Plan(h)) = f.items.first() else {
                panic!()
            };
            assert!(h.period.is_some(), "{p}");
        }
        // an impossible date still parses: it is D207, not a syntax error
        ok("measure m { deadline 2025-13-45 }");
    }

    #[test]
    fn target_kinds_and_modifiers() {
        let f = ok("measure m {\n target a growth ~ 7 %\n target b change >= -5 个百分点\n target c >= 200 个 per year by 2023\n target d >= 1450 亿元 cumulative\n target e 6..7 %\n target f, g growth >= 8 % }");
        let m = only_measure(&f);
        let targets: Vec<&Target> = m
            .body
            .iter()
            .filter_map(|b| match b {
                BodyItem::Target(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        assert_eq!(targets[0].kind, TargetKind::Growth);
        assert_eq!(targets[1].kind, TargetKind::Change);
        assert!(matches!(
            targets[2].repeat,
            Some((Repeat::Per(Every::Year), _))
        ));
        assert!(targets[2].by.is_some());
        assert!(matches!(targets[3].repeat, Some((Repeat::Cumulative, _))));
        assert!(matches!(targets[4].bound, Bound::Range { .. }));
        assert_eq!(targets[5].metrics.len(), 2);
    }

    #[test]
    fn crlf_and_comments() {
        let f = ok("# 注释\r\nowners {\r\n  发改局 \"遂宁市安居区发展和改革局\" aka \"区发改局\", \"发改\" # 行尾\r\n}\r\n");
        let Some(Item::Owners(o)) = f.items.first() else {
            panic!()
        };
        assert_eq!(o.entries[0].aliases.len(), 2);
    }

    #[test]
    fn huge_numbers_are_errors_not_infinity() {
        let digits = "9".repeat(400);
        let e = err(&format!("measure m {{ target x >= {digits} 个 }}"));
        assert!(matches!(e.problem, SyntaxProblem::NumberTooLarge));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let depth = 10_000;
        let text = format!("{}{}", "section s {\n".repeat(depth), "}\n".repeat(depth));
        let e = err(&text);
        assert!(matches!(e.problem, SyntaxProblem::TooDeep(_)));
    }

    /// Groups of items parse to the same tree as the whole file, spans included, however
    /// small the groups; and a file that does not parse gives the whole file's error.
    #[test]
    fn groups_of_items_parse_as_the_whole_file() {
        let texts = [
            "plan \"p\" { issued 2025-03-26 }\nowners { 甲 \"甲局\" }\nmetric 产值 in 亿元\n\
             section s ｛ owner 甲\n measure m { target 产值 >= 1_450 亿元 by 2025 } ｝\n\
             # a } in a comment\nmeasure n { note \"}\" target 产值 growth >= 7 % }\nmetric b in 个",
            "measure a { } measure b { }",
            "",
        ];
        for text in texts {
            let ends = prescan::scan(text, MAX_NESTING).unwrap_or_default();
            for min in [0, 1, 30, 1 << 20] {
                assert_eq!(
                    parse_in_chunks(text, &ends, min).ok(),
                    parse_whole(text).ok(),
                    "{text}"
                );
            }
        }
        for text in [
            "measure a { } }",
            "measure a { }\nplan \"x\" { }\nmeasure b { }\nplan \"y\" { }",
            "measure a { }\nmeasure b { target x >= 1e999 个 }",
            "measure a { target x >= 1 个 }\nmeasure b { target y >= 9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999 个 }\nmeasure c {",
        ] {
            let ends = prescan::scan(text, MAX_NESTING).unwrap_or_default();
            assert!(parse_in_chunks(text, &ends, 1).is_err(), "{text}");
            assert_eq!(parse(text), parse_whole(text), "{text}");
        }
    }

    /// The items a staged parse hands over, in order, or why it stopped.
    fn staged(text: &str, min: usize) -> Result<File, Unstaged> {
        let staged = stage(text, min)?;
        let mut items = Vec::new();
        staged.for_each(|item| items.push(item))?;
        Ok(File { items })
    }

    /// A staged parse hands over the items of the whole file in its order, spans included,
    /// whatever the size of the groups and wherever the declarations stand; where it stops,
    /// the whole file does not parse (or, when the pre-scan's guess was wrong, parses in
    /// one piece).
    #[test]
    fn stages_give_the_items_of_the_whole_file() {
        let texts = [
            "measure m { owner 甲\n target 产值 >= 1 亿元 }\nowners { 甲 \"甲局\" }\n\
             section s ｛ measure n { target 产值 growth >= 7 % } ｝\nmetric 产值 in 亿元\n\
             # a } in a comment\nplan \"p\" { issued 2025-03-26 }\nmeasure o { }\nunit 标箱 = 20 吨",
            "措施 甲 { } # 注释\n章节 乙：“标题” ｛ 措施 丙 { } ｝\u{3000}指标 产值 单位为 亿元 措施 丁 {}",
            "use \"r.plan\"\nmeasure a { } measure b { }\nuse \"s.plan\"",
            "measure a { } metric b in 个 measure c { }",
            "measure a { }   ",
            "  # only a comment",
            "",
        ];
        for text in texts {
            for min in [0, 1, 30, 1 << 20] {
                assert_eq!(
                    staged(text, min),
                    parse_whole(text).map_err(|_| Unstaged::Whole)
                );
            }
        }
        // Not a parse: the error the whole file gives, or a tree the pre-scan misjudged.
        for text in [
            "measure a { } }",
            "measure a { }\nplan \"x\" { }\nmeasure b { }\nplan \"y\" { }",
            "plan \"x\" { }\nmeasure b { }\nplan \"y\" { }",
            "measure a { }\nmeasure b { target x >= 1e999 个 }",
            "metric a in 个\nmeasure b { target x >= 1 个 }\nmeasure c {",
            "measure a { } measurex { }",
        ] {
            for min in [0, 1, 30, 1 << 20] {
                assert_eq!(staged(text, min), Err(Unstaged::Whole), "{text}");
            }
            assert!(parse_whole(text).is_err(), "{text}");
        }
        let deep = "section s {\n".repeat(MAX_NESTING + 1);
        assert!(matches!(staged(&deep, 1), Err(Unstaged::Error(e)) if e == err(&deep)));
    }

    #[test]
    fn nesting_up_to_the_limit_parses() {
        let depth = MAX_NESTING;
        let mut text = String::new();
        for i in 0..depth {
            text.push_str(&format!("section s{i} {{\n"));
        }
        text.push_str(&"}\n".repeat(depth));
        ok(&text);
    }
}
