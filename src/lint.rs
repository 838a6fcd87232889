//! Day checks (SPEC §8), per file and date, since a file is one person's
//! log: more than 24h in a day, overlapping clock ranges, duplicated
//! entries, dates out of order and dates in the future.
//!
//! They read the parsed file only: no taxonomy, no resolution.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic};
use crate::parse::duration::MAX_SECONDS;
use crate::parse::{ParsedFile, RawEntry};
use crate::source::{FileId, SourceFile};

/// Runs every day check over one file.
pub fn day_checks(
    file: FileId,
    source: &SourceFile,
    parsed: &ParsedFile,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    dates(file, parsed, today, &mut found);
    over_24h(file, parsed, &mut found);
    overlaps(file, source, parsed, &mut found);
    duplicates(file, source, parsed, &mut found);
    found
}

/// `out_of_order` and `future_entry`, on day headers.
fn dates(file: FileId, parsed: &ParsedFile, today: NaiveDate, found: &mut Vec<Diagnostic>) {
    let mut latest: Option<NaiveDate> = None;
    for day in &parsed.days {
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
fn over_24h(file: FileId, parsed: &ParsedFile, found: &mut Vec<Diagnostic>) {
    let mut totals: HashMap<NaiveDate, u64> = HashMap::new();
    for entry in &parsed.entries {
        *totals.entry(entry.date).or_default() += u64::from(entry.seconds);
    }
    let mut running: HashMap<NaiveDate, u64> = HashMap::new();
    for entry in &parsed.entries {
        let total = totals[&entry.date];
        if total <= u64::from(MAX_SECONDS) {
            continue;
        }
        let sum = running.entry(entry.date).or_default();
        let before = *sum;
        *sum += u64::from(entry.seconds);
        if before <= u64::from(MAX_SECONDS) && *sum > u64::from(MAX_SECONDS) {
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

/// `overlap`: clock ranges of one date sharing more than an instant,
/// reported at the later of the two lines.
fn overlaps(file: FileId, source: &SourceFile, parsed: &ParsedFile, found: &mut Vec<Diagnostic>) {
    let mut ranges: Vec<(NaiveDate, u16, u16, usize)> = parsed
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.clock.map(|c| (e.date, c.start, c.end, i)))
        .collect();
    ranges.sort_unstable();
    // Sweep each date's ranges by start, keeping the one reaching furthest.
    let mut reach: Option<(NaiveDate, u16, usize)> = None;
    for &(date, start, end, index) in &ranges {
        match reach {
            Some((reach_date, reach_end, other)) if reach_date == date && start < reach_end => {
                let (earlier, later) = if other < index {
                    (other, index)
                } else {
                    (index, other)
                };
                let (earlier, later) = (&parsed.entries[earlier], &parsed.entries[later]);
                found.push(
                    Diagnostic::new(
                        Code::Overlap,
                        file,
                        later.duration,
                        format!(
                            "{} overlaps {} on {date} (line {})",
                            source.slice(later.duration),
                            source.slice(earlier.duration),
                            earlier.line
                        ),
                        "overlaps an earlier range",
                    )
                    .with_related(earlier.duration, "this range")
                    .with_help("correct the clock times so the ranges do not overlap"),
                );
                if end > reach_end {
                    reach = Some((date, end, index));
                }
            }
            _ => reach = Some((date, end, index)),
        }
    }
}

/// Runs of whitespace folded to one space.
fn fold_blanks(text: &str) -> Cow<'_, str> {
    if text.contains(|c: char| c.is_whitespace() && c != ' ') || text.contains("  ") {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(text)
    }
}

/// What makes two entries duplicates: date, duration as written, and tag
/// and note as written with blanks folded.
type DuplicateKey<'a> = (NaiveDate, &'a str, Cow<'a, str>, Cow<'a, str>);

/// `duplicate_entry`: a later entry of the same date whose duration, tag
/// and note match as written.
fn duplicates(file: FileId, source: &SourceFile, parsed: &ParsedFile, found: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<DuplicateKey, &RawEntry> = HashMap::new();
    for entry in &parsed.entries {
        let key = (
            entry.date,
            source.slice(entry.duration),
            fold_blanks(source.slice(entry.tag)),
            fold_blanks(source.slice(entry.note)),
        );
        match seen.get(&key) {
            Some(first) => found.push(
                Diagnostic::new(
                    Code::DuplicateEntry,
                    file,
                    entry.tag,
                    format!("this entry repeats line {} on {}", first.line, entry.date),
                    "same duration, tag and note",
                )
                .with_related(first.tag, "first written here")
                .with_help("delete the repeat, or add a note that tells the two apart"),
            ),
            None => {
                seen.insert(key, entry);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_file;

    fn check(text: &str) -> Vec<(&'static str, usize)> {
        let source = SourceFile::from_text("t", text);
        let parsed = parse_file(0, &source);
        let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        let mut found: Vec<_> = day_checks(0, &source, &parsed, today)
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
    fn hours_minutes_format() {
        assert_eq!(hours_minutes(45 * 60), "45m");
        assert_eq!(hours_minutes(25 * 3600), "25h");
        assert_eq!(hours_minutes(25 * 3600 + 1800), "25h30m");
    }
}
