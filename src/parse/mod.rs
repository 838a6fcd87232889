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
use crate::lint;
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

/// One entry as written, with its date: what the day checks read. Only
/// the entries of the day block being parsed are kept in this form.
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

/// One entry in the compact form reports use: 12 bytes. Where it is
/// written is in its [`Notes`], kept when a command needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its day.
    pub date: NaiveDate,
    /// Length in whole seconds.
    pub seconds: u32,
    /// The node its tag names. While parsing, the tag's index in
    /// [`ParsedFile::tags`]; the journal puts the node there.
    pub node: u32,
}

/// Where an entry is written, its note, and its day header's note (whose
/// hashtags apply to it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Notes {
    /// The byte offset of its tag.
    pub tag: u32,
    /// The entry's note (empty when there is none).
    pub note: Span,
    /// The day header's note.
    pub day_note: Span,
}

/// What a command keeps of every entry: the less, the faster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Keep {
    /// Date, time, node and where the tag is written: enough for totals,
    /// and for reporting every tag that names no node.
    Entries,
    /// Also each entry's note and day note: for registers and queries on
    /// notes or hashtags.
    Notes,
}

/// How to parse: what to keep, and the date after which entries are in the
/// future.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// "Today", for `future_entry`.
    pub today: NaiveDate,
    /// What to keep of each entry.
    pub keep: Keep,
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

/// Everything one file holds, checked.
#[derive(Debug, Default)]
pub struct ParsedFile {
    /// Day headers with a valid date, in file order.
    pub days: Vec<DayHeader>,
    /// Entries in file order.
    pub entries: Vec<Entry>,
    /// The notes of `entries`, index for index (kept with [`Keep::Notes`]).
    pub notes: Vec<Notes>,
    /// Directives, in file order.
    pub directives: Vec<DirectiveAt>,
    /// Syntax problems and the day checks' findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Each distinct written tag, where it is first written.
    pub tags: Vec<Span>,
    /// The running entries (`H:MM-?`), in file order: no entry of
    /// `entries` stands for them.
    pub running: Vec<Running>,
    /// The number of lines.
    pub lines: u32,
}

/// A running entry as written, `09:00-?  okr  ; Q2 draft`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Running {
    /// Its day.
    pub date: NaiveDate,
    /// Its start, in minutes after midnight.
    pub start: u16,
    /// 1-based line number.
    pub line: u32,
    /// Where `H:MM-?` is written.
    pub duration: Span,
    /// The tag as written.
    pub tag: String,
    /// Where the tag is written.
    pub tag_span: Span,
    /// Where its note is written (empty when there is none).
    pub note: Span,
    /// Where its day header's note is written.
    pub day_note: Span,
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

/// Parses and checks one journal file; a large one in parallel chunks cut
/// at day headers, joined as if parsed in one go.
pub fn parse_file(id: FileId, source: &SourceFile, options: Options) -> ParsedFile {
    let pieces = rayon::current_num_threads().min(source.text().len() / (PARALLEL_MIN / 2));
    parse_in_pieces(id, source, options, pieces)
}

/// Parses a file cut into about `pieces` chunks at day headers.
///
/// The day checks look at all the entries of a date in a file together.
/// When a file's dates only ever increase (the common case), each day
/// block is checked as soon as it is read, and only compact entries are
/// kept. Otherwise the file is read again keeping every entry as written,
/// and the dates are grouped before checking.
fn parse_in_pieces(id: FileId, source: &SourceFile, options: Options, pieces: usize) -> ParsedFile {
    let text = source.text();
    let mut cuts = vec![0];
    for k in 1..pieces.max(1) {
        let from = (text.len() * k / pieces).max(*cuts.last().unwrap_or(&0));
        if let Some(cut) = next_day_header(text, from) {
            cuts.push(cut);
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    // Each chunk's first line number, so that messages quote real lines.
    let pieces: Vec<(std::ops::Range<usize>, u32)> = cuts
        .windows(2)
        .scan(0u32, |line, cut| {
            let first = *line;
            if cuts.len() > 2 {
                *line +=
                    memchr::memchr_iter(b'\n', &text.as_bytes()[cut[0]..cut[1]]).count() as u32;
            }
            Some((cut[0]..cut[1], first))
        })
        .collect();
    let chunks: Vec<Chunk> = pieces
        .into_par_iter()
        .map(|(range, first_line)| parse_chunk(id, source, range, first_line, options, false))
        .collect();
    let ascending = chunks.iter().all(|c| c.ascending)
        && chunks
            .iter()
            .filter_map(|c| Some((c.parsed.days.first()?.date, c.parsed.days.last()?.date)))
            .collect::<Vec<_>>()
            .windows(2)
            .all(|pair| pair[0].1 < pair[1].0);
    if !ascending {
        return parse_grouping_dates(id, source, options);
    }
    let mut parsed = join(chunks, text);
    lint::check_headers(id, &parsed.days, options.today, &mut parsed.diagnostics);
    parsed
}

/// Every entry of a file as written, in file order: what the day checks
/// across a log's files read again.
pub fn raw_entries(id: FileId, source: &SourceFile, options: Options) -> Vec<RawEntry> {
    parse_chunk(id, source, 0..source.text().len(), 0, options, true).raw
}

/// Parses a whole file keeping every entry as written, then checks its
/// dates grouped: the way for files whose dates repeat or go back.
fn parse_grouping_dates(id: FileId, source: &SourceFile, options: Options) -> ParsedFile {
    let chunk = parse_chunk(id, source, 0..source.text().len(), 0, options, true);
    let mut parsed = chunk.parsed;
    lint::check_dates(id, source, &chunk.raw, &mut parsed.diagnostics);
    lint::check_headers(id, &parsed.days, options.today, &mut parsed.diagnostics);
    parsed
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
        if line::fast_date(word).is_some()
            && after.is_none_or(|b| matches!(b, b' ' | b'\t' | b';' | b'\r' | b'\n'))
        {
            return Some(start);
        }
        at = start;
    }
    None
}

/// One chunk of a file, parsed.
struct Chunk {
    parsed: ParsedFile,
    /// Every entry as written (only when asked for).
    raw: Vec<RawEntry>,
    /// Whether each day header's date is later than all before it.
    ascending: bool,
}

/// Joins chunk results in order: tag ids continue from one chunk to the
/// next (line numbers already do).
fn join(chunks: Vec<Chunk>, text: &str) -> ParsedFile {
    let mut chunks = chunks.into_iter();
    let mut parsed = match chunks.next() {
        Some(first) => first.parsed,
        None => return ParsedFile::default(),
    };
    let mut ids: FxHashMap<&str, u32> = parsed
        .tags
        .iter()
        .enumerate()
        .map(|(i, span)| (&text[span.range()], i as u32))
        .collect();
    for chunk in chunks {
        let mut chunk = chunk.parsed;
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
        parsed.days.append(&mut chunk.days);
        parsed.directives.append(&mut chunk.directives);
        parsed.diagnostics.append(&mut chunk.diagnostics);
        parsed.notes.append(&mut chunk.notes);
        parsed.running.append(&mut chunk.running);
        parsed.entries.extend(chunk.entries.iter().map(|&e| Entry {
            node: remap[e.node as usize],
            ..e
        }));
        parsed.lines += chunk.lines;
    }
    parsed
}

/// Parses the lines in `range` of a file (a range starting at a line
/// start, after `first_line` lines); keeps every entry as written when
/// `raw`, else checks each day block as it ends while dates keep increasing.
fn parse_chunk(
    id: FileId,
    source: &SourceFile,
    range: std::ops::Range<usize>,
    first_line: u32,
    options: Options,
    raw: bool,
) -> Chunk {
    let mut parsed = ParsedFile::default();
    let keep = options.keep;
    {
        // Most lines are entries: size the lists once rather than grow them
        // (counted in a small file, guessed in a big one: the list may grow).
        let newlines = if range.len() < PARALLEL_MIN {
            memchr::memchr_iter(b'\n', &source.text().as_bytes()[range.clone()]).count()
        } else {
            range.len() / 48
        };
        parsed.entries.reserve(newlines + 1);
        if keep >= Keep::Notes {
            parsed.notes.reserve(newlines + 1);
        }
    }
    let mut entries = Collector {
        file: id,
        held: Vec::new(),
        tags: FxHashMap::default(),
        text: source.text(),
        keep,
    };
    let mut ascending = true;
    let mut block = Block::Start;
    let invalid_from = source
        .invalid_utf8
        .partition_point(|span| (span.start as usize) < range.start);
    let mut invalid = source.invalid_utf8[invalid_from..].iter().peekable();
    let base = range.start;
    let mut count = 0u32;
    for (number, (start, text)) in lines(&source.text()[range]).enumerate() {
        let start = start + base;
        let number = first_line + number as u32 + 1;
        count = number - first_line;
        // A line with invalid UTF-8 gets that one diagnostic; what else is
        // wrong with it would only repeat the problem.
        let mut bad_utf8 = None;
        while let Some(span) =
            invalid.next_if(|span| (span.start as usize) < start + text.len() + 1)
        {
            bad_utf8.get_or_insert(*span);
        }
        // The hot path: an entry in a day block.
        if bad_utf8.is_none()
            && let Block::Day(index) = block
            && let Some(entry) = line::indented_entry(text, start)
        {
            entries.add(&mut parsed, index, number, &entry);
            continue;
        }
        if let Some(span) = bad_utf8 {
            parsed.diagnostics.push(Diagnostic::invalid_utf8(id, span));
        }
        let line = parse_line(text, start);
        if !raw && matches!(line, Line::Day(_) | Line::BadDay(_)) && !entries.held.is_empty() {
            // A day block ends: check it while dates keep increasing.
            if ascending {
                lint::check_date(id, source, &entries.held, &mut parsed.diagnostics);
            }
            entries.held.clear();
        }
        let report = |err: LineError, diagnostics: &mut Vec<Diagnostic>| {
            if bad_utf8.is_none() {
                diagnostics.push(line_diagnostic(id, err));
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
                // While ascending, the last date is the latest.
                if parsed.days.last().is_some_and(|last| last.date >= day.date) {
                    ascending = false;
                }
                parsed.days.push(DayHeader {
                    date: day.date,
                    line: number,
                    span: day.date_span,
                    note: day.note,
                });
                block = Block::Day(index);
                match day.entry {
                    Some(Ok(entry)) if bad_utf8.is_none() => {
                        entries.add(&mut parsed, index, number, &entry);
                    }
                    Some(Err(err)) => report(err, &mut parsed.diagnostics),
                    _ => {}
                }
            }
            Line::Entry(entry) => match block {
                Block::Day(index) if bad_utf8.is_none() => {
                    entries.add(&mut parsed, index, number, &entry);
                }
                Block::Day(_) | Block::BadDay => {}
                Block::Start => report(
                    LineError {
                        code: Code::Syntax,
                        span: entry.duration_span,
                        message: "this entry comes before any date".into(),
                        label: "no day header above".into(),
                        help: Some(
                            "put a day header such as `2024-01-15` on a line of its own above it"
                                .into(),
                        ),
                    },
                    &mut parsed.diagnostics,
                ),
            },
            Line::BadDay(err) => {
                block = Block::BadDay;
                report(err, &mut parsed.diagnostics);
            }
            Line::Error(err) => {
                let under_bad_day = matches!(block, Block::BadDay) && text.starts_with([' ', '\t']);
                if !under_bad_day {
                    report(err, &mut parsed.diagnostics);
                }
            }
        }
    }
    if !raw && ascending && !entries.held.is_empty() {
        lint::check_date(id, source, &entries.held, &mut parsed.diagnostics);
    }
    parsed.lines = count;
    Chunk {
        parsed,
        raw: if raw { entries.held } else { Vec::new() },
        ascending,
    }
}

/// Gathers a chunk's entries: in compact form into the parsed file (with
/// notes when asked for), and as written for the day checks.
struct Collector<'t> {
    /// The file, for the warnings an entry alone can raise.
    file: FileId,
    /// Entries as written: the day block being read, or all of them.
    held: Vec<RawEntry>,
    /// Each distinct written tag's id, given when first seen.
    tags: FxHashMap<&'t str, u32>,
    text: &'t str,
    keep: Keep,
}

impl<'t> Collector<'t> {
    /// Adds an entry of day block `day`, written on `line`.
    fn add(&mut self, parsed: &mut ParsedFile, day: u32, line: u32, entry: &line::EntryLine) {
        let header = &parsed.days[day as usize];
        let (date, day_note) = (header.date, header.note);
        if entry.running {
            // Kept apart: it has no length until it is closed.
            parsed.running.push(Running {
                date,
                start: entry.duration.clock.map_or(0, |c| c.start),
                line,
                duration: entry.duration_span,
                tag: self.text[entry.tag.range()].to_string(),
                tag_span: entry.tag,
                note: entry.note,
                day_note,
            });
            return;
        }
        let next = parsed.tags.len() as u32;
        let tag_id = *self
            .tags
            .entry(&self.text[entry.tag.range()])
            .or_insert_with(|| {
                parsed.tags.push(entry.tag);
                next
            });
        parsed.entries.push(Entry {
            date,
            seconds: entry.duration.seconds,
            node: tag_id,
        });
        if self.keep >= Keep::Notes {
            parsed.notes.push(Notes {
                tag: entry.tag.start,
                note: entry.note,
                day_note,
            });
        }
        self.held.push(raw_entry(date, day, line, entry));
        // `9:00  Team rituals`: nine hours, written like a start time.
        if entry.duration.clock.is_none()
            && let Some(written) = self.text.get(entry.duration_span.range())
            && written.contains(':')
            && let Some(warning) = lint::clock_like_duration(
                self.file,
                written,
                entry.duration_span,
                entry.duration.seconds,
            )
        {
            parsed.diagnostics.push(warning);
        }
    }
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
    let options = Options {
        today: NaiveDate::MAX,
        keep: Keep::Notes,
    };
    parse_file(0, &SourceFile::from_text("-", text), options)
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

    fn options() -> Options {
        Options {
            today: NaiveDate::MAX,
            keep: Keep::Notes,
        }
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
            .map(|e| (e.date.to_string(), e.seconds, e.node))
            .collect();
        // `node` holds the tag id until the journal resolves it.
        assert_eq!(
            dates,
            [
                ("2024-01-15".to_string(), 3600, 0),
                ("2024-01-15".to_string(), 1800, 1),
                ("2024-01-16".to_string(), 7200, 2),
                ("2024-01-16".to_string(), 900, 1),
            ]
        );
        let day_notes: Vec<u32> = parsed.notes.iter().map(|n| n.day_note.start).collect();
        assert_eq!(day_notes, [27, 27, 0, 0]);
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
        let parsed = parse_file(0, &source, options());
        assert_eq!(codes(&parsed), [("secl::invalid_utf8", 20)]);
        assert_eq!(parsed.entries.len(), 1);
    }

    #[test]
    fn chunks_join_as_if_parsed_in_one_go() {
        let mut text = String::from("taxonomy sec\nalias okr = OKR management\n");
        for day in 1..=28 {
            text.push_str(&format!(
                "2024-02-{day:02}  ; note #d{day}\n  1h  okr  ; a\n  30m  Culture\n\n"
            ));
            if day % 5 == 0 {
                text.push_str("  xx  Culture\n2024-02-30\n  1h  skipped\ninclude other.sec\n");
            }
            if day % 7 == 0 {
                text.push_str(&format!("2024-02-{day:02}  2h  Strategy\n  15m  okr\n"));
            }
        }
        let source = SourceFile::from_text("x", &text);
        let whole = parse_in_pieces(0, &source, options(), 1);
        for pieces in [2, 3, 7, 50] {
            let chunked = parse_in_pieces(0, &source, options(), pieces);
            assert_eq!(chunked.days, whole.days, "{pieces}");
            assert_eq!(chunked.entries, whole.entries, "{pieces}");
            assert_eq!(chunked.directives, whole.directives, "{pieces}");
            assert_eq!(chunked.diagnostics, whole.diagnostics, "{pieces}");
            assert_eq!(chunked.tags, whole.tags, "{pieces}");
            assert_eq!(chunked.lines, whole.lines, "{pieces}");
        }
        assert_eq!(whole.tags.len(), 3);
    }

    /// A journal whose dates only increase, with a problem of every day
    /// check: parsed in pieces, checked block by block as it is read.
    fn ascending_journal() -> String {
        let mut text = String::from("alias okr = OKR management\n");
        for day in 1..=28 {
            text.push_str(&format!(
                "2024-02-{day:02}  ; note #d{day}\n  1h  okr  ; a\n  30m  Culture\n"
            ));
            match day % 4 {
                0 => text.push_str("  1h  okr  ; a\n"),
                1 => text.push_str("  09:00-10:00  A\n  09:30-09:45  B\n"),
                2 => text.push_str("  23h  C\n"),
                _ => text.push_str("\n; a comment\n  15m  okr\n"),
            }
        }
        text
    }

    #[test]
    fn ascending_chunks_join_as_if_parsed_in_one_go() {
        let source = SourceFile::from_text("x", &ascending_journal());
        let whole = parse_in_pieces(0, &source, options(), 1);
        assert_eq!(whole.diagnostics.len(), 7 + 7 + 7, "{:?}", codes(&whole));
        for pieces in [2, 3, 7, 50] {
            let chunked = parse_in_pieces(0, &source, options(), pieces);
            assert_eq!(chunked.days, whole.days, "{pieces}");
            assert_eq!(chunked.entries, whole.entries, "{pieces}");
            assert_eq!(chunked.notes, whole.notes, "{pieces}");
            assert_eq!(chunked.diagnostics, whole.diagnostics, "{pieces}");
            assert_eq!(chunked.tags, whole.tags, "{pieces}");
        }
    }

    #[test]
    fn checking_blocks_as_read_finds_what_grouping_dates_finds() {
        let source = SourceFile::from_text("x", &ascending_journal());
        let streamed = parse_in_pieces(0, &source, options(), 2);
        let grouped = parse_grouping_dates(0, &source, options());
        let sorted = |parsed: &ParsedFile| {
            let mut found = codes(parsed);
            found.sort();
            found
        };
        assert_eq!(sorted(&streamed), sorted(&grouped));
        assert_eq!(streamed.entries, grouped.entries);
    }

    #[test]
    fn crlf_and_bom() {
        let source = SourceFile::from_bytes(
            "x".into(),
            None,
            b"\xEF\xBB\xBF2024-01-15\r\n  1h  Strategy  ; n\r\n".to_vec(),
        );
        let parsed = parse_file(0, &source, options());
        assert!(parsed.diagnostics.is_empty());
        assert_eq!(source.slice(parsed.tags[0]), "Strategy");
        assert_eq!(source.slice(parsed.notes[0].note), "n");
    }
}
