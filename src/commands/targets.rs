//! `secl targets`: each `target` declaration against the share of time its
//! node actually got, over one period or one column per calendar unit.

use std::io::Write;

use crate::app::{App, Exit, Outcome, Output, Terminal, UsageError, split_period};
use crate::cli::TargetsArgs;
use crate::commands::report_columns;
use crate::diag::plural;
use crate::period::Period;
use crate::render::targets::View;
use crate::report::Grid;
use crate::report::targets::Targets;

/// Runs `secl targets`.
pub fn run(app: &App, args: &TargetsArgs, terminal: &mut Terminal) -> Outcome {
    let period = period(app, args)?;
    let output = Output::parse(args.output.as_deref(), &["text", "json"])?;
    let selected = app.select(period, &[], false, terminal)?;
    let journal = &selected.journal;
    if journal.targets.is_empty() {
        let _ = writeln!(
            terminal.err,
            "no targets: declare one with `target TAG 15%..25%` (or `>=20%`, `<=10%`)"
        );
        if output.format == "text" {
            return Ok(Exit::Success);
        }
    }
    let grid = Grid::build(
        journal,
        None,
        report_columns(selected.span, args.by.unit())?,
    );
    let report = Targets::build(&journal.targets, &grid);
    let view = View {
        report: &report,
        taxonomy: &journal.taxonomy,
        time: args.time,
    };
    output.write(terminal, |out, color| match output.format {
        "json" => view.json(out),
        _ => view.text(out, color),
    })?;
    if args.strict && !report.rows.is_empty() && grid.total() == 0 {
        let _ = writeln!(
            terminal.err,
            "no time logged{}: no target is met when nothing is logged against it",
            selected
                .span
                .map_or_else(String::new, |span| format!(" in {}", span.label()))
        );
        return Ok(Exit::Problems);
    }
    let missed = report.missed();
    if args.strict && missed > 0 {
        let _ = writeln!(
            terminal.err,
            "{missed} of {} missed",
            plural(report.rows.len(), "target")
        );
        return Ok(Exit::Problems);
    }
    Ok(Exit::Success)
}

/// The period argument; `targets` takes no query, so anything else is a
/// usage error.
fn period(app: &App, args: &TargetsArgs) -> Result<Option<Period>, UsageError> {
    period_only(
        app,
        &args.terms,
        args.period.as_deref(),
        "targets",
        "2024-Q1, 2024-03, last month, 2024-01..2024-03-15, …",
    )
}

/// The period of a command that takes no query (`targets`, `review`): one
/// period, perhaps none; any other term is a usage error naming `command`.
pub fn period_only(
    app: &App,
    terms: &[String],
    explicit: Option<&str>,
    command: &str,
    examples: &str,
) -> Result<Option<Period>, UsageError> {
    let (period, rest) = split_period(terms, explicit, app.today)?;
    match rest.first() {
        None => Ok(period),
        Some(term) => Err(UsageError::new(
            format!("`{term}` is not a period, and {command} takes no query"),
            format!("give one period: {examples}"),
        )),
    }
}
