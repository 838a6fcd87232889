//! `secl import`: calendar exports (Google, Outlook, Apple) as entries, by
//! rules; checked against Python's `recurring-ical-events`; importing twice
//! adds nothing; bad rules and bad files are reported at their lines and
//! write nothing; hostile calendars stay bounded.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::lcg::Lcg;
use common::{secl, tests_dir};
use proptest::prelude::*;

const JOURNAL: &str =
    "taxonomy sec\nalias mentoring = Technical mentorship\n\n2024-03-01\n  1h  Strategy\n";

const RULES: &str = "\
; how calendar events become entries
skip     (?i)lunch|focus time
match    \"(?i)weekly eng sync\"   mentoring
match    (?i)release|incident    Execution:Product & Engineering Delivery
match    (?i)\\bboard\\b|investor   Board communications
me       cto@example.com
";

fn fixture(name: &str) -> PathBuf {
    tests_dir().join("fixtures/import").join(name)
}

/// A journal and rules file in a fresh directory.
fn setup(rules: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("journal.sec"), JOURNAL).unwrap();
    if let Some(rules) = rules {
        fs::write(dir.path().join("secl.rules"), rules).unwrap();
    }
    dir
}

/// `secl import ARGS` in `dir` at `now` in Berlin.
fn import(dir: &Path, now: &str, args: &[&str]) -> (i32, String, String) {
    import_in(dir, now, "Europe/Berlin", args)
}

fn import_in(dir: &Path, now: &str, tz: &str, args: &[&str]) -> (i32, String, String) {
    let output = secl(dir)
        .env("TZ", tz)
        .env("SECL_NOW", now)
        .arg("import")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn journal_text(dir: &Path) -> String {
    fs::read_to_string(dir.join("journal.sec")).unwrap()
}

#[test]
fn a_google_export_becomes_entries_by_the_rules() {
    let dir = setup(Some(RULES));
    let google = fixture("google.ics");
    let (code, stdout, stderr) =
        import(dir.path(), "2024-04-10T12:00", &[google.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        journal_text(dir.path()),
        "taxonomy sec\nalias mentoring = Technical mentorship\n\n2024-03-01\n  1h  Strategy\n\
         2024-03-05\n  10:00-11:00  mentoring  ; Weekly eng sync\n\n\
         2024-03-07\n  23:00-01:00  Execution:Product & Engineering Delivery  ; Release night: v2.0 go/no-go with the whole team and the on-call rotation\n\n\
         2024-03-12\n  10:00-11:00  mentoring  ; Weekly eng sync\n\n\
         2024-03-26\n  14:00-15:00  mentoring  ; Weekly eng sync (moved)\n\n\
         2024-04-02\n  10:00-11:00  mentoring  ; Weekly eng sync\n\n\
         2024-04-09\n  10:00-11:00  mentoring  ; Weekly eng sync\n"
            .replace("Strategy\n2024-03-05", "Strategy\n\n2024-03-05")
    );
    // Every skip reason is counted; the unmatched summaries are listed.
    assert!(
        stderr.starts_with("imported 6 entries (7.00h) into `journal.sec`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "skipped 6 instances: 1 by skip rules, 1 unmatched, 1 all-day, 1 cancelled, \
             1 transparent (free), 1 declined\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("     1  1:1 with Dana\n"), "{stderr}");
    // The journal checks clean, and the time is where the report says.
    let (code, _, stderr) = common::run(dir.path(), &["--today", "2024-04-10", "check"]);
    assert_eq!(code, 0, "{stderr}");

    // Again: nothing new.
    let before = journal_text(dir.path());
    let (code, _, stderr) = import(dir.path(), "2024-04-10T12:00", &[google.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(journal_text(dir.path()), before);
    assert!(stderr.starts_with("imported 0 entries (0.00h)"), "{stderr}");
    assert!(stderr.contains("6 already imported"), "{stderr}");
}

#[test]
fn meetings_that_have_not_ended_wait_for_the_next_import() {
    let dir = setup(Some("default Execution\n"));
    let google = fixture("google.ics");
    // 10:30 on a Tuesday: the 10:00 sync is still on.
    let (code, stdout, stderr) = import(
        dir.path(),
        "2024-04-09T10:30",
        &[google.to_str().unwrap(), "--dry-run", "-p", "2024-04-09"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("skipped 1 instance: 1 not yet ended"),
        "{stderr}"
    );
    let (_, stdout, _) = import(
        dir.path(),
        "2024-04-09T11:00",
        &[google.to_str().unwrap(), "--dry-run", "-p", "2024-04-09"],
    );
    assert_eq!(
        stdout,
        "2024-04-09\n  10:00-11:00  Execution  ; Weekly eng sync\n"
    );
    // A dry run writes nothing.
    assert_eq!(journal_text(dir.path()), JOURNAL);
}

#[test]
fn outlook_windows_zones_and_a_moved_instance() {
    let dir = setup(Some("default Execution\n"));
    let (code, stdout, stderr) = import(
        dir.path(),
        "2024-04-10T12:00",
        &[fixture("outlook.ics").to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "2024-03-18\n  09:00-09:30  Execution  ; Leadership standup\n\
         2024-03-20\n  09:00-09:30  Execution  ; Leadership standup\n  16:00-17:00  Execution  ; Board deck review\n\
         2024-03-25\n  09:00-09:30  Execution  ; Leadership standup\n\
         2024-04-01\n  09:00-09:30  Execution  ; Leadership standup\n\
         2024-04-03\n  11:30-12:00  Execution  ; Leadership standup\n\
         2024-04-05\n  23:30-00:30  Execution  ; Incident review\n\
         2024-04-08\n  09:00-09:30  Execution  ; Leadership standup\n\
         2024-04-10\n  09:00-09:30  Execution  ; Leadership standup\n"
    );
    assert!(stderr.contains("1 24h or longer"), "{stderr}");
}

#[test]
fn apple_rdate_exdate_and_utc_times_in_another_local_zone() {
    let dir = setup(Some("default Execution\n"));
    let (code, stdout, stderr) = import_in(
        dir.path(),
        "2024-04-10T12:00",
        "America/Los_Angeles",
        &[fixture("apple.ics").to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "2024-03-04\n  06:00-06:30  Execution  ; Architecture review\n\
         2024-03-07\n  13:00-13:30  Execution  ; Architecture review\n\
         2024-03-12\n  06:00-07:00  Execution  ; Architecture review\n\
         2024-03-20\n  07:00-08:00  Execution  ; Investor call\n\
         2024-03-25\n  06:00-06:30  Execution  ; Architecture review\n\
         2024-03-26\n  06:00-07:00  Execution  ; Hiring sync\n"
    );
    assert!(stderr.contains("1 zero-length"), "{stderr}");
}

/// The reference's instances of `ics` over 2024 at `now`, in zone `tz`.
fn reference(ics: &Path, tz: &str, now: &str) -> String {
    let output = Command::new("python3")
        .arg(tests_dir().join("import_reference.py"))
        .args([ics.to_str().unwrap(), "2023-01-01", "2025-12-31", now])
        .env("TZ", tz)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "the reference failed (install it with `pip install recurring-ical-events`; .ci/run does): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// secl's instances of `ics` in the reference's format.
fn ours(ics: &Path, tz: &str, now: &str) -> String {
    let dir = setup(Some("default Execution\n"));
    let (code, stdout, stderr) = import_in(
        dir.path(),
        now,
        tz,
        &[
            ics.to_str().unwrap(),
            "--dry-run",
            "-p",
            "2023-01-01..2025-12-31",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let mut lines = Vec::new();
    let mut date = "";
    for line in stdout.lines() {
        match line.strip_prefix("  ") {
            None => date = line,
            Some(entry) => {
                let (range, rest) = entry.split_once("  Execution").unwrap();
                let summary = rest.strip_prefix("  ; ").unwrap_or("");
                lines.push(format!("{date} {range} {summary}"));
            }
        }
    }
    lines.sort();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The same instances, or the ones only one side has.
fn assert_same(ours: &str, expected: &str, what: &str) {
    let only = |a: &str, b: &str| -> Vec<String> {
        let b: std::collections::HashSet<&str> = b.lines().collect();
        a.lines()
            .filter(|l| !b.contains(l))
            .take(20)
            .map(String::from)
            .collect()
    };
    assert!(
        ours == expected,
        "{what}: only secl has {:#?}\nonly the reference has {:#?}",
        only(ours, expected),
        only(expected, ours)
    );
}

#[test]
fn the_fixtures_expand_as_recurring_ical_events_does() {
    for name in ["google.ics", "outlook.ics", "apple.ics"] {
        for tz in ["Europe/Berlin", "America/New_York", "Asia/Kolkata"] {
            let now = "2024-04-10T12:00";
            let expected = reference(&fixture(name), tz, now);
            assert!(!expected.is_empty());
            assert_same(
                &ours(&fixture(name), tz, now),
                &expected,
                &format!("{name} in {tz}"),
            );
        }
    }
}

/// A calendar of generated recurring events in several zones: every
/// frequency, interval, BYDAY, COUNT/UNTIL and EXDATE form exports use.
fn generated_calendar(seed: u64) -> String {
    let mut rng = Lcg(seed);
    let zones = [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "UTC",
    ];
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//secl tests//EN\r\n");
    for i in 0..40 {
        let zone = zones[rng.below(zones.len() as u64) as usize];
        let day = 1 + rng.below(27);
        let month = 1 + rng.below(6);
        let hour = 6 + rng.below(14);
        let minute = [0, 15, 30, 45][rng.below(4) as usize];
        let length = [15, 30, 45, 60, 90, 120][rng.below(6) as usize];
        let start = format!("2024{month:02}{day:02}T{hour:02}{minute:02}00");
        let end_minutes = hour * 60 + minute + length;
        let end = format!(
            "2024{month:02}{day:02}T{:02}{:02}00",
            end_minutes / 60,
            end_minutes % 60
        );
        let (start_prop, end_prop) = if zone == "UTC" {
            (format!("DTSTART:{start}Z"), format!("DTEND:{end}Z"))
        } else {
            (
                format!("DTSTART;TZID={zone}:{start}"),
                format!("DTEND;TZID={zone}:{end}"),
            )
        };
        if end_minutes >= 24 * 60 {
            continue;
        }
        let freq = ["DAILY", "WEEKLY", "WEEKLY", "MONTHLY"][rng.below(4) as usize];
        let mut rule = format!("RRULE:FREQ={freq};INTERVAL={}", 1 + rng.below(3));
        if freq == "WEEKLY" && rng.below(2) == 0 {
            rule.push_str(";BYDAY=MO,WE,FR");
        }
        if freq == "MONTHLY" && rng.below(2) == 0 {
            rule.push_str(";BYDAY=2TU");
        }
        match rng.below(3) {
            0 => rule.push_str(&format!(";COUNT={}", 2 + rng.below(20))),
            1 => rule.push_str(&format!(";UNTIL=2024{:02}28T235959Z", (month + 2).min(12))),
            _ => {}
        }
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:gen-{i}@secl\r\nDTSTAMP:20240101T000000Z\r\n{start_prop}\r\n{end_prop}\r\n{rule}\r\nSUMMARY:Event {i}\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

#[test]
fn generated_recurrences_expand_as_recurring_ical_events_does() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 2, 3] {
        let path = dir.path().join(format!("gen{seed}.ics"));
        fs::write(&path, generated_calendar(seed)).unwrap();
        for tz in ["Europe/Berlin", "America/Los_Angeles"] {
            let now = "2024-09-30T23:00";
            let expected = reference(&path, tz, now);
            assert!(expected.lines().count() > 100, "{expected}");
            assert_same(
                &ours(&path, tz, now),
                &expected,
                &format!("seed {seed} in {tz}"),
            );
        }
    }
}

#[test]
fn every_problem_of_the_rules_file_at_its_line_and_nothing_imported() {
    let rules = "\
skip  (?i)lunch
match (unclosed   Execution
match (?i)board   Board comunications
mach  (?i)1:1     Technical mentorship
default Execution
default Strategy
match \"no end   Execution
";
    let dir = setup(Some(rules));
    let (code, stdout, stderr) = import(
        dir.path(),
        "2024-04-10T12:00",
        &[fixture("google.ics").to_str().unwrap()],
    );
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    assert_eq!(journal_text(dir.path()), JOURNAL);
    for expected in [
        "secl::rules_syntax",
        "invalid regex",
        "secl.rules:2:7",
        "secl::unknown_tag",
        "secl.rules:3:19",
        "did you mean `Strategy:Stakeholder Management:Board communications`?",
        "unknown rule keyword `mach`",
        "did you mean `match`?",
        "secl.rules:4:1",
        "a second `default`",
        "secl.rules:6:1",
        "unterminated quoted regex",
        "5 errors in `secl.rules`; nothing was imported",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

#[test]
fn a_broken_calendar_is_reported_at_its_line() {
    let dir = setup(Some("default Execution\n"));
    let broken = fs::read_to_string(fixture("google.ics")).unwrap().replacen(
        "END:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART:20240307",
        "END:VTODO\r\nBEGIN:VEVENT\r\nDTSTART:20240307",
        1,
    );
    let line = broken.lines().position(|l| l == "END:VTODO").unwrap() + 1;
    let path = dir.path().join("broken.ics");
    fs::write(&path, &broken).unwrap();
    let (code, _, stderr) = import(dir.path(), "2024-04-10T12:00", &[path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("secl::ics_syntax"), "{stderr}");
    assert!(
        stderr.contains(&format!("broken.ics (line {line})")),
        "{stderr}"
    );
    assert!(
        stderr.contains("`END:VTODO` closes `BEGIN:VEVENT`"),
        "{stderr}"
    );
    assert_eq!(journal_text(dir.path()), JOURNAL);

    // Not a calendar at all; an unreadable one is an I/O error.
    fs::write(&path, "hello\n").unwrap();
    let (code, _, stderr) = import(dir.path(), "2024-04-10T12:00", &[path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("secl::ics_syntax"), "{stderr}");
    let (code, _, stderr) = import(dir.path(), "2024-04-10T12:00", &["missing.ics"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot read `missing.ics`"), "{stderr}");
}

/// An event in `summary` from `start` to `end` (UTC, `YYYYMMDDTHHMMSS`).
fn event(uid: &str, start: &str, end: &str, summary: &str) -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:{start}Z\r\nDTEND:{end}Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"
    )
}

fn calendar(events: &[String]) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//secl tests//EN\r\n{}END:VCALENDAR\r\n",
        events.concat()
    )
}

#[test]
fn an_import_that_would_put_a_day_over_24h_writes_nothing() {
    let dir = setup(Some("default Execution\n"));
    fs::write(
        dir.path().join("journal.sec"),
        "taxonomy sec\n\n2024-03-04\n  20h  Strategy\n",
    )
    .unwrap();
    let path = dir.path().join("c.ics");
    fs::write(
        &path,
        calendar(&[
            event("a", "20240304T080000", "20240304T110000", "Planning"),
            event("b", "20240304T120000", "20240304T140000", "Review"),
        ]),
    )
    .unwrap();
    let (code, _, stderr) = import_in(
        dir.path(),
        "2024-04-10T12:00",
        "UTC",
        &[path.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("secl::day_over_24h"), "{stderr}");
    assert!(
        stderr.contains("nothing was imported into `journal.sec`"),
        "{stderr}"
    );
    assert_eq!(
        journal_text(dir.path()),
        "taxonomy sec\n\n2024-03-04\n  20h  Strategy\n"
    );
}

#[test]
fn calendar_text_never_writes_a_line_of_its_own() {
    let dir = setup(Some("default Execution\n"));
    let path = dir.path().join("c.ics");
    // An escaped line break, a raw control character, a folded line.
    let summary = "Sync\\n2024-03-05\\n  24h  Strategy\u{7}\r\n  and more";
    fs::write(
        &path,
        calendar(&[event("a", "20240304T080000", "20240304T090000", summary)]),
    )
    .unwrap();
    let (code, _, stderr) = import_in(
        dir.path(),
        "2024-04-10T12:00",
        "UTC",
        &[path.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        journal_text(dir.path()),
        format!(
            "{JOURNAL}\n2024-03-04\n  08:00-09:00  Execution  ; Sync 2024-03-05 24h Strategy and more\n"
        )
    );
}

#[test]
fn without_rules_nothing_is_imported_and_the_summary_says_how() {
    let dir = setup(None);
    let (code, _, stderr) = import(
        dir.path(),
        "2024-04-10T12:00",
        &[fixture("google.ics").to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(journal_text(dir.path()), JOURNAL);
    assert!(stderr.contains("no rules file (`"), "{stderr}");
    assert!(stderr.contains("     4  Weekly eng sync\n"), "{stderr}");
    // A named rules file that is missing is an I/O error.
    let (code, _, stderr) = import(
        dir.path(),
        "2024-04-10T12:00",
        &[
            fixture("google.ics").to_str().unwrap(),
            "--rules",
            "nope.rules",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn rules_beside_the_journal_and_an_explicit_journal_file() {
    let dir = setup(None);
    let sub = dir.path().join("time");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&sub).unwrap();
    fs::create_dir(&elsewhere).unwrap();
    fs::write(sub.join("work.sec"), "taxonomy sec\n").unwrap();
    fs::write(sub.join("secl.rules"), "match (?i)sync Execution\n").unwrap();
    let (code, _, stderr) = import(
        &elsewhere,
        "2024-04-10T12:00",
        &[
            "-f",
            "../time/work.sec",
            fixture("google.ics").to_str().unwrap(),
            "-p",
            "2024-03",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let written = fs::read_to_string(sub.join("work.sec")).unwrap();
    assert_eq!(
        written.matches("Execution  ; Weekly eng sync").count(),
        3,
        "{written}"
    );
    assert_eq!(journal_text(dir.path()), JOURNAL);
}

#[test]
fn a_moved_meeting_comes_in_again_and_the_summary_says_so() {
    let dir = setup(Some("default Execution\n"));
    let path = dir.path().join("c.ics");
    fs::write(
        &path,
        calendar(&[event("a", "20240304T080000", "20240304T090000", "Sync")]),
    )
    .unwrap();
    import_in(
        dir.path(),
        "2024-04-10T12:00",
        "UTC",
        &[path.to_str().unwrap()],
    );
    fs::write(
        &path,
        calendar(&[event("a", "20240304T100000", "20240304T110000", "Sync")]),
    )
    .unwrap();
    let (code, _, stderr) = import_in(
        dir.path(),
        "2024-04-10T12:00",
        "UTC",
        &[path.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr
            .contains("moved? 2024-03-04 `Sync` is already there at 08:00-09:00; now 10:00-11:00"),
        "{stderr}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Importing twice is importing once, whatever the events.
    #[test]
    fn importing_twice_is_importing_once(
        events in proptest::collection::vec((1u32..28, 0u32..23, 0u32..4, 1u32..8, 0usize..3), 1..12)
    ) {
        let dir = setup(Some("skip Skip\ndefault Execution\n"));
        let names = ["Sync", "Skip me", "Review"];
        let list: Vec<String> = events
            .iter()
            .enumerate()
            .map(|(i, &(day, hour, quarter, quarters, name))| {
                let start = hour * 60 + quarter * 15;
                let end = (start + quarters * 15).min(23 * 60 + 59);
                event(
                    &format!("e{i}"),
                    &format!("202403{day:02}T{:02}{:02}00", start / 60, start % 60),
                    &format!("202403{day:02}T{:02}{:02}00", end / 60, end % 60),
                    names[name],
                )
            })
            .collect();
        let path = dir.path().join("c.ics");
        fs::write(&path, calendar(&list)).unwrap();
        let (code, _, stderr) = import_in(dir.path(), "2024-04-10T12:00", "UTC", &[path.to_str().unwrap()]);
        prop_assert!(code == 0 || code == 1, "{}", stderr);
        let once = journal_text(dir.path());
        let (code, _, stderr) = import_in(dir.path(), "2024-04-10T12:00", "UTC", &[path.to_str().unwrap()]);
        prop_assert!(code == 0 || code == 1, "{}", stderr);
        prop_assert_eq!(journal_text(dir.path()), once);
    }
}

#[test]
fn hostile_a_50_mb_calendar_is_bounded() {
    let dir = setup(Some("default Execution\n"));
    let path = dir.path().join("big.ics");
    let mut events = Vec::new();
    let filler = "x".repeat(70);
    let mut size = 0;
    let mut i = 0;
    while size < 50_000_000 {
        // Mostly long descriptions of events outside the period.
        let mut text = event(
            &format!("e{i}"),
            "20200101T080000",
            "20200101T090000",
            "Old",
        );
        let description: String = (0..20)
            .map(|_| format!("DESCRIPTION:{filler}\r\n"))
            .collect();
        text = text.replacen("SUMMARY", &format!("{description}SUMMARY"), 1);
        size += text.len();
        events.push(text);
        i += 1;
    }
    events.push(event("new", "20240304T080000", "20240304T090000", "New"));
    fs::write(&path, calendar(&events)).unwrap();
    let started = Instant::now();
    let (code, _, stderr) = import_in(
        dir.path(),
        "2024-04-10T12:00",
        "UTC",
        &[path.to_str().unwrap(), "-p", "2024"],
    );
    let took = started.elapsed();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.starts_with("imported 1 entry (1.00h)"), "{stderr}");
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn hostile_an_endless_rule_is_bounded_by_now() {
    let dir = setup(Some("default Execution\n"));
    let path = dir.path().join("endless.ics");
    let text = calendar(&[
        // Every minute since 2000, forever; and a daily one with no end.
        "BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20000101T000000Z\r\nDTEND:20000101T000000Z\r\nRRULE:FREQ=MINUTELY\r\nSUMMARY:Tick\r\nEND:VEVENT\r\n".into(),
        "BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240301T090000Z\r\nDTEND:20240301T093000Z\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Daily\r\nEND:VEVENT\r\n".into(),
    ]);
    fs::write(&path, text).unwrap();
    let started = Instant::now();
    let (code, stdout, stderr) = import_in(
        dir.path(),
        "2024-03-05T12:00",
        "UTC",
        &[path.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(stdout.matches("Daily").count(), 5, "{stdout}");
    assert!(
        stderr.contains("warning: 1 recurring event stopped at"),
        "{stderr}"
    );
}

#[test]
fn hostile_a_catastrophic_regex_is_linear() {
    let dir = setup(Some(
        "match \"(a*)*$x\" Strategy\nmatch (a|aa)+b Strategy\ndefault Execution\n",
    ));
    let path = dir.path().join("c.ics");
    let summary = "a".repeat(50_000);
    fs::write(
        &path,
        calendar(&[event("a", "20240304T080000", "20240304T090000", &summary)]),
    )
    .unwrap();
    let started = Instant::now();
    let (code, stdout, stderr) = import_in(
        dir.path(),
        "2024-04-10T12:00",
        "UTC",
        &[path.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Execution"));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn zones_by_name_unknown_zones_floating_times_and_daylight_saving_edges() {
    let dir = setup(Some("default Execution\n"));
    let path = dir.path().join("c.ics");
    let zoned = |uid: &str, zone: &str, start: &str, end: &str, summary: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID={zone}:{start}\r\nDTEND;TZID={zone}:{end}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"
        )
    };
    fs::write(
        &path,
        calendar(&[
            // A Windows name with no VTIMEZONE block; an IANA name.
            zoned("a", "Pacific Standard Time", "20240320T080000", "20240320T090000", "Windows"),
            zoned("b", "Asia/Tokyo", "20240321T180000", "20240321T190000", "Tokyo"),
            // A name nothing resolves is local time.
            zoned("c", "Mars/Olympus", "20240322T080000", "20240322T090000", "Unknown"),
            // Floating, with no X-WR-TIMEZONE: local time.
            "BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240323T100000\r\nDTEND:20240323T103000\r\nSUMMARY:Floating\r\nEND:VEVENT\r\n".into(),
            // 02:30 on the night Berlin's clocks go back happens twice: the first.
            zoned("e", "Europe/Berlin", "20241027T023000", "20241027T033000", "Twice"),
            "BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:No start\r\nEND:VEVENT\r\n".into(),
        ]),
    )
    .unwrap();
    let (code, stdout, stderr) = import(
        dir.path(),
        "2024-12-01T12:00",
        &[path.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "2024-03-20\n  16:00-17:00  Execution  ; Windows\n\
         2024-03-21\n  10:00-11:00  Execution  ; Tokyo\n\
         2024-03-22\n  08:00-09:00  Execution  ; Unknown\n\
         2024-03-23\n  10:00-10:30  Execution  ; Floating\n\
         2024-10-27\n  02:30-03:30  Execution  ; Twice\n"
    );
    assert!(
        stderr.contains(
            "warning: an event was left out, it cannot be read: `No start`: it has no DTSTART"
        ),
        "{stderr}"
    );
}

#[test]
fn concurrent_imports_and_adds_all_land() {
    let dir = setup(Some("default Execution\n"));
    let path = dir.path().join("c.ics");
    let events: Vec<String> = (0..6)
        .map(|i| {
            event(
                &format!("e{i}"),
                &format!("202403{:02}T080000", 4 + i),
                &format!("202403{:02}T090000", 4 + i),
                "Planning",
            )
        })
        .collect();
    fs::write(&path, calendar(&events)).unwrap();
    let threads: Vec<_> = (0..6)
        .map(|i| {
            let dir = dir.path().to_path_buf();
            let path = path.clone();
            std::thread::spawn(move || {
                if i % 2 == 0 {
                    import_in(&dir, "2024-04-10T12:00", "UTC", &[path.to_str().unwrap()]).0
                } else {
                    common::run(
                        &dir,
                        &["add", "--date", &format!("2024-04-0{i}"), "30m", "Strategy"],
                    )
                    .0
                }
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), 0);
    }
    let text = journal_text(dir.path());
    assert_eq!(
        text.matches("08:00-09:00  Execution  ; Planning").count(),
        6,
        "{text}"
    );
    assert_eq!(text.matches("30m  Strategy").count(), 3, "{text}");
    let (code, _, stderr) = common::run(dir.path(), &["--today", "2024-04-10", "check"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn secl_now_is_the_clock_and_today_of_relative_periods() {
    let dir = setup(Some("default Execution\n"));
    let (code, stdout, stderr) = import(
        dir.path(),
        "2024-03-12T12:00",
        &[
            fixture("google.ics").to_str().unwrap(),
            "--dry-run",
            "-p",
            "last week",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let dates: Vec<&str> = stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(dates, ["2024-03-05", "2024-03-07"], "{stdout}");
    // A bad $SECL_NOW is a usage error.
    let (code, _, stderr) = import(
        dir.path(),
        "tomorrow",
        &[fixture("google.ics").to_str().unwrap()],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("SECL_NOW"), "{stderr}");
}

/// Imported lines keep a `fmt`-laid-out journal laid out: into a block in
/// the layout they are aligned on its durations, a new block is laid out
/// of its own, so `secl fmt --check` stays clean after an import.
#[test]
fn an_import_keeps_a_formatted_journal_formatted() {
    let dir = setup(Some("default Strategy\n"));
    fs::write(
        dir.path().join("journal.sec"),
        "taxonomy sec\n\n2024-03-05\n  09:00-09:30  Strategy  ; early\n  1h           Culture\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("work.ics"),
        calendar(&[
            event("a", "20240305T100000", "20240305T110000", "Planning"),
            event("b", "20240306T140000", "20240306T150000", "Review"),
            event("c", "20240306T160000", "20240306T163000", "Sync"),
        ]),
    )
    .unwrap();
    let (code, _, stderr) = import_in(dir.path(), "2024-03-07T09:00", "UTC", &["work.ics"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        journal_text(dir.path()),
        "taxonomy sec\n\n2024-03-05\n  09:00-09:30  Strategy  ; early\n  1h           Culture\n  \
         10:00-11:00  Strategy  ; Planning\n\n2024-03-06\n  14:00-15:00  Strategy  ; Review\n  \
         16:00-16:30  Strategy  ; Sync\n"
    );
    let output = secl(dir.path()).args(["fmt", "--check"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// A journal holding a running timer (`09:00-?`, no note) and clock ranges
/// without notes imports as any other (it panicked on the running entry).
#[test]
fn a_running_timer_in_the_journal_is_no_obstacle() {
    let dir = setup(Some("default Strategy\n"));
    fs::write(
        dir.path().join("journal.sec"),
        "taxonomy sec\n\n2024-03-05\n  08:00-09:00  Culture\n  09:00-?      Strategy\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("work.ics"),
        calendar(&[event("a", "20240304T100000", "20240304T110000", "Planning")]),
    )
    .unwrap();
    let (code, stdout, stderr) = import_in(
        dir.path(),
        "2024-03-05T09:30",
        "UTC",
        &["work.ics", "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "2024-03-04\n  10:00-11:00  Strategy  ; Planning\n");
}
