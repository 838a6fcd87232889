//! The balance report as text (a tree, columns per period, or a
//! comparison), JSON (grammar.md, Reports) and CSV.

use std::io::{self, Write};

use serde::Serialize;

use crate::journal::Journal;
use crate::period::Column;
use crate::render::csv;
use crate::render::numbers::{self, TimeFormat};
use crate::render::table::{Cell, Table};
use crate::render::{JsonPeriod, PALETTE};
use crate::report::balance::Row;
use crate::taxonomy::NodeId;

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
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// What one cell of a balance row holds, before it is drawn as text or
/// HTML; both renderers draw the same values.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A duration in seconds.
    Time(u64),
    /// A share; `None` (shown `–`) when the whole is zero.
    Share(Option<f64>),
    /// A change as written (`+1.25`, `-3.0pp`, `0.00`); `None` (shown `–`)
    /// when it is undefined. Shown neutrally: up is not better than down.
    Change(Option<String>),
    /// A change of share on a row with a target, judged by whether it moves
    /// the share toward the target's range (`true`) or away from it.
    Judged(String, bool),
    /// A sparkline.
    Trend(String),
}

/// How a value reads at a glance: the palette's styles, the page's classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing special.
    Plain,
    /// Zero, or nothing to show.
    Muted,
    /// A change toward the row's target.
    Toward,
    /// A change away from the row's target.
    Away,
}

impl Value {
    /// The cell's text: time in `format`, shares with one decimal, changes
    /// marked ▲ or ▼ as their text shows a rise or a fall (so a change too
    /// small to show gets no mark).
    pub fn text(&self, format: TimeFormat) -> String {
        match self {
            Value::Time(seconds) => numbers::duration(*seconds as i64, format),
            Value::Share(Some(fraction)) => numbers::percent(*fraction),
            Value::Share(None) | Value::Change(None) => "–".to_string(),
            Value::Change(Some(text)) | Value::Judged(text, _) => {
                if text.starts_with('+') {
                    format!("▲ {text}")
                } else if text.starts_with('-') {
                    format!("▼ {text}")
                } else {
                    text.clone()
                }
            }
            Value::Trend(line) => line.clone(),
        }
    }

    /// How the value reads.
    pub fn tone(&self) -> Tone {
        match self {
            Value::Time(0) | Value::Share(None) | Value::Change(None) => Tone::Muted,
            Value::Share(Some(fraction)) if *fraction == 0.0 => Tone::Muted,
            Value::Change(Some(text)) | Value::Judged(text, _) if !text.starts_with(['+', '-']) => {
                Tone::Muted
            }
            Value::Judged(_, true) => Tone::Toward,
            Value::Judged(_, false) => Tone::Away,
            _ => Tone::Plain,
        }
    }

    /// True for the trend, the one left-aligned value.
    pub fn is_trend(&self) -> bool {
        matches!(self, Value::Trend(_))
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

    /// The values after the name for the total line, whose parent is itself.
    pub fn values(&self, seconds: &[u64], parent: &[u64]) -> Vec<Value> {
        self.row_values(None, seconds, parent)
    }

    /// The values after the name for one row of `node` (or the total line,
    /// `None`).
    pub fn row_values(&self, node: Option<NodeId>, seconds: &[u64], parent: &[u64]) -> Vec<Value> {
        let total: u64 = seconds.iter().sum();
        let grand: u64 = self.totals.iter().sum();
        match self.layout {
            Layout::Single { parent_share } => {
                let mut values = vec![Value::Time(total), Value::Share(share(total, grand))];
                if parent_share {
                    values.push(Value::Share(share(total, parent.iter().sum())));
                }
                values
            }
            Layout::Columns { percent: false } => {
                let mut values: Vec<Value> = seconds.iter().map(|&s| Value::Time(s)).collect();
                let average = total as f64 / self.whole_units();
                values.push(Value::Time(total));
                values.push(Value::Time(average.round() as u64));
                let line: Vec<f64> = seconds.iter().map(|&s| s as f64).collect();
                values.push(Value::Trend(sparkline(&line)));
                values
            }
            Layout::Columns { percent: true } => {
                let shares: Vec<Option<f64>> = seconds
                    .iter()
                    .zip(self.totals)
                    .map(|(&s, &t)| share(s, t))
                    .collect();
                let mut values: Vec<Value> = shares.iter().map(|&s| Value::Share(s)).collect();
                values.push(Value::Share(share(total, grand)));
                let line: Vec<f64> = shares.iter().map(|s| s.unwrap_or(0.0)).collect();
                values.push(Value::Trend(sparkline(&line)));
                values
            }
            Layout::Compare => {
                let (before, after) = (seconds[0], seconds[1]);
                let (share_before, share_after) =
                    (share(before, self.totals[0]), share(after, self.totals[1]));
                let delta = after as i64 - before as i64;
                // A share of nothing is undefined, and so is its change.
                let shares = share_before.zip(share_after);
                let points = shares.map(|(before, after)| numbers::points(after - before));
                // A change of share is judged only against a target.
                let judged = node
                    .and_then(|node| self.journal.targets.iter().rfind(|t| t.node == node))
                    .zip(shares)
                    .zip(points.clone())
                    .and_then(|((target, (before, after)), text)| {
                        let off = |share: f64| {
                            (target.min.unwrap_or(0.0) - share)
                                .max(share - target.max.unwrap_or(1.0))
                                .max(0.0)
                        };
                        let (was, is) = (off(before), off(after));
                        (was != is).then_some(Value::Judged(text, is < was))
                    });
                vec![
                    Value::Time(before),
                    Value::Time(after),
                    Value::Change(Some(numbers::signed_duration(delta, self.time))),
                    Value::Share(share_before),
                    Value::Share(share_after),
                    judged.unwrap_or(Value::Change(points)),
                ]
            }
        }
    }

    /// How many whole units the columns cover: a column clipped to the
    /// report span counts as the part of its unit it holds (one day of a
    /// week is 1/7), so the average is per whole unit.
    pub fn whole_units(&self) -> f64 {
        let units: f64 = self
            .columns
            .iter()
            .map(|c| c.span.days() as f64 / c.whole().days() as f64)
            .sum();
        if units > 0.0 { units } else { 1.0 }
    }

    /// The footnotes of clipped columns, `* 2026-W44: 2026-11-01..2026-11-01,
    /// 1 of its 7 days`; none outside `--by`.
    pub fn footnotes(&self) -> Vec<String> {
        if !matches!(self.layout, Layout::Columns { .. }) {
            return Vec::new();
        }
        self.columns
            .iter()
            .filter(|c| c.is_clipped())
            .map(|c| {
                format!(
                    "* {}: {}..{} only, {} of its {} days",
                    c.label,
                    c.span.first,
                    c.span.last,
                    c.span.days(),
                    c.whole().days()
                )
            })
            .collect()
    }

    /// A column's label, with `*` when it is clipped (see [`View::footnotes`]).
    pub fn label(&self, column: &Column) -> String {
        if matches!(self.layout, Layout::Columns { .. }) && column.is_clipped() {
            format!("{}*", column.label)
        } else {
            column.label.clone()
        }
    }

    /// The text cells after the name for one row (or the total line).
    fn cells(&self, node: Option<NodeId>, seconds: &[u64], parent: &[u64]) -> Vec<Cell> {
        self.row_values(node, seconds, parent)
            .into_iter()
            .map(|value| {
                let text = value.text(self.time);
                let cell = if value.is_trend() {
                    Cell::left(text)
                } else {
                    Cell::right(text)
                };
                match value.tone() {
                    Tone::Plain => cell,
                    Tone::Muted => cell.styled(PALETTE.muted),
                    Tone::Toward => cell.styled(PALETTE.rise),
                    Tone::Away => cell.styled(PALETTE.fall),
                }
            })
            .collect()
    }

    fn header(&self) -> Vec<Cell> {
        let labels = self.columns.iter().map(|c| self.label(c));
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
            cells.extend(self.cells(Some(row.node), &row.seconds, &row.parent_seconds));
            table.row(cells);
        }
        table.rule();
        let mut total = vec![Cell::left("Total").styled(PALETTE.total)];
        total.extend(
            self.cells(None, self.totals, self.totals)
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
        table.write(out, color)?;
        for note in self.footnotes() {
            writeln!(out, "{note}")?;
        }
        Ok(())
    }

    /// The report as JSON (grammar.md, Reports).
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
    /// The last column is the row's total, or with `--compare` the change
    /// from the earlier period to the later (a sum of two periods means
    /// nothing).
    pub fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let taxonomy = &self.journal.taxonomy;
        let hours = |seconds: u64| numbers::decimal_hours(seconds as i64);
        let compare = self.layout == Layout::Compare;
        let mut header = vec!["tag".to_string()];
        header.extend(self.columns.iter().map(|c| c.label.clone()));
        header.push(if compare { "change" } else { "total" }.into());
        csv::record(out, &header)?;
        let last = |seconds: &[u64]| -> String {
            match seconds {
                [before, after] if compare => {
                    numbers::decimal_hours(*after as i64 - *before as i64)
                }
                _ => hours(seconds.iter().sum()),
            }
        };
        let line = |name: String, seconds: &[u64]| -> Vec<String> {
            std::iter::once(name)
                .chain(seconds.iter().map(|&s| hours(s)))
                .chain(std::iter::once(last(seconds)))
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
