//! Inserting an entry into a journal file's text (`secl add`), touching no
//! other byte: after the last entry of the date's last day block, or as a
//! new day block in date order.

use chrono::NaiveDate;

use crate::parse::{Line, lines, parse_line};

/// Where an entry was put.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inserted {
    /// The new text.
    pub text: String,
    /// The 1-based line of the new entry.
    pub line: usize,
    /// True when the entry went into a block in `fmt`'s layout but is
    /// wider than the block's durations: its line puts the tag two blanks
    /// after its own duration, and `secl fmt` would realign the block.
    pub breaks_layout: bool,
}

/// One line of the text, as far as insertion cares.
struct Row {
    /// Where the line starts and where the next one does.
    start: usize,
    next: usize,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    /// A day header with a valid date.
    Day(NaiveDate),
    /// An indented entry.
    Entry,
    Other,
}

/// Inserts the entry `DURATION TAG [; NOTE]` for `date` into `text`, laid
/// out to match its block when that block is in `fmt`'s layout (duration
/// padded to the block's longest, tag two blanks after it), else written
/// `DURATION  TAG  ; NOTE`. No other line changes.
pub fn insert_laid_out(
    text: &str,
    date: NaiveDate,
    duration: &str,
    tag: &str,
    note: &str,
) -> Inserted {
    let own = crate::fmt::layout_width(duration);
    let (width, breaks_layout) = match block_layout(text, date) {
        Some(width) if width >= own => (width, false),
        Some(_) => (own, true),
        None => (own, false),
    };
    let line = crate::fmt::entry_line(duration, width, tag, note);
    Inserted {
        breaks_layout,
        ..insert_entry(text, date, &line[2..])
    }
}

/// Inserts several entries (`DURATION`, `TAG`, `NOTE`) for `date` in one
/// go, laid out together as [`insert_laid_out`] lays out one: aligned on the
/// block's durations when the block is in `fmt`'s layout and they fit, else
/// on their own widest (a new block is then in the layout too).
pub fn insert_all_laid_out(
    text: &str,
    date: NaiveDate,
    entries: &[(&str, &str, &str)],
) -> Inserted {
    let widest = entries
        .iter()
        .map(|(duration, _, _)| crate::fmt::layout_width(duration))
        .max()
        .unwrap_or(0);
    let (width, breaks_layout) = match block_layout(text, date) {
        Some(width) if width >= widest => (width, false),
        Some(_) => (widest, true),
        None => (widest, false),
    };
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<String> = entries
        .iter()
        .map(|(duration, tag, note)| {
            crate::fmt::entry_line(duration, width, tag, note)[2..].to_string()
        })
        .collect();
    Inserted {
        breaks_layout,
        ..insert_entry(text, date, &lines.join(&format!("{ending}  ")))
    }
}

/// The width of the durations of `date`'s last day block if its indented
/// entries are in `fmt`'s layout (`None` otherwise, or with none).
fn block_layout(text: &str, date: NaiveDate) -> Option<usize> {
    let rows = rows(text);
    let header = rows.iter().rposition(|r| r.kind == Kind::Day(date))?;
    let mut entries: Vec<(&str, crate::parse::line::EntryLine)> = Vec::new();
    for row in &rows[header + 1..] {
        match row.kind {
            Kind::Day(_) => break,
            Kind::Entry => {
                let line = text[row.start..row.next].trim_end_matches(['\n', '\r']);
                if let Line::Entry(entry) = parse_line(line, row.start) {
                    entries.push((line, entry));
                }
            }
            _ => {}
        }
    }
    let slice = |span: crate::source::Span| &text[span.range()];
    let width = entries
        .iter()
        .map(|(_, e)| crate::fmt::layout_width(slice(e.duration_span)))
        .max()?;
    entries
        .iter()
        .all(|(line, e)| {
            *line
                == crate::fmt::entry_line(
                    slice(e.duration_span),
                    width,
                    slice(e.tag),
                    slice(e.note),
                )
        })
        .then_some(width)
}

/// The lines of `text`, classified.
fn rows(text: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (start, line) in lines(text).filter(|_| !text.is_empty()) {
        let kind = match parse_line(line, start) {
            Line::Blank => Kind::Blank,
            Line::Comment => Kind::Comment,
            Line::Day(day) => Kind::Day(day.date),
            Line::Entry(_) => Kind::Entry,
            _ => Kind::Other,
        };
        let next = text[start..]
            .find('\n')
            .map_or(text.len(), |at| start + at + 1);
        rows.push(Row { start, next, kind });
    }
    rows
}

/// Inserts `entry` (written as `DURATION  TAG  ; NOTE`, without indent)
/// for `date` into `text`.
pub fn insert_entry(text: &str, date: NaiveDate, entry: &str) -> Inserted {
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let rows = rows(text);
    // The date's last block: after its last entry (or its header).
    if let Some(header) = rows.iter().rposition(|r| r.kind == Kind::Day(date)) {
        let mut last = header;
        for (i, row) in rows.iter().enumerate().skip(header + 1) {
            match row.kind {
                Kind::Day(_) => break,
                Kind::Entry => last = i,
                _ => {}
            }
        }
        let line = format!("  {entry}{ending}");
        return splice(text, rows[last].next, &line, 0, ending);
    }
    let block = format!("{date}{ending}  {entry}{ending}");
    // A new block before the first later date, and the comments right above it.
    if let Some(later) = rows
        .iter()
        .position(|r| matches!(r.kind, Kind::Day(d) if d > date))
    {
        let mut at = later;
        while at > 0 && rows[at - 1].kind == Kind::Comment {
            at -= 1;
        }
        let text_block = format!("{block}{ending}");
        return splice(text, rows[at].start, &text_block, 1, ending);
    }
    // At the end, after a blank line.
    let needs_blank = rows.last().is_some_and(|r| r.kind != Kind::Blank);
    let mut tail = String::new();
    if needs_blank {
        tail.push_str(ending);
    }
    tail.push_str(&block);
    splice(
        text,
        text.len(),
        &tail,
        1 + usize::from(needs_blank),
        ending,
    )
}

/// `text` with `insert` at byte `at`; a text not ending in a line ending
/// gets one first when inserting at its end. The entry is on line
/// `entry_line` of `insert` (0-based).
fn splice(text: &str, at: usize, insert: &str, entry_line: usize, ending: &str) -> Inserted {
    let mut out = String::with_capacity(text.len() + insert.len() + 2);
    out.push_str(&text[..at]);
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        out.push_str(ending);
    }
    let line = out.matches('\n').count() + entry_line + 1;
    out.push_str(insert);
    out.push_str(&text[at..]);
    Inserted {
        text: out,
        line,
        breaks_layout: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn insert(text: &str, day: &str) -> (String, usize) {
        let inserted = insert_entry(text, date(day), "45m  Risk assessment  ; new");
        (inserted.text, inserted.line)
    }

    #[test]
    fn after_the_last_entry_of_the_dates_last_block() {
        let text =
            "2024-01-15\n  1h  A\n  2h  B\n; note\n\n2024-01-16\n  1h  C\n2024-01-15\n  1h  D\n\n";
        assert_eq!(
            insert(text, "2024-01-15"),
            (
                "2024-01-15\n  1h  A\n  2h  B\n; note\n\n2024-01-16\n  1h  C\n2024-01-15\n  1h  D\n  45m  Risk assessment  ; new\n\n".into(),
                10
            )
        );
        // A block with only a one-line entry: right after its header.
        assert_eq!(
            insert("2024-01-15  1h  A\n", "2024-01-15"),
            (
                "2024-01-15  1h  A\n  45m  Risk assessment  ; new\n".into(),
                2
            )
        );
    }

    #[test]
    fn a_new_block_in_date_order() {
        let text = "taxonomy sec\n\n2024-01-10\n  1h  A\n\n; the 20th\n2024-01-20\n  1h  B\n";
        assert_eq!(
            insert(text, "2024-01-15"),
            (
                "taxonomy sec\n\n2024-01-10\n  1h  A\n\n2024-01-15\n  45m  Risk assessment  ; new\n\n; the 20th\n2024-01-20\n  1h  B\n".into(),
                7
            )
        );
        assert_eq!(
            insert(text, "2024-01-05"),
            (
                "taxonomy sec\n\n2024-01-05\n  45m  Risk assessment  ; new\n\n2024-01-10\n  1h  A\n\n; the 20th\n2024-01-20\n  1h  B\n".into(),
                4
            )
        );
    }

    #[test]
    fn at_the_end() {
        assert_eq!(
            insert("2024-01-10\n  1h  A\n", "2024-01-15"),
            (
                "2024-01-10\n  1h  A\n\n2024-01-15\n  45m  Risk assessment  ; new\n".into(),
                5
            )
        );
        assert_eq!(
            insert("2024-01-10\n  1h  A", "2024-01-15"),
            (
                "2024-01-10\n  1h  A\n\n2024-01-15\n  45m  Risk assessment  ; new\n".into(),
                5
            )
        );
        assert_eq!(
            insert("", "2024-01-15"),
            ("2024-01-15\n  45m  Risk assessment  ; new\n".into(), 2)
        );
    }

    #[test]
    fn keeps_crlf() {
        assert_eq!(
            insert("2024-01-15\r\n  1h  A\r\n", "2024-01-15"),
            (
                "2024-01-15\r\n  1h  A\r\n  45m  Risk assessment  ; new\r\n".into(),
                3
            )
        );
    }

    #[test]
    fn laid_out_to_match_a_formatted_block() {
        let laid = |text: &str, duration: &str| {
            let inserted = insert_laid_out(text, date("2024-01-15"), duration, "Risk", "n");
            (inserted.text, inserted.breaks_layout)
        };
        let formatted = "2024-01-15\n  1h30m  okr  ; Q1\n  45m    A\n";
        assert_eq!(
            laid(formatted, "2h"),
            (format!("{formatted}  2h     Risk  ; n\n"), false)
        );
        // Wider than the block: the other lines stay, the block is no longer aligned.
        assert_eq!(
            laid(formatted, "09:00-10:30"),
            (format!("{formatted}  09:00-10:30  Risk  ; n\n"), true)
        );
        // A running entry counts as if its end were written.
        assert_eq!(
            laid("2024-01-15\n  09:00-10:30  A\n", "10:30-?"),
            (
                "2024-01-15\n  09:00-10:30  A\n  10:30-?      Risk  ; n\n".into(),
                false
            )
        );
        // A block not in the layout: as typed.
        assert_eq!(
            laid("2024-01-15\n 1h30m okr\n", "2h"),
            ("2024-01-15\n 1h30m okr\n  2h  Risk  ; n\n".into(), false)
        );
    }

    #[test]
    fn other_bytes_are_untouched() {
        let text = "; odd   spacing kept\n2024-01-10 ;x\n\t1h   A ;  note  \n";
        let (out, _) = insert(text, "2024-01-10");
        assert!(out.starts_with(text));
    }
}
