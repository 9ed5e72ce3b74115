//! `plan ledger --read filled.xlsx [-o actuals.plan]`: the values units typed into the
//! period columns of a ledger, back as `actual METRIC = QUANTITY at PERIOD` lines (calamine).
//!
//! The output is a file of its own that `use`s the plan — the plan is never edited — with
//! one `measure` block per measure that has values, under its owners, so that it checks
//! clean by itself; `plan status actuals.plan` counts its actuals for the plan
//! (docs/language.md, "Actuals files"). Every cell that cannot be read is reported with
//! its address (`明细!H7`), and then nothing is written.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::{address, heading, sheet_name, COLUMNS, PLAN_SHEET};
use crate::i18n::{CellProblem, Column, Lang, Sheet};
use crate::model::Model;
use crate::units::Unit;

/// What went wrong reading a workbook.
#[derive(Debug)]
pub enum ReadError {
    /// The file is not a workbook calamine can open (its words).
    Open(String),
    /// No detail sheet in either language.
    NoDetailSheet,
    /// Cells that cannot be read: (address, problem).
    Cells(Vec<(String, CellProblem)>),
}

/// A workbook opened, with its detail sheet found.
pub struct Ledger {
    sheet: String,
    range: calamine::Range<Data>,
    /// The plan path written in the hidden sheet, if any.
    pub plan: Option<String>,
}

/// Open a ledger written by `plan ledger` (in either language).
pub fn open(path: &Path) -> Result<Ledger, ReadError> {
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| ReadError::Open(e.to_string()))?;
    let names = book.sheet_names();
    let sheet = [Lang::Zh, Lang::En]
        .iter()
        .map(|l| sheet_name(*l, Sheet::Detail))
        .find(|n| names.contains(n))
        .ok_or(ReadError::NoDetailSheet)?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| ReadError::Open(e.to_string()))?;
    let plan = book
        .worksheet_range(PLAN_SHEET)
        .ok()
        .and_then(|r| r.get_value((0, 1)).cloned())
        .and_then(|d| match d {
            Data::String(s) if !s.is_empty() => Some(s),
            _ => None,
        });
    Ok(Ledger { sheet, range, plan })
}

/// One value read back.
struct Value {
    measure: usize,
    /// For a row of a per-member target (`each GROUP`), the member who reported it.
    member: Option<String>,
    metric: String,
    number: String,
    unit: String,
    at: String,
}

/// The actuals file for the values of `ledger`, which reports on `plan`; `use_path` is how
/// the file names the plan. Returns the text and the number of `actual` lines.
pub fn actuals(
    ledger: &Ledger,
    plan: &Model,
    use_path: &str,
    header: &str,
) -> Result<(String, usize), ReadError> {
    let (r0, c0) = ledger.range.start().unwrap_or((0, 0));
    let at =
        |r: usize, c: usize| format!("{}!{}", ledger.sheet, address(r0 + r as u32, c0 + c as u32));
    let mut rows = ledger.range.rows();
    let head: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    let find = |c: Column| {
        head.iter()
            .position(|h| [Lang::Zh, Lang::En].iter().any(|l| *h == heading(*l, c)))
    };
    let (Some(measure_col), Some(metric_col), Some(unit_col)) = (
        find(Column::Measure),
        find(Column::Metric),
        find(Column::Unit),
    ) else {
        return Err(ReadError::NoDetailSheet);
    };
    let owners_col = find(Column::Owners);
    let mut problems = Vec::new();
    // The period columns: every heading past the fixed ones that is a date of the language.
    let fixed: Vec<String> = COLUMNS
        .iter()
        .flat_map(|c| [heading(Lang::Zh, *c), heading(Lang::En, *c)])
        .collect();
    let mut periods = Vec::new();
    for (c, h) in head.iter().enumerate() {
        if h.is_empty() || fixed.contains(h) {
            continue;
        }
        match crate::dates::parse_date(h) {
            Ok(_) => periods.push((c, h.clone())),
            Err(_) => problems.push((at(0, c), CellProblem::BadPeriod { text: h.clone() })),
        }
    }

    let mut values = Vec::new();
    for (r, row) in rows.enumerate() {
        let r = r + 1;
        let cell = |c: usize| row.get(c).map(text).unwrap_or_default();
        let filled: Vec<&(usize, String)> = periods
            .iter()
            .filter(|(c, _)| row.get(*c).is_some_and(|d| !matches!(d, Data::Empty)))
            .filter(|(c, _)| !cell(*c).trim().is_empty())
            .collect();
        if filled.is_empty() {
            continue;
        }
        let (measure_id, metric) = (cell(measure_col), cell(metric_col));
        let targets: Vec<&crate::model::TargetInfo> = plan
            .measures()
            .find(|(_, n)| n.id == measure_id)
            .map(|(id, _)| {
                plan.targets
                    .iter()
                    .filter(|t| {
                        t.node == id && plan.metrics.get(t.metric).is_some_and(|m| m.id == metric)
                    })
                    .collect()
            })
            .unwrap_or_default();
        // A per-member target's row is keyed by its member too: the owner cell names it.
        let member_text = owners_col.map(&cell).unwrap_or_default();
        let each = targets.iter().find_map(|t| t.each.as_ref());
        let member = each
            .and_then(|e| e.owner)
            .and_then(|g| plan.owners.get(g))
            .filter(|g| g.members.contains(&member_text))
            .map(|_| member_text.clone());
        let known = match (targets.first(), each) {
            (None, _) => None,
            (Some(t), None) => Some(t.node),
            (Some(t), Some(_)) => member.as_ref().map(|_| t.node),
        };
        let Some(measure) = known else {
            let key = match each {
                Some(_) => format!("{measure_id} / {metric} / {member_text}"),
                None => format!("{measure_id} / {metric}"),
            };
            problems.push((at(r, measure_col), CellProblem::UnknownRow { key }));
            continue;
        };
        let row_unit = plan.units.resolve(cell(unit_col).trim());
        for (c, period) in filled {
            let Some(data) = row.get(*c) else { continue };
            match quantity(data, row_unit.as_ref(), plan) {
                Ok((number, unit)) => values.push(Value {
                    measure,
                    member: member.clone(),
                    metric: metric.clone(),
                    number,
                    unit,
                    at: period.clone(),
                }),
                Err(p) => problems.push((at(r, *c), p)),
            }
        }
    }
    if !problems.is_empty() {
        return Err(ReadError::Cells(problems));
    }
    Ok((render(plan, &values, use_path, header), values.len()))
}

/// A cell's value as text (what a reader sees).
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

/// The number and unit a cell holds: a number (in the row's unit), or text `120`, `120 亿元`.
fn quantity(d: &Data, row: Option<&Unit>, plan: &Model) -> Result<(String, String), CellProblem> {
    let row_name = row.map_or_else(String::new, |u| u.name.clone());
    // An Excel cell is an IEEE double: it is read as the shortest decimal that reads back as
    // that double (0.3, not 0.299999999999999988897769753748), which is what Excel shows.
    let number = |v: f64| {
        crate::number::Number::from_f64(v)
            .map(|d| d.to_string())
            .ok_or_else(|| CellProblem::NotANumber {
                text: v.to_string(),
            })
    };
    match d {
        Data::Float(v) => Ok((number(*v)?, row_name)),
        Data::Int(v) => Ok((v.to_string(), row_name)),
        Data::String(s) => {
            let s = s.trim();
            let split = s
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | ',' | '_')))
                .map_or(s.len(), |(i, _)| i);
            let (digits, unit) = (
                s.get(..split).unwrap_or(""),
                s.get(split..).unwrap_or("").trim(),
            );
            let cleaned: String = digits.chars().filter(|c| !matches!(c, ',' | '_')).collect();
            let value =
                cleaned
                    .parse::<rust_decimal::Decimal>()
                    .map_err(|_| CellProblem::NotANumber {
                        text: s.to_string(),
                    })?;
            if unit.is_empty() {
                return Ok((value.normalize().to_string(), row_name));
            }
            let Some(u) = plan.units.resolve(unit) else {
                return Err(CellProblem::UnknownUnit {
                    unit: unit.to_string(),
                });
            };
            match row {
                Some(r) if !u.dimension.compatible(&r.dimension) => Err(CellProblem::WrongUnit {
                    unit: unit.to_string(),
                    expected: r.name.clone(),
                }),
                _ => Ok((value.normalize().to_string(), u.name)),
            }
        }
        other => Err(CellProblem::NotANumber {
            text: other.to_string(),
        }),
    }
}

/// A name as a string literal: always valid where a name is expected (LANGUAGE.md §2).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The actuals file: a comment, the `use` of the plan, a measure block per measure (and
/// one per member that reported on a per-member target, owned by that member).
fn render(plan: &Model, values: &[Value], use_path: &str, header: &str) -> String {
    let mut out = format!("# {header}\nuse {}\n", quoted(use_path));
    let mut blocks: Vec<(usize, Option<&str>)> = values
        .iter()
        .map(|v| (v.measure, v.member.as_deref()))
        .collect();
    blocks.sort_unstable();
    blocks.dedup();
    for (m, member) in blocks {
        let Some(node) = plan.nodes.get(m) else {
            continue;
        };
        match member {
            Some(member) => {
                out.push_str(&format!(
                    "\nmeasure {} {{\n  owner {}\n",
                    quoted(&format!("{}/{member}", node.id)),
                    quoted(member)
                ));
            }
            None => {
                out.push_str(&format!("\nmeasure {} {{\n", quoted(&node.id)));
                if let Some(line) = owner_line(plan, m) {
                    out.push_str(&format!("  {line}\n"));
                }
            }
        }
        let mut lines: Vec<&Value> = values
            .iter()
            .filter(|v| v.measure == m && v.member.as_deref() == member)
            .collect();
        lines.sort_by(|a, b| (&a.metric, &a.at).cmp(&(&b.metric, &b.at)));
        for v in lines {
            out.push_str(&format!(
                "  actual {} = {} {} at {}\n",
                quoted(&v.metric),
                v.number,
                v.unit,
                v.at
            ));
        }
        out.push_str("}\n");
    }
    out
}

/// The measure's owners as the plan has them: `owner jointly A, B` when nobody leads,
/// `owner lead A, support B` when roles are marked (names with no role first).
fn owner_line(plan: &Model, m: usize) -> Option<String> {
    use crate::model::Role;
    let listed = plan.owners_of(m);
    let id = |o: usize| plan.owners.get(o).map(|d| quoted(&d.id));
    let with = |role: Option<Role>| -> Vec<String> {
        listed
            .iter()
            .filter(|(_, r)| *r == role)
            .filter_map(|(o, _)| id(*o))
            .collect()
    };
    let (none, leads, supports) = (
        with(None),
        with(Some(Role::Lead)),
        with(Some(Role::Support)),
    );
    if leads.is_empty() && supports.is_empty() {
        return (!none.is_empty()).then(|| format!("owner jointly {}", none.join(", ")));
    }
    let mut parts = none;
    if !leads.is_empty() {
        parts.push(format!("lead {}", leads.join(", ")));
    }
    if !supports.is_empty() {
        parts.push(format!("support {}", supports.join(", ")));
    }
    Some(format!("owner {}", parts.join(", ")))
}
