//! `secl add`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::AddArgs;

/// Runs `secl add`.
pub fn run(_app: &App, _args: &AddArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not built yet", "").into())
}
