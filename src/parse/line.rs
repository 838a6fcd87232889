//! One line of a journal, classified: blank, comment, day header (with an
//! optional one-line entry), indented entry or directive. Every part keeps
//! its byte span in the file so that diagnostics and `fmt` can point at it.
//!
//! This module knows nothing of days in progress or of other lines; the file
//! parser (`parse::parse_file`) strings lines together.

use chrono::NaiveDate;
use nom::{
    IResult, Parser,
    bytes::complete::take_while_m_n,
    character::complete::{char, one_of},
    combinator::all_consuming,
};

use super::duration::{self, Duration, DurationError};
use crate::diag::{Code, nearest_keyword};
use crate::source::Span;
use crate::taxonomy::{MAX_DEPTH, segment_count};

/// The directive keywords, in the order `grammar.md` lists them.
pub const DIRECTIVES: [&str; 5] = ["taxonomy", "tag", "alias", "target", "include"];

/// A classified line.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// Only blanks.
    Blank,
    /// A line whose first non-blank character is `;` or `#`.
    Comment,
    /// A day header, perhaps with a one-line entry.
    Day(DayLine),
    /// An indented entry.
    Entry(EntryLine),
    /// A directive in column 1.
    Directive(DirectiveLine),
    /// A day header whose date is invalid: the entries under it are skipped.
    BadDay(LineError),
    /// Any other problem with the line.
    Error(LineError),
}

/// `2024-01-15  ; note` or `2024-01-16  2h  Tag  ; note`.
#[derive(Clone, Debug, PartialEq)]
pub struct DayLine {
    /// The date.
    pub date: NaiveDate,
    /// Where the date is written.
    pub date_span: Span,
    /// The day's note, after `;` (empty when there is none).
    pub note: Span,
    /// A one-line entry after the date, parsed or refused.
    pub entry: Option<Result<EntryLine, LineError>>,
}

/// `DURATION TAG [; NOTE]`.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryLine {
    /// The parsed duration.
    pub duration: Duration,
    /// Where the duration is written.
    pub duration_span: Span,
    /// The tag as written, trimmed.
    pub tag: Span,
    /// The note after the first `;`, trimmed (empty when there is none).
    pub note: Span,
    /// Where the `;` before the note stands (empty when there is none).
    pub semicolon: Span,
    /// A running entry, `H:MM-?`: its duration is zero seconds and its
    /// clock range starts and ends at the start.
    pub running: bool,
}

/// A directive line.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectiveLine {
    /// What it declares.
    pub kind: Directive,
    /// From the keyword to the end of its argument (a `; comment` excluded).
    pub span: Span,
}

/// The declaration a directive makes; every span is trimmed.
#[derive(Clone, Debug, PartialEq)]
pub enum Directive {
    /// `taxonomy NAME|PATH`.
    Taxonomy {
        /// The built-in name or the path.
        name: Span,
    },
    /// `tag PATH`.
    Tag {
        /// The whole path.
        path: Span,
    },
    /// `alias NAME = TAG`.
    Alias {
        /// The alias.
        name: Span,
        /// What it stands for.
        target: Span,
    },
    /// `target TAG RANGE [from DATE]`.
    Target {
        /// The tag.
        tag: Span,
        /// The range as written.
        range: Span,
        /// Lower bound as a fraction (0.15 for 15%).
        min: Option<f64>,
        /// Upper bound as a fraction.
        max: Option<f64>,
        /// The day the target comes into force, `None` for the beginning.
        from: Option<NaiveDate>,
    },
    /// `include PATH`.
    Include {
        /// The path or glob.
        path: Span,
    },
}

/// A problem with one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// The diagnostic code.
    pub code: Code,
    /// The offending bytes.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// A few words under the span.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl LineError {
    fn new(code: Code, span: Span, message: String, label: &str, help: Option<String>) -> Self {
        LineError {
            code,
            span,
            message,
            label: label.to_string(),
            help,
        }
    }
}

/// A cursor over one line: byte offsets are relative to the file.
struct Cursor<'a> {
    line: &'a str,
    base: usize,
}

impl<'a> Cursor<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    /// The span of `part`, a subslice of the line.
    fn span_of(&self, part: &str) -> Span {
        let start = part.as_ptr() as usize - self.line.as_ptr() as usize;
        self.span(start, start + part.len())
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `text` without leading blanks (byte-wise: blanks are ASCII).
fn trim_start_blanks(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    &text[start..]
}

/// `text` without trailing blanks.
fn trim_end_blanks(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    &text[..end]
}

/// `text` without leading or trailing blanks.
fn trim_blanks(text: &str) -> &str {
    trim_end_blanks(trim_start_blanks(text))
}

/// Classifies `line` (without its line ending), which starts at byte `base`
/// of its file.
pub fn parse_line(line: &str, base: usize) -> Line {
    let cursor = Cursor { line, base };
    let trimmed = trim_start_blanks(line);
    if trim_end_blanks(trimmed).is_empty() {
        return Line::Blank;
    }
    if trimmed.starts_with(';') || trimmed.starts_with('#') {
        return Line::Comment;
    }
    if trimmed.len() != line.len() {
        return indented(&cursor, trimmed);
    }
    if line.as_bytes()[0].is_ascii_digit() {
        return day(&cursor);
    }
    directive(&cursor)
}

/// The hot path for the commonest line, an indented entry: `Some` exactly
/// when [`parse_line`] would give [`Line::Entry`] (an indented line whose
/// first word starts with a digit can be nothing else); `None` sends the
/// line to [`parse_line`], which also explains any error.
pub fn indented_entry(line: &str, base: usize) -> Option<EntryLine> {
    let trimmed = trim_start_blanks(line);
    if trimmed.len() == line.len() || !trimmed.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    entry(&Cursor { line, base }, trimmed).ok()
}

/// Splits off the first run of characters up to a blank or `;`.
fn first_token(text: &str) -> (&str, &str) {
    // Words are short: a plain loop beats a vectorised search here.
    let end = text
        .bytes()
        .position(|b| matches!(b, b' ' | b'\t' | b';'))
        .unwrap_or(text.len());
    text.split_at(end)
}

fn indented(cursor: &Cursor, text: &str) -> Line {
    let (word, rest) = first_token(text);
    if DIRECTIVES.contains(&word) && (rest.is_empty() || rest.starts_with(is_blank)) {
        return Line::Error(LineError::new(
            Code::Syntax,
            cursor.span_of(word),
            format!("the directive `{word}` is indented"),
            "directives start in column 1",
            Some(format!("move `{word}` to the start of the line")),
        ));
    }
    match entry(cursor, text) {
        Ok(entry) => Line::Entry(entry),
        Err(err) => Line::Error(err),
    }
}

/// `DURATION TAG [; NOTE]`, from the duration on.
fn entry(cursor: &Cursor, text: &str) -> Result<EntryLine, LineError> {
    let (token, rest) = first_token(text);
    let duration_span = cursor.span_of(token);
    let (duration, running) = match duration::running_start(token) {
        None => (
            duration::parse(token).map_err(|err| duration_error(err, token, duration_span))?,
            false,
        ),
        Some(start) => {
            let start = start.map_err(|err| duration_error(err, token, duration_span))?;
            let clock = duration::ClockRange { start, end: start };
            let duration = Duration {
                seconds: 0,
                clock: Some(clock),
            };
            (duration, true)
        }
    };
    let (tag_part, semicolon, note) = match memchr::memchr(b';', rest.as_bytes()) {
        Some(at) => (
            &rest[..at],
            cursor.span_of(&rest[at..at + 1]),
            &rest[at + 1..],
        ),
        None => (rest, Span::default(), ""),
    };
    let tag = trim_blanks(tag_part);
    if tag.is_empty() {
        return Err(LineError::new(
            Code::Syntax,
            duration_span,
            format!("the entry `{}` has no tag", text.trim_end_matches(is_blank)),
            "a duration without a tag",
            Some(format!(
                "write the tag after the duration: `{token}  Risk assessment`"
            )),
        ));
    }
    let note = trim_blanks(note);
    Ok(EntryLine {
        duration,
        duration_span,
        tag: cursor.span_of(tag),
        note: if note.is_empty() {
            Span::default()
        } else {
            cursor.span_of(note)
        },
        semicolon,
        running,
    })
}

fn duration_error(err: DurationError, token: &str, span: Span) -> LineError {
    LineError::new(
        Code::BadDuration,
        span,
        format!("`{token}` is not a valid duration"),
        err.label(),
        Some(err.help(token)),
    )
}

/// A line starting with a digit in column 1: a day header.
fn day(cursor: &Cursor) -> Line {
    let (token, rest) = first_token(cursor.line);
    let date_span = cursor.span_of(token);
    let parts = fast_date(token.as_bytes()).map_or_else(
        || {
            all_consuming(date_parts)
                .parse(token)
                .map(|(_, parts)| parts)
        },
        Ok,
    );
    let date = match parts {
        // Years run from 1000, as in periods: `0000-01-01` could never be
        // reported on.
        Ok((year, month, day)) => NaiveDate::from_ymd_opt(year, month, day)
            .filter(|_| year >= 1000)
            .ok_or_else(|| {
                let why = if year < 1000 {
                    "years run from 1000 to 9999".to_string()
                } else if month == 0 || month > 12 {
                    "months run from 01 to 12".to_string()
                } else {
                    format!("{year}-{month:02} has no day {day}")
                };
                LineError::new(
                    Code::InvalidDate,
                    date_span,
                    format!("`{token}` is not a date: {why}"),
                    "no such date",
                    Some("write day headers as YYYY-MM-DD or YYYY/MM/DD, e.g. `2024-01-15`".into()),
                )
            }),
        Err(_) if duration::parse(token).is_ok() || duration::running_start(token).is_some() => {
            return Line::Error(LineError::new(
                Code::Syntax,
                date_span,
                format!("the entry `{}` is not indented", cursor.line.trim_end_matches(is_blank)),
                "an entry in column 1",
                Some(
                    "indent entries under a day header, or write them after the date: `2024-01-15  45m  Risk assessment`"
                        .into(),
                ),
            ));
        }
        Err(_) => Err(LineError::new(
            Code::InvalidDate,
            date_span,
            format!("`{token}` is not a date"),
            "not YYYY-MM-DD",
            Some("write day headers as YYYY-MM-DD or YYYY/MM/DD, e.g. `2024-01-15`".into()),
        )),
    };
    let date = match date {
        Ok(date) => date,
        Err(err) => return Line::BadDay(err),
    };
    let after = rest.trim_start_matches(is_blank);
    let (note, entry) = if after.is_empty() {
        (Span::default(), None)
    } else if let Some(note) = after.strip_prefix(';') {
        let note = note.trim_matches(is_blank);
        let span = if note.is_empty() {
            Span::default()
        } else {
            cursor.span_of(note)
        };
        (span, None)
    } else if !after.starts_with(|c: char| c.is_ascii_digit()) {
        // `2026-11-09 Mon`: words after the date, meant as a note. The
        // day still opens, so the entries below keep their date.
        (
            Span::default(),
            Some(Err(not_a_day_note(cursor, token, after))),
        )
    } else {
        (Span::default(), Some(entry(cursor, after)))
    };
    Line::Day(DayLine {
        date,
        date_span,
        note,
        entry,
    })
}

/// Text after a day header's date that is neither a `; note` nor an entry
/// (an entry starts with its duration, so with a digit): the help shows
/// how to make it the day's note.
fn not_a_day_note(cursor: &Cursor, date: &str, after: &str) -> LineError {
    let text = after.trim_end_matches(is_blank);
    LineError::new(
        Code::Syntax,
        cursor.span_of(text),
        format!("`{text}` after the date is neither a `; note` nor an entry"),
        "not a note",
        Some(format!(
            "a day note goes after `;`: `{date}  ; {text}`; an entry on the header line \
             starts with its duration: `{date}  45m  Risk assessment`"
        )),
    )
}

/// `YYYY-MM-DD` or `YYYY/MM/DD` by hand, for the hot path; anything else
/// goes to [`date_parts`].
pub(crate) fn fast_date(token: &[u8]) -> Option<(i32, u32, u32)> {
    let [y1, y2, y3, y4, s1, m1, m2, s2, d1, d2] = *token else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !(s1 == s2 && (s1 == b'-' || s1 == b'/') && digits.iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let n = |bytes: &[u8]| {
        bytes
            .iter()
            .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'))
    };
    Some((n(&[y1, y2, y3, y4]) as i32, n(&[m1, m2]), n(&[d1, d2])))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, one separator throughout.
fn date_parts(input: &str) -> IResult<&str, (i32, u32, u32)> {
    let digits = |n: usize| take_while_m_n(n, n, |c: char| c.is_ascii_digit());
    let (rest, year) = digits(4).parse(input)?;
    let (rest, separator) = one_of("-/").parse(rest)?;
    let (rest, month) = digits(2).parse(rest)?;
    let (rest, _) = char(separator).parse(rest)?;
    let (rest, day) = digits(2).parse(rest)?;
    let number = |s: &str| s.parse().unwrap_or(0);
    Ok((rest, (number(year) as i32, number(month), number(day))))
}

/// A line in column 1 that is neither a date nor a comment.
fn directive(cursor: &Cursor) -> Line {
    let line = cursor.line;
    let (word, rest) = first_token(line);
    // A `; comment` ends any directive; names and paths cannot hold `;`.
    let argument = rest.split(';').next().unwrap_or("").trim_matches(is_blank);
    let keyword_span = cursor.span_of(word);
    let known = DIRECTIVES.contains(&word)
        && (rest.is_empty() || rest.starts_with(is_blank) || rest.starts_with(';'));
    if !known {
        let is_word = word.chars().next().is_some_and(char::is_alphabetic);
        let close = nearest_keyword(word, DIRECTIVES.iter().copied())
            .map(|d| format!("did you mean `{d}`?"));
        let help = close.unwrap_or_else(|| {
            "directives are `taxonomy`, `tag`, `alias`, `target` and `include`; entries are indented under a date".into()
        });
        let message = if is_word {
            format!("unknown directive `{word}`")
        } else {
            format!(
                "cannot parse the line `{}`",
                line.trim_end_matches(is_blank)
            )
        };
        return Line::Error(LineError::new(
            Code::Syntax,
            keyword_span,
            message,
            "not a directive",
            Some(help),
        ));
    }
    let end = if argument.is_empty() {
        keyword_span
    } else {
        cursor.span_of(argument)
    };
    let span = Span {
        start: keyword_span.start,
        end: end.end,
    };
    let missing = |what: &str, example: &str| {
        Line::Error(LineError::new(
            Code::Syntax,
            keyword_span,
            format!("`{word}` needs {what}"),
            "incomplete directive",
            Some(format!("e.g. `{example}`")),
        ))
    };
    let kind = match word {
        "taxonomy" if argument.is_empty() => {
            return missing("a taxonomy name or file", "taxonomy sec");
        }
        "taxonomy" => Directive::Taxonomy {
            name: cursor.span_of(argument),
        },
        "tag" if argument.is_empty() => {
            return missing(
                "a path",
                "tag Execution:Data & Infrastructure:Vendor migration",
            );
        }
        "tag" => {
            // Every segment needs a letter or digit (or `&`) to fold to a name.
            let empty = |segment: &str| {
                let mut folded = String::new();
                crate::taxonomy::fold(segment, &mut folded);
                folded.is_empty()
            };
            if let Some(err) = too_deep(cursor, argument, "the path") {
                return Line::Error(err);
            }
            if let Some(segment) = argument.split(':').find(|s| empty(s)) {
                return Line::Error(LineError::new(
                    Code::Syntax,
                    cursor.span_of(argument),
                    format!("the path `{argument}` has an empty segment"),
                    if segment.is_empty() { "empty segment" } else { "blank segment" },
                    Some("write a whole path from the root, e.g. `tag Execution:Data & Infrastructure:Vendor migration`".into()),
                ));
            }
            Directive::Tag {
                path: cursor.span_of(argument),
            }
        }
        "alias" => match argument.split_once('=') {
            Some((name, target))
                if !name.trim_matches(is_blank).is_empty()
                    && !target.trim_matches(is_blank).is_empty()
                    && !target.contains('=') =>
            {
                let name = name.trim_matches(is_blank);
                if let Some(err) = too_deep(cursor, name, "the alias name") {
                    return Line::Error(err);
                }
                Directive::Alias {
                    name: cursor.span_of(name),
                    target: cursor.span_of(target.trim_matches(is_blank)),
                }
            }
            _ => {
                return missing(
                    "a name and a tag",
                    "alias okr = Strategy:Technology Planning:OKR management",
                );
            }
        },
        "target" => match target(cursor, argument) {
            Ok(kind) => kind,
            Err(err) => return Line::Error(err),
        },
        "include" if argument.is_empty() => return missing("a path", "include 2024/*.sec"),
        _ => Directive::Include {
            path: cursor.span_of(argument),
        },
    };
    Line::Directive(DirectiveLine { kind, span })
}

/// A `syntax` error for a path of more segments than a taxonomy has
/// levels: no tag could ever reach a node that deep.
fn too_deep(cursor: &Cursor, path: &str, what: &str) -> Option<LineError> {
    let segments = segment_count(path);
    (segments > MAX_DEPTH).then(|| {
        LineError::new(
            Code::Syntax,
            cursor.span_of(path),
            format!("{what} has {segments} segments, more than {MAX_DEPTH}"),
            "too many segments",
            Some(format!(
                "a taxonomy has at most {MAX_DEPTH} levels, so a tag path has at most {MAX_DEPTH} segments"
            )),
        )
    })
}

/// `TAG  A%..B%`, `TAG  >=A%` or `TAG  <=B%` (blanks allowed after `>=`/`<=`),
/// perhaps followed by `from DATE`.
fn target(cursor: &Cursor, argument: &str) -> Result<Directive, LineError> {
    let example = "write `target TAG  15%..25%`, `target TAG  >=20%` or `target TAG  <=10%`, \
                   perhaps followed by `from 2024-07-01`";
    let bad = |span: Span, message: String, label: &str| {
        LineError::new(Code::BadTarget, span, message, label, Some(example.into()))
    };
    let (argument, from) = target_start(cursor, argument)?;
    let whole = if argument.is_empty() {
        cursor.span(0, cursor.line.len().min(6))
    } else {
        cursor.span_of(argument)
    };
    let Some(split) = argument.rfind(is_blank) else {
        return Err(bad(
            whole,
            "`target` needs a tag and a range".into(),
            "incomplete target",
        ));
    };
    let (mut tag, mut range) = (
        argument[..split].trim_end_matches(is_blank),
        &argument[split + 1..],
    );
    // `>= 20%`: the comparison stands apart from its number.
    for comparison in [">=", "<="] {
        if let Some(before) = tag.strip_suffix(comparison) {
            let start = before.len();
            tag = before.trim_end_matches(is_blank);
            range = &argument[start..];
        }
    }
    let range_span = cursor.span_of(range);
    if tag.is_empty() {
        return Err(bad(
            whole,
            "`target` needs a tag and a range".into(),
            "incomplete target",
        ));
    }
    let percent = |text: &str| -> Result<f64, LineError> {
        let text = text.trim_matches(is_blank);
        let number = text
            .strip_suffix('%')
            .filter(|n| {
                !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && !n.starts_with('.')
                    && !n.ends_with('.')
                    && n.matches('.').count() <= 1
            })
            .ok_or_else(|| {
                bad(
                    range_span,
                    format!("`{}` is not a target range", range),
                    "not a range",
                )
            })?;
        // The fraction is read from the decimal text with its point moved
        // two places (`33.3` → `0.333`), so it is the nearest double to
        // what was written, not `33.3 / 100` (0.33299999999999996).
        let (whole, decimals) = number.split_once('.').unwrap_or((number, ""));
        let padded = format!("{whole:0>3}");
        let (units, hundredths) = padded.split_at(padded.len() - 2);
        let fraction: f64 = format!("{units}.{hundredths}{decimals}")
            .parse()
            .map_err(|_| {
                bad(
                    range_span,
                    format!("`{range}` is not a target range"),
                    "not a range",
                )
            })?;
        if fraction > 1.0 {
            return Err(bad(
                range_span,
                format!("`{text}` is over 100%"),
                "out of 0-100%",
            ));
        }
        Ok(fraction)
    };
    let (min, max) = if let Some(rest) = range.strip_prefix(">=") {
        (Some(percent(rest)?), None)
    } else if let Some(rest) = range.strip_prefix("<=") {
        (None, Some(percent(rest)?))
    } else if let Some((low, high)) = range.split_once("..") {
        (Some(percent(low)?), Some(percent(high)?))
    } else {
        return Err(bad(
            range_span,
            format!("`{range}` is not a target range"),
            "not a range",
        ));
    };
    if let (Some(low), Some(high)) = (min, max)
        && low > high
    {
        return Err(bad(
            range_span,
            format!("the range `{range}` runs backwards"),
            "min above max",
        ));
    }
    Ok(Directive::Target {
        tag: cursor.span_of(tag),
        range: range_span,
        min,
        max,
        from,
    })
}

/// Splits a target's `from DATE` off its argument: the argument before it
/// and the date, or the whole argument and `None`. A last word that is a
/// date without `from`, a `from` with no date and a `from` with a bad date
/// are `secl::bad_target`.
fn target_start<'a>(
    cursor: &Cursor,
    argument: &'a str,
) -> Result<(&'a str, Option<NaiveDate>), LineError> {
    let error = |word: &str, message: String, label: &str, help: String| {
        LineError::new(
            Code::BadTarget,
            cursor.span_of(word),
            message,
            label,
            Some(help),
        )
    };
    let (before, last) = match argument.rfind(is_blank) {
        Some(split) => (
            argument[..split].trim_end_matches(is_blank),
            &argument[split + 1..],
        ),
        None => ("", argument),
    };
    if last == "from" {
        return Err(error(
            last,
            "`from` needs the date the target starts on".into(),
            "no date",
            "write `target TAG  RANGE  from 2024-07-01`".into(),
        ));
    }
    let is_date = all_consuming(date_parts).parse(last).is_ok();
    let (rest, keyword) = match before.rfind(is_blank) {
        Some(split) => (
            before[..split].trim_end_matches(is_blank),
            &before[split + 1..],
        ),
        None => ("", before),
    };
    if keyword != "from" {
        if is_date {
            return Err(error(
                last,
                format!("`{last}` is a date, not a target range"),
                "a date",
                format!("a target that starts on a day says so: `target TAG  RANGE  from {last}`"),
            ));
        }
        return Ok((argument, None));
    }
    let date = all_consuming(date_parts)
        .parse(last)
        .ok()
        .and_then(|(_, (year, month, day))| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| {
            error(
                last,
                format!("`{last}` is not a date"),
                "not a date",
                "write the start as YYYY-MM-DD: `from 2024-07-01`".into(),
            )
        })?;
    Ok((rest, Some(date)))
}

/// The hashtags in a note: `#` at the start or after a blank, then letters,
/// digits, `_`, `-` or `/`. Returned without the `#`.
pub fn hashtags(note: &str) -> impl Iterator<Item = &str> {
    let bytes = note.as_bytes();
    memchr::memchr_iter(b'#', bytes).filter_map(move |at| {
        if at > 0 && !note[..at].ends_with(char::is_whitespace) {
            return None;
        }
        let rest = &note[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '/'))
            .unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &str, span: Span) -> &str {
        &line[span.range()]
    }

    fn entry_of(line: &str) -> EntryLine {
        match parse_line(line, 0) {
            Line::Entry(entry) => entry,
            other => panic!("{line:?}: {other:?}"),
        }
    }

    fn error_of(line: &str) -> LineError {
        match parse_line(line, 0) {
            Line::Error(err) | Line::BadDay(err) => err,
            other => panic!("{line:?}: {other:?}"),
        }
    }

    #[test]
    fn blanks_and_comments() {
        assert_eq!(parse_line("", 0), Line::Blank);
        assert_eq!(parse_line(" \t ", 0), Line::Blank);
        assert_eq!(parse_line("; note", 0), Line::Comment);
        assert_eq!(parse_line("# note", 0), Line::Comment);
        assert_eq!(parse_line("   ; indented", 0), Line::Comment);
        assert_eq!(parse_line("\t# tabbed", 0), Line::Comment);
    }

    #[test]
    fn indented_entry_with_spans() {
        let line = "  1h30m   okr   ; Q1 draft; v2 #planning ";
        let entry = entry_of(line);
        assert_eq!(entry.duration.seconds, 5400);
        assert_eq!(text(line, entry.duration_span), "1h30m");
        assert_eq!(entry.duration_span, Span::new(2, 7));
        assert_eq!(text(line, entry.tag), "okr");
        assert_eq!(entry.tag, Span::new(10, 13));
        assert_eq!(text(line, entry.note), "Q1 draft; v2 #planning");
        assert_eq!(text(line, entry.semicolon), ";");
    }

    #[test]
    fn tags_keep_single_spaces_and_punctuation() {
        let line = "\t45m\tTechnical Documentation (e.g. SDKs, APIs)";
        let entry = entry_of(line);
        assert_eq!(
            text(line, entry.tag),
            "Technical Documentation (e.g. SDKs, APIs)"
        );
        assert!(entry.note.is_empty());
        let line = " 2h CI/CD management;x";
        let entry = entry_of(line);
        assert_eq!(text(line, entry.tag), "CI/CD management");
        assert_eq!(text(line, entry.note), "x");
    }

    #[test]
    fn the_hot_path_agrees_with_parse_line() {
        for line in [
            "  45m  Culture",
            "\t1h30m\tRisk assessment ; note",
            "  09:00-10:30  A:B  ; x",
            "  45x  Culture",
            "  45m",
            "  ; comment",
            "  tag Foo",
            "45m  Culture",
            "2024-01-01  1h  A",
            "   ",
            "  1 2 3",
        ] {
            let fast = indented_entry(line, 7);
            match parse_line(line, 7) {
                Line::Entry(entry) => assert_eq!(fast, Some(entry), "{line:?}"),
                _ => assert_eq!(fast, None, "{line:?}"),
            }
        }
    }

    #[test]
    fn spans_are_offset_by_the_line_start() {
        let Line::Entry(entry) = parse_line("  45m  Culture", 100) else {
            panic!()
        };
        assert_eq!(entry.duration_span, Span::new(102, 105));
        assert_eq!(entry.tag, Span::new(107, 114));
    }

    #[test]
    fn clock_range_entry() {
        let entry = entry_of("  09:00-10:30  Culture:Team Development:Technical mentorship  ; 1:1");
        assert_eq!(entry.duration.seconds, 5400);
        assert!(entry.duration.clock.is_some());
    }

    #[test]
    fn day_headers() {
        let line = "2024-01-15  ; board week #board";
        let Line::Day(day) = parse_line(line, 0) else {
            panic!()
        };
        assert_eq!(day.date, NaiveDate::from_ymd_opt(2024, 1, 15).unwrap());
        assert_eq!(text(line, day.date_span), "2024-01-15");
        assert_eq!(text(line, day.note), "board week #board");
        assert!(day.entry.is_none());

        let Line::Day(day) = parse_line("2024/01/15", 0) else {
            panic!()
        };
        assert_eq!(day.date, NaiveDate::from_ymd_opt(2024, 1, 15).unwrap());
        assert!(day.note.is_empty());

        let Line::Day(day) = parse_line("2024-01-15;", 0) else {
            panic!()
        };
        assert!(day.note.is_empty());
    }

    #[test]
    fn one_line_entry() {
        let line = "2024-01-16  2h  Execution:Product & Engineering Delivery:CI/CD management   ; one-line";
        let Line::Day(day) = parse_line(line, 0) else {
            panic!()
        };
        let entry = day.entry.unwrap().unwrap();
        assert_eq!(entry.duration.seconds, 7200);
        assert_eq!(
            text(line, entry.tag),
            "Execution:Product & Engineering Delivery:CI/CD management"
        );
        assert_eq!(text(line, entry.note), "one-line");
        assert!(day.note.is_empty());
        let Line::Day(day) = parse_line("2024-01-16 2h Culture", 0) else {
            panic!()
        };
        assert!(day.entry.unwrap().is_ok());
    }

    #[test]
    fn one_line_entry_error_keeps_the_date() {
        let Line::Day(day) = parse_line("2024-01-16  1h3x  Culture", 0) else {
            panic!()
        };
        let err = day.entry.unwrap().unwrap_err();
        assert_eq!(err.code, Code::BadDuration);
        assert_eq!(err.span, Span::new(12, 16));
        // Words that cannot start an entry were meant as the day's note.
        let Line::Day(day) = parse_line("2024-01-16  lots  Culture ", 0) else {
            panic!()
        };
        let err = day.entry.unwrap().unwrap_err();
        assert_eq!(err.code, Code::Syntax);
        assert_eq!(err.span, Span::new(12, 25));
        assert!(err.help.unwrap().contains("`2024-01-16  ; lots  Culture`"));
    }

    #[test]
    fn invalid_dates() {
        for (line, span) in [
            ("2024-13-01", Span::new(0, 10)),
            ("2024-02-30  ; note", Span::new(0, 10)),
            ("2024-02-3", Span::new(0, 9)),
            ("2024-02/03", Span::new(0, 10)),
            ("20240203", Span::new(0, 8)),
        ] {
            let Line::BadDay(err) = parse_line(line, 0) else {
                panic!("{line}")
            };
            assert_eq!(err.code, Code::InvalidDate, "{line}");
            assert_eq!(err.span, span, "{line}");
        }
        assert!(error_of("2023-02-29").message.contains("has no day 29"));
        for line in ["0000-01-01", "0999-12-31  1h  Culture"] {
            let err = error_of(line);
            assert_eq!(err.code, Code::InvalidDate, "{line}");
            assert!(
                err.message.contains("years run from 1000 to 9999"),
                "{line}"
            );
        }
    }

    #[test]
    fn unindented_entry_is_a_syntax_error() {
        let err = error_of("45m  Risk assessment");
        assert_eq!(err.code, Code::Syntax);
        assert!(err.message.contains("not indented"));
    }

    #[test]
    fn entry_errors() {
        let err = error_of("  45x  Culture");
        assert_eq!((err.code, err.span), (Code::BadDuration, Span::new(2, 5)));
        let err = error_of("  1h30  Culture");
        assert_eq!(err.help.as_deref(), Some("write `1h30m`"));
        let err = error_of("  45m");
        assert_eq!((err.code, err.span), (Code::Syntax, Span::new(2, 5)));
        let err = error_of("  45m   ; only a note");
        assert_eq!(err.code, Code::Syntax);
        let err = error_of("  tag Foo");
        assert_eq!((err.code, err.span), (Code::Syntax, Span::new(2, 5)));
    }

    #[test]
    fn directives() {
        let line = "taxonomy sec   ; the default";
        let Line::Directive(d) = parse_line(line, 0) else {
            panic!()
        };
        assert_eq!(
            d.kind,
            Directive::Taxonomy {
                name: Span::new(9, 12)
            }
        );
        assert_eq!(text(line, d.span), "taxonomy sec");

        let line = "tag Execution:Data & Infrastructure:Vendor migration";
        let Line::Directive(d) = parse_line(line, 0) else {
            panic!()
        };
        let Directive::Tag { path } = d.kind else {
            panic!()
        };
        assert_eq!(
            text(line, path),
            "Execution:Data & Infrastructure:Vendor migration"
        );

        let line = "alias okr = Strategy:Technology Planning:OKR management ; c";
        let Line::Directive(d) = parse_line(line, 0) else {
            panic!()
        };
        let Directive::Alias { name, target } = d.kind else {
            panic!()
        };
        assert_eq!(text(line, name), "okr");
        assert_eq!(
            text(line, target),
            "Strategy:Technology Planning:OKR management"
        );

        let line = "include 2024/*.sec";
        let Line::Directive(d) = parse_line(line, 0) else {
            panic!()
        };
        let Directive::Include { path } = d.kind else {
            panic!()
        };
        assert_eq!(text(line, path), "2024/*.sec");
    }

    #[test]
    fn targets() {
        let check = |line: &str, tag: &str, min: Option<f64>, max: Option<f64>| {
            let Line::Directive(d) = parse_line(line, 0) else {
                panic!("{line}")
            };
            let Directive::Target {
                tag: t,
                min: lo,
                max: hi,
                ..
            } = d.kind
            else {
                panic!()
            };
            assert_eq!((text(line, t), lo, hi), (tag, min, max), "{line}");
        };
        check(
            "target Execution:Security & Compliance  15%..25%",
            "Execution:Security & Compliance",
            Some(0.15),
            Some(0.25),
        );
        check("target Strategy >=20%", "Strategy", Some(0.2), None);
        check("target Strategy >= 20%", "Strategy", Some(0.2), None);
        check(
            "target Culture:Personal Development  <=12.5%  ; comment",
            "Culture:Personal Development",
            None,
            Some(0.125),
        );
        check("target Culture  0%..100%", "Culture", Some(0.0), Some(1.0));
        // The fraction is the nearest double to the written decimal.
        check(
            "target Strategy 33.3%..66.7%",
            "Strategy",
            Some(0.333),
            Some(0.667),
        );
        check(
            "target Strategy 5%..007.5%",
            "Strategy",
            Some(0.05),
            Some(0.075),
        );
        let from = |line: &str| {
            let Line::Directive(d) = parse_line(line, 0) else {
                panic!("{line}")
            };
            let Directive::Target { tag, from, min, .. } = d.kind else {
                panic!()
            };
            (text(line, tag).to_string(), min, from)
        };
        let july = NaiveDate::from_ymd_opt(2024, 7, 1);
        assert_eq!(
            from("target Strategy  25%..35%  from 2024-07-01"),
            ("Strategy".into(), Some(0.25), july)
        );
        assert_eq!(
            from("target Strategy >= 25% from 2024/07/01 ; the VP starts"),
            ("Strategy".into(), Some(0.25), july)
        );
        assert_eq!(
            from("target Strategy  >=20%"),
            ("Strategy".into(), Some(0.2), None)
        );
        for (bad, message) in [
            ("target Strategy 20%..30% from", "`from` needs the date"),
            (
                "target Strategy 20%..30% from 2024-13-01",
                "`2024-13-01` is not a date",
            ),
            ("target Strategy 20%..30% from July", "`July` is not a date"),
            (
                "target Strategy 20%..30% 2024-07-01",
                "is a date, not a target range",
            ),
            ("target from 2024-07-01", "needs a tag and a range"),
            ("target Strategy from 2024-07-01", "needs a tag and a range"),
        ] {
            let error = error_of(bad);
            assert_eq!(error.code, Code::BadTarget, "{bad}");
            assert!(error.message.contains(message), "{bad}: {}", error.message);
        }
        for bad in [
            "target Strategy",
            "target Strategy 20",
            "target Strategy 20%..10%",
            "target Strategy 10%..101%",
            "target Strategy 1.2.3%..4%",
            "target Strategy =>20%",
            "target 20%..30%",
            "target",
        ] {
            assert_eq!(error_of(bad).code, Code::BadTarget, "{bad}");
        }
    }

    #[test]
    fn directive_errors() {
        let err = error_of("tga Foo");
        assert_eq!(err.code, Code::Syntax);
        assert_eq!(err.help.as_deref(), Some("did you mean `tag`?"));
        assert_eq!(
            error_of("Strategy 1h").message,
            "unknown directive `Strategy`"
        );
        assert_eq!(error_of("* item").code, Code::Syntax);
        assert_eq!(error_of("alias okr").code, Code::Syntax);
        assert_eq!(error_of("alias = Strategy").code, Code::Syntax);
        assert_eq!(error_of("tag Strategy::Foo").code, Code::Syntax);
        assert_eq!(error_of("tag Strategy:---").code, Code::Syntax);
        assert_eq!(error_of("alias a == Culture").code, Code::Syntax);
        assert!(error_of("  tag").message.contains("indented"));
        assert_eq!(error_of("include").code, Code::Syntax);
        assert_eq!(error_of("taxonomy ; none").code, Code::Syntax);
    }

    #[test]
    fn paths_deeper_than_a_taxonomy_are_syntax_errors() {
        let path = |segments: usize| vec!["A"; segments].join(":");
        let Line::Directive(_) = parse_line(&format!("tag {}", path(MAX_DEPTH)), 0) else {
            panic!("{MAX_DEPTH} segments are fine");
        };
        let err = error_of(&format!("tag {}  ; deep", path(1000)));
        assert_eq!(err.code, Code::Syntax);
        assert_eq!(err.message, "the path has 1000 segments, more than 32");
        assert_eq!(err.span, Span::new(4, 4 + path(1000).len()));
        let err = error_of(&format!("alias {} = Strategy", path(MAX_DEPTH + 1)));
        assert_eq!(err.message, "the alias name has 33 segments, more than 32");
        // A long alias target is a tag like any other: unknown, not a syntax error.
        let alias = format!("alias x = {}", path(1000));
        assert!(matches!(parse_line(&alias, 0), Line::Directive(_)));
    }

    #[test]
    fn hashtag_extraction() {
        let tags: Vec<_> = hashtags("#q1 draft #Planning, a#b #x/y-z_1 # #").collect();
        assert_eq!(tags, ["q1", "Planning", "x/y-z_1"]);
        assert_eq!(hashtags("über #Straße").collect::<Vec<_>>(), ["Straße"]);
    }
}
