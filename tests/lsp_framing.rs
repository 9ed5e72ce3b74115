//! `plan lsp` fed raw bytes over stdio, as no well-behaved client (pytest-lsp included)
//! would send them: malformed bodies and broken frames each get their JSON-RPC error, and
//! the server goes on reading; the exit code says whether `shutdown` came before `exit`.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn message(v: Value) -> Vec<u8> {
    frame(v.to_string().as_bytes())
}

/// A running `plan lsp`, read frame by frame on a thread.
struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    messages: mpsc::Receiver<Value>,
    /// Every message read so far.
    seen: Vec<Value>,
}

impl Session {
    /// Start the server and initialize it, as a client does: the `initialize` answer
    /// comes before anything else is sent.
    fn start() -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plan"))
            .arg("lsp")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("plan lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    return;
                }
                out.extend_from_slice(&buf[..n]);
                while let Some((value, used)) = parse_frame(&out) {
                    out.drain(..used);
                    if tx.send(value).is_err() {
                        return;
                    }
                }
            }
        });
        let mut session = Session {
            child,
            stdin,
            messages,
            seen: Vec::new(),
        };
        session.send(&message(
            json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"capabilities": {}, "processId": null, "rootUri": null}}),
        ));
        session.answer(0);
        session.send(&message(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ));
        session
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("the server reads");
        self.stdin.flush().expect("flush");
    }

    /// Wait for the answer to request `id` (what came before it is kept in `seen`).
    fn answer(&mut self, id: i64) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no answer to {id}; read so far: {:#?}", self.seen));
            self.seen.push(m.clone());
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// The error replies read so far (waiting for `n` of them, then for stragglers a little
    /// while: replies to malformed frames and answers of the server come by separate
    /// ways, in no fixed order), and forget them.
    fn errors(&mut self, n: usize) -> Vec<Value> {
        let count = |seen: &[Value]| seen.iter().filter(|m| m.get("error").is_some()).count();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while count(&self.seen) < n && std::time::Instant::now() < deadline {
            if let Ok(m) = self.messages.recv_timeout(Duration::from_millis(100)) {
                self.seen.push(m);
            }
        }
        while let Ok(m) = self.messages.recv_timeout(Duration::from_millis(100)) {
            self.seen.push(m);
        }
        let errors = self
            .seen
            .iter()
            .filter(|m| m.get("error").is_some())
            .cloned()
            .collect();
        self.seen.clear();
        errors
    }

    /// Send `shutdown` (unless told not to) and `exit`; the exit code.
    fn end(mut self, shutdown: bool) -> i32 {
        if shutdown {
            self.send(&message(
                json!({"jsonrpc": "2.0", "id": 9999, "method": "shutdown"}),
            ));
            assert_eq!(
                self.answer(9999),
                json!({"jsonrpc": "2.0", "result": null, "id": 9999})
            );
        }
        self.send(&message(json!({"jsonrpc": "2.0", "method": "exit"})));
        // Standard input stays open, as an editor keeps it: `exit` alone must end it.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(
                std::time::Instant::now() < deadline,
                "plan lsp did not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A request that any initialized server answers (with `null`: the document is not open).
fn probe(id: i64) -> Vec<u8> {
    message(
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
        "params": {"textDocument": {"uri": "file:///nowhere.plan"}}}),
    )
}

/// The first whole frame of `out`: its JSON and how many bytes it took.
fn parse_frame(out: &[u8]) -> Option<(Value, usize)> {
    let end = out.windows(4).position(|w| w == b"\r\n\r\n")?;
    let header = std::str::from_utf8(&out[..end]).expect("ASCII header");
    let len: usize = header
        .strip_prefix("Content-Length: ")
        .expect("Content-Length")
        .parse()
        .expect("a length");
    let body = out.get(end + 4..end + 4 + len)?;
    Some((
        serde_json::from_slice(body).expect("the server writes JSON"),
        end + 4 + len,
    ))
}

/// The sixteen bodies of issue 11 (and three more), each with the error it must get.
const BODIES: &[(&[u8], i64, Option<i64>)] = &[
    (b"{", -32700, None),
    (br#"{"jsonrpc":"2.0","id":1,"method":"#, -32700, None),
    (b"hello", -32700, None),
    (b"\xff\xfe\xfd", -32700, None),
    (
        b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xc3\x28\"}",
        -32700,
        None,
    ),
    (b"[]", -32600, None),
    (b"42", -32600, None),
    (b"null", -32600, None),
    (br#""text""#, -32600, None),
    (b"true", -32600, None),
    (
        br#"[{"jsonrpc":"2.0","id":2,"method":"shutdown"}]"#,
        -32600,
        None,
    ),
    (
        br#"{"jsonrpc":"1.0","id":3,"method":"shutdown"}"#,
        -32600,
        Some(3),
    ),
    (br#"{"id":4,"method":"shutdown"}"#, -32600, Some(4)),
    (
        br#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"x":"\ud800"}}"#,
        -32700,
        None,
    ),
    (
        br#"{"jsonrpc":"2.0","id":6,"method":"\udc00"}"#,
        -32700,
        None,
    ),
    (b"{}", -32600, None),
    (br#"{"jsonrpc":"2.0","id":7,"method":42}"#, -32600, Some(7)),
    (
        br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#,
        -32600,
        None,
    ),
    (b"", -32700, None),
];

#[test]
fn each_malformed_body_gets_its_error_and_the_server_goes_on() {
    let mut session = Session::start();
    for (i, (body, want, id)) in BODIES.iter().enumerate() {
        let shown = String::from_utf8_lossy(body);
        session.send(&frame(body));
        let probe_id = 100 + i as i64;
        session.send(&probe(probe_id));
        // The next request is read and answered: the server did not stop.
        assert_eq!(
            session.answer(probe_id),
            json!({"jsonrpc": "2.0", "result": null, "id": probe_id}),
            "after {shown}"
        );
        let errors = session.errors(1);
        assert_eq!(errors.len(), 1, "{shown}: {errors:#?}");
        assert_eq!(
            errors[0]["error"]["code"],
            json!(want),
            "{shown}: {errors:#?}"
        );
        assert_eq!(errors[0]["id"], json!(id), "{shown}: {errors:#?}");
    }
    // None of the malformed `shutdown`s was obeyed: the real one is answered, then exit 0.
    assert_eq!(session.end(true), 0);
}

#[test]
fn a_broken_frame_header_is_answered_and_the_next_frame_read() {
    let broken: &[&[u8]] = &[
        b"Content-Length: abc\r\n\r\n{}",
        // Too short: the body ends inside the JSON, and the rest is garbage before the
        // next header.
        b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}",
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        b"no header at all\r\n\r\n",
        b"Content-Length: 99999999999999999999999999\r\n\r\n",
    ];
    let mut session = Session::start();
    for (i, b) in broken.iter().enumerate() {
        let shown = String::from_utf8_lossy(b);
        session.send(b);
        let probe_id = 100 + i as i64;
        session.send(&probe(probe_id));
        assert_eq!(
            session.answer(probe_id)["result"],
            Value::Null,
            "after {shown}"
        );
        let errors = session.errors(1);
        assert!(
            !errors.is_empty() && errors.iter().all(|e| e["error"]["code"] == json!(-32700)),
            "{shown}: {errors:#?}"
        );
    }
    assert_eq!(session.end(true), 0);
}

#[test]
fn exit_without_shutdown_exits_1_and_after_it_0() {
    assert_eq!(Session::start().end(false), 1);
    assert_eq!(Session::start().end(true), 0);
}

#[test]
fn unknown_dollar_requests_are_method_not_found_and_notifications_ignored() {
    let mut session = Session::start();
    session.send(&message(
        json!({"jsonrpc": "2.0", "method": "$/plan/unknownNotification", "params": {}}),
    ));
    session.send(&message(
        json!({"jsonrpc": "2.0", "id": 41, "method": "$/plan/unknownRequest", "params": {}}),
    ));
    session.send(&message(
        json!({"jsonrpc": "2.0", "method": "$/setTrace", "params": {"value": "off"}}),
    ));
    session.send(&probe(42));
    session.answer(42);
    let errors = session.errors(1);
    // One error, for the request; the notifications got no reply and stopped nothing.
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["id"], json!(41));
    assert_eq!(errors[0]["error"]["code"], json!(-32601));
    assert_eq!(session.end(true), 0);
}
