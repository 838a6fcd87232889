//! `secl lsp`: a language server on standard input and output (grammar.md,
//! "The language server"). Open buffers are read instead of the files on
//! disk; each change re-checks the journals of the open documents and
//! publishes `secl check`'s diagnostics for their files. It never writes a
//! file: formatting and quick fixes are edits the editor applies.

// `lsp_types::Uri` hashes and compares by its text; its interior
// mutability is a parse cache (rust-analyzer allows the lint the same way).
#![allow(clippy::mutable_key_type)]

mod analysis;
mod diagnostics;
mod features;
mod position;
mod server;
#[cfg(test)]
mod tests;
mod uri;

pub use position::{Encoding, LineIndex};
pub use server::Server;

use std::io;

use lsp_server::Connection;
use lsp_types::InitializeParams;

use crate::app::{App, Exit, Outcome, UsageError};

/// Runs the server until the client says `exit`.
pub fn run(app: &App) -> Outcome {
    let (connection, threads) = Connection::stdio();
    let served = serve(app, &connection);
    drop(connection);
    let joined = threads.join();
    served.and(joined).map_err(|err| {
        // A protocol error quotes the message it got: a whole buffer, perhaps.
        let mut why = err.to_string();
        if let Some((cut, _)) = why.char_indices().nth(200) {
            why.truncate(cut);
            why.push('…');
        }
        UsageError::new(
            format!("secl lsp: the connection to the editor failed: {why}"),
            "secl lsp speaks the Language Server Protocol on stdin/stdout and is started by an editor; see docs/editors.md",
        )
    })?;
    Ok(Exit::Success)
}

/// The whole session on a connection: `initialize`, then the main loop.
pub fn serve(app: &App, connection: &Connection) -> io::Result<()> {
    let (id, params) = connection.initialize_start().map_err(io::Error::other)?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::negotiate(&params);
    let result = serde_json::json!({
        "capabilities": server::capabilities(encoding),
        "serverInfo": { "name": "secl", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(io::Error::other)?;
    let watch = params
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let mut server = Server::new(app, encoding);
    server.main_loop(connection, watch)
}
