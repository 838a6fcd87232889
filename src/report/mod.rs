//! Reports: pure functions from a journal (and a query) to numbers.
//! Nothing here prints; `render` and the commands do.

use crate::journal::Entry;
use crate::taxonomy::Taxonomy;

/// Seconds per node including everything below it, indexed by node id.
pub fn subtree_totals<'a>(
    taxonomy: &Taxonomy,
    entries: impl IntoIterator<Item = &'a Entry>,
) -> Vec<u64> {
    let mut totals = vec![0u64; taxonomy.len()];
    for entry in entries {
        totals[entry.node as usize] += u64::from(entry.seconds);
    }
    // Children come after their parents in pre-order: add bottom-up.
    for &id in taxonomy.preorder().iter().rev() {
        if let Some(parent) = taxonomy.node(id).parent {
            totals[parent as usize] += totals[id as usize];
        }
    }
    totals
}
