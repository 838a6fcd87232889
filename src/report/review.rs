//! The review (`secl review`): one period against the one before it, on
//! one screen. Hours and days logged in each, every node down to a depth
//! with its share and the change in percentage points, the targets in force,
//! the nodes with the most time of their own, and the working days with
//! nothing logged.
//!
//! Everything counts all the journal's time: a review has no query, so
//! shares and targets mean what they mean in `balance` and `targets`.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::journal::Journal;
use crate::period::{Column, DateSpan};
use crate::report::targets::Targets;
use crate::report::{Grid, single_column};
use crate::taxonomy::NodeId;

/// What a review shows.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Nodes down to this depth (1: the top-level nodes).
    pub depth: u32,
    /// How many nodes the top list holds.
    pub top: usize,
    /// The last day that can be a gap: today.
    pub today: NaiveDate,
}

/// One period's totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    /// The period.
    pub column: Column,
    /// Seconds logged.
    pub seconds: u64,
    /// Days with at least one entry.
    pub days: usize,
}

/// A node down to the review's depth, with time in either period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRow {
    /// The node.
    pub node: NodeId,
    /// Its depth (1 for a top-level node).
    pub depth: u32,
    /// Seconds including its descendants: the previous period, then the
    /// current one.
    pub seconds: [u64; 2],
}

/// A node with the most time of its own in the current period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Top {
    /// The node.
    pub node: NodeId,
    /// Its own seconds (entries tagged with it exactly).
    pub seconds: u64,
}

/// The running timer (`H:MM-?`), shown when one is running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Running {
    /// The timer's node.
    pub node: NodeId,
    /// When it started.
    pub since: chrono::NaiveDateTime,
}

/// The review.
#[derive(Clone, Debug)]
pub struct Review {
    /// The period before, then the period reviewed.
    pub periods: [Logged; 2],
    /// Nodes down to the depth with time in either period, in taxonomy
    /// order.
    pub rows: Vec<NodeRow>,
    /// The targets measured over the current period; only those in force
    /// on its first day are shown.
    pub targets: Targets,
    /// The nodes with the most own time in the current period, most first
    /// (ties in taxonomy order).
    pub top: Vec<Top>,
    /// Monday-to-Friday days of the current period, up to today, with
    /// nothing logged.
    pub gaps: Vec<NaiveDate>,
    /// The running timer, if any (filled in by the command).
    pub running: Option<Running>,
    /// Today, when the period reviewed is not over yet (it ends after
    /// today): the review is of the days so far.
    pub so_far: Option<NaiveDate>,
}

impl Review {
    /// Reviews `current` against `previous`.
    pub fn build(journal: &Journal, previous: DateSpan, current: DateSpan, shape: Shape) -> Review {
        let columns = vec![single_column(previous), single_column(current)];
        let grid = Grid::build(journal, None, columns);
        let taxonomy = &journal.taxonomy;
        let rows = taxonomy
            .preorder()
            .into_iter()
            .filter_map(|node| {
                let depth = taxonomy.node(node).depth;
                let seconds = grid.inclusive(node);
                (depth <= shape.depth && seconds.iter().any(|&s| s > 0)).then(|| NodeRow {
                    node,
                    depth,
                    seconds: [seconds[0], seconds[1]],
                })
            })
            .collect();
        let mut top: Vec<Top> = taxonomy
            .preorder()
            .into_iter()
            .map(|node| Top {
                node,
                seconds: grid.own(node)[1],
            })
            .filter(|t| t.seconds > 0)
            .collect();
        // Stable: ties keep taxonomy order.
        top.sort_by_key(|t| std::cmp::Reverse(t.seconds));
        top.truncate(shape.top);
        let current_only = Grid::build(journal, None, vec![single_column(current)]);
        let targets = Targets::build(&journal.targets, &current_only);
        let logged_days = days_logged(journal, &[previous, current]);
        let periods = [0, 1].map(|i| Logged {
            column: grid.columns[i].clone(),
            seconds: grid.totals[i],
            days: logged_days[i].len(),
        });
        Review {
            gaps: gaps(current, shape.today, &logged_days[1]),
            periods,
            rows,
            targets,
            top,
            running: None,
            so_far: (current.last > shape.today).then_some(shape.today),
        }
    }

    /// The number of targets in force and missed in the current period.
    pub fn missed(&self) -> usize {
        self.targets.missed()
    }
}

/// The days of each span with at least one entry.
fn days_logged(journal: &Journal, spans: &[DateSpan; 2]) -> [BTreeSet<NaiveDate>; 2] {
    let mut days = [BTreeSet::new(), BTreeSet::new()];
    for entry in journal.entries.iter() {
        for (i, span) in spans.iter().enumerate() {
            if span.contains(entry.date) {
                days[i].insert(entry.date);
            }
        }
    }
    days
}

/// The working days (Monday to Friday) of `span` up to `today` that are
/// not in `logged`.
fn gaps(span: DateSpan, today: NaiveDate, logged: &BTreeSet<NaiveDate>) -> Vec<NaiveDate> {
    let last = span.last.min(today);
    span.first
        .iter_days()
        .take_while(|&day| day <= last)
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|day| !logged.contains(day))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn gaps_are_unlogged_weekdays_up_to_today() {
        // 2024-03-04 is a Monday.
        let week = DateSpan::new(date("2024-03-04"), date("2024-03-10"));
        let logged: BTreeSet<NaiveDate> = [date("2024-03-04"), date("2024-03-06")].into();
        let all = gaps(week, date("2024-12-31"), &logged);
        assert_eq!(
            all,
            [date("2024-03-05"), date("2024-03-07"), date("2024-03-08")]
        );
        // Up to today: Thursday and Friday have not come yet.
        assert_eq!(
            gaps(week, date("2024-03-06"), &logged),
            [date("2024-03-05")]
        );
        // A period in the future has no gaps yet.
        assert!(gaps(week, date("2024-03-01"), &logged).is_empty());
    }
}
