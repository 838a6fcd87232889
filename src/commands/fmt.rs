//! `secl fmt`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::FmtArgs;

/// Runs `secl fmt`.
pub fn run(_app: &App, _args: &FmtArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not built yet", "").into())
}
