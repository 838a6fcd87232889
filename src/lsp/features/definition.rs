//! Go to definition: an alias to its `alias` line, a node to its `tag`
//! directive or its taxonomy file's line, an `include` to its file(s).

use std::path::Path;

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, Position, Range};

use super::Doc;
use super::site::{Site, at, directives, lines, slice};
use crate::lsp::LineIndex;
use crate::lsp::uri;
use crate::parse::Directive;
use crate::resolve::{AliasTarget, Resolution};
use crate::source::{FileId, Span};
use crate::taxonomy::{NodeId, Origin, fold_path};

/// Where the thing at the cursor is defined.
pub fn definition(doc: &Doc, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let offset = doc
        .index()
        .offset(params.text_document_position_params.position);
    let locations = match at(&doc.text, offset)? {
        Site::Include(span) => include(doc, slice(&doc.text, span)),
        Site::AliasName(span) => alias(doc, &fold_path(slice(&doc.text, span)))
            .into_iter()
            .collect(),
        Site::Tag(span) => tag(doc, slice(&doc.text, span)).into_iter().collect(),
    };
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

fn tag(doc: &Doc, written: &str) -> Option<Location> {
    let journal = &doc.analysis.journal;
    let resolver = journal.resolver();
    let folded = fold_path(written);
    if let Some((end, AliasTarget::Node(_))) = resolver.alias_prefix(&folded)
        && end == folded.len()
    {
        return alias(doc, &folded);
    }
    let Resolution::Node(node) = resolver.resolve(written) else {
        return None;
    };
    declared(doc, node).or_else(|| in_taxonomy_file(doc, node))
}

/// The location of a span of one of the journal's files.
fn location(doc: &Doc, file: FileId, span: Span) -> Option<Location> {
    let uri = doc.analysis.uris.get(&file)?.clone();
    let index = LineIndex::of_source(doc.analysis.journal.sources.get(file), doc.encoding);
    Some(Location::new(uri, index.range(span)))
}

/// The directives of every file of the journal, with the file.
fn each_directive(doc: &Doc) -> impl Iterator<Item = (FileId, usize, Directive)> + '_ {
    let journal = &doc.analysis.journal;
    journal.files.iter().flat_map(move |&file| {
        directives(journal.sources.get(file).text()).map(move |(start, d)| (file, start, d))
    })
}

/// The `alias` line declaring `folded`.
fn alias(doc: &Doc, folded: &str) -> Option<Location> {
    let journal = &doc.analysis.journal;
    each_directive(doc).find_map(|(file, _, directive)| match directive {
        Directive::Alias { name, .. } if fold_path(journal.text(file, name)) == folded => {
            location(doc, file, name)
        }
        _ => None,
    })
}

/// The `tag` directive declaring `node`.
fn declared(doc: &Doc, node: NodeId) -> Option<Location> {
    let journal = &doc.analysis.journal;
    let folded = journal.taxonomy.folded_path(node);
    each_directive(doc).find_map(|(file, _, directive)| match directive {
        Directive::Tag { path } if fold_path(journal.text(file, path)) == folded => {
            location(doc, file, path)
        }
        _ => None,
    })
}

/// The line of a taxonomy file (two spaces of indent per level) that
/// declares `node`.
fn in_taxonomy_file(doc: &Doc, node: NodeId) -> Option<Location> {
    let taxonomy = &doc.analysis.journal.taxonomy;
    let Origin::File(path) = &taxonomy.origin else {
        return None;
    };
    let bytes = crate::source::read_bytes(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let wanted = taxonomy.folded_path(node);
    let mut stack: Vec<String> = Vec::new();
    for (start, line) in lines(&text) {
        let body = line.trim_start_matches(' ');
        let content = body.split(';').next().unwrap_or("").trim_end();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        stack.truncate(indent / 2);
        stack.push(content.to_string());
        if fold_path(&stack.join(":")) == wanted {
            let index = LineIndex::new(&text, doc.encoding);
            let span = Span::new(start + indent, start + indent + content.len());
            return Some(Location::new(uri::from_path(path)?, index.range(span)));
        }
    }
    None
}

/// The files an include names (each match of a glob), relative to the
/// document's directory.
fn include(doc: &Doc, written: &str) -> Vec<Location> {
    let Some(path) = uri::to_path(&doc.uri) else {
        return Vec::new();
    };
    let base = path.parent().unwrap_or(Path::new("/"));
    let start = Range::new(Position::new(0, 0), Position::new(0, 0));
    let to_location = |p: &Path| {
        Some(Location::new(
            uri::from_path(&std::fs::canonicalize(p).ok()?)?,
            start,
        ))
    };
    if written.contains(['*', '?', '[']) {
        // The directory is no pattern: a `[` in its name is a `[`.
        let base = glob::Pattern::escape(&base.to_string_lossy());
        let pattern = Path::new(&base)
            .join(written)
            .to_string_lossy()
            .into_owned();
        let Ok(paths) = glob::glob(&pattern) else {
            return Vec::new();
        };
        return paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .take(1000)
            .filter_map(|p| to_location(&p))
            .collect();
    }
    to_location(&base.join(written)).into_iter().collect()
}
