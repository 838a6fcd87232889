//! Formatting: `secl fmt` of the buffer, as the edits that turn the
//! buffer into it (changed lines only, so the cursor stays put).

use lsp_types::{Range, TextEdit};
use similar::{DiffOp, TextDiff};

use super::Doc;
use crate::source::{SourceFile, Span};

/// The edits, or none when the buffer is formatted or has syntax errors
/// (`fmt` leaves such a file alone).
pub fn format(doc: &Doc) -> Option<Vec<TextEdit>> {
    let source = SourceFile::from_text("buffer", &doc.text);
    let formatted = crate::fmt::format(0, &source).ok()?;
    Some(edits(doc, source.text(), &formatted))
}

fn edits(doc: &Doc, old: &str, new: &str) -> Vec<TextEdit> {
    // The source's text has no BOM: offsets past it shift by its length.
    let shift = doc.text.len() - old.len();
    let index = doc.index();
    let diff = TextDiff::from_lines(old, new);
    let old_lines: Vec<usize> = line_starts(old);
    let new_lines: Vec<usize> = line_starts(new);
    let mut out = Vec::new();
    for op in diff.ops() {
        let (old_range, new_range) = match *op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let span = Span::new(
            shift + old_lines[old_range.start],
            shift + old_lines[old_range.end],
        );
        let text = &new[new_lines[new_range.start]..new_lines[new_range.end]];
        let range: Range = index.range(span);
        out.push(TextEdit::new(range, text.to_string()));
    }
    out
}

/// The byte offset of each line's start, and of the end.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    if *starts.last().unwrap_or(&0) != text.len() {
        starts.push(text.len());
    }
    starts
}
