//! `plan ledger`: the workbook opens in openpyxl (cells, fills, frozen panes, filter, data
//! validation, widths) and in LibreOffice (converted headless to CSV); filled in with
//! openpyxl and read back, its values become `actual` lines in a file that `use`s the plan,
//! and `plan status` on that file changes as expected; bad cells are named by address.

mod common;

use std::path::Path;
use std::process::Command;

const PLAN: &str = "plan \"台账测试\" { issued 2025-01-05 period 2025 }
owners {
  经信局 \"遂宁市安居区经济和信息化局\"
  农业农村局 \"遂宁市安居区农业农村局\"
}

section 产业 \"(三)加快建设现代化产业体系\" {
  owner 经信局

  measure 工业 \"以实业兴区引领新型工业化\" {
    target 规上工业总产值 >= 350 亿元
    target 配套企业 change >= 30 家
  }

  measure 粮食 \"提升农业现代化水平\" {
    owner 农业农村局, 经信局
    baseline 粮食总产量 = 41.54 万吨 at 2024
    target 粮食总产量 >= 42 万吨
  }
}
";

/// Run Python (openpyxl) on a script with arguments; its standard output.
fn python(script: &str, args: &[&Path]) -> String {
    let out = common::python()
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("plans")).expect("mkdir");
    std::fs::write(dir.path().join("plans/p.plan"), PLAN).expect("write plan");
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "ledger",
            "plans/p.plan",
            "-o",
            "ledger.xlsx",
            "--as-of",
            "2025-07-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    dir
}

/// What openpyxl sees: the cells, formats and validation the units will work with.
const INSPECT: &str = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
d = wb["明细"]
s = wb["汇总"]
out = {
  "sheets": wb.sheetnames,
  "hidden": wb["plan"].sheet_state,
  "header": [c.value for c in d[1]],
  "row2": [c.value for c in d[2]],
  "row4": [c.value for c in d[4]],
  "freeze": d.freeze_panes,
  "filter": d.auto_filter.ref,
  "status_fill": d["M2"].fill.fgColor.rgb,
  "status_fill_done": d["M4"].fill.fgColor.rgb,
  "input_fill": d["N2"].fill.fgColor.rgb,
  "validation": [(v.type, str(v.sqref), v.formula1, v.formula2) for v in d.data_validations.dataValidation],
  "width_measure": d.column_dimensions["C"].width,
  "width_owners": d.column_dimensions["D"].width,
  "summary": [[c.value for c in row] for row in s.iter_rows(min_row=3, max_row=6)],
  "font": d["D4"].font.name,
  "wrap_owners": d["D4"].alignment.wrap_text,
  "wrap_unit": d["G4"].alignment.wrap_text,
  "orientation": d.page_setup.orientation,
  "paper": d.page_setup.paperSize,
  # fitToWidth left out is its default, 1 page (ECMA-376 §18.3.1.63).
  "fit": [d.sheet_properties.pageSetUpPr.fitToPage, 1 if d.page_setup.fitToWidth is None else d.page_setup.fitToWidth, d.page_setup.fitToHeight],
  "title_rows": d.print_title_rows,
  "print_header": d.oddHeader.center.text,
  "print_footer": d.oddFooter.center.text,
}
print(json.dumps(out, ensure_ascii=False))
"#;

#[test]
fn the_ledger_as_openpyxl_sees_it() {
    let dir = setup();
    let seen = python(INSPECT, &[&dir.path().join("ledger.xlsx")]);
    let v: serde_json::Value = serde_json::from_str(&seen).expect("json");
    assert_eq!(v["sheets"], serde_json::json!(["明细", "汇总", "plan"]));
    assert_eq!(v["hidden"], "hidden");
    // Set in 宋体, long text wrapped, printed A4 landscape one page wide with the header row
    // on every page, the title above and the page number below.
    assert_eq!(v["font"], "宋体");
    assert_eq!(v["wrap_owners"], true);
    assert_eq!(v["wrap_unit"], serde_json::Value::Null);
    assert_eq!(v["orientation"], "landscape");
    assert_eq!(v["paper"], 9);
    assert_eq!(v["fit"], serde_json::json!([true, 1, 0]));
    assert_eq!(v["title_rows"], "$1:$1");
    assert_eq!(v["print_header"], "台账测试");
    assert_eq!(v["print_footer"], "第 &P 页，共 &N 页");
    let header: Vec<&str> = v["header"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h.as_str())
        .collect();
    assert_eq!(
        header.get(..13),
        Some(
            &[
                "序号",
                "章节",
                "措施",
                "责任单位",
                "指标",
                "目标",
                "计量单位",
                "时限",
                "基数",
                "最新实际",
                "截至",
                "完成率（%）",
                "状态"
            ][..]
        )
    );
    // A column per month of the plan period.
    assert_eq!(header.get(13), Some(&"2025-01"));
    assert_eq!(header.get(24), Some(&"2025-12"));
    assert_eq!(header.len(), 25);
    assert_eq!(
        v["row2"]
            .as_array()
            .map(|r| r.iter().take(13).cloned().collect::<Vec<_>>()),
        Some(vec![
            serde_json::json!(1),
            "产业".into(),
            "工业".into(),
            "经信局（牵头）".into(),
            "规上工业总产值".into(),
            ">= 350 亿元".into(),
            "亿元".into(),
            "2025-12-31".into(),
            serde_json::Value::Null,
            serde_json::Value::Null,
            serde_json::Value::Null,
            serde_json::Value::Null,
            "未报送".into(),
        ])
    );
    // The grain row: the v1 line `owner 农业农村局, 经信局` leads with the first (牵头) and
    // the rest support (配合); the baseline filled in.
    assert_eq!(v["row4"][3], "农业农村局（牵头）、经信局（配合）");
    assert_eq!(v["row4"][8], 41.54);
    assert_eq!(v["freeze"], "D2");
    assert_eq!(v["filter"], "A1:Y4");
    assert_eq!(v["status_fill"], "FFE7E6E6");
    assert_eq!(v["input_fill"], "FFFFF2CC");
    assert_eq!(
        v["validation"],
        serde_json::json!([["decimal", "N2:Y4", "-1000000000000000", "1000000000000000"]])
    );
    // Chinese text is measured at two units a character: 农业农村局（牵头）、经信局 is 26.
    assert!(v["width_owners"].as_f64().unwrap_or(0.0) >= 26.0, "{v}");
    // Summary: owners × statuses (达成 未开始 正常推进 未报送 滞后 逾期 合计).
    assert_eq!(
        v["summary"],
        serde_json::json!([
            [
                "责任单位",
                "达成",
                "未开始",
                "正常推进",
                "未报送",
                "滞后",
                "逾期",
                "合计"
            ],
            ["经信局", 0, 0, 0, 3, 0, 0, 3],
            ["农业农村局", 0, 0, 0, 1, 0, 0, 1],
            ["合计", 0, 0, 0, 3, 0, 0, 3]
        ])
    );
}

#[test]
fn the_ledger_opens_in_libreoffice() {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok());
    let Some(soffice) = soffice else {
        common::missing_tool("LibreOffice (soffice)");
        return;
    };
    let dir = setup();
    let profile = dir.path().join("lo-profile");
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(dir.path().join("ledger.xlsx"))
        .output()
        .expect("soffice runs");
    let csv = std::fs::read_to_string(dir.path().join("ledger.csv")).unwrap_or_else(|e| {
        panic!(
            "{e}: LibreOffice wrote no CSV:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let csv = csv.replace('"', "");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("序号,章节,措施,责任单位,指标,目标")),
        "{csv}"
    );
    assert!(
        lines.next().is_some_and(|r| r
            .starts_with("1,产业,工业,经信局（牵头）,规上工业总产值,>= 350 亿元,亿元,2025-12-31")),
        "{csv}"
    );
}

/// Fill the ledger like a unit would: values in some month columns, optionally one bad.
const FILL: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
d = wb["明细"]
d["S2"] = 180          # 工业 / 规上工业总产值, 2025-06: ahead of the line (173.56)
d["S3"] = "10 家"      # 工业 / 配套企业, 2025-06: behind (14.88)
d["P4"] = 41.6         # 粮食 / 粮食总产量, 2025-03
d["S4"] = "42.1万吨"   # 2025-06: met early
if len(sys.argv) > 3:
    d["T2"] = "约200"      # text in a number cell
    d["T3"] = "12 吨"      # a unit of another dimension
    d["A6"] = 99
    d["C6"] = "不存在"
    d["E6"] = "某指标"
    d["S6"] = 5            # a row no target has
wb.save(sys.argv[2])
"#;

#[test]
fn filled_in_and_read_back_the_status_changes() {
    let dir = setup();
    let d = dir.path();
    python(FILL, &[&d.join("ledger.xlsx"), &d.join("filled.xlsx")]);
    std::fs::create_dir(d.join("reports")).expect("mkdir");
    let (code, _, err) = common::run(
        d,
        &[
            "ledger",
            "--read",
            "filled.xlsx",
            "-o",
            "reports/2025-06.plan",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("已将4条实际值写入reports/2025-06.plan"),
        "{err}"
    );
    let actuals = std::fs::read_to_string(d.join("reports/2025-06.plan")).expect("actuals");
    insta::assert_snapshot!("ledger_read_actuals", actuals);
    // The actuals file checks clean by itself: it uses the plan's owners and metrics.
    let (code, out, _) = common::run(d, &["check", "reports/2025-06.plan"]);
    assert_eq!(code, 0, "{out}");
    // Before: nothing reported. After: the file's actuals count for the plan.
    let status = |path: &str| {
        let (_, out, err) = common::run(
            d,
            &["status", path, "--as-of", "2025-07-01", "--format", "json"],
        );
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        v["plans"][0]["measures"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|m| m["targets"].as_array().cloned().unwrap_or_default())
            .map(|t| t["status"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        status("plans/p.plan"),
        ["no_report", "no_report", "no_report"]
    );
    assert_eq!(
        status("reports/2025-06.plan"),
        ["on_track", "behind", "done"]
    );
}

#[test]
fn bad_cells_are_named_by_their_address() {
    let dir = setup();
    let d = dir.path();
    python(
        FILL,
        &[
            &d.join("ledger.xlsx"),
            &d.join("filled.xlsx"),
            Path::new("bad"),
        ],
    );
    let (code, out, err) = common::run(
        d,
        &["ledger", "--read", "filled.xlsx", "-o", "actuals.plan"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(!d.join("actuals.plan").exists(), "nothing written");
    insta::assert_snapshot!("ledger_read_bad_cells_zh", err);
    let (_, _, en) = common::run(
        d,
        &[
            "ledger",
            "--read",
            "filled.xlsx",
            "-o",
            "actuals.plan",
            "--lang",
            "en",
        ],
    );
    insta::assert_snapshot!("ledger_read_bad_cells_en", en);
}

#[test]
fn english_headers_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), PLAN).expect("write plan");
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "ledger",
            "p.plan",
            "-o",
            "l.xlsx",
            "--lang",
            "en",
            "--as-of",
            "2025-07-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let seen = python(
        "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nprint(wb.sheetnames)\nprint([c.value for c in wb['Detail'][1]][:4])",
        &[&dir.path().join("l.xlsx")],
    );
    assert_eq!(
        seen,
        "['Detail', 'Summary', 'plan']\n['No.', 'Section', 'Measure', 'Owners']\n"
    );
}

/// A plan of issue 10's constructs: a group whose members each have a target, a measure
/// with no lead (按职责分工负责), and a stretch target (力争).
const GROUPS: &str = "plan \"分组台账\" { issued 2025-01-05 period 2025 }
owners {
  发改委 \"遵义市发展和改革委员会\"
  财政局 \"遵义市财政局\"
  group 各县区政府 \"各县(市、区)人民政府\" members 红花岗区政府, 汇川区政府
  红花岗区政府 \"红花岗区人民政府\"
  汇川区政府 \"汇川区人民政府\"
}

measure 项目 \"专班化推进重点项目建设\" {
  owner jointly 发改委, 财政局
  target 县级重点项目 >= 50 个 each 各县区政府
  target stretch 重点项目投资 >= 100 亿元
}
";

/// The detail rows as openpyxl reads them (columns 序号 to 状态).
const ROWS: &str = r#"
import sys, json, openpyxl
d = openpyxl.load_workbook(sys.argv[1])["明细"]
print(json.dumps([[c.value for c in row][:13] for row in d.iter_rows(min_row=2)], ensure_ascii=False))
"#;

/// 红花岗 fills its row for June; optionally a unit of another dimension for July, and 汇川's
/// row renamed to a unit that is no member.
const FILL_MEMBERS: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
d = wb["明细"]
d["S2"] = 30           # 红花岗区政府, 2025-06
if len(sys.argv) > 3:
    d["T2"] = "3 亿元"  # 红花岗区政府, 2025-07: not a count
    d["D3"] = "播州区政府"  # not a member
    d["S3"] = 12
wb.save(sys.argv[2])
"#;

#[test]
fn per_member_rows_roles_and_stretch_in_the_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("p.plan"), GROUPS).expect("write plan");
    let (code, _, err) = common::run(
        d,
        &["ledger", "p.plan", "-o", "l.xlsx", "--as-of", "2025-07-01"],
    );
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value =
        serde_json::from_str(&python(ROWS, &[&d.join("l.xlsx")])).expect("json");
    let cell = |r: usize, c: usize| rows[r][c].clone();
    // One row per member, the member in the 责任单位 cell; then the plan-wide target, its
    // owners bare (nobody leads), its 目标 cell saying 力争.
    assert_eq!(cell(0, 3), "红花岗区政府");
    assert_eq!(cell(0, 5), ">= 50 个 每个 各县区政府");
    assert_eq!(cell(1, 3), "汇川区政府");
    assert_eq!(cell(2, 3), "发改委、财政局");
    assert_eq!(cell(2, 4), "重点项目投资");
    assert_eq!(cell(2, 5), "力争 >= 100 亿元");
    assert_eq!(rows.as_array().map(Vec::len), Some(3));

    // Filled in and read back: the member's figure goes into a measure the member owns.
    python(FILL_MEMBERS, &[&d.join("l.xlsx"), &d.join("filled.xlsx")]);
    let (code, _, err) = common::run(
        d,
        &["ledger", "--read", "filled.xlsx", "-o", "actuals.plan"],
    );
    assert_eq!(code, 0, "{err}");
    let actuals = std::fs::read_to_string(d.join("actuals.plan")).expect("actuals");
    insta::assert_snapshot!("ledger_read_member_actuals", actuals);
    let (code, out, _) = common::run(d, &["check", "actuals.plan"]);
    assert_eq!(code, 0, "{out}");
    let (_, out, err) = common::run(
        d,
        &[
            "status",
            "actuals.plan",
            "--as-of",
            "2025-07-01",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let targets = &v["plans"][0]["measures"][0]["targets"];
    assert_eq!(targets[0]["member"], "红花岗区政府");
    assert_eq!(targets[0]["status"], "on_track");
    assert_eq!(targets[1]["member"], "汇川区政府");
    assert_eq!(targets[1]["status"], "no_report");
    assert_eq!(targets[2]["status"], "no_report");

    // A member row with a unit of another dimension, and a row naming no member of the
    // group: both named by their cell.
    python(
        FILL_MEMBERS,
        &[&d.join("l.xlsx"), &d.join("bad.xlsx"), Path::new("bad")],
    );
    let (code, _, err) = common::run(d, &["ledger", "--read", "bad.xlsx", "-o", "bad.plan"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("明细!C3：行“项目 / 县级重点项目 / 播州区政府”对应不到计划中的任何目标"),
        "{err}"
    );
    assert!(
        err.contains("明细!T2：“亿元”与目标的计量单位（个）不是同一种量"),
        "{err}"
    );
    assert!(!d.join("bad.plan").exists());
}

/// `plan ledger --with`: the monthly re-issued 台账 counts the actuals files sent so far
/// (the worked example of docs/status-example.md on 10 July).
#[test]
fn the_ledger_counts_the_reports_it_is_given() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/status-example");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("l.xlsx");
    let out_arg = out.to_string_lossy().into_owned();
    let (code, _, err) = common::run(
        &root,
        &[
            "ledger",
            "plan.plan",
            "--with",
            "reports",
            "-o",
            &out_arg,
            "--as-of",
            "2025-07-10",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&python(ROWS, &[&out])).expect("json");
    let column = |c: usize| -> Vec<serde_json::Value> {
        rows.as_array()
            .into_iter()
            .flatten()
            .map(|r| r[c].clone())
            .collect()
    };
    assert_eq!(
        column(9),
        [
            serde_json::json!(300),
            serde_json::json!(13),
            serde_json::json!(41.9),
            serde_json::json!(86)
        ]
    );
    assert_eq!(column(12), ["滞后", "滞后", "正常推进", "逾期"]);
    // A file that is no report on the plan is refused, not silently left out.
    let (code, _, err) = common::run(
        &root,
        &["ledger", "plan.plan", "--with", "plan.plan", "-o", &out_arg],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("plan.plan不是plan.plan的实际值文件"), "{err}");
}

/// A status the ledger cannot measure says why, in a note on its 状态 cell: here a growth
/// target with no baseline to grow from. A measured target has no note.
#[test]
fn a_status_that_cannot_be_measured_says_why_in_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let plan = "plan \"增长\" { issued 2025-01-10 period 2025 }\n\
                owners { 发改局 \"发展和改革局\" }\n\
                measure 投资 \"扩大有效投资\" {\n  owner 发改局\n  \
                target 固定资产投资 growth >= 8 %\n  target 重点项目 >= 10 个\n  \
                actual 固定资产投资 = 120 亿元 at 2025-06\n  actual 重点项目 = 6 个 at 2025-06\n}\n";
    std::fs::write(d.join("p.plan"), plan).expect("write plan");
    let (code, _, err) = common::run(
        d,
        &["ledger", "p.plan", "-o", "l.xlsx", "--as-of", "2025-07-01"],
    );
    assert_eq!(code, 0, "{err}");
    let notes = python(
        r#"
import sys, json, openpyxl
d = openpyxl.load_workbook(sys.argv[1])["明细"]
print(json.dumps([[r[4].value, r[12].comment.text if r[12].comment else None] for r in d.iter_rows(min_row=2)], ensure_ascii=False))
"#,
        &[&d.join("l.xlsx")],
    );
    let notes: serde_json::Value = serde_json::from_str(&notes).expect("json");
    assert_eq!(notes[0][0], "固定资产投资");
    assert_eq!(notes[0][1], "没有基数，实际值无从比较");
    assert_eq!(notes[1][0], "重点项目");
    assert_eq!(notes[1][1], serde_json::Value::Null);
}
