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
