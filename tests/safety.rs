//! Safe on shared machines and untrusted input (docs/security.md): private
//! temporary files that never outlive a run, only regular files written,
//! hard links, owners and extended attributes kept, a closed pipe that
//! never turns errors into success, names that cannot act on a terminal or
//! a CI log, CSV cells that cannot run as formulas, bounded reports.
//!
//! Permission tests run as `nobody` through `setpriv`, since the tests run
//! as root.

#![cfg(target_os = "linux")]

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{run, secl};

const ENTRY: &str = "2024-01-15\n  1h  Strategy\n";

/// `secl add` of one entry to `j.sec`.
const ADD_TO_J: [&str; 7] = [
    "--today",
    "2024-01-20",
    "add",
    "-f",
    "j.sec",
    "1h",
    "Culture",
];

/// A journal that `fmt` changes: each entry's blanks are off.
fn unformatted(days: usize) -> String {
    let mut text = String::with_capacity(days * 40);
    for day in 0..days {
        let (year, rest) = (2000 + day / 336, day % 336);
        text.push_str(&format!(
            "{year}-{:02}-{:02}\n 1h    Strategy   ; n\n",
            rest / 28 + 1,
            rest % 28 + 1
        ));
    }
    text
}

/// A directory that `nobody` can enter and write (like a shared one).
fn shared_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

/// A command run as `nobody:nogroup`.
fn as_nobody(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(program);
    cmd
}

/// Runs `secl ARGS` in `dir` as `nobody:nogroup`.
fn secl_as_nobody<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> std::process::Output {
    as_nobody(secl_bin())
        .args(args)
        .current_dir(dir)
        .env_remove("SECL_FILE")
        .output()
        .unwrap()
}

fn secl_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_secl"))
}

/// `secl` as a plain process, with the environment of [`common::secl`].
fn plain_secl(dir: &Path) -> Command {
    let mut cmd = Command::new(secl_bin());
    cmd.current_dir(dir)
        .env_remove("SECL_FILE")
        .env_remove("SECL_TODAY")
        .env("COLUMNS", "100");
    cmd
}

/// The temporary files of writes in `dir`.
fn temps(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

/// Runs `secl fmt j.sec` on a large journal and sends `signal` once its
/// temporary file exists; returns whether it was caught mid-write (else
/// the run ended first).
fn signal_mid_write(dir: &Path, signal: i32) -> bool {
    let mut child = plain_secl(dir)
        .args(["fmt", "j.sec"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if !temps(dir).is_empty() {
            // SAFETY: kill on our own child's pid.
            unsafe { libc::kill(child.id() as i32, signal) };
            child.wait().unwrap();
            return true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return false;
        }
    }
}

/// Catches a `fmt` mid-write with `signal`, on a fresh 0600 journal each
/// try (a run that ended first formatted it).
fn caught_mid_write(dir: &Path, signal: i32) -> String {
    let text = unformatted(400_000);
    for _ in 0..20 {
        let path = dir.join("j.sec");
        fs::write(&path, &text).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        if signal_mid_write(dir, signal) {
            return text;
        }
    }
    panic!("no write was caught in 20 tries");
}

/// Item 1: a run killed outright leaves its temporary file, which nobody
/// else can read (it was 0644 until complete), and the next write removes.
#[test]
fn a_killed_runs_temporary_file_is_private_and_the_next_write_removes_it() {
    let dir = shared_dir();
    let text = caught_mid_write(dir.path(), libc::SIGKILL);
    let left = temps(dir.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(fs::metadata(&left[0]).unwrap().mode() & 0o077, 0);
    let read = as_nobody("cat")
        .arg(&left[0])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!read.success(), "nobody read the temporary file");
    assert_eq!(fs::read_to_string(dir.path().join("j.sec")).unwrap(), text);
    // The next write finds it and removes it.
    fs::write(dir.path().join("j.sec"), ENTRY).unwrap();
    let (code, _, stderr) = run(dir.path(), &ADD_TO_J);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(temps(dir.path()), Vec::<PathBuf>::new());
}

/// Item 1: SIGTERM and SIGINT remove the temporary file of a write in
/// progress; the journal is the old one or the new one, whole.
#[test]
fn an_interrupted_write_removes_its_temporary_file() {
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let dir = tempfile::tempdir().unwrap();
        let text = caught_mid_write(dir.path(), signal);
        assert_eq!(temps(dir.path()), Vec::<PathBuf>::new(), "signal {signal}");
        let now = fs::read_to_string(dir.path().join("j.sec")).unwrap();
        assert!(now == text || !now.contains("    "), "signal {signal}");
    }
}

/// Item 1: a write cut by the file size limit (SIGXFSZ) leaves nothing
/// behind; with the signal ignored it is an error, exit 2.
#[test]
fn a_file_size_limit_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = unformatted(5_000);
    fs::write(dir.path().join("j.sec"), &text).unwrap();
    let bin = secl_bin();
    for (script, code) in [
        ("ulimit -f 8; exec \"$0\" fmt j.sec", None),
        ("trap '' XFSZ; ulimit -f 8; exec \"$0\" fmt j.sec", Some(2)),
    ] {
        let output = Command::new("sh")
            .args(["-c", script])
            .arg(&bin)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), code, "{script}");
        assert_eq!(temps(dir.path()), Vec::<PathBuf>::new(), "{script}");
        assert_eq!(fs::read_to_string(dir.path().join("j.sec")).unwrap(), text);
    }
}

fn mknod_null(path: &Path) {
    let status = Command::new("mknod")
        .arg(path)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(status.success());
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Runs secl with a deadline: a run that hangs fails the test.
fn run_briefly(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = secl(dir);
    cmd.args(args).timeout(Duration::from_secs(20));
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd.output().unwrap();
    assert!(output.status.code().is_some(), "secl hung on {args:?}");
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Item 2: a character device named by `-f` or `$SECL_FILE` is refused,
/// not replaced by a journal (as root, `SECL_FILE=/dev/null` once replaced
/// the real one; the test uses a device of its own).
#[test]
fn a_device_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("nulldev");
    mknod_null(&device);
    let add = ["--today", "2024-01-20", "add", "1h", "Culture"];
    for (args, env) in [
        ([&["-f", "./nulldev"], &add[..]].concat(), vec![]),
        (add.to_vec(), vec![("SECL_FILE", "./nulldev")]),
        (vec!["fmt", "nulldev"], vec![]),
    ] {
        let (code, stderr) = run_briefly(dir.path(), &args, &env);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("is a character device, not a regular file"),
            "{stderr}"
        );
        let meta = fs::symlink_metadata(&device).unwrap();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(
            &meta.file_type()
        ));
    }
}

/// Item 2: `fmt` and `add` on a FIFO (or a symlink to one) once waited
/// forever; now they stop with an error, exit 2.
#[test]
fn a_fifo_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("j.sec"));
    std::os::unix::fs::symlink("j.sec", dir.path().join("link.sec")).unwrap();
    for name in ["j.sec", "link.sec"] {
        for args in [
            vec!["fmt", name],
            vec!["--today", "2024-01-20", "add", "-f", name, "1h", "Culture"],
        ] {
            let (code, stderr) = run_briefly(dir.path(), &args, &[]);
            assert_eq!(code, 2, "{args:?}: {stderr}");
            assert!(
                stderr.contains("is a FIFO (named pipe), not a regular file"),
                "{stderr}"
            );
        }
    }
}

/// Item 3: a hard-linked journal stays one file: every name sees the change.
#[test]
fn a_hard_link_sees_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sec"), dir.path().join("b.sec"));
    fs::write(&a, unformatted(3)).unwrap();
    fs::hard_link(&a, &b).unwrap();
    let (code, _, stderr) = run(dir.path(), &["fmt", "a.sec"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "--today",
            "2024-01-20",
            "add",
            "-f",
            "b.sec",
            "1h",
            "Culture",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (ma, mb) = (fs::metadata(&a).unwrap(), fs::metadata(&b).unwrap());
    assert_eq!((ma.ino(), ma.nlink()), (mb.ino(), 2));
    let text = fs::read_to_string(&a).unwrap();
    assert!(
        text.contains("  1h  Strategy  ; n\n") && text.contains("Culture"),
        "{text}"
    );
    assert_eq!(temps(dir.path()), Vec::<PathBuf>::new());
}

/// Item 3: a group member who formats or adds to a group-writable journal
/// leaves it its owner's (the file is written in place).
#[test]
fn a_group_member_keeps_the_owner() {
    let dir = shared_dir();
    let path = dir.path().join("j.sec");
    fs::write(&path, unformatted(3)).unwrap();
    let nogroup = fs::metadata("/proc/self")
        .map(|_| ())
        .map(|_| 65534)
        .unwrap();
    std::os::unix::fs::chown(&path, Some(0), Some(nogroup)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    for args in [vec!["fmt", "j.sec"], ADD_TO_J.to_vec()] {
        let output = secl_as_nobody(dir.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid(), meta.mode() & 0o777),
            (0, nogroup, 0o664)
        );
    }
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("  1h  Strategy  ; n\n") && text.contains("Culture"),
        "{text}"
    );
}

fn set_xattr(path: &Path, name: &str, value: &[u8]) {
    let path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    let name = std::ffi::CString::new(name).unwrap();
    // SAFETY: valid C strings and a buffer of the given length.
    let set = unsafe {
        libc::setxattr(
            path.as_ptr(),
            name.as_ptr(),
            value.as_ptr().cast(),
            value.len(),
            0,
        )
    };
    assert_eq!(set, 0, "{}", std::io::Error::last_os_error());
}

fn get_xattr(path: &Path, name: &str) -> Option<Vec<u8>> {
    let path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    let name = std::ffi::CString::new(name).unwrap();
    let mut buffer = vec![0u8; 256];
    // SAFETY: valid C strings and a buffer of the given length.
    let got = unsafe {
        libc::getxattr(
            path.as_ptr(),
            name.as_ptr(),
            buffer.as_mut_ptr().cast(),
            buffer.len(),
        )
    };
    (got >= 0).then(|| buffer[..got as usize].to_vec())
}

/// A POSIX access ACL (the kernel's xattr form) that gives `nobody` read.
fn acl_nobody_reads() -> Vec<u8> {
    let mut acl = 2u32.to_le_bytes().to_vec();
    for (tag, perm, id) in [
        (0x01u16, 6u16, u32::MAX),
        (0x02, 4, 65534),
        (0x04, 4, u32::MAX),
        (0x10, 4, u32::MAX),
        (0x20, 0, u32::MAX),
    ] {
        acl.extend(tag.to_le_bytes());
        acl.extend(perm.to_le_bytes());
        acl.extend(id.to_le_bytes());
    }
    acl
}

/// Item 3: extended attributes and ACLs survive `fmt` and `add`.
#[test]
fn extended_attributes_and_acls_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    fs::write(&path, unformatted(3)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    set_xattr(&path, "user.origin", b"laptop");
    set_xattr(&path, "system.posix_acl_access", &acl_nobody_reads());
    for args in [vec!["fmt", "j.sec"], ADD_TO_J.to_vec()] {
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            get_xattr(&path, "user.origin").as_deref(),
            Some(&b"laptop"[..])
        );
        assert_eq!(
            get_xattr(&path, "system.posix_acl_access"),
            Some(acl_nobody_reads()),
            "{args:?}"
        );
    }
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("  1h  Strategy  ; n\n") && text.contains("Culture"),
        "{text}"
    );
}

/// The exit code of `secl ARGS` whose standard output is a pipe that
/// nobody reads any more (`secl … | head -1` once head has exited).
fn exit_into_closed_pipe(dir: &Path, args: &[&str]) -> i32 {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    // `2>&1 | head -1`: standard error goes into the same closed pipe.
    let stderr = writer.try_clone().unwrap();
    plain_secl(dir)
        .args(args)
        .stdout(writer)
        .stderr(stderr)
        .status()
        .unwrap()
        .code()
        .unwrap()
}

/// Item 4: a closed pipe stops the output, not the verdict.
#[test]
fn a_closed_pipe_keeps_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("errs.sec"),
        "2024-01-15\n  1h  Nowhere\n  2x  Culture\n",
    )
    .unwrap();
    fs::write(dir.path().join("ok.sec"), ENTRY).unwrap();
    fs::write(dir.path().join("messy.sec"), unformatted(3)).unwrap();
    assert_eq!(exit_into_closed_pipe(dir.path(), &["check", "errs.sec"]), 1);
    assert_eq!(
        exit_into_closed_pipe(dir.path(), &["check", "--format", "github", "errs.sec"]),
        1
    );
    assert_eq!(
        exit_into_closed_pipe(dir.path(), &["fmt", "--check", "messy.sec"]),
        1
    );
    assert_eq!(
        exit_into_closed_pipe(dir.path(), &["-f", "ok.sec", "balance"]),
        0
    );
    assert_eq!(exit_into_closed_pipe(dir.path(), &["check", "ok.sec"]), 0);
}

/// Whether `text` holds anything that acts on a terminal.
fn raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{202E}' | '\u{2066}'))
}

/// Item 6: a file name cannot inject a workflow command into the log of
/// `check --format github` (its human report on standard error), nor
/// terminal escapes into any report header.
#[test]
fn a_file_name_cannot_inject_workflow_commands_or_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\n::error file=pwned::owned\u{1b}]0;t\u{7}.sec";
    fs::write(dir.path().join(name), "2024-01-15\n  1h  Nowhere\n").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["check", "--format", "github", name]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    for line in stderr.lines() {
        assert!(!line.starts_with("::"), "{stderr}");
    }
    assert!(
        !raw_controls(&stdout) && !raw_controls(&stderr),
        "{stderr:?}"
    );
    let (code, stdout, _) = run(dir.path(), &["check", name]);
    assert_eq!(code, 1);
    assert!(
        !raw_controls(&stdout) && !stdout.contains("\n::error"),
        "{stdout:?}"
    );
    fs::write(dir.path().join(name), "2024-01-15\n  1x  Culture\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["fmt", name]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !raw_controls(&stderr) && stderr.contains("left unformatted"),
        "{stderr:?}"
    );
    // `add`'s confirmation.
    let evil = "j\u{1b}[2J\u{202E}.sec";
    fs::write(dir.path().join(evil), ENTRY).unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &["--today", "2024-01-20", "add", "-f", evil, "1h", "Culture"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("j\\u{1b}[2J\\u{202e}.sec:"), "{stdout:?}");
    assert!(!raw_controls(&stdout), "{stdout:?}");
}

/// Item 6: tag names from `tag` lines and from taxonomy files reach
/// `tags`, `balance`, `targets` and `register` escaped.
#[test]
fn tag_names_cannot_send_terminal_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "Evil\u{1b}[31mred\u{7}\u{202E}x";
    let tag = format!("Strategy:{evil}");
    let entries = format!("target {tag}  10%..20%\n\n2024-01-15\n  1h  {tag}\n");
    fs::write(
        dir.path().join("evil.taxonomy"),
        format!("Strategy\n  {evil}\n"),
    )
    .unwrap();
    for journal in [
        format!("taxonomy sec\ntag {tag}\n{entries}"),
        format!("taxonomy evil.taxonomy\n{entries}"),
    ] {
        fs::write(dir.path().join("j.sec"), &journal).unwrap();
        for args in [
            vec!["tags"],
            vec!["balance"],
            vec!["balance", "--by", "day", "--flat"],
            vec!["targets"],
            vec!["register"],
        ] {
            let (code, stdout, stderr) = run(dir.path(), &args);
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(
                stdout.contains("Evil\\u{1b}[31mred\\u{7}\\u{202e}x"),
                "{args:?}: {stdout:?}"
            );
            assert!(
                !raw_controls(&stdout) && !raw_controls(&stderr),
                "{args:?}: {stdout:?}"
            );
        }
    }
}

/// Item 7: CSV cells that a spreadsheet would run as formulas start with
/// `'`; numbers are left alone.
#[test]
fn csv_cells_cannot_be_formulas() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("j.sec"),
        "taxonomy sec\ntag +1+1\ntag @SUM(A1)\n\n2024-01-15\n  1h  Strategy  ; =cmd|' /C calc'!A0\n  30m  +1+1  ; -2+3\n  15m  @SUM(A1)  ; @x\n",
    )
    .unwrap();
    let (code, register, stderr) = run(dir.path(), &["register", "-o", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, balance, stderr) = run(dir.path(), &["balance", "-o", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    for csv in [&register, &balance] {
        for line in csv.lines() {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !cell.starts_with(['=', '+', '-', '@', '\t']),
                    "{cell:?} in {csv}"
                );
            }
        }
    }
    assert!(
        register.contains("'=cmd|' /C calc'!A0") && register.contains("'-2+3"),
        "{register}"
    );
    assert!(
        balance.contains("'+1+1,0.50") && balance.contains("'@SUM(A1),0.25"),
        "{balance}"
    );
}

/// Item 8: `--by` cuts a report into at most 1000 columns; a span of
/// millennia by day (once gigabytes) is a usage error with a hint.
#[test]
fn by_is_capped_at_a_thousand_columns() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("j.sec"),
        format!("target Strategy  10%..20%\n{ENTRY}"),
    )
    .unwrap();
    for args in [
        vec!["balance", "1000..9999", "--by", "day"],
        vec!["balance", "1000..9999", "--by", "day", "-o", "html"],
        vec!["chart", "1000..9999", "--by", "week", "-o", "svg"],
        vec!["targets", "1000..9999", "--by", "month"],
        vec!["balance", "2022..2024", "--by", "day"],
    ] {
        let started = Instant::now();
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("into more than 1000 columns"), "{stderr}");
        assert!(stderr.contains("use a coarser unit"), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    for args in [
        vec!["balance", "2024", "--by", "day"],
        vec!["balance", "1500..2400", "--by", "year"],
        vec!["balance", "1000..9999", "-o", "html"],
    ] {
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

/// Item 10: `balance -o FILE` that cannot be written whole (here: the file
/// size limit) leaves the old report, or none, never a cut or empty one.
#[test]
fn a_report_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("j.sec"), ENTRY).unwrap();
    fs::write(dir.path().join("old.csv"), "the old report\n").unwrap();
    for file in ["old.csv", "new.csv"] {
        let output = Command::new("sh")
            .args([
                "-c",
                "trap '' XFSZ; ulimit -f 0; exec \"$0\" -f j.sec balance -o \"$1\"",
            ])
            .arg(secl_bin())
            .arg(file)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("cannot write `{file}`")),
            "{stderr}"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("old.csv")).unwrap(),
        "the old report\n"
    );
    assert!(!dir.path().join("new.csv").exists());
    assert_eq!(temps(dir.path()), Vec::<PathBuf>::new());
    let (code, _, stderr) = run(dir.path(), &["-f", "j.sec", "balance", "-o", "old.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        fs::read_to_string(dir.path().join("old.csv"))
            .unwrap()
            .contains("Strategy")
    );
}

/// Item 10: `add` to a file it may read but not write says it cannot
/// write (once "cannot read … check the path").
#[test]
fn add_to_a_read_only_or_append_only_file_says_it_cannot_write() {
    let dir = shared_dir();
    let path = dir.path().join("j.sec");
    fs::write(&path, ENTRY).unwrap();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let output = secl_as_nobody(dir.path(), &ADD_TO_J);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write `j.sec`: Permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("read-only or append-only"), "{stderr}");
    // Append-only (root cannot rewrite it either).
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let chattr = |flag: &str| {
        let status = Command::new("chattr")
            .arg(flag)
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "chattr {flag}");
    };
    chattr("+a");
    let (code, _, stderr) = run(dir.path(), &ADD_TO_J);
    chattr("-a");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot write `j.sec`: Operation not permitted"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), ENTRY);
}

/// Item 10: years before 1000 are refused in journals as in periods.
#[test]
fn a_journal_year_before_1000_is_an_invalid_date() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("j.sec"), "0000-01-01\n  1h  Strategy\n").unwrap();
    let (code, stdout, _) = run(dir.path(), &["check", "--format", "short", "j.sec"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("invalid_date") && stdout.contains("years run from 1000 to 9999"),
        "{stdout}"
    );
}

/// Item 10: a carriage return inside a line is kept by `fmt`; one right
/// before the line's end is part of the line ending (grammar.md).
#[test]
fn fmt_keeps_a_carriage_return_inside_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    fs::write(&path, "2024-01-15\r\n  1h  Strategy  ; a\rb\r\r\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["fmt", "j.sec"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "2024-01-15\r\n  1h  Strategy  ; a\rb\r\r\n"
    );
}

/// Item 3: a file that may be written in a directory that may not (no
/// temporary file can go beside it) is written in place, as `-o FILE`
/// always could.
#[test]
fn a_writable_file_in_a_read_only_directory_is_written_in_place() {
    let dir = shared_dir();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    for (name, text) in [("j.sec", unformatted(3)), ("r.csv", String::new())] {
        fs::write(sub.join(name), text).unwrap();
        std::os::unix::fs::chown(sub.join(name), Some(65534), Some(65534)).unwrap();
    }
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    for args in [
        vec!["fmt", "j.sec"],
        vec!["-f", "j.sec", "balance", "-o", "r.csv"],
    ] {
        let output = secl_as_nobody(&sub, &args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
    }
    assert!(
        fs::read_to_string(sub.join("j.sec"))
            .unwrap()
            .contains("  1h  Strategy  ; n\n")
    );
    assert!(
        fs::read_to_string(sub.join("r.csv"))
            .unwrap()
            .starts_with("tag,")
    );
}

/// Item 10 for timers: `start` and `stop` lock journals as `add` does, so
/// an append-only file is "cannot write" for them too.
#[test]
fn start_and_stop_on_an_append_only_file_say_they_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sec");
    let text = "2024-01-20\n  08:00-?  Culture\n";
    fs::write(&path, text).unwrap();
    let chattr = |flag: &str| {
        let status = Command::new("chattr")
            .arg(flag)
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "chattr {flag}");
    };
    chattr("+a");
    let outputs: Vec<_> = [&["start", "Strategy"][..], &["stop"][..]]
        .iter()
        .map(|args| {
            secl(dir.path())
                .env("SECL_NOW", "2024-01-20T10:00")
                .args(["-f", "j.sec"])
                .args(*args)
                .output()
                .unwrap()
        })
        .collect();
    chattr("-a");
    for output in outputs {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("cannot write `j.sec`: Operation not permitted"),
            "{stderr}"
        );
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}
