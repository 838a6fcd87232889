//! The diagnostics catalogue: one fixture per code under
//! `tests/fixtures/codes/`, each snapshotted in the human and JSON formats,
//! and one multi-problem journal in each of the other formats.

mod common;

use std::path::PathBuf;

use common::{run, tests_dir, transcript};
use secl::diag::{Code, Severity};

fn fixtures() -> PathBuf {
    tests_dir().join("fixtures/codes")
}

/// The fixture for a code: `NAME.sec`, or a directory `NAME/`.
fn fixture(code: Code) -> String {
    let name = code.as_str().trim_start_matches("secl::");
    let file = format!("{name}.sec");
    if fixtures().join(&file).exists() {
        file
    } else {
        assert!(fixtures().join(name).is_dir(), "no fixture for {name}");
        name.to_string()
    }
}

/// Every run is pinned to one "today" so that future_entry is stable.
const TODAY: &str = "--today=2024-06-01";

#[test]
fn every_code_has_a_fixture_that_reports_it() {
    for &code in Code::ALL {
        let fixture = fixture(code);
        let (status, stdout, _) = run(&fixtures(), &[TODAY, "check", &fixture, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
        let codes: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&code.as_str()),
            "{fixture} does not report {code:?}: {codes:?}"
        );
        let expected = if code.severity() == Severity::Error {
            1
        } else {
            0
        };
        assert_eq!(status, expected, "{fixture}");
    }
}

#[test]
fn warnings_fail_only_with_strict() {
    let (status, _, _) = run(&fixtures(), &[TODAY, "check", "overlap.sec", "--strict"]);
    assert_eq!(status, 1);
}

#[test]
fn human_format_for_every_code() {
    for &code in Code::ALL {
        let fixture = fixture(code);
        let name = code.as_str().trim_start_matches("secl::");
        insta::assert_snapshot!(
            format!("human_{name}"),
            transcript(&fixtures(), &[TODAY, "check", &fixture])
        );
    }
}

#[test]
fn json_format_for_every_code() {
    for &code in Code::ALL {
        let fixture = fixture(code);
        let name = code.as_str().trim_start_matches("secl::");
        insta::assert_snapshot!(
            format!("json_{name}"),
            transcript(&fixtures(), &[TODAY, "check", &fixture, "--format", "json"])
        );
    }
}

/// One journal with several problems, for the line-oriented formats.
const MIXED: &[&str] = &["unknown_tag.sec", "overlap.sec", "bad_duration.sec"];

#[test]
fn short_format() {
    let args = [&[TODAY, "check", "--format", "short"], MIXED].concat();
    insta::assert_snapshot!(transcript(&fixtures(), &args));
}

#[test]
fn github_format() {
    let args = [&[TODAY, "check", "--format", "github"], MIXED].concat();
    let (_, stdout, stderr) = run(&fixtures(), &args);
    insta::assert_snapshot!(stdout);
    // The log still gets every problem in full, and the summary.
    assert!(stderr.contains("help: did you mean"), "{stderr}");
    assert!(
        stderr.ends_with("5 errors, 2 warnings in 3 files\n"),
        "{stderr}"
    );
}

#[test]
fn sarif_format() {
    let args = [&[TODAY, "check", "--format", "sarif"], MIXED].concat();
    let (status, stdout, _) = run(&fixtures(), &args);
    assert_eq!(status, 1);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    insta::assert_snapshot!(stdout);
}

/// A duration written with a blank inside leaves its rest at the start of
/// the tag; the help says so, and names the tag the rest means.
#[test]
fn a_blank_inside_a_duration_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-01-15\n  1h 30m  Strategy\n  09:00 - 10:00  Culture\n  2h  Stratgy\n",
    )
    .unwrap();
    let (code, stdout, _) = run(dir.path(), &[TODAY, "check", "j.sec", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "`30m` looks like part of the duration: write the duration without blanks (`1h30m`, `09:00-10:00`), then `Strategy`",
            // `09:00` alone is a length of nine hours, and looks like a start.
            "for a length write `9h`; for the time it started write a range such as `09:00-10:00`",
            "`- 10:00` looks like part of the duration: write the duration without blanks (`1h30m`, `09:00-10:00`), then `Culture`",
            "did you mean `Strategy`?",
        ]
    );
}

/// A file name with a newline, CR, backslash or escape sequence: SARIF and
/// GitHub carry it percent-encoded (as their readers decode it, so the
/// annotation lands on the file), never as `\u{a}`; the human and short
/// reports show control characters escaped.
#[cfg(unix)]
#[test]
fn odd_file_names_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\nb\rc\\d\u{1b}[31m.sec";
    std::fs::write(dir.path().join(name), "2024-01-15  1h  Stratgy\n").unwrap();

    let (_, sarif, _) = run(dir.path(), &[TODAY, "check", name, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "a%0Ab%0Dc%5Cd%1B%5B31m.sec"
    );
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["informationUri"],
        env!("CARGO_PKG_REPOSITORY")
    );

    let (_, github, _) = run(dir.path(), &[TODAY, "check", name, "--format", "github"]);
    assert!(
        github.starts_with("::error file=a%0Ab%0Dc\\d\\u{1b}[31m.sec,line=1,col=17,"),
        "{github}"
    );

    for format in ["human", "short"] {
        let (_, stdout, _) = run(dir.path(), &[TODAY, "check", name, "--format", format]);
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\r'),
            "{format}: {stdout:?}"
        );
        assert!(
            stdout.contains("a\\u{a}b\\u{d}c\\d\\u{1b}[31m.sec"),
            "{format}: {stdout}"
        );
    }
}

/// `--format short-bytes` counts the column in bytes, as Vim's `%c` does;
/// `short` counts characters.
#[test]
fn short_bytes_counts_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "alias café = Stratgy\n").unwrap();
    let (_, short, _) = run(dir.path(), &[TODAY, "check", "--format", "short"]);
    let (_, bytes, _) = run(dir.path(), &[TODAY, "check", "--format", "short-bytes"]);
    let message = "error[secl::unknown_tag]: unknown alias target `Stratgy`\n";
    assert_eq!(short, format!("j.sec:1:14: {message}"));
    assert_eq!(bytes, format!("j.sec:1:15: {message}"));
}

/// A did-you-mean names the taxonomy's path whole, however long, so that
/// it can be copied; only the user's own text is cut.
#[test]
fn did_you_mean_paths_are_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = "Execution:Product & Engineering Delivery:Product roadmap execution and delivery governance";
    std::fs::write(
        dir.path().join("j.sec"),
        format!(
            "tag {path}\n2024-01-15\n  1h  Product roadmap execution and delivery governanse\n"
        ),
    )
    .unwrap();
    let (status, stdout, _) = run(dir.path(), &[TODAY, "check", "j.sec", "--format", "json"]);
    assert_eq!(status, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report["diagnostics"][0]["help"],
        format!("did you mean `{path}`?")
    );
}

/// Words after a day header's date (`2026-11-09 Mon`) are no duration: the
/// help shows how to write them as the day's note, and the day still opens
/// (its entries are not reported as coming before any date).
#[test]
fn words_after_a_date_get_the_day_note_help() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "2026-11-09 Mon\n  1h  Strategy\n").unwrap();
    let (code, stdout, _) = run(
        dir.path(),
        &["--today=2026-12-01", "check", "j.sec", "--format", "json"],
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "secl::syntax");
    assert_eq!(
        diagnostics[0]["message"],
        "`Mon` after the date is neither a `; note` nor an entry"
    );
    assert!(
        diagnostics[0]["help"]
            .as_str()
            .unwrap()
            .starts_with("a day note goes after `;`: `2026-11-09  ; Mon`"),
        "{diagnostics:?}"
    );
}
