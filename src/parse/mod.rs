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

/// Parses one journal file.
pub fn parse_file(id: FileId, source: &SourceFile) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    let mut block = Block::Start;
    let mut invalid = source.invalid_utf8.iter().peekable();
    for (number, (start, text)) in lines(&source.text).enumerate() {
        let number = number as u32 + 1;
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
                        parsed
                            .entries
                            .push(raw_entry(day.date, index, number, &entry));
                    }
                    Some(Err(err)) => report(err),
                    _ => {}
                }
            }
            Line::Entry(entry) => match block {
                Block::Day(index) if bad_utf8.is_none() => {
                    let date = parsed.days[index as usize].date;
                    parsed.entries.push(raw_entry(date, index, number, &entry));
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
    parsed
}

fn raw_entry(date: NaiveDate, day: u32, line: u32, entry: &line::EntryLine) -> RawEntry {
    RawEntry {
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
