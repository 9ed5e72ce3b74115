//! LANGUAGE.md §8: a plan written with Chinese keywords and full-width punctuation parses,
//! checks and compiles exactly as its English/ASCII twin. Every fixture and every real plan
//! is rewritten by `common::to_chinese` (its own scanner, not the crate's) into a folder
//! of the test's own, and must give the same findings (codes and lines) and, when it has no
//! errors, the same compiled plan.

mod common;

use std::path::{Path, PathBuf};

use plan::diagnostic::Severity;
use plan::emit::compiled;

/// Copy every `*.plan` of `from` (and its `imports/`) into `to`, rewritten in Chinese.
fn rewrite_folder(from: &Path, to: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    std::fs::create_dir_all(to).expect("temporary folder");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(from)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().expect("name").to_owned();
        if path.is_dir() {
            pairs.extend(rewrite_folder(&path, &to.join(&name)));
        } else if path.extension().is_some_and(|x| x == "plan") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let chinese = common::to_chinese(&text);
            assert_ne!(chinese, text, "{} was not rewritten", path.display());
            std::fs::write(to.join(&name), chinese).expect("written");
            pairs.push((path, to.join(&name)));
        }
    }
    pairs
}

/// Codes and lines of every finding, and the compiled JSON when there is no error.
fn outcome(path: &Path) -> (Vec<(String, usize)>, Option<String>) {
    let loader = plan::model::Loader::new();
    let checked = plan::check_file(&loader, path).expect("readable");
    let findings = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.start().0))
        .collect();
    let errors = checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let compiled = checked
        .model
        .as_ref()
        .filter(|_| !errors)
        .map(|m| compiled::to_json(&compiled::compile(m)).expect("json"));
    (findings, compiled)
}

fn same_as_english(folder: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let to = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("chinese")
        .join(folder);
    let _ = std::fs::remove_dir_all(&to);
    let pairs = rewrite_folder(&from, &to);
    assert!(pairs.len() >= 5, "{folder}: nothing to compare");
    let mut compiled_count = 0;
    for (english, chinese) in &pairs {
        let (en_findings, en_compiled) = outcome(english);
        let (zh_findings, zh_compiled) = outcome(chinese);
        assert_eq!(
            en_findings,
            zh_findings,
            "{} in Chinese ({}) gives other findings",
            english.display(),
            chinese.display()
        );
        assert_eq!(
            en_compiled,
            zh_compiled,
            "{} in Chinese compiles to something else",
            english.display()
        );
        compiled_count += usize::from(en_compiled.is_some());
    }
    assert!(
        compiled_count > 0,
        "{folder}: no compiled plan was compared"
    );
}

#[test]
fn every_fixture_in_chinese_gives_the_same_findings_and_plan() {
    same_as_english("tests/fixtures");
}

#[test]
fn every_real_plan_in_chinese_gives_the_same_findings_and_plan() {
    same_as_english("plans");
}

#[test]
fn the_rewrite_is_chinese() {
    let text = "plan \"计划\" {\n  issued 2025-03-26\n  period 2021..2023\n  status draft\n}\nmetric 产值 in 亿元 part of 总产值 # 注\nmeasure m {\n  owner 经信局, 发改局\n  target 产值 >= 1_450.5 亿元 per year by 2025-Q3\n  baseline 产值 = 12 亿元 at 2024\n  target 率 change >= -5 个百分点\n  note \"说明\"\n}\n";
    let expected = "计划 “计划” ｛\n\u{3000}印发 ２０２５－０３－２６\n  期间 ２０２１..２０２３\n\u{3000}状态 草案\n｝\n指标 产值 单位为 亿元 属于 总产值 ＃ 注\n措施 m ｛\n\u{3000}责任单位：经信局、 发改局\n  目标 产值 ≥ １_４５０．５ 亿元 每年 截至 ２０２５－Q３\n\u{3000}基数 产值 ＝ １２ 亿元 于 ２０２４\n  目标 率 变化 ＞＝ －５ 个百分点\n\u{3000}备注 “说明”\n｝\n";
    assert_eq!(common::to_chinese(text), expected);
}

/// Columns on a line with full-width digits (3 bytes each in UTF-8, one character, one
/// UTF-16 unit): the JSON report counts characters and SARIF counts UTF-16 units, so both
/// give 20 for the date `２０２５－０２－３０`, where a byte count would give 40.
#[test]
fn columns_on_a_line_with_full_width_digits() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chinese-columns");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(
        dir.join("全角.plan"),
        "责任单位名录 ｛ 经信局 ｝\n措施 m ｛\n  责任单位：经信局\n  目标 产量 ≥ １２０万吨 截至 ２０２５－０２－３０\n｝\n",
    )
    .expect("written");
    let (code, out, _) = common::run(&dir, &["check", "--format", "json", "全角.plan"]);
    assert_eq!(code, 1, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "D207");
    assert_eq!(
        d["message"],
        "`2025-02-30` is not a valid date: February 2025 has 28 days, not 30"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(20))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(4), Some(30))
    );

    let (_, out, _) = common::run(&dir, &["check", "--format", "sarif", "全角.plan"]);
    let log: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(20), Some(30))
    );

    let (_, out, _) = common::run(&dir, &["check", "全角.plan"]);
    assert!(out.contains("全角.plan:4:20"), "{out}");
}

/// `plan fmt` on every fixture and plan, converted both ways: English → Chinese keywords →
/// English gives back the English layout, Chinese-typed text keeps Chinese keywords with
/// ASCII punctuation, every result is formatted already (idempotent) and means the same:
/// the same findings and compiled plan as the original.
#[test]
fn fmt_converts_keywords_both_ways_and_keeps_the_meaning() {
    use plan::format::{format, format_with, Keywords};
    for folder in ["tests/fixtures", "plans"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let to = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("fmt")
            .join(folder);
        let _ = std::fs::remove_dir_all(&to);
        let pairs = rewrite_folder(&from, &to);
        let mut formatted_count = 0;
        for (english_path, chinese_path) in &pairs {
            let english = std::fs::read_to_string(english_path).expect("readable");
            let typed = std::fs::read_to_string(chinese_path).expect("readable");
            if format(&english).is_err() {
                assert!(format(&typed).is_err(), "{}", chinese_path.display());
                continue;
            }
            // The English layout, also of a file kept in Chinese keywords (plans/ has one).
            let canonical = format_with(&english, Keywords::En).expect("formats");
            formatted_count += 1;
            let name = english_path.display();
            let zh = format_with(&english, Keywords::Zh).expect("formats");
            assert_eq!(
                format_with(&zh, Keywords::En).expect("formats"),
                canonical,
                "{name}"
            );
            assert_eq!(
                format(&zh).expect("formats"),
                zh,
                "{name}: not idempotent in Chinese"
            );
            let kept = format(&typed).expect("formats");
            assert_eq!(format(&kept).expect("formats"), kept, "{name}");
            // Kept in Chinese keywords, ASCII punctuation: the same text as the English
            // layout but for the keywords and the quotes.
            assert!(
                kept.contains("措施") || !canonical.contains("measure "),
                "{name}: {kept}"
            );
            let quotes = |t: &str| t.replace(['“', '”'], "\"");
            assert_eq!(
                quotes(&format_with(&kept, Keywords::En).expect("formats")),
                quotes(&canonical),
                "{name}"
            );
            // Each form means what the English layout means (formatting moves lines, so
            // the English is compared formatted too).
            let en_path = chinese_path.with_extension("en.plan");
            std::fs::write(&en_path, &canonical).expect("written");
            let original = outcome(&en_path);
            for (form, text) in [("zh", &zh), ("kept", &kept)] {
                let path = chinese_path.with_extension(format!("{form}.plan"));
                std::fs::write(&path, text).expect("written");
                assert_eq!(outcome(&path), original, "{name} as {form}");
            }
        }
        assert!(formatted_count >= 5, "{folder}");
    }
}

/// `plan fmt --keywords zh` then `--keywords en` on a file, through the command line.
#[test]
fn fmt_keywords_on_the_command_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chinese-fmt-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    let english = "owners {\n  经信局\n}\n\nmeasure m {\n  owner 经信局\n  target 产值 >= 5 亿元 per year\n}\n";
    std::fs::write(dir.join("a.plan"), english).expect("written");
    let (code, _, err) = common::run(&dir, &["fmt", "--keywords", "zh", "a.plan"]);
    assert_eq!(code, 0, "{err}");
    let chinese = std::fs::read_to_string(dir.join("a.plan")).expect("readable");
    assert_eq!(
        chinese,
        "责任单位名录 {\n  经信局\n}\n\n措施 m {\n  责任单位 经信局\n  目标 产值 >= 5 亿元 每年\n}\n"
    );
    // Kept Chinese without the option; converted back with `--keywords en`.
    let (code, out, _) = common::run(&dir, &["fmt", "--check", "a.plan"]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, _, _) = common::run(&dir, &["fmt", "--keywords", "en", "a.plan"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("a.plan")).expect("readable"),
        english
    );
}
