//! `secl check`: lint one or more journals and print every problem.

use std::io::Write;

use crate::app::{App, Exit, Outcome, Terminal, input_of, sorted};
use crate::cli::CheckArgs;
use crate::diag::{Tally, plural};
use crate::journal::{Journal, Keep};
use crate::render::diagnostics::{self, Format, Located, Style};

/// Runs `secl check`.
pub fn run(app: &App, args: &CheckArgs, terminal: &mut Terminal) -> Outcome {
    // Each PATH is a journal of its own; without PATHS, the usual inputs.
    let journals: Vec<Journal> = if args.paths.is_empty() {
        vec![app.checked_journal(&app.inputs(), Keep::Entries)]
    } else {
        args.paths
            .iter()
            .map(|path| app.checked_journal(&[input_of(path)], Keep::Entries))
            .collect()
    };
    let items: Vec<Located> = journals.iter().flat_map(sorted).collect();
    let style = Style {
        color: terminal.out_color,
        width: terminal.width,
    };
    diagnostics::render(args.format, &items, style, &mut terminal.out)?;
    terminal.out.flush()?;
    if args.format == Format::Github && !items.is_empty() {
        // GitHub shows only ten annotations of a kind per step: the log
        // keeps every problem in full.
        terminal.diagnostics(&items)?;
    }
    for journal in &journals {
        terminal.io_errors(&journal.io_errors);
    }
    let tally = Tally::of(items.iter().map(|l| l.diagnostic));
    let files: usize = journals.iter().map(|j| j.files.len()).sum();
    let unreadable: usize = journals.iter().map(|j| j.io_errors.len()).sum();
    let _ = writeln!(terminal.err, "{}", summary(tally, files, unreadable));
    Ok(if unreadable > 0 {
        Exit::Usage
    } else if tally.errors > 0 || (args.strict && tally.warnings > 0) {
        Exit::Problems
    } else {
        Exit::Success
    })
}

/// `2 errors, 1 warning in 3 files` or `no problems in 3 files`, followed
/// by `; 1 path could not be read` when some could not.
pub fn summary(tally: Tally, files: usize, unreadable: usize) -> String {
    let problems = problems(tally, files);
    match unreadable {
        0 => problems,
        _ => format!(
            "{problems}; {} could not be read",
            plural(unreadable, "path")
        ),
    }
}

/// `2 errors, 1 warning in 3 files` or `no problems in 3 files`.
fn problems(tally: Tally, files: usize) -> String {
    let files = plural(files, "file");
    match (tally.errors, tally.warnings) {
        (0, 0) => format!("no problems in {files}"),
        (errors, 0) => format!("{} in {files}", plural(errors, "error")),
        (0, warnings) => format!("{} in {files}", plural(warnings, "warning")),
        (errors, warnings) => format!(
            "{}, {} in {files}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let tally = |errors, warnings| Tally { errors, warnings };
        assert_eq!(summary(tally(2, 1), 3, 0), "2 errors, 1 warning in 3 files");
        assert_eq!(summary(tally(0, 0), 1, 0), "no problems in 1 file");
        assert_eq!(summary(tally(1, 0), 2, 0), "1 error in 2 files");
        assert_eq!(summary(tally(0, 2), 2, 0), "2 warnings in 2 files");
        assert_eq!(
            summary(tally(0, 0), 1, 1),
            "no problems in 1 file; 1 path could not be read"
        );
        assert_eq!(
            summary(tally(1, 0), 0, 2),
            "1 error in 0 files; 2 paths could not be read"
        );
    }
}
