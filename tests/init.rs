//! `secl init` (a starter journal that checks clean, never over a file),
//! `secl completions` and `secl man`.

mod common;

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

use clap::CommandFactory;
use common::{run, secl};
use secl::cli::Cli;

#[test]
fn the_starter_journal_checks_clean_formats_clean_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("created journal.sec"), "{stdout}");
    for next in [
        "secl check",
        "secl balance",
        "secl add 45m 'Risk assessment'",
    ] {
        assert!(stdout.contains(next), "{stdout}");
    }
    // No DIR: nothing to cd into.
    assert!(!stdout.contains("cd "), "{stdout}");

    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "no problems in 1 file\n");
    let (code, _, stderr) = run(dir.path(), &["fmt", "--check"]);
    assert_eq!(
        code, 0,
        "the starter journal is in the canonical layout: {stderr}"
    );
    let (code, stdout, stderr) = run(dir.path(), &["balance"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains("OKR management"), "{stdout}");
    assert!(stdout.lines().last().unwrap().contains("3.75"), "{stdout}");
    let (code, stdout, _) = run(dir.path(), &["register", "hashtag:planning"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("1 entry"), "{stdout}");

    // The commented-out targets switch on by deleting the `; `.
    let path = dir.path().join("journal.sec");
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("\n; target ").count(), 4);
    fs::write(&path, text.replace("\n; target ", "\ntarget ")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(dir.path(), &["targets"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 5, "{stdout}");

    // The aliases and the suggested `add` resolve.
    for alias in ["okr", "infra", "hiring"] {
        let (code, _, stderr) = run(dir.path(), &["balance", alias]);
        assert_eq!(code, 0, "{alias}: {stderr}");
    }
    let (code, _, stderr) = run(
        dir.path(),
        &["add", "45m", "Risk assessment", "first", "entry"],
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn it_never_overwrites_a_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sec");
    fs::write(&path, "2024-01-15  1h  Strategy\n").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("journal.sec already exists"), "{stderr}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "2024-01-15  1h  Strategy\n"
    );

    // Named through DIR too.
    fs::create_dir(dir.path().join("team")).unwrap();
    let theirs = dir.path().join("team/journal.sec");
    fs::write(&theirs, "mine").unwrap();
    let (code, _, stderr) = run(dir.path(), &["init", "team"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("team/journal.sec already exists"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "mine");
}

#[test]
fn it_creates_a_missing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init", "time/2024"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("created time/2024/journal.sec"),
        "{stdout}"
    );
    assert!(stdout.contains("\n  cd time/2024\n"), "{stdout}");
    let inside = dir.path().join("time/2024");
    assert!(inside.join("journal.sec").is_file());
    let (code, _, stderr) = run(&inside, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "no problems in 1 file\n");
}

#[test]
fn a_directory_name_with_spaces_is_quoted_in_the_next_steps() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run(dir.path(), &["init", "my time"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("\n  cd 'my time'\n"), "{stdout}");
}

#[test]
fn the_example_day_is_today() {
    let dir = tempfile::tempdir().unwrap();
    let output = secl(dir.path())
        .env("SECL_TODAY", "2024-02-03")
        .arg("init")
        .output()
        .unwrap();
    assert!(output.status.success());
    insta::assert_snapshot!("stdout", String::from_utf8(output.stdout).unwrap());
    let journal = fs::read_to_string(dir.path().join("journal.sec")).unwrap();
    assert!(journal.contains("\n2024-02-03  ; "), "{journal}");
    insta::assert_snapshot!("journal", journal);
}

#[test]
fn completions_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = run(dir.path(), &["completions", shell]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{shell}");
        assert!(stdout.contains("balance"), "{shell}");
        // fish spells a long option `-l file`.
        let file = if shell == "fish" { "-l file" } else { "--file" };
        assert!(stdout.contains(file), "{shell}");
    }
    let (_, bash, _) = run(dir.path(), &["completions", "bash"]);
    let head: Vec<&str> = bash.lines().take(20).collect();
    insta::assert_snapshot!("bash_head", head.join("\n"));

    let (code, _, stderr) = run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid value"), "{stderr}");
}

#[test]
fn the_man_page_has_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let (code, page, stderr) = run(dir.path(), &["man"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(page.starts_with(".TH SECL 1 "), "{}", &page[..80]);
    assert!(page.is_ascii(), "non-ASCII characters are escaped");
    let cmd = Cli::command();
    let mut names = 0;
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        assert!(
            page.contains(&format!(".SS \"secl {name}\"\n")),
            "no section for secl {name}"
        );
        names += 1;
    }
    assert!(names >= 12);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "{section}");
    }
    // Each command's own options; the global ones only once.
    assert!(page.contains("\\fB\\-\\-strict\\fR"));
    assert_eq!(
        page.matches(".TP\n\\fB\\-f\\fR, \\fB\\-\\-file\\fR")
            .count(),
        1
    );
    // Examples keep their lines.
    assert!(page.contains(".nf\n  secl init\n  secl init ~/time\n"));
    // The format's essentials, offline.
    let format = &page[page
        .find(".SH \"JOURNAL FORMAT\"")
        .expect("a JOURNAL FORMAT section")..];
    for essential in [
        "journal.sec",
        "YYYY\\-MM\\-DD",
        "1h30m",
        "09:00\\-10:30",
        "Risk assessment",
        "#hashtag",
        "taxonomy sec",
        "tag Execution",
        "alias okr",
        "target Strategy",
        "include 2024/*.sec",
        "merge=union",
        "grammar.md",
    ] {
        assert!(format.contains(essential), "the man page lacks {essential}");
    }

    // Where groff is installed, it reads the page without a warning.
    let Ok(mut groff) = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let output = groff.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn other_journals_in_the_directory_are_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.sec"), "2024-01-15  1h  Strategy\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["init"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains(
            "holds 1 other .sec file; to make it part of this journal, add `include *.sec`"
        ),
        "{stderr}"
    );
    assert!(dir.path().join("journal.sec").is_file());
}

#[test]
fn init_honours_one_f_and_refuses_what_it_cannot_honour() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init", "-f", "time/work.sec"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("created time/work.sec"), "{stdout}");
    assert!(stdout.contains("secl -f time/work.sec check"), "{stdout}");
    assert!(!dir.path().join("journal.sec").exists());
    let (code, _, stderr) = run(dir.path(), &["-f", "time/work.sec", "check"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 1 file\n"));
    // The .gitattributes goes beside the journal.
    assert!(dir.path().join("time/.gitattributes").is_file());

    for (args, says) in [
        (
            &["init", "-f", "a.sec", "-f", "b.sec"][..],
            "more than once",
        ),
        (&["init", "-f", "a.sec", "team"][..], "not both"),
        (&["init", "-f", "-"][..], "not standard input"),
        (&["init", "-f", "time"][..], "not the directory time"),
        (&["init", "-f", "time/work.sec"][..], "already exists"),
    ] {
        let (code, stdout, stderr) = run(dir.path(), args);
        assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    for name in ["a.sec", "b.sec", "team"] {
        assert!(!dir.path().join(name).exists(), "{name}");
    }
}

#[test]
fn the_starter_shows_a_tag_line_and_how_to_split_into_monthly_files() {
    let dir = tempfile::tempdir().unwrap();
    let output = secl(dir.path())
        .env("SECL_TODAY", "2026-03-04")
        .arg("init")
        .output()
        .unwrap();
    assert!(output.status.success());
    let path = dir.path().join("journal.sec");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\ntag Execution:Data & Infrastructure:Cloud cost review\n"),
        "{text}"
    );
    assert!(text.contains("\n; include 2026/*.sec\n"), "{text}");
    // The declared activity is usable at once.
    let (code, _, stderr) = run(dir.path(), &["add", "1h", "Cloud cost review"]);
    assert_eq!(code, 0, "{stderr}");

    // Following the comment: the days move to 2026/03.sec, the include is
    // switched on, and the journal totals the same.
    let (_, before, _) = run(dir.path(), &["balance", "-o", "csv"]);
    let text = fs::read_to_string(&path).unwrap();
    let at = text.find("\n2026-03-04").unwrap();
    fs::create_dir(dir.path().join("2026")).unwrap();
    fs::write(dir.path().join("2026/03.sec"), &text[at + 1..]).unwrap();
    fs::write(
        &path,
        text[..at + 1].replace("\n; include 2026/*.sec\n", "\ninclude 2026/*.sec\n"),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["-f", "journal.sec", "check"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 2 files\n"));
    let (_, after, _) = run(dir.path(), &["-f", "journal.sec", "balance", "-o", "csv"]);
    assert_eq!(before, after);
}

#[test]
fn init_writes_a_gitattributes_only_where_none_is_or_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run(dir.path(), &["init", "a"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("created a/.gitattributes"), "{stdout}");
    let attributes = fs::read_to_string(dir.path().join("a/.gitattributes")).unwrap();
    assert!(
        attributes.ends_with("\n*.sec merge=union\n"),
        "{attributes}"
    );

    // An existing one is left alone, with a note...
    fs::create_dir(dir.path().join("b")).unwrap();
    fs::write(dir.path().join("b/.gitattributes"), "*.png binary").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init", "b"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains(".gitattributes"), "{stdout}");
    assert!(stderr.contains("secl init --gitattributes"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("b/.gitattributes")).unwrap(),
        "*.png binary"
    );
    // ...unless asked, when the line is added and nothing else changes.
    fs::create_dir(dir.path().join("c")).unwrap();
    fs::write(dir.path().join("c/.gitattributes"), "*.png binary").unwrap();
    let (code, stdout, _) = run(dir.path(), &["init", "c", "--gitattributes"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("added `*.sec merge=union`"), "{stdout}");
    assert_eq!(
        fs::read_to_string(dir.path().join("c/.gitattributes")).unwrap(),
        "*.png binary\n*.sec merge=union\n"
    );
    // A file that has the line already is not touched, even when asked.
    fs::create_dir(dir.path().join("d")).unwrap();
    fs::write(dir.path().join("d/.gitattributes"), "*.sec  merge=union\n").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init", "d", "--gitattributes"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("gitattributes") && !stderr.contains("gitattributes"));
    assert_eq!(
        fs::read_to_string(dir.path().join("d/.gitattributes")).unwrap(),
        "*.sec  merge=union\n"
    );
    // And none at all on request.
    let (code, stdout, _) = run(dir.path(), &["init", "e", "--no-gitattributes"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("gitattributes"), "{stdout}");
    assert!(!dir.path().join("e/.gitattributes").exists());
}

/// `secl init` writes a commented `secl.rules` beside the journal (never
/// over one), and `secl import` takes it as it is: its rules resolve.
#[test]
fn the_starter_rules_file_imports_a_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("secl.rules: rules for `secl import"),
        "{stdout}"
    );
    let rules = fs::read_to_string(dir.path().join("secl.rules")).unwrap();
    assert!(rules.contains("\nskip "), "{rules}");
    fs::write(
        dir.path().join("work.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n\
         DTSTART:20240305T100000\r\nDTEND:20240305T110000\r\nSUMMARY:Board prep\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b@test\r\nDTSTART:20240305T120000\r\nDTEND:20240305T130000\r\n\
         SUMMARY:Lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let output = secl(dir.path())
        .env("SECL_NOW", "2024-03-06T09:00")
        .args(["import", "work.ics", "--dry-run"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("10:00-11:00  Board communications  ; Board prep"),
        "{stdout}{stderr}"
    );
    assert!(!stdout.contains("Lunch"), "{stdout}");

    // A second init elsewhere in the directory leaves the rules alone.
    fs::write(dir.path().join("secl.rules"), "default Strategy\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["init", "-f", "other.sec"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("secl.rules")).unwrap(),
        "default Strategy\n"
    );
}
