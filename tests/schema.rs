//! docs/plan.schema.json is the JSON Schema of `plan compile --to json`, generated from the
//! types in src/emit/compiled.rs; every plan that compiles must validate against it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

const SCHEMA: &str = "docs/plan.schema.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn schema_in_docs_is_current() {
    let fresh = plan::emit::compiled::json_schema();
    let path = root().join(SCHEMA);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).expect("write the schema");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == fresh,
        "{SCHEMA} is stale: the types in src/emit/compiled.rs changed. Regenerate it with\n\
         \n    UPDATE_SCHEMA=1 cargo test --test schema\n\nand commit it."
    );
}

#[test]
fn every_plan_that_compiles_validates() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let mut plans: Vec<PathBuf> = Vec::new();
    for dir in ["plans", "tests/ci"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|x| x == "plan") {
                plans.push(path);
            }
        }
    }
    // Every construct of issue 10 (owner roles, groups, windows, each, ratio, average growth).
    plans.push(root().join("tests/fixtures/P001_v2_clean.plan"));
    plans.sort();
    let mut compiled = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let out = out_dir.path().join(format!("{i}.json"));
        let status = Command::new(env!("CARGO_BIN_EXE_plan"))
            .arg("compile")
            .arg(plan)
            .args(["--to", "json", "-o"])
            .arg(&out)
            .current_dir(root())
            .output()
            .expect("plan runs")
            .status;
        if status.success() {
            compiled.push(out);
        }
    }
    assert!(
        compiled.len() >= 3,
        "too few plans compile to test the schema: {compiled:?}"
    );
    let documents: Vec<&Path> = compiled.iter().map(PathBuf::as_path).collect();
    common::validate(&root().join(SCHEMA), &documents);
}
