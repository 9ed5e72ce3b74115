//! `plan ledger FILE -o ledger.xlsx`: the 台账 workbook (rust_xlsxwriter).
//!
//! - the detail sheet (明细): one row per target line with the columns of [`COLUMNS`], then
//!   one input column per reporting period (yellow, decimal validation) for the units;
//!   frozen header and key columns, an autofilter (filter by owner, status, …), column
//!   widths measured in display width (a Chinese character is two), statuses filled in
//!   colour;
//! - the summary sheet (汇总): targets counted by owner × status;
//! - a hidden sheet naming the plan, for `--read`.
//!
//! Status, latest actual and completion are those of the target's current stretch (the
//! last one that has started) on the as-of date.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Note, Workbook, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::{heading, periods, sheet_name, COLUMNS, PLAN_SHEET};
use crate::i18n::{Column, Lang, Msg, Sheet, StatusMsg};
use crate::model::{Model, Role};
use crate::status::{self, Actuals, Instance, Status};

/// The fill of each status: green done, blue on track, amber behind, red overdue, grey
/// no report, white not started.
fn fill(s: Status) -> u32 {
    match s {
        Status::Done => 0xC6EFCE,
        Status::OnTrack => 0xDDEBF7,
        Status::Behind => 0xFFEB9C,
        Status::Overdue => 0xFFC7CE,
        Status::NoReport => 0xE7E6E6,
        Status::NotStarted => 0xFFFFFF,
    }
}

/// The fill of the cells units type into.
const INPUT: u32 = 0xFFF2CC;

/// One row of the detail sheet.
struct Row {
    cells: Vec<Cell>,
    status: Option<Status>,
    /// Why the status could not be measured (no baseline, a window not in whole years …),
    /// shown as a note on the status cell; empty when it was.
    why: String,
    owners: Vec<(String, bool)>,
}

enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn width(&self) -> usize {
        match self {
            Cell::Text(t) => t.width(),
            Cell::Number(n) => format!("{n}").len(),
            Cell::Empty => 0,
        }
    }
}

/// The workbook of a plan on `as_of`, from `actuals` (the plan's own, and those of the
/// files that report on it), as bytes.
pub fn workbook(
    model: &Model,
    actuals: &Actuals,
    plan_path: &str,
    as_of: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let report = status::compute(model, actuals, as_of);
    let periods = periods(model);
    let rows = rows(model, &report, lang, as_of);

    let mut book = Workbook::new();
    // 宋体 (SimSun) is the face a Chinese office's sheets are set in; any other office
    // suite substitutes its own CJK face for it. Cells wrap and centre vertically, so a long
    // owner list or section title grows its row instead of running under the next column.
    let base = || {
        Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
    };
    let header = base()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9D9D9));
    let input = base().set_background_color(Color::RGB(INPUT));
    let plain = base();
    let text = base().set_text_wrap();
    let number = base().set_num_format("0.####");
    let centred = base().set_align(FormatAlign::Center);

    // ── the detail sheet ──
    let detail = book.add_worksheet();
    detail.set_name(sheet_name(lang, Sheet::Detail))?;
    let mut widths: Vec<usize> = Vec::new();
    let mut note_width = |col: usize, w: usize| {
        if widths.len() <= col {
            widths.resize(col + 1, 0);
        }
        if let Some(slot) = widths.get_mut(col) {
            *slot = (*slot).max(w);
        }
    };
    let headings: Vec<String> = COLUMNS
        .iter()
        .map(|c| heading(lang, *c))
        .chain(periods.iter().cloned())
        .collect();
    for (c, h) in headings.iter().enumerate() {
        detail.write_string_with_format(0, c as u16, h, &header)?;
        note_width(c, h.width());
    }
    let status_col = COLUMNS.len() - 1;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.cells.iter().enumerate() {
            let format = match (c == status_col, row.status, cell) {
                (true, Some(s), _) => centred.clone().set_background_color(Color::RGB(fill(s))),
                (_, _, Cell::Number(_)) if c == 0 => centred.clone(),
                (_, _, Cell::Number(_)) => number.clone(),
                (_, _, Cell::Text(_)) if WRAPPED.contains(&c) => text.clone(),
                _ => plain.clone(),
            };
            match cell {
                Cell::Text(t) => detail.write_string_with_format(r, c as u16, t, &format)?,
                Cell::Number(n) => detail.write_number_with_format(r, c as u16, *n, &format)?,
                Cell::Empty => detail.write_blank(r, c as u16, &format)?,
            };
            note_width(c, cell.width());
        }
        if !row.why.is_empty() {
            let note = Note::new(&row.why).add_author_prefix(false);
            detail.insert_note(r, status_col as u16, &note)?;
        }
        for p in 0..periods.len() {
            detail.write_blank(r, (COLUMNS.len() + p) as u16, &input)?;
        }
    }
    let last_row = rows.len() as u32;
    let last_col = (headings.len().max(1) - 1) as u16;
    if !periods.is_empty() && !rows.is_empty() {
        let validation = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_title(heading(lang, Column::Actual))?
            .set_input_message(heading(lang, Column::Unit))?;
        detail.add_data_validation(1, COLUMNS.len() as u16, last_row, last_col, &validation)?;
    }
    detail.autofilter(0, 0, last_row, last_col)?;
    // The header and the measure column stay in view while scrolling.
    detail.set_freeze_panes(1, 3)?;
    for (c, w) in widths.iter().enumerate() {
        // Wrapped columns stop at a width that leaves room for the rest on a landscape page.
        let w = if WRAPPED.contains(&c) {
            (*w).min(WRAP_AT)
        } else {
            *w
        };
        detail.set_column_width(c as u16, column_width(w))?;
    }
    detail.set_row_height(0, 30)?;
    // A row as tall as its longest wrapped cell: office suites keep a written file's row
    // heights rather than fit them to wrapped text, so the height is set here.
    // Every row gets one, so that one-line rows have the same room as the others.
    for (r, row) in rows.iter().enumerate() {
        let lines = WRAPPED
            .iter()
            .filter_map(|&c| {
                let cell = row.cells.get(c)?;
                let room = widths.get(c).copied().unwrap_or(1).min(WRAP_AT);
                // A column of width w (in digits) holds about w − 1 display columns.
                let holds = (column_width(room) - 1.0).floor().max(1.0) as usize;
                Some(cell.width().div_ceil(holds))
            })
            .max()
            .unwrap_or(1)
            .max(1);
        detail.set_row_height(r as u32 + 1, LINE_HEIGHT * lines as f64)?;
    }
    let title = model
        .header
        .as_ref()
        .map_or_else(|| plan_path.to_string(), |h| h.title.clone());
    print_setup(detail, &title, lang)?;

    // ── the summary sheet: targets by owner × status ──
    let summary = book.add_worksheet();
    summary.set_name(sheet_name(lang, Sheet::Summary))?;
    let heading_format = Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold();
    summary.write_string_with_format(
        0,
        0,
        lang.say(&Msg::Status(StatusMsg::Title {
            title: title.clone(),
            as_of,
        })),
        &heading_format,
    )?;
    let mut owners: Vec<String> = Vec::new();
    let mut counts: Vec<[usize; 6]> = Vec::new();
    let mut totals = [0usize; 6];
    for row in &rows {
        let Some(s) = row.status else { continue };
        let k = Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
        if let Some(t) = totals.get_mut(k) {
            *t += 1;
        }
        let names: Vec<String> = if row.owners.is_empty() {
            vec![lang.say(&Msg::Status(StatusMsg::NoOwner))]
        } else {
            row.owners.iter().map(|(o, _)| o.clone()).collect()
        };
        for name in names {
            let i = match owners.iter().position(|o| *o == name) {
                Some(i) => i,
                None => {
                    owners.push(name);
                    counts.push([0; 6]);
                    owners.len() - 1
                }
            };
            if let Some(c) = counts.get_mut(i).and_then(|c| c.get_mut(k)) {
                *c += 1;
            }
        }
    }
    let mut head = vec![heading(lang, Column::Owner)];
    head.extend(
        Status::ALL
            .iter()
            .map(|s| lang.say(&Msg::Status(StatusMsg::Word(*s)))),
    );
    head.push(heading(lang, Column::Total));
    let mut first_width = head.first().map_or(0, |h| h.width());
    for (c, h) in head.iter().enumerate() {
        let format = match Status::ALL.get(c.wrapping_sub(1)) {
            Some(s) if c > 0 => header.clone().set_background_color(Color::RGB(fill(*s))),
            _ => header.clone(),
        };
        summary.write_string_with_format(2, c as u16, h, &format)?;
    }
    let lines = owners
        .iter()
        .zip(&counts)
        .map(|(o, c)| (o.clone(), *c))
        .chain(std::iter::once((heading(lang, Column::Total), totals)));
    for (r, (name, c)) in lines.enumerate() {
        let r = r as u32 + 3;
        first_width = first_width.max(name.width());
        summary.write_string_with_format(r, 0, &name, &plain)?;
        for (k, n) in c.iter().enumerate() {
            summary.write_number_with_format(r, k as u16 + 1, *n as f64, &plain)?;
        }
        summary.write_number_with_format(r, 7, c.iter().sum::<usize>() as f64, &plain)?;
    }
    summary.set_column_width(0, column_width(first_width))?;
    for c in 1..8u16 {
        let w = head.get(c as usize).map_or(0, |h| h.width());
        summary.set_column_width(c, column_width(w).max(9.0))?;
    }
    print_setup(summary, &title, lang)?;

    // ── the plan this ledger belongs to, for `--read` ──
    let hidden = book.add_worksheet();
    hidden.set_name(PLAN_SHEET)?;
    hidden.write_string(0, 0, "plan")?;
    hidden.write_string(0, 1, plan_path)?;
    hidden.write_string(1, 0, "as_of")?;
    hidden.write_string(1, 1, as_of.to_string())?;
    hidden.set_hidden(true);

    book.save_to_buffer()
}

/// A row of the detail sheet: a target line, and the member for an `each` target.
type Key<'a> = (usize, Option<&'a str>);

/// The face every cell is set in.
const FONT: &str = "宋体";

/// The detail columns whose text wraps (section, measure, owners, metric, target): the
/// others are short (numbers, dates, units, statuses).
const WRAPPED: [usize; 5] = [1, 2, 3, 4, 5];

/// The display width (a Chinese character is two) at which a wrapped column stops growing.
const WRAP_AT: usize = 30;

/// The height of one line of 11 pt text, in points, with room above and below.
const LINE_HEIGHT: f64 = 18.0;

/// How a sheet prints: A4 landscape, one page wide, the header row on every page, the
/// plan's title above and the page number below.
fn print_setup(
    sheet: &mut rust_xlsxwriter::Worksheet,
    title: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    // `&` starts a code in a header: a title's own ampersands are doubled.
    sheet.set_header(format!("&C&\"{FONT},Bold\"&12{}", title.replace('&', "&&")));
    sheet.set_footer(match lang {
        Lang::Zh => "&C第 &P 页，共 &N 页",
        Lang::En => "&CPage &P of &N",
    });
    Ok(())
}

/// A column's width in Excel's units (one is the width of a digit) for text of a display
/// width: a little room, within reason.
fn column_width(display: usize) -> f64 {
    (display as f64 * 1.1 + 2.0).clamp(6.0, 60.0)
}

/// The detail rows: every target line of every measure, in source order.
fn rows(model: &Model, report: &status::Report, lang: Lang, as_of: NaiveDate) -> Vec<Row> {
    let mut out = Vec::new();
    for m in &report.measures {
        let Some(node) = model.nodes.get(m.node) else {
            continue;
        };
        let listed = model.owners_of(m.node);
        let owners: Vec<(String, bool)> = listed
            .iter()
            .filter_map(|(o, role)| {
                let id = model.owners.get(*o)?.id.clone();
                Some((id, *role == Some(Role::Lead)))
            })
            .collect();
        // 牵头 and 配合 as the document says them; names with no role (按职责分工负责,
        // or carried by `also`) stand bare.
        let owner_text = listed
            .iter()
            .filter_map(|(o, role)| {
                let id = &model.owners.get(*o)?.id;
                let mark = match role {
                    Some(Role::Lead) => StatusMsg::Lead,
                    Some(Role::Support) => StatusMsg::Support,
                    None => return Some(id.clone()),
                };
                let mark = lang.say(&Msg::Status(mark));
                Some(match lang {
                    Lang::Zh => format!("{id}（{mark}）"),
                    Lang::En => format!("{id} ({mark})"),
                })
            })
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "、" } else { ", " });
        let section = model
            .path(m.node)
            .split_last()
            .map(|(_, up)| up.join(" / "))
            .unwrap_or_default();
        // The stretches of each target line (of each member, for `each`), grouped.
        let mut lines: Vec<(Key, Vec<&Instance>)> = Vec::new();
        for i in &m.targets {
            let key = (i.target, i.member.as_deref());
            match lines.last_mut() {
                Some((k, list)) if *k == key => list.push(i),
                _ => lines.push((key, vec![i])),
            }
        }
        for ((t, member), stretches) in lines {
            let Some(target) = model.targets.get(t) else {
                continue;
            };
            let Some(current) = stretches
                .iter()
                .rev()
                .find(|i| i.start <= as_of)
                .or(stretches.first())
            else {
                continue;
            };
            let text = status::target_text(model, target, lang);
            let metric = model
                .metrics
                .get(target.metric)
                .map_or_else(String::new, |m| m.id.clone());
            // The metric has its own column: the target cell is the rest (`力争 > 300 家`).
            let bound = text
                .replacen(&format!("{metric} "), "", 1)
                .trim()
                .to_string();
            let number = |v: Option<rust_decimal::Decimal>| {
                v.and_then(|v| v.round_dp(4).to_f64())
                    .map_or(Cell::Empty, Cell::Number)
            };
            out.push(Row {
                cells: vec![
                    Cell::Number((out.len() + 1) as f64),
                    Cell::Text(section.clone()),
                    Cell::Text(node.id.clone()),
                    // A member's row names the member: it is who fills it in.
                    Cell::Text(member.map_or_else(|| owner_text.clone(), str::to_string)),
                    Cell::Text(metric),
                    Cell::Text(bound),
                    Cell::Text(current.unit.clone()),
                    current
                        .deadline
                        .map_or(Cell::Empty, |d| Cell::Text(d.to_string())),
                    number(current.baseline.as_ref().and(current.from)),
                    number(current.actual_value),
                    current
                        .actual
                        .as_ref()
                        .map_or(Cell::Empty, |a| Cell::Text(a.at.to_string())),
                    number(current.completion.map(|c| c.round_dp(1))),
                    Cell::Text(lang.say(&Msg::Status(StatusMsg::Word(current.status)))),
                ],
                status: Some(current.status),
                why: status::table::note(lang, current.reason),
                owners: match member {
                    Some(m) => vec![(m.to_string(), false)],
                    None => owners.clone(),
                },
            });
        }
    }
    out
}
