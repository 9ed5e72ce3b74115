//! What must hold for any input, one function per fuzz target (fuzz_targets/). Each panics
//! when its property is broken, which is what libFuzzer reports as a crash.
//!
//! This file is also compiled by tests/fuzz_regressions.rs on stable Rust (`#[path]`), which
//! runs every committed input of fuzz/seeds/ and fuzz/regressions/ through these functions:
//! so it uses only `plan`, `serde_json`, `toml`, `tokio` and `arbitrary`, never libFuzzer.

use std::sync::Arc;

use arbitrary::{Arbitrary, Unstructured};
use plan::diagnostic::{Code, Diagnostic};
use plan::emit::{self, human::Style};
use plan::i18n::Lang;
use plan::lsp::framing::Event;
use plan::source::Source;
use plan::{check_text, Checked};
use serde_json::Value;

/// Where fuzz inputs are checked: a folder that does not exist, so a relative `use` fails
/// at once instead of reading whatever lies beside the fuzzer.
const PATH: &str = "/nonexistent-plan-fuzz/fuzz.plan";

/// `check`: any bytes are checked without a panic, every finding's spans lie on character
/// boundaries of the text, and every output format renders them (human in both languages,
/// JSON, SARIF, GitHub, GitLab), the JSON ones as JSON that parses back.
pub fn check(data: &[u8]) {
    let checked = checked(data);
    for d in &checked.diagnostics {
        assert_spans(d);
    }
    render(&checked.diagnostics);
}

/// `fmt`: the formatter refuses exactly the files that do not parse (P001), and what it
/// writes is a fixed point (formatting it again changes nothing), has the same findings
/// (codes, in order) and compiles to the same plan apart from line numbers.
pub fn fmt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let original = check_text(PATH, text);
    let refused = original.diagnostics.iter().any(|d| d.code == Code::P001);
    let formatted = match plan::format::format(text) {
        Ok(f) => f,
        Err(e) => {
            assert!(
                refused,
                "fmt refused a file that checks without P001: {e:?}"
            );
            return;
        }
    };
    assert!(!refused, "fmt formatted a file with a syntax error");
    let again = plan::format::format(&formatted)
        .unwrap_or_else(|e| panic!("fmt output does not parse: {e:?}\n{formatted}"));
    assert_eq!(again, formatted, "fmt is not idempotent");
    let reformatted = check_text(PATH, &formatted);
    assert_eq!(
        codes(&original.diagnostics),
        codes(&reformatted.diagnostics),
        "fmt changed the findings\n{formatted}"
    );
    let (Some(before), Some(after)) = (&original.model, &reformatted.model) else {
        panic!("a file that parses has a model before and after fmt");
    };
    assert_eq!(
        without_lines(compiled_json(before)),
        without_lines(compiled_json(after)),
        "fmt changed the compiled plan\n{formatted}"
    );
}

/// `compile`: every file that parses compiles, and the JSON and the TOML parse back to the
/// same tree (TOML has no null: absent there is null in JSON).
pub fn compile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let checked = check_text(PATH, text);
    let Some(model) = &checked.model else { return };
    let compiled = emit::compiled::compile(model);
    let json = emit::compiled::to_json(&compiled).expect("the compiled plan serialises as JSON");
    let json: Value = serde_json::from_str(&json).expect("compiled JSON parses back");
    let toml = emit::compiled::to_toml(&compiled).expect("the compiled plan serialises as TOML");
    let toml: toml::Value = toml::from_str(&toml)
        .unwrap_or_else(|e| panic!("compiled TOML does not parse back: {e}\n{toml}"));
    let (json, toml) = (without_nulls(json), toml_to_json(toml));
    assert!(
        same_tree(&json, &toml),
        "the compiled JSON and TOML differ\n{json}\n{toml}"
    );
}

/// `import`: any bytes, read as a text, an HTML page or a .docx, are either refused with a
/// reason or drafted into a plan that parses (never a P001) in both keyword languages, and
/// whose compiled form with sources is built.
pub fn import(data: &[u8]) {
    use plan::import::{self as imp, emit, Kind};
    for kind in [Kind::Text, Kind::Html, Kind::Docx] {
        let Ok(imported) = imp::import_bytes(kind, data) else {
            continue;
        };
        for kw in [emit::ZH, emit::EN] {
            let text = imp::plan_text(&imported, kw, "fuzz.txt")
                .unwrap_or_else(|| panic!("the draft of a {kind:?} input does not parse"));
            let checked = check_text(PATH, &text);
            assert!(
                checked.diagnostics.iter().all(|d| d.code != Code::P001),
                "the draft has a P001\n{text}"
            );
            assert!(
                imp::json::compiled_with_sources(&imported.document, &imported.draft, &text)
                    .is_some(),
                "the draft does not compile\n{text}"
            );
        }
    }
}

fn checked(data: &[u8]) -> Checked {
    match std::str::from_utf8(data) {
        Ok(text) => check_text(PATH, text),
        // As `plan::check_file` does: the valid part is shown, with one P001 at the bad byte.
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = String::from_utf8_lossy(data.get(..offset).unwrap_or(&[])).into_owned();
            let source = Source::new(PATH, valid);
            Checked {
                diagnostics: vec![plan::rules::syntax::not_utf8(&source, offset)],
                source,
                model: None,
            }
        }
    }
}

fn assert_spans(d: &Diagnostic) {
    let places = std::iter::once(&d.location).chain(d.related.iter().map(|r| &r.location));
    for at in places {
        let text = &at.source.text;
        assert!(
            at.span.start <= at.span.end && at.span.end <= text.len(),
            "{}: span {:?} outside a text of {} bytes",
            d.code,
            at.span,
            text.len()
        );
        assert!(
            text.is_char_boundary(at.span.start) && text.is_char_boundary(at.span.end),
            "{}: span {:?} inside a character",
            d.code,
            at.span
        );
    }
}

fn render(diagnostics: &[Diagnostic]) {
    for lang in [Lang::En, Lang::Zh] {
        let human = emit::human::render(
            diagnostics,
            Style {
                color: false,
                width: 80,
                lang,
            },
        );
        assert_eq!(diagnostics.is_empty(), human.is_empty());
        let report = emit::report::to_json(&emit::report::build(diagnostics, 1, lang));
        let report: Value = serde_json::from_str(&report).expect("the JSON report parses");
        assert_eq!(
            report["diagnostics"].as_array().map(Vec::len),
            Some(diagnostics.len())
        );
        let sarif = emit::sarif::to_json(&emit::sarif::build(diagnostics, lang));
        let sarif: Value = serde_json::from_str(&sarif).expect("the SARIF log parses");
        assert_sarif_rules(&sarif, diagnostics);
        let gitlab = emit::gitlab::to_json(&emit::gitlab::build(diagnostics, lang));
        serde_json::from_str::<Value>(&gitlab).expect("the GitLab report parses");
        let github = emit::github::render(diagnostics, lang);
        assert_eq!(github.lines().count(), diagnostics.len());
    }
}

/// The SARIF log lists each rule its results use once, and every result's `ruleIndex`
/// points at the rule of its `ruleId` (the log lists only the rules used: a wrong index
/// would show a reader another rule's help).
fn assert_sarif_rules(sarif: &Value, diagnostics: &[Diagnostic]) {
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("SARIF rules")
        .iter()
        .map(|r| r["id"].as_str().expect("a rule id"))
        .collect();
    let results = run["results"].as_array().expect("SARIF results");
    assert_eq!(results.len(), diagnostics.len());
    let mut used: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let mut listed = rules.clone();
    listed.sort_unstable();
    assert_eq!(
        listed, used,
        "the SARIF rules are not the codes of its results"
    );
    for (result, d) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], d.code.as_str());
        let index = result["ruleIndex"].as_u64().expect("a ruleIndex");
        let rule = usize::try_from(index).ok().and_then(|i| rules.get(i));
        assert_eq!(
            rule,
            Some(&d.code.as_str()),
            "ruleIndex {index} is another rule"
        );
    }
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn compiled_json(model: &plan::model::Model) -> Value {
    serde_json::to_value(emit::compiled::compile(model)).expect("the compiled plan serialises")
}

/// The tree without its `line` fields, which formatting may move.
fn without_lines(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k != "line")
                .map(|(k, v)| (k, without_lines(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_lines).collect()),
        other => other,
    }
}

fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The same tree, numbers compared as what they are worth: TOML writes `350.0` where JSON
/// writes `350`, and serde_json's default float parsing (without `float_roundtrip`) may
/// read a long number one unit in the last place away from TOML's reading of the same
/// value — the first campaign's only failure (fuzz/regressions/compile/).
fn same_tree(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-15 * x.abs().max(y.abs()),
            _ => x == y,
        },
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_tree(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_tree(v, w))
        }
        _ => a == b,
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

// ---------------------------------------------------------------------------------------
// The language server's message loop.

/// What a client sends, as the fuzzer builds it: raw bytes (broken headers, half frames),
/// a correctly framed body of any bytes, or a well-formed JSON-RPC message with fuzzed
/// parameters.
#[derive(Arbitrary, Debug)]
pub enum Frame {
    Raw(Vec<u8>),
    Body(Vec<u8>),
    Message(Message),
}

/// A well-formed request or notification of a method the server knows (or does not).
#[derive(Arbitrary, Debug)]
pub enum Message {
    Initialize {
        zh: bool,
        utf8: bool,
    },
    Initialized,
    Open {
        doc: bool,
        sample: u8,
        text: String,
    },
    Change {
        doc: bool,
        range: Option<(u32, u32, u32, u32)>,
        text: String,
    },
    Close {
        doc: bool,
    },
    Hover {
        doc: bool,
        line: u32,
        character: u32,
    },
    Definition {
        doc: bool,
        line: u32,
        character: u32,
    },
    References {
        doc: bool,
        line: u32,
        character: u32,
        declaration: bool,
    },
    Completion {
        doc: bool,
        line: u32,
        character: u32,
    },
    Symbols {
        doc: bool,
    },
    Formatting {
        doc: bool,
    },
    Rename {
        doc: bool,
        line: u32,
        character: u32,
        name: String,
    },
    Cancel {
        id: i64,
    },
    Shutdown,
    Other {
        method: String,
        request: bool,
    },
}

/// Small plans to open, so the fuzzer starts from text that parses (then edits it).
const SAMPLES: &[&str] = &[
    include_str!("../../tests/fixtures/P001_extensions_clean.plan"),
    include_str!("../../tests/fixtures/T501_contradictory_targets.plan"),
    include_str!("../../tests/fixtures/O102_unknown_owner.plan"),
];

/// The id of the request sent after the fuzzed frames, whose answer shows the server alive.
const LAST: i64 = 1 << 40;

/// `lsp`: the framing layer and the server, fed the frames in-process over in-memory
/// pipes, never panic or hang; everything it writes is well-framed JSON-RPC 2.0; and when every frame was a
/// well-formed message (and none was `exit`), a request sent after them is answered.
pub fn lsp(data: &[u8]) {
    let Ok(frames) = Vec::<Frame>::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    lsp_frames(&frames);
}

/// [`lsp`] on frames already built.
pub fn lsp_frames(frames: &[Frame]) {
    let mut input = Vec::new();
    let mut well_formed = true;
    for (id, frame) in (1..).zip(frames) {
        match frame {
            Frame::Raw(bytes) => {
                well_formed = false;
                input.extend_from_slice(bytes);
            }
            Frame::Body(bytes) => {
                well_formed = false;
                framed(&mut input, bytes);
            }
            Frame::Message(m) => framed(&mut input, message(m, id).to_string().as_bytes()),
        }
    }
    let last = serde_json::json!({"jsonrpc": "2.0", "id": LAST, "method": "shutdown"});
    framed(&mut input, last.to_string().as_bytes());

    // As `plan lsp` does (src/lsp/stdio.rs): the framing layer answers malformed frames
    // itself and passes only whole, valid messages on to the server.
    let mut decoder = plan::lsp::framing::Decoder::new();
    decoder.feed(&input);
    let (mut to_server, mut replies) = (Vec::new(), Vec::new());
    while let Some(event) = decoder.next_event() {
        match event {
            Event::Message(body) => to_server.extend(plan::lsp::framing::frame(&body)),
            Event::Reply(body) => replies.extend(plan::lsp::framing::frame(&body)),
        }
    }
    bodies(&replies);
    let output = converse(to_server, well_formed);
    let answered = bodies(&output).iter().any(|b| b["id"] == LAST);
    if well_formed {
        assert!(
            answered,
            "the server stopped answering after well-formed messages"
        );
    }
}

fn framed(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fn uri(doc: bool) -> &'static str {
    if doc {
        "file:///nonexistent-plan-fuzz/a.plan"
    } else {
        "file:///nonexistent-plan-fuzz/b.plan"
    }
}

fn message(m: &Message, id: i64) -> Value {
    use serde_json::json;
    let position = |doc: bool, line: u32, character: u32| json!({"textDocument": {"uri": uri(doc)}, "position": {"line": line, "character": character}});
    let (method, params, request) = match m {
        Message::Initialize { zh, utf8 } => {
            let encodings = if *utf8 {
                json!(["utf-8", "utf-16"])
            } else {
                json!(["utf-16"])
            };
            let lang = if *zh { "zh" } else { "en" };
            (
                "initialize",
                json!({"capabilities": {"general": {"positionEncodings": encodings}},
                       "initializationOptions": {"lang": lang}}),
                true,
            )
        }
        Message::Initialized => ("initialized", json!({}), false),
        Message::Open { doc, sample, text } => {
            // Three times in four a sample, else the fuzzer's own text.
            let text = SAMPLES
                .get(usize::from(*sample % 4))
                .map_or(text.as_str(), |s| s);
            (
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri(*doc), "languageId": "plan", "version": id, "text": text}}),
                false,
            )
        }
        Message::Change { doc, range, text } => {
            let change = match range {
                Some((l1, c1, l2, c2)) => json!({"range": {
                    "start": {"line": l1, "character": c1},
                    "end": {"line": l2, "character": c2}}, "text": text}),
                None => json!({"text": text}),
            };
            (
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri(*doc), "version": id}, "contentChanges": [change]}),
                false,
            )
        }
        Message::Close { doc } => (
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri(*doc)}}),
            false,
        ),
        Message::Hover {
            doc,
            line,
            character,
        } => (
            "textDocument/hover",
            position(*doc, *line, *character),
            true,
        ),
        Message::Definition {
            doc,
            line,
            character,
        } => (
            "textDocument/definition",
            position(*doc, *line, *character),
            true,
        ),
        Message::References {
            doc,
            line,
            character,
            declaration,
        } => {
            let mut p = position(*doc, *line, *character);
            p["context"] = json!({"includeDeclaration": declaration});
            ("textDocument/references", p, true)
        }
        Message::Completion {
            doc,
            line,
            character,
        } => (
            "textDocument/completion",
            position(*doc, *line, *character),
            true,
        ),
        Message::Symbols { doc } => (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(*doc)}}),
            true,
        ),
        Message::Formatting { doc } => (
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri(*doc)}, "options": {"tabSize": 2, "insertSpaces": true}}),
            true,
        ),
        Message::Rename {
            doc,
            line,
            character,
            name,
        } => {
            let mut p = position(*doc, *line, *character);
            p["newName"] = json!(name);
            ("textDocument/rename", p, true)
        }
        Message::Cancel { id } => ("$/cancelRequest", json!({"id": id}), false),
        Message::Shutdown => ("shutdown", Value::Null, true),
        // `exit` would end the loop: the answer to the last request shows it alive instead.
        Message::Other { method, request } if method != "exit" => {
            (method.as_str(), json!({}), *request)
        }
        Message::Other { .. } => ("$/fuzz", json!({}), false),
    };
    let mut v = json!({"jsonrpc": "2.0", "method": method});
    if !params.is_null() {
        v["params"] = params;
    }
    if request {
        v["id"] = json!(id);
    }
    v
}

/// Run the server on `input` and return everything it wrote. With `wait`, the client's side
/// of the input stays open until the last request is answered (or the server ends), since a
/// server may drop requests in flight when its input closes; without, it closes at once (a
/// half frame would otherwise keep the server waiting for the rest of it).
fn converse(input: Vec<u8>, wait: bool) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
    }
    let (mut client_in, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, mut client_out) = tokio::io::duplex(1 << 16);
    let done = Arc::new(tokio::sync::Notify::new());
    let writer = {
        let done = Arc::clone(&done);
        async move {
            // A server that stopped reading makes this fail: then it is the output that tells.
            let _ = client_in.write_all(&input).await;
            if wait {
                done.notified().await;
            }
            drop(client_in);
        }
    };
    let reader = async move {
        let mut output = Vec::new();
        let mut buf = [0u8; 8192];
        // Frames already read, so that each byte is parsed once (re-reading the whole
        // output after every chunk made long sessions quadratic).
        let mut seen = 0;
        loop {
            match client_out.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => output.extend_from_slice(&buf[..n]),
            }
            let (new, used) = bodies_from(output.get(seen..).unwrap_or_default());
            seen += used;
            if new.iter().any(|b| b["id"] == LAST) {
                done.notify_one();
            }
        }
        done.notify_one();
        output
    };
    RUNTIME.with(|rt| {
        rt.block_on(async {
            let (_, _, output) =
                tokio::join!(plan::lsp::serve(server_in, server_out), writer, reader);
            output
        })
    })
}

/// The bodies of the frames a server wrote, asserting that each is well formed:
/// `Content-Length` header, then a JSON-RPC 2.0 object. A last frame still being written
/// is left for later.
fn bodies(output: &[u8]) -> Vec<Value> {
    bodies_from(output).0
}

/// [`bodies`], and how many bytes the whole frames among them took.
fn bodies_from(output: &[u8]) -> (Vec<Value>, usize) {
    let mut out = Vec::new();
    let mut rest = output;
    while !rest.is_empty() {
        let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") else {
            break;
        };
        let header = std::str::from_utf8(&rest[..end]).expect("a header in ASCII");
        let length: usize = header
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("a frame without Content-Length: {header:?}"));
        let body_start = end + 4;
        let Some(body) = rest.get(body_start..body_start + length) else {
            break;
        };
        let v: Value = serde_json::from_slice(body).unwrap_or_else(|e| {
            panic!(
                "a body that is not JSON ({e}): {}",
                String::from_utf8_lossy(body)
            )
        });
        assert_eq!(v["jsonrpc"], "2.0", "not JSON-RPC 2.0: {v}");
        out.push(v);
        rest = &rest[body_start + length..];
    }
    (out, output.len() - rest.len())
}
