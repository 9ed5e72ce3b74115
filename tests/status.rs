//! `plan status`: every status on every kind of target, at the edge dates (the deadline
//! day, a leap day, before the window opens), with and without a baseline, met early, and
//! `<=` targets; the roll-up to measures, sections and owners; the exit codes of `--deny`;
//! the table in both languages; `plan check --as-of` (S601, S602). Each case runs the real
//! binary on a plan and reads what it prints.

mod common;

use std::path::Path;

use serde_json::Value;

/// A plan header and registry the cases share; `period` varies.
fn plan(period: &str, body: &str) -> String {
    format!(
        "plan \"进度测试\" {{ issued 2024-01-05 period {period} }}\n\
         owners {{\n  经信局 \"遂宁市安居区经济和信息化局\"\n  农业农村局 \"遂宁市安居区农业农村局\"\n}}\n\n{body}"
    )
}

/// Run `plan status --format json` on a plan text as of a date: the JSON and exit code.
fn status_json(text: &str, as_of: &str, extra: &[&str]) -> (Value, i32) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), text).expect("write plan");
    let mut args = vec!["status", "p.plan", "--as-of", as_of, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = common::run(dir.path(), &args);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (json, code)
}

/// The status of every target stretch, in order: `(line, deadline, status)`.
fn statuses(text: &str, as_of: &str) -> Vec<(u64, String, String)> {
    let (json, _) = status_json(text, as_of, &[]);
    let mut out = Vec::new();
    for m in json["plans"][0]["measures"]
        .as_array()
        .into_iter()
        .flatten()
    {
        for t in m["targets"].as_array().into_iter().flatten() {
            out.push((
                t["line"].as_u64().unwrap_or(0),
                t["deadline"].as_str().unwrap_or("").to_string(),
                t["status"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

/// The status of the single target of a plan.
fn one(text: &str, as_of: &str) -> String {
    let all = statuses(text, as_of);
    assert_eq!(all.len(), 1, "one target expected: {all:?}");
    all.into_iter().next().map(|t| t.2).unwrap_or_default()
}

fn measure(lines: &str) -> String {
    plan(
        "2025",
        &format!("measure 工业 \"工业\" {{\n  owner 经信局\n{lines}}}\n"),
    )
}

#[test]
fn a_level_target_goes_through_every_status() {
    let target = "  target 规上工业总产值 >= 350 亿元\n";
    let with = |actual: &str| measure(&format!("{target}{actual}"));
    // Before the window (the plan period) opens.
    assert_eq!(one(&with(""), "2024-12-31"), "not_started");
    // Open, nothing reported.
    assert_eq!(one(&with(""), "2025-03-31"), "no_report");
    // The line from 0 on 2025-01-01 to 350 on 2025-12-31 is at 350 × 90/365 = 86.30 on
    // 2025-03-31.
    let q1 = |v: &str| with(&format!("  actual 规上工业总产值 = {v} 亿元 at 2025-Q1\n"));
    assert_eq!(one(&q1("86.4"), "2025-04-15"), "on_track");
    assert_eq!(one(&q1("86.2"), "2025-04-15"), "behind");
    // Met early.
    let sep = with("  actual 规上工业总产值 = 351 亿元 at 2025-09\n");
    assert_eq!(one(&sep, "2025-10-01"), "done");
    // The deadline day is still in time; the day after is overdue.
    let dec = with("  actual 规上工业总产值 = 340 亿元 at 2025-12-31\n");
    assert_eq!(one(&dec, "2025-12-31"), "behind");
    assert_eq!(one(&dec, "2026-01-01"), "overdue");
    let met = with("  actual 规上工业总产值 = 350 亿元 at 2025-12-31\n");
    assert_eq!(one(&met, "2025-12-31"), "done");
    // Nothing reported by the deadline is overdue too.
    assert_eq!(one(&with(""), "2026-01-01"), "overdue");
    // An actual after the deadline does not undo the miss.
    let late = with("  actual 规上工业总产值 = 360 亿元 at 2026-01\n");
    assert_eq!(one(&late, "2026-02-01"), "overdue");
}

#[test]
fn units_compare_after_conversion() {
    let text = measure(
        "  target 规上工业总产值 >= 350 亿元\n  actual 规上工业总产值 = 3600000 万元 at 2025-09\n",
    );
    assert_eq!(one(&text, "2025-10-01"), "done");
}

#[test]
fn a_baseline_starts_the_line() {
    // From 41.54 on 2025-01-01 to 42 on 2025-12-31: on 2025-06-30 (day 181 of 365) the
    // line is at 41.54 + 0.46 × 181/365 = 41.768.
    let text = |v: &str| {
        measure(&format!(
            "  baseline 粮食总产量 = 41.54 万吨 at 2024\n  target 粮食总产量 >= 42 万吨\n  actual 粮食总产量 = {v} 万吨 at 2025-06\n"
        ))
    };
    assert_eq!(one(&text("41.77"), "2025-07-01"), "on_track");
    assert_eq!(one(&text("41.76"), "2025-07-01"), "behind");
    let (json, _) = status_json(&text("41.77"), "2025-07-01", &[]);
    let t = &json["plans"][0]["measures"][0]["targets"][0];
    assert_eq!(t["from"], 41.54);
    assert_eq!(t["goal"], 42);
    assert_eq!(t["expected"], 41.768110);
    assert_eq!(t["baseline"]["value"], 41.54);
}

#[test]
fn a_leap_day_counts() {
    // 2024 has 366 days: on 2024-02-29 (day 60) the line to 366 stands at exactly 60.
    let text = |v: &str| {
        plan(
            "2024",
            &format!(
                "measure 工业 \"工业\" {{\n  owner 经信局\n  target 台数 >= 366 台\n  actual 台数 = {v} 台 at 2024-02-29\n}}\n"
            ),
        )
    };
    assert_eq!(one(&text("60"), "2024-02-29"), "on_track");
    assert_eq!(one(&text("59.9"), "2024-02-29"), "behind");
    // A deadline on the leap day itself: due that day, overdue the day after.
    let due = plan(
        "2024",
        "measure 工业 \"工业\" {\n  owner 经信局\n  target 台数 >= 10 台 by 2024-02-29\n  actual 台数 = 9 台 at 2024-02-29\n}\n",
    );
    assert_eq!(one(&due, "2024-02-29"), "behind");
    assert_eq!(one(&due, "2024-03-01"), "overdue");
}

#[test]
fn an_upper_bound_below_the_baseline_is_a_reduction() {
    // From 0.6 down to 0.5: on 2025-06-30 the line is at 0.6 − 0.1 × 181/365 = 0.55041.
    let text = |v: &str| {
        measure(&format!(
            "  baseline 单位能耗 = 0.6 吨 at 2024\n  target 单位能耗 <= 0.5 吨\n  actual 单位能耗 = {v} 吨 at 2025-06\n"
        ))
    };
    assert_eq!(one(&text("0.55"), "2025-07-01"), "on_track");
    assert_eq!(one(&text("0.551"), "2025-07-01"), "behind");
    assert_eq!(one(&text("0.49"), "2025-07-01"), "done");
    assert_eq!(one(&text("0.51"), "2026-01-01"), "overdue");
}

#[test]
fn a_ceiling_is_held_not_paced() {
    // No baseline: `<= 5` is a ceiling; it holds or it does not, and is done only once
    // its deadline has come.
    let text = |v: &str| {
        measure(&format!(
            "  target 死亡人数 <= 5 人\n  actual 死亡人数 = {v} 人 at 2025-06\n"
        ))
    };
    assert_eq!(one(&text("4"), "2025-07-01"), "on_track");
    assert_eq!(one(&text("6"), "2025-07-01"), "behind");
    assert_eq!(one(&text("4"), "2026-01-01"), "done");
    assert_eq!(one(&text("6"), "2026-01-01"), "overdue");
}

#[test]
fn about_allows_half_a_percent() {
    let text = |v: &str| {
        measure(&format!(
            "  target 产量 ~ 100 万吨\n  actual 产量 = {v} 万吨 at 2025-12\n"
        ))
    };
    assert_eq!(one(&text("99.6"), "2026-01-01"), "done");
    assert_eq!(one(&text("100.5"), "2026-01-01"), "done");
    assert_eq!(one(&text("99.4"), "2026-01-01"), "overdue");
}

#[test]
fn growth_is_measured_over_the_baseline_or_as_a_rate() {
    // With a baseline: 7% over 100 is a level of 107.
    let text = |v: &str, at: &str| {
        measure(&format!(
            "  baseline 营业收入 = 100 亿元 at 2024\n  target 营业收入 growth >= 7 %\n  actual 营业收入 = {v} 亿元 at {at}\n"
        ))
    };
    assert_eq!(one(&text("107.5", "2025-11"), "2025-12-01"), "done");
    assert_eq!(one(&text("106", "2025-12"), "2026-01-01"), "overdue");
    // On 2025-06-30 the line from 100 to 107 is at 103.47.
    assert_eq!(one(&text("103.5", "2025-06"), "2025-07-01"), "on_track");
    assert_eq!(one(&text("103.4", "2025-06"), "2025-07-01"), "behind");
    // Without a baseline, a growth rate reported in % is held against the target.
    let rate = |v: &str, at: &str| {
        measure(&format!(
            "  target 工业投资 growth >= 10 %\n  actual 工业投资 = {v} % at {at}\n"
        ))
    };
    assert_eq!(one(&rate("12", "2025-06"), "2025-07-01"), "on_track");
    assert_eq!(one(&rate("8", "2025-06"), "2025-07-01"), "behind");
    assert_eq!(one(&rate("10.5", "2025-12"), "2026-01-01"), "done");
    assert_eq!(one(&rate("9", "2025-12"), "2026-01-01"), "overdue");
    // Without a baseline and with nothing reported: no report.
    let none = measure("  target 工业投资 growth >= 10 %\n");
    assert_eq!(one(&none, "2025-07-01"), "no_report");
}

#[test]
fn a_change_counts_from_the_baseline_or_from_zero() {
    // No baseline: the actual is what was added so far. 30 × 181/365 = 14.88 by June.
    let added = |v: &str| {
        measure(&format!(
            "  target 配套企业 change >= 30 家\n  actual 配套企业 = {v} 家 at 2025-06\n"
        ))
    };
    assert_eq!(one(&added("15"), "2025-07-01"), "on_track");
    assert_eq!(one(&added("14"), "2025-07-01"), "behind");
    assert_eq!(one(&added("30"), "2025-07-01"), "done");
    // A % metric up 5 points from 55 %: 57.479 % by June.
    let points = |v: &str| {
        measure(&format!(
            "  baseline 城镇化率 = 55 % at 2024\n  target 城镇化率 change >= 5 个百分点\n  actual 城镇化率 = {v} % at 2025-06\n"
        ))
    };
    assert_eq!(one(&points("57.5"), "2025-07-01"), "on_track");
    assert_eq!(one(&points("57.4"), "2025-07-01"), "behind");
    assert_eq!(one(&points("60"), "2025-07-01"), "done");
}

#[test]
fn per_year_targets_are_judged_year_by_year() {
    let text = plan(
        "2024..2025",
        "measure 就业 \"就业\" {\n  owner 经信局\n  target 新增就业 >= 4000 人 per year\n  actual 新增就业 = 4100 人 at 2024-12\n  actual 新增就业 = 1000 人 at 2025-03\n}\n",
    );
    // Mid 2024: the 2025 stretch has not started (and 2024's June figure is missing).
    assert_eq!(
        statuses(&text, "2024-06-30"),
        [
            (9, "2024-12-31".to_string(), "no_report".to_string()),
            (9, "2025-12-31".to_string(), "not_started".to_string())
        ]
    );
    // 2025 Q1: 2024 was met; 1000 ≥ 4000 × 90/365 = 986 is on track (2024's figure does
    // not count for 2025).
    assert_eq!(
        statuses(&text, "2025-03-31"),
        [
            (9, "2024-12-31".to_string(), "done".to_string()),
            (9, "2025-12-31".to_string(), "on_track".to_string())
        ]
    );
}

#[test]
fn a_cumulative_target_starts_from_zero_at_the_window_start() {
    // 1450 over three years (1095 days); the baseline does not start the line of a sum.
    let text = |v: &str| {
        plan(
            "2021..2023",
            &format!(
                "measure 投资 \"投资\" {{\n  owner 经信局\n  baseline 投资额 = 400 亿元 at 2020\n  target 投资额 >= 1450 亿元 cumulative\n  actual 投资额 = {v} 亿元 at 2021-12\n}}\n"
            ),
        )
    };
    // 1450 × 365/1095 = 483.33
    assert_eq!(one(&text("484"), "2022-01-01"), "on_track");
    assert_eq!(one(&text("483"), "2022-01-01"), "behind");
}

#[test]
fn a_window_opens_at_its_start() {
    let text = measure(
        "  target 活动 >= 1 场 by 2025-03-11..2025-03-31\n  actual 活动 = 1 场 at 2025-03-20\n",
    );
    assert_eq!(one(&text, "2025-03-10"), "not_started");
    assert_eq!(one(&text, "2025-03-20"), "done");
}

/// A plan with two owners, a section and several measures: the worst target is the
/// measure's, the worst measure the owner's and the section's, and `--deny` fails on them.
const ROLLUP: &str = "section 产业 \"产业\" {\n  owner 经信局\n\n  measure 工业 \"工业\" {\n    target 规上工业总产值 >= 350 亿元\n    target 配套企业 change >= 30 家\n    actual 规上工业总产值 = 200 亿元 at 2025-06\n    actual 配套企业 = 5 家 at 2025-06\n  }\n\n  measure 粮食 \"粮食\" {\n    owner 农业农村局, 经信局\n    target 粮食总产量 >= 42 万吨 by 2025-06\n    actual 粮食总产量 = 43 万吨 at 2025-06\n  }\n}\n";

#[test]
fn measures_sections_and_owners_show_their_worst() {
    let (json, code) = status_json(&plan("2025", ROLLUP), "2025-07-01", &[]);
    assert_eq!(code, 0);
    let p = &json["plans"][0];
    assert_eq!(p["measures"][0]["status"], "behind");
    assert_eq!(p["measures"][0]["targets"][0]["status"], "on_track");
    assert_eq!(p["measures"][0]["targets"][1]["status"], "behind");
    assert_eq!(p["measures"][1]["status"], "done");
    assert_eq!(p["sections"][0]["status"], "behind");
    assert_eq!(p["owners"][0]["id"], "经信局");
    assert_eq!(p["owners"][0]["status"], "behind");
    assert_eq!(p["owners"][0]["leads"], serde_json::json!(["工业"]));
    assert_eq!(p["owners"][0]["supports"], serde_json::json!(["粮食"]));
    assert_eq!(p["owners"][1]["id"], "农业农村局");
    assert_eq!(p["owners"][1]["status"], "done");
    assert_eq!(p["status"], "behind");
    assert_eq!(p["counts"]["behind"], 1);
    assert_eq!(json["counts"]["done"], 1);
}

#[test]
fn deny_fails_the_run_on_behind_or_overdue() {
    let text = plan("2025", ROLLUP);
    assert_eq!(status_json(&text, "2025-07-01", &["--deny", "behind"]).1, 1);
    assert_eq!(
        status_json(&text, "2025-07-01", &["--deny", "overdue"]).1,
        0
    );
    assert_eq!(
        status_json(&text, "2026-01-01", &["--deny", "overdue"]).1,
        1
    );
}

#[test]
fn the_table_in_english_and_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), plan("2025", ROLLUP)).expect("write");
    let (code, en, _) = common::run(dir.path(), &["status", "p.plan", "--as-of", "2025-07-01"]);
    assert_eq!(code, 0);
    let (_, zh, _) = common::run(
        dir.path(),
        &["status", "p.plan", "--as-of", "2025-07-01", "--lang", "zh"],
    );
    insta::assert_snapshot!("status_table_en", en);
    insta::assert_snapshot!("status_table_zh", zh);
}

#[test]
fn check_as_of_reports_overdue_and_behind_targets() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), plan("2025", ROLLUP)).expect("write");
    // Without a date: no progress findings.
    let (code, out, _) = common::run(dir.path(), &["check", "p.plan"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("S60"), "{out}");
    // Mid-year: behind is a warning (exit 0).
    let (code, out, _) = common::run(dir.path(), &["check", "p.plan", "--as-of", "2025-07-01"]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("check_as_of_behind", out);
    // After the year: overdue is an error (exit 1), in both languages.
    let (code, out, _) = common::run(
        dir.path(),
        &[
            "check",
            "p.plan",
            "--as-of",
            "2026-01-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).expect("json");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["S601", "S601"]);
    assert_eq!(json["diagnostics"][0]["line"], 11);
    let (_, zh, _) = common::run(
        dir.path(),
        &["check", "p.plan", "--as-of", "2026-01-01", "--lang", "zh"],
    );
    insta::assert_snapshot!("check_as_of_overdue_zh", zh);
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), plan("2025", ROLLUP)).expect("write");
    let (code, _, err) = common::run(dir.path(), &["status", "p.plan", "--as-of", "2025-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("February 2025 has 28 days, not 30"), "{err}");
}

#[test]
fn the_json_validates_against_the_schema_in_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = root.join("docs/status.schema.json");
    let fresh = plan::status::json::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&schema, &fresh).expect("write the schema");
    }
    assert_eq!(
        std::fs::read_to_string(&schema).unwrap_or_default(),
        fresh,
        "docs/status.schema.json is stale: UPDATE_SCHEMA=1 cargo test --test status"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let mut docs = Vec::new();
    for (i, (text, as_of)) in [
        (plan("2025", ROLLUP), "2025-07-01"),
        (plan("2025", ROLLUP), "2026-01-01"),
        (measure("  target 工业投资 growth >= 10 %\n"), "2025-07-01"),
    ]
    .iter()
    .enumerate()
    {
        let (json, _) = status_json(text, as_of, &[]);
        let path = dir.path().join(format!("{i}.json"));
        std::fs::write(&path, json.to_string()).expect("write");
        docs.push(path);
    }
    let refs: Vec<&Path> = docs.iter().map(|p| p.as_path()).collect();
    common::validate(&schema, &refs);
}

#[test]
fn the_worked_example_in_docs_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/status-example.md")).expect("doc");
    for date in ["2025-04-10", "2025-07-10", "2025-10-10"] {
        let (code, out, _) = common::run(
            &root.join("docs/status-example"),
            &["status", "reports", "--as-of", date, "--lang", "zh"],
        );
        assert_eq!(code, 0);
        assert!(
            doc.contains(&out),
            "docs/status-example.md is stale for {date}; the output is now:\n{out}"
        );
    }
}

#[test]
fn status_reads_a_plan_from_standard_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = plan("2025", ROLLUP);
    std::fs::write(dir.path().join("p.plan"), &text).expect("write plan");
    let args = ["--as-of", "2025-07-01", "--format", "json"];
    let (code, from_file, _) =
        common::run(dir.path(), &[&["status", "p.plan"][..], &args].concat());
    assert_eq!(code, 0);
    let (code, from_stdin, err) =
        common::run_with_stdin(dir.path(), &[&["status", "-"][..], &args].concat(), &text);
    assert_eq!(code, 0, "{err}");
    // The same status; standard input is named `<stdin>` where the file is `p.plan`.
    let json = |s: &str| -> Value { serde_json::from_str(s).expect("json") };
    assert_eq!(
        json(&from_stdin)["plans"][0]["measures"][0]["targets"][0]["actual"]["file"],
        "<stdin>"
    );
    assert_eq!(
        json(&from_file),
        json(&from_stdin.replace("<stdin>", "p.plan"))
    );
    // A plan on standard input that does not parse is refused, with its finding.
    let (code, _, err) = common::run_with_stdin(dir.path(), &["status", "-"], "measure {");
    assert_eq!(code, 1);
    assert!(err.contains("P001"), "{err}");
}
