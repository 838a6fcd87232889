//! `secl check`'s diagnostics as the protocol's, grouped by file.

use std::collections::HashMap;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::analysis::Analysis;
use super::position::{Encoding, LineIndex};
use crate::diag::Severity;
use crate::source::FileId;

/// Every diagnostic of the journal, by the URI of its file, in the order
/// `secl check` prints them; each file of the journal has an entry (empty
/// when it has no problem).
pub fn by_file(analysis: &Analysis, encoding: Encoding) -> HashMap<Uri, Vec<Diagnostic>> {
    let journal = &analysis.journal;
    let mut out: HashMap<Uri, Vec<Diagnostic>> = journal
        .files
        .iter()
        .filter_map(|id| analysis.uris.get(id))
        .map(|uri| (uri.clone(), Vec::new()))
        .collect();
    let mut items: Vec<&crate::diag::Diagnostic> = journal.diagnostics.iter().collect();
    items.sort_by_key(|d| (d.file, d.span.start, d.code));
    let mut indexes: HashMap<FileId, LineIndex> = HashMap::new();
    for item in items {
        let Some(uri) = analysis.uris.get(&item.file) else {
            continue;
        };
        let index = indexes
            .entry(item.file)
            .or_insert_with(|| LineIndex::of_source(journal.sources.get(item.file), encoding));
        let diagnostic = convert(item, uri, index);
        out.entry(uri.clone()).or_default().push(diagnostic);
    }
    out
}

/// One diagnostic: its code, severity, range and message; the help is
/// appended to the message (not every editor shows related information)
/// and is also the first related information, followed by the related
/// places `check` labels.
pub fn convert(item: &crate::diag::Diagnostic, uri: &Uri, index: &LineIndex) -> Diagnostic {
    let range = index.range(item.span);
    let mut related = Vec::new();
    let mut message = item.message.clone();
    if let Some(help) = &item.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: format!("help: {help}"),
        });
    }
    for place in &item.related {
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(place.span)),
            message: place.label.clone(),
        });
    }
    Diagnostic {
        range,
        severity: Some(match item.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(item.code.as_str().to_string())),
        source: Some("secl".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}
