//! `plan check --format sarif|github|gitlab` on a plan with Chinese text and an emoji, as a
//! CI job runs it: the exact output is snapshot-tested, SARIF is validated against the
//! official 2.1.0 schema with a real validator, and columns are checked where UTF-16 and
//! character counts differ.

use std::path::Path;

mod common;
use common::validate;

const FIXTURE: &str = "tests/ci/格式.plan";

/// Run `plan ARGS…` in the crate folder; returns (exit code, stdout).
fn plan(args: &[&str]) -> (i32, String) {
    let out = common::plan()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("plan runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

#[test]
fn sarif_is_valid_and_counts_utf16_columns() {
    let (code, out) = plan(&["check", "--format", "sarif", FIXTURE]);
    assert_eq!(code, 1, "errors in the fixture fail the run");
    insta::assert_snapshot!(out);

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("plan.sarif");
    std::fs::write(&file, &out).expect("write SARIF");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ci/sarif-schema-2.1.0.json");
    validate(&schema, &[&file]);

    let log: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let o102 = run["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleId"] == "O102"))
        .expect("an O102 result");
    let region = &o102["locations"][0]["physicalLocation"]["region"];
    // `measure 粮食 "🎯稳定粮食生产" { owner ` is 29 characters (the JSON report's column
    // is 30) but 30 UTF-16 units, 🎯 being two: SARIF's column is 31.
    assert_eq!(region["startColumn"], 31);
    assert_eq!(region["endColumn"], 34);
    assert_eq!(
        o102["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/ci/%E6%A0%BC%E5%BC%8F.plan"
    );
}

/// The log lists the rules its results use, once each, and each result's `ruleIndex` is the
/// place of its rule: a clean plan's log has no rules, and no reader is sent 100 KB of help
/// for codes that were not found.
#[test]
fn sarif_lists_the_rules_its_results_use() {
    let (_, out) = plan(&["check", "--format", "sarif", FIXTURE]);
    let log: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let results = run["results"].as_array().expect("results");
    let mut used: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    used.sort_unstable();
    used.dedup();
    assert!(used.len() > 1, "the fixture has findings of several codes");
    assert_eq!(rules, used, "one rule per code found, in code order");
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex");
        assert_eq!(rules.get(index as usize).copied(), r["ruleId"].as_str());
    }

    let clean =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/P001_extensions_clean.plan");
    let (code, out) = plan(&["check", "--format", "sarif", &clean.to_string_lossy()]);
    assert_eq!(code, 0);
    let log: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
    assert!(
        out.len() < 1_000,
        "a clean log is small: {} bytes",
        out.len()
    );
}

#[test]
fn github_annotations() {
    let (code, out) = plan(&["check", "--format", "github", "--lang", "zh", FIXTURE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
    assert!(out
        .lines()
        .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")));
}

#[test]
fn gitlab_code_quality_fingerprints_are_unique() {
    let (code, out) = plan(&["check", "--format", "gitlab", FIXTURE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON array");
    let mut prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(prints.len(), issues.len());
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints must be unique");
    // The language of messages does not change fingerprints.
    let (_, zh) = plan(&["check", "--format", "gitlab", "--lang", "zh", FIXTURE]);
    let zh: Vec<serde_json::Value> = serde_json::from_str(&zh).expect("JSON array");
    assert_eq!(
        issues.iter().map(|i| &i["fingerprint"]).collect::<Vec<_>>(),
        zh.iter().map(|i| &i["fingerprint"]).collect::<Vec<_>>()
    );
}
