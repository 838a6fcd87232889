//! Day checks (grammar.md "Day checks"), per log and date: more than 24h
//! in a day, overlapping clock ranges, duplicated entries; and per file,
//! dates out of order and dates in the future. A log is one top-level
//! input with everything it includes: each file is checked as it is
//! parsed, and the dates a log's files share are checked again across
//! them ([`check_across`], called by the loader).
//!
//! They read the parsed files only: no taxonomy, no resolution.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::{Code, Diagnostic};
use crate::parse::duration::MAX_SECONDS;
use crate::parse::{DayHeader, RawEntry};
use crate::source::{FileId, SourceFile, Span};

mod clock_like;

pub use clock_like::check as clock_like_duration;

/// The checks of one date's entries in one file, given in file order:
/// `day_over_24h`, `overlap` and `duplicate_entry`.
pub fn check_date(
    file: FileId,
    source: &SourceFile,
    entries: &[RawEntry],
    found: &mut Vec<Diagnostic>,
) {
    let place = OneFile { file, source };
    over_24h(&place, entries, found);
    overlaps(&place, entries, found);
    duplicates(&place, entries, found);
}

/// The checks of one date's entries spread over several files of a log,
/// given in load order, each with the file it is written in.
pub fn check_across(
    entries: &[RawEntry],
    places: &[(FileId, &SourceFile)],
    found: &mut Vec<Diagnostic>,
) {
    let place = Across(places);
    over_24h(&place, entries, found);
    overlaps(&place, entries, found);
    duplicates(&place, entries, found);
}

/// Where the entries of a date being checked are written.
trait Written {
    /// The file of entry `i`.
    fn file(&self, i: usize) -> FileId;
    /// The text entry `i` is written in.
    fn source(&self, i: usize) -> &SourceFile;
    /// Where the entries are, for `day_over_24h`: `in this file`.
    fn scope(&self) -> String;
    /// Entry `earlier` as named from entry `later`: `line 3`, or with its
    /// file's name when it is written in another.
    fn line_of(&self, earlier: usize, later: usize, line: u32) -> String {
        if self.file(earlier) == self.file(later) {
            format!("line {line}")
        } else {
            format!("{} line {line}", self.source(earlier).name)
        }
    }
}

/// Every entry in one file.
struct OneFile<'a> {
    file: FileId,
    source: &'a SourceFile,
}

impl Written for OneFile<'_> {
    fn file(&self, _: usize) -> FileId {
        self.file
    }
    fn source(&self, _: usize) -> &SourceFile {
        self.source
    }
    fn scope(&self) -> String {
        "in this file".into()
    }
}

/// Each entry in its own file.
struct Across<'a, 'b>(&'b [(FileId, &'a SourceFile)]);

impl Written for Across<'_, '_> {
    fn file(&self, i: usize) -> FileId {
        self.0[i].0
    }
    fn source(&self, i: usize) -> &SourceFile {
        self.0[i].1
    }
    fn scope(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for (_, source) in self.0 {
            if !names.contains(&source.name.as_str()) {
                names.push(&source.name);
            }
        }
        format!(
            "across {} files of one journal ({})",
            names.len(),
            names.join(", ")
        )
    }
}

/// [`check_date`] for every date of a file whose entries are given in file
/// order but whose dates may repeat or go back: entries are grouped by
/// date first (file order kept within a date).
pub fn check_dates(
    file: FileId,
    source: &SourceFile,
    entries: &[RawEntry],
    found: &mut Vec<Diagnostic>,
) {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries[i].date);
    let runs: Vec<&[usize]> = order
        .chunk_by(|&a, &b| entries[a].date == entries[b].date)
        .collect();
    // Dates are independent: check them in parallel, a slice of dates each.
    let per_task = runs
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1024);
    let dated: Vec<Diagnostic> = runs
        .par_chunks(per_task)
        .flat_map_iter(|runs| {
            let mut found = Vec::new();
            let mut group: Vec<RawEntry> = Vec::new();
            for run in runs {
                group.clear();
                group.extend(run.iter().map(|&i| entries[i].clone()));
                check_date(file, source, &group, &mut found);
            }
            found
        })
        .collect();
    found.extend(dated);
}

/// `out_of_order` and `future_entry`, on a file's day headers.
pub fn check_headers(
    file: FileId,
    days: &[DayHeader],
    today: NaiveDate,
    found: &mut Vec<Diagnostic>,
) {
    let mut latest: Option<NaiveDate> = None;
    for day in days {
        if let Some(latest) = latest
            && day.date < latest
        {
            found.push(
                Diagnostic::new(
                    Code::OutOfOrder,
                    file,
                    day.span,
                    format!("{} comes after {latest} in this file", day.date),
                    "earlier than a previous date",
                )
                .with_help("keep the day blocks of a file in date order (a repeated date is fine)"),
            );
        }
        latest = latest.max(Some(day.date));
        if day.date > today {
            found.push(
                Diagnostic::new(
                    Code::FutureEntry,
                    file,
                    day.span,
                    format!("{} is in the future (today is {today})", day.date),
                    "after today",
                )
                .with_help("check the year; pass --today or set SECL_TODAY if the clock is wrong"),
            );
        }
    }
}

/// `day_over_24h`, reported at the entry that takes the day past 24h.
fn over_24h(place: &impl Written, entries: &[RawEntry], found: &mut Vec<Diagnostic>) {
    let limit = u64::from(MAX_SECONDS);
    let total: u64 = entries.iter().map(|e| u64::from(e.seconds)).sum();
    if total <= limit {
        return;
    }
    let mut sum = 0u64;
    for (i, entry) in entries.iter().enumerate() {
        sum += u64::from(entry.seconds);
        if sum > limit {
            found.push(
                Diagnostic::new(
                    Code::DayOver24h,
                    place.file(i),
                    entry.duration,
                    format!(
                        "{} has {} logged {}, more than 24h",
                        entry.date,
                        hours_minutes(total),
                        place.scope()
                    ),
                    "the day passes 24h here",
                )
                .with_help("check the durations of this day, or move time to the day it was spent"),
            );
            return;
        }
    }
}

/// `12h30m`, `25h`, `45m`.
pub fn hours_minutes(seconds: u64) -> String {
    let minutes = (seconds + 30) / 60;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

/// `overlap`: clock ranges of one date sharing more than an instant. Every
/// range that overlaps one written before it is reported once, at itself,
/// naming such an earlier range; so every overlapping pair shows, and a
/// range that overlaps many is not repeated.
fn overlaps(place: &impl Written, entries: &[RawEntry], found: &mut Vec<Diagnostic>) {
    if entries
        .iter()
        .filter(|e| e.clock.is_some())
        .nth(1)
        .is_none()
    {
        return;
    }
    let mut ranges: Vec<(u16, u16, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.clock.map(|c| (c.start, c.end, i)))
        .collect();
    ranges.sort_unstable();
    let mut report = |later_at: usize, earlier_at: usize| {
        let (earlier, later) = (&entries[earlier_at], &entries[later_at]);
        let mut diagnostic = Diagnostic::new(
            Code::Overlap,
            place.file(later_at),
            later.duration,
            format!(
                "{} overlaps {} on {} ({})",
                place.source(later_at).slice(later.duration),
                place.source(earlier_at).slice(earlier.duration),
                later.date,
                place.line_of(earlier_at, later_at, earlier.line)
            ),
            "overlaps an earlier range",
        )
        .with_help("correct the clock times so the ranges do not overlap");
        if place.file(earlier_at) == place.file(later_at) {
            diagnostic = diagnostic.with_related(earlier.duration, "this range");
        }
        found.push(diagnostic);
    };
    // Sweep by start. The active ranges (started, not yet ended) overlap
    // the next one; they are kept by end, to retire them, and by place in
    // the file, to find the earliest written and the not yet reported.
    let mut ending: BinaryHeap<Reverse<(u16, usize)>> = BinaryHeap::new();
    let mut active: BTreeSet<usize> = BTreeSet::new();
    let mut unreported: BTreeSet<usize> = BTreeSet::new();
    for (start, end, index) in ranges {
        while let Some(&Reverse((ended, gone))) = ending.peek() {
            if ended > start {
                break;
            }
            ending.pop();
            active.remove(&gone);
            unreported.remove(&gone);
        }
        match active.first() {
            Some(&first) if first < index => report(index, first),
            _ => {
                unreported.insert(index);
            }
        }
        // Active ranges written after this one overlap it: each is
        // reported once, here.
        let later: Vec<usize> = unreported.range(index + 1..).copied().collect();
        for range in later {
            report(range, index);
            unreported.remove(&range);
        }
        active.insert(index);
        ending.push(Reverse((end, index)));
    }
}

/// Whether two texts are equal once runs of whitespace count as one space
/// (no allocation).
fn same_folded(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// Runs of whitespace folded to one space.
fn fold_blanks(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Above this many entries on one date, duplicates are found by hashing
/// rather than by comparing every pair.
const PAIRWISE: usize = 32;

/// `duplicate_entry`: a later entry of the same date whose duration, tag
/// and note match as written.
fn duplicates(place: &impl Written, entries: &[RawEntry], found: &mut Vec<Diagnostic>) {
    let text = |i: usize, span: Span| place.source(i).text().get(span.range()).unwrap_or("");
    let same = |a: usize, b: usize| {
        let (x, y) = (&entries[a], &entries[b]);
        x.seconds == y.seconds
            && text(a, x.duration) == text(b, y.duration)
            && same_folded(text(a, x.tag), text(b, y.tag))
            && same_folded(text(a, x.note), text(b, y.note))
    };
    let mut report = |first_at: usize, at: usize| {
        let (first, entry) = (&entries[first_at], &entries[at]);
        let mut diagnostic = Diagnostic::new(
            Code::DuplicateEntry,
            place.file(at),
            entry.tag,
            format!(
                "this entry repeats {} on {}",
                place.line_of(first_at, at, first.line),
                entry.date
            ),
            "same duration, tag and note",
        )
        .with_help("delete the repeat, or add a note that tells the two apart");
        if place.file(first_at) == place.file(at) {
            diagnostic = diagnostic.with_related(first.tag, "first written here");
        }
        found.push(diagnostic);
    };
    if entries.len() <= PAIRWISE {
        for i in 0..entries.len() {
            if let Some(first) = (0..i).find(|&earlier| same(earlier, i)) {
                report(first, i);
            }
        }
        return;
    }
    let mut seen: FxHashMap<(&str, String, String), usize> = FxHashMap::default();
    for (i, entry) in entries.iter().enumerate() {
        let key = (
            text(i, entry.duration),
            fold_blanks(text(i, entry.tag)),
            fold_blanks(text(i, entry.note)),
        );
        match seen.get(&key) {
            Some(&first) => report(first, i),
            None => {
                seen.insert(key, i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Keep, Options, parse_file};

    /// The day checks' findings in `text`: code and line, sorted.
    fn check(text: &str) -> Vec<(&'static str, usize)> {
        let source = SourceFile::from_text("t", text);
        let options = Options {
            today: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
            keep: Keep::Entries,
        };
        let parsed = parse_file(0, &source, options);
        let mut found: Vec<_> = parsed
            .diagnostics
            .into_iter()
            .map(|d| (d.code.as_str(), source.line_col(d.span.start as usize).0))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn clean_days_pass() {
        assert!(check("2024-01-01\n  09:00-10:00  A\n  10:00-11:00  A\n  22h  B\n2024-01-02\n  1h  A\n2024-01-02\n  1h  B\n").is_empty());
    }

    #[test]
    fn more_than_24h_is_reported_once_where_it_crosses() {
        assert_eq!(
            check("2024-01-01\n  20h  A\n  3h  B\n  2h  C\n  1h  D\n"),
            [("secl::day_over_24h", 4)]
        );
        assert!(check("2024-01-01\n  20h  A\n  4h  B\n").is_empty());
        // Per file and date: the same date in two blocks adds up.
        assert_eq!(
            check("2024-01-01\n  20h  A\n2024-01-02\n  1h  A\n2024-01-01\n  5h  B\n").len(),
            2
        );
    }

    #[test]
    fn overlapping_ranges() {
        assert_eq!(
            check("2024-01-01\n  09:00-10:30  A\n  10:00-11:00  B\n"),
            [("secl::overlap", 3)]
        );
        assert_eq!(
            check("2024-01-01\n  10:00-11:00  A\n  09:00-10:30  B\n"),
            [("secl::overlap", 3)]
        );
        assert!(check("2024-01-01\n  09:00-10:00  A\n2024-01-02\n  09:30-10:00  B\n").is_empty());
        assert_eq!(
            check("2024-01-01\n  23:00-01:00  A\n  23:30-23:45  B\n"),
            [("secl::overlap", 3)]
        );
        assert_eq!(
            check("2024-01-01\n  08:00-12:00  A\n  09:00-10:00  B\n  11:00-11:30  C\n").len(),
            2
        );
        // Every overlapping range once, at itself: lines 2 and 3 overlap
        // each other, and line 4 overlaps both (reported once).
        assert_eq!(
            check("2024-01-01\n  10:00-12:00  A\n  11:00-13:00  B\n  09:00-14:00  C\n"),
            [("secl::overlap", 3), ("secl::overlap", 4)]
        );
        // Written before the range it overlaps, in sweep order after it.
        assert_eq!(
            check("2024-01-01\n  11:00-12:00  A\n  09:00-11:30  B\n  11:15-11:20  C\n"),
            [("secl::overlap", 3), ("secl::overlap", 4)]
        );
        // Ranges that only touch do not overlap.
        assert!(check("2024-01-01\n  09:00-10:00  A\n  10:00-11:00  B\n").is_empty());
    }

    #[test]
    fn duplicates_match_as_written_with_blanks_folded() {
        assert_eq!(
            check("2024-01-01\n  1h  Risk  assessment ; a  b\n  1h  Risk assessment  ; a b\n"),
            [("secl::duplicate_entry", 3)]
        );
        assert!(check("2024-01-01\n  1h  Risk assessment\n  60m  Risk assessment\n").is_empty());
        assert!(check("2024-01-01\n  1h  A ; x\n  1h  A ; y\n").is_empty());
    }

    #[test]
    fn dates_out_of_order_and_in_the_future() {
        assert_eq!(
            check("2024-01-05\n2024-01-03\n2024-01-05\n"),
            [("secl::out_of_order", 2)]
        );
        assert_eq!(check("2024-06-02  1h  A\n"), [("secl::future_entry", 1)]);
        assert!(check("2024-06-01  1h  A\n").is_empty());
    }

    #[test]
    fn many_entries_on_one_date_use_the_hashed_path() {
        let mut text = String::from("2024-01-01\n");
        for i in 0..40 {
            text.push_str(&format!("  1m  A  ; n{i}\n"));
        }
        text.push_str("  1m  A  ; n3\n");
        assert_eq!(check(&text), [("secl::duplicate_entry", 42)]);
    }

    #[test]
    fn hours_minutes_format() {
        assert_eq!(hours_minutes(45 * 60), "45m");
        assert_eq!(hours_minutes(25 * 3600), "25h");
        assert_eq!(hours_minutes(25 * 3600 + 1800), "25h30m");
    }
}
