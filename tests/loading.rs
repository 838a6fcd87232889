//! Loading journals (grammar.md, opening and `include`): inputs, directory walks, includes, and the
//! bad input that must give a clear diagnostic or work, never a panic.

mod common;

use std::fs;
use std::path::Path;

use common::{root, run, secl};

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `check --format short` in `dir`: (exit code, stdout lines, stderr).
fn short(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let args = [&["--today=2024-06-01", "check", "--format", "short"], args].concat();
    let (code, stdout, stderr) = run(dir, &args);
    (code, stdout.lines().map(str::to_string).collect(), stderr)
}

#[test]
fn the_examples_pass() {
    let (code, lines, stderr) = short(&root(), &["examples/2024-q1.sec", "examples/custom"]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
    assert_eq!(stderr, "no problems in 2 files\n");
}

#[test]
fn default_input_is_every_sec_file_below_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.sec", "2024-01-02  1h  Nope\n");
    write(dir.path(), "a/x.sec", "2024-01-01  1h  Strategy\n");
    write(dir.path(), ".hidden/y.sec", "2024-01-01  1h  Hidden\n");
    write(dir.path(), "a/.z.sec", "2024-01-01  1h  Hidden\n");
    write(dir.path(), "notes.txt", "2024-01-01  1h  Nope\n");
    let (code, lines, stderr) = short(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        ["b.sec:1:17: error[secl::unknown_tag]: unknown tag `Nope`"]
    );
    assert_eq!(stderr, "1 error in 2 files\n");
}

#[test]
fn secl_file_names_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "j.sec", "2024-01-02  1h  Nope\n");
    write(dir.path(), "other.sec", "2024-01-02  1h  Strategy\n");
    let output = secl(dir.path())
        .env("SECL_FILE", "other.sec")
        .args(["check", "--format", "short"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    // An empty SECL_FILE is as good as unset.
    let output = secl(dir.path())
        .env("SECL_FILE", "")
        .args(["check", "--format", "short"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn file_is_a_global_option() {
    let examples = root().join("examples");
    for args in [
        vec!["-f", "2024-q1.sec", "check"],
        vec!["check", "-f", "2024-q1.sec"],
        vec!["--file=2024-q1.sec", "tags", "--counts"],
        vec!["tags", "--file", "2024-q1.sec"],
    ] {
        let (code, _, stderr) = run(&examples, &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

#[test]
fn standard_input_is_named_dash() {
    let output = secl(&root())
        .args(["--today=2024-06-01", "check", "-", "--format", "short"])
        .write_stdin("2024-01-01\n  1h  Risk asesment\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "-:2:7: error[secl::unknown_tag]: unknown tag `Risk asesment`\n"
    );
}

#[test]
fn missing_paths_and_empty_directories_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, _, stderr) = short(dir.path(), &["missing.sec"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read `missing.sec`: No such file or directory"),
        "{stderr}"
    );
    let (code, _, stderr) = short(dir.path(), &["empty"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`empty`: the directory holds no .sec file"),
        "{stderr}"
    );
    // The default input with no journal at all.
    let (code, _, stderr) = short(&dir.path().join("empty"), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the current directory holds no .sec file"),
        "{stderr}"
    );
    // Exit 2 wins over journal errors.
    write(dir.path(), "bad.sec", "2024-01-01  1h  Nope\n");
    let (code, lines, _) = short(dir.path(), &["bad.sec", "missing.sec"]);
    assert_eq!((code, lines.len()), (2, 1));
}

#[test]
fn check_treats_each_path_as_its_own_journal() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "alice/j.sec",
        "taxonomy sec\n2024-01-01  1h  Strategy\n",
    );
    write(
        dir.path(),
        "bob/j.sec",
        "taxonomy cto\n2024-01-01  1h  Stakeholder Management\n",
    );
    let (code, lines, stderr) = short(dir.path(), &["alice", "bob"]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
    assert_eq!(stderr, "no problems in 2 files\n");
    // As one journal, the two taxonomies contradict each other.
    let (code, lines, _) = short(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert!(lines[0].contains("secl::taxonomy_conflict"), "{lines:?}");
}

#[test]
fn includes_with_globs_diamonds_and_cycles() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.sec",
        "include 2024/*.sec\ninclude shared.sec\n",
    );
    write(
        dir.path(),
        "2024/01.sec",
        "include ../shared.sec\n2024-01-01  1h  Strategy\n",
    );
    write(dir.path(), "2024/02.sec", "2024-02-01  1h  Nope\n");
    write(dir.path(), "shared.sec", "alias okr = OKR management\n");
    let (code, lines, stderr) = short(dir.path(), &["main.sec"]);
    assert_eq!(code, 1);
    // Files reached through include are named from the including file.
    assert_eq!(
        lines,
        ["2024/02.sec:1:17: error[secl::unknown_tag]: unknown tag `Nope`"]
    );
    assert_eq!(stderr, "1 error in 4 files\n");

    write(dir.path(), "shared.sec", "include main.sec\n");
    let (_, lines, _) = short(dir.path(), &["main.sec"]);
    assert!(
        lines.contains(
            &"2024/../shared.sec:1:9: error[secl::include_cycle]: include cycle: main.sec → 2024/01.sec → 2024/../shared.sec → main.sec"
                .to_string()
        ),
        "{lines:?}"
    );
}

#[test]
fn a_thousand_deep_include_chain() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        write(
            dir.path(),
            &format!("f{i}.sec"),
            format!("include f{}.sec\n", i + 1),
        );
    }
    write(dir.path(), "f1000.sec", "2024-01-01  1h  Strategy\n");
    // Cut at 64 files deep, with one diagnostic; never a stack overflow.
    let (code, lines, stderr) = short(dir.path(), &["f0.sec"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        lines,
        [
            "f64.sec:1:9: error[secl::missing_include]: includes nest more than 64 files deep here: this file's includes are not read"
        ]
    );
    assert_eq!(stderr, "1 error in 65 files\n");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_and_files_read_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "j/a.sec", "2024-01-01  1h  Strategy\n");
    std::os::unix::fs::symlink("..", dir.path().join("j/up")).unwrap();
    std::os::unix::fs::symlink("a.sec", dir.path().join("j/b.sec")).unwrap();
    let (code, _, stderr) = short(dir.path(), &["j"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "no problems in 1 file\n");
}

#[test]
fn odd_bytes_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.sec", "");
    write(
        dir.path(),
        "bom-crlf.sec",
        "\u{FEFF}2024-01-01\r\n  1h  Risk asesment  ; n\r\n",
    );
    write(dir.path(), "nul.sec", "2024-01-01\n  1h  Str\0x\n");
    write(dir.path(), "latin1.sec", b"2024-01-01\n  1h  Caf\xe9\n");
    let (code, lines, _) = short(
        dir.path(),
        &["empty.sec", "bom-crlf.sec", "nul.sec", "latin1.sec"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            // The BOM is not counted; CRLF is a line ending.
            "bom-crlf.sec:2:7: error[secl::unknown_tag]: unknown tag `Risk asesment`",
            "nul.sec:2:7: error[secl::unknown_tag]: unknown tag `Str\\u{0}x`",
            "latin1.sec:2:10: error[secl::invalid_utf8]: this line is not valid UTF-8",
        ]
    );
}

#[test]
fn a_five_megabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    let tag = "x".repeat(5 << 20);
    write(dir.path(), "long.sec", format!("2024-01-01\n  1h  {tag}\n"));
    let (code, stdout, _) = run(dir.path(), &["check", "long.sec"]);
    assert_eq!(code, 1);
    // The message quotes a clipped tag, and the excerpt is a window.
    assert!(stdout.len() < 4000, "{} bytes", stdout.len());
    assert!(stdout.contains("…`"));
}

#[test]
fn include_globs_match_hidden_names_only_when_the_pattern_spells_the_dot() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.sec", "include .h*.sec\n");
    write(dir.path(), ".hidden.sec", "2024-01-01  1h  Strategy\n");
    let (code, _, stderr) = short(dir.path(), &["main.sec"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 2 files\n"));
    // `*` and `**` match no hidden file or directory.
    let tree = dir.path().join("tree");
    write(&tree, "all.sec", "include *.sec\ninclude **/*.sec\n");
    write(&tree, ".git/x.sec", "2024-01-01  1h  Nope\n");
    write(&tree, ".x.sec", "2024-01-01  1h  Nope\n");
    write(&tree, "a/.y.sec", "2024-01-01  1h  Nope\n");
    write(&tree, "a/b/z.sec", "2024-01-01  1h  Strategy\n");
    let (code, lines, stderr) = short(&tree, &["all.sec"]);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(stderr, "no problems in 2 files\n");
    // A part that spells the dot may match a hidden directory too.
    write(dir.path(), "git.sec", "include tree/.g*/*.sec\n");
    let (_, lines, _) = short(dir.path(), &["git.sec"]);
    assert_eq!(
        lines,
        ["tree/.git/x.sec:1:17: error[secl::unknown_tag]: unknown tag `Nope`"]
    );
}

#[test]
fn a_glob_passes_over_the_file_that_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.sec",
        "include *.sec\ninclude **/*.sec\n2024-01-01  1h  Strategy\n",
    );
    write(dir.path(), "other.sec", "2024-01-02  1h  Strategy\n");
    write(dir.path(), "2024/01.sec", "2024-01-03  1h  Strategy\n");
    let (code, lines, stderr) = short(dir.path(), &["main.sec"]);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(stderr, "no problems in 3 files\n");
    // A glob that matches only the file itself is no cycle either; naming
    // itself still is, and so is a chain back to it.
    let alone = tempfile::tempdir().unwrap();
    write(alone.path(), "main.sec", "include *.sec\n");
    let (code, lines, _) = short(alone.path(), &["main.sec"]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
    write(alone.path(), "main.sec", "include main.sec\n");
    let (_, lines, _) = short(alone.path(), &["main.sec"]);
    assert_eq!(
        lines,
        ["main.sec:1:9: error[secl::include_cycle]: include cycle: main.sec → main.sec"]
    );
    write(dir.path(), "2024/01.sec", "include ../main.sec\n");
    let (code, lines, _) = short(dir.path(), &["main.sec"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "2024/01.sec:1:9: error[secl::include_cycle]: include cycle: main.sec → 2024/01.sec → main.sec"
        ]
    );
}

/// A broken symlink that is hidden or not a `.sec` file is none of the
/// journal's business; a symlink loop is skipped silently.
#[cfg(unix)]
#[test]
fn broken_symlinks_beside_the_journal_are_ignored() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j");
    write(&j, "a.sec", "2024-01-01  1h  Strategy\n");
    symlink("gone", j.join("README.link")).unwrap();
    symlink("gone.sec", j.join(".draft.sec")).unwrap();
    symlink("y", j.join("x")).unwrap();
    symlink("x", j.join("y")).unwrap();
    symlink("loop.sec", j.join("loop.sec")).unwrap();
    write(&j, "sub/keep.txt", "");
    symlink("../../nowhere", j.join("sub/dir")).unwrap();
    let (code, _, stderr) = short(dir.path(), &["j"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 1 file\n"));
    // The default input walks the current directory the same way.
    let (code, _, stderr) = short(&j, &[]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 1 file\n"));
    // A `.sec` file that is gone is still an I/O error.
    symlink("gone.sec", j.join("b.sec")).unwrap();
    let (code, _, stderr) = short(&j, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: cannot read `b.sec`: No such file or directory\n\
         no problems in 1 file; 1 path could not be read\n"
    );
}

#[test]
fn the_check_summary_counts_the_paths_that_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.sec", "2024-01-01  1h  Strategy\n");
    let (code, _, stderr) = short(dir.path(), &["nope.sec"]);
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("no problems in 0 files; 1 path could not be read\n"),
        "{stderr}"
    );
    let (code, _, stderr) = short(dir.path(), &["good.sec", "nope.sec", "gone.sec"]);
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("no problems in 1 file; 2 paths could not be read\n"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_in_a_taxonomy_file_is_reported_there() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "u.taxonomy", b"A\n  B\xff\n  C\n");
    write(
        dir.path(),
        "u.sec",
        "taxonomy u.taxonomy\n2024-01-01  1h  A\n  1h  C\n",
    );
    let (code, lines, _) = short(dir.path(), &["u.sec"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        ["u.taxonomy:2:4: error[secl::invalid_utf8]: this line is not valid UTF-8"]
    );
}

/// A line indented with a tab is reported alone: the lines after it are
/// read as if it were not there, and their own problems are reported.
#[test]
fn a_tab_indented_taxonomy_line_swallows_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.taxonomy",
        "Strategy\n\tTabbed\n  Plan\n  plan\n  a:b\nOther\n  X\n",
    );
    write(
        dir.path(),
        "t.sec",
        "taxonomy t.taxonomy\n2024-01-01  1h  Plan\n  1h  X\n",
    );
    let (code, lines, _) = short(dir.path(), &["t.sec"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "t.taxonomy:2:1: error[secl::taxonomy_syntax]: a taxonomy is indented with spaces, not tabs",
            "t.taxonomy:4:3: error[secl::taxonomy_syntax]: `plan` folds to the same name as its sibling `Plan`",
            "t.taxonomy:5:3: error[secl::taxonomy_syntax]: `a:b` holds a `:`",
        ]
    );
}
