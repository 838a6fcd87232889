//! The requests the server answers, one module per feature.

mod actions;
mod completion;
mod definition;
mod format;
mod hints;
mod hover;
mod site;
mod symbols;

use std::rc::Rc;

use lsp_server::ErrorCode;
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    InlayHintRequest, Request as _,
};
use lsp_types::{TextDocumentIdentifier, Uri};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::analysis::Analysis;
use super::position::{Encoding, LineIndex};
use super::server::Server;
use crate::source::FileId;

/// One request's document: its text, its journal, its place in it.
pub struct Doc {
    /// The document's URI.
    pub uri: Uri,
    /// The text (the open buffer, else the file).
    pub text: String,
    /// The journal the document belongs to.
    pub analysis: Rc<Analysis>,
    /// The document's file in the journal.
    pub file: Option<FileId>,
    /// The negotiated encoding.
    pub encoding: Encoding,
}

impl Doc {
    /// A line index over the document's text.
    pub fn index(&self) -> LineIndex<'_> {
        LineIndex::new(&self.text, self.encoding)
    }
}

/// Answers a request by its method.
pub fn answer(
    server: &mut Server,
    method: &str,
    params: Value,
) -> Result<Value, (ErrorCode, String)> {
    let doc = |server: &mut Server, params: &Value| -> Result<Doc, (ErrorCode, String)> {
        let id: TextDocumentIdentifier = params
            .get("textDocument")
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok())
            .ok_or((ErrorCode::InvalidParams, "no textDocument".to_string()))?;
        let text = server.text(&id.uri).unwrap_or_default();
        let analysis = server.analysis(&id.uri);
        Ok(Doc {
            file: analysis.file_of(&id.uri),
            uri: id.uri,
            text,
            analysis,
            encoding: server.encoding,
        })
    };
    let result = match method {
        Completion::METHOD => to_json(completion::complete(&doc(server, &params)?, parse(params)?)),
        HoverRequest::METHOD => {
            let doc = doc(server, &params)?;
            to_json(hover::hover(&doc, server.app().today, parse(params)?))
        }
        GotoDefinition::METHOD => to_json(definition::definition(
            &doc(server, &params)?,
            parse(params)?,
        )),
        Formatting::METHOD => to_json(format::format(&doc(server, &params)?)),
        CodeActionRequest::METHOD => {
            to_json(actions::actions(&doc(server, &params)?, parse(params)?))
        }
        InlayHintRequest::METHOD => to_json(hints::hints(&doc(server, &params)?, parse(params)?)),
        DocumentSymbolRequest::METHOD => to_json(symbols::symbols(&doc(server, &params)?)),
        _ => {
            return Err((
                ErrorCode::MethodNotFound,
                format!("secl lsp does not answer `{method}`"),
            ));
        }
    };
    Ok(result)
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
