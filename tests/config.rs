//! `plan.toml`: found by walking up, or named with `--config`; its severities change every
//! output and the exit code; its mistakes are C001 findings with spans.

mod common;

const PLAN: &str = "plan \"示例\" { issued 2025-01-10  period 2025 }
owners {
  发改局 \"示例区发展和改革局\"
  经信局 \"示例区经济和信息化局\"
}
measure 粮食 \"稳定粮食生产\" {
  owner 发改局
}
measure 工业 \"工业提质增效\" {
  target 规上工业增加值 growth >= 6 %
}
";

/// A repository with `plans/示例.plan`, `sub/`, and `plan.toml` holding `config`.
fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("plans")).expect("plans");
    std::fs::create_dir_all(dir.path().join("sub")).expect("sub");
    std::fs::write(dir.path().join("plans/示例.plan"), PLAN).expect("plan");
    std::fs::write(dir.path().join("plan.toml"), config).expect("config");
    dir
}

#[test]
fn found_by_walking_up_and_gives_paths_and_lang() {
    let dir = repo("paths = [\"plans\"]\nlang = \"zh\"\n");
    let (code, out, _) = common::run(&dir.path().join("sub"), &["check", "--format", "github"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "::warning file=../plans/示例.plan,line=4,col=3,endLine=4,endColumn=6,title=O104::\
         责任单位“经信局”已登记但从未使用%0A把它分配给负责的措施，或删除它；\
         多个计划共用的登记表请单独放在一个不含章节和措施的文件中\n\
         ::error file=../plans/示例.plan,line=9,col=9,endLine=9,endColumn=11,title=O101::\
         措施“工业”没有责任单位%0A在该措施或其所属章节中加上 `责任单位 单位`（牵头单位写在最前）\n"
    );
    // `--lang` still wins over the file.
    let (_, out, _) = common::run(dir.path(), &["check", "--format", "json", "--lang", "en"]);
    assert!(out.contains("has no owner"), "{out}");
}

#[test]
fn severities_change_every_format_and_the_exit_code() {
    let dir = repo("paths = [\"plans\"]\n[severity]\nO104 = \"off\"\nO101 = \"warning\"\n");
    let (code, out, _) = common::run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "no error is left: {out}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    assert_eq!(report["diagnostics"][0]["code"], "O101");
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    let (_, sarif, _) = common::run(dir.path(), &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["level"], "warning");
    let (code, _, _) = common::run(dir.path(), &["check", "--deny", "warnings"]);
    assert_eq!(code, 1);
    let (code, gitlab, _) = common::run(dir.path(), &["check", "--format", "gitlab"]);
    assert_eq!(code, 0);
    assert!(gitlab.contains("\"severity\": \"minor\""), "{gitlab}");
}

#[test]
fn mistakes_are_findings_with_spans() {
    let dir = repo("path = [\"plans\"]\n");
    let (code, out, _) = common::run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("unknown_key", out);

    let dir =
        repo("paths = [\"plans\"]\nlang = \"fr\"\n[severity]\nO140 = \"off\"\nT503 = \"fatal\"\n");
    let (code, out, _) = common::run(dir.path(), &["check", "--lang", "zh"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("bad_values", out);
}

#[test]
fn config_names_another_file() {
    let dir = repo("paths = [\"nowhere\"]\n");
    std::fs::write(
        dir.path().join("ci.toml"),
        "paths = [\"plans\"]\n[severity]\nO101 = \"off\"\nO104 = \"off\"\n",
    )
    .expect("write");
    let (code, out, _) = common::run(dir.path(), &["check", "--config", "ci.toml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors, 0 warnings in 1 file"), "{out}");
}

#[test]
fn no_path_and_no_paths_is_a_usage_error() {
    let dir = repo("lang = \"en\"\n");
    let (code, out, err) = common::run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "plan: nothing to check: give a PATH, or list `paths` in plan.toml\n"
    );
}
