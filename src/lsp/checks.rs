//! Checking open documents off the request path.
//!
//! An edit only stores the new text; the check runs later on a blocking thread, so a hover
//! or a completion is answered at once even while a large document is being checked. Checks
//! are debounced (a burst of keystrokes is checked once, after it) and superseded: each
//! document has at most one check running, and when it ends on a text that has changed
//! since, its findings are not published and the newest text is checked next. The same
//! happens when a file that documents import changes on disk.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

use super::diagnostics;
use super::document::{Document, Encoding};
use crate::i18n::Lang;
use crate::model::Loader;

/// How long an edit waits for the next one before it is checked: one keystroke's gap.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// One open document: its newest text, and its last check.
pub struct Entry {
    pub uri: Uri,
    pub text: String,
    pub version: i32,
    /// Bumped by every change of the text or of a file it may import.
    generation: u64,
    /// The last check, and the generation it checked.
    pub checked: Option<(Arc<Document>, u64)>,
    /// Whether a check loop is running for this document.
    checking: bool,
    /// Whether the text changed since the last check began: then the documents that may
    /// import this one are checked again after it (its text is in front of the disk for
    /// them only once its own check has put it there).
    edited: bool,
}

impl Entry {
    /// The last check, if it is of the newest text and imports.
    pub fn current(&self) -> Option<&Arc<Document>> {
        self.checked
            .as_ref()
            .filter(|(_, generation)| *generation == self.generation)
            .map(|(doc, _)| doc)
    }

    /// The last check, whatever has changed since (for answers that may be a little stale
    /// rather than wait: hover, definition, references, outline).
    pub fn last(&self) -> Option<&Arc<Document>> {
        self.checked.as_ref().map(|(doc, _)| doc)
    }

    /// The newest text as a document, checked or not (for completion and formatting, which
    /// must see the text as it is now).
    pub fn newest(&self, encoding: Encoding) -> Arc<Document> {
        if let Some(doc) = self.current() {
            return Arc::clone(doc);
        }
        Arc::new(Document::unchecked(
            self.uri.clone(),
            self.version,
            self.text.clone(),
            encoding,
            self.last().map(Arc::as_ref),
        ))
    }
}

/// The server's state: the open documents and what was negotiated at initialization.
pub struct State {
    pub docs: HashMap<String, Entry>,
    pub encoding: Encoding,
    pub lang: Lang,
    pub loader: Arc<Loader>,
    /// Whether the client lets us register a file watcher.
    pub can_watch: bool,
    /// `initializationOptions.asOf`: the date S601/S602 are reported for (none: not at all).
    pub as_of: Option<chrono::NaiveDate>,
}

/// What the request handlers and the check loops share.
pub struct Shared {
    pub client: Client,
    state: Mutex<State>,
    /// Set by the `shutdown` request: the exit code tells whether it came.
    pub shutdown: Arc<AtomicBool>,
}

impl Shared {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        Shared {
            client,
            state: Mutex::new(State {
                docs: HashMap::new(),
                encoding: Encoding::Utf16,
                lang: Lang::from_env(),
                loader: Arc::new(Loader::new()),
                can_watch: false,
                as_of: None,
            }),
            shutdown,
        }
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        // A handler that panicked left the map as it was; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Store a document's new text and have it checked.
pub fn edit(shared: &Arc<Shared>, uri: Uri, version: i32, text: String) {
    let key = uri.as_str().to_string();
    let start = {
        let mut state = shared.state();
        let entry = state.docs.entry(key.clone()).or_insert_with(|| Entry {
            uri,
            text: String::new(),
            version,
            generation: 0,
            checked: None,
            checking: false,
            edited: false,
        });
        entry.text = text;
        entry.version = version;
        entry.edited = true;
        touch(entry)
    };
    if start {
        tokio::spawn(check_loop(Arc::clone(shared), key));
    }
}

/// Have every open document checked again (a file they may import changed on disk).
pub fn recheck_all(shared: &Arc<Shared>) {
    recheck_where(shared, |_, _| true);
}

/// Have the open documents other than `changed` that import anything checked again: the
/// buffer `changed` (a registry, say) is what they see in place of its file, and its text
/// just changed or was closed. A document without `use` cannot depend on it. Whether the
/// import is direct or through another file is not worth tracking: a plan with imports is
/// rechecked once per burst of edits elsewhere, after the debounce.
pub fn recheck_dependents(shared: &Arc<Shared>, changed: &str) {
    recheck_where(shared, |key, entry| {
        key != changed
            && entry.last().is_some_and(|doc| {
                doc.checked
                    .model
                    .as_ref()
                    .is_some_and(|model| !model.imports.is_empty())
            })
    });
}

fn recheck_where(shared: &Arc<Shared>, wanted: impl Fn(&str, &Entry) -> bool) {
    let keys: Vec<String> = {
        let mut state = shared.state();
        state
            .docs
            .iter_mut()
            .filter(|(key, entry)| wanted(key, entry))
            .filter_map(|(key, entry)| touch(entry).then(|| key.clone()))
            .collect()
    };
    for key in keys {
        tokio::spawn(check_loop(Arc::clone(shared), key));
    }
}

/// Mark a document changed; whether a check loop must be started for it.
fn touch(entry: &mut Entry) -> bool {
    entry.generation += 1;
    !std::mem::replace(&mut entry.checking, true)
}

/// Check a document until a check ends on its newest text, then publish that check.
async fn check_loop(shared: Arc<Shared>, key: String) {
    loop {
        tokio::time::sleep(DEBOUNCE).await;
        let (uri, text, version, generation, previous, encoding, lang, loader, as_of, edited) = {
            let mut state = shared.state();
            let (encoding, lang, loader, as_of) = (
                state.encoding,
                state.lang,
                Arc::clone(&state.loader),
                state.as_of,
            );
            let Some(e) = state.docs.get_mut(&key) else {
                return;
            };
            (
                e.uri.clone(),
                e.text.clone(),
                e.version,
                e.generation,
                e.last().cloned(),
                encoding,
                lang,
                loader,
                as_of,
                std::mem::take(&mut e.edited),
            )
        };
        let overlay = Arc::clone(&loader);
        let checked = tokio::task::spawn_blocking(move || {
            let doc = Document::open(&loader, uri, version, text, encoding, previous.as_deref());
            let mut found = diagnostics::to_lsp(&doc, lang);
            // With an as-of date from the client: the progress findings (docs/status.md).
            if let (Some(as_of), Some(model)) = (as_of, doc.checked.model.as_ref()) {
                let progress = crate::status::findings(model, as_of);
                found.extend(diagnostics::convert(&doc, lang, &progress));
            }
            (doc, found)
        })
        .await;
        let publish = {
            let mut state = shared.state();
            let Some(e) = state.docs.get_mut(&key) else {
                // Closed while it was checked: its text is no longer in front of the disk.
                if let Ok((doc, _)) = &checked {
                    overlay.set_overlay(&doc.path, None);
                }
                return;
            };
            let found = match checked {
                Ok((doc, found)) => {
                    e.checked = Some((Arc::new(doc), generation));
                    found
                }
                // The checker panicked: no findings rather than no server.
                Err(_) => Vec::new(),
            };
            let newest = e.generation == generation;
            if newest {
                e.checking = false;
            }
            newest.then(|| (e.uri.clone(), found))
        };
        if edited {
            // Its new text is in front of the disk now: the plans that use it see it.
            recheck_dependents(&shared, &key);
        }
        if let Some((uri, found)) = publish {
            shared
                .client
                .publish_diagnostics(uri, found, Some(version))
                .await;
            return;
        }
    }
}
