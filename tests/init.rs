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
    assert_eq!(text.matches("\n; target ").count(), 3);
    fs::write(&path, text.replace("\n; target ", "\ntarget ")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(dir.path(), &["targets"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 4, "{stdout}");

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
    assert!(page.contains(".nf\n  secl init\n  secl init ~/time\n.fi\n"));

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
        stderr.contains("holds 1 other .sec file; secl reads them together"),
        "{stderr}"
    );
    assert!(dir.path().join("journal.sec").is_file());
}
