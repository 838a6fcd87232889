//! `secl chart` over the bundled example: the SVG is well-formed, and what
//! a reader sees (title, axes, legend, bars, target bands) is there.

mod common;

use common::xml;

use common::{root, run, transcript};

fn examples() -> std::path::PathBuf {
    root().join("examples")
}

/// `secl -f 2024-q1.sec ARGS` in `examples/`: exit code, stdout, stderr.
fn chart(args: &[&str]) -> (i32, String, String) {
    let args = [&["-f", "2024-q1.sec"], args].concat();
    run(&examples(), &args)
}

/// The SVG of a chart that must succeed, parsed.
fn svg(args: &[&str]) -> xml::Element {
    let (code, stdout, stderr) = chart(args);
    assert_eq!(code, 0, "{stderr}");
    let document = xml::parse(&stdout);
    assert_eq!(document.name, "svg");
    document
}

/// A `<text>`: what it says and where.
#[derive(Debug)]
struct Label {
    text: String,
    x: f64,
    y: f64,
}

fn labels(svg: &xml::Element) -> Vec<Label> {
    svg.descendants()
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| Label {
            text: e.text(),
            x: e.number("x"),
            y: e.number("y"),
        })
        .collect()
}

fn label<'a>(labels: &'a [Label], text: &str) -> &'a Label {
    labels
        .iter()
        .find(|l| l.text == text)
        .unwrap_or_else(|| panic!("no label `{text}` in {labels:#?}"))
}

/// A `<rect>`.
#[derive(Clone, Debug)]
struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    fill: String,
    opacity: f64,
}

fn rects(svg: &xml::Element) -> Vec<Rect> {
    svg.descendants()
        .into_iter()
        .filter(|e| e.name == "rect")
        .map(|e| Rect {
            x: e.number("x"),
            y: e.number("y"),
            width: e.number("width"),
            height: e.number("height"),
            fill: e.attr("fill").unwrap_or("").to_ascii_lowercase(),
            opacity: e.number("opacity"),
        })
        .collect()
}

/// The legend: each name with its swatch's colour, in order from the top.
/// A swatch is a small square; its name is the text just right of it, on
/// its line.
fn legend(svg: &xml::Element) -> Vec<(String, Rect)> {
    let labels = labels(svg);
    rects(svg)
        .into_iter()
        .filter(|r| r.width == r.height && r.width < 20.0)
        .filter_map(|swatch| {
            let name = labels.iter().find(|l| {
                l.x > swatch.x + swatch.width
                    && l.x < swatch.x + swatch.width + 20.0
                    && (l.y - (swatch.y + swatch.height / 2.0)).abs() <= 1.0
            })?;
            Some((name.text.clone(), swatch))
        })
        .collect()
}

/// The left edge of the legend: everything left of it is the plot.
fn legend_left(svg: &xml::Element) -> f64 {
    legend(svg)
        .iter()
        .map(|(_, swatch)| swatch.x)
        .fold(f64::MAX, f64::min)
}

/// The bars' segments: opaque rectangles in the plot, not the background.
fn segments(svg: &xml::Element) -> Vec<Rect> {
    let right = legend_left(svg);
    let width = svg.number("width");
    rects(svg)
        .into_iter()
        .filter(|r| r.opacity == 1.0 && r.x + r.width < right && r.width < width)
        .collect()
}

/// Translucent rectangles in the plot: target bands.
fn bands(svg: &xml::Element) -> Vec<Rect> {
    let right = legend_left(svg);
    rects(svg)
        .into_iter()
        .filter(|r| r.opacity < 1.0 && r.x + r.width < right)
        .collect()
}

fn names(legend: &[(String, Rect)]) -> Vec<&str> {
    legend.iter().map(|(name, _)| name.as_str()).collect()
}

#[test]
fn a_chart_by_month_shows_one_bar_per_month_stacked_by_domain() {
    let svg = svg(&["chart", "2024-Q1", "--by", "month"]);
    let labels = labels(&svg);
    // The title, the axes and their labels.
    label(&labels, "2024-Q1");
    label(&labels, "hours");
    label(&labels, "month");
    let months: Vec<&Label> = ["2024-01", "2024-02", "2024-03"]
        .iter()
        .map(|m| label(&labels, m))
        .collect();
    assert!(months.windows(2).all(|w| w[0].x < w[1].x));
    // Each bar's total above it.
    for total in ["156.75", "150.25", "141.75"] {
        label(&labels, total);
    }
    // The legend names the domains in taxonomy order, each with its own
    // colour, and each colour makes one segment in each of the three bars.
    let legend = legend(&svg);
    let domains: Vec<&(String, Rect)> = legend
        .iter()
        .filter(|(_, swatch)| swatch.opacity == 1.0)
        .collect();
    assert_eq!(
        domains.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["Strategy", "Execution", "Culture"]
    );
    let segments = segments(&svg);
    for (name, swatch) in &domains {
        let bars: Vec<&Rect> = segments.iter().filter(|s| s.fill == swatch.fill).collect();
        assert_eq!(bars.len(), 3, "{name}: {bars:?}");
        // One per month, under its label.
        for (bar, month) in bars.iter().zip(&months) {
            assert!(bar.x < month.x && month.x < bar.x + bar.width, "{name}");
        }
    }
    assert_eq!(segments.len(), 9);
    // Strategy's segment is on top of each bar, Culture's at the bottom.
    let fill = |name: &str| &domains.iter().find(|(n, _)| n == name).unwrap().1.fill;
    let top = |fill: &String| {
        segments
            .iter()
            .filter(|s| &s.fill == fill)
            .map(|s| s.y)
            .collect::<Vec<_>>()
    };
    assert!(
        top(fill("Strategy"))
            .iter()
            .zip(top(fill("Culture")))
            .all(|(s, c)| *s < c)
    );
    // The target on a domain (Strategy >=20%) is a band; the targets on
    // focus areas are not drawn at this depth.
    assert!(names(&legend).contains(&"Strategy ≥20% until 2024-02-29"));
    assert!(!names(&legend).iter().any(|n| n.contains("Security")));
    assert_eq!(bands(&svg).len(), 3);
}

#[test]
fn heights_are_hours() {
    // In January, Execution has 60.50 hours and Culture 57.50 (balance -M).
    let svg = svg(&["chart", "2024-Q1", "--by", "month"]);
    let labels = labels(&svg);
    let (zero, fifty) = (label(&labels, "0").y, label(&labels, "50").y);
    let per_hour = (zero - fifty) / 50.0;
    let legend = legend(&svg);
    let segments = segments(&svg);
    let january = |name: &str| {
        let fill = &legend.iter().find(|(n, _)| n == name).unwrap().1.fill;
        segments.iter().find(|s| &s.fill == fill).unwrap().height / per_hour
    };
    assert!((january("Execution") - 60.5).abs() < 1.0);
    assert!((january("Culture") - 57.5).abs() < 1.0);
}

#[test]
fn percent_bars_all_reach_100() {
    let svg = svg(&["chart", "2024-Q1", "--by", "month", "--percent"]);
    let labels = labels(&svg);
    label(&labels, "% of time");
    let (top, bottom) = (label(&labels, "100%").y, label(&labels, "0%").y);
    let segments = segments(&svg);
    let mut lefts: Vec<i64> = segments.iter().map(|s| s.x as i64).collect();
    lefts.sort_unstable();
    lefts.dedup();
    assert_eq!(lefts.len(), 3);
    for left in lefts {
        let bar: Vec<&Rect> = segments.iter().filter(|s| s.x as i64 == left).collect();
        let highest = bar.iter().map(|s| s.y).fold(f64::MAX, f64::min);
        let lowest = bar.iter().map(|s| s.y + s.height).fold(0.0, f64::max);
        assert_eq!((highest, lowest), (top, bottom), "bar at x={left}");
        // No gaps: the heights add up to the whole bar.
        let heights: f64 = bar.iter().map(|s| s.height).sum();
        assert!((heights - (bottom - top)).abs() <= bar.len() as f64);
    }
    // Strategy's 20% minimum is a band in each month.
    assert_eq!(bands(&svg).len(), 3);
}

#[test]
fn depth_2_stacks_focus_areas_in_shades_of_their_domain() {
    let svg = svg(&["chart", "2024-Q1", "--by", "month", "--depth", "2"]);
    let legend = legend(&svg);
    let names = names(&legend);
    for focus_area in [
        "Technology Planning",
        "Stakeholder Management",
        "Security & Compliance",
        "Team Development",
        "Personal Development",
        // Entries tagged `Culture` itself.
        "Culture (other)",
    ] {
        assert!(names.contains(&focus_area), "{focus_area} in {names:?}");
    }
    let position = |name: &str| names.iter().position(|n| *n == name).unwrap();
    assert!(position("Technology Planning") < position("Data & Infrastructure"));
    assert!(position("Culture (other)") < position("Team Development"));
    // Domains head their focus areas in the legend.
    let labels = labels(&svg);
    for domain in ["Strategy", "Execution", "Culture"] {
        label(&labels, domain);
    }
    // Every colour is different.
    let mut fills: Vec<&str> = legend
        .iter()
        .filter(|(_, s)| s.opacity == 1.0)
        .map(|(_, s)| s.fill.as_str())
        .collect();
    let count = fills.len();
    fills.sort_unstable();
    fills.dedup();
    assert_eq!(fills.len(), count);
    // All three targets are drawn now.
    for target in [
        "Security & Compliance 15%..25%",
        "Personal Development 7%..12%",
        "Strategy ≥20% until 2024-02-29",
        "Strategy 30%..45% from 2024-03-01",
    ] {
        assert!(names.contains(&target), "{target} in {names:?}");
    }
    assert_eq!(bands(&svg).len(), 9);
}

#[test]
fn a_query_narrows_the_bars_and_drops_the_targets() {
    // Targets are shares of all the time: against a query they mean nothing.
    let svg = svg(&["chart", "2024-Q1", "-M", "Security & Compliance"]);
    let labels = labels(&svg);
    assert!(
        labels
            .iter()
            .any(|l| l.text.contains("query: Security & Compliance"))
    );
    assert_eq!(names(&legend(&svg)), ["Execution"]);
    assert!(bands(&svg).is_empty());
}

#[test]
fn names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.sec"),
        "tag Execution:R&D <core>\n2024-01-02\n  2h  R&D <core>\n  1h  Strategy\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["chart", "--by", "week", "--depth", "2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("<core>"));
    let svg = xml::parse(&stdout);
    assert!(names(&legend(&svg)).contains(&"R&D <core>"));
}

#[test]
fn an_empty_period_is_an_empty_chart() {
    let svg = svg(&["chart", "2025", "--by", "quarter"]);
    let labels = labels(&svg);
    label(&labels, "no time in this period");
    label(&labels, "2025-Q4");
    assert!(segments(&svg).is_empty());
}

#[test]
fn output_to_a_file_or_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q1.svg");
    let (code, stdout, stderr) = chart(&["chart", "2024-Q1", "-M", "-o", file.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(xml::parse(&written).name, "svg");
    let (code, stdout, _) = chart(&["chart", "2024-Q1", "-M", "-o", "svg"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, written);
    // The default is standard output.
    assert_eq!(chart(&["chart", "2024-Q1", "-M"]).1, written);
}

#[test]
fn usage_errors() {
    let report = |args: &[&str]| {
        let args = [&["-f", "2024-q1.sec"], args].concat();
        transcript(&examples(), &args)
    };
    insta::assert_snapshot!(report(&["chart", "2024-Q1"]));
    insta::assert_snapshot!(report(&["chart", "2024-Q1", "-M", "-o", "q1.png"]));
    insta::assert_snapshot!(report(&["chart", "2024-Q1", "-M", "-o", "html"]));
    insta::assert_snapshot!(report(&["chart", "2024-Q1", "-M", "--depth", "0"]));
}

#[test]
fn depth_3_under_one_focus_area_has_distinct_hues_and_its_heading() {
    let svg = svg(&[
        "chart",
        "2024-Q1",
        "-M",
        "--depth",
        "3",
        "Security & Compliance",
    ]);
    let labels = labels(&svg);
    // The legend is headed by the focus area, not by its domain alone.
    label(&labels, "Execution:Security & Compliance");
    assert!(!labels.iter().any(|l| l.text == "Execution"));
    let legend = legend(&svg);
    let fills: Vec<&str> = legend.iter().map(|(_, s)| s.fill.as_str()).collect();
    assert!(fills.len() >= 4, "{legend:?}");
    // Palette hues, not shades of one: every pair differs clearly.
    let rgb = |hex: &str| -> [i32; 3] {
        let n = |i: usize| i32::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap();
        [n(0), n(1), n(2)]
    };
    for (i, a) in fills.iter().enumerate() {
        for b in &fills[i + 1..] {
            let (a, b) = (rgb(a), rgb(b));
            let distance: i32 = (0..3).map(|c| (a[c] - b[c]).abs()).sum();
            assert!(distance > 60, "{a:?} and {b:?} look alike");
        }
    }
}

#[test]
fn percent_never_stretches_the_axis_past_100() {
    // February's Strategy share misses its 20% minimum: the band would
    // stand above the bar; it is clipped and its edge is red instead.
    let svg = svg(&["chart", "2024-Q1", "-M", "--percent"]);
    let labels = labels(&svg);
    let top = labels
        .iter()
        .filter(|l| l.text.ends_with('%') && l.text.len() <= 4)
        .map(|l| l.text.trim_end_matches('%').parse::<f64>().unwrap())
        .fold(0.0, f64::max);
    assert_eq!(top, 100.0);
    let hundred = label(&labels, "100%").y;
    for band in bands(&svg) {
        assert!(band.y >= hundred - 0.5, "{band:?}");
    }
    label(
        &labels,
        "On target when the colour's edge is inside its band; red: missed",
    );
}
