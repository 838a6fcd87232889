//! `secl review -o html`: the review as a small self-contained page in the
//! balance page's style (polyglot markup, inline CSS, no scripts).

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::render::html::{STYLE, escape, path, target_cells};
use crate::render::numbers;
use crate::render::review::View;
use crate::render::targets::range;
use crate::report::targets::share;

/// A review page ready to write.
pub struct Page<'a> {
    /// The review, its taxonomy and how durations are shown.
    pub view: &'a View<'a>,
}

impl Page<'_> {
    /// Writes the page.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut html = String::new();
        let [previous, current] = &self.view.review.periods;
        let title = escape(&current.column.label);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
             <meta name=\"generator\" content=\"secl\"/>\n\
             <title>Review · {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
             <header>\n<p class=\"eyebrow\">Review</p>\n<h1>{title}</h1>\n<p class=\"meta\">\
             <span>{} – {}</span><span>against {}</span></p>\n</header>\n",
            current.column.span.first,
            current.column.span.last,
            escape(&previous.column.label)
        );
        let change = i64::try_from(current.seconds).unwrap_or(i64::MAX)
            - i64::try_from(previous.seconds).unwrap_or(i64::MAX);
        html.push_str("<div class=\"cards\">\n");
        for (label, value, note) in [
            (
                "Hours logged",
                self.hours(current.seconds),
                format!(
                    "{} in {}",
                    numbers::signed_duration(change, self.view.time),
                    previous.column.label
                ),
            ),
            (
                "Days with entries",
                current.days.to_string(),
                format!("{} in {}", previous.days, previous.column.label),
            ),
            (
                "Working days with nothing logged",
                self.view.review.gaps.len().to_string(),
                "Monday to Friday, up to today".to_string(),
            ),
        ] {
            let _ = writeln!(
                html,
                "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}</div>\
                 <div class=\"note\">{}</div></div>",
                escape(label),
                escape(&value),
                escape(&note)
            );
        }
        html.push_str("</div>\n");
        self.mix(&mut html);
        self.targets(&mut html);
        self.top(&mut html);
        if !self.view.review.gaps.is_empty() {
            let days: Vec<String> = self
                .view
                .review
                .gaps
                .iter()
                .map(|d| d.format("%a %-d %b").to_string())
                .collect();
            let _ = writeln!(
                html,
                "<section class=\"gaps\">\n<h2>Gaps</h2>\n<p>{}</p>\n</section>",
                escape(&days.join(", "))
            );
        }
        html.push_str("<footer>Made with secl from a plain-text time journal.</footer>\n");
        html.push_str("</main>\n</body>\n</html>\n");
        out.write_all(html.as_bytes())
    }

    fn hours(&self, seconds: u64) -> String {
        numbers::duration(i64::try_from(seconds).unwrap_or(i64::MAX), self.view.time)
    }

    /// Each node's hours, share and change of share.
    fn mix(&self, html: &mut String) {
        if self.view.review.rows.is_empty() {
            return;
        }
        let [previous, current] = &self.view.review.periods;
        html.push_str(
            "<section class=\"balance\">\n<h2>Where the time went</h2>\n<div class=\"scroll\">\n<table>\n\
             <thead>\n<tr><th class=\"name\"></th><th>hours</th><th>share</th><th>change</th></tr>\n</thead>\n<tbody>\n",
        );
        for row in &self.view.review.rows {
            let now = share(row.seconds[1], current.seconds);
            let change = match (now, share(row.seconds[0], previous.seconds)) {
                (Some(now), Some(before)) => numbers::points(now - before),
                _ => "—".to_string(),
            };
            let _ = writeln!(
                html,
                "<tr class=\"d{}\"><td class=\"name\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                row.depth.min(4),
                escape(&self.view.taxonomy.node(row.node).name),
                self.hours(row.seconds[1]),
                now.map_or("—".to_string(), numbers::percent),
                escape(&change)
            );
        }
        html.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /// The targets in force.
    fn targets(&self, html: &mut String) {
        let rows: Vec<_> = self.view.review.targets.in_force().collect();
        if rows.is_empty() {
            return;
        }
        html.push_str(
            "<section class=\"targets\">\n<h2>Targets in force</h2>\n<div class=\"scroll\">\n<table>\n\
             <thead>\n<tr><th class=\"name\">target</th><th class=\"text\">range</th><th>share</th>\
             <th class=\"text\">status</th><th>to range</th></tr>\n</thead>\n<tbody>\n",
        );
        for row in rows {
            let _ = write!(
                html,
                "<tr><td class=\"name\">{}</td><td class=\"text\">{}</td>",
                path(self.view.taxonomy, row.target.node),
                escape(&range(&row.target))
            );
            target_cells(html, &row.target, &row.cells[0], self.view.time);
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /// The nodes with the most time of their own.
    fn top(&self, html: &mut String) {
        if self.view.review.top.is_empty() {
            return;
        }
        let total = self.view.review.periods[1].seconds;
        let _ = write!(
            html,
            "<section class=\"top\">\n<h2>Top {} by own time</h2>\n<div class=\"scroll\">\n<table>\n<tbody>\n",
            self.view.review.top.len()
        );
        for top in &self.view.review.top {
            let _ = writeln!(
                html,
                "<tr><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                path(self.view.taxonomy, top.node),
                self.hours(top.seconds),
                share(top.seconds, total).map_or("—".to_string(), numbers::percent)
            );
        }
        html.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }
}
