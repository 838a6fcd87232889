//! The server's state (the open documents, the journals loaded for them,
//! what was published) and its main loop.

use std::collections::{HashMap, HashSet};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    HoverProviderCapability, OneOf, PublishDiagnosticsParams, SaveOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};

use super::analysis::{Analysis, analyze};
use super::diagnostics;
use super::features;
use super::position::{Encoding, LineIndex};
use crate::app::App;

/// What the server offers.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["#".into(), ":".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The server.
pub struct Server<'a> {
    app: &'a App,
    /// The negotiated position encoding.
    pub encoding: Encoding,
    /// The open documents' texts.
    docs: HashMap<Uri, String>,
    /// The journal of each open document (and of every file of it), since
    /// the last change.
    cache: HashMap<Uri, Rc<Analysis>>,
    /// The diagnostics last published, by file.
    published: HashMap<Uri, Vec<lsp_types::Diagnostic>>,
    /// Notifications to send.
    outbox: Vec<Message>,
    /// How many handlers panicked (each caught, answered or dropped): 0
    /// unless secl has a bug.
    pub panics: usize,
}

impl<'a> Server<'a> {
    /// A server with nothing open.
    pub fn new(app: &'a App, encoding: Encoding) -> Server<'a> {
        Server {
            app,
            encoding,
            docs: HashMap::new(),
            cache: HashMap::new(),
            published: HashMap::new(),
            outbox: Vec::new(),
            panics: 0,
        }
    }

    /// Serves requests and notifications until `exit`; first asks a client
    /// that can to report changes of `.sec` files on disk.
    pub fn main_loop(&mut self, connection: &Connection, watch: bool) -> io::Result<()> {
        if watch {
            let params = serde_json::json!({"registrations": [{
                "id": "secl-files",
                "method": DidChangeWatchedFiles::METHOD,
                "registerOptions": {"watchers": [{"globPattern": "**/*.sec"}, {"globPattern": "**/*.taxonomy"}]},
            }]});
            let request = Request::new(
                lsp_server::RequestId::from("secl-watch".to_string()),
                "client/registerCapability".into(),
                params,
            );
            connection
                .sender
                .send(Message::Request(request))
                .map_err(|_| io::Error::other("the client hung up"))?;
        }
        for message in &connection.receiver {
            let replies = match message {
                Message::Request(request) => {
                    if connection
                        .handle_shutdown(&request)
                        .map_err(io::Error::other)?
                    {
                        return Ok(());
                    }
                    vec![Message::Response(self.request(request))]
                }
                Message::Notification(notification) => self.notify(notification),
                Message::Response(_) => Vec::new(),
            };
            for reply in replies {
                connection
                    .sender
                    .send(reply)
                    .map_err(|_| io::Error::other("the client hung up"))?;
            }
        }
        Ok(())
    }

    /// Answers one request; a handler that panics answers an error and
    /// the state is rebuilt from the documents at the next change.
    pub fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match catch_unwind(AssertUnwindSafe(|| self.answer(request))) {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                self.cache.clear();
                self.panics += 1;
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    "secl lsp: internal error".into(),
                )
            }
        }
    }

    fn answer(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        features::answer(self, &request.method, request.params)
    }

    /// Handles one notification; what it returns is to be sent.
    pub fn notify(&mut self, notification: Notification) -> Vec<Message> {
        let changed = catch_unwind(AssertUnwindSafe(|| self.apply(notification)));
        match changed {
            Ok(Some(uri)) => self.refresh(uri.as_ref()),
            Ok(None) => {}
            Err(_) => {
                self.cache.clear();
                self.panics += 1;
            }
        }
        std::mem::take(&mut self.outbox)
    }

    /// Applies a notification: `None` when nothing is to be re-checked,
    /// else the document it changed (`Some(None)`: files on disk).
    fn apply(&mut self, notification: Notification) -> Option<Option<Uri>> {
        let params = notification.params;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = serde_json::from_value(params).ok()?;
                self.docs
                    .insert(p.text_document.uri.clone(), p.text_document.text);
                Some(Some(p.text_document.uri))
            }
            DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = serde_json::from_value(params).ok()?;
                let encoding = self.encoding;
                let text = self.docs.entry(p.text_document.uri.clone()).or_default();
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let span = LineIndex::new(text, encoding).span(range);
                            text.replace_range(span.range(), &change.text);
                        }
                        None => *text = change.text,
                    }
                }
                Some(Some(p.text_document.uri))
            }
            DidSaveTextDocument::METHOD => {
                let p: DidSaveTextDocumentParams = serde_json::from_value(params).ok()?;
                Some(Some(p.text_document.uri))
            }
            // A file changed on disk (`secl add`, a checkout): re-read.
            DidChangeWatchedFiles::METHOD => Some(None),
            DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = serde_json::from_value(params).ok()?;
                self.docs.remove(&p.text_document.uri);
                Some(Some(p.text_document.uri))
            }
            _ => None,
        }
    }

    /// The open buffers by canonical path.
    fn open_paths(&self) -> HashMap<PathBuf, Uri> {
        self.docs
            .keys()
            .filter_map(|uri| {
                let path = super::uri::to_path(uri)?;
                Some((std::fs::canonicalize(path).ok()?, uri.clone()))
            })
            .collect()
    }

    /// Re-checks the journal of every open document and publishes what
    /// changed (always for `changed`); files no journal holds any more
    /// are cleared.
    fn refresh(&mut self, changed: Option<&Uri>) {
        self.cache.clear();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        let mut fresh: HashMap<Uri, Vec<lsp_types::Diagnostic>> = HashMap::new();
        for uri in uris {
            if self.cache.contains_key(&uri) {
                continue;
            }
            let analysis = self.analysis(&uri);
            fresh.extend(diagnostics::by_file(&analysis, self.encoding));
        }
        let gone: Vec<Uri> = self
            .published
            .keys()
            .filter(|uri| !fresh.contains_key(*uri))
            .cloned()
            .collect();
        for uri in gone {
            fresh.insert(uri, Vec::new());
        }
        if let Some(changed) = changed {
            fresh.entry(changed.clone()).or_default();
        }
        for (uri, list) in fresh {
            let same = self
                .published
                .get(&uri)
                .map_or(list.is_empty(), |old| *old == list);
            if same && Some(&uri) != changed {
                continue;
            }
            if list.is_empty() {
                self.published.remove(&uri);
            } else {
                self.published.insert(uri.clone(), list.clone());
            }
            let params = PublishDiagnosticsParams::new(uri, list, None);
            self.outbox.push(Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.into(),
                params,
            )));
        }
    }

    /// The journal of a document (open, or read from disk), loaded once
    /// per change.
    pub fn analysis(&mut self, uri: &Uri) -> Rc<Analysis> {
        if let Some(found) = self.cache.get(uri) {
            return found.clone();
        }
        let open = self.open_paths();
        let overlay = Arc::new(
            open.iter()
                .filter_map(|(path, uri)| Some((path.clone(), self.docs.get(uri)?.clone())))
                .collect(),
        );
        let text = self.docs.get(uri).map_or("", String::as_str);
        let analysis = Rc::new(analyze(self.app, uri, text, &overlay, &open));
        let members: HashSet<Uri> = analysis
            .journal
            .files
            .iter()
            .filter_map(|id| analysis.uris.get(id).cloned())
            .collect();
        for member in members {
            self.cache.insert(member, analysis.clone());
        }
        self.cache.insert(uri.clone(), analysis.clone());
        analysis
    }

    /// The text of a document: the open buffer, else the file on disk.
    pub fn text(&self, uri: &Uri) -> Option<String> {
        if let Some(text) = self.docs.get(uri) {
            return Some(text.clone());
        }
        let path = super::uri::to_path(uri)?;
        let bytes = crate::source::read_bytes(&path).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The app (today's date, the limits of the root search).
    pub fn app(&self) -> &App {
        self.app
    }
}
