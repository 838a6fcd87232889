//! `secl targets`: text and JSON over the example quarter, `--by`,
//! `--time hm`, periods with no time, `--strict`, and its usage errors.
//! Refresh the snapshots with `INSTA_UPDATE=always cargo test --test targets`.

mod common;

use std::path::{Path, PathBuf};

use common::{root, run, transcript};
use serde_json::Value;

/// A fixed "today", so that no entry of the example is in the future.
const TODAY: &str = "--today=2024-06-01";

fn examples() -> PathBuf {
    root().join("examples")
}

/// `secl --today=… -f 2024-q1.sec targets ARGS` in `examples/`.
fn example(args: &[&str]) -> String {
    let args = [&[TODAY, "-f", "2024-q1.sec", "targets"], args].concat();
    transcript(&examples(), &args)
}

/// Runs `targets ARGS -o json` on the example and parses the output.
fn example_json(args: &[&str]) -> Value {
    let args = [
        &[TODAY, "-f", "2024-q1.sec", "targets"],
        args,
        &["-o", "json"],
    ]
    .concat();
    let (code, stdout, stderr) = run(&examples(), &args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("valid JSON")
}

/// A journal of its own in a temporary directory, as `j.sec`.
fn journal(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), text).unwrap();
    dir
}

fn in_journal(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let args = [&[TODAY, "-f", "j.sec", "targets"], args].concat();
    run(dir, &args)
}

fn keys(object: &Value) -> Vec<&str> {
    object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn quarter() {
    insta::assert_snapshot!(example(&["2024-Q1"]));
}

#[test]
fn quarter_by_month() {
    insta::assert_snapshot!(example(&["2024-Q1", "--by", "month"]));
}

#[test]
fn hours_and_minutes() {
    insta::assert_snapshot!(example(&["2024-Q1", "-M", "--time", "hm"]));
}

#[test]
fn a_period_with_no_time_is_muted() {
    insta::assert_snapshot!(example(&["2023-12..2024-01", "--by", "month"]));
}

#[test]
fn json() {
    let (_, stdout, _) = run(
        &examples(),
        &[
            TODAY,
            "-f",
            "2024-q1.sec",
            "targets",
            "2024-Q1",
            "-o",
            "json",
        ],
    );
    insta::assert_snapshot!(stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(keys(&json), ["periods", "targets"]);
    let period = &json["periods"][0];
    assert_eq!(keys(period), ["label", "first", "last"]);
    assert_eq!(period["label"], "2024-Q1");
    assert_eq!(period["first"], "2024-01-01");
    assert_eq!(period["last"], "2024-03-31");

    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 4);
    let security = &targets[0];
    assert_eq!(
        keys(security),
        ["tag", "from", "min", "max", "seconds", "share", "status"]
    );
    assert_eq!(security["from"], Value::Null);
    assert_eq!(security["tag"], "Execution:Security & Compliance");
    assert_eq!(security["min"], 0.15);
    assert_eq!(security["max"], 0.25);
    let share = security["share"][0].as_f64().unwrap();
    assert!((share - 0.222).abs() < 0.001, "{share}");
    assert_eq!(security["status"][0], "ok");

    let growth = &targets[1];
    assert_eq!(growth["tag"], "Culture:Personal Development");
    assert_eq!(growth["status"][0], "under");
    let strategy = &targets[2];
    assert_eq!(strategy["min"], 0.2);
    assert_eq!(strategy["max"], Value::Null);
}

#[test]
fn json_has_nulls_for_a_period_with_no_time() {
    let json = example_json(&["2023-12..2024-01", "-M"]);
    let labels: Vec<&Value> = json["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["label"])
        .collect();
    assert_eq!(labels, ["2023-12", "2024-01"]);
    // The targets in force from the beginning (the last starts in March).
    for target in json["targets"].as_array().unwrap()[..3].iter() {
        assert_eq!(target["seconds"][0], 0);
        assert_eq!(target["share"][0], Value::Null);
        assert_eq!(target["status"][0], "no_time");
        assert!(target["share"][1].is_f64());
        assert!(target["status"][1].is_string());
    }
}

#[test]
fn shares_are_of_the_period_total() {
    // The shares of the quarter, rebuilt from the months' seconds.
    let quarter = example_json(&["2024-Q1"]);
    let months = example_json(&["2024-Q1", "-M"]);
    assert_eq!(months["periods"].as_array().unwrap().len(), 3);
    for (q, m) in quarter["targets"]
        .as_array()
        .unwrap()
        .iter()
        .zip(months["targets"].as_array().unwrap())
    {
        let by_month: u64 = m["seconds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap())
            .sum();
        assert_eq!(q["seconds"][0].as_u64().unwrap(), by_month);
    }
}

#[test]
fn no_period_means_the_whole_journal() {
    let whole = example_json(&[]);
    let period = &whole["periods"][0];
    let quarter = example_json(&["-p", "2024-Q1"]);
    assert_eq!(whole["periods"].as_array().unwrap().len(), 1);
    assert!(period["first"].as_str().unwrap() >= "2024-01-01");
    assert!(period["last"].as_str().unwrap() <= "2024-03-31");
    assert_eq!(whole["targets"], quarter["targets"]);
}

#[test]
fn strict_fails_on_a_missed_target() {
    insta::assert_snapshot!(example(&["2024-Q1", "--strict"]));
}

#[test]
fn strict_passes_when_every_target_is_met() {
    let dir = journal(
        "target Strategy  40%..60%\ntarget Culture  <=50%\n\
         2024-01-02\n  5h  Strategy\n  3h  Culture\n  2h  Execution\n",
    );
    let (code, stdout, stderr) = in_journal(dir.path(), &["--strict"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("50.0%  ok"), "{stdout}");
    assert_eq!(stderr, "");
}

#[test]
fn strict_fails_on_a_period_with_no_time() {
    // A target nobody logs against is not met: the empty December fails.
    let dir = journal("target Strategy  >=50%\n2024-01-02  1h  Strategy\n");
    let (code, stdout, stderr) = in_journal(dir.path(), &["2023-12..2024-01", "-M", "--strict"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("no time"), "{stdout}");
    assert!(stderr.contains("1 of 1 target missed"), "{stderr}");
    let (code, _, _) = in_journal(dir.path(), &["2024-01", "--strict"]);
    assert_eq!(code, 0);
}

#[test]
fn strict_fails_when_nothing_is_logged() {
    // A CI gate that passes when nobody logs anything is no gate.
    let dir = journal("target Strategy  >=20%\n");
    let (code, _, stderr) = in_journal(dir.path(), &["--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("no time logged: no target is met"),
        "{stderr}"
    );
    let dir = journal("target Strategy  >=20%\n2024-01-02  1h  Strategy\n");
    let (code, _, stderr) = in_journal(dir.path(), &["2024-02", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no time logged in 2024-02"), "{stderr}");
}

#[test]
fn a_hundred_percent_minimum_cannot_be_reached() {
    let dir = journal("target Strategy  >=100%\n2024-01-02\n  1h  Strategy\n  1h  Culture\n");
    let (code, stdout, _) = in_journal(dir.path(), &[]);
    assert_eq!(code, 0);
    let row = stdout.lines().nth(1).unwrap();
    assert!(row.ends_with("50.0%  under  —"), "{stdout}");
}

#[test]
fn more_and_fewer_round_up_to_the_minute() {
    // 1h of 3h against 40%..50%: under, (1.2 − 1) / 0.6 = 20 min;
    // 2h of 3h: over, (2 − 1.5) / 0.5 = 1h.
    let dir = journal(
        "target Strategy  40%..50%\ntarget Culture  40%..50%\n\
         2024-01-02\n  1h  Strategy\n  2h  Culture\n",
    );
    let (_, stdout, _) = in_journal(dir.path(), &["--time", "hm"]);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[1][2..], ["33.3%", "under", "+20m"], "{stdout}");
    assert_eq!(rows[2][2..], ["66.7%", "over", "-1h"], "{stdout}");
}

#[test]
fn a_journal_without_targets_says_how_to_declare_one() {
    let dir = journal("2024-01-02  1h  Strategy\n");
    let (code, stdout, stderr) = in_journal(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("no targets: declare one with `target TAG 15%..25%`"));
    // JSON still gets a document.
    let (code, stdout, _) = in_journal(dir.path(), &["--strict", "-o", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["targets"], serde_json::json!([]));
}

#[test]
fn a_journal_without_entries_has_no_periods() {
    let dir = journal("target Strategy  >=20%\n");
    let (code, stdout, _) = in_journal(dir.path(), &["-o", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["periods"], serde_json::json!([]));
    assert_eq!(json["targets"][0]["seconds"], serde_json::json!([]));
    assert_eq!(json["targets"][0]["status"], serde_json::json!([]));
}

#[test]
fn a_query_term_is_a_usage_error() {
    insta::assert_snapshot!(example(&["2024-Q1", "Security"]));
}

#[test]
fn a_bad_period_is_a_usage_error() {
    let (code, stdout, stderr) = run(
        &examples(),
        &[TODAY, "-f", "2024-q1.sec", "targets", "2024-Q5"],
    );
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("2024-Q5"), "{stderr}");
}

#[test]
fn colour_marks_ok_misses_and_empty_periods() {
    let args = [
        TODAY,
        "--color=always",
        "-f",
        "2024-q1.sec",
        "targets",
        "2023-12..2024-01",
        "-M",
    ];
    let (_, stdout, _) = run(&examples(), &args);
    assert!(stdout.contains("\u{1b}[32mok\u{1b}[0m"), "{stdout}");
    assert!(stdout.contains("\u{1b}[2mno time\u{1b}[0m"), "{stdout}");
    assert!(stdout.contains("\u{1b}[31munder\u{1b}[0m"), "{stdout}");
    assert!(stdout.lines().all(|line| !line.ends_with(' ')), "{stdout}");
}

#[test]
fn a_journal_with_errors_gets_no_report() {
    let dir = journal("target Strategy  >=20%\n2024-01-02  1h  Stratgy\n");
    let (code, stdout, stderr) = in_journal(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("secl::unknown_tag"), "{stderr}");
}
