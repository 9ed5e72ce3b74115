//! `plan status --format human`: the status as a table for people, grouped by owner (each
//! measure under its lead and its supporting units), then the sections and the totals.
//! Columns line up in a terminal: widths count East Asian characters as two.

use unicode_width::UnicodeWidthStr;

use super::{show, target_text, Report, Status};
use crate::i18n::{Column, Lang, Msg, StatusMsg};

fn say(lang: Lang, m: StatusMsg) -> String {
    lang.say(&Msg::Status(m))
}

fn word(lang: Lang, s: Option<Status>) -> String {
    s.map_or_else(|| "-".into(), |s| say(lang, StatusMsg::Word(s)))
}

/// The status of one plan as text.
pub fn render(report: &Report, lang: Lang) -> String {
    let model = report.model;
    let title = model
        .header
        .as_ref()
        .map_or_else(|| model.source.display_path(), |h| h.title.clone());
    let mut out = say(
        lang,
        StatusMsg::Title {
            title,
            as_of: report.as_of,
        },
    );
    out.push_str(&format!("  ({})\n", model.source.display_path()));
    let col = |c| say(lang, StatusMsg::Column(c));
    let heading = vec![
        col(Column::Measure),
        col(Column::Target),
        col(Column::Deadline),
        col(Column::Actual),
        col(Column::At),
        col(Column::Expected),
        col(Column::Completion),
        col(Column::Status),
    ];
    for owner in &report.owners {
        let name = match owner.owner.and_then(|o| model.owners.get(o)) {
            Some(o) => match &o.name {
                Some(full) => format!("{} {full}", o.id),
                None => o.id.clone(),
            },
            None => say(lang, StatusMsg::NoOwner),
        };
        out.push_str(&format!("\n{name} · {}\n", word(lang, owner.status)));
        let mut rows = vec![heading.clone()];
        for &(mi, lead) in &owner.measures {
            let Some(m) = report.measures.get(mi) else {
                continue;
            };
            let Some(node) = model.nodes.get(m.node) else {
                continue;
            };
            let mut name = node.id.clone();
            if lead {
                name = match lang {
                    Lang::En => format!("{name} ({})", say(lang, StatusMsg::Lead)),
                    Lang::Zh => format!("{name}（{}）", say(lang, StatusMsg::Lead)),
                };
            }
            let mut row = vec![name];
            row.resize(7, String::new());
            row.push(word(lang, m.status));
            rows.push(row);
            for i in &m.targets {
                let Some(t) = model.targets.get(i.target) else {
                    continue;
                };
                let value = |v: Option<rust_decimal::Decimal>| {
                    v.map_or_else(String::new, |v| format!("{} {}", show(v, 2), i.unit))
                };
                rows.push(vec![
                    String::new(),
                    format!("  {}", target_text(model, t)),
                    i.deadline.map_or_else(String::new, |d| d.to_string()),
                    value(i.actual_value),
                    i.actual
                        .as_ref()
                        .map_or_else(String::new, |a| a.at.to_string()),
                    value(i.expected),
                    i.completion.map_or_else(String::new, |c| show(c, 1)),
                    word(lang, Some(i.status)),
                ]);
            }
        }
        out.push_str(&grid(&rows));
    }
    let sections: Vec<Vec<String>> = report
        .sections
        .iter()
        .filter_map(|s| {
            let node = model.nodes.get(s.node)?;
            Some(vec![
                format!(
                    "{}{}",
                    "  ".repeat(node.path.len().saturating_sub(1)),
                    node.id
                ),
                node.title.clone().unwrap_or_default(),
                word(lang, s.status),
            ])
        })
        .collect();
    if !sections.is_empty() {
        let mut rows = vec![vec![
            col(Column::Section),
            String::new(),
            col(Column::Status),
        ]];
        rows.extend(sections);
        out.push('\n');
        out.push_str(&grid(&rows));
    }
    out.push('\n');
    out.push_str(&say(
        lang,
        StatusMsg::Totals {
            counts: report.counts(),
        },
    ));
    out.push('\n');
    out
}

/// Rows as columns padded to their widest cell, two spaces apart, each line indented.
fn grid(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            let w = widths.get(c).copied().unwrap_or(0);
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
