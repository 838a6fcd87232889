//! `secl export` over the bundled example: timedot and ledger output,
//! exact quantities, account names, and totals that match the journal's.
//! (Feeding the output to hledger and ledger is a differential test of
//! its own; these tests do not need either tool.)

mod common;

use common::{root, run, transcript};

fn examples() -> std::path::PathBuf {
    root().join("examples")
}

/// `secl -f 2024-q1.sec ARGS` as a transcript, in `examples/`.
fn report(args: &[&str]) -> String {
    let args = [&["-f", "2024-q1.sec"], args].concat();
    transcript(&examples(), &args)
}

/// The stdout of a successful `secl ARGS` in `dir`.
fn stdout(dir: &std::path::Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(dir, args);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

/// Seconds in a quantity this exporter writes: `90m` or `45s`.
fn seconds(quantity: &str) -> u64 {
    if let Some(minutes) = quantity.strip_suffix('m') {
        minutes.parse::<u64>().unwrap() * 60
    } else if let Some(seconds) = quantity.strip_suffix('s') {
        seconds.parse().unwrap()
    } else {
        panic!("not an exact quantity: {quantity}")
    }
}

/// Ten-thousandths of an hour in a timedot quantity this exporter
/// writes: unit-less decimal hours (`1.5`, `0.3333`), at most 4 decimals.
fn ten_thousandths(quantity: &str) -> u64 {
    let (whole, fraction) = quantity.split_once('.').unwrap_or((quantity, ""));
    assert!(fraction.len() <= 4, "more than 4 decimals: {quantity}");
    whole.parse::<u64>().unwrap() * 10_000 + format!("{fraction:0<4}").parse::<u64>().unwrap()
}

/// The total of a timedot export in seconds: the quantity of every entry
/// line, which must sum to a whole number of seconds.
fn timedot_total(timedot: &str) -> u64 {
    let total: u64 = timedot
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with(|c: char| c.is_ascii_digit()))
        .map(|line| {
            let fields: Vec<&str> = line.split("  ").collect();
            assert!(fields.len() >= 2, "no quantity: {line}");
            ten_thousandths(fields[1])
        })
        .sum();
    assert_eq!(total * 9 % 25, 0, "not whole seconds: {total}");
    total * 9 / 25
}

#[test]
fn timedot() {
    insta::assert_snapshot!(report(&["export", "2024-01-02..2024-01-05"]));
}

#[test]
fn ledger() {
    insta::assert_snapshot!(report(&[
        "export",
        "2024-01-02..2024-01-05",
        "-o",
        "ledger"
    ]));
}

#[test]
fn with_a_query() {
    insta::assert_snapshot!(report(&["export", "2024-02", "#incident", "-o", "timedot"]));
}

#[test]
fn timedot_total_equals_the_journal_total() {
    let timedot = stdout(&examples(), &["-f", "2024-q1.sec", "export"]);
    let register = stdout(
        &examples(),
        &["-f", "2024-q1.sec", "register", "-o", "json"],
    );
    let register: serde_json::Value = serde_json::from_str(&register).unwrap();
    assert_eq!(timedot_total(&timedot), register["total"].as_u64().unwrap());
    assert_eq!(timedot_total(&timedot), 448 * 3600 + 45 * 60);
}

#[test]
fn ledger_total_equals_the_journal_total() {
    let ledger = stdout(
        &examples(),
        &["-f", "2024-q1.sec", "export", "-o", "ledger"],
    );
    let total: u64 = ledger
        .lines()
        .filter_map(|line| line.strip_prefix("    ("))
        .map(|posting| seconds(posting.rsplit("  ").next().unwrap()))
        .sum();
    assert_eq!(total, 448 * 3600 + 45 * 60);
}

#[test]
fn quantities_are_exact_and_names_single_spaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "tag Execution:Docs  (e.g. SDKs, APIs)\n\n\
         2024-01-02\n  0.01h  Docs (e.g. SDKs, APIs)  ; (draft) first pass\n  \
         1h30m  Strategy\n2024-01-01  45m  Culture  ; *urgent*\n",
    )
    .unwrap();
    assert_eq!(
        stdout(dir.path(), &["export"]),
        "2024-01-01\nCulture  0.75  ; *urgent*\n\n\
         2024-01-02\nExecution:Docs (e.g. SDKs, APIs)  0.01  ; (draft) first pass\nStrategy  1.5\n"
    );
    assert_eq!(
        stdout(dir.path(), &["export", "-o", "ledger"]),
        "2024-01-01 () *urgent*\n    (Culture)  45m\n\n\
         2024-01-02 () (draft) first pass\n    (Execution:Docs (e.g. SDKs, APIs))  36s\n\n\
         2024-01-02 Strategy\n    (Strategy)  90m\n"
    );
}

/// hledger 1.32 and later round a timedot quantity with a unit to 0.01h,
/// so three `20m` would read back as 0.99h: the export writes plain hours
/// whose sum per account and day is exact.
#[test]
fn timedot_days_sum_exactly_in_plain_hours() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-01-02\n  20m  Strategy\n  20m  Strategy  ; b\n  20m  Strategy  ; c\n  \
         10m  Culture\n  90.25m  Culture\n",
    )
    .unwrap();
    let timedot = stdout(dir.path(), &["export"]);
    assert_eq!(
        timedot,
        "2024-01-02\nStrategy  0.3333\nStrategy  0.3334  ; b\nStrategy  0.3333  ; c\n\
         Culture  0.1667\nCulture  1.5041\n"
    );
}

#[test]
fn output_to_a_file_named_by_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, start) in [
        ("q1.timedot", "2024-01-02  ; back from the break\n"),
        ("q1.ledger", "2024-01-02 Q1 OKR"),
    ] {
        let file = dir.path().join(name);
        let out = stdout(
            &examples(),
            &["-f", "2024-q1.sec", "export", "-o", file.to_str().unwrap()],
        );
        assert_eq!(out, "");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.starts_with(start), "{text}");
    }
}

#[test]
fn nothing_to_export() {
    assert_eq!(
        stdout(&examples(), &["-f", "2024-q1.sec", "export", "2030"]),
        ""
    );
}

#[test]
fn usage_errors() {
    insta::assert_snapshot!(report(&["export", "-o", "text"]));
    insta::assert_snapshot!(report(&["export", "Risk asesment"]));
}
