//! `secl register`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::RegisterArgs;

/// Runs `secl register`.
pub fn run(_app: &App, _args: &RegisterArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not yet built", "").into())
}
