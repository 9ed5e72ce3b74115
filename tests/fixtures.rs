//! One fixture per check, named by its code: `tests/fixtures/D201_deadline_outside_period.plan`
//! must report D201, `tests/fixtures/D201_clean.plan` must report nothing at all. What a user
//! sees — the rendered report in English and Chinese (no colour, 100 columns) and the JSON
//! report — is snapshot-tested in tests/snapshots/. See tests/fixtures/README.md.

use std::path::Path;

use plan::diagnostic::Code;
use plan::emit::{human, report};
use plan::i18n::Lang;

/// What a user sees for one file, in both languages and as JSON.
fn seen(path: &Path) -> (String, Vec<&'static str>) {
    let relative = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf();
    let loader = plan::model::Loader::new();
    let checked = plan::check_file(&loader, &relative).expect("fixture is readable");
    let d = &match max_findings(path) {
        Some(max) => {
            let mut found = checked.diagnostics.clone();
            plan::diagnostic::sort(&mut found);
            plan::cap::findings(found, max)
        }
        None => checked.diagnostics.clone(),
    };
    let style = |lang| human::Style {
        color: false,
        width: 100,
        lang,
    };
    let text = format!(
        "--- en ---\n{}--- zh ---\n{}--- json ---\n{}\n",
        human::render(d, style(Lang::En)),
        human::render(d, style(Lang::Zh)),
        report::to_json(&report::build(d, 1, Lang::En)),
    );
    (text, d.iter().map(|d| d.code.as_str()).collect())
}

/// The cap of a fixture whose first line is `# plan check --max-findings N` (L802): its
/// findings are capped as `plan check` prints them.
fn max_findings(path: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    let max = text
        .lines()
        .next()?
        .strip_prefix("# plan check --max-findings ")?;
    max.trim().parse().ok()
}

#[test]
fn fixtures() {
    // Paths in reports are relative to the crate, as a user running `plan check` there sees.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate dir");
    insta::glob!("fixtures/*.plan", |path| {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let code = stem.split('_').next().unwrap_or("");
        let (text, codes) = seen(path);
        if stem.ends_with("_clean") {
            assert!(codes.is_empty(), "{stem} must be clean, found {codes:?}");
        } else {
            assert!(
                Code::parse(code).is_some(),
                "fixture {stem} must start with a code"
            );
            assert!(
                codes.contains(&code),
                "{stem} must report {code}, found {codes:?}"
            );
        }
        insta::assert_snapshot!(text);
    });
}
