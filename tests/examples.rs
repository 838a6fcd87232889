//! The journals under `examples/industries/`: a FinTech, a SaaS and a
//! healthcare CTO each add their own activity to the SEC taxonomy, as the
//! framework's industry customisation says, and each journal checks clean.

mod common;

use common::{root, run};

/// Each example, the activity it adds and the focus area it goes under.
const INDUSTRIES: &[(&str, &str, &str)] = &[
    (
        "fintech.sec",
        "Strategy:Market Positioning",
        "Navigate regulatory framework changes",
    ),
    (
        "saas.sec",
        "Execution:Data & Infrastructure",
        "Optimize cloud infrastructure resilience",
    ),
    (
        "healthcare.sec",
        "Culture:Team Development",
        "Build HIPAA-compliant development practices",
    ),
];

#[test]
fn each_industry_adds_its_activity_and_checks_clean() {
    let dir = root().join("examples/industries");
    for (file, parent, activity) in INDUSTRIES {
        let (code, _, stderr) = run(&dir, &["check", file]);
        assert_eq!(
            (code, stderr.as_str()),
            (0, "no problems in 1 file\n"),
            "{file}"
        );

        // The activity is a third-level node under its focus area...
        let (code, tags, _) = run(&dir, &["-f", file, "tags"]);
        assert_eq!(code, 0);
        let lines: Vec<&str> = tags.lines().collect();
        let at = lines
            .iter()
            .position(|l| *l == format!("    {activity}"))
            .unwrap_or_else(|| panic!("{file}: no `{activity}` in\n{tags}"));
        let focus = parent.rsplit(':').next().unwrap();
        let above = lines[..at]
            .iter()
            .rev()
            .find(|l| l.starts_with("  ") && !l.starts_with("    "))
            .unwrap();
        assert_eq!(above.trim(), focus, "{file}");

        // ...that the journal logs time against, through its alias.
        let (code, csv, _) = run(&dir, &["-f", file, "balance", "--flat", "-o", "csv"]);
        assert_eq!(code, 0);
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{parent}:{activity},")))
            .unwrap_or_else(|| panic!("{file}: no row for {activity} in\n{csv}"));
        assert!(!row.ends_with(",0.00"), "{row}");
    }
}

#[test]
fn the_examples_readme_names_every_example() {
    let readme = std::fs::read_to_string(root().join("examples/README.md")).unwrap();
    for (file, _, activity) in INDUSTRIES {
        assert!(readme.contains(&format!("industries/{file}")), "{file}");
        assert!(readme.contains(activity), "{activity}");
    }
}
