//! `plan status --format human`: the status as a table for people, grouped by owner (each
//! measure under its lead and its supporting units), then the sections and the totals.
//! Columns line up in a terminal: widths count East Asian characters as two.

use unicode_width::UnicodeWidthStr;

use super::{show, target_text, Link, Reason, Report, Status};
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
        col(Column::Note),
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
        for &(mi, link) in &owner.measures {
            let Some(m) = report.measures.get(mi) else {
                continue;
            };
            let Some(node) = model.nodes.get(m.node) else {
                continue;
            };
            let mark = match link {
                Link::Lead => Some(StatusMsg::Lead),
                Link::Support => Some(StatusMsg::Support),
                Link::Member => Some(StatusMsg::Member),
                Link::Shared => None,
            };
            let name = match (mark, lang) {
                (Some(mark), Lang::En) => format!("{} ({})", node.id, say(lang, mark)),
                (Some(mark), Lang::Zh) => format!("{}（{}）", node.id, say(lang, mark)),
                (None, _) => node.id.clone(),
            };
            // A member sees its own rows of the measure's per-member targets, and the
            // measure's status as those rows give it.
            let own = |i: &&super::Instance| {
                link != Link::Member
                    || owner
                        .owner
                        .and_then(|o| model.owners.get(o))
                        .is_some_and(|d| i.member.as_deref() == Some(d.id.as_str()))
            };
            let status = if link == Link::Member {
                m.targets.iter().filter(own).map(|i| i.status).max()
            } else {
                m.status
            };
            let mut row = vec![name];
            row.resize(7, String::new());
            row.push(word(lang, status));
            rows.push(row);
            for i in m.targets.iter().filter(own) {
                let Some(t) = model.targets.get(i.target) else {
                    continue;
                };
                let value = |v: Option<rust_decimal::Decimal>| {
                    v.map_or_else(String::new, |v| format!("{} {}", show(v, 2), i.unit))
                };
                let mut text = format!("  {}", target_text(model, t, lang));
                if let Some(member) = &i.member {
                    text.push_str(&match lang {
                        Lang::En => format!(" ({member})"),
                        Lang::Zh => format!("（{member}）"),
                    });
                }
                rows.push(vec![
                    String::new(),
                    text,
                    i.deadline.map_or_else(String::new, |d| d.to_string()),
                    value(i.actual_value),
                    i.actual
                        .as_ref()
                        .map_or_else(String::new, |a| a.at.to_string()),
                    value(i.expected),
                    i.completion.map_or_else(String::new, |c| show(c, 1)),
                    word(lang, Some(i.status)),
                    note(lang, i.reason),
                ]);
            }
        }
        // The note column only when a row has something to say in it.
        if !rows
            .iter()
            .skip(1)
            .any(|r| r.get(8).is_some_and(|n| !n.is_empty()))
        {
            if let Some(head) = rows.first_mut() {
                head.truncate(8);
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
                format!("{}{}", "  ".repeat(model.depth(s.node)), node.id),
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

/// Why a row has no comparison, or where its value came from; empty when it says nothing
/// the other columns do not.
pub fn note(lang: Lang, r: Reason) -> String {
    match r {
        Reason::Measured | Reason::NotOpen | Reason::NoActual => String::new(),
        _ => say(lang, StatusMsg::Note(r)),
    }
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
