//! The journal parser: one file's text in, its days, entries, directives
//! and diagnostics out. It never stops at an error: a bad line gives one
//! diagnostic and parsing goes on with the next; entries under a bad day
//! header are skipped silently.
//!
//! Grammar (see `grammar.md`):
//!
//! ```text
//! file      = { line } ;
//! line      = blank | comment | day | entry | directive ;
//! day       = date [ blanks ( ";" note | entry-body ) ] ;
//! entry     = blanks entry-body ;
//! entry-body= duration blanks tag [ ";" note ] ;
//! directive = keyword blanks argument [ ";" comment ] ;
//! ```

pub mod duration;
pub mod line;

use chrono::NaiveDate;

pub use self::duration::{ClockRange, Duration};
pub use self::line::{Directive, Line, LineError, hashtags, parse_line};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};

/// A day header as written.
#[derive(Clone, Debug, PartialEq)]
pub struct DayHeader {
    /// The date.
    pub date: NaiveDate,
    /// 1-based line number.
    pub line: u32,
    /// Where the date is written.
    pub span: Span,
    /// The day's note (empty when there is none).
    pub note: Span,
}

/// One entry as written, with its date.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEntry {
    /// The day it belongs to.
    pub date: NaiveDate,
    /// Index into [`ParsedFile::days`] of its day header.
    pub day: u32,
    /// Length in whole seconds.
    pub seconds: u32,
    /// For a clock range, its minutes.
    pub clock: Option<ClockRange>,
    /// 1-based line number.
    pub line: u32,
    /// Where the duration is written.
    pub duration: Span,
    /// Where the tag is written.
    pub tag: Span,
    /// Where the note is written (empty when there is none).
    pub note: Span,
    /// The tag's index in [`ParsedFile::tags`]: entries written with the
    /// same tag text share it.
    pub tag_id: u32,
}

/// A directive as written.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectiveAt {
    /// What it declares.
    pub kind: Directive,
    /// 1-based line number.
    pub line: u32,
    /// From the keyword to the end of its argument.
    pub span: Span,
}

/// Everything one file holds.
#[derive(Debug, Default)]
pub struct ParsedFile {
    /// Day headers with a valid date, in file order.
    pub days: Vec<DayHeader>,
    /// Entries, in file order.
    pub entries: Vec<RawEntry>,
    /// Directives, in file order.
    pub directives: Vec<DirectiveAt>,
    /// Syntax-level problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Each distinct written tag, where it is first written.
    pub tags: Vec<Span>,
    /// The number of lines.
    pub lines: u32,
}

/// Where the lines being read belong.
enum Block {
    /// No date yet.
    Start,
    /// Under the day header at this index of `days`.
    Day(u32),
    /// Under a day header with a bad date: entries are skipped.
    BadDay,
}

/// The lines of a text with their byte offsets, line endings (LF or CRLF)
/// removed.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let bytes = text.as_bytes();
    std::iter::from_fn(move || {
        if start > bytes.len() || (start == bytes.len() && start > 0 && bytes[start - 1] == b'\n') {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line_start = start;
        start = end + 1;
        let line = &text[line_start..end];
        Some((line_start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Files at least this large are parsed in parallel chunks.
const PARALLEL_MIN: usize = 4 << 20;

/// Parses one journal file; a large one in parallel chunks cut at day
/// headers, whose results are joined as if parsed in one go.
pub fn parse_file(id: FileId, source: &SourceFile) -> ParsedFile {
    let pieces = rayon::current_num_threads().min(source.text.len() / (PARALLEL_MIN / 2));
    parse_in_pieces(id, source, pieces)
}

/// Parses a file cut into about `pieces` chunks at day headers.
fn parse_in_pieces(id: FileId, source: &SourceFile, pieces: usize) -> ParsedFile {
    let text = &source.text;
    let pieces = pieces.max(1);
    let mut cuts = vec![0];
    for k in 1..pieces {
        let from = (text.len() * k / pieces).max(*cuts.last().unwrap_or(&0));
        if let Some(cut) = next_day_header(text, from) {
            cuts.push(cut);
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    if cuts.len() == 2 {
        return parse_chunk(id, source, 0..text.len());
    }
    let chunks: Vec<ParsedFile> = cuts
        .windows(2)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|cut| parse_chunk(id, source, cut[0]..cut[1]))
        .collect();
    join(chunks, text)
}

/// The start of the first line at or after byte `from` that is a day header
/// (a date-shaped first word in column 1): parsing can start afresh there.
fn next_day_header(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(newline) = memchr::memchr(b'\n', &bytes[at..]) {
        let start = at + newline + 1;
        let word = &bytes[start..(start + 10).min(bytes.len())];
        let after = bytes.get(start + 10);
        if line::fast_date(word).is_some() && after.is_none_or(|b| matches!(b, b' ' | b'\t' | b';' | b'\r' | b'\n')) {
            return Some(start);
        }
        at = start;
    }
    None
}

/// Joins chunk results in order: line numbers, day indices and tag ids
/// continue from one chunk to the next.
fn join(chunks: Vec<ParsedFile>, text: &str) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    let mut line_offset = 0u32;
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    parsed.entries.reserve(chunks.iter().map(|c| c.entries.len()).sum());
    for mut chunk in chunks {
        let day_offset = parsed.days.len() as u32;
        let remap: Vec<u32> = chunk
            .tags
            .iter()
            .map(|&span| {
                let next = parsed.tags.len() as u32;
                *ids.entry(&text[span.range()]).or_insert_with(|| {
                    parsed.tags.push(span);
                    next
                })
            })
            .collect();
        let lines = chunk.lines;
        for day in &mut chunk.days {
            day.line += line_offset;
        }
        for entry in &mut chunk.entries {
            entry.line += line_offset;
            entry.day += day_offset;
            entry.tag_id = remap[entry.tag_id as usize];
        }
        for directive in &mut chunk.directives {
            directive.line += line_offset;
        }
        parsed.days.append(&mut chunk.days);
        parsed.entries.append(&mut chunk.entries);
        parsed.directives.append(&mut chunk.directives);
        parsed.diagnostics.append(&mut chunk.diagnostics);
        line_offset += lines;
    }
    parsed.lines = line_offset;
    parsed
}

/// Parses the lines in `range` of a file (a range starting at a line start).
fn parse_chunk(id: FileId, source: &SourceFile, range: std::ops::Range<usize>) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    // Most lines are entries: size the list once rather than grow it.
    parsed.entries.reserve(memchr::memchr_iter(b'\n', &source.text.as_bytes()[range.clone()]).count());
    let mut block = Block::Start;
    let mut tags: FxHashMap<&str, u32> = FxHashMap::default();
    let invalid_from = source.invalid_utf8.partition_point(|span| (span.start as usize) < range.start);
    let mut invalid = source.invalid_utf8[invalid_from..].iter().peekable();
    let base = range.start;
    let mut count = 0u32;
    for (number, (start, text)) in lines(&source.text[range]).enumerate() {
        let start = start + base;
        let number = number as u32 + 1;
        count = number;
        let line = parse_line(text, start);
        // A line with invalid UTF-8 gets that one diagnostic; what else is
        // wrong with it would only repeat the problem.
        let mut bad_utf8 = None;
        while let Some(span) =
            invalid.next_if(|span| (span.start as usize) < start + text.len() + 1)
        {
            bad_utf8.get_or_insert(*span);
        }
        if let Some(span) = bad_utf8 {
            parsed.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    id,
                    span,
                    "this line is not valid UTF-8",
                    "invalid bytes",
                )
                .with_help("save the file as UTF-8"),
            );
        }
        let mut intern = |span: Span| -> u32 {
            let next = parsed.tags.len() as u32;
            *tags.entry(&source.text[span.range()]).or_insert_with(|| {
                parsed.tags.push(span);
                next
            })
        };
        let mut report = |err: LineError| {
            if bad_utf8.is_none() {
                parsed.diagnostics.push(line_diagnostic(id, err));
            }
        };
        match line {
            Line::Blank | Line::Comment => {}
            // A directive on a line with invalid UTF-8 is not applied.
            Line::Directive(_) if bad_utf8.is_some() => {}
            Line::Directive(directive) => parsed.directives.push(DirectiveAt {
                kind: directive.kind,
                line: number,
                span: directive.span,
            }),
            Line::Day(day) => {
                let index = parsed.days.len() as u32;
                parsed.days.push(DayHeader {
                    date: day.date,
                    line: number,
                    span: day.date_span,
                    note: day.note,
                });
                block = Block::Day(index);
                match day.entry {
                    Some(Ok(entry)) if bad_utf8.is_none() => {
                        let tag_id = intern(entry.tag);
                        parsed
                            .entries
                            .push(raw_entry(day.date, index, number, &entry, tag_id));
                    }
                    Some(Err(err)) => report(err),
                    _ => {}
                }
            }
            Line::Entry(entry) => match block {
                Block::Day(index) if bad_utf8.is_none() => {
                    let date = parsed.days[index as usize].date;
                    let tag_id = intern(entry.tag);
                    parsed.entries.push(raw_entry(date, index, number, &entry, tag_id));
                }
                Block::Day(_) | Block::BadDay => {}
                Block::Start => report(LineError {
                    code: Code::Syntax,
                    span: entry.duration_span,
                    message: "this entry comes before any date".into(),
                    label: "no day header above".into(),
                    help: Some(
                        "put a day header such as `2024-01-15` on a line of its own above it"
                            .into(),
                    ),
                }),
            },
            Line::BadDay(err) => {
                block = Block::BadDay;
                report(err);
            }
            Line::Error(err) => {
                let under_bad_day = matches!(block, Block::BadDay) && text.starts_with([' ', '\t']);
                if !under_bad_day {
                    report(err);
                }
            }
        }
    }
    parsed.lines = count;
    parsed
}

fn raw_entry(date: NaiveDate, day: u32, line: u32, entry: &line::EntryLine, tag_id: u32) -> RawEntry {
    RawEntry {
        tag_id,
        date,
        day,
        seconds: entry.duration.seconds,
        clock: entry.duration.clock,
        line,
        duration: entry.duration_span,
        tag: entry.tag,
        note: entry.note,
    }
}

fn line_diagnostic(file: FileId, err: LineError) -> Diagnostic {
    let diagnostic = Diagnostic::new(err.code, file, err.span, err.message, err.label);
    match err.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Parses text as a file named `-` (tests, benchmarks, fuzzing).
pub fn parse_str(text: &str) -> ParsedFile {
    parse_file(0, &SourceFile::from_text("-", text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(parsed: &ParsedFile) -> Vec<(&'static str, u32)> {
        parsed
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.span.start))
            .collect()
    }

    #[test]
    fn lines_handle_lf_crlf_and_a_missing_final_newline() {
        assert_eq!(lines("a\nb\n").collect::<Vec<_>>(), [(0, "a"), (2, "b")]);
        assert_eq!(lines("a\r\nb").collect::<Vec<_>>(), [(0, "a"), (3, "b")]);
        assert_eq!(lines("").collect::<Vec<_>>(), [(0, "")]);
        assert_eq!(lines("\n\n").collect::<Vec<_>>(), [(0, ""), (1, "")]);
    }

    #[test]
    fn entries_take_their_day() {
        let parsed = parse_str(
            "taxonomy sec\n2024-01-15  ; #board\n  1h  Strategy\n\n; c\n  30m  Culture\n2024-01-16  2h  Execution\n  15m  Culture\n",
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let dates: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| (e.date.to_string(), e.seconds, e.line, e.day))
            .collect();
        assert_eq!(
            dates,
            [
                ("2024-01-15".to_string(), 3600, 3, 0),
                ("2024-01-15".to_string(), 1800, 6, 0),
                ("2024-01-16".to_string(), 7200, 7, 1),
                ("2024-01-16".to_string(), 900, 8, 1),
            ]
        );
        assert_eq!(parsed.directives.len(), 1);
        assert_eq!(parsed.days.len(), 2);
    }

    #[test]
    fn every_bad_line_is_reported_and_parsing_goes_on() {
        let parsed =
            parse_str("  1h  Strategy\n2024-01-15\n  xx  Strategy\n  2h  Culture\nbogus\n  45m\n");
        assert_eq!(
            codes(&parsed),
            [
                ("secl::syntax", 2),
                ("secl::bad_duration", 28),
                ("secl::syntax", 55),
                ("secl::syntax", 63)
            ]
        );
        assert_eq!(parsed.entries.len(), 1);
    }

    #[test]
    fn entries_under_a_bad_day_are_skipped_silently() {
        let parsed =
            parse_str("2024-02-30\n  1h  Strategy\n  xx  Culture\n2024-03-01\n  1h  Culture\n");
        assert_eq!(codes(&parsed), [("secl::invalid_date", 0)]);
        assert_eq!(parsed.entries.len(), 1);
    }

    #[test]
    fn invalid_utf8_gives_one_diagnostic_per_line() {
        let source = SourceFile::from_bytes(
            "x".into(),
            None,
            b"2024-01-15\n  1h  Str\xFFtegy\xFF\n  1h  Culture\n".to_vec(),
        );
        let parsed = parse_file(0, &source);
        assert_eq!(codes(&parsed), [("secl::invalid_utf8", 20)]);
        assert_eq!(parsed.entries.len(), 1);
    }

    #[test]
    fn chunks_join_as_if_parsed_in_one_go() {
        let mut text = String::from("taxonomy sec\nalias okr = OKR management\n");
        for day in 1..=28 {
            text.push_str(&format!("2024-02-{day:02}  ; note #d{day}\n  1h  okr  ; a\n  30m  Culture\n\n"));
            if day % 5 == 0 {
                text.push_str("  xx  Culture\n2024-02-30\n  1h  skipped\ninclude other.sec\n");
            }
            if day % 7 == 0 {
                text.push_str(&format!("2024-02-{day:02}  2h  Strategy\n  15m  okr\n"));
            }
        }
        let source = SourceFile::from_text("x", &text);
        let whole = parse_in_pieces(0, &source, 1);
        for pieces in [2, 3, 7, 50] {
            let chunked = parse_in_pieces(0, &source, pieces);
            assert_eq!(chunked.days, whole.days, "{pieces}");
            assert_eq!(chunked.entries, whole.entries, "{pieces}");
            assert_eq!(chunked.directives, whole.directives, "{pieces}");
            assert_eq!(chunked.diagnostics, whole.diagnostics, "{pieces}");
            assert_eq!(chunked.tags, whole.tags, "{pieces}");
            assert_eq!(chunked.lines, whole.lines, "{pieces}");
        }
        assert_eq!(whole.tags.len(), 3);
    }

    #[test]
    fn crlf_and_bom() {
        let source = SourceFile::from_bytes(
            "x".into(),
            None,
            b"\xEF\xBB\xBF2024-01-15\r\n  1h  Strategy  ; n\r\n".to_vec(),
        );
        let parsed = parse_file(0, &source);
        assert!(parsed.diagnostics.is_empty());
        assert_eq!(source.slice(parsed.entries[0].tag), "Strategy");
        assert_eq!(source.slice(parsed.entries[0].note), "n");
    }
}
