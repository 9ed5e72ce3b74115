//! The language server's standard input and output: client bytes go through our
//! [`Decoder`] (which answers malformed frames itself) before tower-lsp-server sees them, and
//! one writer puts the server's messages and those answers on standard output, whole frames
//! at a time so they never interleave.
//!
//! ```text
//! stdin ─► reader thread (Decoder) ─┬─ valid messages ─► tower-lsp-server ─► frames ─┐
//!                                   └─ error replies ───────────────────────────────┴─► writer ─► stdout
//! ```

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

use super::framing::{frame, Decoder, Event};
use super::Backend;

/// How the session ended, for the exit code: the protocol says 0 after a `shutdown`
/// request, 1 when the client exits (or goes away) without one.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    Clean,
    WithoutShutdown,
}

/// Bytes buffered between the reader, the server and the writer.
const PIPE: usize = 1 << 20;

/// Serve one client over standard input and output until it exits.
pub fn serve() -> std::io::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let ending = runtime.block_on(async {
        let (to_server, server_in) = tokio::io::duplex(PIPE);
        let (server_out, from_server) = tokio::io::duplex(PIPE);
        let (messages_tx, messages_rx) = mpsc::channel(64);
        let (replies_tx, replies_rx) = mpsc::channel(64);
        // A plain thread: a read of standard input cannot be cancelled, and the process
        // must not wait for it once the server is done.
        std::thread::spawn(move || read_stdin(messages_tx, replies_tx));
        let feeder = tokio::spawn(feed_server(messages_rx, to_server));
        let writer = tokio::spawn(write_stdout(from_server, replies_rx));
        let flag = Arc::clone(&shutdown);
        let (service, socket) = LspService::new(move |client| Backend::new(client, flag));
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        feeder.abort();
        match writer.await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    });
    // Checks still running on blocking threads are abandoned, not waited for.
    runtime.shutdown_background();
    ending?;
    Ok(if shutdown.load(Ordering::SeqCst) {
        Ending::Clean
    } else {
        Ending::WithoutShutdown
    })
}

/// Read standard input to its end, sorting frames into messages and error replies.
fn read_stdin(messages: mpsc::Sender<Vec<u8>>, replies: mpsc::Sender<Vec<u8>>) {
    let mut stdin = std::io::stdin().lock();
    let mut decoder = Decoder::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match stdin.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        };
        decoder.feed(buf.get(..n).unwrap_or_default());
        while let Some(event) = decoder.next_event() {
            let sent = match event {
                Event::Message(body) => messages.blocking_send(body),
                Event::Reply(body) => replies.blocking_send(body),
            };
            if sent.is_err() {
                // The server is gone.
                return;
            }
        }
    }
}

/// Pass valid messages on to tower-lsp-server; at the end of input, close its input.
async fn feed_server(mut messages: mpsc::Receiver<Vec<u8>>, mut to_server: DuplexStream) {
    while let Some(body) = messages.recv().await {
        if to_server.write_all(&frame(&body)).await.is_err() {
            return;
        }
    }
    let _ = to_server.shutdown().await;
}

/// Write the server's frames and our error replies to standard output, until the server
/// has closed its output.
async fn write_stdout(
    mut from_server: DuplexStream,
    mut replies: mpsc::Receiver<Vec<u8>>,
) -> std::io::Result<()> {
    let mut stdout = tokio::io::stdout();
    let mut frames = Decoder::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut replies_open = true;
    loop {
        tokio::select! {
            read = from_server.read(&mut buf) => {
                let n = read?;
                if n == 0 {
                    break;
                }
                frames.feed(buf.get(..n).unwrap_or_default());
                while let Some(found) = frames.next_frame() {
                    if let Ok(body) = found {
                        stdout.write_all(&frame(&body)).await?;
                    }
                }
                stdout.flush().await?;
            }
            reply = replies.recv(), if replies_open => match reply {
                Some(body) => {
                    stdout.write_all(&frame(&body)).await?;
                    stdout.flush().await?;
                }
                None => replies_open = false,
            },
        }
    }
    stdout.flush().await
}
