//! The balance report as text (a tree, columns per period, or a
//! comparison), JSON (SPEC §6) and CSV.

use std::io::{self, Write};

use serde::Serialize;

use crate::journal::Journal;
use crate::period::Column;
use crate::render::csv;
use crate::render::numbers::{self, TimeFormat};
use crate::render::table::{Cell, Table};
use crate::render::{JsonPeriod, PALETTE};
use crate::report::balance::Row;

/// What the columns of a balance report are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One period: time and share.
    Single {
        /// Also show each row's share of its parent.
        parent_share: bool,
    },
    /// One column per calendar unit, with total, average and trend.
    Columns {
        /// Cells as shares of their column.
        percent: bool,
    },
    /// Two periods side by side with their changes.
    Compare,
}

/// A balance report ready to render.
pub struct View<'a> {
    /// The journal, for node names.
    pub journal: &'a Journal,
    /// The period columns.
    pub columns: &'a [Column],
    /// The rows.
    pub rows: &'a [Row],
    /// Seconds per column of everything counted.
    pub totals: &'a [u64],
    /// Full paths instead of an indented tree.
    pub flat: bool,
    /// How durations are shown.
    pub time: TimeFormat,
    /// What the columns are.
    pub layout: Layout,
}

/// `part / whole`, or `None` when the whole is zero.
fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn percent_cell(fraction: Option<f64>) -> Cell {
    match fraction {
        Some(f) if f == 0.0 => Cell::right(numbers::percent(f)).styled(PALETTE.muted),
        Some(f) => Cell::right(numbers::percent(f)),
        None => Cell::right("–").styled(PALETTE.muted),
    }
}

/// The sparkline characters, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A trend line: one bar per value, scaled from zero to the largest.
pub fn sparkline(values: &[f64]) -> String {
    let max = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|&v| {
            if max <= 0.0 {
                BARS[0]
            } else {
                BARS[((v / max) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

impl View<'_> {
    fn name(&self, row: &Row) -> Cell {
        let taxonomy = &self.journal.taxonomy;
        let text = if self.flat {
            taxonomy.path(row.node)
        } else {
            format!(
                "{}{}",
                "  ".repeat(row.depth as usize - 1),
                taxonomy.node(row.node).name
            )
        };
        let cell = Cell::left(text);
        if row.depth == 1 && !self.flat {
            cell.styled(PALETTE.domain)
        } else {
            cell
        }
    }

    fn hours(&self, seconds: u64) -> Cell {
        let cell = Cell::right(numbers::duration(seconds as i64, self.time));
        if seconds == 0 {
            cell.styled(PALETTE.muted)
        } else {
            cell
        }
    }

    fn change(&self, before: u64, after: u64) -> Cell {
        let delta = after as i64 - before as i64;
        let text = numbers::signed_duration(delta, self.time);
        match delta.signum() {
            1 => Cell::right(format!("▲ {text}")).styled(PALETTE.rise),
            -1 => Cell::right(format!("▼ {text}")).styled(PALETTE.fall),
            _ => Cell::right(text).styled(PALETTE.muted),
        }
    }

    fn change_points(&self, before: Option<f64>, after: Option<f64>) -> Cell {
        let delta = after.unwrap_or(0.0) - before.unwrap_or(0.0);
        let text = numbers::points(delta);
        if text.starts_with('+') {
            Cell::right(format!("▲ {text}")).styled(PALETTE.rise)
        } else if text.starts_with('-') {
            Cell::right(format!("▼ {text}")).styled(PALETTE.fall)
        } else {
            Cell::right(text).styled(PALETTE.muted)
        }
    }

    /// The cells after the name for one row (or the total line).
    fn cells(&self, seconds: &[u64], parent: &[u64]) -> Vec<Cell> {
        let total: u64 = seconds.iter().sum();
        let grand: u64 = self.totals.iter().sum();
        match self.layout {
            Layout::Single { parent_share } => {
                let mut cells = vec![self.hours(total), percent_cell(share(total, grand))];
                if parent_share {
                    cells.push(percent_cell(share(total, parent.iter().sum())));
                }
                cells
            }
            Layout::Columns { percent: false } => {
                let mut cells: Vec<Cell> = seconds.iter().map(|&s| self.hours(s)).collect();
                let average = total as f64 / seconds.len().max(1) as f64;
                cells.push(self.hours(total));
                cells.push(self.hours(average.round() as u64));
                let values: Vec<f64> = seconds.iter().map(|&s| s as f64).collect();
                cells.push(Cell::left(sparkline(&values)));
                cells
            }
            Layout::Columns { percent: true } => {
                let shares: Vec<Option<f64>> = seconds
                    .iter()
                    .zip(self.totals)
                    .map(|(&s, &t)| share(s, t))
                    .collect();
                let mut cells: Vec<Cell> = shares.iter().map(|&s| percent_cell(s)).collect();
                cells.push(percent_cell(share(total, grand)));
                let values: Vec<f64> = shares.iter().map(|s| s.unwrap_or(0.0)).collect();
                cells.push(Cell::left(sparkline(&values)));
                cells
            }
            Layout::Compare => {
                let (before, after) = (seconds[0], seconds[1]);
                let (share_before, share_after) =
                    (share(before, self.totals[0]), share(after, self.totals[1]));
                vec![
                    self.hours(before),
                    self.hours(after),
                    self.change(before, after),
                    percent_cell(share_before),
                    percent_cell(share_after),
                    self.change_points(share_before, share_after),
                ]
            }
        }
    }

    fn header(&self) -> Vec<Cell> {
        let labels = self.columns.iter().map(|c| c.label.clone());
        let names: Vec<String> = match self.layout {
            Layout::Single { parent_share } => {
                let mut names: Vec<String> = labels.collect();
                if names.is_empty() {
                    names.push("time".into());
                }
                names.push("share".into());
                if parent_share {
                    names.push("of parent".into());
                }
                names
            }
            Layout::Columns { percent } => {
                let mut names: Vec<String> = labels.collect();
                names.push("total".into());
                if !percent {
                    names.push("average".into());
                }
                names.push("trend".into());
                names
            }
            Layout::Compare => {
                let (before, after) = (&self.columns[0].label, &self.columns[1].label);
                vec![
                    before.clone(),
                    after.clone(),
                    "change".into(),
                    format!("share {before}"),
                    format!("share {after}"),
                    "change".into(),
                ]
            }
        };
        let trend_last = matches!(self.layout, Layout::Columns { .. });
        let count = names.len();
        std::iter::once(Cell::left(""))
            .chain(names.into_iter().enumerate().map(|(i, name)| {
                let cell = if trend_last && i + 1 == count {
                    Cell::left(name)
                } else {
                    Cell::right(name)
                };
                cell.styled(PALETTE.header)
            }))
            .collect()
    }

    /// The report as an aligned table.
    pub fn text(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let mut table = Table::new();
        table.row(self.header());
        for row in self.rows {
            let mut cells = vec![self.name(row)];
            cells.extend(self.cells(&row.seconds, &row.parent_seconds));
            table.row(cells);
        }
        table.rule();
        let mut total = vec![Cell::left("Total").styled(PALETTE.total)];
        total.extend(
            self.cells(self.totals, self.totals)
                .into_iter()
                .map(|cell| {
                    if cell.style == PALETTE.muted {
                        cell
                    } else {
                        cell.styled(PALETTE.total)
                    }
                }),
        );
        table.row(total);
        table.write(out, color)
    }

    /// The report as JSON (SPEC §6).
    pub fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        let taxonomy = &self.journal.taxonomy;
        let document = JsonBalance {
            periods: self.columns.iter().map(JsonPeriod::from).collect(),
            rows: self
                .rows
                .iter()
                .map(|row| JsonRow {
                    tag: taxonomy.path(row.node),
                    depth: row.depth,
                    seconds: &row.seconds,
                    total: row.total,
                })
                .collect(),
            total: JsonTotal {
                seconds: self.totals,
                total: self.totals.iter().sum(),
            },
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }

    /// The report as CSV: a header, the rows, a total row; decimal hours.
    pub fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let taxonomy = &self.journal.taxonomy;
        let hours = |seconds: u64| numbers::decimal_hours(seconds as i64);
        let mut header = vec!["tag".to_string()];
        header.extend(self.columns.iter().map(|c| c.label.clone()));
        header.push("total".into());
        csv::record(out, &header)?;
        let line = |name: String, seconds: &[u64]| -> Vec<String> {
            std::iter::once(name)
                .chain(seconds.iter().map(|&s| hours(s)))
                .chain(std::iter::once(hours(seconds.iter().sum())))
                .collect()
        };
        for row in self.rows {
            csv::record(out, &line(taxonomy.path(row.node), &row.seconds))?;
        }
        csv::record(out, &line("total".into(), self.totals))
    }
}

#[derive(Serialize)]
struct JsonRow<'a> {
    tag: String,
    depth: u32,
    seconds: &'a [u64],
    total: u64,
}

#[derive(Serialize)]
struct JsonTotal<'a> {
    seconds: &'a [u64],
    total: u64,
}

#[derive(Serialize)]
struct JsonBalance<'a> {
    periods: Vec<JsonPeriod>,
    rows: Vec<JsonRow<'a>>,
    total: JsonTotal<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_from_zero_to_the_largest() {
        assert_eq!(sparkline(&[0.0, 1.0, 2.0, 4.0]), "▁▃▅█");
        assert_eq!(sparkline(&[0.0, 0.0]), "▁▁");
        assert_eq!(sparkline(&[3.0]), "█");
    }
}
