//! `secl targets`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::TargetsArgs;

/// Runs `secl targets`.
pub fn run(_app: &App, _args: &TargetsArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not yet built", "").into())
}
