//! The report page: one self-contained HTML file (no script, no network) that a leader reads
//! at a glance — summary counts, the findings, and for every plan a timeline of deadlines
//! per owner (an SVG Gantt chart), progress bars where actuals are reported, and the
//! roll-ups of part metrics as stacked bars. Everything is drawn from the plan and the
//! `--today` date, so the same input gives the same bytes.

use chrono::NaiveDate;

use super::html::escape;
use super::written::Written;
use crate::diagnostic::Severity;
use crate::i18n::{figure, number, Lang, Msg, ReportWord as W};
use crate::model::{Bound, Model, NodeId};
use crate::number::{Number, Ratio};

use crate::syntax::ast::{Cmp, TargetKind};
use crate::Checked;

/// Chart geometry, in SVG user units (pixels on screen).
const WIDTH: i64 = 960;
const LABEL_W: i64 = 260;
const RIGHT_PAD: i64 = 20;
const ROW_H: i64 = 18;
const AXIS_H: i64 = 26;

/// The report page for checked files, in a language, with `today` as the date line.
pub fn render(files: &[Checked], lang: Lang, today: NaiveDate) -> String {
    let say = |w: W| lang.say(&Msg::Report(w));
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        escape(&say(W::Title))
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&say(W::Title))));
    out.push_str(&format!(
        "<p class=\"today\">{} {}</p>\n",
        escape(&say(W::Today)),
        today.format("%Y-%m-%d")
    ));
    summary(&mut out, files, lang, today);
    for checked in files {
        let Some(model) = checked.model.as_ref() else {
            continue;
        };
        let title = model
            .header
            .as_ref()
            .map(|h| h.title.clone())
            .unwrap_or_else(|| checked.source.display_path());
        out.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<p class=\"file\">{}</p>\n",
            escape(&title),
            escape(&checked.source.display_path())
        ));
        out.push_str(&format!("<h3>{}</h3>\n", escape(&say(W::Timeline))));
        out.push_str(&gantt(model, lang, today));
        let written = Written::new(model);
        progress(&mut out, model, &written, lang);
        rollups(&mut out, model, &written, lang);
        out.push_str("</section>\n");
    }
    // The findings last: the counts above say how many; the list is for the one who fixes.
    findings(&mut out, files, lang);
    out.push_str("</body>\n</html>\n");
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px auto; max-width: 980px; color: #222; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 0; border-bottom: 2px solid #c00; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.today, .file { color: #666; margin: 0 0 12px; font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 8px 14px; min-width: 96px; }
.card b { display: block; font-size: 26px; }
.card.bad b { color: #c00; }
.card.warn b { color: #b36b00; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
td.error { color: #c00; font-weight: bold; }
td.warning { color: #b36b00; font-weight: bold; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.none { color: #666; font-style: italic; }
@media print { body { margin: 0; max-width: none; } section { break-before: page; } }
"#;

fn summary(out: &mut String, files: &[Checked], lang: Lang, today: NaiveDate) {
    let say = |w: W| lang.say(&Msg::Report(w));
    let count = |s: Severity| {
        files
            .iter()
            .flat_map(|c| &c.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let models = files.iter().filter_map(|c| c.model.as_ref());
    let (mut measures, mut targets, mut overdue) = (0, 0, 0);
    for m in models {
        measures += m.measures().count();
        targets += m.targets.len();
        overdue += m
            .measures()
            .filter(|(_, n)| n.effective_deadline.is_some_and(|d| d < today))
            .count();
    }
    let cards = [
        (W::Files, files.len(), ""),
        (W::Measures, measures, ""),
        (W::Targets, targets, ""),
        (W::Errors, count(Severity::Error), "bad"),
        (W::Warnings, count(Severity::Warning), "warn"),
        (W::PastDeadline, overdue, "warn"),
    ];
    out.push_str("<div class=\"cards\">\n");
    for (word, n, class) in cards {
        let class = if n > 0 && !class.is_empty() {
            format!("card {class}")
        } else {
            "card".to_string()
        };
        out.push_str(&format!(
            "<div class=\"{class}\"><b>{n}</b>{}</div>\n",
            escape(&say(word))
        ));
    }
    out.push_str("</div>\n");
}

fn findings(out: &mut String, files: &[Checked], lang: Lang) {
    let say = |w: W| lang.say(&Msg::Report(w));
    out.push_str(&format!("<h3>{}</h3>\n", escape(&say(W::Findings))));
    let all: Vec<_> = files.iter().flat_map(|c| &c.diagnostics).collect();
    if all.is_empty() {
        out.push_str(&format!(
            "<p class=\"none\">{}</p>\n",
            escape(&say(W::NoFindings))
        ));
        return;
    }
    // Counts per code first, in code order: what kind of problem, how often.
    let mut codes: Vec<(crate::diagnostic::Code, usize)> = Vec::new();
    for d in &all {
        match codes.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => *n += 1,
            None => codes.push((d.code, 1)),
        }
    }
    codes.sort();
    let counts: Vec<String> = codes
        .iter()
        .map(|(c, n)| format!("<b>{c}</b> × {n}"))
        .collect();
    out.push_str(&format!("<p class=\"codes\">{}</p>\n", counts.join(" · ")));
    out.push_str(&format!(
        "<details>\n<summary>{}</summary>\n",
        escape(&say(W::AllFindings))
    ));
    out.push_str(&format!(
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(&say(W::Code)),
        escape(&say(W::Severity)),
        escape(&say(W::Place)),
        escape(&say(W::Message))
    ));
    for d in all {
        let (line, col) = d.location.source.line_col(d.location.span.start);
        let severity = match d.severity {
            Severity::Error => W::Error,
            Severity::Warning => W::Warning,
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}:{line}:{col}</td><td>{}</td></tr>\n",
            d.code,
            d.severity.as_str(),
            escape(&say(severity)),
            escape(&d.location.source.display_path()),
            escape(&lang.say(&d.message))
        ));
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
}

/// The owner lanes of a plan: (lane name, its measures in source order); measures are in
/// the lane of their lead owner, those without an owner in a last lane.
fn lanes(model: &Model, lang: Lang) -> Vec<(String, Vec<NodeId>)> {
    let mut lanes: Vec<(String, Vec<NodeId>)> = Vec::new();
    let mut orphans = Vec::new();
    for (id, _) in model.measures() {
        let lead = model
            .effective_owner_refs(id)
            .first()
            .and_then(|&r| model.owner_refs.get(r))
            .and_then(|r| r.resolved)
            .and_then(|o| model.owners.get(o))
            .map(|o| o.id.clone());
        match lead {
            Some(name) => match lanes.iter_mut().find(|(n, _)| *n == name) {
                Some((_, ids)) => ids.push(id),
                None => lanes.push((name, vec![id])),
            },
            None => orphans.push(id),
        }
    }
    if !orphans.is_empty() {
        lanes.push((lang.say(&Msg::Report(W::NoOwner)), orphans));
    }
    lanes
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The timeline: one lane per owner, one bar per measure from the period's start to its
/// deadline, milestones as diamonds, and a red line at today.
fn gantt(model: &Model, lang: Lang, today: NaiveDate) -> String {
    let say = |w: W| lang.say(&Msg::Report(w));
    let deadlines = model.measures().filter_map(|(_, n)| n.effective_deadline);
    let (start, end) = match model.period() {
        Some(p) => (p.start, p.end),
        None => {
            let all: Vec<NaiveDate> = deadlines.collect();
            match (all.iter().min(), all.iter().max()) {
                (Some(&a), Some(&b)) => (a, b),
                _ => {
                    return format!("<p class=\"none\">{}</p>\n", escape(&say(W::NoDeadlines)));
                }
            }
        }
    };
    // Deadlines past the period (D201 findings) still get a bar: the axis stretches.
    let end = model
        .measures()
        .filter_map(|(_, n)| n.effective_deadline)
        .chain(model.milestones.iter().filter_map(|m| m.when.date))
        .fold(end, NaiveDate::max);
    let days = (end - start).num_days().max(1);
    let chart_w = WIDTH - LABEL_W - RIGHT_PAD;
    let x = |d: NaiveDate| LABEL_W + ((d - start).num_days().clamp(0, days) * chart_w) / days;
    let lanes = lanes(model, lang);
    let rows: i64 = lanes.iter().map(|(_, ids)| ids.len() as i64 + 1).sum();
    let height = AXIS_H + rows * ROW_H + 8;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">\n",
        escape(&say(W::Timeline))
    );
    // The axis: month ticks for a period of up to 18 months, else year ticks.
    let months = (end - start).num_days() / 30;
    let mut tick = start;
    while tick <= end {
        let tx = x(tick);
        let label = if months <= 18 {
            tick.format("%Y-%m").to_string()
        } else {
            tick.format("%Y").to_string()
        };
        svg.push_str(&format!(
            "<line x1=\"{tx}\" y1=\"{}\" x2=\"{tx}\" y2=\"{}\" stroke=\"#ddd\"/>\n<text x=\"{tx}\" y=\"14\" font-size=\"11\" fill=\"#555\">{label}</text>\n",
            AXIS_H - 6,
            height - 4
        ));
        tick = next_tick(tick, months <= 18);
    }
    let mut y = AXIS_H;
    for (lane, ids) in &lanes {
        svg.push_str(&format!(
            "<rect x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{ROW_H}\" fill=\"#f0f0f0\"/>\n<text x=\"4\" y=\"{}\" font-size=\"12\" font-weight=\"bold\">{}</text>\n",
            y + 13,
            escape(lane)
        ));
        y += ROW_H;
        for &id in ids {
            let Some(node) = model.nodes.get(id) else {
                continue;
            };
            let name = node.title.as_deref().unwrap_or(&node.id);
            svg.push_str(&format!(
                "<text x=\"14\" y=\"{}\" font-size=\"11\"><title>{}</title>{}</text>\n",
                y + 13,
                escape(name),
                escape(&clip(name, 20))
            ));
            if let Some(deadline) = node.effective_deadline {
                let from = node
                    .deadline_from
                    .and_then(|n| model.nodes.get(n))
                    .and_then(|n| n.deadline.as_ref())
                    .and_then(|d| d.from)
                    .unwrap_or(start);
                let (x0, x1) = (x(from), x(deadline));
                let colour = if deadline < today {
                    "#c0504d"
                } else {
                    "#4f81bd"
                };
                svg.push_str(&format!(
                    "<rect x=\"{x0}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" rx=\"2\"><title>{} {}</title></rect>\n",
                    y + 4,
                    (x1 - x0).max(2),
                    ROW_H - 8,
                    escape(name),
                    deadline.format("%Y-%m-%d")
                ));
            }
            for m in model.milestones.iter().filter(|m| m.node == id) {
                if let Some(d) = m.when.date {
                    let (mx, my) = (x(d), y + ROW_H / 2);
                    svg.push_str(&format!(
                        "<polygon points=\"{mx},{} {},{my} {mx},{} {},{my}\" fill=\"#f2c314\" stroke=\"#7a5f00\"><title>{} {}</title></polygon>\n",
                        my - 6,
                        mx + 6,
                        my + 6,
                        mx - 6,
                        escape(&m.title),
                        d.format("%Y-%m-%d")
                    ));
                }
            }
            y += ROW_H;
        }
    }
    if (start..=end).contains(&today) {
        let tx = x(today);
        svg.push_str(&format!(
            "<line x1=\"{tx}\" y1=\"{}\" x2=\"{tx}\" y2=\"{}\" stroke=\"#d00\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#d00\">{}</text>\n",
            AXIS_H - 8,
            height - 4,
            tx + 3,
            AXIS_H - 2,
            escape(&say(W::TodayMark))
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

/// The first day of the next month (or year).
fn next_tick(d: NaiveDate, monthly: bool) -> NaiveDate {
    use chrono::Datelike;
    let (y, m) = if monthly {
        if d.month() == 12 {
            (d.year() + 1, 1)
        } else {
            (d.year(), d.month() + 1)
        }
    } else {
        (d.year() + 1, 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
}

/// A horizontal bar: `parts` are (value, label, colour) laid side by side on a scale of
/// `full`, which spans the bar's width.
fn bar(parts: &[(f64, String, &str)], full: f64, caption: &str) -> String {
    const W_BAR: f64 = 600.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} 28\" width=\"{}\" height=\"28\">\n<rect x=\"0\" y=\"4\" width=\"{W_BAR}\" height=\"20\" fill=\"#eee\"/>\n",
        W_BAR as i64 + 340,
        W_BAR as i64 + 340
    );
    let mut x0 = 0.0;
    for (value, label, colour) in parts {
        let w = if full > 0.0 {
            (value / full * W_BAR).clamp(0.0, W_BAR - x0)
        } else {
            0.0
        };
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"4\" width=\"{:.1}\" height=\"20\" fill=\"{colour}\" stroke=\"#fff\"><title>{}</title></rect>\n",
            x0,
            w,
            escape(label)
        ));
        // A Chinese character is about 11 units wide at this size: clip to what fits.
        if w > 24.0 {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"18\" font-size=\"11\" fill=\"#fff\" text-anchor=\"middle\">{}</text>\n",
                x0 + w / 2.0,
                escape(&clip(label, (w / 12.0) as usize))
            ));
        }
        x0 += w;
    }
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"18\" font-size=\"12\">{}</text>\n</svg>\n",
        W_BAR as i64 + 8,
        escape(caption)
    ));
    svg
}

/// The value of a level target in base units, for the `>=`, `>`, `=` and `~` targets that
/// a reported value can be measured against.
fn level_goal(model: &Model, t: &crate::model::TargetInfo) -> Option<Ratio> {
    if t.kind != TargetKind::Level {
        return None;
    }
    let factor = model.unit(t.unit)?.factor;
    match t.bound {
        Bound::Cmp {
            cmp: Cmp::Ge | Cmp::Gt | Cmp::Eq | Cmp::About,
            value,
        } => factor.scale(value),
        Bound::Range { low, .. } => factor.scale(low),
        _ => None,
    }
}

/// A level target's figure as the plan wrote it (the low end of a range), or — in another
/// unit than the one shown — the value converted, which the plan did not write.
fn shown(
    model: &Model,
    written: &Written,
    t: &crate::model::TargetInfo,
    value: Ratio,
    unit: crate::model::UnitRefId,
) -> String {
    let same_unit =
        model.unit_refs.get(t.unit).map(|u| &u.name) == model.unit_refs.get(unit).map(|u| &u.name);
    let as_written = written.target(t).map(|line| match &line.bound {
        crate::syntax::ast::Bound::Cmp { value, .. } => written.figure(value).digits,
        crate::syntax::ast::Bound::Range { low, .. } => written.figure(low).digits,
    });
    match as_written {
        Some(digits) if same_unit => digits,
        _ => figure(
            model
                .unit(unit)
                .and_then(|u| value.checked_div(u.factor))
                .unwrap_or(value),
        ),
    }
}

/// Progress of every level target whose metric has a reported `actual`: the latest actual
/// against the target.
fn progress(out: &mut String, model: &Model, written: &Written, lang: Lang) {
    let say = |w: W| lang.say(&Msg::Report(w));
    let mut bars = String::new();
    for t in &model.targets {
        let Some(goal) = level_goal(model, t).filter(|g| g.is_positive()) else {
            continue;
        };
        let latest = model
            .observations_of(t.metric)
            .filter(|o| o.actual)
            .max_by_key(|o| o.at);
        let Some(actual) = latest else { continue };
        let Some(factor) = model.unit(actual.unit).map(|u| u.factor) else {
            continue;
        };
        let Some(done) = factor.scale(actual.value) else {
            continue;
        };
        let Some(share) = done.checked_div(goal) else {
            continue;
        };
        let metric = model.metrics.get(t.metric).map_or("", |m| m.id.as_str());
        let unit = model.unit_refs.get(t.unit).map_or("", |u| &*u.name);
        let unit_factor = model.unit(t.unit).map_or(Ratio::ONE, |u| u.factor);
        let per_cent = share
            .scale(Number::HUNDRED)
            .and_then(Ratio::to_number)
            .map_or_else(String::new, |p| number(p.round_dp(1)));
        let caption = format!(
            "{metric}: {} / {}{unit} ({per_cent}%{})",
            figure(done.checked_div(unit_factor).unwrap_or(done)),
            shown(model, written, t, goal, t.unit),
            actual
                .at
                .map(|d| format!(", {}", d.format("%Y-%m-%d")))
                .unwrap_or_default()
        );
        let colour = if share >= Ratio::ONE {
            "#2e8b57"
        } else {
            "#4f81bd"
        };
        // Drawing is in floating point: a pixel is no figure of the plan.
        bars.push_str(&bar(
            &[(done.to_f64(), say(W::Reported), colour)],
            goal.to_f64(),
            &caption,
        ));
    }
    if !bars.is_empty() {
        out.push_str(&format!("<h3>{}</h3>\n", escape(&say(W::Progress))));
        out.push_str(&bars);
    }
}

/// For every metric with parts, its target beside its parts' targets, stacked: 350 = 200 +
/// 50 + 50 + 30 + 20.
fn rollups(out: &mut String, model: &Model, written: &Written, lang: Lang) {
    const COLOURS: [&str; 6] = [
        "#4f81bd", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#c0504d",
    ];
    let say = |w: W| lang.say(&Msg::Report(w));
    let mut bars = String::new();
    for (whole, info) in model.metrics.iter().enumerate() {
        let parts: Vec<usize> = model
            .metrics
            .iter()
            .enumerate()
            .filter(|(_, m)| m.part_of.as_ref().and_then(|p| p.whole) == Some(whole))
            .map(|(i, _)| i)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let first_goal = |metric: usize| {
            model
                .targets_of(metric)
                .find_map(|t| level_goal(model, t).map(|g| (g, t)))
        };
        let Some((goal, whole_target)) = first_goal(whole) else {
            continue;
        };
        let unit = whole_target.unit;
        let unit_name = model.unit_refs.get(unit).map_or("", |u| &*u.name);
        let mut segments = Vec::new();
        let mut terms = Vec::new();
        let mut sum = Some(Ratio::from(Number::ZERO));
        for (i, &p) in parts.iter().enumerate() {
            let Some((value, part)) = first_goal(p) else {
                continue;
            };
            sum = sum.and_then(|s| s.checked_add(value));
            let name = model.metrics.get(p).map_or("", |m| m.id.as_str());
            let figure = shown(model, written, part, value, unit);
            terms.push(figure.clone());
            segments.push((
                value.to_f64(),
                format!("{name} {figure}{unit_name}"),
                COLOURS.get(i % COLOURS.len()).copied().unwrap_or("#888"),
            ));
        }
        if segments.is_empty() {
            continue;
        }
        let Some(sum) = sum else {
            continue;
        };
        // Exact: parts of 0.1 and 0.2 fill a whole of 0.3.
        let relation = match sum.cmp(&goal) {
            std::cmp::Ordering::Equal => "=",
            std::cmp::Ordering::Less => "≥",
            std::cmp::Ordering::Greater => "<",
        };
        let caption = format!(
            "{} {}{unit_name} {relation} {}",
            info.id,
            shown(model, written, whole_target, goal, unit),
            terms.join(" + ")
        );
        bars.push_str(&bar(&segments, goal.max(sum).to_f64(), &caption));
    }
    if !bars.is_empty() {
        out.push_str(&format!("<h3>{}</h3>\n", escape(&say(W::Rollups))));
        out.push_str(&bars);
    }
}
