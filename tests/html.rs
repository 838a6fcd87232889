//! `secl balance -o html`: one self-contained page (inline CSS and SVG,
//! no scripts, nothing fetched) with the balance table, the chart and the
//! targets, every name escaped. The page is polyglot markup, so a strict
//! XML reader checks that it is well formed.

mod common;

use common::xml;

use common::{root, run};
use serde_json::Value;

fn examples() -> std::path::PathBuf {
    root().join("examples")
}

/// `secl -f 2024-q1.sec ARGS` in `examples/`: the page, which must parse.
fn page(args: &[&str]) -> (String, xml::Element) {
    let args = [&["-f", "2024-q1.sec"], args].concat();
    let (code, stdout, stderr) = run(&examples(), &args);
    assert_eq!(code, 0, "{stderr}");
    let document = xml::parse(&stdout);
    (stdout, document)
}

/// `secl -f 2024-q1.sec ARGS -o json`, parsed.
fn json(args: &[&str]) -> Value {
    let args = [&["-f", "2024-q1.sec"], args, &["-o", "json"]].concat();
    let (code, stdout, stderr) = run(&examples(), &args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Elements named `name` below `element`.
fn all<'a>(element: &'a xml::Element, name: &str) -> Vec<&'a xml::Element> {
    element
        .descendants()
        .into_iter()
        .filter(|e| e.name == name)
        .collect()
}

/// The one element named `name` whose `class` includes `class`.
fn with_class<'a>(element: &'a xml::Element, name: &str, class: &str) -> Vec<&'a xml::Element> {
    all(element, name)
        .into_iter()
        .filter(|e| {
            e.attr("class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == class))
        })
        .collect()
}

fn section<'a>(page: &'a xml::Element, class: &str) -> &'a xml::Element {
    let sections = with_class(page, "section", class);
    assert_eq!(sections.len(), 1, "one section.{class}");
    sections[0]
}

/// The text of each cell of each row of a table body.
fn body_rows(table: &xml::Element) -> Vec<Vec<String>> {
    let body = all(table, "tbody");
    all(body[0], "tr")
        .into_iter()
        .map(|tr| all(tr, "td").into_iter().map(|td| td.text()).collect())
        .collect()
}

/// Decimal hours as the reports show them.
fn hours(seconds: u64) -> String {
    let hundredths = (seconds + 18) / 36;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn percent(part: u64, whole: u64) -> String {
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

#[test]
fn the_page_is_self_contained() {
    let (raw, page) = page(&["balance", "2024-Q1", "--depth", "2", "-o", "html"]);
    assert!(raw.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.name, "html");
    assert_eq!(page.attr("lang"), Some("en"));
    let head = all(&page, "head")[0];
    assert!(
        all(head, "meta")
            .iter()
            .any(|m| m.attr("charset") == Some("utf-8"))
    );
    assert_eq!(all(head, "title")[0].text(), "Time balance · 2024-Q1");
    assert_eq!(all(head, "style").len(), 1);
    // Nothing runs and nothing is fetched: no scripts, no links, no
    // images, no addresses at all (the SVG goes without its namespace).
    for tag in [
        "script", "link", "img", "iframe", "object", "embed", "image", "use",
    ] {
        assert!(all(&page, tag).is_empty(), "<{tag}>");
    }
    for element in page.descendants() {
        for (name, _) in &element.attrs {
            assert!(
                !["src", "href", "xlink:href", "srcset", "action"].contains(&name.as_str())
                    && !name.starts_with("on"),
                "{name}= in <{}>",
                element.name
            );
        }
    }
    for needle in ["http:", "https:", "//", "url(", "@import"] {
        assert!(!raw.contains(needle), "{needle} in the page");
    }
    // The title and the period.
    assert_eq!(all(&page, "h1")[0].text(), "2024-Q1");
    let meta = with_class(&page, "p", "meta")[0].text();
    assert!(meta.contains("1 Jan 2024 – 31 Mar 2024"), "{meta}");
    assert!(meta.contains("448.75 hours"), "{meta}");
    // The chart, inline.
    let chart = section(&page, "chart");
    assert_eq!(all(chart, "svg").len(), 1);
    assert_eq!(all(&page, "svg").len(), 1);
    assert_eq!(all(chart, "h2")[0].text(), "Hours per month by focus area");
}

#[test]
fn the_balance_table_is_the_report() {
    let (_, page) = page(&["balance", "2024-Q1", "--depth", "2", "-o", "html"]);
    let report = json(&["balance", "2024-Q1", "--depth", "2"]);
    let grand = report["total"]["total"].as_u64().unwrap();
    let table = all(section(&page, "balance"), "table")[0];
    let header: Vec<String> = all(all(table, "thead")[0], "th")
        .iter()
        .map(|th| th.text())
        .collect();
    assert_eq!(header, ["", "time", "share", ""]);
    let rows = body_rows(table);
    let expected = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len());
    for (row, json) in rows.iter().zip(expected) {
        let tag = json["tag"].as_str().unwrap();
        let total = json["total"].as_u64().unwrap();
        let name = tag.rsplit(':').next().unwrap();
        assert_eq!(
            row[..3],
            [name.to_string(), hours(total), percent(total, grand)],
            "{tag}"
        );
    }
    // The total line.
    let foot: Vec<String> = all(all(table, "tfoot")[0], "td")
        .iter()
        .map(|td| td.text())
        .collect();
    assert_eq!(foot[..3], ["Total", "448.75", "100.0%"]);
}

#[test]
fn domains_are_bold_numbers_right_aligned_and_rows_indented_by_depth() {
    let (raw, page) = page(&["balance", "2024-Q1", "--depth", "2", "-o", "html"]);
    let table = all(section(&page, "balance"), "table")[0];
    let body = all(table, "tbody")[0];
    let mut indents = Vec::new();
    for tr in all(body, "tr") {
        let cells = all(tr, "td");
        let name = cells[0].text();
        let domain = ["Strategy", "Execution", "Culture"].contains(&name.as_str());
        assert_eq!(
            tr.attr("class"),
            Some(if domain { "d1" } else { "d2" }),
            "{name}"
        );
        let style = cells[0].attr("style").unwrap();
        let indent: u32 = style
            .strip_prefix("padding-left:")
            .and_then(|s| s.strip_suffix("px"))
            .unwrap()
            .parse()
            .unwrap();
        indents.push((domain, indent));
        // Time and share are numbers, aligned right.
        assert_eq!(cells[1].attr("class"), Some("num"));
        assert_eq!(cells[2].attr("class"), Some("num"));
    }
    let domain_indent = indents.iter().find(|(d, _)| *d).unwrap().1;
    assert!(indents.iter().all(|&(d, i)| d || i > domain_indent));
    assert!(raw.contains("tr.d1 td { font-weight: 650; }"));
    assert!(raw.contains("td.num { text-align: right;"));
}

#[test]
fn columns_by_month_in_the_table_and_the_chart() {
    let (_, page) = page(&["balance", "2024-Q1", "-M", "--depth", "1", "-o", "html"]);
    let table = all(section(&page, "balance"), "table")[0];
    let header: Vec<String> = all(all(table, "thead")[0], "th")
        .iter()
        .map(|th| th.text())
        .collect();
    assert_eq!(
        header,
        [
            "", "2024-01", "2024-02", "2024-03", "total", "average", "trend"
        ]
    );
    let rows = body_rows(table);
    assert_eq!(
        rows[0][..5],
        ["Strategy", "38.75", "27.50", "58.50", "124.75"]
    );
    assert_eq!(
        rows[2][..5],
        ["Culture", "57.50", "29.25", "30.00", "116.75"]
    );
    let svg = all(section(&page, "chart"), "svg")[0];
    let labels: Vec<String> = all(svg, "text").iter().map(|t| t.text()).collect();
    for month in ["2024-01", "2024-02", "2024-03"] {
        assert!(labels.contains(&month.to_string()), "{month} in {labels:?}");
    }
}

#[test]
fn a_single_period_is_charted_by_a_unit_that_suits_it() {
    let chart_labels = |period: &str| -> Vec<String> {
        let (_, page) = page(&["balance", period, "-o", "html"]);
        let chart = section(&page, "chart");
        all(chart, "text").iter().map(|t| t.text()).collect()
    };
    // A quarter by month, a month by week.
    let quarter = chart_labels("2024-Q1");
    assert!(quarter.contains(&"2024-02".to_string()), "{quarter:?}");
    let month = chart_labels("2024-02");
    assert!(month.contains(&"2024-W07".to_string()), "{month:?}");
}

#[test]
fn targets_with_their_status() {
    let (_, page) = page(&["balance", "2024-Q1", "-o", "html"]);
    let table = all(section(&page, "targets"), "table")[0];
    let rows = body_rows(table);
    let summary: Vec<[&str; 5]> = rows
        .iter()
        .map(|r| {
            [
                r[0].as_str(),
                r[1].as_str(),
                r[2].as_str(),
                r[3].as_str(),
                r[4].as_str(),
            ]
        })
        .collect();
    // The quarter's column starts on 1 January: the March target is not in
    // force in it.
    assert_eq!(
        summary,
        [
            [
                "Execution:Security & Compliance",
                "15%..25%",
                "",
                "22.2%",
                "ok"
            ],
            [
                "Culture:Personal Development",
                "7%..12%",
                "",
                "5.6%",
                "under"
            ],
            ["Strategy", "≥20%", "until 2024-02-29", "27.8%", "ok"],
            ["Strategy", "30%..45%", "from 2024-03-01", "—", ""],
        ]
    );
    assert_eq!(rows[1][5], "+6.90h");
    // One status per month with --by; each Strategy target where in force.
    let (_, by_month) = self::page(&["balance", "2024-Q1", "-M", "-o", "html"]);
    let rows = body_rows(all(section(&by_month, "targets"), "table")[0]);
    let statuses =
        |row: &[String]| -> Vec<String> { row.iter().skip(4).step_by(3).cloned().collect() };
    assert_eq!(statuses(&rows[2]), ["ok", "under", ""]);
    assert_eq!(statuses(&rows[3]), ["", "", "ok"]);
}

#[test]
fn a_query_is_named_and_targets_still_count_all_time() {
    let (_, page) = page(&["balance", "2024-Q1", "Security & Compliance", "-o", "html"]);
    let meta = with_class(&page, "p", "meta")[0].text();
    assert!(meta.contains("query: Security & Compliance"), "{meta}");
    let targets = section(&page, "targets");
    assert!(targets.text().contains("whatever the query"));
    // The shares are of all the time, as in `secl targets`.
    let rows = body_rows(all(targets, "table")[0]);
    assert_eq!(rows[0][3], "22.2%");
}

#[test]
fn names_are_escaped_and_no_targets_no_section() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "tag Execution:R&D <core> \"lab\"\n2024-01-02\n  2h  R&D <core> \"lab\"\n  1h  Strategy\n",
    )
    .unwrap();
    let (code, raw, stderr) = run(
        dir.path(),
        &["balance", "-o", "html", "R&D <core> \"lab\"", "Strategy"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!raw.contains("<core>"));
    let page = xml::parse(&raw);
    let rows = body_rows(all(section(&page, "balance"), "table")[0]);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["Strategy", "Execution", "R&D <core> \"lab\""]);
    let meta = with_class(&page, "p", "meta")[0].text();
    assert!(
        meta.contains("query: R&D <core> \"lab\" Strategy"),
        "{meta}"
    );
    assert!(with_class(&page, "section", "targets").is_empty());
}

#[test]
fn output_to_a_file_or_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("board.html");
    let args = ["-f", "2024-q1.sec", "balance", "2024-Q1", "-o"];
    let (code, stdout, stderr) = run(
        &examples(),
        &[&args[..], &[file.to_str().unwrap()]].concat(),
    );
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let written = std::fs::read_to_string(&file).unwrap();
    let (_, stdout, _) = run(&examples(), &[&args[..], &["html"]].concat());
    assert_eq!(stdout, written);
}

#[test]
fn an_empty_journal_is_a_page_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "taxonomy sec\n").unwrap();
    let (code, raw, stderr) = run(dir.path(), &["balance", "-o", "html"]);
    assert_eq!(code, 0, "{stderr}");
    let page = xml::parse(&raw);
    assert_eq!(all(&page, "h1")[0].text(), "No entries");
    assert!(section(&page, "balance").text().contains("No time logged"));
    assert!(all(&page, "svg").is_empty());
}

#[test]
fn the_reader_is_strict() {
    let fails = |text: &'static str| std::panic::catch_unwind(|| xml::parse(text)).is_err();
    assert!(!fails(
        "<!DOCTYPE html>\n<p a=\"1\">R&amp;D <b>x</b><br/></p>\n"
    ));
    assert!(fails("<p>R&D</p>"));
    assert!(fails("<p><b></p></b>"));
    assert!(fails("<p>a <core> b</p>"));
    assert!(fails("<p a=1></p>"));
    assert!(fails("<p>&nbsp;</p>"));
}

#[test]
fn wide_tables_scroll_on_screen_and_print_whole() {
    let (_, page) = page(&["balance", "2024-Q1", "--by", "week", "-o", "html"]);
    // On screen each table scrolls inside its section…
    for name in ["balance", "targets"] {
        let section = section(&page, name);
        assert_eq!(
            all(section, "div")[0].attr("class"),
            Some("scroll"),
            "{name}"
        );
    }
    // …and in print nothing is cut: no scrolling box, cells may wrap.
    let style = all(&page, "style")[0].text();
    let print = &style[style.find("@media print").unwrap()..];
    assert!(print.contains(".scroll { overflow: visible; }"), "{print}");
    assert!(print.contains("white-space: normal"), "{print}");
}

/// The page's "on average" counts a clipped column as the part of its unit
/// it holds, as the table's average column does (15 of February's 29 days
/// and all of March: 30h over 1.52 months).
#[test]
fn the_average_card_counts_a_clipped_column_honestly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "2024-02-20  10h  Strategy\n2024-03-05  20h  Strategy\n",
    )
    .unwrap();
    let (code, html, stderr) = run(
        dir.path(),
        &[
            "-f",
            "j.sec",
            "balance",
            "2024-02-15..2024-03-31",
            "--by",
            "month",
            "-o",
            "html",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(html.contains("2 periods, 19.77"), "{html}");
}
