//! The balance report: which rows a tree (or flat list) of the taxonomy
//! shows, in which order, with how many seconds per column.

use crate::journal::Journal;
use crate::query::Matcher;
use crate::report::Grid;
use crate::taxonomy::{NodeId, Taxonomy};

/// How the rows are chosen and ordered.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shape {
    /// Show nodes down to this depth; deeper time counts in its ancestors.
    pub depth: Option<u32>,
    /// Nodes with entries of their own, by full path, with their own time.
    pub flat: bool,
    /// Also show the zero nodes of the queried subtrees.
    pub empty: bool,
    /// Order siblings by time, most first.
    pub sort_by_time: bool,
}

/// One row of a balance report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The node.
    pub node: NodeId,
    /// Its depth in the taxonomy (1 for a top-level node).
    pub depth: u32,
    /// Seconds per column: including descendants in a tree; own time (with
    /// deeper time folded in at `--depth`) in a flat list.
    pub seconds: Vec<u64>,
    /// The sum of `seconds`.
    pub total: u64,
    /// The parent node's time per column, its descendants included (for
    /// shares of the parent, in a tree or a flat list); the report totals
    /// for a top-level row.
    pub parent_seconds: Vec<u64>,
}

/// A balance report.
#[derive(Clone, Debug)]
pub struct Balance {
    /// The rows in order.
    pub rows: Vec<Row>,
}

/// Chooses and orders the rows of a balance report from a grid.
pub fn balance(journal: &Journal, grid: &Grid, matcher: &Matcher, shape: Shape) -> Balance {
    let taxonomy = &journal.taxonomy;
    let in_scope = scope(taxonomy, matcher);
    let depth_limit = shape.depth.unwrap_or(u32::MAX);
    let mut rows = Vec::new();
    if shape.flat {
        // Taxonomy order; `--sort time` then sorts the whole list, ties
        // staying in taxonomy order.
        for id in ordered(taxonomy, grid, false, None) {
            let node = taxonomy.node(id);
            if node.depth > depth_limit {
                continue;
            }
            // At the depth limit, the deeper time is folded in.
            let seconds = if node.depth == depth_limit {
                grid.inclusive(id).to_vec()
            } else {
                grid.own(id).to_vec()
            };
            let total: u64 = seconds.iter().sum();
            if total > 0 || (shape.empty && in_scope[id as usize]) {
                rows.push(Row {
                    node: id,
                    depth: node.depth,
                    seconds,
                    total,
                    parent_seconds: parent_seconds(grid, node.parent),
                });
            }
        }
        if shape.sort_by_time {
            rows.sort_by_key(|row| std::cmp::Reverse(row.total));
        }
        return Balance { rows };
    }
    for id in ordered(taxonomy, grid, shape.sort_by_time, Some(depth_limit)) {
        let node = taxonomy.node(id);
        if node.depth > depth_limit {
            continue;
        }
        let seconds = grid.inclusive(id).to_vec();
        let total: u64 = seconds.iter().sum();
        if total == 0 && !(shape.empty && in_scope[id as usize]) {
            continue;
        }
        rows.push(Row {
            node: id,
            depth: node.depth,
            seconds,
            total,
            parent_seconds: parent_seconds(grid, node.parent),
        });
    }
    Balance { rows }
}

/// The parent's time per column, all its descendants included; the report
/// totals for a top-level node.
fn parent_seconds(grid: &Grid, parent: Option<NodeId>) -> Vec<u64> {
    match parent {
        Some(parent) => grid.inclusive(parent).to_vec(),
        None => grid.totals.clone(),
    }
}

/// Nodes the query can count (tag terms minus `not:` terms) and their
/// ancestors: what `--empty` may show.
fn scope(taxonomy: &Taxonomy, matcher: &Matcher) -> Vec<bool> {
    let mut in_scope: Vec<bool> = (0..taxonomy.len() as NodeId)
        .map(|id| matcher.counts_node(id))
        .collect();
    for &id in taxonomy.preorder().iter().rev() {
        if in_scope[id as usize]
            && let Some(parent) = taxonomy.node(id).parent
        {
            in_scope[parent as usize] = true;
        }
    }
    in_scope
}

/// Nodes in taxonomy order, or with siblings by time (most first, ties in
/// taxonomy order); children below `depth` are not visited.
fn ordered(taxonomy: &Taxonomy, grid: &Grid, by_time: bool, depth: Option<u32>) -> Vec<NodeId> {
    let total = |id: NodeId| -> u64 { grid.inclusive(id).iter().sum() };
    let sorted = |ids: &[NodeId]| -> Vec<NodeId> {
        let mut ids = ids.to_vec();
        if by_time {
            ids.sort_by_key(|&id| std::cmp::Reverse(total(id)));
        }
        ids
    };
    let mut order = Vec::with_capacity(taxonomy.len());
    let mut stack: Vec<NodeId> = sorted(taxonomy.roots()).into_iter().rev().collect();
    while let Some(id) = stack.pop() {
        order.push(id);
        let node = taxonomy.node(id);
        if depth.is_none_or(|limit| node.depth < limit) {
            stack.extend(sorted(&node.children).into_iter().rev());
        }
    }
    order
}
