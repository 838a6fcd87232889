//! `secl fmt`: the canonical layout in place, `--check` with a diff, the
//! standard-input filter, and files left alone when they have syntax errors.

mod common;

use std::fs;

use common::{root, run, secl, transcript};

const MESSY: &str = "taxonomy sec   \n\n\n2024-01-15 ;  board week #board  \n 1h30m okr ; Q1 draft\n\t45m   Risk assessment\n; Tuesday\n2024-01-16  2h  Culture   ; one-line\n  30m Culture\n";

#[test]
fn formats_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    fs::write(&path, MESSY).unwrap();
    insta::assert_snapshot!(transcript(dir.path(), &["fmt", "j.sec"]));
    insta::assert_snapshot!(fs::read_to_string(&path).unwrap());
    // A second run changes nothing.
    let (code, _, stderr) = run(dir.path(), &["fmt", "j.sec"]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, "0 files reformatted, 1 unchanged\n")
    );
}

#[test]
fn check_prints_a_diff_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("j.sec"), MESSY).unwrap();
    insta::assert_snapshot!(transcript(dir.path(), &["fmt", "--check"]));
    assert_eq!(fs::read_to_string(dir.path().join("j.sec")).unwrap(), MESSY);
}

#[test]
fn the_examples_are_formatted_already() {
    let (code, stdout, stderr) = run(&root(), &["fmt", "--check", "examples"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched_but_the_others_are_formatted() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "2024-01-15\n  1h30  Strategy\n   45m   Culture\n";
    fs::write(dir.path().join("a.sec"), broken).unwrap();
    fs::write(dir.path().join("b.sec"), "2024-01-15\n 1h   Strategy\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["fmt"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`a.sec` is left unformatted: 1 error"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.sec")).unwrap(),
        broken
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("b.sec")).unwrap(),
        "2024-01-15\n  1h  Strategy\n"
    );
}

#[test]
fn standard_input_is_a_filter() {
    let output = secl(&root())
        .args(["fmt", "-"])
        .write_stdin(MESSY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .starts_with("taxonomy sec\n\n2024-01-15  ; board week #board\n")
    );
    // What cannot be formatted comes back unchanged, so an editor keeps it.
    let broken = "2024-01-15\n  xx  Culture\n";
    let output = secl(&root())
        .args(["fmt", "-"])
        .write_stdin(broken)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), broken);
}

#[test]
fn keeps_line_endings_bom_and_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    fs::write(&path, b"\xEF\xBB\xBF2024-01-15\r\n 1h Culture\r\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let (code, _, _) = run(dir.path(), &["fmt", "j.sec"]);
    assert_eq!(code, 0);
    assert_eq!(
        fs::read(&path).unwrap(),
        b"\xEF\xBB\xBF2024-01-15\r\n  1h  Culture\r\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn formats_named_and_walked_files_not_their_includes() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("main.sec"),
        "include ../other.sec\n2024-01-01\n 1h A\n",
    )
    .unwrap();
    fs::write(dir.path().join("sub/x.sec"), "2024-01-02\n 1h B\n").unwrap();
    let other = "2024-01-03\n 1h   C\n";
    fs::write(dir.path().join("other.sec"), other).unwrap();
    let (code, _, stderr) = run(dir.path(), &["fmt", "main.sec", "sub"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "2 files reformatted, 0 unchanged\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("other.sec")).unwrap(),
        other
    );
}

#[test]
fn a_file_reached_twice_is_formatted_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.sec"), MESSY).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("a.sec"), dir.path().join("b.sec")).unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["fmt", "--check", ".", "a.sec"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.matches("+++ ").count(), 1, "{stdout}");
    assert_eq!(stderr, "1 file would be reformatted, 0 already formatted\n");
}

#[test]
fn a_crlf_diff_keeps_its_line_endings_so_it_applies() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("j.sec"), "2024-01-15\r\n 1h   Strategy\r\n").unwrap();
    let (code, stdout, _) = run(dir.path(), &["fmt", "--check", "j.sec"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("\n- 1h   Strategy\r\n+  1h  Strategy\r\n"),
        "{stdout:?}"
    );
}

/// `--check` needs only read access. (Root may write anything, so only
/// another user sees the difference.)
#[cfg(unix)]
#[test]
fn check_needs_only_read_access() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    fs::write(&path, MESSY).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["fmt", "--check", "j.sec"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("+++ j.sec (formatted)"), "{stdout}");
}

/// Applies a unified diff to `old`, checking every context and removed
/// line against it, as `patch` would.
fn apply(old: &str, diff: &str) -> String {
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut at = 0;
    for line in diff.split_inclusive('\n').skip(2) {
        if let Some(header) = line.strip_prefix("@@ -") {
            let start: usize = header.split([',', ' ']).next().unwrap().parse().unwrap();
            let start = start.max(1) - 1;
            assert!(start >= at, "hunks overlap at {line}");
            old[at..start].iter().for_each(|l| out.push_str(l));
            at = start;
        } else if let Some(text) = line.strip_prefix('+') {
            out.push_str(text);
        } else {
            let text = &line[1..];
            assert_eq!(old[at], text, "the diff does not match line {}", at + 1);
            if line.starts_with(' ') {
                out.push_str(text);
            }
            at += 1;
        }
    }
    old[at..].iter().for_each(|l| out.push_str(l));
    out
}

/// A long file is compared a few day blocks at a time: changes far apart,
/// and a run of changed days longer than one search covers, still make a
/// diff that applies and gives the formatted file.
#[test]
fn check_of_a_long_file_gives_a_diff_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("taxonomy sec\n");
    for day in 0..6000 {
        let messy = day % 500 == 7 || (2000..4500).contains(&day);
        let date = format!(
            "{}-{:02}-{:02}",
            2000 + day / 336,
            1 + day / 28 % 12,
            1 + day % 28
        );
        if messy {
            text.push_str(&format!(
                "\n{date}\n 1h   Strategy\n\t30m Culture ; n{day}\n"
            ));
        } else {
            text.push_str(&format!(
                "\n{date}\n  1h   Strategy\n  30m  Culture  ; n{day}\n"
            ));
        }
    }
    let path = dir.path().join("j.sec");
    fs::write(&path, &text).unwrap();
    let (code, diff, _) = run(dir.path(), &["fmt", "--check", "j.sec"]);
    assert_eq!(code, 1);
    assert!(
        diff.starts_with("--- j.sec\n+++ j.sec (formatted)\n@@ -"),
        "{}",
        &diff[..200]
    );
    // One hunk for each of the seven far changes, one for the long run.
    assert_eq!(diff.matches("\n@@ -").count(), 8);
    let patched = apply(&text, &diff);
    let (code, _, _) = run(dir.path(), &["fmt", "j.sec"]);
    assert_eq!(code, 0);
    assert_eq!(patched, fs::read_to_string(&path).unwrap());
}
