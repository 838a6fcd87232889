//! What stands at a place in a journal file: a tag, an alias's name, an
//! include's path; and the directive lines of a text.

use crate::parse::{Directive, Line, parse_line};
use crate::source::Span;

/// Something a request can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// A written tag (an entry's, or an `alias`, `target` or `tag` line's).
    Tag(Span),
    /// The name an `alias` line declares.
    AliasName(Span),
    /// An `include` line's path.
    Include(Span),
}

/// The lines of a text with their byte offsets, line endings left out.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |raw| {
        let at = start;
        start += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        (at, line.strip_suffix('\r').unwrap_or(line))
    })
}

/// The line holding byte `offset`: its start and text.
pub fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(text.len());
    let start = text.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    let line = &text[start..end];
    (start, line.strip_suffix('\r').unwrap_or(line))
}

/// Everything on a line that a request can be about.
pub fn sites(line: &str, base: usize) -> Vec<Site> {
    match parse_line(line, base) {
        Line::Entry(entry) => vec![Site::Tag(entry.tag)],
        Line::Day(day) => match day.entry {
            Some(Ok(entry)) => vec![Site::Tag(entry.tag)],
            _ => Vec::new(),
        },
        Line::Directive(directive) => match directive.kind {
            Directive::Alias { name, target } => vec![Site::AliasName(name), Site::Tag(target)],
            Directive::Target { tag, .. } => vec![Site::Tag(tag)],
            Directive::Tag { path } => vec![Site::Tag(path)],
            Directive::Include { path } => vec![Site::Include(path)],
            Directive::Taxonomy { .. } => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// What stands at byte `offset` of `text` (the cursor may be just past it).
pub fn at(text: &str, offset: usize) -> Option<Site> {
    if !text.is_char_boundary(offset.min(text.len())) {
        return None;
    }
    let (start, line) = line_at(text, offset);
    sites(line, start).into_iter().find(|site| {
        let (Site::Tag(span) | Site::AliasName(span) | Site::Include(span)) = *site;
        (span.start as usize) <= offset && offset <= span.end as usize
    })
}

/// The directives of a text, each with its line's start (only lines that
/// can be directives are parsed: a journal of entries costs little).
pub fn directives(text: &str) -> impl Iterator<Item = (usize, Directive)> + '_ {
    lines(text)
        .filter(|(_, line)| {
            line.as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_alphabetic())
        })
        .filter_map(|(start, line)| match parse_line(line, start) {
            Line::Directive(directive) => Some((start, directive.kind)),
            _ => None,
        })
}

/// The written text of a span.
pub fn slice(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_tag_under_the_cursor() {
        let text = "alias okr = Strategy\n2024-01-02\n  1h30m  okr  ; note\n";
        let entry = text.find("okr  ;").unwrap();
        assert_eq!(
            at(text, entry + 1),
            Some(Site::Tag(Span::new(entry, entry + 3)))
        );
        assert_eq!(at(text, 7), Some(Site::AliasName(Span::new(6, 9))));
        assert_eq!(at(text, 14), Some(Site::Tag(Span::new(12, 20))));
        assert_eq!(at(text, text.find("note").unwrap()), None);
    }
}
