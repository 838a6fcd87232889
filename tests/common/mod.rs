//! Helpers shared by the integration tests: a `secl` command with a clean
//! environment, and its output as one readable transcript.

#![allow(dead_code)]

pub mod lcg;
pub mod xml;

use std::path::{Path, PathBuf};

/// The project's `tests/` directory.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The project's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `secl` with no inherited configuration: no colour, a fixed width, no
/// `SECL_FILE`/`SECL_TODAY`/`SECL_NOW`/`SECL_INCLUDE_DIRS`, the temporary directory a
/// ceiling for the journal root's search, run in `dir`.
pub fn secl(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("secl");
    cmd.current_dir(dir)
        .env_remove("SECL_FILE")
        .env_remove("SECL_TODAY")
        .env_remove("SECL_NOW")
        .env_remove("NO_COLOR")
        .env_remove("SECL_INCLUDE_DIRS")
        // No journal root above the test's directory is adopted.
        .env("SECL_CEILING_DIRECTORIES", std::env::temp_dir())
        .env("COLUMNS", "100");
    cmd
}

/// Runs `secl ARGS` in `dir` and returns the exit code, stdout and stderr.
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = secl(dir).args(args).output().expect("secl runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `secl ARGS` as a transcript: the command, its exit code, stdout, stderr.
pub fn transcript(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(dir, args);
    format!(
        "$ secl {}\n? {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    )
}
