//! `secl lsp` driven by a real LSP client: the pytest-lsp suite in
//! `tests/lsp/`, run against the binary cargo built. Without pytest-lsp
//! the test fails under CI (`CI` set) and says how to install it elsewhere.

mod common;

use std::process::Command;

fn has_pytest_lsp() -> bool {
    Command::new("python3")
        .args(["-c", "import pytest_lsp"])
        .output()
        .is_ok_and(|out| out.status.success())
}

#[test]
fn the_language_server_passes_its_client_suite() {
    if !has_pytest_lsp() {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
        assert!(
            !ci,
            "pytest-lsp is missing: `pip install pytest-lsp` (CI must run the LSP suite)"
        );
        eprintln!(
            "note: pytest-lsp is not installed (`pip install pytest-lsp`): the LSP suite did not run"
        );
        return;
    }
    let output = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lsp"])
        .current_dir(common::root())
        .env("SECL_BIN", env!("CARGO_BIN_EXE_secl"))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "the LSP suite failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn without_a_client_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::secl(dir.path())
        .arg("lsp")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("secl lsp: the connection to the editor failed"),
        "{stderr}"
    );
    assert!(stderr.contains("docs/editors.md"), "{stderr}");
}
