//! The journal of an open document, loaded with the editor's buffers read
//! instead of the files on disk, and the document's place in it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Uri;

use crate::app::App;
use crate::journal::{Journal, Keep};
use crate::load::{Input, Overlay, Settings};
use crate::source::FileId;

use super::uri;

/// A journal loaded for the editor.
pub struct Analysis {
    /// The journal (with notes and every file's text kept).
    pub journal: Journal,
    /// The URI of each file of the journal that has one.
    pub uris: HashMap<FileId, Uri>,
    /// The root file, or the document itself when no root reaches it.
    pub key: String,
}

impl Analysis {
    /// The file of the journal a URI names.
    pub fn file_of(&self, uri: &Uri) -> Option<FileId> {
        self.uris
            .iter()
            .filter(|(id, _)| self.journal.files.contains(id))
            .find(|(_, u)| *u == uri)
            .map(|(&id, _)| id)
    }
}

/// Loads the journal of the document at `uri` whose text is `text`: the
/// journal root found upwards from its directory if that journal reaches
/// it, else the document with its includes. A document that is no file on
/// disk (an unsaved new buffer) is read on its own, like standard input.
/// `open` maps the canonical path of each open buffer to its URI.
pub fn analyze(
    app: &App,
    uri: &Uri,
    text: &str,
    overlay: &Overlay,
    open: &HashMap<PathBuf, Uri>,
) -> Analysis {
    let settings = || Settings {
        not_included: true,
        overlay: overlay.clone(),
        ..Settings::default()
    };
    let load = |input: Input| {
        let mut stdin = text.as_bytes();
        app.journal_with(&[input], &mut stdin, Keep::Notes, settings())
    };
    let canonical = uri::to_path(uri)
        .and_then(|path| std::fs::canonicalize(path).ok())
        .filter(|path| path.is_file());
    let Some(canonical) = canonical else {
        let journal = load(Input::Stdin);
        let mut uris = uris_of(&journal, open);
        if let Some(&id) = journal.files.first() {
            uris.insert(id, uri.clone());
        }
        return Analysis {
            journal,
            uris,
            key: uri.as_str().to_string(),
        };
    };
    let dir = canonical.parent().unwrap_or(Path::new("/"));
    if let Some(root) = app.find_root(dir) {
        let journal = load(Input::Path(root.clone()));
        let reaches = journal
            .files
            .iter()
            .any(|&id| journal.sources.get(id).canonical.as_ref() == Some(&canonical));
        if reaches {
            return Analysis {
                uris: uris_of(&journal, open),
                journal,
                key: root.to_string_lossy().into_owned(),
            };
        }
    }
    let journal = load(Input::Path(canonical.clone()));
    Analysis {
        uris: uris_of(&journal, open),
        journal,
        key: canonical.to_string_lossy().into_owned(),
    }
}

/// The URI of each source with a canonical path: the open buffer's own URI
/// for an open file, else one made from the path.
fn uris_of(journal: &Journal, open: &HashMap<PathBuf, Uri>) -> HashMap<FileId, Uri> {
    (0..journal.sources.len() as FileId)
        .filter_map(|id| {
            let path = journal.sources.get(id).canonical.as_ref()?;
            let uri = open.get(path).cloned().or_else(|| uri::from_path(path))?;
            Some((id, uri))
        })
        .collect()
}
