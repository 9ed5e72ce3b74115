//! Helpers shared by the integration tests.

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
