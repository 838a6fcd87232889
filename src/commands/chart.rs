//! `secl chart`: a stacked bar chart of time per period column, as SVG.

use crate::app::{App, Exit, Outcome, Output, Terminal, UsageError};
use crate::cli::ChartArgs;
use crate::commands::report_columns;
use crate::render::chart::{Chart, Options};
use crate::report::Grid;

/// Runs `secl chart`.
pub fn run(app: &App, args: &ChartArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(Some(&args.output), &["svg"]).map_err(|_| {
        UsageError::new(
            format!("`{}`: a chart is written as SVG", args.output),
            "use -o FILE.svg, or -o svg for standard output",
        )
    })?;
    let Some(unit) = args.by.unit() else {
        return Err(UsageError::new(
            "chart needs --by UNIT: one bar per day, week, month, quarter or year",
            "e.g. `secl chart 2024-Q1 --by month -o q1.svg` (or -M)",
        )
        .into());
    };
    if args.depth == 0 {
        return Err(UsageError::new(
            "--depth must be at least 1",
            "--depth 1 stacks the top-level nodes (domains), --depth 2 the next level",
        )
        .into());
    }
    let (period, terms) = args.selection.split(app.today)?;
    let selected = app.select(period, &terms, false, terminal)?;
    let (journal, span) = (&selected.journal, selected.span);
    let matcher = selected.matcher();
    let grid = Grid::build(journal, Some(&matcher), report_columns(span, Some(unit))?);
    let chart = Chart::new(
        journal,
        &grid,
        Options {
            depth: args.depth,
            percent: args.percent,
            targets: selected.query.is_empty(),
            title: span.map_or_else(|| "No entries".to_string(), |s| s.label()),
            unit: unit.name().to_string(),
            query: terms.join(" "),
            heading: true,
        },
    );
    let svg = chart.svg();
    output.write(terminal, |out, _| {
        std::io::Write::write_all(out, svg.as_bytes())
    })?;
    Ok(Exit::Success)
}
