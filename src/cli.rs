//! The command line as typed: clap structures only, no validation beyond
//! what clap does. `app` turns them into a validated context.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::ColorChoice;
use crate::render::diagnostics::Format;

/// A plain-text time ledger: where your working time goes, rolled up
/// through a framework of work.
#[derive(Debug, Parser)]
#[command(
    name = "secl",
    version,
    about = "A plain-text time ledger: where your working time goes, rolled up through a framework of work",
    after_help = "Examples:\n  secl check                          lint the .sec files below the current directory\n  secl -f examples/2024-q1.sec tags --used\n\nJournals are read from -f, else $SECL_FILE, else every .sec file below the current directory.",
    max_term_width = 100
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that may stand before or after the subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// Journal file or directory (repeatable; `-` reads standard input)
    #[arg(short = 'f', long = "file", value_name = "PATH", global = true)]
    pub files: Vec<OsString>,
    /// The date to treat as today (YYYY-MM-DD) [env: SECL_TODAY]
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
    /// When to use colour
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint journals: every problem, each at its place
    #[command(
        after_help = "Examples:\n  secl check\n  secl check alice/ bob/ --format github\n  secl check journal.sec --strict --format sarif > secl.sarif\n\nEach PATH is checked as a journal of its own. Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unreadable input."
    )]
    Check(CheckArgs),
    /// Show the taxonomy as a tree
    #[command(
        after_help = "Examples:\n  secl tags\n  secl tags --counts\n  secl -f journal.sec tags --used"
    )]
    Tags(TagsArgs),
}

/// `secl check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Journals to check, each on its own (files or directories; default: the -f inputs or the default input)
    #[arg(value_name = "PATHS")]
    pub paths: Vec<OsString>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub strict: bool,
}

/// `secl tags`.
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// End with the number of nodes at each level
    #[arg(long)]
    pub counts: bool,
    /// Show the time logged on each node (needs a journal without errors)
    #[arg(long)]
    pub used: bool,
}

impl Cli {
    /// Parses arguments (the first is the program name).
    pub fn parse_from_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        Cli::try_parse_from(args)
    }
}

/// A path argument as a path (`-` stays `-`).
pub fn path_of(arg: &OsString) -> PathBuf {
    PathBuf::from(arg)
}
