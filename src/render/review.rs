//! The review as text (one screen: logged time, the mix and its change,
//! the targets in force, the top nodes, the gaps) and as JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::render::numbers::{self, TimeFormat};
use crate::render::table::{Cell, Table};
use crate::render::targets::{NONE, in_force, period_cells, range, status};
use crate::render::{JsonPeriod, PALETTE};
use crate::report::review::{Logged, Review};
use crate::report::targets::{Row, Standing, share};
use crate::taxonomy::Taxonomy;

/// A review ready to render.
pub struct View<'a> {
    /// The review.
    pub review: &'a Review,
    /// The taxonomy, for names and paths.
    pub taxonomy: &'a Taxonomy,
    /// How durations are shown.
    pub time: TimeFormat,
}

impl View<'_> {
    /// The review as text.
    pub fn text(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let [previous, current] = &self.review.periods;
        let so_far = self
            .review
            .so_far
            .map_or_else(String::new, |today| format!(", so far: up to {today}"));
        let heading = format!(
            "Review of {} ({} to {}{so_far}), against {}",
            current.column.label,
            current.column.span.first,
            current.column.span.last,
            previous.column.label
        );
        let heading = if color {
            format!(
                "{}",
                owo_colors::OwoColorize::style(&heading, PALETTE.header)
            )
        } else {
            heading
        };
        writeln!(out, "{heading}\n")?;
        self.logged(out, color)?;
        writeln!(out)?;
        if self.review.rows.is_empty() {
            writeln!(out, "No time logged in either period.")?;
        } else {
            self.mix(out, color)?;
        }
        let targets: Vec<&Row> = self.targets().collect();
        if !targets.is_empty() {
            writeln!(out, "\nTargets in force")?;
            let mut table = Table::new();
            for row in targets {
                let mut cells = vec![
                    Cell::left(self.taxonomy.path(row.target.node)),
                    Cell::left(range(&row.target)),
                ];
                cells.extend(period_cells(&row.target, &row.cells[0], self.time));
                table.row(cells);
            }
            table.write(out, color)?;
        }
        if !self.review.top.is_empty() {
            writeln!(out, "\nTop {} by own time", self.review.top.len())?;
            let mut table = Table::new();
            for top in &self.review.top {
                table.row(vec![
                    Cell::left(self.taxonomy.path(top.node)),
                    Cell::right(self.hours(top.seconds)),
                    Cell::right(
                        share(top.seconds, current.seconds).map_or(NONE.into(), numbers::percent),
                    ),
                ]);
            }
            table.write(out, color)?;
        }
        writeln!(out)?;
        if self.review.gaps.is_empty() {
            writeln!(out, "Gaps: none (every working day so far has entries)")?;
        } else {
            let days: Vec<String> = self
                .review
                .gaps
                .iter()
                .map(|day| day.format("%a %Y-%m-%d").to_string())
                .collect();
            writeln!(out, "Gaps: {}", days.join(", "))?;
        }
        if let Some(running) = &self.review.running {
            writeln!(
                out,
                "Running: {} since {}",
                self.taxonomy.path(running.node),
                running.since.format("%Y-%m-%d %H:%M")
            )?;
        }
        Ok(())
    }

    /// Hours and days logged in each period, and the change.
    fn logged(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let [previous, current] = &self.review.periods;
        let mut table = Table::new();
        table.row(
            [
                Cell::left(""),
                Cell::right(previous.column.label.clone()),
                Cell::right(current.column.label.clone()),
                Cell::right("change"),
            ]
            .into_iter()
            .map(|c| c.styled(PALETTE.header))
            .collect(),
        );
        let change = signed(current.seconds, previous.seconds);
        table.row(vec![
            Cell::left("Hours logged"),
            Cell::right(self.hours(previous.seconds)),
            Cell::right(self.hours(current.seconds)),
            Cell::right(numbers::signed_duration(change, self.time)),
        ]);
        let days = |l: &Logged| l.days.to_string();
        let day_change = current.days as i64 - previous.days as i64;
        table.row(vec![
            Cell::left("Days with entries"),
            Cell::right(days(previous)),
            Cell::right(days(current)),
            Cell::right(if day_change > 0 {
                format!("+{day_change}")
            } else {
                day_change.to_string()
            }),
        ]);
        table.write(out, color)
    }

    /// Each node with hours and share now and the change of share.
    fn mix(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let [previous, current] = &self.review.periods;
        let mut table = Table::new();
        table.row(
            [
                Cell::left(""),
                Cell::right("hours"),
                Cell::right("share"),
                Cell::right("change"),
            ]
            .into_iter()
            .map(|c| c.styled(PALETTE.header))
            .collect(),
        );
        for row in &self.review.rows {
            let indent = "  ".repeat(row.depth.saturating_sub(1) as usize);
            let name = format!("{indent}{}", self.taxonomy.node(row.node).name);
            let now = share(row.seconds[1], current.seconds);
            let before = share(row.seconds[0], previous.seconds);
            let change = match (now, before) {
                (Some(now), Some(before)) => numbers::points(now - before),
                _ => NONE.into(),
            };
            let name = if row.depth == 1 {
                Cell::left(name).styled(PALETTE.domain)
            } else {
                Cell::left(name)
            };
            table.row(vec![
                name,
                Cell::right(self.hours(row.seconds[1])),
                Cell::right(now.map_or(NONE.into(), numbers::percent)),
                Cell::right(change),
            ]);
        }
        table.write(out, color)
    }

    /// The targets in force on the current period's first day.
    fn targets(&self) -> impl Iterator<Item = &Row> {
        self.review.targets.in_force()
    }

    fn hours(&self, seconds: u64) -> String {
        numbers::duration(i64::try_from(seconds).unwrap_or(i64::MAX), self.time)
    }

    /// The review as JSON: `periods` (previous, current), `rows`,
    /// `targets` (those in force), `top`, `gaps` and `running`.
    pub fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        let periods = self.review.periods.iter().map(|logged| JsonLogged {
            period: JsonPeriod::from(&logged.column),
            seconds: logged.seconds,
            days: logged.days,
        });
        let [previous, current] = &self.review.periods;
        let document = JsonReview {
            periods: periods.collect(),
            rows: self
                .review
                .rows
                .iter()
                .map(|row| JsonRow {
                    tag: self.taxonomy.path(row.node),
                    depth: row.depth,
                    seconds: row.seconds,
                    share: [
                        share(row.seconds[0], previous.seconds),
                        share(row.seconds[1], current.seconds),
                    ],
                })
                .collect(),
            targets: self
                .targets()
                .map(|row| {
                    let cell = &row.cells[0];
                    JsonTarget {
                        tag: self.taxonomy.path(row.target.node),
                        from: row.target.from.map(|d| d.to_string()),
                        range: range(&row.target),
                        in_force: in_force(&row.target),
                        min: row.target.min,
                        max: row.target.max,
                        seconds: cell.seconds,
                        share: cell.share,
                        status: status(cell),
                        to_range: cell.standing.and_then(|s| match s {
                            Standing::Ok => Some(0),
                            Standing::Under { more } => more.map(|m| m as i64),
                            Standing::Over { fewer } => Some(-(fewer as i64)),
                        }),
                    }
                })
                .collect(),
            top: self
                .review
                .top
                .iter()
                .map(|top| JsonTop {
                    tag: self.taxonomy.path(top.node),
                    seconds: top.seconds,
                })
                .collect(),
            gaps: self.review.gaps.iter().map(|d| d.to_string()).collect(),
            running: self.review.running.as_ref().map(|running| JsonRunning {
                tag: self.taxonomy.path(running.node),
                since: running.since.format("%Y-%m-%dT%H:%M").to_string(),
            }),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

/// `now − before` in seconds, signed.
fn signed(now: u64, before: u64) -> i64 {
    let clamp = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
    clamp(now).saturating_sub(clamp(before))
}

#[derive(Serialize)]
struct JsonLogged {
    #[serde(flatten)]
    period: JsonPeriod,
    seconds: u64,
    days: usize,
}

#[derive(Serialize)]
struct JsonRow {
    tag: String,
    depth: u32,
    /// Previous, current.
    seconds: [u64; 2],
    /// Previous, current; `null` for a period with no time.
    share: [Option<f64>; 2],
}

#[derive(Serialize)]
struct JsonTarget {
    tag: String,
    from: Option<String>,
    range: String,
    in_force: String,
    min: Option<f64>,
    max: Option<f64>,
    seconds: u64,
    share: Option<f64>,
    status: Option<&'static str>,
    /// Seconds to add (positive) or take off (negative) to come into
    /// range; 0 in range; `null` when no time or no amount would.
    to_range: Option<i64>,
}

#[derive(Serialize)]
struct JsonTop {
    tag: String,
    seconds: u64,
}

#[derive(Serialize)]
struct JsonRunning {
    tag: String,
    since: String,
}

#[derive(Serialize)]
struct JsonReview {
    periods: Vec<JsonLogged>,
    rows: Vec<JsonRow>,
    targets: Vec<JsonTarget>,
    top: Vec<JsonTop>,
    gaps: Vec<String>,
    running: Option<JsonRunning>,
}
