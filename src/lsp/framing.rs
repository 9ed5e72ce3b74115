//! The base protocol of LSP (`Content-Length` frames around JSON-RPC 2.0 bodies), read by us
//! before tower-lsp-server sees anything.
//!
//! tower-lsp-server stops reading at the first frame it cannot decode (its framed reader ends
//! after an error), so one malformed message from a client would end the server and the
//! editor would lose its checker silently. The [`Decoder`] here validates each frame and each
//! body, answers what is not a valid message itself (-32700 parse error, -32600 invalid
//! request, as JSON-RPC 2.0 says; -32601 for a `$/` request, as LSP says and
//! tower-lsp-server does not) and passes on only bodies that tower-lsp-server accepts.
//! After a broken header it resynchronises on the next `Content-Length`.
//!
//! It does no I/O: bytes go in with [`Decoder::feed`], events come out of
//! [`Decoder::next_event`], so tests and fuzzers drive it with any bytes they like.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// The longest header block we wait for; real headers are under 100 bytes.
const MAX_HEADER: usize = 8 * 1024;

/// The largest body we accept. A plan of that size would take the checker minutes; a larger
/// `Content-Length` is refused and its bytes are skipped, never buffered.
pub const MAX_BODY: usize = 256 * 1024 * 1024;

const HEADER_NAME: &[u8] = b"content-length:";

/// What a frame turned into.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// A valid JSON-RPC message (the body as the client sent it, valid UTF-8) for the server.
    Message(Vec<u8>),
    /// The error response to a frame that is not a valid message, for the client.
    Reply(Vec<u8>),
}

/// Splits a byte stream into frames and judges each one.
#[derive(Debug, Default)]
pub struct Decoder {
    buf: Vec<u8>,
    /// Where the unread bytes of `buf` start (moved forward instead of shifting the buffer).
    start: usize,
    /// The length of the body whose header was read, while its bytes are still coming.
    body: Option<usize>,
    /// Bytes still to drop from a body too large to keep.
    skip: usize,
    /// Whether bytes are being skipped after a broken header: one error for the whole
    /// stretch of garbage, however it arrives.
    resyncing: bool,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add bytes read from the client.
    pub fn feed(&mut self, bytes: &[u8]) {
        let dropped = self.skip.min(bytes.len());
        self.skip -= dropped;
        let rest = bytes.get(dropped..).unwrap_or_default();
        if self.start > 0 && self.start >= self.buf.len() / 2 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(rest);
    }

    fn pending(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// The next event, or `None` when more bytes are needed.
    pub fn next_event(&mut self) -> Option<Event> {
        self.next_frame().map(|frame| match frame {
            Ok(body) => judge(body),
            Err(error) => Event::Reply(reply(Id::Null, error)),
        })
    }

    /// The next frame's body, or the error of a frame whose header is broken; `None` when
    /// more bytes are needed. Also used on the server's own output, to find where its
    /// messages end.
    pub fn next_frame(&mut self) -> Option<Result<Vec<u8>, Error>> {
        loop {
            if self.skip > 0 {
                return None;
            }
            if let Some(len) = self.body {
                let body = self.pending().get(..len)?.to_vec();
                self.start += len;
                self.body = None;
                return Some(Ok(body));
            }
            let pending = self.pending();
            let Some(end) = find(pending, b"\r\n\r\n") else {
                if pending.len() > MAX_HEADER {
                    match self.resync("a header longer than 8 KiB") {
                        Some(error) => return Some(Err(error)),
                        None => continue,
                    }
                }
                // Nothing but blank lines between frames is no error; wait for more.
                return None;
            };
            let header = pending.get(..end).unwrap_or_default();
            if header.iter().all(|b| b.is_ascii_whitespace()) {
                // Stray line ends between frames (some clients send them): skip.
                self.start += end + 4;
                continue;
            }
            match content_length(header) {
                Ok(len) if len > MAX_BODY => {
                    self.resyncing = false;
                    self.start += end + 4;
                    let available = self.pending().len().min(len);
                    self.start += available;
                    self.skip = len - available;
                    return Some(Err(invalid(format!(
                        "a body of {len} bytes (at most {MAX_BODY})"
                    ))));
                }
                Ok(len) => {
                    self.resyncing = false;
                    self.start += end + 4;
                    self.body = Some(len);
                }
                Err(why) => match self.resync(why) {
                    Some(error) => return Some(Err(error)),
                    None => continue,
                },
            }
        }
    }

    /// Drop bytes up to the next `Content-Length` after the broken header's first byte; the
    /// error to answer, unless one was already answered for this stretch of garbage.
    fn resync(&mut self, why: &str) -> Option<Error> {
        let pending = self.pending();
        let next = pending
            .get(1..)
            .and_then(|rest| find_ignore_case(rest, HEADER_NAME))
            .map(|i| i + 1);
        // Without a next header, keep only a tail that may be the start of one.
        let keep_from = next.unwrap_or_else(|| pending.len() - partial_name(pending));
        self.start += keep_from.max(1).min(pending.len());
        let first = !self.resyncing;
        self.resyncing = true;
        first.then(|| parse_error(format!("a broken frame header: {why}")))
    }
}

/// The `Content-Length` of a header block (the lines before the blank line).
fn content_length(header: &[u8]) -> Result<usize, &'static str> {
    let text = std::str::from_utf8(header).map_err(|_| "not ASCII")?;
    let mut length = None;
    for line in text.split("\r\n") {
        let (name, value) = line.split_once(':').ok_or("a line without `:`")?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err("`Content-Length` is not a number");
            }
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| "`Content-Length` is too large")?,
            );
        }
        // `Content-Type` and unknown headers are ignored: every body is checked to be UTF-8.
    }
    length.ok_or("no `Content-Length`")
}

/// Whether a body is a message tower-lsp-server will accept; if not, its error reply.
fn judge(body: Vec<u8>) -> Event {
    let text = match std::str::from_utf8(&body) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            return Event::Reply(reply(
                Id::Null,
                parse_error(format!("the body is not UTF-8 (byte {at})")),
            ));
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // Also lone surrogate escapes (`"\ud800"`): serde_json refuses them.
        Err(e) => return Event::Reply(reply(Id::Null, parse_error(format!("not JSON: {e}")))),
    };
    let Value::Object(object) = &value else {
        let why = match value {
            Value::Array(ref a) if a.is_empty() => "an empty array",
            // LSP has no batches (JSON-RPC 2.0 has; LSP 3.17 does not use them).
            Value::Array(_) => "a batch: LSP does not use batches",
            _ => "not an object",
        };
        return Event::Reply(reply(Id::Null, invalid(why.to_string())));
    };
    let id = object
        .get("id")
        .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok())
        .unwrap_or(Id::Null);
    if object.get("jsonrpc") != Some(&Value::String("2.0".into())) {
        return Event::Reply(reply(id, invalid("`jsonrpc` is not \"2.0\"".into())));
    }
    if let (Some(Value::String(method)), Some(_)) = (object.get("method"), object.get("id")) {
        if method.starts_with("$/") {
            // The protocol says a `$/` request the server does not know gets MethodNotFound;
            // tower-lsp-server answers none at all, and the client would wait forever.
            let error = Error {
                data: Some(Value::String(method.clone())),
                ..Error::method_not_found()
            };
            return Event::Reply(reply(id, error));
        }
    }
    let accepted = match object.get("method") {
        Some(Value::String(_)) => serde_json::from_value::<Request>(value.clone()).is_ok(),
        Some(_) => false,
        None => serde_json::from_value::<Response>(value.clone()).is_ok(),
    };
    if accepted {
        Event::Message(body)
    } else {
        Event::Reply(reply(
            id,
            invalid("not a request, notification or response".into()),
        ))
    }
}

fn parse_error(detail: String) -> Error {
    Error {
        data: Some(Value::String(detail)),
        ..Error::new(ErrorCode::ParseError)
    }
}

fn invalid(detail: String) -> Error {
    Error {
        data: Some(Value::String(detail)),
        ..Error::new(ErrorCode::InvalidRequest)
    }
}

/// An error response, as a body.
fn reply(id: Id, error: Error) -> Vec<u8> {
    serde_json::to_vec(&Response::from_error(id, error)).unwrap_or_default()
}

/// A body in its frame.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The length of the longest end of `bytes` that begins a `Content-Length:` name.
fn partial_name(bytes: &[u8]) -> usize {
    (1..HEADER_NAME.len())
        .rev()
        .find(|&n| {
            bytes.len() >= n
                && bytes
                    .get(bytes.len() - n..)
                    .zip(HEADER_NAME.get(..n))
                    .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
        })
        .unwrap_or(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(bytes: &[u8]) -> Vec<Event> {
        let mut d = Decoder::new();
        d.feed(bytes);
        std::iter::from_fn(|| d.next_event()).collect()
    }

    fn code(e: &Event) -> Option<(i64, Value)> {
        match e {
            Event::Reply(b) => {
                let v: Value = serde_json::from_slice(b).ok()?;
                Some((v["error"]["code"].as_i64()?, v["id"].clone()))
            }
            Event::Message(_) => None,
        }
    }

    #[test]
    fn frames_split_anywhere_come_out_whole() {
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let bytes = [frame(body), frame(body)].concat();
        let mut d = Decoder::new();
        let mut out = Vec::new();
        for b in bytes.chunks(3) {
            d.feed(b);
            out.extend(std::iter::from_fn(|| d.next_event()));
        }
        assert_eq!(
            out,
            vec![Event::Message(body.to_vec()), Event::Message(body.to_vec())]
        );
    }

    #[test]
    fn bad_bodies_get_their_error_and_the_next_message_passes() {
        let good = frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        for (body, want) in [
            (&b"{"[..], (-32700, Value::Null)),
            (b"\xff\xfe", (-32700, Value::Null)),
            (b"[]", (-32600, Value::Null)),
            (b"42", (-32600, Value::Null)),
            (
                br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
                (-32600, 7.into()),
            ),
            (
                br#"{"jsonrpc":"2.0","id":8,"method":"x","params":"\ud800"}"#,
                (-32700, Value::Null),
            ),
            (
                br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
                (-32600, Value::Null),
            ),
            (br#"{"jsonrpc":"2.0","id":9}"#, (-32600, 9.into())),
        ] {
            let out = events(&[frame(body), good.clone()].concat());
            assert_eq!(out.len(), 2, "{}", String::from_utf8_lossy(body));
            assert_eq!(
                code(&out[0]),
                Some(want),
                "{}",
                String::from_utf8_lossy(body)
            );
            assert!(matches!(out[1], Event::Message(_)));
        }
    }

    #[test]
    fn a_broken_header_resyncs_on_the_next_one() {
        let good = frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        for broken in [
            &b"Content-Length: abc\r\n\r\n{}"[..],
            b"Content-Length: 3\r\n\r\n{\"jsonrpc\":\"2.0\"}",
            b"garbage\r\n\r\n",
            b"\r\n\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
        ] {
            // Fed at once and byte by byte: the same replies, then the good message.
            let bytes = [broken, &good].concat();
            let out = events(&bytes);
            let mut d = Decoder::new();
            let mut slow = Vec::new();
            for b in bytes.chunks(1) {
                d.feed(b);
                slow.extend(std::iter::from_fn(|| d.next_event()));
            }
            assert_eq!(out, slow, "{}", String::from_utf8_lossy(broken));
            assert!(out.len() <= 3);
            assert!(
                matches!(out.last(), Some(Event::Message(_))),
                "{}: {out:?}",
                String::from_utf8_lossy(broken)
            );
            assert!(out.len() >= 2);
        }
    }

    #[test]
    fn a_huge_length_is_refused_and_skipped() {
        let mut d = Decoder::new();
        d.feed(format!("Content-Length: {}\r\n\r\n", MAX_BODY + 10).as_bytes());
        assert_eq!(code(&d.next_event().unwrap()).unwrap().0, -32600);
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..MAX_BODY >> 20 {
            d.feed(&chunk);
            assert_eq!(d.next_event(), None);
        }
        d.feed(b"0123456789");
        let good = frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        d.feed(&good);
        assert!(matches!(d.next_event(), Some(Event::Message(_))));
    }
}
