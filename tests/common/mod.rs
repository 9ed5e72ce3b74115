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
