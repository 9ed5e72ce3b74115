//! The `plan explain` pages (docs/codes/<lang>/<CODE>.md) keep their promises: every page
//! has the same shape, its failing example reports its code (and nothing else), and its
//! fixed example reports nothing at all. The examples are run through the real checker,
//! so a page cannot drift away from what `plan check` says.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use plan::diagnostic::Code;

/// Codes whose examples need more than one file: the page shows each file in its own block,
/// so the single-text run is skipped (see `import_cycle_example_across_two_files`).
const MULTI_FILE: &[&str] = &["R403"];

/// The headings of a page, in order, per language.
const EN: Headings = Headings {
    dir: "en",
    why: "## Why it matters",
    failing: "## Failing example",
    fixed: "## Fixed example",
    fix: "## How to fix",
};
const ZH: Headings = Headings {
    dir: "zh",
    why: "## 为什么重要",
    failing: "## 错误示例",
    fixed: "## 修正示例",
    fix: "## 如何修正",
};

struct Headings {
    dir: &'static str,
    why: &'static str,
    failing: &'static str,
    fixed: &'static str,
    fix: &'static str,
}

/// A page cut into the parts the structure promises.
struct Page {
    /// The one sentence under the title.
    summary: String,
    /// Every ```plan block between the failing and the fixed heading.
    failing: Vec<String>,
    /// Every ```plan block between the fixed heading and "how to fix".
    fixed: Vec<String>,
    /// The prose of "how to fix".
    fix: String,
}

fn read_page(code: Code, h: &Headings) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/codes")
        .join(h.dir)
        .join(format!("{code}.md"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text between two lines that are exactly `from` and `to` (or the end).
fn between<'a>(lines: &[&'a str], from: &str, to: Option<&str>) -> Vec<&'a str> {
    let start = lines.iter().position(|l| *l == from).map_or(0, |i| i + 1);
    let end = to
        .and_then(|to| lines.iter().position(|l| *l == to))
        .unwrap_or(lines.len());
    lines.get(start..end).unwrap_or(&[]).to_vec()
}

/// The language of a code's examples: plans, or `plan.toml` for the configuration's codes.
fn example_fence(code: Code) -> &'static str {
    if code.as_str().starts_with('C') {
        "```toml"
    } else {
        "```plan"
    }
}

/// The example blocks (opened by `fence`) in some lines, each as its text.
fn plan_blocks(lines: &[&str], fence: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in lines {
        match (&mut current, *line) {
            (None, l) if l == fence => current = Some(Vec::new()),
            (Some(block), "```") => {
                blocks.push(block.join("\n") + "\n");
                current = None;
            }
            (Some(block), l) => block.push(l),
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "unclosed ```plan block");
    blocks
}

/// Check the shape of a page and cut it into its parts.
fn parse(code: Code, h: &Headings) -> Page {
    let text = read_page(code, h);
    let where_ = format!("docs/codes/{}/{code}.md", h.dir);
    let lines: Vec<&str> = text.lines().collect();

    let title = format!("# {} {}", code.as_str(), code.name());
    assert_eq!(
        lines.first().copied(),
        Some(title.as_str()),
        "{where_}: title"
    );

    let headings: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("## "))
        .collect();
    assert_eq!(
        headings,
        [h.why, h.failing, h.fixed, h.fix],
        "{where_}: the four sections, in order"
    );

    let summary = between(&lines, &title, Some(h.why)).join(" ");
    let summary = summary.trim().to_string();
    assert!(!summary.is_empty(), "{where_}: no one-sentence summary");
    let why = between(&lines, h.why, Some(h.failing)).join(" ");
    assert!(!why.trim().is_empty(), "{where_}: empty \"why\"");

    let fence = example_fence(code);
    let failing = plan_blocks(&between(&lines, h.failing, Some(h.fixed)), fence);
    let fixed = plan_blocks(&between(&lines, h.fixed, Some(h.fix)), fence);
    assert!(!failing.is_empty(), "{where_}: no failing ```plan block");
    assert!(!fixed.is_empty(), "{where_}: no fixed ```plan block");
    for block in failing.iter().chain(&fixed) {
        let n = block.lines().count();
        assert!(
            (5..=15).contains(&n),
            "{where_}: an example of {n} lines (keep them 5–15)"
        );
    }
    let fix = between(&lines, h.fix, None).join(" ").trim().to_string();
    assert!(!fix.is_empty(), "{where_}: empty \"how to fix\"");
    assert!(text.ends_with('\n'), "{where_}: no final newline");

    Page {
        summary,
        failing,
        fixed,
        fix,
    }
}

/// The codes `plan check` reports for one example (a plan, or a `plan.toml`).
fn codes_of(code: Code, text: &str) -> Vec<String> {
    let diagnostics = if example_fence(code) == "```toml" {
        plan::config::Config::parse(plan::source::Source::new("plan.toml", text), None).diagnostics
    } else if let Some(as_of) = as_of_line(text) {
        // The progress codes (S6xx) need a date: the example's first line gives it, as
        // `# plan check --as-of 2025-07-01`.
        let checked = plan::check_text("example.plan", text);
        let mut found = checked.diagnostics;
        if let Some(model) = checked.model.as_ref() {
            found.extend(plan::status::findings(model, as_of));
        }
        found
    } else {
        plan::check_text("example.plan", text).diagnostics
    };
    diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect()
}

/// The date of an example whose first line is `# plan check --as-of DATE`.
fn as_of_line(text: &str) -> Option<chrono::NaiveDate> {
    let date = text.lines().next()?.strip_prefix("# plan check --as-of ")?;
    Some(plan::dates::parse_date(date.trim()).ok()?.end)
}

/// `zh` is the example `en` with Chinese keywords: the same plan once both are written with
/// English keywords by `plan fmt`, or, for one that does not parse, the same findings on the
/// same lines. A plan block of the Chinese page keeps no English keyword at a line's start.
fn same_example(code: Code, en: &str, zh: &str) {
    use plan::format::{format_with, Keywords};
    if example_fence(code) != "```plan" {
        assert_eq!(en, zh, "{code}: examples differ en/zh");
        return;
    }
    const ENGLISH: &[&str] = &[
        "plan ", "owners ", "measure ", "section ", "owner ", "target ",
    ];
    for line in zh.lines() {
        let line = line.trim_start();
        assert!(
            !ENGLISH.iter().any(|k| line.starts_with(k)),
            "{code}: English keyword in a Chinese example: {line}"
        );
    }
    match (format_with(en, Keywords::En), format_with(zh, Keywords::En)) {
        (Ok(en), Ok(zh)) => assert_eq!(en, zh, "{code}: examples differ en/zh"),
        _ => {
            let found = |text: &str| -> Vec<(String, usize)> {
                plan::check_text("example.plan", text)
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let (line, _) = d.location.source.line_col(d.location.span.start);
                        (d.code.as_str().to_string(), line)
                    })
                    .collect()
            };
            assert_eq!(found(en), found(zh), "{code}: examples differ en/zh");
        }
    }
}

#[test]
fn every_page_has_the_promised_shape_in_both_languages() {
    for code in Code::ALL {
        let en = parse(code, &EN);
        let zh = parse(code, &ZH);
        // The examples are the same plans in both languages, the Chinese page's written
        // with Chinese keywords (LANGUAGE.md §8), as a Chinese planner types them.
        for (en, zh) in [(&en.failing, &zh.failing), (&en.fixed, &zh.fixed)] {
            assert_eq!(en.len(), zh.len(), "{code}: examples differ en/zh");
            for (en, zh) in en.iter().zip(zh.iter()) {
                same_example(code, en, zh);
            }
        }
        assert_ne!(en.summary, zh.summary, "{code}: zh summary not translated");
        assert_ne!(en.fix, zh.fix, "{code}: zh \"how to fix\" not translated");
        assert!(
            !en.summary.contains("to be written"),
            "{code}: placeholder page"
        );
    }
}

#[test]
fn failing_examples_report_their_code_and_fixed_examples_nothing() {
    let mut problems = Vec::new();
    for code in Code::ALL {
        let name = code.as_str();
        if MULTI_FILE.contains(&name) {
            continue;
        }
        // Same blocks in both languages (checked above), so run the English ones.
        let page = parse(code, &EN);
        let (Some(failing), Some(fixed)) = (page.failing.first(), page.fixed.first()) else {
            continue;
        };

        let found = codes_of(code, failing);
        let others: BTreeSet<&String> = found.iter().filter(|c| *c != name).collect();
        if !others.is_empty() {
            problems.push(format!("{name}: failing example also reports {others:?}"));
        }
        if !found.iter().any(|c| c == name) {
            problems.push(format!("{name}: failing example does not report {name}"));
        }

        let found = codes_of(code, fixed);
        if !found.is_empty() {
            problems.push(format!("{name}: fixed example reports {found:?}"));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// R403's page shows two files, each block introduced by a line naming it (`registry.plan`).
/// Write them to a folder and check the first: the cycle must be found, and the fixed
/// pair must be clean.
#[test]
fn import_cycle_example_across_two_files() {
    let text = read_page(Code::R403, &EN);
    let lines: Vec<&str> = text.lines().collect();
    let named_blocks = |from: &str, to: &str| -> Vec<(String, String)> {
        let part = between(&lines, from, Some(to));
        let mut out = Vec::new();
        let mut name = None;
        for (i, line) in part.iter().enumerate() {
            if let Some(n) = line
                .split('`')
                .find(|w| w.ends_with(".plan") && !w.contains(' '))
            {
                name = Some(n.to_string());
            }
            if *line == "```plan" {
                let block = plan_blocks(part.get(i..).unwrap_or(&[]), "```plan");
                let file = name
                    .take()
                    .expect("a ```plan block with no file named before it");
                out.push((file, block.first().cloned().unwrap_or_default()));
            }
        }
        out
    };
    let check = |files: &[(String, String)]| -> Vec<Vec<String>> {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write example");
        }
        let loader = plan::model::Loader::new();
        files
            .iter()
            .map(|(name, _)| {
                plan::check_file(&loader, &dir.path().join(name))
                    .expect("example readable")
                    .diagnostics
                    .iter()
                    .map(|d| d.code.as_str().to_string())
                    .collect()
            })
            .collect()
    };

    let failing = named_blocks(EN.failing, EN.fixed);
    assert_eq!(failing.len(), 2, "R403: two files in the failing example");
    let found = check(&failing);
    assert!(
        found.iter().flatten().all(|c| c == "R403"),
        "R403 failing example: {found:?}"
    );
    assert!(
        found.first().is_some_and(|f| f.iter().any(|c| c == "R403")),
        "R403 failing example: the first file should report the cycle: {found:?}"
    );

    let fixed = named_blocks(EN.fixed, EN.fix);
    assert_eq!(fixed.len(), 2, "R403: two files in the fixed example");
    let found = check(&fixed);
    assert!(
        found.iter().all(|f| f.is_empty()),
        "R403 fixed example: {found:?}"
    );
}

fn plan_bin(args: &[&str]) -> std::process::Output {
    common::plan().args(args).output().expect("run plan")
}

#[test]
fn explain_prints_the_page_for_a_code_in_any_case() {
    let out = plan_bin(&["explain", "o101"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("# O101 missing-owner\n"), "{stdout}");
    assert!(stdout.contains("## Failing example"), "{stdout}");
}

#[test]
fn explain_prints_the_chinese_page_with_lang_zh() {
    let out = plan_bin(&["explain", "O101", "--lang", "zh"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("# O101"), "{stdout}");
    assert!(stdout.contains("## 错误示例"), "{stdout}");
}

#[test]
fn explain_an_unknown_code_is_a_usage_error() {
    let out = plan_bin(&["explain", "X999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("X999"));
}

/// `plan explain 责任单位` (or `owner`, `part`, `争取`): what a keyword means, with its other
/// spelling, in the language of the messages (LANGUAGE.md §8).
#[test]
fn explain_a_keyword_in_either_spelling() {
    let zh = plan_bin(&["explain", "责任单位", "--lang", "zh"]);
    assert_eq!(zh.status.code(), Some(0));
    let text = String::from_utf8_lossy(&zh.stdout);
    assert!(
        text.starts_with("责任单位（owner）：章节或措施的责任单位"),
        "{text}"
    );
    let en = plan_bin(&["explain", "owner", "--lang", "en"]);
    let text = String::from_utf8_lossy(&en.stdout);
    assert!(
        text.starts_with("owner (责任单位): the responsible units"),
        "{text}"
    );
    let second = plan_bin(&["explain", "争取", "--lang", "en"]);
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(
        text.starts_with("stretch (力争): a target the plan strives for"),
        "{text}"
    );
}
