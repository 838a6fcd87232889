//! `secl chart`.

use crate::app::{App, Outcome, Terminal, UsageError};
use crate::cli::ChartArgs;

/// Runs `secl chart`.
pub fn run(_app: &App, _args: &ChartArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not built yet", "").into())
}
