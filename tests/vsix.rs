//! The VS Code extension as a user installs it: packaged by VS Code's own packager
//! (`@vscode/vsce` from npm, in tests/editors/; `.ci/run` installs it with `npm ci`), the
//! VSIX carries what the extension needs at run time and nothing of the development tree.
//! (Running it inside VS Code needs VS Code itself, which cannot be downloaded here; the
//! grammar is tested with VS Code's tokenizer in tests/textmate.rs, the server with real
//! clients in tests/lsp_client.rs and tests/neovim.rs.)

mod common;

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_vsix_carries_its_runtime_and_nothing_else() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let vsce = repo.join("tests/editors/node_modules/@vscode/vsce/vsce");
    if !vsce.exists() {
        common::missing_tool("@vscode/vsce (npm ci --prefix tests/editors)");
        return;
    }
    if Command::new("npm").arg("--version").output().is_err() {
        common::missing_tool("npm");
        return;
    }

    // The extension's folder as a fresh clone has it, with its locked dependencies.
    let tmp = tempfile::tempdir().expect("tempdir");
    let ext = tmp.path().join("vscode");
    std::fs::create_dir(&ext).expect("mkdir");
    for entry in std::fs::read_dir(repo.join("editors/vscode")).expect("editors/vscode") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name == "node_modules" || name.to_string_lossy().ends_with(".vsix") {
            continue;
        }
        copy(&entry.path(), &ext.join(&name));
    }
    run(Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(&ext));
    let vsix = tmp.path().join("plan.vsix");
    run(Command::new("node")
        .arg(&vsce)
        .args(["package", "--no-update-package-json", "-o"])
        .arg(&vsix)
        .current_dir(&ext));

    let file = std::fs::File::open(&vsix).expect("the VSIX was written");
    let mut archive = zip::ZipArchive::new(file).expect("the VSIX is a zip");
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    for wanted in [
        "extension/package.json",
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/plan.tmLanguage.json",
        "extension/readme.md", // vsce lower-cases the README
        "extension/node_modules/vscode-languageclient/lib/node/main.js",
        "extension/node_modules/vscode-jsonrpc/lib/node/main.js",
        "extension/node_modules/vscode-languageserver-protocol/lib/node/main.js",
    ] {
        assert!(
            names.iter().any(|n| n == wanted),
            "{wanted} missing from {names:#?}"
        );
    }
    let stray: Vec<&String> = names
        .iter()
        .filter(|n| {
            n.ends_with(".d.ts")
                || n.ends_with(".map")
                || n.ends_with(".ts")
                || n.ends_with("package-lock.json")
                || n.ends_with(".vsix")
                || n.contains("/lib/browser/")
                || n.contains("/lib/esm/")
                || (n.starts_with("extension/node_modules/") && n.ends_with("README.md"))
        })
        .collect();
    assert!(
        stray.is_empty(),
        "the VSIX carries development files: {stray:#?}"
    );
    assert!(
        names.len() < 250,
        "{} files: is .vscodeignore pruning?",
        names.len()
    );

    // Every module its JavaScript requires is inside it.
    let unpacked = tmp.path().join("unpacked");
    archive.extract(&unpacked).expect("the VSIX unpacks");
    let report = run(Command::new("node")
        .arg(repo.join("tests/editors/vsix-requires.js"))
        .arg(unpacked.join("extension")));
    let report: serde_json::Value = serde_json::from_str(&report).expect("JSON report");
    assert!(report["files"].as_u64().unwrap_or(0) > 50, "{report}");
    assert_eq!(report["unresolved"], serde_json::json!([]), "{report}");
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy");
    }
}
