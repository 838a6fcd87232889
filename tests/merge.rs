//! Journals in git: the `.gitattributes` that `secl init` writes
//! (`*.sec merge=union`) lets two machines' additions to one journal merge
//! without a conflict, and what a union merge can leave behind (an entry
//! logged on both machines, days out of order) is exactly what `secl check`
//! reports.

mod common;

use std::path::Path;
use std::process::Command;

use common::{run, secl};

/// Runs git in `dir`; `None` when git is not installed.
fn git(dir: &Path, args: &[&str]) -> Option<bool> {
    let status = Command::new("git")
        .args(["-c", "user.name=secl", "-c", "user.email=secl@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .ok()?
        .status;
    Some(status.success())
}

/// A repository holding `secl init`'s journal (its example day 2024-03-04)
/// and `.gitattributes`, committed on `main`; `None` without git.
fn repository(gitattributes: bool) -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    if git(dir.path(), &["init", "-q"]).is_none() {
        eprintln!("git is not installed: skipping the merge test");
        return None;
    }
    let flag = if gitattributes {
        "--gitattributes"
    } else {
        "--no-gitattributes"
    };
    let output = secl(dir.path())
        .env("SECL_TODAY", "2024-03-04")
        .args(["init", flag])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(dir.path().join(".gitattributes").exists(), gitattributes);
    assert_eq!(git(dir.path(), &["add", "-A"]), Some(true));
    assert_eq!(git(dir.path(), &["commit", "-qm", "start"]), Some(true));
    Some(dir)
}

/// On a new branch from `main`, each `secl add` (arguments after `add`),
/// then a commit.
fn branch(dir: &Path, name: &str, adds: &[&[&str]]) {
    assert_eq!(
        git(dir, &["checkout", "-q", "-b", name, "main"]),
        Some(true)
    );
    for add in adds {
        let args = [&["--today", "2024-03-31", "add"], *add].concat();
        let (code, _, stderr) = run(dir, &args);
        assert_eq!(code, 0, "{add:?}: {stderr}");
    }
    assert_eq!(git(dir, &["commit", "-qam", name]), Some(true));
}

/// The codes `secl check` reports, in order.
fn codes(dir: &Path) -> Vec<String> {
    let (_, stdout, _) = run(dir, &["--today", "2024-03-31", "check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const STANDUP: &[&str] = &["--date", "2024-03-04", "1h", "Strategy", "standup"];
const RETRO: &[&str] = &["--date", "2024-03-04", "30m", "Culture", "retro"];

/// Both machines log the same two meetings of the same day, in another
/// order; then `desktop` merges `laptop`. Whether git merged cleanly.
fn log_on_both_machines(dir: &Path) -> Option<bool> {
    branch(dir, "laptop", &[STANDUP, RETRO]);
    branch(dir, "desktop", &[RETRO, STANDUP]);
    git(dir, &["merge", "-q", "-m", "merge", "laptop"])
}

#[test]
fn the_same_entry_logged_on_two_machines_is_a_duplicate_entry() {
    let Some(repo) = repository(true) else {
        return;
    };
    let dir = repo.path();
    // A union merge keeps both sides, so each entry is there twice.
    assert_eq!(log_on_both_machines(dir), Some(true));
    let text = std::fs::read_to_string(dir.join("journal.sec")).unwrap();
    assert_eq!(
        text.matches("; standup").count() + text.matches("; retro").count(),
        4,
        "{text}"
    );
    assert_eq!(
        codes(dir),
        ["secl::duplicate_entry", "secl::duplicate_entry"],
        "{text}"
    );
    let (code, _, _) = run(dir, &["--today", "2024-03-31", "check", "--strict"]);
    assert_eq!(code, 1, "--strict fails on it, for CI");
}

#[test]
fn days_appended_on_two_machines_are_out_of_order() {
    let Some(repo) = repository(true) else {
        return;
    };
    let dir = repo.path();
    branch(dir, "desktop", &[&["--date", "2024-03-05", "45m", "okr"]]);
    branch(dir, "laptop", &[&["--date", "2024-03-06", "2h", "Culture"]]);
    assert_eq!(
        git(dir, &["merge", "-q", "-m", "merge", "desktop"]),
        Some(true)
    );
    assert_eq!(codes(dir), ["secl::out_of_order"]);
    // Nothing is lost: both days' time is there.
    let (code, stdout, _) = run(dir, &["balance", "2024-03-05..2024-03-06", "-o", "csv"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("total,2.75,2.75\n"), "{stdout}");
}

#[test]
fn without_the_union_driver_the_same_merge_conflicts() {
    let Some(repo) = repository(false) else {
        return;
    };
    assert_eq!(log_on_both_machines(repo.path()), Some(false));
}
