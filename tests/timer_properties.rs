//! Properties of timers and of `add`'s layout: closing a running entry
//! changes only its end; a start/stop sequence totals what the clock says;
//! an entry added to a formatted block keeps it formatted and changes no
//! other line.

mod common;

use chrono::NaiveDate;
use proptest::prelude::*;
use secl::edit::insert_laid_out;
use secl::parse::parse_str;
use secl::source::SourceFile;
use secl::timer::close;

fn formatted(text: &str) -> String {
    secl::fmt::format(0, &SourceFile::from_text("t.sec", text)).expect("formats")
}

/// A duration as written: a length or a clock range.
fn duration() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..600).prop_map(|m| format!("{m}m")),
        (1u32..9, 1u32..60).prop_map(|(h, m)| format!("{h}h{m}m")),
        (1u32..9).prop_map(|h| format!("{h}h")),
        (0u32..1380, 1u32..60).prop_map(|(s, l)| {
            let e = s + l;
            format!("{:02}:{:02}-{:02}:{:02}", s / 60, s % 60, e / 60, e % 60)
        }),
    ]
}

/// Entry lines `DURATION TAG [; NOTE]`, written loosely.
fn entries() -> impl Strategy<Value = Vec<(String, String, Option<String>)>> {
    prop::collection::vec(
        (
            duration(),
            prop::sample::select(vec!["Strategy", "Culture", "Risk assessment", "okr"]),
            prop::option::of("[a-z #]{1,12}"),
        )
            .prop_map(|(d, t, n)| (d, t.to_string(), n.map(|n| n.trim().to_string()))),
        0..6,
    )
}

fn block(entries: &[(String, String, Option<String>)], running: Option<&str>) -> String {
    let mut text = String::from("2024-03-14\n");
    for (duration, tag, note) in entries {
        text.push_str(&format!(" {duration} {tag}"));
        if let Some(note) = note.as_ref().filter(|n| !n.is_empty()) {
            text.push_str(&format!(" ; {note}"));
        }
        text.push('\n');
    }
    if let Some(start) = running {
        text.push_str(&format!(" {start} okr ; running\n"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn closing_changes_only_the_end(
        entries in entries(),
        start in 0u32..1440,
        end in 0u32..1440,
        note in prop::option::of("[a-z]{1,8}"),
        laid_out in any::<bool>(),
    ) {
        // `stop` refuses an end equal to the start (no time was spent).
        prop_assume!(start != end);
        let start_text = format!("{:02}:{:02}-?", start / 60, start % 60);
        let mut text = block(&entries, Some(&start_text));
        if laid_out {
            text = formatted(&text);
        }
        let running = parse_str(&text).running.remove(0);
        let end_text = format!("{:02}:{:02}", end / 60, end % 60);
        let note = note.unwrap_or_default();
        let closed = close(&text, &running, &end_text, &note);
        let (before, after): (Vec<&str>, Vec<&str>) = (text.lines().collect(), closed.lines().collect());
        prop_assert_eq!(before.len(), after.len());
        let line = running.line as usize - 1;
        for (i, (a, b)) in before.iter().zip(&after).enumerate() {
            if i != line {
                prop_assert_eq!(a, b);
            }
        }
        // On its line: the start kept, `?` become the end, the rest as it was.
        let old = before[line];
        let new = after[line];
        let at = old.find('?').unwrap();
        prop_assert_eq!(&new[..at], &old[..at]);
        prop_assert_eq!(&new[at..at + 5], end_text.as_str());
        let tail = old[at + 1..].trim_start_matches(' ');
        let new_tail = new[at + 5..].trim_start_matches(' ');
        if note.is_empty() {
            prop_assert_eq!(new_tail, tail);
        } else {
            prop_assert_eq!(new_tail, format!("{tail} {note}"));
        }
        // A block in fmt's layout stays in it.
        if laid_out {
            prop_assert_eq!(formatted(&closed), closed);
        }
    }

    #[test]
    fn add_into_a_formatted_block_keeps_it_formatted(
        entries in entries(),
        new in duration(),
        note in "[a-z]{0,8}",
        running in prop::option::of(0u32..1440),
    ) {
        let start = running.map(|s| format!("{:02}:{:02}-?", s / 60, s % 60));
        let text = formatted(&format!("taxonomy sec\n\n{}", block(&entries, start.as_deref())));
        let date = NaiveDate::from_ymd_opt(2024, 3, 14).unwrap();
        let inserted = insert_laid_out(&text, date, &new, "Culture", &note);
        let mut lines: Vec<&str> = inserted.text.lines().collect();
        let added = lines.remove(inserted.line - 1);
        prop_assert!(added.trim_start().starts_with(&new));
        prop_assert_eq!(lines, text.lines().collect::<Vec<_>>());
        if !inserted.breaks_layout {
            prop_assert_eq!(formatted(&inserted.text), inserted.text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Starts (each stopping the one before) and stops at increasing
    /// minutes of a day: the journal's total is the time the clock ran.
    #[test]
    fn a_start_stop_sequence_totals_what_the_clock_says(
        steps in prop::collection::vec((1u32..120, any::<bool>()), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("j.sec"), "taxonomy sec\n").unwrap();
        let mut minute = 8 * 60;
        let mut running_since: Option<u32> = None;
        let mut expected = 0u32;
        let now = |m: u32| format!("2024-03-14T{:02}:{:02}", m / 60, m % 60);
        let run = |m: u32, args: &[&str]| {
            let status = common::secl(dir.path())
                .env("SECL_NOW", now(m))
                .args(["-f", "j.sec"])
                .args(args)
                .output()
                .unwrap();
            assert!(status.status.success(), "{args:?}: {}", String::from_utf8_lossy(&status.stderr));
        };
        for (gap, start) in steps {
            minute += gap;
            if let Some(since) = running_since.take() {
                expected += minute - since;
            }
            if start {
                run(minute, &["start", "Culture"]);
                running_since = Some(minute);
            } else {
                // A short one, started and stopped.
                run(minute, &["start", "Strategy"]);
                minute += 1;
                run(minute, &["stop"]);
                expected += 1;
            }
        }
        if let Some(since) = running_since {
            minute += 7;
            run(minute, &["stop"]);
            expected += minute - since;
        }
        let output = common::secl(dir.path())
            .env("SECL_NOW", now(minute))
            .args(["-f", "j.sec", "balance", "-o", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        prop_assert_eq!(json["total"]["total"].as_u64(), Some(u64::from(expected) * 60));
    }
}
