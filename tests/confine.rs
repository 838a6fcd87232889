//! What a journal can read (grammar.md "What a journal can read"): includes,
//! taxonomy files and walked files stay inside the journal's directories,
//! only regular files are read, and every read is bounded (the include
//! depth limit is tested in `loading.rs`).

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::secl;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `secl check --format ARGS…` in `dir` with a secret in the environment,
/// stopped after 20 s: exit code and everything printed.
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = secl(dir)
        .env("CI_SECRET", "hunter2-s3cr3t")
        .timeout(Duration::from_secs(20))
        .args([&["--today=2024-06-01", "check"], args].concat())
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), printed)
}

#[test]
fn includes_and_taxonomies_outside_the_journal_are_refused_unquoted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "journal.sec",
        "include /etc/passwd\ninclude /proc/self/environ\ninclude link.sec\n",
    );
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("link.sec")).unwrap();
    for format in ["human", "json", "short", "github", "sarif"] {
        let (code, printed) = check(dir.path(), &["--format", format]);
        assert_eq!(code, 1, "{printed}");
        assert!(!printed.contains("root:"), "{format}: {printed}");
        assert!(!printed.contains("hunter2"), "{format}: {printed}");
    }
    let (_, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(
        printed
            .lines()
            .filter(|l| l.contains("is outside the journal's directories"))
            .count(),
        2,
        "{printed}"
    );
    // A symlink inside the directory to a file outside is outside.
    write(dir.path(), "journal.sec", "include link.sec\n");
    let (code, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(code, 1);
    assert_eq!(
        printed,
        "journal.sec:1:9: error[secl::missing_include]: cannot include `link.sec`: is outside the journal's directories\n\
         1 error in 1 file\n"
    );
    write(
        dir.path(),
        "journal.sec",
        "taxonomy /etc/passwd\n2024-01-01  1h  Strategy\n",
    );
    for format in ["human", "short"] {
        let (code, printed) = check(dir.path(), &["--format", format]);
        assert_eq!(code, 1);
        assert!(!printed.contains("root:"), "{printed}");
    }
    let (_, printed) = check(dir.path(), &["--format", "short"]);
    assert!(
        printed.contains("it is outside the journal's directories"),
        "{printed}"
    );
    // A walked symlink out of the directory is refused too.
    fs::remove_file(dir.path().join("journal.sec")).unwrap();
    let (code, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(code, 2, "{printed}");
    assert!(!printed.contains("root:"), "{printed}");
    assert!(
        printed.contains("`link.sec`: is a symlink out of the walked directory"),
        "{printed}"
    );
    // And so does fmt's walk.
    let output = secl(dir.path()).args(["fmt", "--check"]).output().unwrap();
    let printed = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{printed}");
    assert!(!printed.contains("root:"), "{printed}");
}

#[test]
fn secl_include_dirs_allows_a_directory_explicitly() {
    let dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    write(shared.path(), "team.sec", "alias okr = Strategy\n");
    write(
        dir.path(),
        "journal.sec",
        &format!(
            "include {}/team.sec\n2024-01-01  1h  okr\n",
            shared.path().display()
        ),
    );
    let (code, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(code, 1, "{printed}");
    let output = secl(dir.path())
        .env("SECL_INCLUDE_DIRS", shared.path())
        .args(["--today=2024-06-01", "check"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn only_regular_files_are_read_as_taxonomies_or_devices() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    write(
        dir.path(),
        "journal.sec",
        "taxonomy x.fifo\n2024-01-01  1h  Strategy\n",
    );
    let (code, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(code, 1);
    assert!(printed.contains("it is not a regular file"), "{printed}");
    write(
        dir.path(),
        "journal.sec",
        "taxonomy /dev/zero\n2024-01-01  1h  Strategy\n",
    );
    let (code, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(code, 1);
    assert!(printed.contains("it is not a regular file"), "{printed}");
    let started = Instant::now();
    let (code, printed) = check(dir.path(), &["/dev/zero"]);
    assert_eq!(code, 2);
    assert!(
        printed.contains("`/dev/zero`: is a device, not a journal file"),
        "{printed}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_file_over_1_gib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = fs::File::create(dir.path().join("big.sec")).unwrap();
    sparse.set_len(5 << 30).unwrap();
    let started = Instant::now();
    let (code, printed) = check(dir.path(), &["big.sec"]);
    assert_eq!(code, 2);
    assert!(
        printed.contains("`big.sec`: is larger than 1 GiB"),
        "{printed}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Included, it is a diagnostic at the include.
    write(dir.path(), "journal.sec", "include big.sec\n");
    let (code, printed) = check(dir.path(), &["--format", "short"]);
    assert_eq!(code, 1);
    assert!(
        printed.contains("cannot include `big.sec`: is larger than 1 GiB"),
        "{printed}"
    );
}

#[test]
fn a_glob_from_the_file_system_root_stays_in_the_journal() {
    // Not hidden: `**` passes over hidden directories like `.tmpXYZ`.
    let dir = tempfile::Builder::new().prefix("secl").tempdir().unwrap();
    write(dir.path(), "journal.sec", "include /**/*.sec\n");
    write(dir.path(), "2024/01.sec", "2024-01-01  1h  Strategy\n");
    let started = Instant::now();
    let (code, printed) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.ends_with("no problems in 2 files\n"), "{printed}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
