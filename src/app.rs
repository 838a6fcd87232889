//! From the command line to a run: global options validated into an
//! [`App`] (today, inputs, colour), the output streams, and the flows every
//! command shares: loading a journal, refusing to report on one with
//! errors, and exit codes. The only module that reads the environment.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use owo_colors::OwoColorize;

use crate::cli::{Cli, Command, Global};
use crate::diag::{Diagnostic, Severity, Tally, plural};
use crate::journal::{Journal, Keep, build};
use crate::load::{Input, IoError, Settings, load_with};
use crate::parse::Options;
use crate::period::DateSpan;
use crate::period::{self, Period};
use crate::query::{Matcher, Query};
use crate::render::ColorChoice;
use crate::render::diagnostics::{self, Located, Style};
use crate::roots::{Limits, find_root};
use crate::source::{SourceFile, Sources, escape};

/// How a run ended (grammar.md, Exit codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: the journal has errors, or a `--strict` check failed.
    Problems = 1,
    /// 2: a usage or I/O error.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// A usage error: printed as `error: …` with an optional help, exit 2.
#[derive(Debug)]
pub struct UsageError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl UsageError {
    /// A usage error with a help line.
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments: exit 2.
    Usage(UsageError),
    /// Writing the output failed: exit 2 (a closed pipe is not a failure,
    /// see [`Stdout`]).
    Io(io::Error),
    /// The command already said why; exit with this code.
    Exit(Exit),
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Failure {
        Failure::Io(err)
    }
}

impl From<UsageError> for Failure {
    fn from(err: UsageError) -> Failure {
        Failure::Usage(err)
    }
}

/// The result of a command.
pub type Outcome = Result<Exit, Failure>;

/// Standard output that a reader may close: once a write finds the pipe
/// closed (`secl check | head -1`), the rest of the output is dropped and
/// the run goes on to the exit status it finds, as if it had been read.
#[derive(Default)]
pub struct Stdout {
    closed: bool,
}

impl Stdout {
    fn closing<T>(&mut self, result: io::Result<T>, closed: T) -> io::Result<T> {
        match result {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            result => result,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let written = io::stdout().write(buf);
        self.closing(written, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = io::stdout().flush();
        self.closing(flushed, ())
    }
}

/// Standard output and error, and whether each gets colour.
pub struct Terminal {
    /// Buffered standard output.
    pub out: io::BufWriter<Stdout>,
    /// Standard error.
    pub err: io::Stderr,
    /// Colour on standard output.
    pub out_color: bool,
    /// Colour on standard error.
    pub err_color: bool,
    /// Width for wrapped diagnostics.
    pub width: usize,
}

impl Terminal {
    fn new(color: ColorChoice) -> Terminal {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|&w: &usize| w >= 40)
            .unwrap_or(100);
        Terminal {
            out_color: color.enabled(io::stdout().is_terminal()),
            err_color: color.enabled(io::stderr().is_terminal()),
            out: io::BufWriter::new(Stdout::default()),
            err: io::stderr(),
            width,
        }
    }

    /// Prints `error: MESSAGE` (and a help line) on standard error.
    pub fn error(&mut self, message: &str, help: Option<&str>) {
        let label = if self.err_color {
            "error".red().bold().to_string()
        } else {
            "error".to_string()
        };
        // A message quotes names (files, tags) as the user gave them: what
        // would act on a terminal or a CI log is shown escaped.
        let _ = writeln!(self.err, "{label}: {}", escape(message));
        if let Some(help) = help {
            let _ = writeln!(self.err, "  help: {}", escape(help));
        }
    }

    /// Prints unreadable inputs on standard error.
    pub fn io_errors(&mut self, errors: &[IoError]) {
        for err in errors {
            self.error(&format!("cannot read {err}"), None);
        }
    }

    /// Prints diagnostics in the human format on standard error. A closed
    /// pipe there, as on standard output, stops the text, not the run.
    pub fn diagnostics(&mut self, items: &[Located]) -> io::Result<()> {
        let style = Style {
            color: self.err_color,
            width: self.width,
        };
        match diagnostics::human(items, style, &mut self.err) {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            done => done,
        }
    }

    /// Prints diagnostics about one file (as it is, or as it would be) in
    /// the human format on standard error.
    pub fn diagnostics_in(&mut self, source: &SourceFile, found: &[&Diagnostic]) -> io::Result<()> {
        let mut sources = Sources::default();
        sources.add(SourceFile::from_text(&source.name, source.text()));
        let items: Vec<Located> = found
            .iter()
            .map(|&diagnostic| Located {
                diagnostic,
                source: sources.get(0),
            })
            .collect();
        self.diagnostics(&items)
    }
}

/// The validated global options.
pub struct App {
    /// "Today", for relative periods and the future-entry check.
    pub today: NaiveDate,
    /// `-f` arguments as given.
    pub files: Vec<OsString>,
    /// "Now", to the minute: today at the time of `$SECL_NOW` or the clock.
    pub now: NaiveDateTime,
    /// `--now`: reports count a running entry up to now.
    pub count_running: bool,
    /// Where the search for a journal root stops.
    pub limits: Limits,
    /// Directories includes may reach besides the inputs' (`$SECL_INCLUDE_DIRS`).
    pub allowed: Vec<PathBuf>,
    /// Whether an ignored `journal.sec` was already reported.
    warned: std::cell::Cell<bool>,
}

impl App {
    pub(crate) fn new(global: &Global) -> Result<App, UsageError> {
        let clock = match std::env::var("SECL_NOW").ok().filter(|v| !v.is_empty()) {
            Some(text) => crate::timer::parse_now(&text).map_err(|help| {
                UsageError::new(format!("SECL_NOW: `{text}` is not a date and time"), help)
            })?,
            None => crate::timer::to_minute(chrono::Local::now().naive_local()),
        };
        let today = match (
            &global.today,
            std::env::var("SECL_TODAY").ok().filter(|v| !v.is_empty()),
        ) {
            (Some(text), _) => parse_today(text, "--today")?,
            (None, Some(text)) => parse_today(&text, "SECL_TODAY")?,
            (None, None) => clock.date(),
        };
        Ok(App {
            today,
            files: global.files.clone(),
            now: today.and_time(clock.time()),
            count_running: global.now,
            limits: limits(),
            allowed: path_list("SECL_INCLUDE_DIRS"),
            warned: std::cell::Cell::new(false),
        })
    }

    /// Whether the user named inputs (`-f` or `$SECL_FILE`).
    pub fn has_named_inputs(&self) -> bool {
        !self.files.is_empty() || secl_file().is_some()
    }

    /// The journal's inputs: `-f`, else `$SECL_FILE`, else the current directory.
    pub fn inputs(&self) -> Vec<Input> {
        if !self.files.is_empty() {
            return self.files.iter().map(input_of).collect();
        }
        vec![self.default_input()]
    }

    /// The default input (grammar.md "Where secl reads from"): `$SECL_FILE`,
    /// else the journal root found from the current directory upwards, else
    /// every `.sec` file below the current directory. A `journal.sec` the
    /// search passed over is named on standard error, once.
    pub fn default_input(&self) -> Input {
        if let Some(path) = secl_file() {
            return input_of(&path);
        }
        match self.find_root(Path::new(".")) {
            Some(root) => Input::Path(root),
            None => Input::Default(PathBuf::from(".")),
        }
    }

    /// The journal root from `dir` upwards (see [`find_root`]), warning
    /// about a `journal.sec` passed over.
    pub fn find_root(&self, dir: &Path) -> Option<PathBuf> {
        let found = find_root(dir, &self.limits);
        if let Some((ignored, why)) = &found.ignored
            && !self.warned.replace(true)
        {
            let name = crate::source::escape(&ignored.to_string_lossy()).into_owned();
            eprintln!("warning: ignoring `{name}`: {why}");
            eprintln!(
                "  help: secl adopts a journal.sec only in your own directories; name it with -f to read it"
            );
        }
        found.root
    }

    /// Loads and builds a journal from `inputs`, keeping what `keep` says.
    pub fn journal(&self, inputs: &[Input], keep: Keep) -> Journal {
        self.load(inputs, keep, false)
    }

    /// [`App::journal`] for `check`: also the `.sec` files below each journal
    /// root that its journal does not reach (`secl::not_included`).
    pub fn checked_journal(&self, inputs: &[Input], keep: Keep) -> Journal {
        self.load(inputs, keep, true)
    }

    fn load(&self, inputs: &[Input], keep: Keep, not_included: bool) -> Journal {
        let settings = Settings {
            not_included,
            allowed: self.allowed.clone(),
            ..Settings::default()
        };
        self.journal_with(inputs, &mut io::stdin().lock(), keep, settings)
    }

    /// [`App::journal`] with loader settings (`secl lsp`'s overlay of open
    /// buffers), reading `-` from `stdin`.
    pub fn journal_with(
        &self,
        inputs: &[Input],
        stdin: &mut dyn io::Read,
        keep: Keep,
        settings: Settings,
    ) -> Journal {
        let options = Options {
            today: self.today,
            keep,
        };
        let settings = Settings {
            allowed: self.allowed.clone(),
            ..settings
        };
        let mut journal = build(load_with(inputs, stdin, options, &settings));
        crate::timer::lint(&mut journal, self.now);
        if self.count_running {
            crate::timer::count(&mut journal, self.now);
        }
        journal
    }

    /// The journal `file` belongs to (what `add`, `start`, `stop` and
    /// `import` validate against, and nothing else is read): the journal
    /// root found from the file's directory upwards if its journal reaches
    /// the file, else the file and its includes.
    pub fn journal_of_file(&self, file: &Path, keep: Keep) -> Journal {
        let dir = match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let canonical = std::fs::canonicalize(file).ok();
        if let Some(root) = self.find_root(dir)
            && canonical.is_some()
        {
            // Named from the current directory where that is the same root,
            // so files are named as `add` names them (`2024/03.sec`, not
            // `2024/../2024/03.sec`).
            let root = match self.find_root(Path::new(".")) {
                Some(here) if same_file(&here, &root) => here,
                _ => root,
            };
            let journal = self.journal(&[Input::Path(root)], keep);
            let reaches = journal
                .files
                .iter()
                .any(|&id| journal.sources.get(id).canonical == canonical);
            if reaches {
                return journal;
            }
        }
        self.journal(&[Input::Path(file.to_path_buf())], keep)
    }

    /// The file an entry goes into when none is named (what `add`, `start`
    /// and `import` write to): `$SECL_FILE`, else the default input's file
    /// holding the latest date (ties: the last in load or walk order); a
    /// journal root whose files hold no date yet is its `journal.sec`.
    pub fn default_file(&self) -> Result<(PathBuf, String), UsageError> {
        if let Some(path) = secl_file() {
            let path = PathBuf::from(path);
            let name = path.to_string_lossy().into_owned();
            return Ok((path, name));
        }
        let root = self.find_root(Path::new("."));
        let files = match &root {
            Some(root) => self.reached_files(root),
            None => crate::load::walk(Path::new("."), ".", true).0,
        };
        let options = Options {
            today: self.today,
            keep: Keep::Entries,
        };
        let mut latest: Option<(NaiveDate, PathBuf, String)> = None;
        for (path, name) in files {
            let Ok(bytes) = crate::source::read_bytes(&path) else {
                continue;
            };
            let source = SourceFile::from_bytes(name.clone(), None, bytes);
            let parsed = crate::parse::parse_file(0, &source, options);
            let Some(last) = parsed.days.iter().map(|d| d.date).max() else {
                continue;
            };
            if latest.as_ref().is_none_or(|(date, _, _)| last >= *date) {
                latest = Some((last, path, name));
            }
        }
        if let (None, Some(root)) = (&latest, root) {
            let name = root.to_string_lossy().into_owned();
            return Ok((root, name));
        }
        latest.map(|(_, path, name)| (path, name)).ok_or_else(|| {
            UsageError::new(
                "there is no journal file here to add to",
                "start one with `secl init`, or name one with -f FILE",
            )
        })
    }

    /// The files a journal root reaches, in load order, each with the name
    /// it is reached by (`fmt` with no PATHS formats them all).
    pub fn reached_files(&self, root: &Path) -> Vec<(PathBuf, String)> {
        let journal = self.journal(&[Input::Path(root.to_path_buf())], Keep::Entries);
        journal
            .files
            .iter()
            .map(|&id| journal.sources.get(id))
            .map(|source| {
                let path = source
                    .canonical
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(&source.name));
                (path, source.name.clone())
            })
            .collect()
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(a), Ok(b)) if a == b
    )
}

/// The default input without a warning; see [`App::default_input`].
pub fn default_input() -> Input {
    match secl_file() {
        Some(path) => input_of(&path),
        None => match find_root(Path::new("."), &limits()).root {
            Some(root) => Input::Path(root),
            None => Input::Default(PathBuf::from(".")),
        },
    }
}

/// Where the search for a journal root stops: `$HOME`, and the
/// colon-separated `$SECL_CEILING_DIRECTORIES`.
fn limits() -> Limits {
    Limits {
        home: std::env::var_os("HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from),
        ceilings: path_list("SECL_CEILING_DIRECTORIES"),
    }
}

/// A colon-separated list of directories from the environment (empty
/// parts skipped).
fn path_list(variable: &str) -> Vec<PathBuf> {
    std::env::var_os(variable)
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Ends the run when a journal cannot be reported on; counts warnings.
pub fn refuse_broken(journal: &Journal, terminal: &mut Terminal) -> Result<(), Failure> {
    if !journal.io_errors.is_empty() {
        terminal.io_errors(&journal.io_errors);
        return Err(Failure::Exit(Exit::Usage));
    }
    let tally = Tally::of(&journal.diagnostics);
    if tally.errors > 0 {
        let errors: Vec<Located> = sorted(journal)
            .into_iter()
            .filter(|l| l.diagnostic.severity() == Severity::Error)
            .collect();
        terminal.diagnostics(&errors)?;
        let _ = writeln!(
            terminal.err,
            "{} in the journal; no report (run secl check for details)",
            plural(tally.errors, "error")
        );
        return Err(Failure::Exit(Exit::Problems));
    }
    if tally.warnings > 0 {
        let _ = writeln!(
            terminal.err,
            "{} (run secl check)",
            plural(tally.warnings, "warning")
        );
    }
    Ok(())
}

/// A journal's diagnostics in file load order, then position.
pub fn sorted(journal: &Journal) -> Vec<Located<'_>> {
    let mut items: Vec<Located> = journal
        .diagnostics
        .iter()
        .map(|diagnostic| Located {
            diagnostic,
            source: journal.sources.get(diagnostic.file),
        })
        .collect();
    items.sort_by_key(|l| {
        (
            l.diagnostic.file,
            l.diagnostic.span.start,
            l.diagnostic.code,
        )
    });
    items
}

fn secl_file() -> Option<OsString> {
    std::env::var_os("SECL_FILE").filter(|v| !v.is_empty())
}

/// An input argument: `-` is standard input.
pub fn input_of(arg: &OsString) -> Input {
    if arg == "-" {
        Input::Stdin
    } else {
        Input::Path(PathBuf::from(arg))
    }
}

fn parse_today(text: &str, source: &str) -> Result<NaiveDate, UsageError> {
    period::parse_date(text)
        .map_err(|err| UsageError::new(format!("{source}: {}", err.message), err.help))
}

/// Runs secl with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::parse_from_args(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(err.exit_code().clamp(0, 255) as u8);
        }
    };
    let mut terminal = Terminal::new(cli.global.color);
    let outcome = App::new(&cli.global)
        .map_err(Failure::Usage)
        .and_then(|app| dispatch(&app, &cli.command, &mut terminal));
    let flushed = terminal.out.flush();
    let exit = match (outcome, flushed) {
        (Err(Failure::Io(err)), _) | (Ok(_), Err(err)) => {
            terminal.error(&format!("cannot write the output: {err}"), None);
            Exit::Usage
        }
        (Err(Failure::Usage(err)), _) => {
            terminal.error(&err.message, err.help.as_deref());
            Exit::Usage
        }
        (Err(Failure::Exit(exit)), _) => exit,
        (Ok(exit), Ok(())) => exit,
    };
    exit.into()
}

fn dispatch(app: &App, command: &Command, terminal: &mut Terminal) -> Outcome {
    use crate::commands::{
        add, balance, chart, check, export, fmt, import, init, register, review, tags, targets,
        timer,
    };
    if app.count_running && !command.reports() {
        return Err(UsageError::new(
            "--now applies to reports (balance, register, targets, review, tags --used, chart, status)",
            "leave --now out (export always leaves running entries out)",
        )
        .into());
    }
    match command {
        Command::Start(args) => timer::start(app, args, terminal),
        Command::Stop(args) => timer::stop(app, args, terminal),
        Command::Status(args) => timer::status(app, args, terminal),
        Command::Check(args) => check::run(app, args, terminal),
        Command::Balance(args) => balance::run(app, args, terminal),
        Command::Register(args) => register::run(app, args, terminal),
        Command::Targets(args) => targets::run(app, args, terminal),
        Command::Review(args) => review::run(app, args, terminal),
        Command::Tags(args) => tags::run(app, args, terminal),
        Command::Export(args) => export::run(app, args, terminal),
        Command::Fmt(args) => fmt::run(app, args, terminal),
        Command::Add(args) => add::run(app, args, terminal),
        Command::Import(args) => import::run(app, args, terminal),
        Command::Chart(args) => chart::run(app, args, terminal),
        Command::Init(args) => init::run(args, &app.files, app.today, terminal),
        Command::Completions(args) => init::completions(args, terminal),
        Command::Man => init::man(terminal),
        Command::Lsp => crate::lsp::run(app),
    }
}

/// Splits report arguments into a period and query terms: the first
/// positional is the period if it reads as one (`last month` may be two
/// words); `-p` names it explicitly.
pub fn split_period(
    terms: &[String],
    explicit: Option<&str>,
    today: NaiveDate,
) -> Result<(Option<Period>, Vec<String>), UsageError> {
    let parse = |text: &str| {
        period::parse(text, today).map_err(|err| UsageError::new(err.message, err.help))
    };
    if let Some(text) = explicit {
        return Ok((Some(parse(text)?), terms.to_vec()));
    }
    let Some(first) = terms.first() else {
        return Ok((None, Vec::new()));
    };
    // `last month`, `this week` typed as two words, `last 7 days` as three.
    if let Some(second) = terms.get(1)
        && matches!(first.to_lowercase().as_str(), "last" | "this")
    {
        let count = second.bytes().all(|b| b.is_ascii_digit());
        let words = if count && terms.len() > 2 { 3 } else { 2 };
        let joined = terms[..words].join(" ");
        if period::looks_like_period(&joined) {
            return Ok((Some(parse(&joined)?), terms[words..].to_vec()));
        }
    }
    if period::looks_like_period(first) {
        return Ok((Some(parse(first)?), terms[1..].to_vec()));
    }
    Ok((None, terms.to_vec()))
}

impl crate::cli::Selection {
    /// The period (from `-p` or the first positional) and the query terms.
    pub fn split(&self, today: NaiveDate) -> Result<(Option<Period>, Vec<String>), UsageError> {
        split_period(&self.terms, self.period.as_deref(), today)
    }
}

/// A report's journal, its query and its span.
pub struct Selected {
    /// The journal, without errors.
    pub journal: Journal,
    /// The query.
    pub query: Query,
    /// The report span: the period, or the journal's whole span; `None`
    /// when there is nothing to report on.
    pub span: Option<DateSpan>,
}

impl Selected {
    /// The query's matcher.
    pub fn matcher(&self) -> Matcher<'_> {
        self.query.matcher(&self.journal)
    }

    /// The indices of the matching entries in the span, by date, ties in
    /// load order.
    pub fn entries(&self) -> Vec<usize> {
        crate::report::entries(&self.journal, self.span, &self.matcher())
    }
}

impl App {
    /// Loads the journal for a report and reads its query terms (an unknown
    /// tag is a usage error with a did-you-mean). `period` was parsed before
    /// loading, so that a bad one is a usage error whatever the journal holds.
    pub fn select(
        &self,
        period: Option<Period>,
        terms: &[String],
        needs_notes: bool,
        terminal: &mut Terminal,
    ) -> Result<Selected, Failure> {
        // Notes are kept only when something reads them.
        let keep = if needs_notes || Query::reads_notes(terms) {
            Keep::Notes
        } else {
            Keep::Entries
        };
        let journal = self.journal(&self.inputs(), keep);
        // Unreadable inputs end the run (exit 2), errors are printed and
        // end it (exit 1), warnings are counted on standard error. A bad
        // query is a usage error, and when both apply, 2 wins (grammar.md, Exit codes):
        // the journal's errors are still shown first.
        let query = match Query::parse(terms, &journal) {
            Ok(query) => query,
            Err(err) => {
                if Tally::of(&journal.diagnostics).errors > 0 || !journal.io_errors.is_empty() {
                    let _ = refuse_broken(&journal, terminal);
                }
                return Err(UsageError::new(err.message, err.help).into());
            }
        };
        refuse_broken(&journal, terminal)?;
        let bounds = journal.bounds();
        let span = match period {
            Some(period) => period.resolve(bounds),
            None => bounds,
        };
        Ok(Selected {
            journal,
            query,
            span,
        })
    }
}

/// Where a report goes: a format name means standard output, a file name
/// whose extension names a format means that file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The format's name, one of the command's formats.
    pub format: &'static str,
    /// The file to write, or `None` for standard output.
    pub path: Option<PathBuf>,
}

impl Output {
    /// Reads `-o` against the formats a command offers (the first is the default).
    pub fn parse(arg: Option<&str>, formats: &[&'static str]) -> Result<Output, UsageError> {
        let Some(arg) = arg else {
            return Ok(Output {
                format: formats[0],
                path: None,
            });
        };
        if let Some(&format) = formats.iter().find(|f| f.eq_ignore_ascii_case(arg)) {
            return Ok(Output { format, path: None });
        }
        let extension = std::path::Path::new(arg)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        let by_extension = formats.iter().find(|f| {
            f.eq_ignore_ascii_case(extension)
                || (**f == "text" && extension.eq_ignore_ascii_case("txt"))
        });
        match by_extension {
            Some(&format) => Ok(Output {
                format,
                path: Some(PathBuf::from(arg)),
            }),
            None => Err(UsageError::new(
                format!("`{arg}` is neither an output format nor a file name ending in one"),
                format!(
                    "use {}, or a file name such as report.{}",
                    formats.join(", "),
                    formats.get(1).unwrap_or(&formats[0])
                ),
            )),
        }
    }

    /// Runs `write` into the file or standard output; `write` gets whether
    /// to colour (only a terminal's standard output is coloured).
    pub fn write(
        &self,
        terminal: &mut Terminal,
        write: impl FnOnce(&mut dyn Write, bool) -> io::Result<()>,
    ) -> Result<(), Failure> {
        match &self.path {
            None => {
                let color = terminal.out_color;
                write(&mut terminal.out, color)?;
                Ok(())
            }
            // Written whole, then put in place atomically: a full disk or a
            // closed run leaves the old file (or none), never a cut one.
            Some(path) => {
                let mut bytes = Vec::new();
                write(&mut bytes, false)?;
                crate::write::write_atomic(path, &bytes).map_err(|err| {
                    UsageError::new(
                        format!(
                            "cannot write `{}`: {}",
                            path.display(),
                            crate::load::describe(&err)
                        ),
                        "check the path and its directory; nothing was written",
                    )
                })?;
                Ok(())
            }
        }
    }
}
