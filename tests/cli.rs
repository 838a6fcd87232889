//! Command-line snapshot tests: every `tests/cmd/*.toml` case runs the real
//! binary and compares its exit code, stdout and stderr. Refresh the
//! snapshots with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("COLUMNS", "100")
        // Empty is the same as unset for all three.
        .env("SECL_FILE", "")
        .env("SECL_TODAY", "")
        .env("NO_COLOR", "")
        .case("tests/cmd/*.toml");
}

mod common;

use common::{secl, tests_dir};

/// Whether `check` on a broken fixture prints ANSI colour codes.
fn coloured(args: &[&str], no_color: Option<&str>) -> bool {
    let mut cmd = secl(&tests_dir().join("fixtures/codes"));
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let output = cmd
        .args(args)
        .args(["check", "unknown_tag.sec"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).contains("\u{1b}[")
}

#[test]
fn colour_is_off_when_output_is_not_a_terminal() {
    assert!(!coloured(&[], None));
    assert!(!coloured(&["--color=auto"], None));
}

#[test]
fn colour_always_beats_no_color_and_never_beats_everything() {
    assert!(coloured(&["--color=always"], None));
    assert!(coloured(&["--color=always"], Some("1")));
    assert!(!coloured(&["--color=never"], None));
}
