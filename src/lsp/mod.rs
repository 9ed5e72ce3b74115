//! The language server (`plan lsp`): the checker, the resolved model and the formatter,
//! served to editors over the Language Server Protocol (tower-lsp-server, stdio).
//!
//! This file is the one place where requests are registered: each is a thin `async fn`
//! that finds the open document and calls its handler, one file per request, each a plain
//! function of a [`Document`] that the tests call directly. Open documents are editor
//! buffers: they are put in front of the disk ([`crate::model::Loader::set_overlay`]), so a
//! plan that `use`s an open registry sees the registry as typed.
//!
//! Documents are checked off the request path (`checks.rs`): hover, definition, references
//! and the outline answer from the last check at once; completion and formatting see the
//! newest text; rename, whose edits must fit the newest text, waits for its check.
//!
//! Nothing a client sends may crash or stop the server: malformed frames and bodies are
//! answered before tower-lsp-server sees them (`framing.rs`, `stdio.rs`); unknown
//! documents, positions past the end, half-typed files and malformed names give an empty
//! answer or an error reply.

mod checks;
mod completion;
mod definition;
mod diagnostics;
mod document;
mod formatting;
pub mod framing;
mod hover;
mod index;
mod references;
mod rename;
mod stdio;
mod symbols;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use checks::Shared;
pub use diagnostics::to_lsp as diagnostics;
pub use document::{Document, Encoding};
pub use stdio::{serve as serve_stdio, Ending};

use crate::i18n::Lang;

/// Serve one client over any byte streams, straight into tower-lsp-server — without the
/// framing layer of `plan lsp` (stdio.rs), which the caller runs first: the fuzz target of
/// the message loop (fuzz/) drives the server this way, in-process.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let shutdown = Arc::new(AtomicBool::new(false));
    let (service, socket) =
        tower_lsp_server::LspService::new(move |client| Backend::new(client, shutdown));
    tower_lsp_server::Server::new(input, output, socket)
        .serve(service)
        .await;
}

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        Backend {
            shared: Arc::new(Shared::new(client, shutdown)),
        }
    }

    /// Run a handler on the last check of an open document (answered at once, even if
    /// a newer text is still being checked); an unknown document gives `None`.
    fn with_last<T>(&self, uri: &Uri, f: impl FnOnce(&Document, Lang) -> Option<T>) -> Option<T> {
        let (doc, lang) = {
            let state = self.shared.state();
            let doc = Arc::clone(state.docs.get(uri.as_str())?.last()?);
            (doc, state.lang)
        };
        f(&doc, lang)
    }

    /// Run a handler on the newest text of an open document, checked or not.
    fn with_newest<T>(&self, uri: &Uri, f: impl FnOnce(&Document, Lang) -> Option<T>) -> Option<T> {
        let (doc, lang) = {
            let state = self.shared.state();
            let doc = state.docs.get(uri.as_str())?.newest(state.encoding);
            (doc, state.lang)
        };
        f(&doc, lang)
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        let encoding = Encoding::negotiate(offered.map(Vec::as_slice).unwrap_or(&[]));
        let lang = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("lang"))
            .and_then(|l| l.as_str())
            .map(Lang::from_locale);
        let can_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        // `"asOf": "2025-06-30"` (any date of the language) or `"today"`: report targets
        // overdue or behind on that date (docs/status.md).
        let as_of = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("asOf"))
            .and_then(|d| d.as_str())
            .and_then(|d| match d {
                "today" => Some(chrono::Local::now().date_naive()),
                d => crate::dates::parse_date(d).ok().map(|s| s.end),
            });
        {
            let mut state = self.shared.state();
            state.encoding = encoding;
            state.can_watch = can_watch;
            state.as_of = as_of;
            if let Some(lang) = lang {
                state.lang = lang;
            }
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "plan".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        // On save, files the plan imports are read again.
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![" ".to_string(), ",".to_string()]),
                    ..Default::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            ..Default::default()
        })
    }

    /// Watch the `.plan` files of the workspace, where the client can: a registry that a
    /// plan `use`s may change on disk (a `git pull`, another editor).
    async fn initialized(&self, _: InitializedParams) {
        if !self.shared.state().can_watch {
            return;
        }
        let client = self.shared.client.clone();
        // A request to the client: answered later, so it must not hold up this notification.
        tokio::spawn(async move {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.plan".to_string()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "plan-watch-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            let _ = client.register_capability(vec![registration]).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        checks::edit(&self.shared, doc.uri, doc.version, doc.text);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let text = {
            let state = self.shared.state();
            let Some(entry) = state.docs.get(uri.as_str()) else {
                return;
            };
            document::apply_changes(&entry.text, state.encoding, &params.content_changes)
        };
        checks::edit(&self.shared, uri, params.text_document.version, text);
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // The files it imports may have been changed by other programs meanwhile.
        self.shared.state().loader.forget_all();
        checks::recheck_all(&self.shared);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let state = self.shared.state();
            for change in &params.changes {
                match change.uri.to_file_path() {
                    // A deleted file cannot be canonicalized to the name it was kept by.
                    Some(path) if change.typ != FileChangeType::DELETED => {
                        state.loader.forget(&path)
                    }
                    _ => state.loader.forget_all(),
                }
            }
        }
        checks::recheck_all(&self.shared);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut state = self.shared.state();
            if state.docs.remove(uri.as_str()).is_some() {
                state.loader.set_overlay(&document::path_of(&uri), None);
            }
        }
        // The plans that use it see the file on disk again, not the closed buffer.
        checks::recheck_dependents(&self.shared, uri.as_str());
        self.shared
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        Ok(self.with_last(&p.text_document.uri, |doc, lang| {
            hover::hover(doc, lang, p.position)
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        Ok(self.with_last(&p.text_document.uri, |doc, _| {
            definition::definition(doc, p.position).map(GotoDefinitionResponse::Scalar)
        }))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let declaration = params.context.include_declaration;
        Ok(self.with_last(&p.text_document.uri, |doc, _| {
            references::references(doc, p.position, declaration)
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        Ok(self.with_newest(&p.text_document.uri, |doc, lang| {
            completion::completion(doc, lang, p.position).map(CompletionResponse::Array)
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self.with_last(&params.text_document.uri, |doc, _| {
            Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
                doc,
            )))
        }))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self.with_newest(&params.text_document.uri, |doc, _| {
            formatting::formatting(doc)
        }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let (doc, job, lang) = {
            let state = self.shared.state();
            let Some(entry) = state.docs.get(p.text_document.uri.as_str()) else {
                return Ok(None);
            };
            // Edits must fit the newest text: check it now if its check is still to come.
            let job = (
                entry.uri.clone(),
                entry.version,
                entry.text.clone(),
                state.encoding,
                entry.last().cloned(),
                Arc::clone(&state.loader),
            );
            (entry.current().cloned(), job, state.lang)
        };
        let doc = match doc {
            Some(doc) => doc,
            None => {
                let (uri, version, text, encoding, previous, loader) = job;
                let checked = tokio::task::spawn_blocking(move || {
                    Document::open(&loader, uri, version, text, encoding, previous.as_deref())
                })
                .await;
                Arc::new(checked.map_err(|_| Error::internal_error())?)
            }
        };
        rename::rename(&doc, p.position, &params.new_name)
            .map(|edits| {
                Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
                    ..Default::default()
                })
            })
            .map_err(|refused| Error::invalid_params(lang.say(&refused.into())))
    }
}

#[cfg(test)]
mod tests;
