//! The canonical layout (`secl fmt`), as a pure function of a file's text.
//!
//! Per day block, entries are indented two spaces, durations left-aligned
//! in a column, tags two spaces after the block's longest duration, and a
//! `; note` two spaces after the tag. Day headers read `DATE` or
//! `DATE  ; note`. One-line entries, directives and comments keep their
//! text. Trailing blanks are dropped, runs of blank lines become one, a
//! blank line stands before each day header (with the comments right above
//! it), and the file ends with one line ending. The written form of every
//! date, duration, tag and note is kept, and so are the line endings (LF or
//! CRLF) and the BOM.
//!
//! A file with a syntax error is not formatted: nothing it says is moved.

use crate::diag::{Code, Diagnostic};
use crate::parse::{Keep, Line, Options, lines, parse_file, parse_line};
use crate::source::{FileId, SourceFile};

/// The codes that stop formatting: problems of the lines themselves.
const SYNTAX: [Code; 5] = [
    Code::Syntax,
    Code::InvalidUtf8,
    Code::InvalidDate,
    Code::BadDuration,
    Code::BadTarget,
];

/// What a line becomes.
enum Out {
    /// A blank line.
    Blank,
    /// A day header (its comments may stand above it).
    Day(String),
    /// An indented entry of a day block: duration, tag, note.
    Entry {
        duration: String,
        tag: String,
        note: String,
    },
    /// A comment line, kept as written (trailing blanks dropped).
    Comment(String),
    /// Anything else, kept as written (trailing blanks dropped).
    Kept(String),
}

/// Formats a file: the new text (BOM included), or the syntax errors that
/// stop it.
pub fn format(id: FileId, source: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    let text = source.text();
    let errors = syntax_errors(id, source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out: Vec<Out> = Vec::new();
    for (start, line) in lines(text) {
        let slice = |span: crate::source::Span| text[span.range()].to_string();
        out.push(match parse_line(line, start) {
            Line::Blank => Out::Blank,
            Line::Comment => Out::Comment(line.trim_end().to_string()),
            Line::Directive(_) => Out::Kept(line.trim_end().to_string()),
            Line::Day(day) => match day.entry {
                // A one-line entry keeps its text.
                Some(_) => Out::Day(line.trim_end().to_string()),
                None if day.note.is_empty() => Out::Day(slice(day.date_span)),
                None => Out::Day(format!("{}  ; {}", slice(day.date_span), slice(day.note))),
            },
            Line::Entry(entry) => Out::Entry {
                duration: slice(entry.duration_span),
                tag: slice(entry.tag),
                note: slice(entry.note),
            },
            // Checked above: no line is in error.
            Line::BadDay(_) | Line::Error(_) => Out::Kept(line.trim_end().to_string()),
        });
    }
    let lines = layout(out);
    let mut formatted = String::with_capacity(text.len() + text.len() / 8);
    if source.bom {
        formatted.push('\u{FEFF}');
    }
    for line in &lines {
        formatted.push_str(line);
        formatted.push_str(ending);
    }
    Ok(formatted)
}

/// The width a written duration takes in a block's layout: its length, and
/// for a running entry (`09:00-?`) four more, as if its end were written
/// (`09:00-10:30`), so that closing it keeps the block aligned.
pub fn layout_width(duration: &str) -> usize {
    let width = duration.chars().count();
    if duration.ends_with("-?") {
        width + 4
    } else {
        width
    }
}

/// A day block's entry line in the layout: `  DURATION`, blanks to
/// `width`, two blanks, the tag, and `  ; NOTE` when there is a note.
pub fn entry_line(duration: &str, width: usize, tag: &str, note: &str) -> String {
    let pad = width.saturating_sub(duration.chars().count());
    let mut entry = format!("  {duration}{}  {tag}", " ".repeat(pad));
    if !note.is_empty() {
        entry.push_str("  ; ");
        entry.push_str(note);
    }
    entry
}

/// The lines of a file that stop formatting, as diagnostics.
pub fn syntax_errors(id: FileId, source: &SourceFile) -> Vec<Diagnostic> {
    let options = Options {
        today: chrono::NaiveDate::MAX,
        keep: Keep::Entries,
    };
    parse_file(id, source, options)
        .diagnostics
        .into_iter()
        .filter(|d| SYNTAX.contains(&d.code))
        .collect()
}

/// Lays out the lines: entries aligned per day block, blank lines folded,
/// a blank line before each day header and the comments right above it.
fn layout(out: Vec<Out>) -> Vec<String> {
    // The width of each day block's durations: the longest in the block.
    let mut widths = vec![0usize; out.len()];
    let mut block_start = 0;
    for i in 0..=out.len() {
        if i == out.len() || matches!(out[i], Out::Day(_)) {
            let width = out[block_start..i]
                .iter()
                .filter_map(|o| match o {
                    Out::Entry { duration, .. } => Some(layout_width(duration)),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            widths[block_start..i].fill(width);
            block_start = i;
        }
    }
    let mut lines: Vec<String> = Vec::with_capacity(out.len() + out.len() / 8);
    // Where the comments right above the next line began in `lines`.
    let mut comments_from: Option<usize> = None;
    for (i, line) in out.into_iter().enumerate() {
        match line {
            Out::Blank => {
                comments_from = None;
                if lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(String::new());
                }
            }
            Out::Comment(text) => {
                comments_from.get_or_insert(lines.len());
                lines.push(text);
            }
            Out::Day(text) => {
                let at = comments_from.take().unwrap_or(lines.len());
                if at > 0 && !lines[at - 1].is_empty() {
                    lines.insert(at, String::new());
                }
                lines.push(text);
            }
            Out::Entry {
                duration,
                tag,
                note,
            } => {
                comments_from = None;
                lines.push(entry_line(&duration, widths[i], &tag, &note));
            }
            Out::Kept(text) => {
                comments_from = None;
                lines.push(text);
            }
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format(0, &SourceFile::from_text("t.sec", text)).expect("formats")
    }

    #[test]
    fn aligns_each_block() {
        let input = "2024-01-15 ;  board week #board  \n 1h30m okr ; Q1 draft\n\t45m   Risk assessment\n  09:00-10:30 Culture;1:1\n2024-01-16\n  2h  X\n";
        assert_eq!(
            fmt(input),
            "2024-01-15  ; board week #board\n  1h30m        okr  ; Q1 draft\n  45m          Risk assessment\n  09:00-10:30  Culture  ; 1:1\n\n2024-01-16\n  2h  X\n"
        );
    }

    #[test]
    fn keeps_directives_comments_and_one_line_entries() {
        let input = "taxonomy sec   \n; a comment  \nalias okr = OKR management\n2024-01-16  2h  Execution   ; one-line  \n  30m Culture\n   ; indented comment\n";
        assert_eq!(
            fmt(input),
            "taxonomy sec\n; a comment\nalias okr = OKR management\n\n2024-01-16  2h  Execution   ; one-line\n  30m  Culture\n   ; indented comment\n"
        );
    }

    #[test]
    fn folds_blank_lines_and_separates_days_with_their_comments() {
        let input = "\n\n2024-01-01\n  1h  A\n; Tuesday\n; offsite\n2024-01-02\n  1h  B\n\n\n\n2024-01-03\n  1h  C\n\n\n";
        assert_eq!(
            fmt(input),
            "2024-01-01\n  1h  A\n\n; Tuesday\n; offsite\n2024-01-02\n  1h  B\n\n2024-01-03\n  1h  C\n"
        );
    }

    #[test]
    fn keeps_crlf_and_bom() {
        let source = SourceFile::from_bytes(
            "t".into(),
            None,
            b"\xEF\xBB\xBF2024-01-01\r\n 1h A\r\n".to_vec(),
        );
        assert_eq!(
            format(0, &source).unwrap(),
            "\u{FEFF}2024-01-01\r\n  1h  A\r\n"
        );
    }

    #[test]
    fn is_idempotent() {
        let input =
            "2024-01-15 ; n\n 1h30m okr ; Q1\n\t45m Risk\n; c\n2024-01-16  2h  X\n  1:30 Y;z\n";
        let once = fmt(input);
        assert_eq!(fmt(&once), once);
    }

    #[test]
    fn refuses_a_file_with_syntax_errors() {
        let source = SourceFile::from_text("t", "2024-01-01\n  1h30  A\n  1h B\n");
        let errors = format(0, &source).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::BadDuration);
        // Unknown tags are not syntax: the file is formatted.
        assert!(format(0, &SourceFile::from_text("t", "2024-01-01\n 1h Nope\n")).is_ok());
    }

    #[test]
    fn a_running_entry_is_laid_out_as_if_its_end_were_written() {
        assert_eq!(
            fmt("2024-01-15\n 09:00-? okr ; Q2 draft\n 10:00-10:30 A\n 1h B\n"),
            "2024-01-15\n  09:00-?      okr  ; Q2 draft\n  10:00-10:30  A\n  1h           B\n"
        );
        assert_eq!(
            fmt("2024-01-15\n 9:00-? okr\n 1h B\n"),
            "2024-01-15\n  9:00-?      okr\n  1h          B\n"
        );
    }

    #[test]
    fn empty_and_blank_files() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n\n  \n"), "");
    }
}
