//! Document symbols: the days (each from its header to the next) and the
//! directives.

use lsp_types::{DocumentSymbol, DocumentSymbolResponse, SymbolKind};

use super::Doc;
use super::hints::parsed;
use super::site::line_at;
use crate::parse::Directive;
use crate::source::{SourceFile, Span};

/// The symbols of the document, in order.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn symbols(doc: &Doc) -> DocumentSymbolResponse {
    let source = SourceFile::from_text("buffer", &doc.text);
    let shift = doc.text.len() - source.text().len();
    let parsed = parsed(&source);
    let index = doc.index();
    let text = &doc.text;
    let symbol =
        |name: String, detail: Option<String>, kind, span: Span, full: Span| DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: index.range(full),
            selection_range: index.range(span),
            children: None,
        };
    let mut out: Vec<(u32, DocumentSymbol)> = Vec::new();
    let mut starts: Vec<usize> = parsed
        .days
        .iter()
        .map(|d| shift + d.span.start as usize)
        .collect();
    starts.extend(
        parsed
            .directives
            .iter()
            .map(|d| shift + d.span.start as usize),
    );
    starts.sort_unstable();
    for day in &parsed.days {
        let start = shift + day.span.start as usize;
        let next = starts.iter().find(|&&s| s > start).copied();
        let end = trim_back(text, next.unwrap_or(text.len()));
        let span = Span::new(start, shift + day.span.end as usize);
        out.push((
            day.span.start,
            symbol(
                day.date.to_string(),
                None,
                SymbolKind::NAMESPACE,
                span,
                Span::new(start, end.max(span.end as usize)),
            ),
        ));
    }
    for directive in &parsed.directives {
        let start = shift + directive.span.start as usize;
        let (line_start, line) = line_at(text, start);
        let full = Span::new(line_start, line_start + line.len());
        let (keyword, kind) = match directive.kind {
            Directive::Taxonomy { .. } => ("taxonomy", SymbolKind::MODULE),
            Directive::Tag { .. } => ("tag", SymbolKind::CLASS),
            Directive::Alias { .. } => ("alias", SymbolKind::VARIABLE),
            Directive::Target { .. } => ("target", SymbolKind::NUMBER),
            Directive::Include { .. } => ("include", SymbolKind::FILE),
        };
        let name = line
            .split(';')
            .next()
            .unwrap_or(line)
            .trim_end()
            .to_string();
        out.push((
            directive.span.start,
            symbol(name, Some(keyword.into()), kind, full, full),
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    DocumentSymbolResponse::Nested(out.into_iter().map(|(_, s)| s).collect())
}

/// The end of the last non-blank line before `offset`.
fn trim_back(text: &str, offset: usize) -> usize {
    text[..offset].trim_end().len()
}
