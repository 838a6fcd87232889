//! Timers: `secl start`, `stop` and `status` with the clock set by
//! `$SECL_NOW`; the running entry `H:MM-?` in `check`, reports, `--now`
//! and `export`; `add` keeping a formatted block formatted.

mod common;

use std::fs;
use std::path::Path;

use common::secl;

const HEAD: &str = "taxonomy sec\nalias okr = OKR management\n\n";

/// `secl ARGS` in `dir` at `now`: exit code, stdout, stderr.
fn at(dir: &Path, now: &str, args: &[&str]) -> (i32, String, String) {
    let output = secl(dir)
        .env("SECL_NOW", now)
        .args(args)
        .output()
        .expect("secl runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn journal(dir: &Path, body: &str) -> String {
    let text = format!("{HEAD}{body}");
    fs::write(dir.join("j.sec"), &text).unwrap();
    text
}

fn read(dir: &Path) -> String {
    fs::read_to_string(dir.join("j.sec")).unwrap()
}

fn fmt_clean(dir: &Path) {
    let (code, stdout, _) = at(dir, "2024-03-14T12:00", &["-f", "j.sec", "fmt", "--check"]);
    assert_eq!(code, 0, "not in fmt's layout:\n{stdout}");
}

#[test]
fn start_then_stop_in_a_formatted_block() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), "2024-03-14\n  08:00-09:00  Culture\n");
    let (code, stdout, stderr) = at(
        dir.path(),
        "2024-03-14T09:07",
        &["-f", "j.sec", "start", "okr", "Q2", "draft"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "started  Strategy:Technology Planning:OKR management  09:07-?  (j.sec:6)\n"
    );
    assert_eq!(
        read(dir.path()),
        format!("{HEAD}2024-03-14\n  08:00-09:00  Culture\n  09:07-?      okr  ; Q2 draft\n")
    );
    fmt_clean(dir.path());
    let (code, stdout, stderr) = at(
        dir.path(),
        "2024-03-14T10:30",
        &["-f", "j.sec", "stop", "sent", "#q2"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "stopped  Strategy:Technology Planning:OKR management  09:07-10:30  (1h23m)  (j.sec:6)\n"
    );
    assert_eq!(
        read(dir.path()),
        format!(
            "{HEAD}2024-03-14\n  08:00-09:00  Culture\n  09:07-10:30  okr  ; Q2 draft sent #q2\n"
        )
    );
    fmt_clean(dir.path());
}

#[test]
fn start_stops_the_running_timer_at_the_same_minute() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), "2024-03-14\n  09:00-?      okr\n");
    let (code, stdout, stderr) = at(
        dir.path(),
        "2024-03-14T10:07",
        &["-f", "j.sec", "start", "--round", "15m", "Risk assessment"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "stopped  Strategy:Technology Planning:OKR management  09:00-10:00  (1h)\nstarted  Execution:Security & Compliance:Risk assessment  10:00-?  (j.sec:6)\n"
    );
    assert_eq!(
        read(dir.path()),
        format!("{HEAD}2024-03-14\n  09:00-10:00  okr\n  10:00-?      Risk assessment\n")
    );
}

#[test]
fn a_timer_in_another_file_of_the_log_is_stopped_there() {
    let dir = tempfile::tempdir().unwrap();
    journal(
        dir.path(),
        "include march.sec\n\n2024-03-14\n  08:00-09:00  Culture\n",
    );
    fs::write(dir.path().join("march.sec"), "2024-03-13\n  22:00-?  okr\n").unwrap();
    let (code, stdout, stderr) = at(
        dir.path(),
        "2024-03-14T09:00",
        &["-f", "j.sec", "start", "Culture"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(
            "stopped  Strategy:Technology Planning:OKR management  22:00-09:00  (11h)\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("march.sec")).unwrap(),
        "2024-03-13\n  22:00-09:00  okr\n"
    );
    assert!(read(dir.path()).ends_with("  09:00-?      Culture\n"));
    let (_, stdout, _) = at(dir.path(), "2024-03-14T09:30", &["-f", "j.sec", "status"]);
    assert_eq!(
        stdout,
        "running  Culture  since 2024-03-14 09:00  (30m)\ntoday    1h30m\n"
    );
}

#[test]
fn stop_past_midnight() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), "2024-03-14\n  23:30-?  okr\n");
    let (code, stdout, stderr) = at(dir.path(), "2024-03-15T00:45", &["-f", "j.sec", "stop"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("23:30-00:45  (1h15m)"), "{stdout}");
    assert_eq!(
        read(dir.path()),
        format!("{HEAD}2024-03-14\n  23:30-00:45  okr\n")
    );
    // Not stale at 00:01 the day after.
    journal(dir.path(), "2024-03-14\n  23:30-?  okr\n");
    let (code, stdout, _) = at(dir.path(), "2024-03-15T00:01", &["-f", "j.sec", "check"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (code, stdout, _) = at(dir.path(), "2024-03-15T11:31", &["-f", "j.sec", "check"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("running since 2024-03-14 23:30; close it with `secl stop --at HH:MM`"),
        "{stdout}"
    );
}

#[test]
fn refusals_leave_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = journal(dir.path(), "2024-03-14\n  09:00-?  okr\n");
    let refused = |args: &[&str], code: i32, says: &str| {
        let (got, _, stderr) = at(dir.path(), "2024-03-14T11:00", args);
        assert_eq!(got, code, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(read(dir.path()), text, "{args:?}");
    };
    refused(
        &["-f", "j.sec", "stop", "--at", "12:00"],
        1,
        "the end 2024-03-14 12:00 is later than now (2024-03-14 11:00)",
    );
    refused(
        &["-f", "j.sec", "stop", "--at", "09:00"],
        1,
        "is not after its start",
    );
    refused(
        &["-f", "j.sec", "start", "--at", "11:30", "okr"],
        1,
        "later than now",
    );
    refused(
        &["-f", "j.sec", "start", "Risk asessment"],
        1,
        "did you mean",
    );
    refused(
        &["-f", "j.sec", "stop", "--at", "9h"],
        2,
        "is not a time of day",
    );
    refused(
        &["-f", "j.sec", "stop", "--round", "7m"],
        2,
        "invalid value",
    );
    refused(
        &["-f", "j.sec", "--now", "export"],
        2,
        "--now applies to reports (balance, register, targets, review, tags --used, chart, status)",
    );
    // Rounding may move a time up to half a unit past now.
    let (code, _, stderr) = at(
        dir.path(),
        "2024-03-14T11:08",
        &["-f", "j.sec", "stop", "--round", "15m"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(read(dir.path()).contains("09:00-11:15  okr"));
    let (code, _, stderr) = at(dir.path(), "2024-03-14T11:20", &["-f", "j.sec", "stop"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no timer is running"), "{stderr}");
}

#[test]
fn status_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), "2024-03-14\n  1h  Culture\n");
    let (code, stdout, _) = at(dir.path(), "2024-03-14T10:00", &["-f", "j.sec", "status"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "no timer running\ntoday    1h\n")
    );
    let (_, stdout, _) = at(
        dir.path(),
        "2024-03-14T10:00",
        &["-f", "j.sec", "status", "-o", "json"],
    );
    assert_eq!(stdout, "{\"running\":null,\"today\":3600}\n");
    journal(dir.path(), "2024-03-14\n  1h  Culture\n  09:15-?  okr\n");
    let (_, stdout, _) = at(
        dir.path(),
        "2024-03-14T10:00",
        &["-f", "j.sec", "status", "-o", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"running": {"tag": "Strategy:Technology Planning:OKR management",
            "start": "2024-03-14T09:15", "seconds": 2700, "file": "j.sec", "line": 6},
            "today": 6300})
    );
    // A journal with errors: one line, exit 1.
    journal(dir.path(), "2024-03-14\n  1h  Nope\n");
    let (code, stdout, stderr) = at(dir.path(), "2024-03-14T10:00", &["-f", "j.sec", "status"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(stderr, "the journal has 1 error; run secl check\n");
}

#[test]
fn reports_leave_a_running_entry_out_unless_now() {
    let dir = tempfile::tempdir().unwrap();
    journal(
        dir.path(),
        "2024-03-14\n  1h  Culture\n  09:00-?  okr  ; draft\n",
    );
    let now = "2024-03-14T10:30";
    let json = |args: &[&str]| {
        let (code, stdout, stderr) = at(dir.path(), now, args);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()
    };
    let plain = json(&["-f", "j.sec", "balance", "-o", "json"]);
    assert_eq!(plain["total"]["total"], 3600);
    let counted = json(&["-f", "j.sec", "--now", "balance", "-o", "json"]);
    assert_eq!(counted["total"]["total"], 3600 + 5400);
    let register = json(&["-f", "j.sec", "register", "--now", "-o", "json"]);
    assert_eq!(register["entries"][1]["note"], "draft");
    assert_eq!(register["entries"][1]["seconds"], 5400);
    // More than 24 hours later it no longer counts.
    let (_, stdout, _) = at(
        dir.path(),
        "2024-03-15T09:01",
        &["-f", "j.sec", "--now", "balance", "-o", "json"],
    );
    let late: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(late["total"]["total"], 3600);
    let (code, stdout, _) = at(dir.path(), now, &["-f", "j.sec", "export"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("OKR"), "{stdout}");
}

#[test]
fn second_timer_is_an_error_per_log() {
    let dir = tempfile::tempdir().unwrap();
    journal(
        dir.path(),
        "2024-03-14\n  09:00-?  okr\n  10:00-?  Culture\n",
    );
    let (code, stdout, _) = at(
        dir.path(),
        "2024-03-14T11:00",
        &["-f", "j.sec", "check", "--format", "short"],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("j.sec:6:3: error[secl::second_timer]"),
        "{stdout}"
    );
    let (code, _, stderr) = at(dir.path(), "2024-03-14T11:00", &["-f", "j.sec", "stop"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("two timers are running"), "{stderr}");
    // Two people's files, walked: one timer each is fine.
    let team = tempfile::tempdir().unwrap();
    for who in ["alice", "bob"] {
        fs::write(
            team.path().join(format!("{who}.sec")),
            "2024-03-14\n  09:00-?  Culture\n",
        )
        .unwrap();
    }
    let (code, stdout, _) = at(team.path(), "2024-03-14T11:00", &["check"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn add_keeps_a_formatted_block_formatted() {
    let dir = tempfile::tempdir().unwrap();
    journal(
        dir.path(),
        "2024-03-14\n  1h30m        okr  ; Q1\n  09:00-10:30  Culture\n",
    );
    let (code, _, stderr) = at(
        dir.path(),
        "2024-03-14T12:00",
        &["-f", "j.sec", "add", "45m", "Risk assessment", "vendor"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(read(dir.path()).ends_with("  45m          Risk assessment  ; vendor\n"));
    fmt_clean(dir.path());
    // Wider than the block: no other line changes, and add says so.
    journal(dir.path(), "2024-03-14\n  1h30m  okr\n");
    let (code, _, stderr) = at(
        dir.path(),
        "2024-03-14T12:00",
        &["-f", "j.sec", "add", "10:00-10:30", "Culture"],
    );
    assert_eq!(code, 0);
    assert!(stderr.contains("`secl fmt` realigns the block"), "{stderr}");
    assert_eq!(
        read(dir.path()),
        format!("{HEAD}2024-03-14\n  1h30m  okr\n  10:00-10:30  Culture\n")
    );
}

#[test]
fn add_does_not_reprint_the_files_old_warnings() {
    let dir = tempfile::tempdir().unwrap();
    journal(
        dir.path(),
        "2024-03-14\n  1h30m  Culture\n\n2024-03-20\n  09:00-10:30  okr\n  10:00-11:00  Culture\n",
    );
    let (code, _, stderr) = at(
        dir.path(),
        "2024-03-21T12:00",
        &["-f", "j.sec", "add", "--date", "2024-03-14", "45m", "okr"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    // A warning the entry brings is still shown.
    let (code, _, stderr) = at(
        dir.path(),
        "2024-03-21T12:00",
        &[
            "-f",
            "j.sec",
            "add",
            "--date",
            "2024-03-20",
            "10:30-12:00",
            "okr",
        ],
    );
    assert_eq!(code, 0);
    assert!(stderr.contains("overlaps 10:00-11:00"), "{stderr}");
    assert_eq!(stderr.matches("secl::overlap").count(), 1, "{stderr}");
}

#[test]
fn concurrent_starts_stops_and_adds_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), "");
    let spawn = |now: String, args: Vec<String>| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin!("secl"))
            .current_dir(dir.path())
            .env_remove("SECL_FILE")
            .env_remove("SECL_TODAY")
            .env("SECL_NOW", now)
            .args(["-f", "j.sec"])
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut children = Vec::new();
    for i in 0..6 {
        let args = [
            "add",
            "--date",
            "2024-03-13",
            "1m",
            "Culture",
            &format!("add-{i}"),
        ];
        children.push((
            format!("add-{i}"),
            true,
            spawn("2024-03-14T12:00".into(), args.map(String::from).to_vec()),
        ));
    }
    for i in 1..=4 {
        let args = ["start", "okr", &format!("start-{i}")];
        children.push((
            format!("start-{i}"),
            false,
            spawn(
                format!("2024-03-14T09:0{i}"),
                args.map(String::from).to_vec(),
            ),
        ));
    }
    for i in 0..2 {
        let args = ["stop", &format!("stop-{i}")];
        children.push((
            format!("stop-{i}"),
            false,
            spawn("2024-03-14T09:30".into(), args.map(String::from).to_vec()),
        ));
    }
    let mut landed = Vec::new();
    for (note, must, mut child) in children {
        let ok = child.wait().unwrap().success();
        assert!(ok || !must, "{note} failed");
        if ok {
            landed.push(note);
        }
    }
    let text = read(dir.path());
    for note in &landed {
        assert!(text.contains(note.as_str()), "{note} lost:\n{text}");
    }
    assert!(landed.iter().any(|n| n.starts_with("start-")), "{text}");
    assert!(text.matches("-?").count() <= 1, "{text}");
    let (code, stdout, _) = at(
        dir.path(),
        "2024-03-14T12:00",
        &["-f", "j.sec", "check", "--format", "short"],
    );
    assert_eq!(code, 0, "{stdout}\n{text}");
}

#[test]
fn start_completes_the_journals_tags_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), "2024-03-14\n  1h  Culture\n");
    let complete = |word: &str| {
        let output = secl(dir.path())
            .env("COMPLETE", "fish")
            .args(["--", "secl", "start", word])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(
        complete("ok"),
        "okr\tStrategy:Technology Planning:OKR management\n"
    );
    assert!(
        complete("Risk")
            .contains("Risk assessment\tExecution:Security & Compliance:Risk assessment\n"),
        "{}",
        complete("Risk")
    );
    assert!(complete("Execution:Sec").contains("Execution:Security & Compliance\n"));
}

/// When `start` stops a timer in another file and then cannot write its
/// own (here: a file size limit the start's file is over), the stop is
/// written back: both files end as they were, and the run says why.
#[cfg(unix)]
#[test]
fn a_failed_start_undoes_the_stop_in_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    // j.sec is over the 40 KiB limit once rewritten; march.sec is not.
    let padding = "; a long comment line that makes the file large enough\n".repeat(1000);
    let own = journal(
        dir.path(),
        &format!("include march.sec\n{padding}\n2024-03-14\n  08:00-09:00  Culture\n"),
    );
    let other = "2024-03-13\n  22:00-?  okr\n";
    fs::write(dir.path().join("march.sec"), other).unwrap();
    let template = secl(dir.path());
    let mut limited = std::process::Command::new("bash");
    limited
        .current_dir(dir.path())
        .args(["-c", "trap '' XFSZ; ulimit -f 40; exec \"$@\"", "bash"])
        .arg(template.get_program())
        .args(["-f", "j.sec", "start", "Culture"])
        .env("SECL_NOW", "2024-03-14T09:00");
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => limited.env(key, value),
            None => limited.env_remove(key),
        };
    }
    let output = limited.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("j.sec"), "{stderr}");
    assert_eq!(read(dir.path()), own, "the start's file is untouched");
    assert_eq!(
        fs::read_to_string(dir.path().join("march.sec")).unwrap(),
        other,
        "the stop was written back"
    );
}

/// A journal root: `journal.sec` with the alias, monthly files by glob.
fn root_layout(dir: &Path) {
    fs::create_dir(dir.join("2024")).unwrap();
    fs::write(
        dir.join("journal.sec"),
        "alias okr = OKR management\ninclude 2024/*.sec\n",
    )
    .unwrap();
    fs::write(dir.join("2024/03.sec"), "2024-03-14\n  1h  okr\n").unwrap();
}

#[test]
fn start_with_a_new_file_creates_it_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    root_layout(dir.path());
    let (code, stdout, stderr) = at(
        dir.path(),
        "2024-04-01T09:00",
        &["start", "-f", "2024/04.sec", "okr", "Q2"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "started  Strategy:Technology Planning:OKR management  09:00-?  (2024/04.sec:2)\ncreated `2024/04.sec`\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("2024/04.sec")).unwrap(),
        "2024-04-01\n  09:00-?      okr  ; Q2\n"
    );
    let (code, stdout, _) = at(dir.path(), "2024-04-01T09:00", &["fmt", "--check"]);
    assert_eq!(code, 0, "{stdout}");
    // Refused: the file is not left behind.
    let (code, _, stderr) = at(
        dir.path(),
        "2024-04-01T09:00",
        &["start", "-f", "2024/05.sec", "Risk asessment"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(!dir.path().join("2024/05.sec").exists());
}

#[test]
fn stop_and_status_name_the_file_as_start_does() {
    let dir = tempfile::tempdir().unwrap();
    root_layout(dir.path());
    let (code, stdout, stderr) = at(dir.path(), "2024-03-14T09:00", &["start", "Culture"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "started  Culture  09:00-?  (2024/03.sec:3)\n");
    let (_, stdout, _) = at(dir.path(), "2024-03-14T09:30", &["status", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["running"]["file"], "2024/03.sec");
    let (code, stdout, stderr) = at(dir.path(), "2024-03-14T09:30", &["stop"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "stopped  Culture  09:00-09:30  (30m)  (2024/03.sec:3)\n"
    );
    // Named with -f: as named, by all three.
    let named = dir.path().join("2024/03.sec");
    let named = named.to_str().unwrap();
    let (_, stdout, _) = at(
        dir.path(),
        "2024-03-14T10:00",
        &["start", "-f", named, "okr"],
    );
    assert_eq!(
        stdout,
        format!("started  Strategy:Technology Planning:OKR management  10:00-?  ({named}:4)\n")
    );
    let (_, stdout, _) = at(
        dir.path(),
        "2024-03-14T10:30",
        &["status", "-f", named, "-o", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["running"]["file"], named);
    let (_, stdout, _) = at(dir.path(), "2024-03-14T10:30", &["stop", "-f", named]);
    assert!(stdout.ends_with(&format!("({named}:4)\n")), "{stdout}");
}

#[test]
fn stop_at_the_start_minute_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = journal(dir.path(), "2024-03-14\n  09:00-?  okr\n");
    let (code, _, stderr) = at(dir.path(), "2024-03-14T09:00", &["-f", "j.sec", "stop"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is not after its start"), "{stderr}");
    assert!(!stderr.contains("more than 24 hours"), "{stderr}");
    assert_eq!(read(dir.path()), text);
}
