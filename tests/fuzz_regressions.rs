//! The fuzz targets' properties (fuzz/src/lib.rs), on stable, over every committed input:
//! fuzz/regressions/TARGET/ (each input that once broke a property, named after what it
//! broke) and fuzz/seeds/TARGET/ (the minimised corpus of the last campaign), plus the real
//! plans and the fixtures for the targets that read plan text. CI runs these; the campaign
//! itself (`cargo +nightly fuzz run`, see docs/reliability.md) is run by hand.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod properties;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The files of the folders, sorted; folders that do not exist give none.
fn inputs(dirs: &[&str], only_plans: bool) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let wanted = !only_plans || path.extension().is_some_and(|e| e == "plan");
            if path.is_file() && wanted {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Run `property` on every input, each in its own thread with a time limit (a hang is a
/// failure too), and name every input that fails.
fn replay(target: &str, property: fn(&[u8]), extra: &[&str]) -> usize {
    let regressions = format!("fuzz/regressions/{target}");
    let seeds = format!("fuzz/seeds/{target}");
    let mut files = inputs(&[&regressions, &seeds], false);
    files.extend(inputs(extra, true));
    let mut failed = Vec::new();
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (done, wait) = mpsc::channel();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| property(&data));
            let _ = done.send(outcome.is_ok());
        });
        match wait.recv_timeout(Duration::from_secs(60)) {
            Ok(true) => {}
            Ok(false) => failed.push(format!("{} (panicked, see above)", path.display())),
            Err(_) => failed.push(format!("{} (no answer within 60 s)", path.display())),
        }
    }
    assert!(
        failed.is_empty(),
        "the {target} property fails on:\n{}",
        failed.join("\n")
    );
    files.len()
}

const PLAN_TEXT: &[&str] = &["plans", "tests/fixtures"];

#[test]
fn check_holds_on_every_committed_input() {
    let n = replay("check", properties::check, PLAN_TEXT);
    assert!(
        n > 50,
        "only {n} inputs: the plans and fixtures are missing"
    );
}

#[test]
fn fmt_holds_on_every_committed_input() {
    let n = replay("fmt", properties::fmt, PLAN_TEXT);
    assert!(
        n > 50,
        "only {n} inputs: the plans and fixtures are missing"
    );
}

#[test]
fn compile_holds_on_every_committed_input() {
    let n = replay("compile", properties::compile, PLAN_TEXT);
    assert!(
        n > 50,
        "only {n} inputs: the plans and fixtures are missing"
    );
}

#[test]
fn import_holds_on_every_committed_input() {
    // The committed corpus, then every real document the importer is measured on.
    let mut n = replay("import", properties::import, &[]);
    for path in inputs(&["tests/import/seeds", "tests/import/real"], false) {
        if path.extension().is_some_and(|e| e == "txt") {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            properties::import(&data);
            n += 1;
        }
    }
    assert!(n >= 8, "only {n} inputs: the import seeds are missing");
}

#[test]
fn lsp_holds_on_every_committed_input() {
    let n = replay("lsp", properties::lsp, &[]);
    assert!(n > 100, "only {n} inputs: the lsp seeds are missing");
}

/// The language-server property itself: a session of well-formed messages over every
/// request the server answers keeps it alive to answer the last one, and a session that
/// is cut off mid-frame ends it without a panic or a hang.
#[test]
fn lsp_property_holds_on_a_whole_session() {
    use properties::{Frame, Message};
    let session = vec![
        Frame::Message(Message::Initialize {
            zh: true,
            utf8: false,
        }),
        Frame::Message(Message::Initialized),
        Frame::Message(Message::Open {
            doc: true,
            sample: 1,
            text: String::new(),
        }),
        Frame::Message(Message::Change {
            doc: true,
            range: Some((3, 2, 3, 900)),
            text: "target 指标 >= ".into(),
        }),
        Frame::Message(Message::Hover {
            doc: true,
            line: 3,
            character: 4,
        }),
        Frame::Message(Message::Definition {
            doc: true,
            line: 9,
            character: 9,
        }),
        Frame::Message(Message::References {
            doc: true,
            line: 9,
            character: 9,
            declaration: true,
        }),
        Frame::Message(Message::Completion {
            doc: true,
            line: 4,
            character: 10,
        }),
        Frame::Message(Message::Symbols { doc: true }),
        Frame::Message(Message::Formatting { doc: false }),
        Frame::Message(Message::Rename {
            doc: true,
            line: 9,
            character: 9,
            name: "新名字".into(),
        }),
        Frame::Message(Message::Cancel { id: 3 }),
        Frame::Message(Message::Other {
            method: "workspace/unknown".into(),
            request: true,
        }),
        Frame::Message(Message::Close { doc: true }),
    ];
    properties::lsp_frames(&session);
    properties::lsp_frames(&[Frame::Raw(
        b"Content-Length: 99\r\n\r\n{\"jsonrpc\"".to_vec(),
    )]);
}
