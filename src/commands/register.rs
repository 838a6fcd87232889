//! `secl register`: the entries themselves, dated, with a running total.

use crate::app::{App, Exit, Outcome, Output, Terminal};
use crate::cli::RegisterArgs;
use crate::render::register::View;

/// Runs `secl register`. When nothing matches, the text format prints
/// nothing on standard output and `no entries` on standard error (so an
/// empty answer is not mistaken for a hang or a crash), JSON an empty
/// `entries` list with a zero total, CSV its header alone; the exit code
/// is 0 either way.
pub fn run(app: &App, args: &RegisterArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(args.output.as_deref(), &["text", "json", "csv"])?;
    let (period, terms) = args.selection.split(app.today)?;
    let selected = app.select(period, &terms, true, terminal)?;
    let entries = selected.entries();
    if entries.is_empty() && output.format == "text" {
        eprintln!("no entries");
        return Ok(Exit::Success);
    }
    let view = View {
        journal: &selected.journal,
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
