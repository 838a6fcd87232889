//! `secl init`, `secl completions` and `secl man`.

use crate::app::{Outcome, Terminal, UsageError};
use crate::cli::{CompletionsArgs, InitArgs};

/// Runs `secl init`.
pub fn run(_args: &InitArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not built yet", "").into())
}

/// Runs `secl completions`.
pub fn completions(_args: &CompletionsArgs, _terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not built yet", "").into())
}

/// Runs `secl man`.
pub fn man(_terminal: &mut Terminal) -> Outcome {
    Err(UsageError::new("not built yet", "").into())
}
