//! Helpers shared by the integration tests.
// Each test crate compiles this module and uses only some of its helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A tool the test suite installs into the repository's virtual environment (`.venv`, made
/// by the README's test command and by `.ci/run`), falling back to `PATH`: Debian's Python
/// refuses a system-wide `pip install`, so the tools live in the venv.
pub fn venv_tool(name: &str) -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".venv/bin")
        .join(name);
    if venv.exists() {
        venv
    } else {
        PathBuf::from(name)
    }
}

/// The Python that has the test requirements (`.venv/bin/python`, else `python3`).
pub fn python() -> Command {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    Command::new(if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    })
}

/// Whether a missing third-party tool fails the test (in CI, where `.ci/run` installs every
/// tool, a skip would hide a gap) or only skips it with a note (a developer's machine).
pub fn missing_tool(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is not installed, and CI must run this test: see .ci/run");
    }
    eprintln!("skipped: {what} is not installed (CI installs it: see .ci/run)");
}

/// `check-jsonschema` on a document, failing the test with a clear message when the
/// validator is not installed (CI installs it: see docs/ci.md).
pub fn validate(schema: &Path, documents: &[&Path]) {
    let run = Command::new(venv_tool("check-jsonschema"))
        .arg("--regex-variant")
        .arg("python")
        .arg("--schemafile")
        .arg(schema)
        .args(documents)
        .output();
    match run {
        Err(e) => panic!(
            "check-jsonschema is needed to validate {documents:?} ({e}); install it with \
             the README's test command (a venv in .venv)"
        ),
        Ok(out) => assert!(
            out.status.success(),
            "{documents:?} not valid against {}:\n{}{}",
            schema.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The `plan` binary with English messages whatever the machine's locale (`LC_ALL`,
/// `LC_MESSAGES` and `LANG` are cleared), no colour and 100 columns: the tests assert the
/// exact words a user sees, so nothing in the environment may change them.
pub fn plan() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plan"));
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

/// Run `plan ARGS…` in `dir`: (exit code, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = plan()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("plan runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `plan ARGS…` in `dir` with `input` on standard input.
pub fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = plan()
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("plan runs");
    if let Some(mut stdin) = child.stdin.take() {
        std::io::Write::write_all(&mut stdin, input.as_bytes()).expect("stdin");
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The keyword aliases of LANGUAGE.md §8, written out here rather than read from the
/// crate's own table, so that a wrong entry there shows up as a failing test.
const ZH_KEYWORDS: &[(&str, &str)] = &[
    ("plan", "计划"),
    ("issued", "印发"),
    ("period", "期间"),
    ("issuer", "发文单位"),
    ("region", "地区"),
    ("status", "状态"),
    ("ref", "文号"),
    ("owners", "责任单位名录"),
    ("aka", "又称"),
    ("section", "章节"),
    ("measure", "措施"),
    ("metric", "指标"),
    ("unit", "计量单位"),
    ("in", "单位为"),
    ("owner", "责任单位"),
    ("deadline", "时限"),
    ("after", "前置"),
    ("target", "目标"),
    ("growth", "增长"),
    ("change", "变化"),
    ("by", "截至"),
    ("at", "于"),
    ("baseline", "基数"),
    ("actual", "实际"),
    ("use", "引用"),
    ("cumulative", "累计"),
];

/// Rewrite a plan the way a Chinese planner types it (LANGUAGE.md §8): Chinese keywords,
/// full-width braces, separators (`，` and `、` in turn), comparators (`≥` and `＞＝` in
/// turn), digits, decimal points, minus signs and `％`, `＃` comments, `“…”` strings, a `：`
/// after the keyword of owner, issuer and deadline lines, and U+3000 for indentation on every
/// other line. Lines stay where they are, so findings must stay on the same lines.
///
/// Written as a small scanner of its own, independent of the crate's grammar and formatter,
/// so it can find their mistakes.
pub fn to_chinese(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut turn = 0usize;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut first_word = true;
        let mut prev_word = String::new();
        // Indentation: U+3000 for the first two spaces on every other line.
        if n % 2 == 1 && line.starts_with("  ") {
            out.push('\u{3000}');
            i = 2;
        }
        while let Some(&c) = chars.get(i) {
            let next = chars.get(i + 1).copied();
            let starts_token = i == 0 || !chars.get(i - 1).is_some_and(|p| is_word(*p));
            match c {
                '#' => {
                    out.push('＃');
                    out.extend(chars.get(i + 1..).unwrap_or(&[]));
                    break;
                }
                '"' => {
                    let mut j = i + 1;
                    let mut inner = String::new();
                    while let Some(&d) = chars.get(j) {
                        if d == '\\' {
                            inner.push(d);
                            if let Some(&e) = chars.get(j + 1) {
                                inner.push(e);
                            }
                            j += 2;
                            continue;
                        }
                        if d == '"' || d == '\n' || d == '\r' {
                            break;
                        }
                        inner.push(d);
                        j += 1;
                    }
                    let closed = chars.get(j) == Some(&'"');
                    if closed && !inner.contains('”') {
                        out.push('“');
                        out.push_str(&inner);
                        out.push('”');
                        i = j + 1;
                    } else {
                        out.push('"');
                        out.push_str(&inner);
                        i = j;
                        if closed {
                            out.push('"');
                            i += 1;
                        }
                    }
                    first_word = false;
                    continue;
                }
                _ if starts_token
                    && (c.is_ascii_digit()
                        || (c == '-' && next.is_some_and(|d| d.is_ascii_digit()))) =>
                {
                    // A number or a date: digits, one decimal point, `-`, `Q`/`H` after `-`.
                    let mut j = i;
                    while let Some(&d) = chars.get(j) {
                        let after = chars.get(j + 1).copied();
                        let before = if j > 0 {
                            chars.get(j - 1).copied()
                        } else {
                            None
                        };
                        match d {
                            '0'..='9' => out.push(full_width_digit(d)),
                            '_' => out.push('_'),
                            '.' if after.is_some_and(|a| a.is_ascii_digit())
                                && before != Some('.') =>
                            {
                                out.push('．')
                            }
                            '-' if j == i
                                || after.is_some_and(|a| {
                                    a.is_ascii_digit() || a == 'Q' || a == 'H'
                                }) =>
                            {
                                out.push('－')
                            }
                            'Q' | 'H' if before == Some('-') => out.push(d),
                            _ => break,
                        }
                        j += 1;
                    }
                    i = j;
                    first_word = false;
                    continue;
                }
                _ if is_word(c) => {
                    let mut j = i;
                    while chars.get(j).is_some_and(|d| is_word(*d)) {
                        j += 1;
                    }
                    let word: String = chars.get(i..j).unwrap_or(&[]).iter().collect();
                    // The next word on the line, for `part of` and `per year`.
                    let mut k = j;
                    while chars.get(k).is_some_and(|d| *d == ' ' || *d == '\t') {
                        k += 1;
                    }
                    let mut m = k;
                    while chars.get(m).is_some_and(|d| is_word(*d)) {
                        m += 1;
                    }
                    let following: String = chars.get(k..m).unwrap_or(&[]).iter().collect();
                    let two_words = match (word.as_str(), following.as_str()) {
                        ("part", "of") => Some("属于"),
                        ("per", "year") => Some("每年"),
                        ("per", "quarter") => Some("每季度"),
                        ("per", "month") => Some("每月"),
                        _ => None,
                    };
                    if let Some(zh) = two_words {
                        out.push_str(zh);
                        i = m;
                    } else {
                        let zh = ZH_KEYWORDS
                            .iter()
                            .find(|(en, _)| *en == word)
                            .map(|(_, zh)| *zh)
                            .or(match word.as_str() {
                                "note" if first_word => Some("备注"),
                                "milestone" if first_word => Some("里程碑"),
                                "draft" if prev_word == "status" => Some("草案"),
                                "approved" if prev_word == "status" => Some("定稿"),
                                _ => None,
                            });
                        match zh {
                            Some(zh)
                                if matches!(word.as_str(), "owner" | "issuer" | "deadline") =>
                            {
                                out.push_str(zh);
                                out.push('：');
                                i = k;
                            }
                            Some(zh) => {
                                out.push_str(zh);
                                i = j;
                            }
                            None => {
                                out.push_str(&word);
                                i = j;
                            }
                        }
                    }
                    prev_word = word;
                    first_word = false;
                    continue;
                }
                '{' => out.push('｛'),
                '}' => out.push('｝'),
                ',' => {
                    turn += 1;
                    out.push(if turn % 2 == 0 { '，' } else { '、' });
                }
                '%' => out.push('％'),
                ':' => out.push('：'),
                '~' => out.push('～'),
                '>' | '<' if next == Some('=') => {
                    turn += 1;
                    out.push_str(match (c, turn % 2) {
                        ('>', 0) => "≥",
                        ('>', _) => "＞＝",
                        (_, 0) => "≤",
                        _ => "＜＝",
                    });
                    i += 2;
                    first_word = false;
                    continue;
                }
                '>' => out.push('＞'),
                '<' => out.push('＜'),
                '=' => out.push('＝'),
                other => out.push(other),
            }
            if !c.is_whitespace() {
                first_word = false;
            }
            i += 1;
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '²' || c == '³'
}

fn full_width_digit(d: char) -> char {
    char::from_u32(u32::from(d) - u32::from('0') + 0xFF10).unwrap_or(d)
}
