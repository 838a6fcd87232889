//! `secl export`: the journal's entries for hledger (timedot) or ledger,
//! selected like a report (period and query), in date order.

use crate::app::{App, Exit, Outcome, Output, Terminal};
use crate::cli::ExportArgs;
use crate::render::export::View;

/// Runs `secl export`.
pub fn run(app: &App, args: &ExportArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(Some(&args.output), &["timedot", "ledger"])?;
    let (period, terms) = args.selection.split(app.today)?;
    let selected = app.select(period, &terms, true, terminal)?;
    let entries = selected.entries();
    let view = View {
        journal: &selected.journal,
        entries: &entries,
    };
    output.write(terminal, |out, _color| match output.format {
        "ledger" => view.ledger(out),
        _ => view.timedot(out),
    })?;
    Ok(Exit::Success)
}
