//! `plan status` on the constructs of issue 10: owners with roles (牵头, 配合, 分工负责),
//! a target's own window (`over`), `per … from issued`, per-member targets (`each GROUP`),
//! firm and stretch targets (确保, 力争) and `--deny`, `average growth`, and shares
//! (`metric … ratio A / B`). Each case runs the real binary on a plan and reads what it
//! prints (docs/status.md says what each rule means).

mod common;

use serde_json::Value;

/// A plan with a group of two counties and one of none; `period`, `issued` and the body vary.
fn plan(issued: &str, period: &str, body: &str) -> String {
    format!(
        "plan \"进度测试\" {{ issued {issued} period {period} }}\n\
         owners {{\n  \
           发改委 \"遵义市发展和改革委员会\"\n  \
           财政局 \"遵义市财政局\"\n  \
           group 各县区政府 \"各县(市、区)人民政府\" members 红花岗区政府, 汇川区政府\n  \
           group 各乡镇 \"各乡镇人民政府\"\n  \
           红花岗区政府 \"红花岗区人民政府\"\n  \
           汇川区政府 \"汇川区人民政府\"\n\
         }}\n\n{body}"
    )
}

fn run_in(text: &str, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), text).expect("write plan");
    let mut all = args.to_vec();
    all.insert(1, "p.plan");
    common::run(dir.path(), &all)
}

/// `plan status --format json` as of a date, with more arguments: the JSON and exit code.
fn status_json(text: &str, as_of: &str, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["status", "--as-of", as_of, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(text, &args);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (json, code)
}

/// Every target row of the plan, in order.
fn targets(json: &Value) -> Vec<Value> {
    json["plans"][0]["measures"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|m| m["targets"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn an_over_window_is_the_trajectory_window() {
    // A 全年 target in a plan for the second half: its line starts on 1 January, so the
    // June actual counts (120 × 181/365 = 59.51 by 30 June).
    let body = |over: &str| {
        format!(
            "measure 产值 \"全年产值\" {{\n  owner 发改委\n  target 规上工业总产值 >= 120 亿元{over}\n  actual 规上工业总产值 = 60 亿元 at 2025-06\n}}\n"
        )
    };
    let (json, _) = status_json(
        &plan("2025-07-05", "2025-H2", &body(" over 2025")),
        "2025-07-10",
        &[],
    );
    let t = &targets(&json)[0];
    assert_eq!(t["start"], "2025-01-01");
    assert_eq!(t["deadline"], "2025-12-31");
    assert_eq!(t["status"], "on_track");
    assert_eq!(t["expected"], 59.506849);
    assert_eq!(t["text"], "规上工业总产值 >= 120 亿元 over 2025");
    // Without `over`, the window is the half-year: the June actual is before it.
    let (json, _) = status_json(&plan("2025-07-05", "2025-H2", &body("")), "2025-07-10", &[]);
    let t = &targets(&json)[0];
    assert_eq!(t["start"], "2025-07-01");
    assert_eq!(t["status"], "no_report");
}

#[test]
fn per_month_from_issued_starts_at_the_issue_date() {
    let text = plan(
        "2025-03-10",
        "2025",
        "measure 欠薪 \"根治欠薪\" {\n  owner 财政局\n  target 欠薪案件 <= 0 件 per month from issued\n  actual 欠薪案件 = 2 件 at 2025-03-20\n}\n",
    );
    let (json, _) = status_json(&text, "2025-04-01", &[]);
    let rows = targets(&json);
    // March (from the 10th) to December: ten stretches, none before the plan existed.
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0]["start"], "2025-03-10");
    assert_eq!(rows[0]["deadline"], "2025-03-31");
    assert_eq!(rows[0]["status"], "overdue");
    assert_eq!(rows[1]["start"], "2025-04-01");
    assert_eq!(rows[1]["status"], "no_report");
    assert_eq!(rows[2]["status"], "not_started");
}

/// A per-member target: 50 projects for each county; 红花岗 reports in a measure of its
/// own, the plan-wide 100 in the target's measure is no member's figure.
const EACH: &str = "measure 项目 \"专班化推进重点项目建设\" {
  owner lead 发改委, support 财政局
  target 县级重点项目 >= 50 个 each 各县区政府
  target 乡镇项目 >= 5 个 each 各乡镇
  actual 县级重点项目 = 100 个 at 2025-06
}

measure 红花岗 \"红花岗区报送\" {
  owner 红花岗区政府
  actual 县级重点项目 = 30 个 at 2025-06
}
";

#[test]
fn an_each_target_is_followed_per_member() {
    let (json, _) = status_json(&plan("2025-01-05", "2025", EACH), "2025-07-01", &[]);
    let rows = targets(&json);
    assert_eq!(rows.len(), 3, "{rows:?}");
    // 50 × 181/365 = 24.79 by 30 June: 红花岗's 30 is on track.
    assert_eq!(rows[0]["member"], "红花岗区政府");
    assert_eq!(rows[0]["status"], "on_track");
    assert_eq!(rows[0]["actual"]["value"], 30);
    assert_eq!(rows[0]["goal"], 50);
    // 汇川 reported nothing: the plan's 100 is not its figure.
    assert_eq!(rows[1]["member"], "汇川区政府");
    assert_eq!(rows[1]["status"], "no_report");
    assert_eq!(rows[1]["actual"], Value::Null);
    // A group that lists no members cannot be followed: said, not guessed.
    assert_eq!(rows[2]["member"], Value::Null);
    assert_eq!(rows[2]["status"], "no_report");
    assert_eq!(rows[2]["reason"], "no_members");
    // Each member answers for its own rows.
    let owners = json["plans"][0]["owners"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let owner = |id: &str| {
        owners
            .iter()
            .find(|o| o["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        owner("红花岗区政府")["member_of"],
        serde_json::json!(["项目"])
    );
    assert_eq!(
        owner("汇川区政府")["member_of"],
        serde_json::json!(["项目"])
    );
    assert_eq!(owner("汇川区政府")["status"], "no_report");
    assert_eq!(owner("发改委")["leads"], serde_json::json!(["项目"]));
    assert_eq!(owner("财政局")["supports"], serde_json::json!(["项目"]));
    // In the table, the member's rows name it.
    let (_, zh, _) = run_in(
        &plan("2025-01-05", "2025", EACH),
        &["status", "--as-of", "2025-07-01", "--lang", "zh"],
    );
    assert!(
        zh.contains("县级重点项目 >= 50 个 每个 各县区政府（红花岗区政府）"),
        "{zh}"
    );
    assert!(zh.contains("项目（成员单位）"), "{zh}");
    assert!(zh.contains("单位组未列出成员单位，无法分别跟踪"), "{zh}");
}

#[test]
fn owner_roles_in_json_and_table() {
    let body = "measure 投资 \"扩大有效投资\" {\n  owner jointly 发改委, 财政局\n  target 固定资产投资 >= 100 亿元\n}\n\nmeasure 项目 \"重点项目\" {\n  owner lead 发改委, support 财政局\n  target 重点项目 >= 10 个\n}\n";
    let text = plan("2025-01-05", "2025", body);
    let (json, _) = status_json(&text, "2025-07-01", &[]);
    let m = &json["plans"][0]["measures"];
    // 按职责分工负责: nobody leads.
    assert_eq!(m[0]["lead"], Value::Null);
    assert_eq!(m[0]["leads"], serde_json::json!([]));
    assert_eq!(m[0]["owners"], serde_json::json!(["发改委", "财政局"]));
    assert_eq!(m[1]["lead"], "发改委");
    assert_eq!(m[1]["supports"], serde_json::json!(["财政局"]));
    let o = &json["plans"][0]["owners"];
    assert_eq!(o[0]["id"], "发改委");
    assert_eq!(o[0]["shares"], serde_json::json!(["投资"]));
    assert_eq!(o[0]["leads"], serde_json::json!(["项目"]));
    assert_eq!(o[1]["supports"], serde_json::json!(["项目"]));
    let (_, zh, _) = run_in(&text, &["status", "--as-of", "2025-07-01", "--lang", "zh"]);
    assert!(zh.contains("项目（牵头）"), "{zh}");
    assert!(zh.contains("项目（配合）"), "{zh}");
    assert!(!zh.contains("投资（"), "jointly: no mark\n{zh}");
}

/// A firm and a stretch target, both behind on 1 July (the line is at 49.59).
fn firmness(firm_actual: u32) -> String {
    plan(
        "2025-01-05",
        "2025",
        &format!(
            "measure 就业 \"稳就业\" {{\n  owner 发改委\n  target firm 城镇新增就业 >= 100 人\n  target stretch 规上旅游企业 > 100 家\n  actual 城镇新增就业 = {firm_actual} 人 at 2025-06\n  actual 规上旅游企业 = 10 家 at 2025-06\n}}\n"
        ),
    )
}

#[test]
fn a_stretch_target_is_reported_but_does_not_fail_deny() {
    // The stretch target is behind, the firm one on track: `--deny behind` passes.
    let (json, code) = status_json(&firmness(60), "2025-07-01", &["--deny", "behind"]);
    let rows = targets(&json);
    assert_eq!(rows[0]["firm"], true);
    assert_eq!(rows[0]["status"], "on_track");
    assert_eq!(rows[1]["firm"], false);
    assert_eq!(rows[1]["status"], "behind");
    assert_eq!(json["plans"][0]["status"], "behind", "still reported");
    assert_eq!(code, 0);
    // The firm target behind too: it fails.
    assert_eq!(
        status_json(&firmness(40), "2025-07-01", &["--deny", "behind"]).1,
        1
    );
    // Overdue at the year's end: S601 is an error for the firm target and a warning for the
    // stretch one.
    let (code, out, _) = run_in(
        &firmness(100),
        &["check", "--as-of", "2026-01-01", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let s601: Vec<&Value> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "S601")
        .collect();
    assert_eq!(s601.len(), 1, "{out}");
    assert_eq!(s601[0]["severity"], "warning");
    assert_eq!(code, 0, "a stretch target missed is not an error");
    let (code, _, _) = run_in(&firmness(90), &["check", "--as-of", "2026-01-01"]);
    assert_eq!(code, 1, "a firm target missed is");
    // The table says which is which, in the document's words.
    let (_, zh, _) = run_in(
        &firmness(60),
        &["status", "--as-of", "2025-07-01", "--lang", "zh"],
    );
    assert!(zh.contains("确保 城镇新增就业 >= 100 人"), "{zh}");
    assert!(zh.contains("力争 规上旅游企业 > 100 家"), "{zh}");
}

#[test]
fn average_growth_compounds_over_the_window() {
    let text = |actual: &str, over: &str| {
        plan(
            "2021-01-15",
            "2021..2023",
            &format!(
                "measure 床位 \"医疗床位\" {{\n  owner 发改委\n  baseline 床位 = 20000 张 at 2020\n  target 床位 average growth >= 10 % over {over}\n{actual}}}\n"
            ),
        )
    };
    // 20000 × 1.1³ = 26620 by the end of 2023; the line passes 20000 + 6620 × 730/1095 =
    // 24413.33 at the end of 2022.
    let (json, _) = status_json(
        &text("  actual 床位 = 23000 张 at 2022\n", "2021..2023"),
        "2023-01-10",
        &[],
    );
    let t = &targets(&json)[0];
    assert_eq!(t["goal"], 26620);
    assert_eq!(t["from"], 20000);
    assert_eq!(t["expected"], 24413.333333);
    assert_eq!(t["status"], "behind");
    assert_eq!(t["text"], "床位 average growth >= 10 % over 2021..2023");
    let (json, _) = status_json(
        &text("  actual 床位 = 26620 张 at 2023\n", "2021..2023"),
        "2024-01-10",
        &[],
    );
    assert_eq!(targets(&json)[0]["status"], "done");
    let (json, _) = status_json(
        &text("  actual 床位 = 26000 张 at 2023\n", "2021..2023"),
        "2024-01-10",
        &[],
    );
    assert_eq!(targets(&json)[0]["status"], "overdue");
    // Over a window that is no whole number of years there is no exact level: said so.
    let (json, _) = status_json(
        &text("  actual 床位 = 26000 张 at 2023\n", "2021-03..2023"),
        "2023-06-10",
        &[],
    );
    let t = &targets(&json)[0];
    assert_eq!(t["reason"], "not_whole_years");
    assert_eq!(t["status"], "no_report");
    assert_eq!(t["expected"], Value::Null);
}

#[test]
fn a_share_is_measured_from_its_numerator_and_denominator() {
    let text = |lines: &str| {
        plan(
            "2025-01-05",
            "2025",
            &format!(
                "metric 工业投资占比 \"工业投资占固定资产投资比重\" in % ratio 工业投资 / 固定资产投资\n\nmeasure 投资 \"优化投资结构\" {{\n  owner 发改委\n  target 工业投资占比 >= 30 %\n{lines}}}\n"
            ),
        )
    };
    // 500 ÷ 2000 = 25 % at the end of June, above the line's 14.88 %.
    let (json, _) = status_json(
        &text("  actual 工业投资 = 500 亿元 at 2025-06\n  actual 固定资产投资 = 2000 亿元 at 2025-06\n"),
        "2025-07-01",
        &[],
    );
    let t = &targets(&json)[0];
    assert_eq!(t["reason"], "from_ratio");
    assert_eq!(t["actual"]["value"], 25);
    assert_eq!(t["actual"]["unit"], "%");
    assert_eq!(t["status"], "on_track");
    // Figures for different dates make no share: nothing is invented.
    let (json, _) = status_json(
        &text("  actual 工业投资 = 500 亿元 at 2025-06\n  actual 固定资产投资 = 1500 亿元 at 2025-05\n"),
        "2025-07-01",
        &[],
    );
    assert_eq!(targets(&json)[0]["status"], "no_report");
    // The share reported itself wins over the computed one.
    let (json, _) = status_json(
        &text("  actual 工业投资 = 500 亿元 at 2025-06\n  actual 固定资产投资 = 2000 亿元 at 2025-06\n  actual 工业投资占比 = 31 % at 2025-06\n"),
        "2025-07-01",
        &[],
    );
    let t = &targets(&json)[0];
    assert_eq!(t["reason"], "measured");
    assert_eq!(t["status"], "done");
}
