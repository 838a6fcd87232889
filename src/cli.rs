//! The command line as typed: clap structures only, no validation beyond
//! what clap does. `app` turns them into a validated context.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueHint};

use crate::period::Unit;
use crate::render::ColorChoice;
use crate::render::diagnostics::Format;
use crate::render::numbers::TimeFormat;

mod values;

pub use values::extra_completions;
use values::{Offer, PERIOD_WORDS, UnitParser};

/// What a shell offers after `-o` of each command.
const BALANCE_FORMATS: &[&str] = &["text", "json", "csv", "html"];
const REGISTER_FORMATS: &[&str] = &["text", "json", "csv"];
const TARGETS_FORMATS: &[&str] = &["text", "json"];
const EXPORT_FORMATS: &[&str] = &["timedot", "ledger"];

/// A plain-text time ledger: where your working time goes, rolled up
/// through a framework of work.
#[derive(Debug, Parser)]
#[command(
    name = "secl",
    version,
    about = "A plain-text time ledger: where your working time goes, rolled up through a framework of work",
    after_help = "Examples:\n  secl check                          lint the journal (the nearest journal.sec upwards)\n  secl -f examples/2024-q1.sec tags --used\n\nJournals are read from -f, else $SECL_FILE, else the nearest journal.sec from the current directory\nupwards (it pulls in the rest with `include 2024/*.sec`), else every .sec file below the current\ndirectory. The search stops at $HOME, at each directory in $SECL_CEILING_DIRECTORIES and at a\ndirectory you do not own. Includes stay inside the journal's directories (or $SECL_INCLUDE_DIRS).",
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
    #[arg(short = 'f', long = "file", value_name = "PATH", global = true, value_hint = ValueHint::AnyPath)]
    pub files: Vec<OsString>,
    /// The date to treat as today (YYYY-MM-DD) [env: SECL_TODAY]
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
    /// When to use colour
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Count a running timer up to now (reports; the clock is $SECL_NOW if set)
    #[arg(long, global = true)]
    pub now: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint journals: every problem, each at its place
    #[command(
        after_help = "Examples:\n  secl check\n  secl check alice/ bob/ --format github\n  secl check journal.sec --strict --format sarif > secl.sarif\n\nEach PATH is checked as a journal of its own. Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unreadable input."
    )]
    Check(CheckArgs),
    /// Time rolled up through the taxonomy, with shares, columns and comparisons
    #[command(
        after_help = "Examples:\n  secl balance 2024-Q1\n  secl balance 2024 --by quarter --percent --depth 1\n  secl balance 2024-Q2 --compare\n  secl balance last month 'Security & Compliance' -o json\n\nThe first argument is the PERIOD if it reads as one; the others are QUERY terms:\na tag (that node and everything below it), not:TAG, #hashtag (or hashtag:NAME), note:REGEX (the entry's or its day's note)."
    )]
    Balance(BalanceArgs),
    /// The entries themselves, dated, with a running total
    #[command(
        after_help = "Examples:\n  secl register 2024-03\n  secl register this week '#incident'\n  secl register 2024-Q1 'Security & Compliance' note:audit -o csv"
    )]
    Register(RegisterArgs),
    /// Each target against the actual share of time
    #[command(
        after_help = "Examples:\n  secl targets 2024-Q1\n  secl targets 2024 --by quarter\n  secl targets last month --strict     exit 1 when a target is missed (for CI)\n\nA target may change with the role: `target Strategy 25%..35% from 2024-07-01` holds from that\nday until the next `from` of the same node. Each column is judged by the target in force on its\nfirst day; a declaration not in force shows `—`. --strict also fails on a period with no time."
    )]
    Targets(TargetsArgs),
    /// The week (or any period) on one screen, against the one before
    #[command(
        after_help = "Examples:\n  secl review                       last week against the week before\n  secl review this month --depth 2\n  secl review 2024-W10 --top 10 -o json\n  secl review last week -o review.html\n  secl review last week --strict     exit 1 when a target is missed (for CI)\n\nShows hours and days logged, each domain's share and its change (pp), the targets in force,\nthe nodes with the most time of their own, and the working days (Mon-Fri) with nothing logged."
    )]
    Review(ReviewArgs),
    /// Show the taxonomy as a tree
    #[command(
        after_help = "Examples:\n  secl tags\n  secl tags --counts\n  secl -f journal.sec tags --used"
    )]
    Tags(TagsArgs),
    /// The journal as hledger timedot or ledger postings
    #[command(
        after_help = "Examples:\n  secl export -o timedot > time.timedot && hledger -f time.timedot balance --tree\n  secl export 2024-Q1 -o ledger > q1.ledger && ledger -f q1.ledger balance"
    )]
    Export(ExportArgs),
    /// Rewrite journals in the canonical layout
    #[command(
        after_help = "Examples:\n  secl fmt                       format the journal's files (journal.sec and what it reaches)\n  secl fmt --check journal.sec   exit 1 and show a diff if it would change\n  secl fmt - < in.sec > out.sec  format standard input\n\nEvery comment, note, directive and the written form of every tag and duration is kept."
    )]
    Fmt(FmtArgs),
    /// Add one entry to a journal, after checking it
    #[command(
        after_help = "Examples:\n  secl add 45m 'Risk assessment' vendor review '#soc2'\n  secl add --date 2024-03-15 1h30m okr\n  secl add -f team.sec 09:00-10:30 'Technical mentorship'\n\nThe entry goes into its day's block, or a new block in date order; nothing else in the file changes.\nWith -f FILE it is checked against FILE's journal only (the journal.sec above it if that includes\nFILE, else FILE and its includes); a FILE that does not exist yet is created. Without -f: $SECL_FILE,\nelse the journal's file holding the latest date."
    )]
    Add(AddArgs),
    /// Start a timer: a running entry `START-?  TAG  ; NOTE` in today's block
    #[command(
        after_help = "Examples:\n  secl start okr Q2 draft\n  secl start --at 09:00 'Technical mentorship' 1:1 with the new lead\n  secl start --round 15m 'Risk assessment'\n\nA timer already running in the journal is stopped at the same minute, in the same write.\nThe clock is $SECL_NOW (YYYY-MM-DDTHH:MM) if set, else the system clock."
    )]
    Start(StartArgs),
    /// Stop the running timer: its `?` becomes the end time
    #[command(
        after_help = "Examples:\n  secl stop\n  secl stop --at 17:30 shipped the draft\n  secl stop --round 5m\n\nOnly the end time changes (and NOTE is appended to the entry's note); an end before the start runs past midnight."
    )]
    Stop(StopArgs),
    /// The running timer and today's total
    #[command(
        after_help = "Examples:\n  secl status\n  secl status -o json\n\nExit status: 0 whether a timer runs or not; 1 (one line on stderr) when the journal has errors."
    )]
    Status(StatusArgs),
    /// Calendar events (.ics) as entries, tagged by a rules file
    #[command(
        after_help = "Examples:\n  secl import calendar.ics --dry-run                show what would be added\n  secl import calendar.ics -p 'last week'\n  secl import calendar.ics --rules secl.rules -f team.sec\n\nEvery instance that started in PERIOD and has ended by now becomes `HH:MM-HH:MM  TAG  ; SUMMARY`\non its local start date; rules (`skip REGEX`, `match REGEX TAG`, `default TAG`, `me ADDRESS`) pick\nthe tag, first match wins. An entry with the same clock range on that date is already imported,\nso running it again (weekly, from cron) adds only what is new. See grammar.md for the rules file."
    )]
    Import(ImportArgs),
    /// A stacked bar chart of time per period, as SVG
    #[command(
        after_help = "Examples:\n  secl chart 2024 --by month -o 2024.svg\n  secl chart 2024 --by quarter --depth 2 --percent -o mix.svg"
    )]
    Chart(ChartArgs),
    /// Start a journal: a starter journal.sec in DIR (or the file -f names)
    #[command(
        after_help = "Examples:\n  secl init\n  secl init ~/time\n  secl init -f ~/time/work.sec\n  secl init --gitattributes     also add `*.sec merge=union` to an existing .gitattributes\n\nThe starter journal explains the format and how to split it into monthly files (include 2024/*.sec). Where DIR has no .gitattributes, one is written with `*.sec merge=union`, so that git merges two machines' additions to the same day (secl check then reports what to tidy: duplicate_entry, out_of_order); --no-gitattributes skips it."
    )]
    Init(InitArgs),
    /// Shell completions for bash, zsh, fish, powershell or elvish
    #[command(
        after_help = "Examples:\n  secl completions bash > ~/.local/share/bash-completion/completions/secl\n  secl completions zsh > ~/.zfunc/_secl\n  secl completions fish > ~/.config/fish/completions/secl.fish"
    )]
    Completions(CompletionsArgs),
    /// The manual page, in roff
    #[command(
        after_help = "Examples:\n  secl man > ~/.local/share/man/man1/secl.1\n  secl man | man -l -"
    )]
    Man,
    /// A language server for editors, on standard input and output
    #[command(
        after_help = "Examples:\n  secl lsp          started by the editor (VS Code, Neovim, Helix, Zed, Emacs, Sublime)\n\nSpeaks the Language Server Protocol 3.17 on stdin/stdout: the diagnostics of secl check while\nyou type, completion of tags, hover, go to definition, formatting, quick fixes, day totals and\nsymbols. It never writes a file. See docs/editors.md for each editor's setup."
    )]
    Lsp,
}

impl Command {
    /// Whether the command reports on the journal's time (and so takes `--now`).
    pub fn reports(&self) -> bool {
        matches!(
            self,
            Command::Balance(_)
                | Command::Register(_)
                | Command::Targets(_)
                | Command::Tags(_)
                | Command::Chart(_)
                | Command::Status(_)
                | Command::Review(_)
        )
    }
}

/// PERIOD and QUERY terms shared by the reports.
#[derive(Debug, Args)]
pub struct Selection {
    /// A period (2024-Q1, 2024-03, last month, last 7 days, november, 2024-01..2024-03-15, …), then query terms
    #[arg(value_name = "PERIOD|QUERY", value_parser = Offer(PERIOD_WORDS), hide_possible_values = true)]
    pub terms: Vec<String>,
    /// The period, named explicitly
    #[arg(short = 'p', long, value_name = "PERIOD", value_parser = Offer(PERIOD_WORDS), hide_possible_values = true)]
    pub period: Option<String>,
}

/// `--by` and its short forms.
#[derive(Debug, Args)]
pub struct ByArgs {
    /// One column per calendar unit: day, week, month, quarter or year (at most 1000 columns)
    #[arg(long, value_name = "UNIT", value_parser = UnitParser, hide_possible_values = true)]
    pub by: Option<Unit>,
    /// One column per day (--by day)
    #[arg(short = 'D', long = "daily", conflicts_with_all = ["by", "weekly", "monthly", "quarterly", "yearly"])]
    pub daily: bool,
    /// One column per week (--by week)
    #[arg(short = 'W', long = "weekly", conflicts_with_all = ["by", "monthly", "quarterly", "yearly"])]
    pub weekly: bool,
    /// One column per month (--by month)
    #[arg(short = 'M', long = "monthly", conflicts_with_all = ["by", "quarterly", "yearly"])]
    pub monthly: bool,
    /// One column per quarter (--by quarter)
    #[arg(short = 'Q', long = "quarterly", conflicts_with_all = ["by", "yearly"])]
    pub quarterly: bool,
    /// One column per year (--by year)
    #[arg(short = 'Y', long = "yearly", conflicts_with = "by")]
    pub yearly: bool,
}

impl ByArgs {
    /// The unit chosen by `--by` or a short flag.
    pub fn unit(&self) -> Option<Unit> {
        [
            (self.daily, Unit::Day),
            (self.weekly, Unit::Week),
            (self.monthly, Unit::Month),
            (self.quarterly, Unit::Quarter),
            (self.yearly, Unit::Year),
        ]
        .into_iter()
        .find_map(|(set, unit)| set.then_some(unit))
        .or(self.by)
    }
}

/// `secl balance`.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Period and query.
    #[command(flatten)]
    pub selection: Selection,
    /// Columns.
    #[command(flatten)]
    pub by: ByArgs,
    /// Show only the top N levels (deeper time is counted in its ancestors)
    #[arg(long, value_name = "N")]
    pub depth: Option<u32>,
    /// List nodes with their own time, by full path, instead of a tree
    #[arg(long)]
    pub flat: bool,
    /// Show every node of the queried subtrees, zeros included
    #[arg(long)]
    pub empty: bool,
    /// Order siblings by time, most first
    #[arg(long, value_name = "KEY", value_parser = ["time"])]
    pub sort: Option<String>,
    /// With --by: show each cell as a share of its column
    #[arg(long)]
    pub percent: bool,
    /// Also show each row's share of its parent
    #[arg(long)]
    pub parent_share: bool,
    /// Compare with the previous period, or with --compare=PERIOD
    #[arg(long, value_name = "PERIOD", num_args = 0..=1, require_equals = true, default_missing_value = "", value_parser = Offer(PERIOD_WORDS), hide_possible_values = true)]
    pub compare: Option<String>,
    /// Hours as decimals (12.50) or hours and minutes (12h30m)
    #[arg(long, value_enum, default_value_t = TimeFormat::Decimal, value_name = "FORMAT")]
    pub time: TimeFormat,
    /// Output format (text, json, csv, html) or a file whose extension names it
    #[arg(short = 'o', long, value_name = "FORMAT|FILE", value_parser = Offer(BALANCE_FORMATS), hide_possible_values = true)]
    pub output: Option<String>,
}

/// `secl register`.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Period and query.
    #[command(flatten)]
    pub selection: Selection,
    /// Hours as decimals (12.50) or hours and minutes (12h30m)
    #[arg(long, value_enum, default_value_t = TimeFormat::Decimal, value_name = "FORMAT")]
    pub time: TimeFormat,
    /// Output format (text, json, csv) or a file whose extension names it
    #[arg(short = 'o', long, value_name = "FORMAT|FILE", value_parser = Offer(REGISTER_FORMATS), hide_possible_values = true)]
    pub output: Option<String>,
}

/// `secl targets`.
#[derive(Debug, Args)]
pub struct TargetsArgs {
    /// The period (default: the whole journal)
    #[arg(value_name = "PERIOD", num_args = 0..=3, value_parser = Offer(PERIOD_WORDS), hide_possible_values = true)]
    pub terms: Vec<String>,
    /// The period, named explicitly
    #[arg(short = 'p', long, value_name = "PERIOD", value_parser = Offer(PERIOD_WORDS), hide_possible_values = true)]
    pub period: Option<String>,
    /// Columns.
    #[command(flatten)]
    pub by: ByArgs,
    /// Exit 1 when a target is missed
    #[arg(long)]
    pub strict: bool,
    /// Hours as decimals (12.50) or hours and minutes (12h30m)
    #[arg(long, value_enum, default_value_t = TimeFormat::Decimal, value_name = "FORMAT")]
    pub time: TimeFormat,
    /// Output format (text, json) or a file whose extension names it
    #[arg(short = 'o', long, value_name = "FORMAT|FILE", value_parser = Offer(TARGETS_FORMATS), hide_possible_values = true)]
    pub output: Option<String>,
}

/// `secl review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The period to review (default: last week)
    #[arg(value_name = "PERIOD", num_args = 0..=2)]
    pub terms: Vec<String>,
    /// The period, named explicitly
    #[arg(short = 'p', long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Compare with this period instead of the one before
    #[arg(long, value_name = "PERIOD", require_equals = true)]
    pub compare: Option<String>,
    /// Show the nodes down to this depth (1: domains, 2: focus areas)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: u32,
    /// How many nodes the list of the most own time holds
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub top: usize,
    /// Exit 1 when a target in force is missed
    #[arg(long)]
    pub strict: bool,
    /// Hours as decimals (12.50) or hours and minutes (12h30m)
    #[arg(long, value_enum, default_value_t = TimeFormat::Decimal, value_name = "FORMAT")]
    pub time: TimeFormat,
    /// Output format (text, json, html) or a file whose extension names it
    #[arg(short = 'o', long, value_name = "FORMAT|FILE")]
    pub output: Option<String>,
}

/// `secl fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories to format (`-` filters standard input; default: the usual journal files)
    #[arg(value_name = "PATHS", value_hint = ValueHint::AnyPath)]
    pub paths: Vec<OsString>,
    /// Change nothing: print a diff and exit 1 if a file would change
    #[arg(long)]
    pub check: bool,
}

/// `secl add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The day (default: today)
    #[arg(long, value_name = "DATE", value_parser = Offer(&["today", "yesterday"]), hide_possible_values = true)]
    pub date: Option<String>,
    /// The duration: 45m, 1h30m, 1.5h, 1:30, 09:00-10:30
    #[arg(value_name = "DURATION", allow_hyphen_values = true)]
    pub duration: String,
    /// The tag
    #[arg(value_name = "TAG")]
    pub tag: String,
    /// The note (words are joined by spaces)
    #[arg(
        value_name = "NOTE",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub note: Vec<String>,
}

/// `--at` and `--round`, shared by `start` and `stop`.
#[derive(Debug, Args)]
pub struct ClockArgs {
    /// The time, today (default: now)
    #[arg(long, value_name = "HH:MM")]
    pub at: Option<String>,
    /// Round the time to the nearest multiple of UNIT (half up)
    #[arg(long, value_name = "UNIT", value_parser = ["1m", "5m", "10m", "15m", "30m"])]
    pub round: Option<String>,
}

/// `secl start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// When and how to round.
    #[command(flatten)]
    pub clock: ClockArgs,
    /// The tag (completed from the journal's tags and aliases with `COMPLETE=$SHELL secl`)
    #[arg(value_name = "TAG", add = clap_complete::engine::ArgValueCandidates::new(crate::commands::timer::tag_candidates))]
    pub tag: String,
    /// The note (words are joined by spaces)
    #[arg(
        value_name = "NOTE",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub note: Vec<String>,
}

/// `secl stop`.
#[derive(Debug, Args)]
pub struct StopArgs {
    /// When and how to round.
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Appended to the entry's note (words are joined by spaces)
    #[arg(
        value_name = "NOTE",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub note: Vec<String>,
}

/// `secl status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Output format
    #[arg(short = 'o', long, value_name = "FORMAT", value_parser = ["text", "json"], default_value = "text")]
    pub output: String,
}

/// `secl import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The iCalendar file (.ics) to import
    #[arg(value_name = "FILE.ics")]
    pub calendar: OsString,
    /// The rules file [default: secl.rules beside the journal]
    #[arg(long, value_name = "FILE")]
    pub rules: Option<OsString>,
    /// Only events starting in this period [default: the earliest event through today]
    #[arg(short = 'p', long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Print the entries as .sec text; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `secl chart`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Period and query.
    #[command(flatten)]
    pub selection: Selection,
    /// Columns.
    #[command(flatten)]
    pub by: ByArgs,
    /// Stack the nodes down to this depth (1: domains, 2: focus areas)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: u32,
    /// 100% bars: each period's mix
    #[arg(long)]
    pub percent: bool,
    /// Where to write: a .svg file, or `svg` for standard output
    #[arg(short = 'o', long, value_name = "FILE.svg", default_value = "svg", value_hint = ValueHint::FilePath)]
    pub output: String,
}

/// `secl init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to start the journal (default: the current directory)
    #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
    /// Add `*.sec merge=union` to an existing .gitattributes too (one is written anyway when DIR has none)
    #[arg(long, conflicts_with = "no_gitattributes")]
    pub gitattributes: bool,
    /// Write no .gitattributes
    #[arg(long)]
    pub no_gitattributes: bool,
}

/// `secl completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `secl export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Period and query.
    #[command(flatten)]
    pub selection: Selection,
    /// timedot or ledger, or a file whose extension names it (.timedot, .ledger)
    #[arg(
        short = 'o',
        long,
        value_name = "FORMAT|FILE",
        default_value = "timedot",
        value_parser = Offer(EXPORT_FORMATS),
        hide_possible_values = true
    )]
    pub output: String,
}

/// `secl check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Journals to check, each on its own (files or directories; default: the -f inputs or the default input)
    #[arg(value_name = "PATHS", value_hint = ValueHint::AnyPath)]
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
