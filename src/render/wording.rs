//! Targets and dates in the documents' own wording: 确保粮食总产量达到42万吨,
//! 力争规上旅游企业超过300家, 2021—2023年累计固定资产投资达到6800亿元以上, 各县区政府县级重点项目均达到
//! 50个, 床位年均增长10%以上; deadlines as 6月底前 / 年底前 / 一季度. Numbers are the
//! plan's own digits (see [`Written::figure`]), never a float printed back.

use chrono::{Datelike, NaiveDate};

use super::written::{Figure, Written};
use crate::dates::{Every, Period};
use crate::model::{Bound, Model, Repeat, TargetInfo};
use crate::syntax::ast::{self, Cmp, TargetKind};

/// What a target's clause needs to know of the plan around it.
pub struct Context<'a> {
    pub model: &'a Model,
    pub written: &'a Written<'a>,
    /// The plan period: a target window equal to it is not repeated in the clause.
    pub period: Option<Period>,
    /// The year the plan is about: dates in it are written without their year.
    pub home_year: Option<i32>,
}

/// The bound of a target with its numbers as written.
enum Asked {
    Cmp(Cmp, Figure),
    Range(Figure, Figure),
}

impl Context<'_> {
    fn asked(&self, t: &TargetInfo) -> Asked {
        match self.written.target(t).map(|a| &a.bound) {
            Some(ast::Bound::Cmp { cmp, value, .. }) => {
                Asked::Cmp(*cmp, self.written.figure(value))
            }
            Some(ast::Bound::Range { low, high }) => {
                Asked::Range(self.written.figure(low), self.written.figure(high))
            }
            // Every target of the model has its line; the values are the fallback.
            None => match t.bound {
                Bound::Cmp { cmp, value } => Asked::Cmp(cmp, fallback(value)),
                Bound::Range { low, high } => Asked::Range(fallback(low), fallback(high)),
            },
        }
    }

    /// The metric as the document names it: its title, else for a share `A占B比重`, else its id.
    fn metric(&self, t: &TargetInfo) -> String {
        let Some(m) = self.model.metrics.get(t.metric) else {
            return String::new();
        };
        if let Some(title) = &m.title {
            return title.clone();
        }
        match &m.ratio {
            Some(r) if !m.id.contains('占') => {
                format!("{}占{}比重", r.numerator, r.denominator)
            }
            _ => m.id.clone(),
        }
    }

    /// A target as a clause in the documents' wording.
    pub fn target_clause(&self, t: &TargetInfo) -> String {
        let metric = self.metric(t);
        let unit = self
            .model
            .unit_refs
            .get(t.unit)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let firm = match t.firm {
            Some(true) => "确保",
            Some(false) => "力争",
            None => "",
        };
        // The target's own window, when it is not the plan period (全年 in an H2 plan).
        let window = t.window().filter(|w| Some(*w) != self.period);
        let cumulative = t.repeat == Some(Repeat::Cumulative);
        let span = match (window, cumulative) {
            // 全年新培育规模以上工业企业: the metric's name already says its window.
            (Some(w), _)
                if metric.starts_with(&period_phrase(w, self.home_year))
                    || starts_with_a_stretch(&metric) =>
            {
                String::new()
            }
            (Some(w), _) => period_phrase(w, self.home_year),
            // A cumulative target sums from the period's start to its deadline.
            (None, true) => match (self.period, t.deadline) {
                (Some(p), Some(end)) if p.start.year() != end.year() => {
                    format!("{}—{}年", p.start.year(), end.year())
                }
                _ => String::new(),
            },
            (None, false) => String::new(),
        };
        let every = match t.repeat {
            Some(Repeat::Per(Every::Year)) => "每年",
            Some(Repeat::Per(Every::Quarter)) => "每季度",
            Some(Repeat::Per(Every::Month)) => "每月",
            // 下半年开工项目279个: a metric named after its stretch sums over it already.
            Some(Repeat::Cumulative) if span.is_empty() && starts_with_a_stretch(&metric) => "",
            Some(Repeat::Cumulative) => "累计",
            None => "",
        };
        let group = t.each.as_ref().map(|e| e.name.clone()).unwrap_or_default();
        let phrase = self.phrase(t, &metric, &unit);
        // 各县区政府县级重点项目均达到50个: the value holds for each member.
        let each = if group.is_empty() { "" } else { "均" };
        format!("{firm}{span}{group}{every}{metric}{each}{phrase}")
    }

    /// Whether `prose` already states the target's figure in its unit (`100家`, `5%至6%`):
    /// the document's own sentence says it, better than a generated one would.
    pub fn said_in(&self, t: &TargetInfo, prose: &str) -> bool {
        let unit = self
            .model
            .unit_refs
            .get(t.unit)
            .map(|u| u.name.replace('％', "%"))
            .unwrap_or_default();
        match self.asked(t) {
            Asked::Cmp(_, v) if is_zero(&v) => said_as_direction(prose, &self.metric(t)),
            Asked::Cmp(_, v) => stands_in(prose, &format!("{}{unit}", v.digits)),
            Asked::Range(low, high) => {
                stands_in(prose, &format!("{}{unit}", high.digits)) && prose.contains(&low.digits)
            }
        }
    }

    /// The quantities of a target as a sentence writes them (`10亿元`; a range's `5%`, `6%`).
    pub fn quantities(&self, t: &TargetInfo) -> Vec<String> {
        let unit = self
            .model
            .unit_refs
            .get(t.unit)
            .map(|u| u.name.replace('％', "%"))
            .unwrap_or_default();
        match self.asked(t) {
            Asked::Cmp(_, v) => vec![format!("{}{unit}", v.digits)],
            Asked::Range(low, high) => vec![
                format!("{}{unit}", high.digits),
                format!("{}{unit}", low.digits),
            ],
        }
    }

    /// What the target asks, after the metric: 达到42万吨以上, 增长6%左右, 提高5个百分点.
    fn phrase(&self, t: &TargetInfo, metric: &str, unit: &str) -> String {
        let asked = self.asked(t);
        match t.kind {
            TargetKind::Level => match asked {
                Asked::Range(low, high) => {
                    format!("保持在{}至{}{unit}", signed(&low), signed(&high))
                }
                // 制毒制麻案件保持为零: nothing to reach, a zero to keep.
                Asked::Cmp(Cmp::Eq | Cmp::Le | Cmp::About, v) if is_zero(&v) && !v.negative => {
                    "保持为零".to_string()
                }
                Asked::Cmp(cmp, v) => {
                    let v = format!("{}{unit}", signed(&v));
                    match cmp {
                        Cmp::Ge => format!("达到{v}以上"),
                        Cmp::Gt => format!("超过{v}"),
                        Cmp::Le => format!("控制在{v}以内"),
                        Cmp::Lt => format!("低于{v}"),
                        Cmp::Eq => format!("达到{v}"),
                        Cmp::About => format!("达到{v}左右"),
                    }
                }
            },
            TargetKind::Growth => {
                let up = if t.average { "年均增长" } else { "增长" };
                let down = if t.average { "年均下降" } else { "下降" };
                moved(asked, up, down, "%")
            }
            TargetKind::Change => {
                let points = unit == "个百分点" || unit == "pp";
                let (up, down) = if points {
                    ("提高", "下降")
                } else {
                    ("新增", "减少")
                };
                // 新增配套企业 + 新增30家: the metric already says the verb.
                let up = if metric.starts_with(up) { "" } else { up };
                let down = if metric.starts_with(down) { "" } else { down };
                moved(asked, up, down, unit)
            }
        }
    }
}

/// Whether `quantity` (`10个`) stands in `prose` as a number of its own: not the tail of
/// another (`110个`, `0.10个`).
fn stands_in(prose: &str, quantity: &str) -> bool {
    prose.match_indices(quantity).any(|(at, _)| {
        !prose
            .get(..at)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
    })
}

/// Words that name a stretch of time at the head of a metric's name.
fn starts_with_a_stretch(metric: &str) -> bool {
    const STRETCHES: [&str; 10] = [
        "全年",
        "年内",
        "年度",
        "上半年",
        "下半年",
        "一季度",
        "二季度",
        "三季度",
        "四季度",
        "当年",
    ];
    STRETCHES.iter().any(|s| metric.starts_with(s))
        || metric.chars().take(4).all(|c| c.is_ascii_digit())
            && metric.get(4..).is_some_and(|r| r.starts_with('年'))
}

/// Whether a figure is zero (`0`, `0.0`).
/// A bound of zero has no figure to find: the prose says it when it names the metric and,
/// in the same clause, a direction (年度签约产业项目投资不低于上年水平, …家庭月底“动态清零”).
fn said_as_direction(prose: &str, metric: &str) -> bool {
    const DIRECTIONS: [&str; 8] = [
        "不低于",
        "不下降",
        "清零",
        "为零",
        "零新增",
        "零增长",
        "下降",
        "减少",
    ];
    !metric.is_empty()
        && prose.match_indices(metric).any(|(at, _)| {
            let rest = prose.get(at + metric.len()..).unwrap_or_default();
            let clause = rest
                .split(['，', '。', '；', ',', ';'])
                .next()
                .unwrap_or_default();
            DIRECTIONS.iter().any(|d| clause.contains(d))
        })
}

fn is_zero(f: &Figure) -> bool {
    f.digits.chars().all(|c| c == '0' || c == '.')
}

/// A movement: `增长7%以上`, `下降3%以内`, `增长5%至6%`. A bound on a negative value is a
/// bound on the fall, the other way round: growth ≥ −3 % falls by 3 % at most (下降3%以内).
fn moved(asked: Asked, up: &str, down: &str, unit: &str) -> String {
    // A bound of zero is a direction, not an amount: 生产安全事故起数下降, 政府隐性债务零新增.
    if let Asked::Cmp(cmp, v) = &asked {
        if is_zero(v) {
            let up = if up.is_empty() { "新增" } else { up };
            let down = if down.is_empty() { "减少" } else { down };
            return match cmp {
                Cmp::Lt => down.to_string(),
                Cmp::Le if up == "新增" => "零新增".to_string(),
                Cmp::Le => format!("不{up}"),
                Cmp::Gt => format!("实现{up}"),
                Cmp::Ge => format!("不{down}"),
                Cmp::Eq => "与上年持平".to_string(),
                Cmp::About => "与上年基本持平".to_string(),
            };
        }
    }
    match asked {
        Asked::Cmp(cmp, v) if v.negative => {
            let flipped = match cmp {
                Cmp::Ge => Cmp::Le,
                Cmp::Gt => Cmp::Lt,
                Cmp::Le => Cmp::Ge,
                Cmp::Lt => Cmp::Gt,
                c => c,
            };
            with_cmp(down, &format!("{}{unit}", v.digits), flipped)
        }
        Asked::Cmp(cmp, v) => with_cmp(up, &format!("{}{unit}", v.digits), cmp),
        Asked::Range(low, high) if low.negative && high.negative => {
            // −5..−3: a fall of 3 to 5.
            format!("{down}{}{unit}至{}{unit}", high.digits, low.digits)
        }
        Asked::Range(low, high) if low.negative => {
            format!(
                "变动幅度在{}{unit}至{}{unit}之间",
                signed(&low),
                signed(&high)
            )
        }
        Asked::Range(low, high) => format!("{up}{}{unit}至{}{unit}", low.digits, high.digits),
    }
}

fn signed(f: &Figure) -> String {
    if f.negative {
        format!("-{}", f.digits)
    } else {
        f.digits.clone()
    }
}

fn fallback(v: crate::number::Number) -> Figure {
    Figure {
        negative: v.is_negative(),
        digits: crate::i18n::number(v.abs()),
    }
}

/// `增长` + `7%` + `>=` → `增长7%以上`.
fn with_cmp(verb: &str, v: &str, cmp: Cmp) -> String {
    match cmp {
        Cmp::Ge => format!("{verb}{v}以上"),
        Cmp::Gt => format!("{verb}超过{v}"),
        Cmp::Le => format!("{verb}{v}以内"),
        Cmp::Lt => format!("{verb}不到{v}"),
        Cmp::Eq => format!("{verb}{v}"),
        Cmp::About => format!("{verb}{v}左右"),
    }
}

/// A target's window as the documents name it: 全年 (the plan's own year), 2024年,
/// 2021—2023年, 2024年上半年, 2024年一季度, 2024年7月, else its first and last days.
pub fn period_phrase(p: Period, home_year: Option<i32>) -> String {
    let (a, b) = (p.start, p.end);
    let first_of = |d: NaiveDate, m: u32| d.day() == 1 && d.month() == m;
    let last_of = |d: NaiveDate| d.succ_opt().is_none_or(|n| n.month() != d.month());
    let year = |y: i32| {
        if home_year == Some(y) {
            String::new()
        } else {
            format!("{y}年")
        }
    };
    if a.day() == 1 && last_of(b) {
        if a.month() == 1 && b.month() == 12 {
            return if a.year() == b.year() && home_year == Some(a.year()) {
                "全年".to_string()
            } else if a.year() == b.year() {
                format!("{}年", a.year())
            } else {
                format!("{}—{}年", a.year(), b.year())
            };
        }
        if a.year() == b.year() {
            let named = match (a.month(), b.month()) {
                (1, 6) => Some("上半年".to_string()),
                (7, 12) => Some("下半年".to_string()),
                (1, 3) => Some("一季度".to_string()),
                (4, 6) => Some("二季度".to_string()),
                (7, 9) => Some("三季度".to_string()),
                (10, 12) => Some("四季度".to_string()),
                (m, n) if m == n => Some(format!("{m}月")),
                (m, n) => Some(format!("{m}—{n}月")),
            };
            if let Some(named) = named.filter(|_| first_of(a, a.month())) {
                return format!("{}{named}", year(a.year()));
            }
        }
    }
    format!(
        "{}{}月{}日至{}{}月{}日",
        year(a.year()),
        a.month(),
        a.day(),
        year(b.year()),
        b.month(),
        b.day()
    )
}

/// A deadline as the documents say it: `6月底前`, `年底前`, `2月25日前`, `一季度`,
/// `上半年`, a window `3月11日至3月31日`; the year in front when it is not the plan's own
/// (`2022年底前`). `written` is the date literal as the plan wrote it, so a quarter stays a
/// quarter; without `home_year` the year is always written (the annex column).
pub fn when_phrase(
    date: NaiveDate,
    from: Option<NaiveDate>,
    written: Option<&str>,
    home_year: Option<i32>,
) -> String {
    let year = if home_year == Some(date.year()) {
        String::new()
    } else {
        format!("{}年", date.year())
    };
    if let Some(from) = from {
        let start = if from.year() == date.year() {
            format!("{}{}月{}日", year, from.month(), from.day())
        } else {
            format!("{}年{}月{}日", from.year(), from.month(), from.day())
        };
        return format!("{start}至{}月{}日", date.month(), date.day());
    }
    let written = written.map(str::trim).unwrap_or_default();
    if let Some((_, part)) = written.split_once(['-', '－']) {
        let part = part.to_ascii_uppercase();
        let named = match part.as_str() {
            "Q1" => Some("一季度"),
            "Q2" => Some("二季度"),
            "Q3" => Some("三季度"),
            "Q4" => Some("四季度"),
            "H1" => Some("上半年"),
            "H2" => Some("下半年"),
            _ => None,
        };
        if let Some(named) = named {
            return format!("{year}{named}");
        }
    }
    let last_of_month = date
        .succ_opt()
        .is_none_or(|next| next.month() != date.month());
    match (date.month(), last_of_month) {
        (12, true) if year.is_empty() => "年底前".to_string(),
        (12, true) => format!("{year}底前"),
        (m, true) => format!("{year}{m}月底前"),
        (m, false) => format!("{year}{m}月{}日前", date.day()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn fig(negative: bool, digits: &str) -> Figure {
        Figure {
            negative,
            digits: digits.into(),
        }
    }

    #[test]
    fn deadlines_read_as_the_documents_write_them() {
        assert_eq!(
            when_phrase(d(2025, 6, 30), None, None, Some(2025)),
            "6月底前"
        );
        assert_eq!(
            when_phrase(d(2025, 12, 31), None, None, Some(2025)),
            "年底前"
        );
        assert_eq!(
            when_phrase(d(2022, 12, 31), None, None, Some(2021)),
            "2022年底前"
        );
        assert_eq!(
            when_phrase(d(2024, 2, 25), None, None, Some(2024)),
            "2月25日前"
        );
        assert_eq!(
            when_phrase(d(2024, 3, 31), None, Some("2024-Q1"), Some(2024)),
            "一季度"
        );
        assert_eq!(
            when_phrase(d(2024, 3, 31), Some(d(2024, 3, 11)), None, Some(2024)),
            "3月11日至3月31日"
        );
        assert_eq!(
            when_phrase(d(2025, 6, 30), None, None, None),
            "2025年6月底前"
        );
    }

    #[test]
    fn windows_read_as_the_documents_name_them() {
        let p = |a, b| Period { start: a, end: b };
        assert_eq!(
            period_phrase(p(d(2024, 1, 1), d(2024, 12, 31)), Some(2024)),
            "全年"
        );
        assert_eq!(
            period_phrase(p(d(2024, 1, 1), d(2024, 12, 31)), Some(2025)),
            "2024年"
        );
        assert_eq!(
            period_phrase(p(d(2021, 1, 1), d(2023, 12, 31)), Some(2021)),
            "2021—2023年"
        );
        assert_eq!(
            period_phrase(p(d(2024, 7, 1), d(2024, 12, 31)), None),
            "2024年下半年"
        );
        assert_eq!(
            period_phrase(p(d(2024, 1, 1), d(2024, 3, 31)), Some(2024)),
            "一季度"
        );
        assert_eq!(
            period_phrase(p(d(2024, 3, 11), d(2024, 3, 31)), Some(2024)),
            "3月11日至3月31日"
        );
    }

    #[test]
    fn a_bound_on_a_fall_reads_the_other_way_round() {
        let cmp = |c, neg, v| moved(Asked::Cmp(c, fig(neg, v)), "增长", "下降", "%");
        assert_eq!(cmp(Cmp::Ge, false, "7"), "增长7%以上");
        // growth >= -3 %: it may fall, by 3 % at most.
        assert_eq!(cmp(Cmp::Ge, true, "3"), "下降3%以内");
        assert_eq!(cmp(Cmp::Le, true, "3"), "下降3%以上");
        assert_eq!(cmp(Cmp::About, true, "2.5"), "下降2.5%左右");
        // A bound of zero: a direction.
        assert_eq!(cmp(Cmp::Lt, false, "0"), "下降");
        assert_eq!(cmp(Cmp::Ge, false, "0"), "不下降");
        let new = |c| moved(Asked::Cmp(c, fig(false, "0")), "新增", "减少", "亿元");
        assert_eq!(new(Cmp::Le), "零新增");
        assert_eq!(new(Cmp::Lt), "减少");
        let range = |l, h| moved(Asked::Range(l, h), "增长", "下降", "%");
        assert_eq!(range(fig(false, "5"), fig(false, "6")), "增长5%至6%");
        assert_eq!(range(fig(true, "5"), fig(true, "3")), "下降3%至5%");
        assert_eq!(
            range(fig(true, "1"), fig(false, "2")),
            "变动幅度在-1%至2%之间"
        );
    }
}
