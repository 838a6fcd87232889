//! `secl register` over the bundled example: text, JSON and CSV, queries,
//! the order of entries, and the JSON contract (grammar.md, Reports).

mod common;

use common::{root, run, transcript};
use serde_json::Value;

fn examples() -> std::path::PathBuf {
    root().join("examples")
}

/// `secl -f 2024-q1.sec ARGS` as a transcript, in `examples/`.
fn report(args: &[&str]) -> String {
    let args = [&["-f", "2024-q1.sec"], args].concat();
    transcript(&examples(), &args)
}

/// `secl -f 2024-q1.sec ARGS -o json`, parsed; the run must succeed.
fn json(args: &[&str]) -> Value {
    let args = [&["-f", "2024-q1.sec", "register"], args, &["-o", "json"]].concat();
    let (code, stdout, stderr) = run(&examples(), &args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("register -o json is JSON")
}

#[test]
fn one_week_as_text() {
    insta::assert_snapshot!(report(&["register", "2024-W02"]));
}

#[test]
fn hours_and_minutes() {
    insta::assert_snapshot!(report(&["register", "2024-01-02", "--time", "hm"]));
}

#[test]
fn queries() {
    insta::assert_snapshot!(report(&["register", "#incident"]));
    insta::assert_snapshot!(report(&[
        "register",
        "2024-01-02..2024-01-03",
        "not:Culture"
    ]));
    insta::assert_snapshot!(report(&["register", "note:audit"]));
}

#[test]
fn json_and_csv() {
    insta::assert_snapshot!(report(&["register", "2024-01-02", "-o", "json"]));
    insta::assert_snapshot!(report(&["register", "#incident", "-o", "csv"]));
}

#[test]
fn json_has_exactly_the_specified_keys() {
    let json = json(&["2024-Q1"]);
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&json), ["entries", "total"]);
    assert_eq!(
        keys(&json["entries"][0]),
        ["date", "seconds", "tag", "note", "file", "line", "running"]
    );
    let first = &json["entries"][0];
    assert_eq!(first["date"], "2024-01-02");
    assert_eq!(first["file"], "2024-q1.sec");
    assert_eq!(first["line"], 29);
    assert_eq!(first["tag"], "Strategy:Technology Planning:OKR management");
}

#[test]
fn running_totals_are_cumulative_and_end_at_the_total() {
    let json = json(&[]);
    let entries = json["entries"].as_array().unwrap();
    let mut sum = 0;
    for entry in entries {
        sum += entry["seconds"].as_u64().unwrap();
        assert_eq!(entry["running"].as_u64().unwrap(), sum, "{entry}");
    }
    assert_eq!(json["total"].as_u64().unwrap(), sum);
    assert_eq!(sum, 448 * 3600 + 45 * 60);
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(dates.is_sorted());
}

#[test]
fn a_query_counts_only_what_it_matches() {
    let json = json(&["2024-Q1", "not:Security & Compliance", "#incident"]);
    let entries = json["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    for entry in entries {
        let tag = entry["tag"].as_str().unwrap();
        assert!(
            !tag.starts_with("Execution:Security & Compliance"),
            "{entry}"
        );
    }
}

#[test]
fn sorted_by_date_with_ties_in_load_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-01-03\n  1h  Strategy  ; third\n2024-01-01\n  1h  Culture  ; first\n  \
         2h  Execution  ; second\n2024-01-03  30m  Culture  ; fourth\n",
    )
    .unwrap();
    let (code, stdout, _) = run(dir.path(), &["register", "-o", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let notes: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["first", "second", "third", "fourth"]);
}

#[test]
fn notes_are_cut_in_text_only() {
    let dir = tempfile::tempdir().unwrap();
    let note = "a note much longer than forty characters, with \"quotes\"";
    std::fs::write(
        dir.path().join("j.sec"),
        format!("2024-01-01\n  1h  Strategy  ; {note}\n  15m  Culture\n"),
    )
    .unwrap();
    let (_, text, _) = run(dir.path(), &["register"]);
    assert!(
        text.contains("a note much longer than forty character…"),
        "{text}"
    );
    let (_, json, _) = run(dir.path(), &["register", "-o", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["entries"][0]["note"], note);
    assert_eq!(json["entries"][1]["note"], "");
    let (_, csv, _) = run(dir.path(), &["register", "-o", "csv"]);
    assert_eq!(
        csv,
        "date,hours,tag,note,file,line,running\n\
         2024-01-01,1.00,Strategy,\"a note much longer than forty characters, with \"\"quotes\"\"\",j.sec,2,1.00\n\
         2024-01-01,0.25,Culture,,j.sec,3,1.25\n"
    );
}

#[test]
fn nothing_matches() {
    let (code, stdout, stderr) = run(&examples(), &["-f", "2024-q1.sec", "register", "2030"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "", "no entries\n")
    );
    assert_eq!(
        json(&["2030"]),
        serde_json::json!({"entries": [], "total": 0})
    );
    let (code, stdout, _) = run(
        &examples(),
        &["-f", "2024-q1.sec", "register", "2030", "-o", "csv"],
    );
    assert_eq!(
        (code, stdout.as_str()),
        (0, "date,hours,tag,note,file,line,running\n")
    );
}

#[test]
fn note_terms_search_the_day_note_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-01-01  ; offsite in Lisbon\n  1h  Strategy  ; roadmap\n  2h  Culture\n\
         2024-01-02\n  30m  Culture  ; lisbon notes\n  45m  Strategy\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["register", "note:lisbon", "-o", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let seconds: Vec<u64> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seconds"].as_u64().unwrap())
        .collect();
    assert_eq!(seconds, [3600, 7200, 1800]);
    // Every pattern must match one of the two notes.
    let (_, stdout, _) = run(
        dir.path(),
        &["register", "note:lisbon", "note:roadmap", "-o", "json"],
    );
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["total"], 3600);
}

#[test]
fn output_to_a_file_named_by_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("week.csv");
    let (code, stdout, _) = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "register",
            "2024-01-02",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
    let csv = std::fs::read_to_string(file).unwrap();
    assert!(
        csv.starts_with("date,hours,tag,note,file,line,running\n2024-01-02,1.50,"),
        "{csv}"
    );
}

#[test]
fn usage_errors() {
    insta::assert_snapshot!(report(&["register", "2024-Q5"]));
    insta::assert_snapshot!(report(&["register", "Risk asesment"]));
    insta::assert_snapshot!(report(&["register", "-o", "pdf"]));
}

#[test]
fn a_bad_period_beats_a_broken_journal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "2024-01-01\n  1h  Nowhere\n").unwrap();
    assert_eq!(run(dir.path(), &["register"]).0, 1);
    assert_eq!(run(dir.path(), &["register", "2024-Q5"]).0, 2);
}
