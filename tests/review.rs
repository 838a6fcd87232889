//! `secl review`: a week against the one before on a journal with known
//! answers (hours, days, shares and their change, top, gaps, targets in
//! force), the default period, `--compare`, `--strict`, JSON and usage
//! errors. Refresh the snapshots with `INSTA_UPDATE=always cargo test --test review`.

mod common;

use std::path::Path;

use common::{run, transcript};
use serde_json::{Value, json};

/// Two weeks. 2024-W09 (26 Feb – 3 Mar): 10h on three days, Strategy 40%,
/// Execution 40%, Culture 20%. 2024-W10 (4–10 Mar): 12h on four days
/// (one a Saturday), Strategy 4h (33.3%), Execution 7h (58.3%), Culture 1h
/// (8.3%); nothing on Tuesday 5 and Friday 8 March.
const JOURNAL: &str = "\
target Strategy  >=20%
target Strategy  >=50%  from 2024-03-11
target Culture:Team Development  >=10%

2024-02-26  4h  Strategy:Technology Planning:OKR management
2024-02-27  4h  Execution:Product & Engineering Delivery:CI/CD management
2024-02-28  2h  Culture:Team Development:Technical mentorship

2024-03-04
  3h  Strategy:Technology Planning:OKR management
  1h  Strategy:Stakeholder Management:Board communications
2024-03-06  4h  Execution:Product & Engineering Delivery:CI/CD management
2024-03-07
  1h  Execution:Security & Compliance:Risk assessment
  1h  Culture:Team Development:Technical mentorship
2024-03-09  2h  Execution:Product & Engineering Delivery:CI/CD management
";

fn journal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), JOURNAL).unwrap();
    dir
}

fn review(dir: &Path, today: &str, args: &[&str]) -> (i32, String, String) {
    let today = format!("--today={today}");
    let args = [&[today.as_str(), "-f", "j.sec", "review"], args].concat();
    run(dir, &args)
}

fn review_json(dir: &Path, today: &str, args: &[&str]) -> Value {
    let (code, stdout, stderr) = review(dir, today, &[args, &["-o", "json"]].concat());
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("valid JSON")
}

#[test]
fn last_week_on_one_screen() {
    let dir = journal();
    // Wednesday of the week after: the default is last week, 2024-W10.
    let args = ["--today=2024-03-13", "-f", "j.sec", "review"];
    let text = transcript(dir.path(), &args);
    insta::assert_snapshot!(text);
    let (code, stdout, _) = run(dir.path(), &args);
    assert_eq!(code, 0);
    assert!(stdout.lines().count() <= 40, "{stdout}");
    assert!(stdout.starts_with("Review of 2024-W10 (2024-03-04 to 2024-03-10), against 2024-W09"));
}

#[test]
fn json_has_the_periods_top_and_gaps() {
    let dir = journal();
    let json = review_json(dir.path(), "2024-03-13", &[]);
    insta::assert_snapshot!(serde_json::to_string_pretty(&json).unwrap());
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["periods", "rows", "targets", "top", "gaps", "running"]
    );
    // Previous, then current.
    assert_eq!(json["periods"][0]["label"], "2024-W09");
    assert_eq!(json["periods"][1]["label"], "2024-W10");
    assert_eq!(json["periods"][0]["seconds"], 10 * 3600);
    assert_eq!(json["periods"][1]["seconds"], 12 * 3600);
    assert_eq!(json["periods"][0]["days"], 3);
    assert_eq!(json["periods"][1]["days"], 4);
    assert_eq!(json["gaps"], json!(["2024-03-05", "2024-03-08"]));
    assert_eq!(json["running"], Value::Null);
    let top: Vec<(&str, u64)> = json["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["tag"].as_str().unwrap(), t["seconds"].as_u64().unwrap()))
        .collect();
    // Most first; the three 1h nodes in taxonomy order.
    assert_eq!(
        top,
        [
            (
                "Execution:Product & Engineering Delivery:CI/CD management",
                6 * 3600
            ),
            ("Strategy:Technology Planning:OKR management", 3 * 3600),
            ("Strategy:Stakeholder Management:Board communications", 3600),
            ("Execution:Security & Compliance:Risk assessment", 3600),
            ("Culture:Team Development:Technical mentorship", 3600),
        ]
    );
    let rows: Vec<(&str, Vec<u64>)> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let seconds = r["seconds"].as_array().unwrap();
            (
                r["tag"].as_str().unwrap(),
                seconds.iter().map(|s| s.as_u64().unwrap() / 3600).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Strategy", vec![4, 4]),
            ("Execution", vec![4, 7]),
            ("Culture", vec![2, 1]),
        ]
    );
    // The targets in force on 4 March: not the one from 11 March.
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0]["tag"], "Strategy");
    assert_eq!(targets[0]["status"], "ok");
    assert_eq!(targets[1]["tag"], "Culture:Team Development");
    assert_eq!(targets[1]["status"], "under");
    // (0.1·12h − 1h) / 0.9 = 13.3 min → 14 min more.
    assert_eq!(targets[1]["to_range"], 14 * 60);
}

#[test]
fn shares_and_their_change_in_points() {
    let dir = journal();
    let (_, stdout, _) = review(dir.path(), "2024-03-13", &[]);
    let row = |name: &str| -> Vec<String> {
        stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {stdout}"))
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(row("Strategy "), ["Strategy", "4.00", "33.3%", "-6.7pp"]);
    assert_eq!(row("Execution "), ["Execution", "7.00", "58.3%", "+18.3pp"]);
    assert_eq!(row("Culture "), ["Culture", "1.00", "8.3%", "-11.7pp"]);
    assert_eq!(
        row("Hours logged"),
        ["Hours", "logged", "10.00", "12.00", "+2.00"]
    );
    assert_eq!(
        row("Days with entries"),
        ["Days", "with", "entries", "3", "4", "+1"]
    );
    assert!(
        stdout.contains("Gaps: Tue 2024-03-05, Fri 2024-03-08"),
        "{stdout}"
    );
}

#[test]
fn gaps_stop_at_today() {
    let dir = journal();
    // On Thursday 7 March, Friday has not come yet; the weekend never counts.
    let json = review_json(dir.path(), "2024-03-07", &["this", "week"]);
    assert_eq!(json["gaps"], json!(["2024-03-05"]));
    // A week not over yet says so.
    let (_, stdout, _) = review(dir.path(), "2024-03-07", &["this", "week"]);
    assert!(
        stdout.starts_with("Review of 2024-W10 (2024-03-04 to 2024-03-10, so far: up to 2024-03-07), against 2024-W09"),
        "{stdout}"
    );
    let json = review_json(dir.path(), "2024-03-13", &["2024-W09"]);
    assert_eq!(json["gaps"], json!(["2024-02-29", "2024-03-01"]));
    // A week with every working day logged has no gaps.
    let (_, stdout, _) = review(dir.path(), "2024-03-04", &["2024-03-04"]);
    assert!(stdout.contains("Gaps: none"), "{stdout}");
}

#[test]
fn depth_and_top() {
    let dir = journal();
    let json = review_json(dir.path(), "2024-03-13", &["--depth", "2", "--top", "2"]);
    let tags: Vec<&str> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tag"].as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        [
            "Strategy",
            "Strategy:Technology Planning",
            "Strategy:Stakeholder Management",
            "Execution",
            "Execution:Security & Compliance",
            "Execution:Product & Engineering Delivery",
            "Culture",
            "Culture:Team Development",
        ]
    );
    assert_eq!(json["top"].as_array().unwrap().len(), 2);
    let (code, _, stderr) = review(dir.path(), "2024-03-13", &["--depth", "0"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--depth must be at least 1"), "{stderr}");
}

#[test]
fn compare_with_another_period() {
    let dir = journal();
    // A span that is no calendar unit is compared with as many days before.
    let json = review_json(dir.path(), "2024-03-13", &["2024-03-04..2024-03-06"]);
    assert_eq!(json["periods"][0]["first"], "2024-03-01");
    assert_eq!(json["periods"][0]["last"], "2024-03-03");
    let json = review_json(
        dir.path(),
        "2024-03-13",
        &["2024-W10", "--compare=2024-02-26..2024-02-27"],
    );
    assert_eq!(json["periods"][0]["label"], "2024-02-26..2024-02-27");
    assert_eq!(json["periods"][0]["seconds"], 8 * 3600);
    assert_eq!(json["rows"][2]["share"][0], 0.0);
}

#[test]
fn strict_fails_on_a_missed_target_in_force() {
    let dir = journal();
    let (code, _, stderr) = review(dir.path(), "2024-03-13", &["--strict"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("1 of 2 targets in force missed in 2024-W10"),
        "{stderr}"
    );
    // In 2024-W09 every target in force is met.
    let (code, _, stderr) = review(dir.path(), "2024-03-13", &["2024-W09", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    // A week with no time misses every target in force.
    let (code, stdout, _) = review(dir.path(), "2024-03-13", &["2024-W20", "--strict"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("no time"), "{stdout}");
}

#[test]
fn usage_errors() {
    let dir = journal();
    let (code, _, stderr) = review(dir.path(), "2024-03-13", &["Strategy"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("review takes no query"), "{stderr}");
    let (code, _, stderr) = review(dir.path(), "2024-03-13", &["2024-W99"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = review(dir.path(), "2024-03-13", &["-o", "csv"]);
    assert_eq!(code, 2);
}

#[test]
fn html_is_a_small_page_in_the_board_style() {
    let dir = journal();
    let (code, stdout, stderr) = review(dir.path(), "2024-03-13", &["-o", "html"]);
    assert_eq!(code, 0, "{stderr}");
    // Well-formed XML (polyglot markup), like the balance page.
    let page = common::xml::parse(&stdout);
    let elements = page.descendants();
    let text_of = |name: &str| -> Vec<String> {
        elements
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.text())
            .collect()
    };
    assert_eq!(text_of("h1"), ["2024-W10"]);
    assert_eq!(
        text_of("h2"),
        [
            "Where the time went",
            "Targets in force",
            "Top 5 by own time",
            "Gaps"
        ]
    );
    let body = page.text();
    assert!(body.contains("Tue 5 Mar, Fri 8 Mar"), "{body}");
    assert!(body.contains("+18.3pp"), "{body}");
    assert!(body.contains("under"), "{body}");
    // To a file by its extension.
    let (code, _, _) = review(dir.path(), "2024-03-13", &["-o", "week.html"]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(dir.path().join("week.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}
