//! Helpers shared by the integration tests.
// Each test crate compiles this module and uses only some of its helpers.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// `check-jsonschema` on a document, failing the test with a clear message when the
/// validator is not installed (CI installs it: see docs/ci.md).
pub fn validate(schema: &Path, documents: &[&Path]) {
    let run = Command::new("check-jsonschema")
        .arg("--regex-variant")
        .arg("python")
        .arg("--schemafile")
        .arg(schema)
        .args(documents)
        .output();
    match run {
        Err(e) => panic!(
            "check-jsonschema is needed to validate {documents:?} ({e}); install it with \
             `pip install check-jsonschema==0.39.0`"
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
