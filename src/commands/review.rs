//! `secl review`: a period (default: last week) against the one before it,
//! on one screen.

use std::io::Write;

use crate::app::{App, Exit, Outcome, Output, Terminal, UsageError};
use crate::cli::ReviewArgs;
use crate::commands::targets::period_only;
use crate::diag::plural;
use crate::period::{self, Period};
use crate::render::review::View;
use crate::render::review_html::Page;
use crate::report::review::{Review, Running, Shape};

/// The period reviewed when none is given.
const DEFAULT_PERIOD: &str = "last week";

/// Runs `secl review`.
pub fn run(app: &App, args: &ReviewArgs, terminal: &mut Terminal) -> Outcome {
    let output = Output::parse(args.output.as_deref(), &["text", "json", "html"])?;
    if args.depth == 0 {
        return Err(UsageError::new(
            "--depth must be at least 1",
            "--depth 1 shows the domains, --depth 2 their focus areas",
        )
        .into());
    }
    let period = period(app, args)?;
    let compare_with = args
        .compare
        .as_deref()
        .map(|text| parse(text, app))
        .transpose()?;
    let selected = app.select(Some(period), &[], false, terminal)?;
    let journal = &selected.journal;
    let Some(current) = selected.span else {
        let _ = writeln!(terminal.err, "no entries");
        return Ok(Exit::Success);
    };
    let previous = compare_with
        .and_then(|other| other.resolve(journal.bounds()))
        .unwrap_or_else(|| current.previous());
    let shape = Shape {
        depth: args.depth,
        top: args.top,
        today: app.today,
    };
    let mut review = Review::build(journal, previous, current, shape);
    review.running = journal.running.last().map(|timer| Running {
        node: timer.node,
        since: crate::timer::started(&timer.written),
    });
    let view = View {
        review: &review,
        taxonomy: &journal.taxonomy,
        time: args.time,
    };
    let page = Page { view: &view };
    output.write(terminal, |out, color| match output.format {
        "json" => view.json(out),
        "html" => page.write(out),
        _ => view.text(out, color),
    })?;
    let missed = review.missed();
    if args.strict && missed > 0 {
        let in_force = review.targets.in_force().count();
        let _ = writeln!(
            terminal.err,
            "{missed} of {} in force missed in {}",
            plural(in_force, "target"),
            current.label()
        );
        return Ok(Exit::Problems);
    }
    Ok(Exit::Success)
}

/// The period reviewed: the one given, else last week. Anything else is a
/// usage error (a review has no query).
fn period(app: &App, args: &ReviewArgs) -> Result<Period, UsageError> {
    let period = period_only(
        app,
        &args.terms,
        args.period.as_deref(),
        "review",
        "last week, this month, 2024-W10, 2024-03, …",
    )?;
    match period {
        Some(period) => Ok(period),
        None => parse(DEFAULT_PERIOD, app),
    }
}

fn parse(text: &str, app: &App) -> Result<Period, UsageError> {
    period::parse(text, app.today).map_err(|err| UsageError::new(err.message, err.help))
}
