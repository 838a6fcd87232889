//! A differential test against hledger itself: a generated journal is
//! exported with `secl export -o timedot`, and hledger's `balance --tree`
//! must give the same totals as `secl balance` for several periods.
//! `.ci/run` installs Debian's hledger; without it the test fails under `CI=true`, else says so and
//! checks nothing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::lcg::Lcg;
use common::run;

/// A journal over 2023-10..2024-04 in every tag and duration form; every
/// duration a whole number of 3-minute steps, so two decimals of an hour
/// are exact and both tools round alike, and three 20-minute entries on one
/// day (0.33h each when hledger rounds a quantity with a unit).
fn journal() -> String {
    let tags = [
        "Strategy:Technology Planning:OKR management",
        "okr",
        "Risk assessment",
        "execution:security-and-compliance:incident-response",
        "Culture",
        "Culture:Team Development:Technical mentorship",
        "Security & Compliance:Security tooling",
        "Execution:Product & Engineering Delivery",
        "CTO peer engagement",
        "Strategy:Stakeholder Management:Board communications",
    ];
    let mut rng = Lcg(7);
    let mut text =
        String::from("taxonomy sec\nalias okr = Strategy:Technology Planning:OKR management\n\n");
    let mut date = chrono::NaiveDate::from_ymd_opt(2023, 10, 2).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2024, 4, 30).unwrap();
    while date <= end {
        text.push_str(&format!("{date}\n"));
        let mut clock = 8 * 60;
        for i in 0..(1 + rng.below(6)) {
            let minutes = 3 * (1 + rng.below(40)) as u32;
            let duration = match rng.below(5) {
                0 => format!("{minutes}m"),
                1 => format!("{}h{}m", minutes / 60, minutes % 60),
                2 => format!("{}:{:02}", minutes / 60, minutes % 60),
                3 => format!("{}h", f64::from(minutes) / 60.0),
                _ => {
                    let start = clock;
                    clock += minutes;
                    format!(
                        "{:02}:{:02}-{:02}:{:02}",
                        start / 60,
                        start % 60,
                        clock / 60,
                        clock % 60
                    )
                }
            };
            let tag = tags[rng.below(tags.len() as u64) as usize];
            text.push_str(&format!("  {duration}  {tag}  ; entry {i}\n"));
        }
        date = date + chrono::Days::new(1 + rng.below(3));
    }
    // hledger 1.32+ reads `20m` as 0.33h: three of them must still total 1h.
    text.push_str(
        "2024-02-29\n  20m  Risk assessment  ; a\n  20m  Risk assessment  ; b\n  \
         0:20  Risk assessment  ; c\n",
    );
    text
}

/// `secl balance PERIOD -o json`: tag → seconds, and the period's first
/// and last day.
fn secl_balance(dir: &Path, period: &str) -> (BTreeMap<String, u64>, String, String) {
    let (code, stdout, stderr) = run(dir, &["-f", "j.sec", "balance", period, "-o", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut totals: BTreeMap<String, u64> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["tag"].as_str().unwrap().to_string(),
                row["total"].as_u64().unwrap(),
            )
        })
        .collect();
    totals.insert("total".into(), json["total"]["total"].as_u64().unwrap());
    let period = &json["periods"][0];
    let day = |key: &str| period[key].as_str().unwrap().to_string();
    (totals, day("first"), day("last"))
}

/// Exact seconds in an amount hledger prints in decimal hours (`1.5`,
/// `0.9999` is not whole seconds and fails).
fn exact_seconds(hours: &str) -> u64 {
    let (whole, fraction) = hours.split_once('.').unwrap_or((hours, ""));
    let scale = 10u64.pow(fraction.len() as u32);
    let value = whole.parse::<u64>().unwrap() * scale + fraction.parse::<u64>().unwrap_or(0);
    assert_eq!(value * 3600 % scale, 0, "{hours}h is not whole seconds");
    value * 3600 / scale
}

/// `hledger balance --tree` over the same days: account → seconds.
fn hledger_balance(dir: &Path, first: &str, last: &str) -> BTreeMap<String, u64> {
    let end = chrono::NaiveDate::parse_from_str(last, "%Y-%m-%d")
        .unwrap()
        .succ_opt()
        .unwrap();
    let output = Command::new("hledger")
        .current_dir(dir)
        .args([
            "-f",
            "j.timedot",
            "balance",
            "--tree",
            "--no-elide",
            "-O",
            "csv",
            "-b",
            first,
            "-e",
        ])
        .arg(end.to_string())
        .output()
        .expect("hledger runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let (account, amount) = line.rsplit_once(',').unwrap();
            (
                account.trim_matches('"').to_string(),
                exact_seconds(amount.trim_matches('"')),
            )
        })
        .collect()
}

#[test]
fn balance_totals_agree_with_hledger() {
    if Command::new("hledger").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "hledger is not installed: CI must run the differential test (.ci/run installs Debian's hledger)"
        );
        eprintln!(
            "NOTE: hledger is not installed, so the differential test against hledger checked nothing \
             (install Debian's `hledger` package; .ci/run does)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), journal()).unwrap();
    let (code, timedot, stderr) = run(dir.path(), &["-f", "j.sec", "export", "-o", "timedot"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(dir.path().join("j.timedot"), timedot).unwrap();
    for period in [
        "2023",
        "2024-Q1",
        "2024-02",
        "2023-11-15..2024-03-10",
        "2024-W10",
        "2023-10..2024-04",
    ] {
        let (secl, first, last) = secl_balance(dir.path(), period);
        let hledger = hledger_balance(dir.path(), &first, &last);
        assert_eq!(secl, hledger, "period {period}");
        assert!(
            secl.len() > 10,
            "period {period} reports too little to compare: {secl:?}"
        );
    }
}

/// What hledger 1.32 and later read from a timedot quantity, in
/// ten-thousandths of an hour: a quantity with a unit (`20m`, `1.5h`,
/// `45s`) rounded to 0.01h as it parses (its fix for #2096), a plain number
/// as written.
fn current_hledger_quantity(quantity: &str) -> u64 {
    let (number, per_hour) = match quantity.char_indices().last() {
        Some((at, 'h')) => (&quantity[..at], 1),
        Some((at, 'm')) => (&quantity[..at], 60),
        Some((at, 's')) => (&quantity[..at], 3600),
        _ => (quantity, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let scale = 10u64.pow(fraction.len() as u32);
    let value = whole.parse::<u64>().unwrap() * scale + fraction.parse::<u64>().unwrap_or(0);
    if per_hour == 0 {
        assert!(scale <= 10_000, "more than 4 decimals: {quantity}");
        value * 10_000 / scale
    } else {
        // Hundredths of an hour, halves up, then ten-thousandths.
        let hundredths = (value * 100 * 2 + per_hour * scale) / (2 * per_hour * scale);
        hundredths * 100
    }
}

/// The differential test above runs whatever hledger is installed (1.25 on
/// Debian); this one reads the export as current hledger does, so that a
/// quantity it would round (three `20m` entries read as 0.99h) fails here
/// too: every domain's total must come back exact.
#[test]
fn timedot_totals_survive_current_hledger_rounding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), journal()).unwrap();
    let (code, timedot, stderr) = run(dir.path(), &["-f", "j.sec", "export", "-o", "timedot"]);
    assert_eq!(code, 0, "{stderr}");
    let mut read: BTreeMap<String, u64> = BTreeMap::new();
    for line in timedot.lines() {
        if line.is_empty() || line.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let fields: Vec<&str> = line.split("  ").collect();
        let domain = fields[0].split(':').next().unwrap().to_string();
        *read.entry(domain).or_default() += current_hledger_quantity(fields[1]);
    }
    let (secl, _, _) = secl_balance(dir.path(), "2023-10..2024-04");
    for (domain, ten_thousandths) in &read {
        assert_eq!(
            ten_thousandths * 9,
            secl[domain] * 25,
            "{domain}: hledger would read {ten_thousandths} ten-thousandths of an hour"
        );
    }
    assert_eq!(read.len(), 3, "{read:?}");
}
