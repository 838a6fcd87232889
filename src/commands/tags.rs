//! `secl tags`: the taxonomy in use as a tree.

use std::io::Write;

use owo_colors::{OwoColorize, Style};

use crate::app::{App, Exit, Failure, Outcome, Terminal, refuse_broken};
use crate::cli::TagsArgs;
use crate::diag::{Tally, plural};
use crate::journal::Keep;
use crate::render::numbers::decimal_hours;
use crate::report::subtree_totals;
use crate::source::escape;
use crate::taxonomy::Taxonomy;

/// Runs `secl tags`.
pub fn run(app: &App, args: &TagsArgs, terminal: &mut Terminal) -> Outcome {
    let journal = app.journal(&app.inputs(), Keep::Entries);
    // With no journal at all (no -f, no $SECL_FILE, no .sec file here),
    // show the default taxonomy.
    let no_journal = !app.has_named_inputs()
        && !journal.io_errors.is_empty()
        && journal.io_errors.iter().all(|e| e.no_journal);
    let totals = if args.used {
        if no_journal {
            None
        } else {
            refuse_broken(&journal, terminal)?;
            Some(subtree_totals(&journal.taxonomy, journal.entries.iter()))
        }
    } else {
        if !no_journal && !journal.io_errors.is_empty() {
            terminal.io_errors(&journal.io_errors);
            return Err(Failure::Exit(Exit::Usage));
        }
        // The taxonomy is worth seeing even while the journal has errors:
        // it is where a did-you-mean sends the user.
        let tally = Tally::of(&journal.diagnostics);
        if tally.errors > 0 {
            let _ = writeln!(
                terminal.err,
                "{} in the journal (run secl check)",
                plural(tally.errors, "error")
            );
        }
        None
    };
    let taxonomy = if no_journal {
        Taxonomy::builtin("sec").expect("built-in sec")
    } else {
        journal.taxonomy.clone()
    };
    let color = terminal.out_color;
    let out = &mut terminal.out;
    let order = taxonomy.preorder();
    let width = order
        .iter()
        .map(|&id| {
            let node = taxonomy.node(id);
            2 * (node.depth as usize - 1) + escape(&node.name).chars().count()
        })
        .max()
        .unwrap_or(0);
    for &id in &order {
        let node = taxonomy.node(id);
        let indent = "  ".repeat(node.depth as usize - 1);
        let style = if !color {
            Style::new()
        } else if node.depth == 1 {
            Style::new().bold()
        } else {
            Style::new()
        };
        match &totals {
            Some(totals) => {
                let seconds = totals[id as usize];
                let pad =
                    width - (2 * (node.depth as usize - 1) + escape(&node.name).chars().count());
                let hours = decimal_hours(seconds as i64);
                let hours = if color && seconds == 0 {
                    hours.dimmed().to_string()
                } else {
                    hours
                };
                writeln!(
                    out,
                    "{indent}{}{}  {hours:>8}",
                    escape(&node.name).style(style),
                    " ".repeat(pad)
                )?;
            }
            None => writeln!(out, "{indent}{}", escape(&node.name).style(style))?,
        }
    }
    if args.counts {
        let levels: Vec<String> = (1..=taxonomy.max_depth())
            .map(|depth| {
                let count = order
                    .iter()
                    .filter(|&&id| taxonomy.node(id).depth == depth)
                    .count();
                taxonomy.level_count(depth, count)
            })
            .collect();
        writeln!(out, "{}", levels.join(", "))?;
    }
    Ok(Exit::Success)
}
