//! Hover on a tag: its canonical path, the alias it came through, and the
//! time logged on that node (and below it) this week, this month and in all.

use chrono::{Datelike, Duration, NaiveDate};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::Doc;
use super::site::{Site, at, slice};
use crate::journal::Journal;
use crate::render::numbers::hm;
use crate::resolve::{AliasTarget, Resolution};
use crate::taxonomy::{NodeId, fold_path};

/// The hover at the cursor, if it is on a tag that names a node.
pub fn hover(doc: &Doc, today: NaiveDate, params: HoverParams) -> Option<Hover> {
    let index = doc.index();
    let offset = index.offset(params.text_document_position_params.position);
    let span = match at(&doc.text, offset)? {
        Site::Tag(span) | Site::AliasName(span) => span,
        Site::Include(_) => return None,
    };
    let written = slice(&doc.text, span);
    let journal = &doc.analysis.journal;
    let resolver = journal.resolver();
    let folded = fold_path(written);
    let node = match resolver.resolve(written) {
        Resolution::Node(node) => node,
        _ => return None,
    };
    let mut text = format!("**{}**", journal.taxonomy.path(node));
    if let Some((end, AliasTarget::Node(_))) = resolver.alias_prefix(&folded) {
        text.push_str(&format!("\n\nthrough the alias `{}`", &folded[..end]));
    }
    let [week, month, all] = totals(journal, node, today);
    text.push_str(&format!(
        "\n\nthis week {}  ·  this month {}  ·  in all {}",
        hm(week),
        hm(month),
        hm(all)
    ));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(index.range(span)),
    })
}

/// Seconds logged on `node` and below: in the ISO week of `today`, in its
/// month, and in all.
fn totals(journal: &Journal, node: NodeId, today: NaiveDate) -> [i64; 3] {
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let sunday = monday + Duration::days(6);
    let first = today.with_day(1).unwrap_or(today);
    let mut sums = [0i64; 3];
    for entry in journal.entries.iter() {
        if !under(journal, entry.node, node) {
            continue;
        }
        let seconds = entry.seconds as i64;
        sums[2] += seconds;
        if entry.date >= monday && entry.date <= sunday {
            sums[0] += seconds;
        }
        if entry.date >= first
            && entry.date.month() == today.month()
            && entry.date.year() == today.year()
        {
            sums[1] += seconds;
        }
    }
    sums
}

/// Whether `node` is `ancestor` or below it.
fn under(journal: &Journal, mut node: NodeId, ancestor: NodeId) -> bool {
    loop {
        if node == ancestor {
            return true;
        }
        match journal.taxonomy.node(node).parent {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}
