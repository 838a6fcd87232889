//! The targets report as text (one row per target, three cells per period:
//! share, status and the time to come into range) and JSON (grammar.md, Reports).

use std::io::{self, Write};

use serde::Serialize;

use owo_colors::Style;

use crate::journal::Target;
use crate::render::numbers::{self, TimeFormat};
use crate::render::table::{Cell, Table};
use crate::render::{JsonPeriod, PALETTE};
use crate::report::targets::{self as report, Standing, Targets};
use crate::taxonomy::Taxonomy;

/// A miss by less than this many percentage points (as a fraction) is a
/// near miss, shown in yellow; a farther one is red.
const NEAR_MISS: f64 = 0.025;

/// Shown instead of a number that does not exist: the share of a period
/// with no time, or the time to reach a 100% minimum (none does).
pub(crate) const NONE: &str = "—";

/// A targets report ready to render.
pub struct View<'a> {
    /// The report.
    pub report: &'a Targets,
    /// The taxonomy, for the targets' full paths.
    pub taxonomy: &'a Taxonomy,
    /// How durations are shown.
    pub time: TimeFormat,
}

impl View<'_> {
    /// The report as an aligned table: a header row naming the periods,
    /// then one row per target.
    pub fn text(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let mut table = Table::new();
        let dated = self.dated();
        table.row(self.header(dated));
        for row in &self.report.rows {
            let mut cells = vec![
                Cell::left(self.taxonomy.path(row.target.node)),
                Cell::left(range(&row.target)),
            ];
            if dated {
                cells.push(Cell::left(in_force(&row.target)));
            }
            for cell in &row.cells {
                cells.extend(period_cells(&row.target, cell, self.time));
            }
            table.row(cells);
        }
        table.write(out, color)
    }

    /// Whether any target has a start date, so the table needs an
    /// `in force` column.
    fn dated(&self) -> bool {
        self.report.rows.iter().any(|row| row.target.from.is_some())
    }

    /// `target`, `range` (and `in force`), then each period's label over
    /// its share.
    fn header(&self, dated: bool) -> Vec<Cell> {
        let mut cells = vec![Cell::left("target"), Cell::left("range")];
        if dated {
            cells.push(Cell::left("in force"));
        }
        for column in &self.report.columns {
            cells.push(Cell::right(column.label.clone()));
            cells.push(Cell::left(""));
            cells.push(Cell::right(""));
        }
        cells
            .into_iter()
            .map(|cell| styled(cell, PALETTE.header))
            .collect()
    }

    /// The report as JSON (grammar.md, Reports): fractions for bounds and shares,
    /// `null` for an absent bound and for a period with no time.
    pub fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        let document = JsonTargets {
            periods: self.report.columns.iter().map(JsonPeriod::from).collect(),
            targets: self
                .report
                .rows
                .iter()
                .map(|row| JsonTarget {
                    tag: self.taxonomy.path(row.target.node),
                    from: row.target.from.map(|from| from.to_string()),
                    min: row.target.min,
                    max: row.target.max,
                    seconds: row.cells.iter().map(|c| c.seconds).collect(),
                    share: row.cells.iter().map(|c| c.share).collect(),
                    status: row.cells.iter().map(status).collect(),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

/// Share, status and time to range of one target in one period.
pub fn period_cells(target: &Target, cell: &report::Cell, time: TimeFormat) -> [Cell; 3] {
    if !cell.in_force {
        return [
            Cell::right(NONE).styled(PALETTE.muted),
            Cell::left(""),
            Cell::right(""),
        ];
    }
    let (Some(share), Some(standing)) = (cell.share, cell.standing) else {
        return [
            Cell::right(NONE).styled(PALETTE.muted),
            Cell::left("no time").styled(PALETTE.muted),
            Cell::right(""),
        ];
    };
    let style = style_of(target, share, standing);
    [
        Cell::right(numbers::percent(share)).styled(style),
        Cell::left(standing.name()).styled(style),
        styled(Cell::right(to_range(standing, time)), style),
    ]
}

/// A cell in a style, unless it is empty: an empty cell wrapped in colour
/// codes would keep a line's trailing blanks from being trimmed.
fn styled(cell: Cell, style: Style) -> Cell {
    if cell.text.is_empty() {
        cell
    } else {
        cell.styled(style)
    }
}

/// The colour of a target's cells: green in range, yellow for a near miss,
/// red for a farther one.
fn style_of(target: &Target, share: f64, standing: Standing) -> Style {
    let distance = match standing {
        Standing::Ok => return PALETTE.ok,
        Standing::Under { .. } => target.min.map_or(0.0, |min| min - share),
        Standing::Over { .. } => target.max.map_or(0.0, |max| share - max),
    };
    if distance < NEAR_MISS {
        PALETTE.near
    } else {
        PALETTE.far
    }
}

/// The time that would bring a missed target into range: `+6.50h` more,
/// `-2.25h` fewer (`+6h30m` with `--time hm`), `—` when no amount of time
/// would (a 100% minimum), nothing when in range.
pub fn to_range(standing: Standing, time: TimeFormat) -> String {
    let amount = |seconds: u64| {
        let text = numbers::duration(i64::try_from(seconds).unwrap_or(i64::MAX), time);
        match time {
            TimeFormat::Decimal => format!("{text}h"),
            TimeFormat::Hm => text,
        }
    };
    match standing {
        Standing::Ok => String::new(),
        Standing::Under { more: Some(more) } => format!("+{}", amount(more)),
        Standing::Under { more: None } => NONE.to_string(),
        Standing::Over { fewer } => format!("-{}", amount(fewer)),
    }
}

/// A cell's status as JSON names it: `ok`, `under`, `over`, `no_time` in
/// a period with no time, `None` where the target is not in force.
pub fn status(cell: &report::Cell) -> Option<&'static str> {
    if !cell.in_force {
        return None;
    }
    Some(cell.standing.map_or("no_time", Standing::name))
}

/// When a target is in force: `from 2024-07-01`, `until 2024-06-30`,
/// `2024-07-01..2024-09-30`, or nothing when always.
pub fn in_force(target: &Target) -> String {
    let last = target.until.and_then(|until| until.pred_opt());
    match (target.from, last) {
        (None, None) => String::new(),
        (Some(from), None) => format!("from {from}"),
        (None, Some(last)) => format!("until {last}"),
        (Some(from), Some(last)) => format!("{from}..{last}"),
    }
}

/// A target's range as written in percent: `15%..25%`, `≥20%`, `≤12%`.
pub fn range(target: &Target) -> String {
    match (target.min, target.max) {
        (Some(min), Some(max)) => format!("{}..{}", bound(min), bound(max)),
        (Some(min), None) => format!("≥{}", bound(min)),
        (None, Some(max)) => format!("≤{}", bound(max)),
        (None, None) => "any".to_string(),
    }
}

/// A bound (a fraction) in percent with no needless decimals: `7%`, `12.5%`.
fn bound(fraction: f64) -> String {
    // Rounded to five decimals of a percent, which drops the binary noise
    // of `0.07 * 100` while keeping every decimal anyone writes.
    let percent = (fraction * 1e7).round() / 1e5;
    format!("{percent}%")
}

/// One target in the JSON output.
#[derive(Serialize)]
struct JsonTarget {
    tag: String,
    from: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    seconds: Vec<u64>,
    share: Vec<Option<f64>>,
    status: Vec<Option<&'static str>>,
}

/// The JSON document.
#[derive(Serialize)]
struct JsonTargets {
    periods: Vec<JsonPeriod>,
    targets: Vec<JsonTarget>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(min: Option<f64>, max: Option<f64>) -> Target {
        Target::new(0, min, max)
    }

    #[test]
    fn ranges_read_as_written() {
        assert_eq!(range(&target(Some(0.15), Some(0.25))), "15%..25%");
        assert_eq!(range(&target(Some(0.07), Some(0.12))), "7%..12%");
        assert_eq!(range(&target(Some(0.2), None)), "≥20%");
        assert_eq!(range(&target(None, Some(0.125))), "≤12.5%");
        assert_eq!(range(&target(Some(0.0), Some(1.0))), "0%..100%");
    }

    #[test]
    fn time_to_range_is_signed() {
        let more = Standing::Under {
            more: Some(6 * 3600 + 30 * 60),
        };
        let fewer = Standing::Over { fewer: 8100 };
        assert_eq!(to_range(more, TimeFormat::Decimal), "+6.50h");
        assert_eq!(to_range(more, TimeFormat::Hm), "+6h30m");
        assert_eq!(to_range(fewer, TimeFormat::Decimal), "-2.25h");
        assert_eq!(to_range(fewer, TimeFormat::Hm), "-2h15m");
        assert_eq!(
            to_range(Standing::Under { more: None }, TimeFormat::Hm),
            "—"
        );
        assert_eq!(to_range(Standing::Ok, TimeFormat::Decimal), "");
    }

    #[test]
    fn misses_are_near_or_far() {
        let strategy = target(Some(0.2), None);
        let under = Standing::Under { more: Some(60) };
        assert_eq!(style_of(&strategy, 0.19, under), PALETTE.near);
        assert_eq!(style_of(&strategy, 0.10, under), PALETTE.far);
        assert_eq!(style_of(&strategy, 0.30, Standing::Ok), PALETTE.ok);
    }
}
