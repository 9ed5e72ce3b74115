//! The language server driven by a real LSP client that is not ours: pytest-lsp runs the
//! scenarios of tests/lsp/ (open a plan with Chinese names, edit it, see diagnostics come and
//! go, hover, jump, complete, format, rename) against the `plan` binary over stdio.
//! Needs the venv of the README's test command (`.venv`, as `.ci/run` makes it).

mod common;

#[test]
fn a_real_lsp_client_drives_plan_lsp() {
    let out = common::python()
        .args(["-m", "pytest", "tests/lsp", "-q", "-p", "no:cacheprovider"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PLAN_BIN", env!("CARGO_BIN_EXE_plan"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named pytest") && !stdout.contains("ModuleNotFoundError"),
        "pytest-lsp is not installed: run the README's test command (it makes .venv)\n{stdout}{stderr}"
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(" passed"), "{stdout}");
}
