//! `plan fmt`: the canonical layout is idempotent, keeps every comment, and never changes
//! meaning — the compiled output (and the findings) of every plan and fixture are the same
//! before and after formatting, and so are those of generated plans.

mod common;

use std::path::{Path, PathBuf};

use plan::format::format;
use proptest::prelude::*;

/// Every `.plan` file under plans/ and tests/fixtures/.
fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["plans", "tests/fixtures"] {
        for entry in ignore::WalkBuilder::new(dir).build().flatten() {
            let path = entry.into_path();
            if path.extension().is_some_and(|e| e == "plan") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What a plan means: its compiled tree without `line` fields (a layout change may move
/// lines), and its findings' codes and messages.
fn meaning(path: &Path, text: &str) -> Option<(serde_json::Value, Vec<String>)> {
    let checked = plan::check_text(path, text);
    let model = checked.model.as_ref()?;
    let mut tree = serde_json::to_value(plan::emit::compiled::compile(model)).ok()?;
    drop_lines(&mut tree);
    let findings = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, plan::i18n::Lang::En.say(&d.message)))
        .collect();
    Some((tree, findings))
}

fn drop_lines(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("line");
            map.values_mut().for_each(drop_lines);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_lines),
        _ => {}
    }
}

/// Every comment's text, found by scanning lines (not by the formatter's own lexer).
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    out.push(line[i..].trim_end().to_string());
                    break;
                }
                _ => {}
            }
        }
    }
    out
}

/// Format, and check everything the formatter promises about this text.
fn check_formatting(path: &Path, text: &str) -> Result<(), String> {
    let Ok(once) = format(text) else {
        return Ok(()); // refused: a syntax error (tested separately)
    };
    let twice = format(&once).map_err(|e| format!("formatted text does not parse: {e:?}"))?;
    if twice != once {
        return Err(format!("not idempotent:\n{once}\n---\n{twice}"));
    }
    if comments(text) != comments(&once) {
        return Err(format!(
            "comments changed: {:?} -> {:?}",
            comments(text),
            comments(&once)
        ));
    }
    if meaning(path, text) != meaning(path, &once) {
        return Err(format!("meaning changed:\n{text}\n---\n{once}"));
    }
    Ok(())
}

#[test]
fn every_plan_and_fixture_keeps_its_meaning_and_comments() {
    let files = corpus();
    assert!(files.len() >= 5, "corpus not found: {files:?}");
    let mut formatted = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if let Err(e) = check_formatting(path, &text) {
            panic!("{}: {e}", path.display());
        }
        formatted += usize::from(format(&text).is_ok());
    }
    assert!(formatted >= 5, "only {formatted} files formatted");
}

#[test]
fn a_syntax_error_is_refused_and_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.plan");
    let text = "measure 粮食 {\n    target 产量 >=\n}\n";
    std::fs::write(&bad, text).unwrap();
    let out = common::plan()
        .args(["fmt", "--lang", "en"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The target line that ends without its number is where the mistake is (issue 9).
    assert!(stderr.contains("bad.plan:2:5"), "{stderr}");
    assert!(stderr.contains("not formatted"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), text);
}

#[test]
fn check_lists_the_files_it_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.plan");
    let tidy = dir.path().join("tidy.plan");
    let text = "metric 产值   in 亿元 # 注\nmeasure 粮食 { owner 发改局 }\n";
    std::fs::write(&messy, text).unwrap();
    std::fs::write(&tidy, "metric 产值 in 亿元\n").unwrap();
    let run = |args: &[&str]| common::plan().args(args).arg(dir.path()).output().unwrap();
    let out = run(&["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("messy.plan"), "{listed}");
    assert!(!listed.contains("tidy.plan"), "{listed}");
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), text);

    let out = run(&["fmt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "metric 产值 in 亿元 # 注\n\nmeasure 粮食 {\n  owner 发改局\n}\n"
    );
    assert_eq!(run(&["fmt", "--check"]).status.code(), Some(0));
}

// ───────────── generated plans ─────────────

/// Whitespace between two tokens: spaces, line ends, blank lines, or a comment.
fn separator() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(" ".to_string()),
        1 => Just("   ".to_string()),
        1 => Just("\t".to_string()),
        2 => Just("\n".to_string()),
        1 => Just("\n\n\n  ".to_string()),
        1 => "[a-z注释目标 ]{0,6}".prop_map(|c| format!(" # {c}\n")),
        1 => "[a-z注释]{0,6}".prop_map(|c| format!("\n# {c}\n")),
    ]
}

fn body_line(i: usize) -> impl Strategy<Value = Vec<String>> {
    let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    prop_oneof![
        Just(t(&["owner", "发改局", ",", "经信局"])),
        Just(t(&["owner", "区经信局"])),
        Just(t(&["deadline", "2025-06"])),
        Just(t(&["target", "产值", ">=", "350", "亿元"])),
        Just(t(&["target", "产值", "≥", "350亿元", "by", "2025-Q2"])),
        Just(t(&["target", "城镇化率", "change", ">=", "5", "个百分点"])),
        Just(t(&["target", "产值", "growth", "≈", "7", "%"])),
        Just(t(&[
            "target", "粮食", "100", "..", "120", "万吨", "per", "year"
        ])),
        Just(t(&["baseline", "产值", "=", "300", "亿元", "at", "2024"])),
        Just(t(&["note", "\"备注 \\\"引号\\\"\""])),
        Just(if i > 0 {
            t(&["after", "措施0"])
        } else {
            t(&["after", "不存在"])
        }),
    ]
}

fn generated_plan() -> impl Strategy<Value = String> {
    let measures = prop::collection::vec(prop::collection::vec(body_line(1), 0..4), 1..4);
    let header = prop::bool::ANY;
    (header, measures, prop::collection::vec(separator(), 300)).prop_map(
        |(header, measures, seps)| {
            let mut tokens: Vec<String> = Vec::new();
            fn push(tokens: &mut Vec<String>, s: &[&str]) {
                tokens.extend(s.iter().map(|s| s.to_string()));
            }
            if header {
                push(
                    &mut tokens,
                    &[
                        "plan",
                        "\"计划\"",
                        "{",
                        "issued",
                        "2025-01-10",
                        "period",
                        "2025",
                        "}",
                    ],
                );
            }
            push(
                &mut tokens,
                &[
                    "owners",
                    "{",
                    "发改局",
                    "\"发展和改革局\"",
                    "经信局",
                    "aka",
                    "\"区经信局\"",
                    ",",
                    "\"经信委\"",
                    "}",
                ],
            );
            push(&mut tokens, &["metric", "产值", "in", "亿元"]);
            push(
                &mut tokens,
                &["metric", "城镇化率", "\"常住人口城镇化率\"", "in", "%"],
            );
            for (i, lines) in measures.iter().enumerate() {
                let id = format!("措施{i}");
                push(
                    &mut tokens,
                    &["section", "节", "{", "measure", &id, "\"标题\"", "{"],
                );
                for line in lines {
                    tokens.extend(line.iter().cloned());
                }
                push(&mut tokens, &["}", "}"]);
            }
            let mut text = String::new();
            for (i, tok) in tokens.iter().enumerate() {
                // `..` and `,` may touch their neighbours; everything else needs a separator.
                if i > 0 {
                    text.push_str(seps.get(i % seps.len()).map_or(" ", String::as_str));
                }
                text.push_str(tok);
            }
            text.push('\n');
            text
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn generated_plans_format_safely(text in generated_plan()) {
        // Every generated plan is well-formed, so formatting must succeed.
        prop_assert!(format(&text).is_ok(), "refused:\n{}", text);
        prop_assert_eq!(check_formatting(Path::new("generated.plan"), &text), Ok(()));
    }
}
