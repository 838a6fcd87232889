//! Day checks (SPEC §8), per file and date, since a file is one person's
//! log: more than 24h in a day, overlapping clock ranges, duplicated
//! entries, dates out of order and dates in the future.
//!
//! They read the parsed file only: no taxonomy, no resolution.

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
    over_24h(file, entries, found);
    overlaps(file, source, entries, found);
    duplicates(file, source, entries, found);
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
fn over_24h(file: FileId, entries: &[RawEntry], found: &mut Vec<Diagnostic>) {
    let limit = u64::from(MAX_SECONDS);
    let total: u64 = entries.iter().map(|e| u64::from(e.seconds)).sum();
    if total <= limit {
        return;
    }
    let mut sum = 0u64;
    for entry in entries {
        sum += u64::from(entry.seconds);
        if sum > limit {
            found.push(
                Diagnostic::new(
                    Code::DayOver24h,
                    file,
                    entry.duration,
                    format!(
                        "{} has {} logged in this file, more than 24h",
                        entry.date,
                        hours_minutes(total)
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
fn overlaps(file: FileId, source: &SourceFile, entries: &[RawEntry], found: &mut Vec<Diagnostic>) {
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
    let mut report = |later: usize, earlier: usize| {
        let (earlier, later) = (&entries[earlier], &entries[later]);
        found.push(
            Diagnostic::new(
                Code::Overlap,
                file,
                later.duration,
                format!(
                    "{} overlaps {} on {} (line {})",
                    source.slice(later.duration),
                    source.slice(earlier.duration),
                    later.date,
                    earlier.line
                ),
                "overlaps an earlier range",
            )
            .with_related(earlier.duration, "this range")
            .with_help("correct the clock times so the ranges do not overlap"),
        );
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
fn duplicates(
    file: FileId,
    source: &SourceFile,
    entries: &[RawEntry],
    found: &mut Vec<Diagnostic>,
) {
    let all = source.text();
    let text = |span: Span| all.get(span.range()).unwrap_or("");
    let bytes = |span: Span| all.as_bytes().get(span.range()).unwrap_or(&[]);
    let same = |a: &RawEntry, b: &RawEntry| {
        a.seconds == b.seconds
            && bytes(a.duration) == bytes(b.duration)
            && same_folded(text(a.tag), text(b.tag))
            && same_folded(text(a.note), text(b.note))
    };
    let mut report = |first: &RawEntry, entry: &RawEntry| {
        found.push(
            Diagnostic::new(
                Code::DuplicateEntry,
                file,
                entry.tag,
                format!("this entry repeats line {} on {}", first.line, entry.date),
                "same duration, tag and note",
            )
            .with_related(first.tag, "first written here")
            .with_help("delete the repeat, or add a note that tells the two apart"),
        );
    };
    if entries.len() <= PAIRWISE {
        for (i, entry) in entries.iter().enumerate() {
            if let Some(first) = entries[..i].iter().find(|earlier| same(earlier, entry)) {
                report(first, entry);
            }
        }
        return;
    }
    let mut seen: FxHashMap<(&str, String, String), &RawEntry> = FxHashMap::default();
    for entry in entries {
        let key = (
            text(entry.duration),
            fold_blanks(text(entry.tag)),
            fold_blanks(text(entry.note)),
        );
        match seen.get(&key) {
            Some(first) => report(first, entry),
            None => {
                seen.insert(key, entry);
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
