//! The five real plans of plans/: the exact findings of each (codes and lines) and the
//! compiled output of those without errors are snapshot-tested, so any change in what the
//! checker says about a real document shows up in review. plans/README.md explains each
//! finding.

use std::path::{Path, PathBuf};

use plan::diagnostic::Severity;
use plan::emit::compiled;
use plan::i18n::Lang;

fn plans() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("plans/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "plan"))
        .collect();
    files.sort();
    files
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

#[test]
fn findings_of_each_plan() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate dir");
    let loader = plan::model::Loader::new();
    let mut text = String::new();
    for path in plans() {
        let path = relative(&path);
        let checked = plan::check_file(&loader, &path).expect("readable");
        text.push_str(&format!("## {}\n", path.display()));
        for d in &checked.diagnostics {
            let (line, col) = d.start();
            text.push_str(&format!(
                "{line}:{col} {} {}\n",
                d.code,
                Lang::En.say(&d.message)
            ));
        }
        text.push('\n');
    }
    insta::assert_snapshot!(text);
}

/// plans/compiled/ holds the compiled output of every plan without errors, exactly as
/// `plan compile` writes it (the command is in plans/README.md), and nothing for a plan
/// whose errors make `plan compile` refuse it.
#[test]
fn compiled_outputs_in_the_repository_are_up_to_date() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate dir");
    let loader = plan::model::Loader::new();
    for path in plans() {
        let path = relative(&path);
        let checked = plan::check_file(&loader, &path).expect("readable");
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("plan");
        let json_path = PathBuf::from(format!("plans/compiled/{name}.json"));
        let toml_path = PathBuf::from(format!("plans/compiled/{name}.toml"));
        let errors = checked
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        match checked.model.as_ref().filter(|_| !errors) {
            None => {
                assert!(!json_path.exists(), "{name} has errors: no compiled output");
                assert!(!toml_path.exists(), "{name} has errors: no compiled output");
            }
            Some(model) => {
                let tree = compiled::compile(model);
                let stale = "is stale: run the command in plans/README.md";
                assert_eq!(
                    std::fs::read_to_string(&json_path).unwrap_or_default(),
                    compiled::to_json(&tree).expect("json"),
                    "{} {stale}",
                    json_path.display()
                );
                assert_eq!(
                    std::fs::read_to_string(&toml_path).unwrap_or_default(),
                    compiled::to_toml(&tree).expect("toml"),
                    "{} {stale}",
                    toml_path.display()
                );
            }
        }
    }
}

/// Every construct of the language and its extensions, compiled: the contract of §6.
#[test]
fn compiled_output_of_every_construct() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate dir");
    let loader = plan::model::Loader::new();
    for fixture in [
        "P001_clean",
        "P001_extensions_clean",
        "P001_v2_clean",
        "R401_clean",
    ] {
        let path = PathBuf::from(format!("tests/fixtures/{fixture}.plan"));
        let checked = plan::check_file(&loader, &path).expect("readable");
        assert!(checked.diagnostics.is_empty(), "{fixture} is clean");
        let tree = compiled::compile(checked.model.as_ref().expect("model"));
        insta::assert_snapshot!(
            format!("{fixture}.json"),
            compiled::to_json(&tree).expect("json")
        );
        insta::assert_snapshot!(
            format!("{fixture}.toml"),
            compiled::to_toml(&tree).expect("toml")
        );
    }
}

/// The plans are kept in the canonical layout, so `plan fmt --check plans` passes in a
/// repository's pre-commit hook.
#[test]
fn plans_are_in_the_canonical_layout() {
    for path in plans() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let formatted = plan::format::format(&text).expect("parses");
        assert!(
            formatted == text,
            "{} is not formatted: run `plan fmt plans`",
            relative(&path).display()
        );
    }
}
