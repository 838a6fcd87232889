//! Hostile trees and input (issue "Never lose a byte"): whatever is on disk,
//! secl gives a clear diagnostic or works, never a panic, in linear time.

mod common;

use std::fs;
use std::path::Path;

use common::run;

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let args = [&["--today=2024-06-01", "check", "--format", "short"], args].concat();
    run(dir, &args)
}

#[test]
fn an_include_cycle_names_every_file_in_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.sec", "include b.sec\n");
    write(dir.path(), "b.sec", "include c.sec\n");
    write(
        dir.path(),
        "c.sec",
        "include a.sec\n2024-01-01  1h  Culture\n",
    );
    let (code, stdout, _) = check(dir.path(), &["a.sec"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "c.sec:1:9: error[secl::include_cycle]: include cycle: a.sec → b.sec → c.sec → a.sec\n"
    );
}

#[test]
fn a_thousand_deep_include_chain_and_a_file_reached_twice() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        write(
            dir.path(),
            &format!("chain/f{i}.sec"),
            format!("include f{}.sec\n", i + 1),
        );
    }
    write(dir.path(), "chain/f1000.sec", "2024-01-01  1h  Culture\n");
    // The whole directory is walked too: every file is read once.
    let (code, _, stderr) = check(dir.path(), &["chain"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "no problems in 1001 files\n");
    let (code, stdout, _) = run(dir.path(), &["-f", "chain", "balance", "-o", "csv"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("total,1.00,1.00\n"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "j/a.sec", "2024-01-01  1h  Culture\n");
    // A listed file whose target is gone: like a file that vanished.
    std::os::unix::fs::symlink("gone.sec", dir.path().join("j/b.sec")).unwrap();
    let (code, _, stderr) = check(dir.path(), &["j"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("j/b.sec"), "{stderr}");
}

#[test]
fn a_hundred_megabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = b"2024-01-01\n  1h  ".to_vec();
    text.resize(text.len() + (100 << 20), b'x');
    text.push(b'\n');
    write(dir.path(), "long.sec", text);
    let (code, stdout, _) = run(dir.path(), &["check", "long.sec"]);
    assert_eq!(code, 1);
    // One clipped diagnostic, not a hundred megabytes of it.
    assert!(stdout.len() < 4000, "{} bytes", stdout.len());
    assert!(stdout.contains("unknown tag `xxxxxxxx"), "{stdout}");
}

/// The same in column 1, where it reads as an unknown directive (whose
/// did-you-mean once compared all of it with each directive's name).
#[test]
fn a_hundred_megabyte_unknown_directive() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = b"2024-01-01\n  1h  Culture\n".to_vec();
    text.resize(text.len() + (100 << 20), b'y');
    text.push(b'\n');
    write(dir.path(), "long.sec", text);
    let (code, stdout, _) = run(dir.path(), &["check", "long.sec", "--format", "short"]);
    assert_eq!(code, 1);
    assert!(stdout.len() < 4000, "{} bytes", stdout.len());
    assert!(stdout.contains("unknown directive `yyyyyyyy"), "{stdout}");
}

#[test]
fn a_million_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "2024-01-01\n".to_string();
    text.push_str(&"\n".repeat(1_000_000));
    text.push_str("  1h  Culture\n");
    write(dir.path(), "blank.sec", &text);
    let (code, _, stderr) = check(dir.path(), &["blank.sec"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 1 file\n"));
    let (code, _, _) = run(dir.path(), &["fmt", "blank.sec"]);
    assert_eq!(code, 0);
    // Runs of blank lines become one.
    assert_eq!(
        fs::read_to_string(dir.path().join("blank.sec")).unwrap(),
        "2024-01-01\n\n  1h  Culture\n"
    );
}

#[test]
fn control_characters_and_bidi_marks_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // An escape sequence and a right-to-left override in a tag and a note.
    write(
        dir.path(),
        "j.sec",
        "2024-01-01\n  1h  Cul\u{1b}[31mture\u{202E}x  ; n\u{1b}]0;title\u{7}\u{202E}\n",
    );
    for format in ["human", "short", "github", "json"] {
        let (code, stdout, _) = run(
            dir.path(),
            &["check", "j.sec", "--format", format, "--color", "never"],
        );
        assert_eq!(code, 1, "{format}");
        assert!(
            !stdout.contains('\u{1b}'),
            "{format}: raw escape in {stdout:?}"
        );
        assert!(
            !stdout.contains('\u{202E}'),
            "{format}: raw override in {stdout:?}"
        );
        assert!(
            !stdout.contains('\u{7}'),
            "{format}: raw bell in {stdout:?}"
        );
    }
    let (_, stdout, _) = run(dir.path(), &["check", "j.sec", "--format", "short"]);
    assert!(stdout.contains("\\u{1b}[31m"), "{stdout}");
}

/// A bare carriage return would send the cursor back over the line; the
/// invisible separators and joiners would hide in it. A CRLF ending stays.
#[test]
fn bare_carriage_returns_and_invisible_characters_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "j.sec",
        "2024-01-15\r\n  1h Risk\rasesment\u{200B}\u{2028}\u{FEFF} ; x\r\n",
    );
    for format in ["human", "short", "github", "json"] {
        let (code, stdout, stderr) = run(
            dir.path(),
            &["check", "j.sec", "--format", format, "--color", "never"],
        );
        assert_eq!(code, 1, "{format}");
        for text in [&stdout, &stderr] {
            for c in ['\u{200B}', '\u{2028}', '\u{FEFF}'] {
                assert!(!text.contains(c), "{format}: raw {c:?} in {text:?}");
            }
            let bare = text
                .match_indices('\r')
                .any(|(at, _)| !text[at + 1..].starts_with('\n'));
            assert!(!bare, "{format}: a bare CR in {text:?}");
        }
    }
}

#[test]
fn control_characters_in_reports_are_escaped_too() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "j.sec",
        "2024-01-01\n  1h  Culture  ; bad\u{1b}[2Jnote\u{202E}\n",
    );
    let (code, stdout, _) = run(dir.path(), &["register"]);
    assert_eq!(code, 0);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202E}'),
        "{stdout:?}"
    );
}

/// A name that is not UTF-8 beside the files a glob matches (glob 0.3.4
/// panicked on it); `*` matches it with its bad bytes replaced.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_in_a_globbed_directory() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "n/m.sec", "include 2024/*.sec\n");
    write(dir.path(), "n/all.sec", "include 2024/*\n");
    write(dir.path(), "n/2024/ok.sec", "2024-01-01  1h  Culture\n");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.path().join("n/2024").join(name), "").unwrap();
    let (code, _, stderr) = check(dir.path(), &["n/m.sec"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 2 files\n"));
    let (code, _, stderr) = check(dir.path(), &["n/all.sec"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 3 files\n"));
    let (code, stdout, stderr) = run(dir.path(), &["-f", "n/m.sec", "balance", "-o", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.ends_with("total,1.00,1.00\n"), "{stdout}");
}

/// `secl` in `dir`, killed if it hangs.
#[cfg(unix)]
fn run_briefly(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = common::secl(dir)
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("secl does not hang");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Makes a named pipe.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// An include of a FIFO once waited forever for a writer, and one of
/// `/dev/null` read as an empty journal.
#[cfg(unix)]
#[test]
fn an_include_must_name_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.sec"));
    fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        dir.path(),
        "j.sec",
        "include pipe.sec\ninclude /dev/null\ninclude sub\n2024-01-01  1h  Culture\n",
    );
    let args = ["--today=2024-06-01", "check", "--format", "short", "j.sec"];
    let (code, stdout, _) = run_briefly(dir.path(), &args);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "j.sec:1:9: error[secl::missing_include]: cannot include `pipe.sec`: is not a regular file\n\
         j.sec:2:9: error[secl::missing_include]: cannot include `/dev/null`: is not a regular file\n\
         j.sec:3:9: error[secl::missing_include]: cannot include `sub`: is a directory\n"
    );
}

/// A pipe named on the command line is read (once: its text is kept for
/// the diagnostics, since a pipe cannot be read again).
#[cfg(unix)]
#[test]
fn a_pipe_named_on_the_command_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.sec");
    mkfifo(&pipe);
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || fs::write(pipe, "2024-01-01  1h  Cultur\n"))
    };
    let (code, stdout, _) = run_briefly(dir.path(), &["-f", "pipe.sec", "check"]);
    // Lets the writer go, should secl not have opened the pipe.
    use std::os::unix::fs::OpenOptionsExt;
    let _ = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&pipe);
    writer.join().unwrap().unwrap();
    assert_eq!(code, 1);
    assert!(stdout.contains("1 │ 2024-01-01  1h  Cultur"), "{stdout}");
    // The shell's `<(cmd)` names a pipe that has no canonical path.
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#""$0" -f <(printf '2024-01-01  1h  Culture\n') check"#)
        .arg(env!("CARGO_BIN_EXE_secl"))
        .env_remove("SECL_FILE")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "no problems in 1 file\n");
}

/// `A0:A1:…` with `n` segments.
fn segments(n: usize) -> String {
    (0..n)
        .map(|i| format!("A{i}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Deep paths once cost time and memory cubic in their depth (a 5 KB `tag`
/// line took 900 MB): a taxonomy is at most 32 levels deep.
#[test]
fn a_two_thousand_segment_tag_and_a_taxonomy_two_thousand_deep() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tag.sec",
        format!("tag {}:B\n2024-01-01  1h  B\n", segments(2000)),
    );
    let (code, stdout, _) = check(dir.path(), &["tag.sec"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "tag.sec:1:5: error[secl::syntax]: the path has 2001 segments, more than 32\n\
         tag.sec:2:17: error[secl::unknown_tag]: unknown tag `B`\n"
    );
    let deep: String = (0..2000)
        .map(|i| format!("{}N{i}\n", "  ".repeat(i)))
        .collect();
    write(dir.path(), "deep.taxonomy", deep);
    write(
        dir.path(),
        "deep.sec",
        format!(
            "taxonomy deep.taxonomy\n2024-01-01  1h  N31\n  1h  {}\n",
            segments(2000)
        ),
    );
    let (code, stdout, _) = check(dir.path(), &["deep.sec"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("deep.sec:3:7: error[secl::unknown_tag]"));
    assert_eq!(
        lines[1],
        "deep.taxonomy:33:65: error[secl::taxonomy_syntax]: `N32` is nested deeper than 32 levels"
    );
}

/// With an alias declared, every `:` of an entry's tag once cost a hash of
/// everything before it (200,000 segments took 13 s); so did a long alias
/// target. Now 5 MB of `a:a:…` is read in linear time.
#[test]
fn long_tags_with_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let many = vec!["a"; 2_500_000].join(":");
    write(
        dir.path(),
        "j.sec",
        format!(
            "alias okr = Strategy\nalias x = {}\n2024-01-15  1h  {many}\n  1h  okr:{many}\n  1h  okr\n",
            segments(200_000)
        ),
    );
    let (code, stdout, _) = check(dir.path(), &["j.sec"]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(['[', ']']).nth(1).unwrap_or(l))
        .collect();
    assert_eq!(
        codes,
        [
            "secl::unknown_tag",
            "secl::unknown_tag",
            "secl::unknown_tag"
        ],
        "{stdout}"
    );
}

/// Adding a node once compared it with every sibling (100,000 siblings took
/// two minutes); an alias chain was resolved a link per pass over them all.
#[test]
fn a_hundred_thousand_siblings_and_a_long_alias_chain() {
    let dir = tempfile::tempdir().unwrap();
    let wide: String = (0..100_000).map(|i| format!("N{i}\n")).collect();
    write(dir.path(), "wide.taxonomy", wide);
    let tags: String = (0..100_000).map(|i| format!("tag N0:C{i}\n")).collect();
    let chain: String = (0..20_000)
        .map(|i| format!("alias a{i} = a{}\n", i + 1))
        .collect();
    write(
        dir.path(),
        "j.sec",
        format!(
            "taxonomy wide.taxonomy\n{tags}{chain}alias a20000 = N99999\n2024-01-01  1h  a0\n  1h  C99999\n"
        ),
    );
    let (code, _, stderr) = check(dir.path(), &["j.sec"]);
    assert_eq!((code, stderr.as_str()), (0, "no problems in 1 file\n"));
}

/// The did-you-mean compares long names within a band of edits, not in
/// time their length squared.
#[test]
fn a_near_miss_of_a_long_name() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a".repeat(100_000);
    write(
        dir.path(),
        "j.sec",
        format!("tag {name}\n2024-01-01  1h  b{}x\n", &name[1..]),
    );
    let (code, stdout, _) = run(dir.path(), &["check", "j.sec", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("did you mean `aaaa"), "{}", &stdout[..500]);
}

/// Every unknown tag gets its did-you-mean, however many distinct ones a
/// journal has: 30,001 typos over `cto` (once past a budget that turned
/// suggestions off) are each suggested the node they miss.
#[test]
fn many_distinct_unknown_tags_all_get_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    // Two letters of `platformthinking` changed: 30,001 distinct typos.
    let name: Vec<char> = "platformthinking".chars().collect();
    let mut typos = Vec::new();
    'all: for (first, second) in
        (0..name.len()).flat_map(|a| (a + 1..name.len()).map(move |b| (a, b)))
    {
        for x in ('a'..='z').filter(|&x| x != name[first]) {
            for y in ('a'..='z').filter(|&y| y != name[second]) {
                let mut typo = name.clone();
                typo[first] = x;
                typo[second] = y;
                typos.push(typo.into_iter().collect::<String>());
                if typos.len() == 30_001 {
                    break 'all;
                }
            }
        }
    }
    let mut text = String::from("taxonomy cto\n");
    for (i, typo) in typos.iter().enumerate() {
        let date = format!(
            "{}-{:02}-{:02}",
            1900 + i / 336,
            1 + i / 28 % 12,
            1 + i % 28
        );
        text.push_str(&format!("{date}  1m  {typo}\n"));
    }
    write(dir.path(), "j.sec", &text);
    let (code, stdout, _) = run(
        dir.path(),
        &["--today=2024-06-01", "check", "j.sec", "--format", "json"],
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let diagnostics: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "secl::unknown_tag")
        .collect();
    assert_eq!(diagnostics.len(), 30_001);
    let wanted = "did you mean `Technical Leadership:Technical Strategy:Platform Thinking`?";
    assert!(
        diagnostics.iter().all(|d| d["help"] == wanted),
        "{}",
        diagnostics.iter().find(|d| d["help"] != wanted).unwrap()
    );
    assert!(
        diagnostics[30_000]["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("`{}`", typos[30_000])),
        "{}",
        diagnostics[30_000]
    );
}
