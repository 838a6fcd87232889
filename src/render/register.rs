//! The register as text (aligned columns with a running total), JSON
//! (grammar.md, Reports) and CSV. It renders entries already chosen and ordered by
//! the command; it never filters or sorts.

use std::io::{self, Write};

use serde::Serialize;

use crate::journal::{Entry, Journal};
use crate::render::PALETTE;
use crate::render::csv;
use crate::render::numbers::{self, TimeFormat};
use crate::render::table::{Cell, Columns};
use crate::source::escape;
use crate::taxonomy::NodeId;

/// Notes longer than this many characters are cut in the text format (and
/// only there: JSON and CSV keep every note whole).
pub const NOTE_WIDTH: usize = 40;

/// A register ready to render.
pub struct View<'a> {
    /// The journal, for tags, notes and file names.
    pub journal: &'a Journal,
    /// The indices of the entries, in report order.
    pub entries: &'a [usize],
    /// How durations are shown in text.
    pub time: TimeFormat,
}

/// One entry with the running total up to and including it.
struct Line<'a> {
    index: usize,
    entry: &'a Entry,
    running: u64,
}

impl View<'_> {
    /// The entries paired with their running totals.
    fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        self.entries.iter().scan(0u64, |running, &index| {
            let entry = &self.journal.entries[index];
            *running += u64::from(entry.seconds);
            Some(Line {
                index,
                entry,
                running: *running,
            })
        })
    }

    /// The sum of every entry's time.
    fn total(&self) -> u64 {
        self.entries
            .iter()
            .map(|&i| u64::from(self.journal.entries[i].seconds))
            .sum()
    }

    fn note(&self, line: &Line) -> &str {
        self.journal.note(line.index)
    }

    fn tag(&self, entry: &Entry) -> String {
        self.journal.taxonomy.path(entry.node)
    }

    /// The register as aligned columns: `date  time  tag  note  running`,
    /// then a rule and a total line. An empty register prints nothing at
    /// all, as hledger's does: no header over no rows. The rows are made
    /// twice, once to fit the columns and once to write them, so that
    /// none is held: the output streams.
    pub fn text(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let duration = |seconds: u64| numbers::duration(seconds as i64, self.time);
        let taxonomy = &self.journal.taxonomy;
        let tags: Vec<String> = (0..taxonomy.len())
            .map(|node| visible(&taxonomy.path(node as NodeId)))
            .collect();
        let header = [
            Cell::left("date"),
            Cell::right("time"),
            Cell::left("tag"),
            Cell::left("note"),
            Cell::right("running"),
        ]
        .map(|cell| cell.styled(PALETTE.header));
        let row = |line: Line| {
            let entry = line.entry;
            [
                Cell::left(entry.date.to_string()).styled(PALETTE.muted),
                Cell::right(duration(u64::from(entry.seconds))),
                Cell::left(tags[entry.node as usize].as_str()),
                Cell::left(truncate(&visible(self.note(&line)), NOTE_WIDTH)),
                Cell::right(duration(line.running)),
            ]
        };
        let footer = [
            Cell::left("Total").styled(PALETTE.total),
            Cell::right(duration(self.total())).styled(PALETTE.total),
            Cell::left(entries_count(self.entries.len())).styled(PALETTE.total),
        ];
        let mut columns = Columns::default();
        columns.fit(&header);
        for line in self.lines() {
            columns.fit(&row(line));
        }
        columns.fit(&footer);
        columns.row(out, &header, color)?;
        for line in self.lines() {
            columns.row(out, &row(line), color)?;
        }
        columns.rule(out, color)?;
        columns.row(out, &footer, color)
    }

    /// The register as JSON: `{"entries": [{"date", "seconds", "tag",
    /// "note", "file", "line", "running"}], "total"}`, times in seconds,
    /// `note` an empty string when the entry has none, `file` the path as
    /// the journal reached it, `line` 1-based. Entries are written as they
    /// are made.
    pub fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        let document = JsonRegister {
            entries: JsonEntries(self),
            total: self.total(),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }

    fn json_entry(&self, line: Line) -> JsonEntry<'_> {
        JsonEntry {
            date: line.entry.date.to_string(),
            seconds: line.entry.seconds,
            tag: self.tag(line.entry),
            note: self.note(&line),
            file: &self.journal.sources.get(self.journal.file(line.index)).name,
            line: self.journal.line(line.index),
            running: line.running,
        }
    }

    /// The register as CSV: `date,hours,tag,note,file,line,running`, hours
    /// in decimal hours with two decimals. An empty register is the header
    /// alone.
    pub fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let hours = |seconds: u64| numbers::decimal_hours(seconds as i64);
        csv::record(
            out,
            &["date", "hours", "tag", "note", "file", "line", "running"],
        )?;
        for line in self.lines() {
            let entry = line.entry;
            csv::record(
                out,
                &[
                    entry.date.to_string(),
                    hours(u64::from(entry.seconds)),
                    self.tag(entry),
                    self.note(&line).to_string(),
                    self.journal
                        .sources
                        .get(self.journal.file(line.index))
                        .name
                        .clone(),
                    self.journal.line(line.index).to_string(),
                    hours(line.running),
                ],
            )?;
        }
        Ok(())
    }
}

/// `1 entry`, `14 entries`.
fn entries_count(count: usize) -> String {
    match count {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    }
}

/// Text (a note, a tag) safe for one aligned line: tabs become spaces, other control
/// characters and bidirectional marks are written as escapes.
fn visible(text: &str) -> String {
    escape(&text.replace('\t', " ")).into_owned()
}

/// `text` cut to at most `width` characters, ending in `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    date: String,
    seconds: u32,
    tag: String,
    note: &'a str,
    file: &'a str,
    line: usize,
    running: u64,
}

#[derive(Serialize)]
struct JsonRegister<'a> {
    entries: JsonEntries<'a>,
    total: u64,
}

/// The entries of a register, serialized one by one as they are made.
struct JsonEntries<'a>(&'a View<'a>);

impl Serialize for JsonEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = self.0;
        serializer.collect_seq(view.lines().map(|line| view.json_entry(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_notes_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("short", 40), "short");
        assert_eq!(truncate(&"x".repeat(40), 40), "x".repeat(40));
        let cut = truncate(&"é".repeat(50), 40);
        assert_eq!(cut.chars().count(), 40);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("ab cdef", 4), "ab…");
    }

    #[test]
    fn notes_stay_on_one_line() {
        assert_eq!(visible("a\tb"), "a b");
        assert_eq!(visible("a\u{1b}b"), "a\\u{1b}b");
        assert_eq!(entries_count(1), "1 entry");
        assert_eq!(entries_count(3), "3 entries");
    }
}
