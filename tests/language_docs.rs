//! The language reference travels with the project (docs/language.md, docs/language.zh.md):
//! every ```plan example in it must parse, so a planner who copies one gets a plan, not a
//! syntax error. Target, baseline and actual lines written alone (the pages show them so)
//! are read inside a measure of their own.

use std::path::Path;

/// Lines that belong in a measure body when an example writes them at the top level.
const BODY_WORDS: &[&str] = &[
    "target",
    "baseline",
    "actual",
    "milestone",
    "目标",
    "基数",
    "实际",
    "里程碑",
];

fn examples(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut block: Option<(usize, Vec<&str>)> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut block, line.trim_start()) {
            (None, "```plan") => block = Some((i + 2, Vec::new())),
            (Some(_), "```") => {
                if let Some((start, lines)) = block.take() {
                    out.push((start, wrap(&lines)));
                }
            }
            (Some((_, lines)), _) => lines.push(line),
            (None, _) => {}
        }
    }
    out
}

/// The example as a file: top-level body lines moved into a measure at its end.
fn wrap(lines: &[&str]) -> String {
    let mut depth = 0i32;
    let (mut top, mut body) = (String::new(), String::new());
    for line in lines {
        let first = line.split_whitespace().next().unwrap_or("");
        let first = first.trim_end_matches([':', '：']);
        if depth == 0 && BODY_WORDS.contains(&first) {
            body.push_str(line);
            body.push('\n');
        } else {
            top.push_str(line);
            top.push('\n');
        }
        let code = line.split(['#', '＃']).next().unwrap_or("");
        depth += code.matches(['{', '｛']).count() as i32;
        depth -= code.matches(['}', '｝']).count() as i32;
    }
    if !body.is_empty() {
        top.push_str("measure 示例 {\n");
        top.push_str(&body);
        top.push_str("}\n");
    }
    top
}

#[test]
fn every_example_of_the_reference_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (page, least) in [("docs/language.md", 10), ("docs/language.zh.md", 3)] {
        let text = std::fs::read_to_string(root.join(page)).expect("the page exists");
        let found = examples(&text);
        assert!(found.len() >= least, "{page} has {} examples", found.len());
        for (line, example) in found {
            if let Err(e) = plan::syntax::parse(&example) {
                panic!("{page}:{line}: the example does not parse: {e:?}\n{example}");
            }
        }
    }
}

#[test]
fn the_readme_links_both_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    assert!(
        readme.contains("(docs/language.md)"),
        "README links docs/language.md"
    );
    assert!(
        readme.contains("(docs/language.zh.md)"),
        "README links docs/language.zh.md"
    );
}
