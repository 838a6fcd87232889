//! `secl balance` over the bundled example: every report shape in text,
//! JSON and CSV, the argument rules, and the JSON contract (grammar.md, Reports).

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

#[test]
fn tree() {
    insta::assert_snapshot!(report(&["balance", "2024-Q1"]));
}

#[test]
fn tree_with_depth_and_parent_share() {
    insta::assert_snapshot!(report(&[
        "balance",
        "2024-Q1",
        "--depth",
        "2",
        "--parent-share"
    ]));
}

#[test]
fn tree_sorted_by_time_in_hours_and_minutes() {
    insta::assert_snapshot!(report(&[
        "balance", "2024-02", "--depth", "2", "--sort", "time", "--time", "hm"
    ]));
}

#[test]
fn flat() {
    insta::assert_snapshot!(report(&["balance", "2024-01", "--flat"]));
}

#[test]
fn flat_with_depth_folds_deeper_time_in() {
    insta::assert_snapshot!(report(&["balance", "2024-01", "--flat", "--depth", "2"]));
}

#[test]
fn empty_shows_the_zero_nodes_of_the_queried_subtree() {
    insta::assert_snapshot!(report(&["balance", "2024-01-02", "Culture", "--empty"]));
}

#[test]
fn columns_by_month() {
    insta::assert_snapshot!(report(&[
        "balance", "2024-Q1", "--by", "month", "--depth", "2"
    ]));
}

#[test]
fn columns_by_week_clip_the_first_and_last() {
    insta::assert_snapshot!(report(&[
        "balance",
        "2024-01-03..2024-01-20",
        "-W",
        "--depth",
        "1",
        "-o",
        "json"
    ]));
}

#[test]
fn percent_columns() {
    insta::assert_snapshot!(report(&[
        "balance",
        "2024-Q1",
        "-M",
        "--percent",
        "--depth",
        "1"
    ]));
}

#[test]
fn compare_with_the_previous_period() {
    insta::assert_snapshot!(report(&["balance", "2024-03", "--compare", "--depth", "2"]));
}

#[test]
fn compare_with_a_named_period() {
    insta::assert_snapshot!(report(&[
        "balance",
        "2024-03",
        "--compare=2024-01",
        "--depth",
        "1",
        "-o",
        "json"
    ]));
}

#[test]
fn compare_as_csv_ends_with_the_change() {
    let (code, stdout, stderr) = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "balance",
            "2024-03",
            "--compare",
            "--depth",
            "1",
            "-o",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "tag,2024-02,2024-03,change\n\
         Strategy,27.50,58.50,31.00\n\
         Execution,93.50,53.25,-40.25\n\
         Culture,29.25,30.00,0.75\n\
         total,150.25,141.75,-8.50\n"
    );
}

/// Periods typed wrong are period errors with a did-you-mean; `last 7
/// days`, month names and quarters without a year are periods.
#[test]
fn periods_in_words() {
    let secl = |args: &[&str]| {
        let args = [
            &["-f", "2024-q1.sec", "--today", "2024-03-15", "balance"],
            args,
        ]
        .concat();
        run(&examples(), &args)
    };
    for (args, help) in [
        (&["this weak"][..], "did you mean `this week`?"),
        (&["this", "weak"], "did you mean `this week`?"),
        (&["lastmonth"], "did you mean `last month`?"),
        (&["novmber"], "did you mean the period `november`?"),
        (&["last", "2", "weeks"], "write a range"),
    ] {
        let (code, _, stderr) = secl(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(help), "{args:?}: {stderr}");
        assert!(!stderr.contains("unknown tag"), "{args:?}: {stderr}");
    }
    let span = |args: &[&str]| {
        let args = [args, &["-o", "json"]].concat();
        let (code, stdout, stderr) = secl(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let period = &json["periods"][0];
        format!(
            "{} {}..{}",
            period["label"], period["first"], period["last"]
        )
    };
    assert_eq!(
        span(&["last 7 days"]),
        r#""2024-03-09..2024-03-15" "2024-03-09".."2024-03-15""#
    );
    assert_eq!(
        span(&["last", "7", "days", "Strategy"]),
        span(&["last 7 days"])
    );
    assert_eq!(span(&["Q4"]), r#""2023-Q4" "2023-10-01".."2023-12-31""#);
    assert_eq!(
        span(&["february"]),
        r#""2024-02" "2024-02-01".."2024-02-29""#
    );
    assert_eq!(span(&["nov"]), r#""2023-11" "2023-11-01".."2023-11-30""#);
    // `targets` takes the three words too.
    let (code, stdout, stderr) = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "--today",
            "2024-03-15",
            "targets",
            "last",
            "7",
            "days",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("2024-03-09..2024-03-15"), "{stdout}");
}

/// `--compare` colours a change of share by whether it moves toward the
/// row's target (green) or away (red); every other change is neutral, so
/// more hours are never green for their own sake.
#[test]
fn compare_colours_changes_by_their_targets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "target Strategy  >=50%\ntarget Culture  <=10%\n\
         2024-01-10\n  1h  Strategy\n  1h  Culture\n  2h  Execution\n\
         2024-02-10\n  3h  Strategy\n  3h  Culture\n  2h  Execution\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &["balance", "2024-02", "--compare", "--color", "always"],
    );
    assert_eq!(code, 0, "{stderr}");
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no {name}: {stdout}"))
            .to_string()
    };
    let (green, red) = ("\u{1b}[32m", "\u{1b}[31m");
    let strategy = line("Strategy");
    assert!(
        strategy.contains(&format!("{green}▲ +12.5pp")),
        "{strategy:?}"
    );
    assert!(
        !strategy.contains(&format!("{green}▲ +2.00")),
        "{strategy:?}"
    );
    let culture = line("Culture");
    assert!(culture.contains(&format!("{red}▲ +12.5pp")), "{culture:?}");
    let execution = line("Execution");
    assert!(
        !execution.contains(green) && !execution.contains(red),
        "{execution:?}"
    );
}

/// `--by day` over a month is wider than the terminal: the report says how
/// to see it (`-o csv`, a larger unit); one that fits says nothing.
#[test]
fn a_report_wider_than_the_terminal_says_how_to_see_it() {
    let (code, _, stderr) = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "balance",
            "2024-02",
            "--by",
            "day",
            "--depth",
            "1",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stderr.contains("the terminal 100: see it whole with `-o csv`")
            && stderr.contains("`--by week`"),
        "{stderr}"
    );
    for args in [
        &["balance", "2024-Q1", "--by", "month", "--depth", "1"][..],
        &["balance", "2024-02", "--by", "day", "-o", "csv"],
    ] {
        let args = [&["-f", "2024-q1.sec"], args].concat();
        let (code, _, stderr) = run(&examples(), &args);
        assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
    }
}

/// With `--by`, a column clipped to the span is marked `*` with a
/// footnote of its dates, and the average is per whole unit (a clipped
/// week counts as the part of a week it holds).
#[test]
fn clipped_columns_are_marked_and_averaged_per_whole_unit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2026-11-01  7h  Strategy\n2026-11-02  7h  Strategy\n2026-11-09  7h  Strategy\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &["balance", "2026-11-01..2026-11-15", "--by", "week"],
    );
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains("2026-W44*"), "{stdout}");
    assert!(!lines[0].contains("2026-W45*"), "{stdout}");
    // 21h over 1/7 + 2 weeks: 9.80 a week, not 7.00 over three columns.
    assert!(lines[1].contains("21.00     9.80"), "{stdout}");
    assert_eq!(
        lines.last().copied(),
        Some("* 2026-W44: 2026-11-01..2026-11-01 only, 1 of its 7 days")
    );
    let (_, html, _) = run(
        dir.path(),
        &[
            "balance",
            "2026-11-01..2026-11-15",
            "--by",
            "week",
            "-o",
            "html",
        ],
    );
    assert!(html.contains("2026-W44*") && html.contains("1 of its 7 days"));
}

/// `--compare` of a period not over yet says so, and how to compare the
/// same days; a period that is over says nothing.
#[test]
fn compare_of_a_period_not_over_says_so() {
    let args = |today: &str, period: &str| {
        [
            "-f",
            "2024-q1.sec",
            "--today",
            today,
            "balance",
            period,
            "--compare",
            "-o",
            "json",
        ]
        .map(str::to_string)
    };
    let run_with = |args: [String; 9]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&examples(), &args)
    };
    let (code, _, stderr) = run_with(args("2024-03-02", "this month"));
    assert_eq!(code, 0);
    assert!(
        stderr.contains(
            "note: 2024-03 is not over (today is 2024-03-02): only 2 of its 31 days have passed, \
             set against all of 2024-02; to compare the same days write --compare=2024-02-01..2024-02-02"
        ),
        "{stderr}"
    );
    let (_, _, stderr) = run_with(args("2024-04-02", "2024-03"));
    assert!(!stderr.contains("note:"), "{stderr}");
}

#[test]
fn queries() {
    insta::assert_snapshot!(report(&["balance", "2024-Q1", "#incident", "--flat"]));
    insta::assert_snapshot!(report(&[
        "balance",
        "2024-Q1",
        "Security & Compliance",
        "not:Regulatory compliance"
    ]));
    insta::assert_snapshot!(report(&["balance", "2024-Q1", "okr", "infra", "--flat"]));
    insta::assert_snapshot!(report(&[
        "balance",
        "2024-Q1",
        "note:SOC ?2",
        "--depth",
        "2"
    ]));
}

#[test]
fn last_month_may_be_two_words() {
    let one = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "--today",
            "2024-04-10",
            "balance",
            "last-month",
            "-o",
            "json",
        ],
    );
    let two = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "--today",
            "2024-04-10",
            "balance",
            "last",
            "month",
            "-o",
            "json",
        ],
    );
    assert_eq!(one, two);
    assert!(one.1.contains("\"label\": \"2024-03\""), "{}", one.1);
}

#[test]
fn json_and_csv() {
    insta::assert_snapshot!(report(&[
        "balance", "2024-Q1", "--depth", "2", "-o", "json"
    ]));
    insta::assert_snapshot!(report(&[
        "balance", "2024-Q1", "-M", "--depth", "2", "-o", "csv"
    ]));
}

#[test]
fn json_has_exactly_the_specified_keys() {
    let (code, stdout, _) = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "balance",
            "2024-Q1",
            "-M",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&json), ["periods", "rows", "total"]);
    assert_eq!(keys(&json["periods"][0]), ["label", "first", "last"]);
    assert_eq!(keys(&json["rows"][0]), ["tag", "depth", "seconds", "total"]);
    assert_eq!(keys(&json["total"]), ["seconds", "total"]);
    let total = json["total"]["total"].as_u64().unwrap();
    let columns: u64 = json["total"]["seconds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .sum();
    assert_eq!(total, columns);
    assert_eq!(total, 448 * 3600 + 45 * 60);
}

#[test]
fn no_entries_and_no_period() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "taxonomy sec\n").unwrap();
    let (code, stdout, _) = run(dir.path(), &["balance", "-o", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"periods": [], "rows": [], "total": {"seconds": [], "total": 0}})
    );
}

#[test]
fn output_to_a_file_named_by_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q1.csv");
    let (code, stdout, _) = run(
        &examples(),
        &[
            "-f",
            "2024-q1.sec",
            "balance",
            "2024-Q1",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
    let csv = std::fs::read_to_string(file).unwrap();
    assert!(
        csv.starts_with("tag,2024-Q1,total\nStrategy,124.75,124.75\n"),
        "{csv}"
    );
}

#[test]
fn usage_errors() {
    insta::assert_snapshot!(report(&["balance", "2024-Q5"]));
    insta::assert_snapshot!(report(&["balance", "2024-Q1", "Risk asesment"]));
    insta::assert_snapshot!(report(&["balance", "--compare"]));
    insta::assert_snapshot!(report(&["balance", "2024", "--compare", "-M"]));
    insta::assert_snapshot!(report(&["balance", "2024", "-o", "pdf"]));
    insta::assert_snapshot!(report(&["balance", "2024-03..2024-01"]));
}

#[test]
fn a_journal_with_errors_prints_them_and_no_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-01-01\n  1h  Risk asesment\n  2h  Strategy\n",
    )
    .unwrap();
    insta::assert_snapshot!(transcript(dir.path(), &["balance"]));
}

#[test]
fn warnings_do_not_stop_a_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-01-02\n  1h  Strategy\n2024-01-01\n  2h  Strategy\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["balance"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Strategy"));
    assert_eq!(stderr, "1 warning (run secl check)\n");
}

/// A small journal in `dir`: 2024-01 and 2024-03 have time, 2024-02 none.
fn small(dir: &std::path::Path) {
    std::fs::write(
        dir.join("j.sec"),
        "2024-01-10\n  2h  Strategy:Technology Planning:OKR management\n  2h  Strategy:Technology Planning\n  4h  Culture\n\
         2024-03-05\n  1h  Strategy\n  1h  Execution\n",
    )
    .unwrap();
}

#[test]
fn a_journal_with_errors_and_a_bad_query_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "2024-01-01\n  1h  Stategy\n").unwrap();
    for query in ["Zzzz", "note:("] {
        let (code, _, stderr) = run(dir.path(), &["balance", query]);
        // Exit codes (grammar.md): when 1 and 2 both apply, 2; the journal's errors still show.
        assert_eq!(code, 2, "{query}: {stderr}");
        assert!(stderr.contains("unknown tag `Stategy`"), "{stderr}");
        assert!(!stderr.contains("warning"), "{stderr}");
    }
}

#[test]
fn an_open_period_past_the_journal_is_shown_empty_and_compares() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    // `2030..` has nothing to fill its open end: it is the day it names.
    let (code, stdout, stderr) = run(dir.path(), &["balance", "2030..", "-o", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["periods"][0]["label"], "2030-01-01");
    assert_eq!(json["total"]["total"], 0);
    // Compared with a period that has time, nothing panics and both show.
    let (code, stdout, stderr) = run(
        dir.path(),
        &["balance", "2030..", "--compare=2024-01", "-o", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["total"]["seconds"], serde_json::json!([8 * 3600, 0]));
    for args in [
        &["balance", "..2019-06", "--compare"][..],
        &["balance", "2030..", "--compare"],
    ] {
        let (code, _, stderr) = run(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

#[test]
fn a_change_of_share_against_no_time_is_undefined() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let (code, stdout, _) = run(
        dir.path(),
        &["balance", "2024-02", "--compare=2024-03", "--depth", "1"],
    );
    assert_eq!(code, 0);
    // 2024-02 has no time: its shares are "–", and so is their change.
    for line in stdout.lines().skip(1).filter(|l| !l.starts_with('─')) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[cells.len() - 3], "–", "{stdout}");
        assert_eq!(cells[cells.len() - 1], "–", "{stdout}");
    }
    assert!(!stdout.contains("pp"), "{stdout}");
}

#[test]
fn flat_parent_share_is_of_the_parents_rolled_up_time() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let (code, stdout, _) = run(
        dir.path(),
        &["balance", "2024-01", "--flat", "--parent-share"],
    );
    assert_eq!(code, 0);
    // Each row's own time against its parent's rolled-up time: OKR
    // management 2h of Technology Planning's 4h, Technology Planning's own
    // 2h of Strategy's 4h, Culture 4h of the 8h total.
    let share_of_parent = |name: &str| {
        let row = stdout.lines().find(|l| l.starts_with(name)).unwrap();
        row.split_whitespace().last().unwrap().to_string()
    };
    assert_eq!(share_of_parent("Strategy:Technology Planning:OKR"), "50.0%");
    assert_eq!(share_of_parent("Strategy:Technology Planning "), "50.0%");
    assert_eq!(share_of_parent("Culture"), "50.0%");
    // Before, a flat list's "of parent" was its share of the total.
    assert_ne!(share_of_parent("Strategy:Technology Planning:OKR"), "25.0%");
}

#[test]
fn flat_sort_by_time_keeps_ties_in_taxonomy_order() {
    let dir = tempfile::tempdir().unwrap();
    small(dir.path());
    let (code, stdout, _) = run(
        dir.path(),
        &["balance", "2024-03", "--flat", "--sort", "time"],
    );
    assert_eq!(code, 0);
    let names: Vec<&str> = stdout
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, ["Strategy", "Execution"], "{stdout}");
}

#[test]
fn a_second_period_or_a_half_period_gets_a_hint() {
    let (code, _, stderr) = run(
        &examples(),
        &["-f", "2024-q1.sec", "balance", "2024-01..foo"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`2024-01..foo` is not a period: `foo`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(
        &examples(),
        &["-f", "2024-q1.sec", "balance", "2024", "--compare", "2023"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("compare with --compare=2023"), "{stderr}");
}

#[test]
fn flags_that_only_shape_text_are_refused_with_json_and_csv() {
    for (flags, flag) in [
        (&["2024", "-M", "--percent"][..], "--percent"),
        (&["2024-Q1", "--parent-share"][..], "--parent-share"),
        (&["2024-Q1", "--time", "hm"][..], "--time hm"),
    ] {
        for format in ["json", "csv"] {
            let args = [
                &["-f", "2024-q1.sec", "balance"][..],
                flags,
                &["-o", format],
            ]
            .concat();
            let (code, stdout, stderr) = run(&examples(), &args);
            assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}");
            assert!(
                stderr.contains(&format!(
                    "{flag} shapes the text and HTML reports, not -o {format}"
                )),
                "{stderr}"
            );
        }
    }
}
