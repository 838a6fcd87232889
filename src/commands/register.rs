//! `secl register`: the entries themselves, dated, with a running total.
//! Also home of [`select`], the entry selection `export` shares.

use crate::app::{App, Exit, Outcome, Output, Terminal, UsageError, parse_query, split_period};
use crate::cli::{RegisterArgs, Selection};
use crate::journal::{Entry, Journal};
use crate::period::Period;
use crate::render::register::View;

/// Runs `secl register`. When nothing matches, the text format prints
/// nothing (as hledger does), JSON an empty `entries` list with a zero
/// total, CSV its header alone; the exit code is 0 either way.
pub fn run(app: &App, args: &RegisterArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(args.output.as_deref(), &["text", "json", "csv"])?;
    let (period, terms) = split_selection(app, &args.selection)?;
    let journal = app.journal_for_report(terminal)?;
    let entries = select(&journal, period, &terms)?;
    let view = View {
        journal: &journal,
        entries: &entries,
        time: args.time,
    };
    output.write(terminal, |out, color| match output.format {
        "json" => view.json(out),
        "csv" => view.csv(out),
        _ => view.text(out, color),
    })?;
    Ok(Exit::Success)
}

/// The period and query terms of a selection, read before the journal is
/// loaded so that a bad period is a usage error whatever the journal holds.
pub fn split_selection(
    app: &App,
    selection: &Selection,
) -> Result<(Option<Period>, Vec<String>), UsageError> {
    split_period(&selection.terms, selection.period.as_deref(), app.today)
}

/// The entries a report counts: those in `period` (none: all of them) that
/// match the query `terms`, sorted by date, ties in load order. An unknown
/// query term is a usage error.
pub fn select<'j>(
    journal: &'j Journal,
    period: Option<Period>,
    terms: &[String],
) -> Result<Vec<&'j Entry>, UsageError> {
    let query = parse_query(terms, journal)?;
    let matcher = query.matcher(journal);
    let span = match period {
        Some(period) => match period.resolve(journal.bounds()) {
            Some(span) => Some(span),
            // An open period that misses the journal altogether.
            None => return Ok(Vec::new()),
        },
        None => None,
    };
    let mut entries: Vec<&Entry> = journal
        .entries
        .iter()
        .filter(|entry| span.is_none_or(|span| span.contains(entry.date)))
        .filter(|entry| matcher.matches(entry))
        .collect();
    // Stable: entries of one day keep their load order.
    entries.sort_by_key(|entry| entry.date);
    Ok(entries)
}
