//! Targets that change as the role does (`target TAG RANGE from DATE`):
//! which declaration is in force in each `--by` column (month, quarter, a
//! column that straddles a change), contradictions, and the chart's bands.

mod common;

use std::path::Path;

use common::{run, xml};
use serde_json::{Value, json};

const TODAY: &str = "--today=2024-12-31";

/// A founder's Strategy share: at least 20% until June, 25–35% from July.
/// Every month has 10h: Strategy 3h in the first half (30%), 3h in July
/// (30%, in 25–35%), 4h from August (40%, over 35%).
fn history() -> String {
    let mut text = String::from(
        "target Strategy  >=20%\n\
         target Strategy  25%..35%  from 2024-07-01  ; a VP Engineering starts\n\
         target Culture  <=90%\n",
    );
    for month in 1..=12 {
        let strategy = match month {
            1..=7 => 3,
            _ => 4,
        };
        text.push_str(&format!(
            "2024-{month:02}-10\n  {strategy}h  Strategy\n  {}h  Culture\n",
            10 - strategy
        ));
    }
    text
}

fn journal(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), text).unwrap();
    dir
}

fn targets(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let args = [&[TODAY, "-f", "j.sec", "targets"], args].concat();
    run(dir, &args)
}

fn targets_json(dir: &Path, args: &[&str]) -> Value {
    let (code, stdout, stderr) = targets(dir, &[args, &["-o", "json"]].concat());
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn by_month_each_declaration_holds_in_its_own_months() {
    let dir = journal(&history());
    let json = targets_json(dir.path(), &["2024", "--by", "month"]);
    let rows = json["targets"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "one row per declaration");
    let (before, after) = (&rows[0], &rows[1]);
    assert_eq!(before["from"], Value::Null);
    assert_eq!(after["from"], "2024-07-01");
    assert_eq!(after["min"], 0.25);
    assert_eq!(after["max"], 0.35);
    let statuses = |row: &Value| -> Vec<String> {
        row["status"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap_or("-").to_string())
            .collect()
    };
    let run = |text: &str, n: usize| vec![text.to_string(); n];
    assert_eq!(statuses(before), [run("ok", 6), run("-", 6)].concat());
    assert_eq!(
        statuses(after),
        [run("-", 6), run("ok", 1), run("over", 5)].concat()
    );
    // Not in force: no share, but the seconds are there.
    assert_eq!(after["share"][0], Value::Null);
    assert_eq!(after["seconds"][0], 3 * 3600);
    assert_eq!(before["share"][6], Value::Null);
    // A target with no `from` and no successor holds in every column.
    assert!(statuses(&rows[2]).iter().all(|s| s == "ok"));
}

#[test]
fn by_quarter_the_target_on_the_first_day_counts() {
    let dir = journal(&history());
    let json = targets_json(dir.path(), &["2024", "--by", "quarter"]);
    let statuses: Vec<&Value> = json["targets"][1]["status"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    // Q3 (July 30%, Aug–Sep 40%: 11/30 = 36.7%) is judged by 25–35%.
    assert_eq!(
        statuses,
        [&Value::Null, &Value::Null, &json!("over"), &json!("over")]
    );
    assert_eq!(
        json["targets"][0]["status"],
        json!(["ok", "ok", null, null])
    );
}

#[test]
fn a_column_that_straddles_a_change_takes_the_target_of_its_first_day() {
    let dir = journal(&history());
    // 2024-06-15..2024-07-31 by month: June (before the change), July
    // (after); one column for the whole span starts in June: the old target.
    let json = targets_json(dir.path(), &["2024-06-15..2024-07-31"]);
    assert_eq!(json["targets"][0]["status"], json!(["ok"]));
    assert_eq!(json["targets"][1]["status"], json!([null]));
    // Clipped to the span, a column's first day is the span's: a quarter
    // column clipped to start on 1 July is judged by the new target.
    let json = targets_json(dir.path(), &["2024-07-01..2024-09-30", "--by", "quarter"]);
    assert_eq!(json["targets"][0]["status"], json!([null]));
    assert_eq!(json["targets"][1]["status"], json!(["over"]));
    // A week across the change (Mon 2024-07-01 is a Monday: take
    // 2024-06-24..2024-07-07 by week).
    let dir = journal(
        "target Strategy  >=20%\ntarget Strategy  >=50%  from 2024-06-27\n\
         2024-06-24  1h  Strategy\n2024-06-25  3h  Culture\n\
         2024-07-01  1h  Strategy\n2024-07-02  3h  Culture\n",
    );
    let json = targets_json(dir.path(), &["2024-06-24..2024-07-07", "--by", "week"]);
    // W26 starts on the 24th: ≥20% (25%, ok); W27: ≥50% (25%, under).
    assert_eq!(json["targets"][0]["status"], json!(["ok", null]));
    assert_eq!(json["targets"][1]["status"], json!([null, "under"]));
}

#[test]
fn text_shows_when_each_target_is_in_force_and_dashes_elsewhere() {
    let dir = journal(&history());
    let (code, stdout, _) = targets(dir.path(), &["2024-05..2024-08", "--by", "month"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains("in force"), "{stdout}");
    let strategy: Vec<Vec<&str>> = lines[1..3]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        strategy[0],
        [
            "Strategy",
            "≥20%",
            "until",
            "2024-06-30",
            "30.0%",
            "ok",
            "30.0%",
            "ok",
            "—",
            "—"
        ],
        "{stdout}"
    );
    assert_eq!(
        strategy[1][..7],
        [
            "Strategy",
            "25%..35%",
            "from",
            "2024-07-01",
            "—",
            "—",
            "30.0%"
        ],
        "{stdout}"
    );
    assert_eq!(strategy[1][8..], ["40.0%", "over", "-0.78h"], "{stdout}");
}

#[test]
fn strict_judges_each_column_by_the_target_in_force() {
    let dir = journal(&history());
    // Before July everything is met; August is over the new maximum.
    let (code, _, _) = targets(
        dir.path(),
        &["2024-01..2024-07", "--by", "month", "--strict"],
    );
    assert_eq!(code, 0);
    let (code, _, stderr) = targets(
        dir.path(),
        &["2024-01..2024-08", "--by", "month", "--strict"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("1 of 3 targets missed"), "{stderr}");
}

#[test]
fn two_ranges_from_the_same_day_contradict_at_the_later_line() {
    let dir = journal(
        "target Strategy  >=20%\n\
         target Strategy  25%..35%  from 2024-07-01\n\
         target Strategy  25%..35%  from 2024-07-01\n\
         target Strategy  30%..40%  from 2024-07-01\n\
         2024-07-10  1h  Strategy\n",
    );
    let (code, _, stderr) = run(dir.path(), &[TODAY, "-f", "j.sec", "check"]);
    assert_eq!(code, 1, "{stderr}");
    let (_, stdout, _) = run(
        dir.path(),
        &[TODAY, "-f", "j.sec", "check", "--format", "short"],
    );
    let problems: Vec<&str> = stdout.lines().collect();
    assert_eq!(problems.len(), 1, "{stdout}");
    assert!(problems[0].starts_with("j.sec:4:"), "{stdout}");
    assert!(
        problems[0].contains("already has the target 25%..35% from 2024-07-01"),
        "{stdout}"
    );
    // Two without `from` contradict as before.
    let dir = journal("target Strategy  >=20%\ntarget Strategy  >=30%\n");
    let (_, stdout, _) = run(
        dir.path(),
        &[TODAY, "-f", "j.sec", "check", "--format", "short"],
    );
    assert!(stdout.contains("j.sec:2:"), "{stdout}");
    assert!(stdout.contains("from the beginning"), "{stdout}");
    // Different starts are a history, not a contradiction; declaration
    // order does not matter.
    let dir = journal(
        "target Strategy  25%..35%  from 2024-07-01\ntarget Strategy  >=20%\n\
         2024-07-10  1h  Strategy\n",
    );
    let (code, stdout, stderr) = run(dir.path(), &[TODAY, "-f", "j.sec", "check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json = targets_json(dir.path(), &["2024-06..2024-07", "-M"]);
    // In file order: the July target first, then the one from the beginning.
    assert_eq!(json["targets"][0]["status"], json!([null, "over"]));
    assert_eq!(json["targets"][1]["status"], json!(["no_time", null]));
}

#[test]
fn a_bad_start_date_is_a_bad_target() {
    let dir = journal("target Strategy  >=20%  from 2024-02-30\n");
    let (code, stdout, _) = run(
        dir.path(),
        &[TODAY, "-f", "j.sec", "check", "--format", "short"],
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("bad_target"), "{stdout}");
    assert!(stdout.contains("`2024-02-30` is not a date"), "{stdout}");
}

/// The y of every band edge drawn in a chart's plot, per column: the
/// horizontal `<polyline>`s of two points left of the legend, grouped by
/// their x.
fn band_lines(svg: &xml::Element) -> Vec<(f64, f64, String)> {
    svg.descendants()
        .into_iter()
        .filter(|e| e.name == "polyline")
        .filter_map(|e| {
            let points: Vec<(f64, f64)> = e
                .attr("points")?
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            let [(x0, y0), (_, y1)] = points[..] else {
                return None;
            };
            let stroke = e.attr("stroke")?.to_ascii_lowercase();
            (y0 == y1 && e.attr("stroke-width") == Some("2")).then_some((x0, y0, stroke))
        })
        .collect()
}

#[test]
fn percent_chart_bands_step_where_the_target_changes_and_stay_in_the_bar() {
    let dir = journal(&history());
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            TODAY,
            "-f",
            "j.sec",
            "chart",
            "2024-05..2024-08",
            "--by",
            "month",
            "--percent",
            "-o",
            "svg",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let svg = xml::parse(&stdout);
    let texts: Vec<String> = svg
        .descendants()
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text())
        .collect();
    // The y axis ends at 100%.
    assert!(texts.contains(&"100%".to_string()), "{texts:?}");
    assert!(
        !texts
            .iter()
            .any(|t| t == "120%" || t == "105%" || t == "110%")
    );
    // The legend names both declarations and says how to read a band.
    for wanted in [
        "Strategy ≥20% until 2024-06-30",
        "Strategy 25%..35% from 2024-07-01",
        "On target when the colour's edge is inside its band; red: missed",
    ] {
        assert!(texts.iter().any(|t| t == wanted), "{wanted} in {texts:?}");
    }
    let (zero, hundred) = {
        let y = |label: &str| {
            svg.descendants()
                .into_iter()
                .find(|e| e.name == "text" && e.text() == label)
                .unwrap()
                .number("y")
        };
        (y("0%"), y("100%"))
    };
    let at = |percent: f64| zero + (hundred - zero) * percent / 100.0;
    // Strategy is the top segment: its band is measured from the top, so
    // ≥20% is a line at 80% in May and June, and 25–35% lines at 75% and
    // 65% from July: the band steps.
    let legend = svg
        .descendants()
        .into_iter()
        .find(|e| e.name == "text" && e.text() == "Targets")
        .unwrap()
        .number("x");
    let mut lines: Vec<(f64, f64, String)> = band_lines(&svg)
        .into_iter()
        .filter(|l| l.0 < legend - 20.0)
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let strategy: Vec<f64> = lines
        .iter()
        .filter(|(_, y, _)| [80.0, 75.0, 65.0].iter().any(|p| (y - at(*p)).abs() < 1.5))
        .map(|(_, y, _)| *y)
        .collect();
    assert_eq!(strategy.len(), 2 + 2 * 2, "{lines:?}");
    assert!((strategy[0] - at(80.0)).abs() < 1.5);
    assert!((strategy[1] - at(80.0)).abs() < 1.5);
    // Every edge stays within the bar.
    for (_, y, _) in &lines {
        assert!(*y >= hundred - 1.0 && *y <= zero + 1.0, "{y}");
    }
    // August is over 35%: its edges are red, July's are not.
    let red: Vec<&(f64, f64, String)> = lines.iter().filter(|l| l.2 == "#cf222e").collect();
    assert_eq!(red.len(), 2, "{lines:?}");
}
