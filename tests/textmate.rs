//! The VS Code grammar (editors/vscode/syntaxes/plan.tmLanguage.json) run through VS Code's
//! own tokenizer (vscode-textmate + vscode-oniguruma from npm, in tests/editors/; `.ci/run`
//! installs them with `npm ci`): what colour each piece of a line gets in the editor.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Each line's tokens: (text, innermost scope), whitespace and unscoped text left out.
fn tokenize(lines: &[&str]) -> Option<Vec<Vec<(String, String)>>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors");
    if !dir.join("node_modules/vscode-textmate").exists() {
        common::missing_tool("vscode-textmate (npm ci --prefix tests/editors)");
        return None;
    }
    let mut child = match Command::new("node")
        .arg(dir.join("textmate.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(_) => {
            common::missing_tool("node");
            return None;
        }
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(lines.join("\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Vec<(String, Vec<String>)>> =
        serde_json::from_slice(&out.stdout).expect("JSON tokens");
    Some(
        parsed
            .into_iter()
            .map(|line| {
                line.into_iter()
                    .filter_map(|(text, scopes)| Some((text, scopes.last()?.clone())))
                    .collect()
            })
            .collect(),
    )
}

fn t(text: &str, scope: &str) -> (String, String) {
    (text.to_string(), format!("{scope}.plan"))
}

#[test]
fn dates_ranges_units_and_chinese_keywords_get_their_scopes() {
    let lines = [
        "period 2021..2023",
        "period 2024-07-01..2024-12-31",
        "  target 产值 >= 350 亿元 by 2025",
        "  target 产值 >= 350亿元 per year",
        "metric 日处理量 \"日处理量\" in 万吨/日",
        "  target 城镇化率 change >= 5 个百分点 by 2025-H1",
        "措施 新型工业化 “以实业兴区” ｛",
        "  责任单位：市发改委、市财政局",
        "  基数 产值 = 10 亿元 于 2024",
        "  时限 2025-06 # 年中",
    ];
    let Some(found) = tokenize(&lines) else {
        return;
    };
    let want: Vec<Vec<(String, String)>> = vec![
        vec![
            t("period", "keyword.other"),
            t("2021", "constant.other.date"),
            t("..", "punctuation.separator.range"),
            t("2023", "constant.other.date"),
        ],
        vec![
            t("period", "keyword.other"),
            t("2024-07-01", "constant.other.date"),
            t("..", "punctuation.separator.range"),
            t("2024-12-31", "constant.other.date"),
        ],
        vec![
            t("target", "keyword.other"),
            t(">=", "keyword.operator.comparison"),
            t("350", "constant.numeric"),
            t("亿元", "keyword.other.unit"),
            t("by", "keyword.other"),
            t("2025", "constant.other.date"),
        ],
        vec![
            t("target", "keyword.other"),
            t(">=", "keyword.operator.comparison"),
            t("350", "constant.numeric"),
            t("亿元", "keyword.other.unit"),
            t("per", "keyword.other"),
            t("year", "keyword.other"),
        ],
        vec![
            t("metric", "keyword.declaration"),
            t("日处理量", "entity.name.type"),
            t("\"", "string.quoted.double"),
            t("日处理量", "string.quoted.double"),
            t("\"", "string.quoted.double"),
            t("in", "keyword.other"),
            t("万吨/日", "keyword.other.unit"),
        ],
        vec![
            t("target", "keyword.other"),
            t("change", "keyword.other"),
            t(">=", "keyword.operator.comparison"),
            t("5", "constant.numeric"),
            t("个百分点", "keyword.other.unit"),
            t("by", "keyword.other"),
            t("2025-H1", "constant.other.date"),
        ],
        vec![
            t("措施", "keyword.declaration"),
            t("新型工业化", "entity.name.type"),
            t("“", "string.quoted.other.chinese"),
            t("以实业兴区", "string.quoted.other.chinese"),
            t("”", "string.quoted.other.chinese"),
            t("｛", "punctuation.section.block"),
        ],
        vec![
            t("责任单位", "keyword.other"),
            t("：", "punctuation.separator"),
            t("、", "punctuation.separator"),
        ],
        vec![
            t("基数", "keyword.other"),
            t("=", "keyword.operator.comparison"),
            t("10", "constant.numeric"),
            t("亿元", "keyword.other.unit"),
            t("于", "keyword.other"),
            t("2024", "constant.other.date"),
        ],
        vec![
            t("时限", "keyword.other"),
            t("2025-06", "constant.other.date"),
            t("# 年中", "comment.line.number-sign"),
        ],
    ];
    for ((line, got), want) in lines.iter().zip(&found).zip(&want) {
        assert_eq!(got, want, "{line}");
    }
}

#[test]
fn every_keyword_of_the_language_is_a_keyword() {
    // LANGUAGE.md §8: each Chinese form is a keyword like its English one; the one table of
    // keywords (src/syntax/keywords.rs, v2 ones too) is what the editor must colour.
    use plan::syntax::keywords::{KEYWORDS, MORE_ZH};
    let mut words: Vec<&str> = Vec::new();
    for k in KEYWORDS {
        words.push(k.zh);
        words.extend(k.en.split(' '));
    }
    words.extend(MORE_ZH.iter().map(|(zh, _)| *zh));
    words.sort_unstable();
    words.dedup();
    let Some(found) = tokenize(&words) else {
        return;
    };
    for (word, got) in words.iter().zip(&found) {
        assert_eq!(got.len(), 1, "{word}: {got:?}");
        assert!(
            got[0].0 == *word
                && (got[0].1.starts_with("keyword.") || got[0].1 == "constant.language.plan"),
            "{word}: {got:?}"
        );
    }
}

#[test]
fn v2_lines_get_their_scopes() {
    let lines = [
        "  目标 确保 城镇新增就业 >= 3000 人 时段 2025",
        "  target stretch 规上企业 > 300 家 over 2024..2025",
    ];
    let Some(found) = tokenize(&lines) else {
        return;
    };
    let zh = &found[0];
    assert!(zh.contains(&t("确保", "keyword.other")), "{zh:?}");
    assert!(zh.contains(&t("时段", "keyword.other")), "{zh:?}");
    assert!(zh.contains(&t("2025", "constant.other.date")), "{zh:?}");
    let en = &found[1];
    assert!(en.contains(&t("stretch", "keyword.other")), "{en:?}");
    assert!(en.contains(&t("over", "keyword.other")), "{en:?}");
}
