//! Reports: pure functions from a journal (and a query) to numbers.
//! Nothing here prints; `render` and the commands do.
//!
//! The core is [`Grid`]: seconds per (node, period column), in one flat
//! array, with each node's own time and its time including descendants.

pub mod balance;
pub mod review;
pub mod targets;

use chrono::{Datelike, NaiveDate};

use crate::journal::{Entry, Journal};
use crate::period::{Column, DateSpan, Unit};
use crate::query::Matcher;
use crate::taxonomy::{NodeId, Taxonomy};

/// Seconds per node and column: own (entries tagged with the node itself)
/// and inclusive (the node and everything below it).
#[derive(Clone, Debug)]
pub struct Grid {
    /// The columns, in date order.
    pub columns: Vec<Column>,
    own: Vec<u64>,
    inclusive: Vec<u64>,
    /// Per column, the seconds of every counted entry.
    pub totals: Vec<u64>,
}

impl Grid {
    /// Sums the entries that fall in a column and match the query (every
    /// entry with no matcher).
    pub fn build(journal: &Journal, matcher: Option<&Matcher>, columns: Vec<Column>) -> Grid {
        let disjoint = columns
            .windows(2)
            .all(|pair| pair[0].span.last < pair[1].span.first);
        if !disjoint {
            // Overlapping columns (`--compare=2024` against `2024-Q1`): each
            // counts its own entries.
            let grids: Vec<Grid> = columns
                .into_iter()
                .map(|column| Grid::build(journal, matcher, vec![column]))
                .collect();
            return Grid::concat(journal.taxonomy.len(), grids);
        }
        let taxonomy = &journal.taxonomy;
        let width = columns.len();
        let mut own = vec![0u64; taxonomy.len() * width];
        let mut totals = vec![0u64; width];
        if let Some(locate) = ColumnIndex::new(&columns) {
            for (index, entry) in journal.entries.iter().enumerate() {
                let Some(column) = locate.column(entry.date) else {
                    continue;
                };
                if matcher.is_some_and(|m| !m.matches(index, entry)) {
                    continue;
                }
                own[entry.node as usize * width + column] += u64::from(entry.seconds);
                totals[column] += u64::from(entry.seconds);
            }
        }
        let inclusive = roll_up(taxonomy, &own, width);
        Grid {
            columns,
            own,
            inclusive,
            totals,
        }
    }

    /// Grids of one column each, side by side.
    fn concat(nodes: usize, grids: Vec<Grid>) -> Grid {
        let width = grids.len();
        let mut own = vec![0u64; nodes * width];
        let mut inclusive = vec![0u64; nodes * width];
        for (column, grid) in grids.iter().enumerate() {
            for node in 0..nodes {
                own[node * width + column] = grid.own[node];
                inclusive[node * width + column] = grid.inclusive[node];
            }
        }
        Grid {
            totals: grids.iter().map(|g| g.totals[0]).collect(),
            columns: grids.into_iter().flat_map(|g| g.columns).collect(),
            own,
            inclusive,
        }
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// A node's seconds per column, including its descendants.
    pub fn inclusive(&self, node: NodeId) -> &[u64] {
        let start = node as usize * self.width();
        &self.inclusive[start..start + self.width()]
    }

    /// A node's own seconds per column (entries tagged with it exactly).
    pub fn own(&self, node: NodeId) -> &[u64] {
        let start = node as usize * self.width();
        &self.own[start..start + self.width()]
    }

    /// The sum over all columns of all counted entries.
    pub fn total(&self) -> u64 {
        self.totals.iter().sum()
    }
}

/// Adds every node's own seconds into all its ancestors.
fn roll_up(taxonomy: &Taxonomy, own: &[u64], width: usize) -> Vec<u64> {
    let mut inclusive = own.to_vec();
    // Pre-order lists parents before children: walk it backwards.
    for &id in taxonomy.preorder().iter().rev() {
        if let Some(parent) = taxonomy.node(id).parent {
            for column in 0..width {
                inclusive[parent as usize * width + column] +=
                    inclusive[id as usize * width + column];
            }
        }
    }
    inclusive
}

/// Finds the column of a date in O(1): one slot per day of the report span.
struct ColumnIndex {
    /// The first day, counted from the common era.
    first: i32,
    slots: Vec<u32>,
}

impl ColumnIndex {
    fn new(columns: &[Column]) -> Option<ColumnIndex> {
        let first = columns.first()?.span.first;
        let last = columns.last()?.span.last;
        let days = (last - first).num_days() as usize + 1;
        let mut slots = vec![u32::MAX; days];
        for (index, column) in columns.iter().enumerate() {
            let from = (column.span.first - first).num_days() as usize;
            let to = (column.span.last - first).num_days() as usize;
            slots[from..=to].fill(index as u32);
        }
        Some(ColumnIndex {
            first: first.num_days_from_ce(),
            slots,
        })
    }

    fn column(&self, date: NaiveDate) -> Option<usize> {
        let offset = usize::try_from(date.num_days_from_ce() - self.first).ok()?;
        self.slots
            .get(offset)
            .filter(|&&slot| slot != u32::MAX)
            .map(|&slot| slot as usize)
    }
}

/// The entries in `span` that the query counts, by date, ties in load
/// order; none without a span.
pub fn entries(journal: &Journal, span: Option<DateSpan>, matcher: &Matcher) -> Vec<usize> {
    let Some(span) = span else {
        return Vec::new();
    };
    let mut entries: Vec<(chrono::NaiveDate, usize)> = journal
        .entries
        .iter()
        .enumerate()
        .filter(|&(i, entry)| span.contains(entry.date) && matcher.matches(i, entry))
        .map(|(i, entry)| (entry.date, i))
        .collect();
    // Stable: entries of one day keep their load order.
    entries.sort_by_key(|&(date, _)| date);
    entries.into_iter().map(|(_, i)| i).collect()
}

/// A report's columns: the span as one column, or cut by `unit`; none
/// without a span.
pub fn columns(span: Option<DateSpan>, unit: Option<Unit>) -> Vec<Column> {
    match (span, unit) {
        (None, _) => Vec::new(),
        (Some(span), Some(unit)) => span.split(unit),
        (Some(span), None) => vec![single_column(span)],
    }
}

/// The most columns `--by` cuts a report into: two years and nine months
/// by day, nineteen years by week, 83 by month. Memory grows with columns times taxonomy nodes, so a span cut
/// finer is refused rather than allowed to take gigabytes.
pub const MAX_COLUMNS: usize = 1000;

/// How many columns `span` cut by `unit` makes, counted up to `limit + 1`
/// (so that a span of millennia by day costs no more than the limit).
pub fn column_count(span: DateSpan, unit: Unit, limit: usize) -> usize {
    let mut count = 0;
    let mut cursor = span.first;
    while count <= limit {
        count += 1;
        let last = crate::period::unit_span(cursor, unit).last;
        match last.succ_opt() {
            Some(next) if last < span.last => cursor = next,
            _ => break,
        }
    }
    count
}

/// One column covering a whole span, labelled canonically.
pub fn single_column(span: DateSpan) -> Column {
    Column {
        label: span.label(),
        span,
    }
}

/// Seconds per node including everything below it, over every entry.
pub fn subtree_totals<'a>(
    taxonomy: &Taxonomy,
    entries: impl IntoIterator<Item = &'a Entry>,
) -> Vec<u64> {
    let mut own = vec![0u64; taxonomy.len()];
    for entry in entries {
        own[entry.node as usize] += u64::from(entry.seconds);
    }
    roll_up(taxonomy, &own, 1)
}
