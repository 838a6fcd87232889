//! `secl add`: one entry, checked, in the right place, touching no other
//! byte; refused (file untouched) when it would cause an error; safe when
//! several run at once.

mod common;

use std::fs;
use std::path::Path;

use common::{run, secl};

const JOURNAL: &str = "taxonomy sec\nalias okr = OKR management\n\n2024-01-15\n  1h  Strategy\n\n; the 17th\n2024-01-17\n  2h  Culture  ; kept   as   written\n";

fn journal(dir: &Path) {
    fs::write(dir.join("j.sec"), JOURNAL).unwrap();
}

fn add(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let args = [&["--today", "2024-01-20", "add"], args].concat();
    run(dir, &args)
}

#[test]
fn into_the_days_block_or_a_new_block_in_date_order() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path());
    let (code, stdout, stderr) = add(
        dir.path(),
        &[
            "--date",
            "2024-01-15",
            "45m",
            "Risk assessment",
            "vendor",
            "review",
            "#soc2",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "j.sec:6: Mon 2024-01-15  45m  Risk assessment  ; vendor review #soc2\n"
    );
    let (code, stdout, _) = add(dir.path(), &["--date", "2024-01-16", "1:30", "okr"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "j.sec:9: Tue 2024-01-16  1:30  okr\n");
    // Today's date by default, at the end.
    let (code, _, _) = add(dir.path(), &["09:00-10:30", "Technical mentorship"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(fs::read_to_string(dir.path().join("j.sec")).unwrap());
    let (code, _, stderr) = run(dir.path(), &["--today", "2024-01-20", "check"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn an_unknown_tag_is_refused_with_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path());
    let (code, stdout, stderr) = add(dir.path(), &["45m", "Risk asesment"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.contains("did you mean `Execution:Security & Compliance:Risk assessment`?"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("j.sec")).unwrap(),
        JOURNAL
    );
}

#[test]
fn a_day_over_24h_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path());
    let (code, _, stderr) = add(dir.path(), &["--date", "2024-01-17", "22h1m", "Culture"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("secl::day_over_24h"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("j.sec")).unwrap(),
        JOURNAL
    );
    // Exactly 24h is fine.
    let (code, _, stderr) = add(dir.path(), &["--date", "2024-01-17", "22h", "Culture"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_bad_duration_is_refused_like_any_error_the_entry_would_bring() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path());
    for duration in ["45x", "0m", "1h30"] {
        let (code, _, stderr) = add(dir.path(), &[duration, "Culture"]);
        assert_eq!(code, 1, "{duration}: {stderr}");
        assert!(stderr.contains("nothing was added to `j.sec`"), "{stderr}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("j.sec")).unwrap(),
        JOURNAL
    );
}

#[test]
fn the_tag_is_trimmed_and_the_date_may_be_relative() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path());
    let (code, stdout, stderr) = add(dir.path(), &["--date", "yesterday", "1h", "  Strategy  "]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "j.sec:12: Fri 2024-01-19  1h  Strategy\n");
    assert!(
        fs::read_to_string(dir.path().join("j.sec"))
            .unwrap()
            .ends_with("2024-01-19\n  1h  Strategy\n")
    );
    // A period of more than a day is no date.
    let (code, _, stderr) = add(dir.path(), &["--date", "2024-01", "1h", "Strategy"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("names more than one day"), "{stderr}");
}

/// With -f, the entry is checked against the journal that holds the file:
/// the journal root above it when its journal reaches the file (here the
/// root's other file declares the alias), else the file and its includes,
/// and nothing else is read (an unrelated file declaring another taxonomy
/// beside it changes nothing).
#[test]
fn a_named_file_is_checked_with_its_journal_only() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("2024")).unwrap();
    fs::write(
        dir.path().join("journal.sec"),
        "include aliases.sec\ninclude 2024/*.sec\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("aliases.sec"),
        "alias okr = Strategy:Technology Planning:OKR management\n",
    )
    .unwrap();
    fs::write(dir.path().join("2024/j.sec"), "2024-01-15\n  1h  Culture\n").unwrap();
    fs::write(
        dir.path().join("2024/other.sec"),
        "taxonomy nowhere.taxonomy\n",
    )
    .unwrap();
    let (code, stdout, stderr) = add(&dir.path().join("2024"), &["-f", "j.sec", "1h", "okr"]);
    assert_eq!(code, 1, "the root's journal includes other.sec: {stdout}");
    assert!(stderr.contains("nothing was added"), "{stderr}");
    fs::rename(
        dir.path().join("2024/other.sec"),
        dir.path().join("other.sec"),
    )
    .unwrap();
    let (code, stdout, stderr) = add(&dir.path().join("2024"), &["-f", "j.sec", "1h", "okr"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("j.sec:"), "{stdout}");
    // Without a root, the file alone: a sibling's alias does not count,
    // nor does a sibling's taxonomy.
    fs::remove_file(dir.path().join("journal.sec")).unwrap();
    fs::rename(
        dir.path().join("other.sec"),
        dir.path().join("2024/other.sec"),
    )
    .unwrap();
    let (code, _, stderr) = add(&dir.path().join("2024"), &["-f", "j.sec", "1h", "Strategy"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = add(&dir.path().join("2024"), &["-f", "j.sec", "1h", "okr"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown tag `okr`"), "{stderr}");
}

/// `add -f NEW.sec` creates the file and says so; its directory must
/// exist; a refused entry leaves no file behind.
#[test]
fn a_new_file_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = add(
        dir.path(),
        &["-f", "new.sec", "--date", "2024-01-15", "1h", "Strategy"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "new.sec:2: Mon 2024-01-15  1h  Strategy\ncreated `new.sec`\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("new.sec")).unwrap(),
        "2024-01-15\n  1h  Strategy\n"
    );
    let (code, _, stderr) = add(dir.path(), &["-f", "bad.sec", "1h", "Nope"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown tag"), "{stderr}");
    assert!(!dir.path().join("bad.sec").exists());
    let (code, _, stderr) = add(dir.path(), &["-f", "no/such/dir/x.sec", "1h", "Strategy"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot create `no/such/dir/x.sec`"),
        "{stderr}"
    );
}

/// A day over 24h is refused across the journal's files, not just in the
/// file written to.
#[test]
fn a_day_over_24h_across_the_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("journal.sec"), "include *.sec\n").unwrap();
    fs::write(dir.path().join("a.sec"), "2024-01-15\n  20h  Culture\n").unwrap();
    fs::write(dir.path().join("b.sec"), "2024-01-15\n  3h  Culture\n").unwrap();
    let before = fs::read_to_string(dir.path().join("b.sec")).unwrap();
    let (code, _, stderr) = add(
        dir.path(),
        &["-f", "b.sec", "--date", "2024-01-15", "2h", "Strategy"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("2024-01-15 would have 25h logged across the journal's files"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("b.sec")).unwrap(),
        before
    );
    let (code, _, stderr) = add(
        dir.path(),
        &["-f", "b.sec", "--date", "2024-01-15", "1h", "Strategy"],
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn bad_input_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path());
    for args in [
        vec!["--date", "2024-02-30", "1h", "Culture"],
        vec!["1h", "Cul;ture"],
    ] {
        let (code, _, _) = add(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("j.sec")).unwrap(),
        JOURNAL
    );
}

#[test]
fn the_default_file_holds_the_latest_date() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.sec"), "2024-03-01\n  1h  Strategy\n").unwrap();
    fs::write(dir.path().join("b.sec"), "2024-02-01\n  1h  Strategy\n").unwrap();
    let (code, stdout, _) = add(dir.path(), &["--date", "2024-03-02", "1h", "Culture"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("a.sec:"), "{stdout}");
    // -f and $SECL_FILE name it.
    let (code, stdout, _) = run(
        dir.path(),
        &[
            "add",
            "-f",
            "b.sec",
            "--date",
            "2024-02-02",
            "1h",
            "Culture",
        ],
    );
    assert_eq!(
        (code, stdout.starts_with("b.sec:5:")),
        (0, true),
        "{stdout}"
    );
    let output = secl(dir.path())
        .env("SECL_FILE", "b.sec")
        .args(["add", "--date", "2024-02-03", "1h", "Culture"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("b.sec:"));
}

#[test]
fn no_journal_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = add(dir.path(), &["1h", "Culture"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("secl init"), "{stderr}");
}

#[test]
fn other_bytes_line_endings_and_bom_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    fs::write(
        &path,
        b"\xEF\xBB\xBF; odd   spacing\r\n2024-01-15 ;x\r\n\t1h   Strategy ;  note  \r\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "add",
            "-f",
            "j.sec",
            "--date",
            "2024-01-15",
            "30m",
            "Culture",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read(&path).unwrap(),
        b"\xEF\xBB\xBF; odd   spacing\r\n2024-01-15 ;x\r\n\t1h   Strategy ;  note  \r\n  30m  Culture\r\n"
    );
}

#[test]
fn concurrent_adds_all_land() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("j.sec"), "taxonomy sec\n").unwrap();
    let children: Vec<_> = (0..12)
        .map(|i| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin!("secl"))
                .current_dir(dir.path())
                .env_remove("SECL_FILE")
                .args([
                    "add",
                    "-f",
                    "j.sec",
                    "--date",
                    "2024-01-15",
                    "5m",
                    "Culture",
                    &format!("run {i}"),
                ])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let text = fs::read_to_string(dir.path().join("j.sec")).unwrap();
    for i in 0..12 {
        assert!(
            text.contains(&format!("; run {i}\n")),
            "run {i} lost:\n{text}"
        );
    }
    assert_eq!(text.matches("2024-01-15").count(), 1, "{text}");
}

/// Without -f, `add` writes to the file of the journal root's journal that
/// holds the latest date, never to a stray file below the root; a root
/// whose files hold no date yet is written to itself.
#[test]
fn the_default_file_is_the_roots_latest() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("2024")).unwrap();
    fs::write(dir.path().join("journal.sec"), "include 2024/*.sec\n").unwrap();
    let (code, stdout, stderr) = add(dir.path(), &["--date", "2024-01-02", "1h", "Strategy"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("journal.sec:"), "{stdout}");
    fs::write(dir.path().join("journal.sec"), "include 2024/*.sec\n").unwrap();
    fs::write(
        dir.path().join("2024/01.sec"),
        "2024-01-10\n  1h  Culture\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("2024/02.sec"),
        "2024-02-10\n  1h  Culture\n",
    )
    .unwrap();
    fs::write(dir.path().join("stray.sec"), "2024-03-10\n  1h  Culture\n").unwrap();
    let (code, stdout, stderr) = add(&dir.path().join("2024"), &["1h", "Strategy"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("../2024/02.sec:"), "{stdout}");
}
