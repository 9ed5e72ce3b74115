//! The language server (`plan lsp`): the checker, the resolved model and the formatter,
//! served to editors over the Language Server Protocol (tower-lsp-server, stdio).
//!
//! This file is the one place where requests are registered: each is a thin `async fn`
//! that finds the open document and calls its handler, one file per request, each a plain
//! function of a [`Document`] that the tests call directly. Open documents are editor
//! buffers: they are put in front of the disk ([`Loader::set_overlay`]), so a plan that
//! `use`s an open registry sees the registry as typed.
//!
//! Nothing a client sends may crash the server: unknown documents, positions past the end,
//! half-typed files and malformed names all give an empty answer or an error reply.

mod completion;
mod definition;
mod diagnostics;
mod document;
mod formatting;
mod hover;
mod index;
mod references;
mod rename;
mod symbols;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

pub use diagnostics::to_lsp as diagnostics;
pub use document::{Document, Encoding};

use crate::i18n::Lang;
use crate::model::Loader;

/// Serve one client over standard input and output until it exits.
pub fn serve_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}

/// The server's state: the open documents and what was negotiated at initialization.
struct State {
    docs: HashMap<String, Document>,
    encoding: Encoding,
    lang: Lang,
    loader: Arc<Loader>,
}

pub struct Backend {
    client: Client,
    state: Mutex<State>,
}

impl Backend {
    fn new(client: Client) -> Self {
        Backend {
            client,
            state: Mutex::new(State {
                docs: HashMap::new(),
                encoding: Encoding::Utf16,
                lang: Lang::from_env(),
                loader: Arc::new(Loader::new()),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A handler that panicked left the map as it was; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Run a handler on an open document; an unknown document gives `None`.
    fn with_doc<T>(&self, uri: &Uri, f: impl FnOnce(&Document, Lang) -> Option<T>) -> Option<T> {
        let state = self.state();
        let doc = state.docs.get(uri.as_str())?;
        f(doc, state.lang)
    }

    /// Check a document's new text, store it, and publish its findings.
    async fn update(&self, uri: Uri, version: i32, text: String) {
        let (diagnostics, version) = {
            let mut state = self.state();
            let (encoding, lang, loader) = (state.encoding, state.lang, Arc::clone(&state.loader));
            let previous = state.docs.get(uri.as_str());
            let doc = Document::open(&loader, uri.clone(), version, text, encoding, previous);
            let diagnostics = diagnostics::to_lsp(&doc, lang);
            state.docs.insert(uri.as_str().to_string(), doc);
            (diagnostics, version)
        };
        self.client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
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
        {
            let mut state = self.state();
            state.encoding = encoding;
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
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
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

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.update(doc.uri, doc.version, doc.text).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let text = {
            let state = self.state();
            let Some(doc) = state.docs.get(uri.as_str()) else {
                return;
            };
            doc.apply_changes(&params.content_changes)
        };
        self.update(uri, params.text_document.version, text).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut state = self.state();
            if let Some(doc) = state.docs.remove(uri.as_str()) {
                state.loader.set_overlay(&doc.path, None);
            }
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        Ok(self.with_doc(&p.text_document.uri, |doc, lang| {
            hover::hover(doc, lang, p.position)
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        Ok(self.with_doc(&p.text_document.uri, |doc, _| {
            definition::definition(doc, p.position).map(GotoDefinitionResponse::Scalar)
        }))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let declaration = params.context.include_declaration;
        Ok(self.with_doc(&p.text_document.uri, |doc, _| {
            references::references(doc, p.position, declaration)
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        Ok(self.with_doc(&p.text_document.uri, |doc, lang| {
            completion::completion(doc, lang, p.position).map(CompletionResponse::Array)
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self.with_doc(&params.text_document.uri, |doc, _| {
            Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
                doc,
            )))
        }))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self.with_doc(&params.text_document.uri, |doc, _| {
            formatting::formatting(doc)
        }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let state = self.state();
        let Some(doc) = state.docs.get(p.text_document.uri.as_str()) else {
            return Ok(None);
        };
        rename::rename(doc, p.position, &params.new_name)
            .map(|edits| {
                Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
                    ..Default::default()
                })
            })
            .map_err(|e| Error::invalid_params(e.to_string()))
    }
}

#[cfg(test)]
mod tests;
