//! `secl export`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::ExportArgs;

/// Runs `secl export`.
pub fn run(_app: &App, _args: &ExportArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not yet built", "").into())
}
