//! Bad input never panics, hangs or overflows the stack: it gets a finding or a clean
//! result, and a sensible exit code.

mod common;

use proptest::prelude::*;

/// Check bytes written to a file; returns (exit code, JSON report).
fn check_bytes(bytes: &[u8]) -> (i32, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.plan"), bytes).unwrap();
    let (code, stdout, stderr) = common::run(dir.path(), &["check", "--format", "json", "x.plan"]);
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {stdout} {stderr}"));
    (code, report)
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_empty_file_is_clean() {
    let (code, report) = check_bytes(b"");
    assert_eq!(code, 0);
    assert_eq!(codes(&report), Vec::<String>::new());
}

#[test]
fn a_file_that_is_not_utf8_is_a_finding() {
    let (code, report) = check_bytes(b"owners {\n  \xff\xfe \"x\"\n}\n");
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["P001"]);
    let d = &report["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(3))
    );
}

#[test]
fn nul_bytes_are_a_syntax_error() {
    let (code, report) = check_bytes(b"measure m {\0}\n");
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["P001"]);
}

#[test]
fn a_bom_is_ignored_and_columns_start_after_it() {
    let (code, report) = check_bytes("\u{feff}measure 粮食 { }\n".as_bytes());
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["O101"]);
    assert_eq!(report["diagnostics"][0]["column"], 9);
}

#[test]
fn crlf_line_ends_count_as_one() {
    let text =
        "owners {\r\n  发改局 \"发展和改革局\"\r\n}\r\nmeasure 粮食 {\r\n  owner 发该局\r\n}\r\n";
    let (code, report) = check_bytes(text.as_bytes());
    assert_eq!(code, 1);
    // The owner is misspelt (O102), so the registered one is unused (O104).
    assert_eq!(codes(&report), ["O104", "O102"]);
    let d = &report["diagnostics"][1];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(d["end_column"], 12);
}

#[test]
fn ten_thousand_nested_sections_are_a_finding_not_a_stack_overflow() {
    let depth = 10_000;
    let text = format!("{}{}", "section s {\n".repeat(depth), "}\n".repeat(depth));
    let (code, report) = check_bytes(text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["P001"]);
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nested more than"));
}

#[test]
fn a_number_with_400_digits_is_a_finding() {
    let text = format!("measure m {{\n  target x >= {} 个\n}}\n", "9".repeat(400));
    let (code, report) = check_bytes(text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["P001"]);
    assert_eq!(report["diagnostics"][0]["line"], 2);
    assert_eq!(report["diagnostics"][0]["column"], 15);
}

#[test]
fn a_date_that_does_not_exist_is_d207() {
    let (code, report) = check_bytes(
        "plan \"p\" { issued 2025-13-45 period 2025 }\nowners { a \"A\" }\nmeasure m { owner a }\n"
            .as_bytes(),
    );
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["D207"]);
}

#[test]
fn a_ten_megabyte_file_is_checked() {
    let mut text = String::from("owners { 发改局 \"发展和改革局\" }\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "measure 措施{i} \"第{i}项\" {{\n  owner 发改局\n  target 指标{i} >= {i} 万吨 by 2025-06\n  note \"{}\"\n}}\n",
            "说明".repeat(20)
        ));
        i += 1;
    }
    let (code, report) = check_bytes(text.as_bytes());
    assert_eq!(code, 0, "{:?}", codes(&report));
}

#[test]
fn a_directory_given_as_a_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder.plan")).unwrap();
    // As a folder it is walked, and holds no plans: a check of nothing fails (issue 11)...
    let (code, _, stderr) = common::run(dir.path(), &["check", "folder.plan"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no `.plan` file found"), "{stderr}");
    // ...but it cannot be compiled.
    let (code, _, stderr) = common::run(dir.path(), &["compile", "folder.plan", "--to", "json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a directory"));
}

#[test]
fn an_unreadable_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    // A path through a file cannot be read, whoever runs the test (root reads anything else).
    let (code, _, stderr) = common::run(dir.path(), &["check", "file/x.plan"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("plan: file/x.plan:"), "{stderr}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text at all: a finding or a clean result, never a panic.
    #[test]
    fn any_text_is_checked_without_panicking(text in "\\PC{0,200}") {
        let _ = plan::check_text("fuzz.plan", &text);
    }

    /// Text made of the language's own pieces, in any order, reaches deeper into the parser
    /// and resolver than random characters do.
    #[test]
    fn plan_shaped_text_is_checked_without_panicking(
        pieces in proptest::collection::vec(prop_oneof![
            Just("plan \"p\" {"), Just("issued 2025-03-26"), Just("period 2021..2023"),
            Just("owners {"), Just("发改局 \"发展和改革局\" aka \"发改\""), Just("}"), Just("{"),
            Just("section s"), Just("measure m"), Just("measure 粮食"), Just("owner 发改局"),
            Just("deadline 2025-02-30"), Just("after m, 粮食"), Just("target x >= 42 万吨"),
            Just("target x growth ~ 7 %"), Just("target x change >= 5 个百分点"),
            Just("per year"), Just("cumulative"), Just("by 2025-Q5"), Just("by 2024..2023"),
            Just("baseline x = 41.54 万吨 at 2024"), Just("unit 标箱 = 20 吨"),
            Just("metric x in 万吨 part of y"), Just("use \"x.plan\""), Just("note \"说明\""),
            Just("\"未闭合"), Just("#"), Just("\n"), Just("≥"), Just("1_000"), Just("-5"),
            Just("6..7"), Just("milestone \"建成\" by 2022"),
        ], 0..40)
    ) {
        let text = pieces.join(" ");
        let checked = plan::check_text("fuzz.plan", &text);
        if let Some(model) = checked.model.as_ref() {
            let tree = plan::emit::compiled::compile(model);
            prop_assert!(plan::emit::compiled::to_json(&tree).is_ok());
        }
        for d in &checked.diagnostics {
            prop_assert!(d.location.span.start <= d.location.span.end);
            prop_assert!(d.location.span.end <= checked.source.text.len());
        }
    }
}
