//! Replays the fuzz corpus without a fuzzer: every file in
//! `tests/fuzz/corpus/<target>/` goes through that fuzz target's check, and
//! every file in `tests/fuzz/regressions/` (inputs that once crashed or hung
//! a target) through all three. The checks are the fuzz targets' own, from
//! `fuzz/src/lib.rs`; see `docs/testing.md` for how to fuzz.
//!
//! The `check` target runs the process in a sandbox directory (it enters
//! it once), so every path here is absolute.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// `tests/fuzz/` in the source tree.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz")
}

/// Every file below `dir`, sorted; hidden files (`.gitkeep`) skipped.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A fuzz target's check, by name.
type Target = (&'static str, fn(&[u8]));

/// Runs every target's check over every file, and fails naming each file
/// that panicked.
fn replay(paths: &[PathBuf], targets: &[Target]) {
    let mut failed = Vec::new();
    for path in paths {
        let data = std::fs::read(path).expect("a corpus file");
        for (name, check) in targets {
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failed.push(format!("{name}: {}", path.display()));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} corpus input(s) failed (the panics are printed above):\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The committed corpus of one target, which must not be empty.
fn corpus(target: &str) -> Vec<PathBuf> {
    let paths = files(&root().join("corpus").join(target));
    assert!(!paths.is_empty(), "tests/fuzz/corpus/{target}/ is empty");
    paths
}

#[test]
fn parse_corpus() {
    replay(&corpus("parse"), &[("parse", checks::parse)]);
}

#[test]
fn period_corpus() {
    replay(&corpus("period"), &[("period", checks::period)]);
}

#[test]
fn check_corpus() {
    replay(&corpus("check"), &[("check", checks::check)]);
}

#[test]
fn regressions() {
    replay(
        &files(&root().join("regressions")),
        &[
            ("parse", checks::parse),
            ("period", checks::period),
            ("check", checks::check),
        ],
    );
}
