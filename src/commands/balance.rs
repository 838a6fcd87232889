//! `secl balance`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::BalanceArgs;

/// Runs `secl balance`.
pub fn run(_app: &App, _args: &BalanceArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not yet built", "").into())
}
