//! `secl export`: the journal's entries for hledger (timedot) or ledger,
//! selected like a report (period and query), in date order.

use crate::app::{App, Exit, Outcome, Output, Terminal};
use crate::cli::ExportArgs;
use crate::commands::register::{select, split_selection};
use crate::render::export::View;

/// Runs `secl export`.
pub fn run(app: &App, args: &ExportArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(Some(&args.output), &["timedot", "ledger"])?;
    let (period, terms) = split_selection(app, &args.selection)?;
    let journal = app.journal_for_report(terminal)?;
    let entries = select(&journal, period, &terms)?;
    let view = View {
        journal: &journal,
        entries: &entries,
    };
    output.write(terminal, |out, _color| match output.format {
        "ledger" => view.ledger(out),
        _ => view.timedot(out),
    })?;
    Ok(Exit::Success)
}
