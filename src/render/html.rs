//! `balance -o html`: the balance report as one self-contained page to send
//! round (a board pack, a team update): inline CSS, the chart as inline SVG,
//! no scripts and nothing fetched.
//!
//! The page is polyglot markup: valid HTML5 that is also well-formed XML
//! (void elements closed with `/>`, only the five XML entities), so that
//! any XML tool can read it. All text from the journal (node names, query
//! terms) is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::journal::Target;
use crate::period::DateSpan;
use crate::render::balance::{Layout, Tone, Value, View, share};
use crate::render::chart::{self, Chart};
use crate::render::numbers::{self, TimeFormat};
use crate::render::targets::{in_force, range, to_range};
use crate::report::Grid;
use crate::report::balance::Row;
use crate::report::targets::{self as report, Standing, Targets};

/// A miss by less than this (a fraction) is a near miss, as in `secl targets`.
const NEAR_MISS: f64 = 0.025;

/// A balance page ready to write.
pub struct Page<'a> {
    /// The balance report.
    pub view: &'a View<'a>,
    /// The grid the report was built from.
    pub grid: &'a Grid,
    /// The report span, `None` when there is nothing to report on.
    pub span: Option<DateSpan>,
    /// The query terms as typed, joined by spaces.
    pub query: &'a str,
    /// The chart.
    pub chart: Option<&'a Chart<'a>>,
    /// The targets report, when the journal declares targets.
    pub targets: Option<&'a Targets>,
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML text and
/// attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style sheet (also the review page's).
pub const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f6f8; color: #1f2328;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-font-smoothing: antialiased; }
main { max-width: 1120px; margin: 0 auto; padding: 40px 32px 56px; }
header { margin-bottom: 28px; }
.eyebrow { margin: 0; color: #57606a; font-size: 13px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: 2px 0 4px; font-size: 34px; font-weight: 700; letter-spacing: -.01em; }
.meta { margin: 0; color: #57606a; }
.meta span + span::before { content: "·"; margin: 0 8px; color: #8c959f; }
.cards { display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 24px; }
.card { flex: 1 1 180px; background: #fff; border: 1px solid #d8dee4; border-radius: 10px; padding: 16px 20px; border-top: 4px solid #1f2328; }
.card .label { color: #57606a; font-size: 13px; font-weight: 600; }
.card .value { font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.2; margin-top: 4px; }
.card .unit { font-size: 15px; font-weight: 600; color: #57606a; margin-left: 2px; }
.card .note { color: #57606a; font-size: 13px; font-variant-numeric: tabular-nums; }
section { background: #fff; border: 1px solid #d8dee4; border-radius: 10px; padding: 24px 28px; margin-bottom: 24px; }
h2 { margin: 0 0 16px; font-size: 18px; font-weight: 650; }
h2 small { font-size: 14px; font-weight: 400; color: #57606a; margin-left: 8px; }
.chart svg { display: block; width: 100%; height: auto; }
.chart svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 7px 12px; border-bottom: 1px solid #eaedf0; vertical-align: baseline; }
thead th { border-bottom: 1px solid #8c959f; color: #57606a; font-size: 13px; font-weight: 600; text-align: right; white-space: nowrap; }
thead th.name, thead th.text { text-align: left; }
thead tr.periods th { border-bottom: none; padding-bottom: 0; }
thead th.period { text-align: center; color: #1f2328; border-bottom: 1px solid #d8dee4; }
thead tr.periods th.period { border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
.ancestors { color: #57606a; }
td.name { text-align: left; }
.scroll { overflow-x: auto; }
.targets th, .targets td { padding-left: 8px; padding-right: 8px; }
td.num { text-align: right; white-space: nowrap; }
td.text { text-align: left; white-space: nowrap; }
td.trend { text-align: left; letter-spacing: 1px; color: #57606a; white-space: nowrap; }
tr.d1 td { font-weight: 650; }
tbody tr.d1:not(:first-child) td { border-top: 1px solid #c9d1d9; }
tr.d2 td.name, tr.d3 td.name, tr.d4 td.name { color: #24292f; }
tfoot td { font-weight: 700; border-top: 2px solid #1f2328; border-bottom: none; }
.zero, .none { color: #8c959f; }
.rise { color: #1a7f37; }
.fall { color: #cf222e; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; vertical-align: baseline; }
.meter { width: 140px; min-width: 80px; }
.meter div { height: 8px; background: #eef1f4; border-radius: 4px; overflow: hidden; }
.meter i { display: block; height: 100%; border-radius: 4px; }
.badge { display: inline-block; min-width: 52px; padding: 1px 10px; border-radius: 999px; font-size: 12px; font-weight: 650; text-align: center; }
.badge.ok { background: #dafbe1; color: #116329; }
.badge.near { background: #fff1c2; color: #7d4e00; }
.badge.far { background: #ffe1df; color: #a40e26; }
.badge.empty { background: #eef1f4; color: #57606a; }
.footnote { margin: 14px 0 0; color: #57606a; font-size: 13px; }
footer { color: #8c959f; font-size: 12px; text-align: center; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  section, .card { break-inside: avoid; border-color: #d8dee4; }
  .scroll { overflow: visible; }
  table { font-size: 11px; }
  th, td { padding: 3px 5px; }
  thead th, td.num, td.text, td.trend { white-space: normal; }
}
"#;

/// One table cell.
struct Td {
    text: String,
    class: &'static str,
}

impl Page<'_> {
    /// Writes the page.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut html = String::new();
        self.document(&mut html);
        out.write_all(html.as_bytes())
    }

    fn title(&self) -> String {
        self.span
            .map_or_else(|| "No entries".to_string(), |span| span.label())
    }

    fn grand_total(&self) -> u64 {
        self.view.totals.iter().sum()
    }

    fn document(&self, html: &mut String) {
        let title = escape(&self.title());
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
             <meta name=\"generator\" content=\"secl\"/>\n\
             <title>Time balance · {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        );
        self.header(html);
        self.cards(html);
        self.chart(html);
        self.balance(html);
        self.targets(html);
        html.push_str("<footer>Made with secl from a plain-text time journal.</footer>\n");
        html.push_str("</main>\n</body>\n</html>\n");
    }

    fn header(&self, html: &mut String) {
        let _ = writeln!(
            html,
            "<header>\n<p class=\"eyebrow\">Time balance</p>\n<h1>{}</h1>",
            escape(&self.title())
        );
        let mut meta = Vec::new();
        if let Some(span) = self.span {
            meta.push(if span.first == span.last {
                long_date(span.first)
            } else {
                format!("{} – {}", long_date(span.first), long_date(span.last))
            });
        }
        match (self.view.layout, self.view.columns) {
            (Layout::Compare, [before, _]) => {
                meta.push(format!(
                    "{} logged",
                    self.amount(self.view.totals[1], "hours")
                ));
                meta.push(format!(
                    "compared with {} ({})",
                    before.label,
                    self.amount(self.view.totals[0], "hours")
                ));
            }
            _ => meta.push(format!(
                "{} logged",
                self.amount(self.grand_total(), "hours")
            )),
        }
        if !self.query.is_empty() {
            meta.push(format!("query: {}", self.query));
        }
        html.push_str("<p class=\"meta\">");
        for item in meta {
            let _ = write!(html, "<span>{}</span>", escape(&item));
        }
        html.push_str("</p>\n</header>\n");
    }

    /// The total, then each top-level node's time and share.
    fn cards(&self, html: &mut String) {
        if self.view.layout == Layout::Compare || self.grand_total() == 0 {
            return;
        }
        let taxonomy = &self.view.journal.taxonomy;
        let grand = self.grand_total();
        html.push_str("<div class=\"cards\">\n");
        let _ = writeln!(
            html,
            "<div class=\"card\"><div class=\"label\">Total</div>\
             <div class=\"value\">{}</div>\
             <div class=\"note\">{}</div></div>",
            self.amount(grand, "<span class=\"unit\">h</span>"),
            escape(&self.columns_note())
        );
        for &root in taxonomy.roots() {
            let seconds: u64 = self.grid.inclusive(root).iter().sum();
            if seconds == 0 {
                continue;
            }
            let hue = chart::color(taxonomy, root, 1).hex();
            let _ = writeln!(
                html,
                "<div class=\"card\" style=\"border-top-color:{hue}\"><div class=\"label\">{}</div>\
                 <div class=\"value\">{}</div><div class=\"note\">{}</div></div>",
                escape(&taxonomy.node(root).name),
                numbers::percent(seconds as f64 / grand as f64),
                self.amount(seconds, "h")
            );
        }
        html.push_str("</div>\n");
    }

    /// `over 3 months`, `in 1 period`.
    fn columns_note(&self) -> String {
        match self.view.columns {
            [] => String::new(),
            [only] => format!("in {}", only.label),
            columns => format!(
                "{} periods, {} on average",
                columns.len(),
                self.amount(
                    (self.grand_total() as f64 / self.view.whole_units()).round() as u64,
                    "h"
                )
            ),
        }
    }

    fn chart(&self, html: &mut String) {
        let Some(chart) = self.chart else { return };
        if self.grand_total() == 0 {
            return;
        }
        let svg = chart.svg();
        // Inline SVG takes its namespace from HTML; the page fetches nothing
        // and names no address.
        let svg = svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
        let _ = write!(
            html,
            "<section class=\"chart\">\n<h2>{}</h2>\n{svg}</section>\n",
            escape(&chart.description())
        );
    }

    /// A duration with a unit after decimal hours (`12.50 hours`), none
    /// after hours and minutes (`12h30m`).
    fn amount(&self, seconds: u64, unit: &str) -> String {
        match self.view.time {
            numbers::TimeFormat::Decimal => {
                let space = if unit.starts_with('<') { "" } else { " " };
                format!("{}{space}{unit}", self.hours(seconds))
            }
            numbers::TimeFormat::Hm => self.hours(seconds),
        }
    }

    fn hours(&self, seconds: u64) -> String {
        numbers::duration(seconds as i64, self.view.time)
    }

    fn balance(&self, html: &mut String) {
        let view = self.view;
        let heading = match view.layout {
            Layout::Single { .. } => "Balance".to_string(),
            Layout::Columns { percent: false } => "Balance by period".to_string(),
            Layout::Columns { percent: true } => "Balance by period, as shares".to_string(),
            Layout::Compare => "Comparison".to_string(),
        };
        let unit = match (view.layout, view.time) {
            (Layout::Columns { percent: true }, _) => "shares of each period",
            (_, numbers::TimeFormat::Decimal) => "hours",
            (_, numbers::TimeFormat::Hm) => "hours and minutes",
        };
        let _ = writeln!(
            html,
            "<section class=\"balance\">\n<h2>{heading}<small>{unit}</small></h2>"
        );
        if view.rows.is_empty() {
            html.push_str("<p class=\"footnote\">No time logged in this period.</p>\n</section>\n");
            return;
        }
        html.push_str("<div class=\"scroll\">\n<table>\n<thead>\n<tr>");
        html.push_str("<th class=\"name\"></th>");
        for (name, class) in self.column_names() {
            let _ = write!(html, "<th class=\"{class}\">{}</th>", escape(&name));
        }
        html.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in view.rows {
            let depth = if view.flat { 1 } else { row.depth };
            if view.flat {
                html.push_str("<tr class=\"flat\">");
            } else {
                let _ = write!(html, "<tr class=\"d{}\">", depth.min(4));
            }
            let _ = write!(
                html,
                "<td class=\"name\" style=\"padding-left:{}px\">{}</td>",
                12 + (depth - 1) * 22,
                self.name(row)
            );
            for td in self.cells(Some(row.node), &row.seconds, &row.parent_seconds) {
                let _ = write!(html, "<td class=\"{}\">{}</td>", td.class, escape(&td.text));
            }
            if let Layout::Single { .. } = view.layout {
                self.meter(html, row);
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n<tfoot>\n<tr><td class=\"name\">Total</td>");
        for td in self.cells(None, view.totals, view.totals) {
            let _ = write!(html, "<td class=\"{}\">{}</td>", td.class, escape(&td.text));
        }
        if let Layout::Single { .. } = view.layout {
            html.push_str("<td class=\"meter\"></td>");
        }
        html.push_str("</tr>\n</tfoot>\n</table>\n</div>\n");
        for note in view.footnotes() {
            let _ = writeln!(html, "<p class=\"note\">{}</p>", escape(&note));
        }
        html.push_str("</section>\n");
    }

    /// A row's name: indented by depth (or its full path with `--flat`),
    /// top-level nodes with their colour.
    fn name(&self, row: &Row) -> String {
        let taxonomy = &self.view.journal.taxonomy;
        if self.view.flat {
            return escape(&taxonomy.path(row.node));
        }
        let name = escape(&taxonomy.node(row.node).name);
        if row.depth == 1 {
            let hue = chart::color(taxonomy, row.node, 1).hex();
            format!("<span class=\"swatch\" style=\"background:{hue}\"></span>{name}")
        } else {
            name
        }
    }

    /// A bar of the row's share of the total, in its top-level node's hue.
    fn meter(&self, html: &mut String, row: &Row) {
        let taxonomy = &self.view.journal.taxonomy;
        let root = taxonomy.lineage(row.node)[0];
        let hue = chart::color(taxonomy, root, 1).hex();
        let fraction = share(row.total, self.grand_total()).unwrap_or(0.0);
        let opacity = if row.depth == 1 || self.view.flat {
            "1"
        } else {
            "0.6"
        };
        let _ = write!(
            html,
            "<td class=\"meter\"><div><i style=\"width:{:.1}%;background:{hue};opacity:{opacity}\"></i></div></td>",
            fraction * 100.0
        );
    }

    /// The column headers after the name, with their classes.
    fn column_names(&self) -> Vec<(String, &'static str)> {
        let view = self.view;
        let labels = || view.columns.iter().map(|c| (view.label(c), "num"));
        let mut names: Vec<(String, &'static str)> = Vec::new();
        match view.layout {
            Layout::Single { parent_share } => {
                names.push(("time".into(), "num"));
                names.push(("share".into(), "num"));
                if parent_share {
                    names.push(("of parent".into(), "num"));
                }
                names.push(("".into(), "text"));
            }
            Layout::Columns { percent } => {
                names.extend(labels());
                names.push(("total".into(), "num"));
                if !percent {
                    names.push(("average".into(), "num"));
                }
                names.push(("trend".into(), "text"));
            }
            Layout::Compare => {
                let (before, after) = (&view.columns[0].label, &view.columns[1].label);
                names.push((before.clone(), "num"));
                names.push((after.clone(), "num"));
                names.push(("change".into(), "num"));
                names.push((format!("share {before}"), "num"));
                names.push((format!("share {after}"), "num"));
                names.push(("change".into(), "num"));
            }
        }
        names
    }

    /// The cells after the name for one row (or the total line), the
    /// values of the text report.
    fn cells(
        &self,
        node: Option<crate::taxonomy::NodeId>,
        seconds: &[u64],
        parent: &[u64],
    ) -> Vec<Td> {
        self.view
            .row_values(node, seconds, parent)
            .into_iter()
            .map(|value| Td {
                text: value.text(self.view.time),
                class: match (value.is_trend(), value.tone()) {
                    (true, _) => "trend",
                    (false, Tone::Plain) => "num",
                    (false, Tone::Muted) if matches!(value, Value::Share(None)) => "num none",
                    (false, Tone::Muted) => "num zero",
                    (false, Tone::Toward) => "num rise",
                    (false, Tone::Away) => "num fall",
                },
            })
            .collect()
    }

    fn targets(&self, html: &mut String) {
        let Some(targets) = self.targets else { return };
        if targets.rows.is_empty() {
            return;
        }
        let taxonomy = &self.view.journal.taxonomy;
        html.push_str("<section class=\"targets\">\n<h2>Targets</h2>\n<div class=\"scroll\">\n<table>\n<thead>\n");
        let columns = &targets.columns;
        let dated = targets.rows.iter().any(|row| row.target.from.is_some());
        html.push_str("<tr class=\"periods\"><th class=\"name\"></th><th class=\"text\"></th>");
        if dated {
            html.push_str("<th class=\"text\"></th>");
        }
        for column in columns {
            let _ = write!(
                html,
                "<th class=\"period\" colspan=\"3\">{}</th>",
                escape(&column.label)
            );
        }
        html.push_str("</tr>\n<tr><th class=\"name\">target</th><th class=\"text\">range</th>");
        if dated {
            html.push_str("<th class=\"text\">in force</th>");
        }
        for _ in columns {
            html.push_str("<th class=\"num\">share</th><th class=\"text\">status</th><th class=\"num\">to range</th>");
        }
        html.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &targets.rows {
            let _ = write!(
                html,
                "<tr><td class=\"name\">{}</td><td class=\"text\">{}</td>",
                path(taxonomy, row.target.node),
                escape(&range(&row.target))
            );
            if dated {
                let _ = write!(
                    html,
                    "<td class=\"text\">{}</td>",
                    escape(&in_force(&row.target))
                );
            }
            for cell in &row.cells {
                target_cells(html, &row.target, cell, self.view.time);
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n</div>\n");
        let mut note = String::from(
            "Each target against the share of all the time logged in the period; \
             + and − are the hours that would bring it into range.",
        );
        if dated {
            note.push_str(" A target counts from its start date until the next one of its node; — where it is not in force.");
        }
        if !self.query.is_empty() {
            note.push_str(" Targets count all time, whatever the query.");
        }
        let _ = write!(
            html,
            "<p class=\"footnote\">{}</p>\n</section>\n",
            escape(&note)
        );
    }
}

/// Share, status and time to range of one target in one period, as three
/// table cells (also on the review page).
pub fn target_cells(html: &mut String, target: &Target, cell: &report::Cell, time: TimeFormat) {
    if !cell.in_force {
        html.push_str(
            "<td class=\"num none\" title=\"not in force\">—</td><td class=\"text\"></td><td class=\"num\"></td>",
        );
        return;
    }
    let (Some(share), Some(standing)) = (cell.share, cell.standing) else {
        html.push_str(
            "<td class=\"num none\">—</td><td class=\"text\"><span class=\"badge empty\">no time</span></td><td class=\"num\"></td>",
        );
        return;
    };
    let class = match standing {
        Standing::Ok => "ok",
        Standing::Under { .. } if target.min.is_some_and(|m| m - share < NEAR_MISS) => "near",
        Standing::Over { .. } if target.max.is_some_and(|m| share - m < NEAR_MISS) => "near",
        _ => "far",
    };
    let _ = write!(
        html,
        "<td class=\"num\">{}</td><td class=\"text\"><span class=\"badge {class}\">{}</span></td><td class=\"num\">{}</td>",
        numbers::percent(share),
        standing.name(),
        escape(&to_range(standing, time))
    );
}

/// A node's full path, its ancestors muted: `Execution:` then
/// `Security &amp; Compliance`.
pub fn path(taxonomy: &crate::taxonomy::Taxonomy, node: crate::taxonomy::NodeId) -> String {
    let name = escape(&taxonomy.node(node).name);
    match taxonomy.node(node).parent {
        Some(parent) => format!(
            "<span class=\"ancestors\">{}:</span>{name}",
            escape(&taxonomy.path(parent))
        ),
        None => name,
    }
}

/// `1 Jan 2024`.
fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"R&D <core> "x" 'y'"#),
            "R&amp;D &lt;core&gt; &quot;x&quot; &#39;y&#39;"
        );
    }
}
