//! Inlay hints: each day header's block total (`7h45m`), at the end of
//! its line; running entries are not counted.

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams};

use super::Doc;
use super::site::line_at;
use crate::parse::{Keep, Options, ParsedFile, parse_file};
use crate::render::numbers::hm;
use crate::source::SourceFile;

/// The document parsed on its own, with where each entry is written.
pub fn parsed(source: &SourceFile) -> ParsedFile {
    let options = Options {
        today: chrono::NaiveDate::MAX,
        keep: Keep::Notes,
    };
    parse_file(0, source, options)
}

/// The hints in the requested range.
pub fn hints(doc: &Doc, params: InlayHintParams) -> Vec<InlayHint> {
    let source = SourceFile::from_text("buffer", &doc.text);
    let shift = doc.text.len() - source.text().len();
    let parsed = parsed(&source);
    let index = doc.index();
    let wanted = index.span(params.range);
    let mut totals = vec![0i64; parsed.days.len()];
    for (entry, notes) in parsed.entries.iter().zip(&parsed.notes) {
        // The block an entry belongs to: the last header before it.
        let day = parsed
            .days
            .partition_point(|d| d.span.start <= notes.tag)
            .saturating_sub(1);
        if let Some(total) = totals.get_mut(day) {
            *total += entry.seconds as i64;
        }
    }
    parsed
        .days
        .iter()
        .zip(totals)
        .filter_map(|(day, total)| {
            let at = shift + day.span.start as usize;
            if at < wanted.start as usize || at > wanted.end as usize {
                return None;
            }
            let (start, line) = line_at(&doc.text, at);
            Some(InlayHint {
                position: index.position(start + line.len()),
                label: InlayHintLabel::String(hm(total)),
                kind: None::<InlayHintKind>,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}
