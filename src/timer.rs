//! Running entries (`09:00-?  okr  ; Q2 draft`): the clock, their checks
//! (`secl::second_timer`, `secl::stale_timer`), counting them up to now
//! (`--now`), rounding, and closing one in a file's text.
//!
//! Times are wall-clock times of the entry's day: a range across a
//! daylight-saving change counts the wall-clock difference.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::diag::{Code, Diagnostic};
use crate::journal::{Entry, Journal, Notes, Timer};
use crate::parse::Running;

/// Minutes in a day.
const DAY: i64 = 24 * 60;

/// A running entry older than this on an earlier day is stale.
const STALE_MINUTES: i64 = 12 * 60;

/// `$SECL_NOW`: `YYYY-MM-DDTHH:MM` (a blank instead of `T`, and seconds,
/// which are dropped, are accepted too); the error is a help line.
pub fn parse_now(text: &str) -> Result<NaiveDateTime, String> {
    let text = text.trim();
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .map(to_minute)
    .ok_or_else(|| "write it as YYYY-MM-DDTHH:MM (local time), e.g. 2024-03-14T09:30".into())
}

/// A time with its seconds dropped.
pub fn to_minute(time: NaiveDateTime) -> NaiveDateTime {
    time.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(time)
}

/// When a running entry started.
pub fn started(written: &Running) -> NaiveDateTime {
    at_minute(written.date, i64::from(written.start))
}

/// `date` at `minute` minutes after its midnight (past 1440: a later day).
pub fn at_minute(date: NaiveDate, minute: i64) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + Duration::minutes(minute)
}

/// The seconds a running entry has run by `now`, if it started within the
/// last 24 hours (and not after `now`).
pub fn elapsed(written: &Running, now: NaiveDateTime) -> Option<u32> {
    let seconds = (now - started(written)).num_seconds();
    (seconds > 0 && seconds <= DAY * 60).then_some(seconds as u32)
}

/// `YYYY-MM-DD HH:MM`.
pub fn stamp(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%d %H:%M").to_string()
}

/// `HH:MM` of a minute of the day (past midnight: of the next day).
pub fn clock(minute: i64) -> String {
    let minute = minute.rem_euclid(DAY);
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The timer checks: a second running entry in one log is an error at the
/// later one; one started on an earlier day more than 12 hours ago is stale.
pub fn lint(journal: &mut Journal, now: NaiveDateTime) {
    let today = now.date();
    let mut found = Vec::new();
    for (i, timer) in journal.running.iter().enumerate() {
        let written = &timer.written;
        let since = started(written);
        if let Some(first) = journal.running[..i].iter().find(|t| t.log == timer.log) {
            let name = &journal.sources.get(first.file).name;
            found.push(
                Diagnostic::new(
                    Code::SecondTimer,
                    timer.file,
                    written.duration,
                    format!(
                        "a second timer: one is already running since {} ({name}:{})",
                        stamp(started(&first.written)),
                        first.written.line
                    ),
                    "a second running entry",
                )
                .with_help("one timer runs at a time: write this one's end (`09:00-10:30`), or close the other with `secl stop --at HH:MM`"),
            );
        }
        if written.date < today && (now - since).num_minutes() > STALE_MINUTES {
            found.push(
                Diagnostic::new(
                    Code::StaleTimer,
                    timer.file,
                    written.duration,
                    format!(
                        "running since {}; close it with `secl stop --at HH:MM`",
                        stamp(since)
                    ),
                    "still running",
                )
                .with_help("write its end time in place of `?`, or run `secl stop --at HH:MM` with the time it ended"),
            );
        }
    }
    journal.diagnostics.append(&mut found);
}

/// `--now`: each running entry that started within the last 24 hours
/// counts, on its start day, up to now.
pub fn count(journal: &mut Journal, now: NaiveDateTime) {
    let counted: Vec<(Timer, u32)> = journal
        .running
        .iter()
        .filter_map(|timer| Some((timer.clone(), elapsed(&timer.written, now)?)))
        .collect();
    for (timer, seconds) in counted {
        let written = &timer.written;
        let entry = Entry {
            date: written.date,
            seconds,
            node: timer.node,
        };
        let notes = Notes {
            tag: written.tag_span.start,
            note: written.note,
            day_note: written.day_note,
        };
        journal.push_entry(timer.file, entry, notes);
    }
}

/// `--round`: the units a time may be rounded to, in minutes.
pub const ROUND_UNITS: [u32; 5] = [1, 5, 10, 15, 30];

/// `minute` rounded to the nearest multiple of `unit` minutes (half up).
pub fn round(minute: i64, unit: u32) -> i64 {
    let unit = i64::from(unit.max(1));
    (minute + unit / 2).div_euclid(unit) * unit
}

/// `text` with the running entry `written` closed at `end` (`HH:MM`):
/// `?` and up to four blanks after it (as many as leave two before the tag)
/// become the end, and `note` is appended to the entry's note (or added as
/// `  ; NOTE`). No other byte changes.
pub fn close(text: &str, written: &Running, end: &str, note: &str) -> String {
    let question = written.duration.end as usize - 1;
    let after = &text[question + 1..];
    let blanks = after.bytes().take_while(|&b| b == b' ').count();
    let removed = blanks.saturating_sub(2).min(4);
    let mut out = String::with_capacity(text.len() + end.len() + note.len() + 4);
    out.push_str(&text[..question]);
    out.push_str(end);
    let rest = question + 1 + removed;
    if note.is_empty() {
        out.push_str(&text[rest..]);
        return out;
    }
    // Where the line's text ends (trailing blanks and the line ending stay).
    let line_end = text[rest..]
        .find(['\n', '\r'])
        .map_or(text.len(), |at| rest + at);
    let content_end = rest + text[rest..line_end].trim_end_matches([' ', '\t']).len();
    out.push_str(&text[rest..content_end]);
    if !written.note.is_empty() || text[rest..content_end].ends_with(';') {
        out.push(' ');
    } else {
        out.push_str("  ; ");
    }
    out.push_str(note);
    out.push_str(&text[content_end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn closed(text: &str, end: &str, note: &str) -> String {
        let parsed = parse_str(text);
        close(text, &parsed.running[0], end, note)
    }

    #[test]
    fn close_replaces_the_question_mark_and_the_layouts_blanks() {
        let text = "2024-01-15\n  09:00-?      okr  ; Q2 draft\n  10:00-10:30  A\n";
        assert_eq!(
            closed(text, "10:30", ""),
            "2024-01-15\n  09:00-10:30  okr  ; Q2 draft\n  10:00-10:30  A\n"
        );
        assert_eq!(
            closed(text, "10:30", "done #q2"),
            "2024-01-15\n  09:00-10:30  okr  ; Q2 draft done #q2\n  10:00-10:30  A\n"
        );
        // Written by hand with fewer blanks: two are kept before the tag.
        assert_eq!(
            closed("2024-01-15\n 9:00-?  okr   \n", "10:30", "n"),
            "2024-01-15\n 9:00-10:30  okr  ; n   \n"
        );
        assert_eq!(
            closed("2024-01-15\r\n 9:00-? okr ;\r\n", "10:30", "n"),
            "2024-01-15\r\n 9:00-10:30 okr ; n\r\n"
        );
        // A one-line entry after the date.
        assert_eq!(
            closed("2024-01-15  23:00-?  okr\n", "01:00", ""),
            "2024-01-15  23:00-01:00  okr\n"
        );
    }

    #[test]
    fn running_entries_parse_apart_from_entries() {
        let parsed = parse_str("2024-03-14  9:05-?  A  ; n\n  1h  B\n  10:00-?  C\n");
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.entries.len(), 1);
        let starts: Vec<(u16, u32, &str)> = parsed
            .running
            .iter()
            .map(|r| (r.start, r.line, r.tag.as_str()))
            .collect();
        assert_eq!(starts, [(545, 1, "A"), (600, 3, "C")]);
        // Not a time of day, or not a clock: bad durations.
        for bad in ["24:00-?", "9:60-?", "9-?", "-?", "09:00-??", "9h-?"] {
            let parsed = parse_str(&format!("2024-03-14\n  {bad}  A\n"));
            assert_eq!(
                parsed
                    .diagnostics
                    .iter()
                    .map(|d| d.code.as_str())
                    .collect::<Vec<_>>(),
                ["secl::bad_duration"],
                "{bad}"
            );
            assert!(parsed.running.is_empty());
        }
        // In column 1 it is an entry that is not indented.
        let parsed = parse_str("2024-03-14\n09:00-?  A\n");
        assert!(parsed.diagnostics[0].message.contains("is not indented"));
    }

    #[test]
    fn the_clock_and_rounding() {
        assert_eq!(
            parse_now("2024-03-14T09:30:59").unwrap().to_string(),
            "2024-03-14 09:30:00"
        );
        assert!(parse_now("09:30").is_err());
        assert_eq!(round(9 * 60 + 7, 15), 9 * 60);
        assert_eq!(round(9 * 60 + 8, 15), 9 * 60 + 15);
        assert_eq!(round(9 * 60 + 7, 5), 9 * 60 + 5);
        assert_eq!(round(9 * 60 + 7, 30), 9 * 60);
        assert_eq!(round(9 * 60 + 15, 30), 9 * 60 + 30);
        assert_eq!(clock(25 * 60 + 5), "01:05");
    }

    #[test]
    fn elapsed_within_a_day() {
        let written = parse_str("2024-03-14\n  23:00-?  A\n").running[0].clone();
        let now = parse_now("2024-03-15T00:30").unwrap();
        assert_eq!(elapsed(&written, now), Some(90 * 60));
        assert_eq!(
            elapsed(&written, parse_now("2024-03-16T00:30").unwrap()),
            None
        );
        assert_eq!(
            elapsed(&written, parse_now("2024-03-14T22:00").unwrap()),
            None
        );
    }
}
