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
