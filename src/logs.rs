//! The day checks across one log (grammar.md "Day checks"): a top-level
//! input and every file it includes are one person's log, so a day over
//! 24h, overlapping ranges and repeated entries count across its files.
//!
//! Each file was checked on its own as it was parsed. The dates that two or
//! more of a log's files share are checked again here, across them: their
//! entries are read again as written, the files' own findings on those
//! dates are dropped, and the checks run over the entries of all the files
//! in load order. A log whose files share no date costs one pass over its
//! entries' dates.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diag::{Code, Diagnostic};
use crate::lint;
use crate::load::LoadedFile;
use crate::parse::{Options, RawEntry, raw_entries};
use crate::source::{FileId, SourceFile, Sources};

/// Checks the dates the files of one log share, across them.
pub fn check_log(files: &mut [LoadedFile], sources: &Sources, options: Options) {
    if files.len() < 2 {
        return;
    }
    let shared = shared_dates(files);
    if shared.is_empty() {
        return;
    }
    let mut group: Vec<(RawEntry, usize)> = Vec::new();
    for (k, file) in files.iter_mut().enumerate() {
        if !file.parsed.entries.iter().any(|e| shared.contains(&e.date)) {
            continue;
        }
        let raw = raw_entries(file.id, sources.get(file.id), options);
        let mut spans = FxHashSet::default();
        for entry in raw.into_iter().filter(|e| shared.contains(&e.date)) {
            spans.insert(entry.duration.start);
            spans.insert(entry.tag.start);
            group.push((entry, k));
        }
        // What the file alone found on these dates is found again below.
        file.parsed
            .diagnostics
            .retain(|d| !(is_day_check(d.code) && spans.contains(&d.span.start)));
    }
    // By date, load order kept within a date.
    group.sort_by_key(|(entry, _)| entry.date);
    let mut found: Vec<Diagnostic> = Vec::new();
    for run in group.chunk_by(|a, b| a.0.date == b.0.date) {
        let entries: Vec<RawEntry> = run.iter().map(|(entry, _)| entry.clone()).collect();
        let places: Vec<(FileId, &SourceFile)> = run
            .iter()
            .map(|&(_, k)| (files[k].id, sources.get(files[k].id)))
            .collect();
        lint::check_across(&entries, &places, &mut found);
    }
    let index: FxHashMap<FileId, usize> =
        files.iter().enumerate().map(|(k, f)| (f.id, k)).collect();
    for diagnostic in found {
        if let Some(&k) = index.get(&diagnostic.file) {
            files[k].parsed.diagnostics.push(diagnostic);
        }
    }
}

/// The checks that count across a log.
fn is_day_check(code: Code) -> bool {
    matches!(
        code,
        Code::DayOver24h | Code::Overlap | Code::DuplicateEntry
    )
}

/// The dates held by more than one of the files.
fn shared_dates(files: &[LoadedFile]) -> FxHashSet<NaiveDate> {
    let mut first: FxHashMap<NaiveDate, usize> = FxHashMap::default();
    let mut shared = FxHashSet::default();
    for (k, file) in files.iter().enumerate() {
        let mut dates: Vec<NaiveDate> = Vec::new();
        for entry in &file.parsed.entries {
            if dates.last() != Some(&entry.date) {
                dates.push(entry.date);
            }
        }
        dates.sort_unstable();
        dates.dedup();
        for date in dates {
            if *first.entry(date).or_insert(k) != k {
                shared.insert(date);
            }
        }
    }
    shared
}
