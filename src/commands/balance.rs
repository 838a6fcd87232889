//! `secl balance`: time rolled up through the taxonomy.

use std::io::Write;

use crate::app::{App, Exit, Outcome, Output, Terminal, UsageError};
use crate::cli::BalanceArgs;
use crate::commands::report_columns;
use crate::period::{self, Column, DateSpan, Unit};
use crate::render::balance::{Layout, View};
use crate::render::chart::{Chart, Options};
use crate::render::html::Page;
use crate::render::numbers::TimeFormat;
use crate::report::balance::{Shape, balance};
use crate::report::targets::Targets;
use crate::report::{Grid, MAX_COLUMNS, column_count, single_column};

/// Runs `secl balance`.
pub fn run(app: &App, args: &BalanceArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(args.output.as_deref(), &["text", "json", "csv", "html"])?;
    let (period, terms) = args.selection.split(app.today)?;
    let unit = args.by.unit();
    let layout = layout(args, unit.is_some())?;
    if matches!(output.format, "json" | "csv") {
        data_only(args, output.format)?;
    }
    let compare_with = match args.compare.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            period::parse(text, app.today).map_err(|err| UsageError::new(err.message, err.help))?,
        ),
    };
    if args.compare.is_some() && period.is_none() {
        return Err(UsageError::new(
            "--compare needs a PERIOD to compare",
            "e.g. `secl balance 2024-Q2 --compare` (with 2024-Q1) or `--compare=2023-Q2`",
        )
        .into());
    }

    let selected = app.select(period, &terms, false, terminal)?;
    let (journal, span) = (&selected.journal, selected.span);
    let matcher = selected.matcher();
    let bounds = journal.bounds();
    let columns = match (span, &layout) {
        (Some(span), Layout::Compare) => {
            let before = match compare_with {
                Some(other) => other.resolve(bounds).unwrap_or_else(|| span.previous()),
                None => span.previous(),
            };
            compare_columns(before, span)
        }
        _ => report_columns(span, unit)?,
    };
    let grid = Grid::build(journal, Some(&matcher), columns);
    let shape = Shape {
        depth: args.depth,
        flat: args.flat,
        empty: args.empty,
        sort_by_time: args.sort.is_some(),
    };
    let report = balance(journal, &grid, &matcher, shape);
    let view = View {
        journal,
        columns: &grid.columns,
        rows: &report.rows,
        totals: &grid.totals,
        flat: args.flat,
        time: args.time,
        layout,
    };
    if output.format == "html" {
        // The chart: the report's columns, or, for a single period, the
        // span cut by a unit that suits its length.
        let (chart_grid, chart_unit) = match (&layout, span) {
            // Past the column limit (a span of millennia), the chart shows
            // the period as one bar.
            (Layout::Single { .. }, Some(span))
                if column_count(span, chart_unit(span), MAX_COLUMNS) <= MAX_COLUMNS =>
            {
                let unit = chart_unit(span);
                let grid = Grid::build(journal, Some(&matcher), span.split(unit));
                (Some(grid), unit.name())
            }
            (Layout::Compare, _) => (None, "period"),
            _ => (None, unit.map_or("period", Unit::name)),
        };
        let query = terms.join(" ");
        let chart = Chart::new(
            journal,
            chart_grid.as_ref().unwrap_or(&grid),
            Options {
                depth: args.depth.unwrap_or(1).max(1),
                percent: args.percent,
                targets: selected.query.is_empty(),
                title: String::new(),
                unit: chart_unit.to_string(),
                query: query.clone(),
                heading: false,
            },
        );
        // Targets are shares of all the time in a period, whatever the query.
        let targets = (!journal.targets.is_empty()).then(|| {
            let all = Grid::build(journal, None, grid.columns.clone());
            Targets::build(&journal.targets, &all)
        });
        let page = Page {
            view: &view,
            grid: &grid,
            span,
            query: &query,
            chart: Some(&chart),
            targets: targets.as_ref(),
        };
        output.write(terminal, |out, _| page.write(out))?;
        return Ok(Exit::Success);
    }
    output.write(terminal, |out, color| match output.format {
        "json" => view.json(out),
        "csv" => view.csv(out),
        _ => view.text(out, color),
    })?;
    if let (Layout::Compare, Some(span)) = (layout, span)
        && let Some(note) = partial_compare(&grid.columns, span, app.today)
    {
        terminal.out.flush()?;
        let _ = writeln!(terminal.err, "note: {note}");
    }
    if output.format == "text"
        && output.path.is_none()
        && matches!(layout, Layout::Columns { .. })
        && let Some(hint) = too_wide(&view, unit)
    {
        // After the report, which is buffered.
        terminal.out.flush()?;
        let _ = writeln!(terminal.err, "note: {hint}");
    }
    Ok(Exit::Success)
}

/// When the period compared is not over yet (`this month` on the 2nd), it
/// holds fewer days than the one it is set against: say so, and give the
/// `--compare` that sets it against the same days.
fn partial_compare(columns: &[Column], span: DateSpan, today: chrono::NaiveDate) -> Option<String> {
    if !(span.first..span.last).contains(&today) {
        return None;
    }
    let before = columns.iter().map(|c| c.span).find(|c| *c != span)?;
    let so_far = (today - span.first).num_days();
    let same = before
        .first
        .checked_add_days(chrono::Days::new(u64::try_from(so_far).ok()?))?
        .min(before.last);
    Some(format!(
        "{} is not over (today is {today}): only {} of its {} days have passed, set against all of {}; \
         to compare the same days write --compare={}..{same}",
        span.label(),
        so_far + 1,
        span.days(),
        before.label(),
        before.first
    ))
}

/// The width of the terminal a report is shown on: `$COLUMNS` when set,
/// else standard output's terminal; `None` when piped (a file or a pager
/// takes any width).
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return Some(columns);
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(width), _)| usize::from(width))
}

/// When a report by `--by` is wider than the terminal (`--by day` over
/// months), how to see it instead: `-o csv`, or a larger unit.
fn too_wide(view: &View, unit: Option<Unit>) -> Option<String> {
    let width = terminal_width()?;
    let mut text = Vec::new();
    view.text(&mut text, false).ok()?;
    let widest = String::from_utf8_lossy(&text)
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    if widest <= width {
        return None;
    }
    let larger = unit
        .and_then(|unit| Unit::ALL.iter().skip_while(|u| **u != unit).nth(1))
        .map(|unit| format!(", or fewer columns with `--by {unit}`"))
        .unwrap_or_default();
    Some(format!(
        "the report is {widest} characters wide and the terminal {width}: see it whole with \
         `-o csv` (or `-o html`){larger}, or a shorter period"
    ))
}

/// JSON and CSV carry the time itself (grammar.md, Reports): the flags that only shape
/// how the text and HTML reports show it are refused rather than ignored.
fn data_only(args: &BalanceArgs, format: &str) -> Result<(), UsageError> {
    let shaping = [
        (args.percent, "--percent"),
        (args.parent_share, "--parent-share"),
        (args.time == TimeFormat::Hm, "--time hm"),
    ];
    match shaping.iter().find(|(given, _)| *given) {
        Some((_, flag)) => Err(UsageError::new(
            format!("{flag} shapes the text and HTML reports, not -o {format}"),
            format!(
                "-o {format} carries the time of every cell; shares follow from it (or drop -o {format} to see them)"
            ),
        )),
        None => Ok(()),
    }
}

/// The text layout, refusing flag combinations that mean nothing.
fn layout(args: &BalanceArgs, by: bool) -> Result<Layout, UsageError> {
    if args.compare.is_some() && by {
        return Err(UsageError::new(
            "--compare and --by do not go together",
            "compare two periods with --compare, or see the trend with --by",
        ));
    }
    if args.percent && !by {
        return Err(UsageError::new(
            "--percent goes with --by",
            "e.g. `secl balance 2024 --by quarter --percent`; a single period already shows shares",
        ));
    }
    if args.parent_share && (by || args.compare.is_some()) {
        return Err(UsageError::new(
            "--parent-share goes with a single period",
            "drop --by or --compare to see shares of the parent",
        ));
    }
    Ok(if args.compare.is_some() {
        Layout::Compare
    } else if by {
        Layout::Columns {
            percent: args.percent,
        }
    } else {
        Layout::Single {
            parent_share: args.parent_share,
        }
    })
}

/// The two columns of a comparison, the earlier first.
fn compare_columns(before: DateSpan, after: DateSpan) -> Vec<Column> {
    let mut columns = vec![single_column(before), single_column(after)];
    columns.sort_by_key(|c| (c.span.first, c.span.last));
    columns
}

/// The unit of the chart of a single period on the HTML page: days for up
/// to two weeks, weeks for up to two months, months for up to two years,
/// quarters for up to six, years beyond.
fn chart_unit(span: DateSpan) -> Unit {
    let days = span.days();
    [
        (14, Unit::Day),
        (62, Unit::Week),
        (731, Unit::Month),
        (2192, Unit::Quarter),
    ]
    .into_iter()
    .find_map(|(most, unit)| (days <= most).then_some(unit))
    .unwrap_or(Unit::Year)
}
