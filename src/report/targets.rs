//! The targets report: each `target` declaration against the share of time
//! its node (and everything below it) actually got, per period column, and
//! how much time would bring a missed target back into its range.
//!
//! Shares are compared exactly: the bounds are turned into whole parts per
//! billion and everything else is integer arithmetic, so a share that sits
//! exactly on a bound is in range, and an amount that is exactly a whole
//! number of minutes is not rounded up to the next one by a float error.

use crate::journal::Target;
use crate::period::Column;
use crate::report::Grid;

/// The denominator of the exact form of a bound: parts per billion. Target
/// percentages with up to seven decimals are represented exactly.
const SCALE: u128 = 1_000_000_000;

/// Where a target stands in one period that has time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The share is within the range, bounds included.
    Ok,
    /// The share is below the lower bound. `more` is the time to add to the
    /// target's node to reach it, in seconds rounded up to the minute, or
    /// `None` when the lower bound is 100% and no amount of added time
    /// reaches it (other time in the period always keeps the share below).
    Under {
        /// Seconds to add, or `None` when no amount reaches the bound.
        more: Option<u64>,
    },
    /// The share is above the upper bound. `fewer` is the time to take off
    /// the target's node to come down to it, in seconds rounded up to the
    /// minute.
    Over {
        /// Seconds to take off.
        fewer: u64,
    },
}

impl Standing {
    /// The status as the JSON output names it: `under`, `ok` or `over`.
    pub fn name(self) -> &'static str {
        match self {
            Standing::Ok => "ok",
            Standing::Under { .. } => "under",
            Standing::Over { .. } => "over",
        }
    }

    /// Whether the target is missed.
    pub fn is_miss(self) -> bool {
        self != Standing::Ok
    }
}

/// One target in one period column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    /// Seconds logged on the target's node and its descendants.
    pub seconds: u64,
    /// Seconds logged on anything in the period.
    pub total: u64,
    /// Whether the target is in force on the column's first day.
    pub in_force: bool,
    /// `seconds / total`, or `None` when the period has no time or the
    /// target is not in force.
    pub share: Option<f64>,
    /// Where the share stands against the range, or `None` when the period
    /// has no time or the target is not in force.
    pub standing: Option<Standing>,
}

impl Cell {
    /// Measures `seconds` out of `total` against a target's range.
    pub fn new(target: &Target, seconds: u64, total: u64) -> Cell {
        Cell {
            seconds,
            total,
            in_force: true,
            share: share(seconds, total),
            standing: standing(seconds, total, target.min, target.max),
        }
    }

    /// A column in which the target is not in force: its time, no share
    /// and no standing.
    pub fn not_in_force(seconds: u64, total: u64) -> Cell {
        Cell {
            seconds,
            total,
            in_force: false,
            share: None,
            standing: None,
        }
    }

    /// Whether the target is missed here: in force and out of range, or in
    /// force in a period with no time (a target nobody logs against is not
    /// met).
    pub fn is_miss(&self) -> bool {
        self.in_force && self.standing.is_none_or(Standing::is_miss)
    }
}

/// One row of the report: a target and its cells, one per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The target as declared.
    pub target: Target,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// The targets report.
#[derive(Clone, Debug, PartialEq)]
pub struct Targets {
    /// The period columns, in date order.
    pub columns: Vec<Column>,
    /// One row per target, in declaration order.
    pub rows: Vec<Row>,
}

impl Targets {
    /// Measures every target in every column of a grid (built over all
    /// entries, with no query). A target counts in a column when it is in
    /// force on the column's first day (as clipped to the report's span).
    pub fn build(targets: &[Target], grid: &Grid) -> Targets {
        let rows = targets
            .iter()
            .map(|target| Row {
                target: *target,
                cells: grid
                    .inclusive(target.node)
                    .iter()
                    .zip(&grid.totals)
                    .zip(&grid.columns)
                    .map(|((&seconds, &total), column)| {
                        if target.in_force(column.span.first) {
                            Cell::new(target, seconds, total)
                        } else {
                            Cell::not_in_force(seconds, total)
                        }
                    })
                    .collect(),
            })
            .collect();
        Targets {
            columns: grid.columns.clone(),
            rows,
        }
    }

    /// The rows in force in at least one column.
    pub fn in_force(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|row| row.cells.iter().any(|cell| cell.in_force))
    }

    /// The number of targets missed in at least one column where they are
    /// in force, a column with no time included.
    pub fn missed(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.cells.iter().any(Cell::is_miss))
            .count()
    }
}

/// `seconds / total`, or `None` when `total` is zero.
pub fn share(seconds: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| seconds as f64 / total as f64)
}

/// Where `seconds` out of `total` stands against the bounds (fractions of
/// the total), or `None` when `total` is zero. A share exactly on a bound is
/// in range.
pub fn standing(seconds: u64, total: u64, min: Option<f64>, max: Option<f64>) -> Option<Standing> {
    if total == 0 {
        return None;
    }
    let actual = u128::from(seconds) * SCALE;
    let total_parts = u128::from(total);
    if let Some(min) = min.map(parts)
        && actual < min * total_parts
    {
        return Some(Standing::Under {
            more: more_needed(seconds, total, min),
        });
    }
    if let Some(max) = max.map(parts)
        && actual > max * total_parts
    {
        return Some(Standing::Over {
            fewer: fewer_needed(seconds, total, max),
        });
    }
    Some(Standing::Ok)
}

/// The time `x` to add to the node so that `(t + x) / (T + x)` reaches the
/// lower bound: `(min·T − t) / (1 − min)`, rounded up to the minute. `min`
/// is in parts per [`SCALE`]. `None` when `min` is 100%: added time raises
/// the share towards 100% but never reaches it while other time exists.
fn more_needed(seconds: u64, total: u64, min: u128) -> Option<u64> {
    let numerator = (min * u128::from(total)).saturating_sub(u128::from(seconds) * SCALE);
    let denominator = SCALE.checked_sub(min).filter(|&d| d > 0)?;
    Some(minutes_up(numerator, denominator))
}

/// The time `x` to take off the node so that `(t − x) / (T − x)` comes down
/// to the upper bound: `(t − max·T) / (1 − max)`, rounded up to the minute.
/// `max` is in parts per [`SCALE`] and below 100% (nothing is over 100%).
fn fewer_needed(seconds: u64, total: u64, max: u128) -> u64 {
    let numerator = (u128::from(seconds) * SCALE).saturating_sub(max * u128::from(total));
    let denominator = SCALE.saturating_sub(max).max(1);
    minutes_up(numerator, denominator)
}

/// `numerator / denominator` seconds, rounded up to a whole minute.
fn minutes_up(numerator: u128, denominator: u128) -> u64 {
    let minutes = numerator.div_ceil(denominator * 60);
    u64::try_from(minutes * 60).unwrap_or(u64::MAX)
}

/// A fraction (0.15) in parts per [`SCALE`], clamped to 0–100%.
fn parts(fraction: f64) -> u128 {
    (fraction.clamp(0.0, 1.0) * SCALE as f64).round() as u128
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: u64 = 3600;

    fn range(min: Option<f64>, max: Option<f64>) -> Target {
        Target::new(0, min, max)
    }

    #[test]
    fn a_period_with_no_time_has_no_share_and_no_standing() {
        let cell = Cell::new(&range(Some(0.15), Some(0.25)), 0, 0);
        assert_eq!(cell.share, None);
        assert_eq!(cell.standing, None);
    }

    #[test]
    fn bounds_are_inclusive() {
        // 15h of 100h is exactly 15%, 25h exactly 25%.
        assert_eq!(
            standing(15 * HOUR, 100 * HOUR, Some(0.15), Some(0.25)),
            Some(Standing::Ok)
        );
        assert_eq!(
            standing(25 * HOUR, 100 * HOUR, Some(0.15), Some(0.25)),
            Some(Standing::Ok)
        );
        // 7% is not exact in binary; the comparison still is.
        assert_eq!(
            standing(7 * HOUR, 100 * HOUR, Some(0.07), None),
            Some(Standing::Ok)
        );
        assert_eq!(
            standing(7 * HOUR - 1, 100 * HOUR, Some(0.07), None),
            Some(Standing::Under { more: Some(60) })
        );
    }

    #[test]
    fn under_needs_more_time() {
        // 10h of 100h against ≥20%: (0.2·100 − 10) / (1 − 0.2) = 12.5h.
        // Check: 22.5 / 112.5 = 20%.
        assert_eq!(
            standing(10 * HOUR, 100 * HOUR, Some(0.20), None),
            Some(Standing::Under {
                more: Some(12 * HOUR + 30 * 60)
            })
        );
        // 3h of 40h against 7%..12%: (2.8 − 3) < 0, so in range; 2h of 40h:
        // (2.8 − 2) / 0.93 = 0.8602…h = 51.6 min → 52 min.
        assert_eq!(
            standing(3 * HOUR, 40 * HOUR, Some(0.07), Some(0.12)),
            Some(Standing::Ok)
        );
        assert_eq!(
            standing(2 * HOUR, 40 * HOUR, Some(0.07), Some(0.12)),
            Some(Standing::Under {
                more: Some(52 * 60)
            })
        );
    }

    #[test]
    fn over_needs_less_time() {
        // 30h of 100h against ≤25%: (30 − 25) / (1 − 0.25) = 6.666…h → 6h40m.
        assert_eq!(
            standing(30 * HOUR, 100 * HOUR, None, Some(0.25)),
            Some(Standing::Over {
                fewer: 6 * HOUR + 40 * 60
            })
        );
        // 50h of 100h against 15%..25%: (50 − 25) / 0.75 = 33.333…h → 33h20m.
        assert_eq!(
            standing(50 * HOUR, 100 * HOUR, Some(0.15), Some(0.25)),
            Some(Standing::Over {
                fewer: 33 * HOUR + 20 * 60
            })
        );
        // ≤0%: all of it has to go.
        assert_eq!(
            standing(90 * 60, 10 * HOUR, None, Some(0.0)),
            Some(Standing::Over { fewer: 90 * 60 })
        );
    }

    #[test]
    fn amounts_round_up_to_the_minute() {
        assert_eq!(minutes_up(1, 1), 60);
        assert_eq!(minutes_up(60, 1), 60);
        assert_eq!(minutes_up(61, 1), 120);
        assert_eq!(minutes_up(0, 1), 0);
        // An exact whole number of minutes stays as it is: 12h30m above.
        assert_eq!(minutes_up(45_000 * SCALE, SCALE), 45_000);
        // One second short of 20% of 100h: needs 1.25 s → 1 minute.
        assert_eq!(
            standing(20 * HOUR - 1, 100 * HOUR, Some(0.20), None),
            Some(Standing::Under { more: Some(60) })
        );
    }

    #[test]
    fn a_hundred_percent_minimum_cannot_be_reached() {
        assert_eq!(
            standing(HOUR, 2 * HOUR, Some(1.0), None),
            Some(Standing::Under { more: None })
        );
        assert_eq!(
            standing(2 * HOUR, 2 * HOUR, Some(1.0), None),
            Some(Standing::Ok)
        );
        // Nothing is over 100%, nothing is under 0%.
        assert_eq!(
            standing(2 * HOUR, 2 * HOUR, Some(0.0), Some(1.0)),
            Some(Standing::Ok)
        );
        assert_eq!(
            standing(0, 2 * HOUR, Some(0.0), Some(1.0)),
            Some(Standing::Ok)
        );
    }

    #[test]
    fn shares_and_misses() {
        assert_eq!(share(HOUR, 4 * HOUR), Some(0.25));
        assert_eq!(share(0, 0), None);
        let target = range(Some(0.5), None);
        let row = |cells: Vec<Cell>| Row { target, cells };
        let report = Targets {
            columns: Vec::new(),
            rows: vec![
                // Not in force in an empty column, met in the other.
                row(vec![Cell::not_in_force(0, 0), Cell::new(&target, 1, 2)]),
                // In force in a column with no time: not met.
                row(vec![Cell::new(&target, 0, 0), Cell::new(&target, 1, 2)]),
                // Under.
                row(vec![Cell::not_in_force(1, 2), Cell::new(&target, 1, 3)]),
            ],
        };
        assert_eq!(report.missed(), 2);
        assert!(!Cell::not_in_force(0, 3).is_miss());
        assert_eq!(Standing::Ok.name(), "ok");
        assert_eq!(Standing::Over { fewer: 60 }.name(), "over");
        assert_eq!(Standing::Under { more: None }.name(), "under");
    }
}
