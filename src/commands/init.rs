//! `secl init`, `secl completions` and `secl man`.
//!
//! `init` writes a starter `journal.sec` (never over an existing file);
//! `completions` and `man` print what clap_complete and clap_mangen make of
//! the command line in [`crate::cli`].

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use clap::CommandFactory;

use crate::app::{Exit, Outcome, Terminal, UsageError};
use crate::cli::{Cli, CompletionsArgs, InitArgs};

/// The name of the starter journal.
pub const JOURNAL: &str = "journal.sec";

/// The starter journal, up to its layout note (which names the year).
const STARTER: &str = "\
; A secl journal: where your working time goes. Lines starting with ; or # are
; comments. Run secl in this directory or any below it: `secl check` lints the
; journal, `secl balance` rolls it up. The whole format: `secl man`, and
; grammar.md in secl's repository.

; The framework of work that time rolls up through: sec (Strategy, Execution,
; Culture; `secl tags` shows it), cto, or a path to your own .taxonomy file.
taxonomy sec

; Your own activities: `tag` adds a node by its whole path, and entries can
; then use it like any other (here: Cloud cost review).
tag Execution:Data & Infrastructure:Cloud cost review

; Shorthands for tags you use often. An alias stands alone (okr) or starts a
; longer tag (infra:Infrastructure scalability).
alias okr = Strategy:Technology Planning:OKR management
alias infra = Execution:Data & Infrastructure
alias hiring = Culture:Team Development:Talent acquisition

; Allocation targets for `secl targets`: delete the leading ; to switch one on.
; The SEC framework's ranges: security 15-25% of the time, own growth 7-12%.
; target Execution:Security & Compliance  15%..25%
; target Culture:Personal Development  7%..12%
";

/// The starter journal's part after the layout note.
const DAYS: &str = "
; A day: its date, an optional ; note, then one entry a line, indented:
; DURATION  TAG  ; NOTE. Durations: 45m, 1h30m, 1.5h, 1:30 or 09:00-10:30.
; A tag is a path in the taxonomy, any unique end of one (Risk assessment),
; or an alias. A #hashtag in a note can be queried: secl register '#planning'.
; This day is an example: edit it or delete it.
";

/// The example day's entries, laid out canonically.
const EXAMPLE_DAY: &str = concat!(
    "  1h30m        okr  ; Q1 draft #planning\n",
    "  45m          Security & Compliance:Risk assessment\n",
    "  09:00-10:30  Technical mentorship  ; 1:1 with the new lead\n",
);

/// The commented rules file `secl init` writes beside the journal, for
/// `secl import` (grammar.md, "Calendar import").
const STARTER_RULES: &str = include_str!("starter.rules");

/// The line `secl init` puts into `.gitattributes` (see [`run`]).
pub const UNION_MERGE: &str = "*.sec merge=union";

/// The starter journal with its example day dated `today`.
pub fn starter(today: NaiveDate) -> String {
    let year = today.format("%Y");
    format!(
        "{STARTER}\
; Targets can change as the role does: each holds from its `from` date until
; the next one of the same node. A founder's Strategy share rises once a VP
; Engineering takes over delivery:
; target Strategy  >=20%
; target Strategy  25%..35%  from {}

; One file is enough for years. To split it into monthly files, keep this file
; (taxonomy, tags, aliases, targets) and move each month's days to {year}/01.sec,
; {year}/02.sec, ... with this line here, without the ; in front:
; include {year}/*.sec
{DAYS}{}  ; a first day\n{EXAMPLE_DAY}",
        next_quarter(today).format("%Y-%m-%d"),
        today.format("%Y-%m-%d")
    )
}

/// The first day of the quarter after `today`'s: the starter's example of a
/// target that changes with the role.
fn next_quarter(today: NaiveDate) -> NaiveDate {
    let quarter = today.month0() / 3;
    let (year, month) = if quarter == 3 {
        (today.year() + 1, 1)
    } else {
        (today.year(), quarter * 3 + 4)
    };
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(today)
}

/// Where `secl init` writes: the journal file and its directory.
struct Target {
    dir: PathBuf,
    path: PathBuf,
    /// The journal was named with `-f` (the next steps name it too).
    named: bool,
}

/// The journal to create: `DIR/journal.sec`, or the one `-f` names.
fn target(args: &InitArgs, files: &[OsString]) -> Result<Target, UsageError> {
    let [file] = files else {
        if files.is_empty() {
            let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
            let path = match &args.dir {
                Some(dir) => dir.join(JOURNAL),
                None => PathBuf::from(JOURNAL),
            };
            return Ok(Target {
                dir,
                path,
                named: false,
            });
        }
        return Err(UsageError::new(
            "secl init creates one journal, but -f was given more than once",
            "name one file (secl init -f work.sec) or a directory (secl init DIR)",
        ));
    };
    if let Some(dir) = &args.dir {
        return Err(UsageError::new(
            format!(
                "secl init got both -f {} and the directory {}",
                Path::new(file).display(),
                dir.display()
            ),
            "name the journal file with -f, or its directory with DIR, not both",
        ));
    }
    let path = PathBuf::from(file);
    if file == "-" || path.is_dir() {
        return Err(UsageError::new(
            format!(
                "secl init -f needs the journal file to create, not {}",
                if file == "-" {
                    "standard input".to_string()
                } else {
                    format!("the directory {}", path.display())
                }
            ),
            format!(
                "to start {JOURNAL} in a directory, run secl init DIR; to name the file, secl init -f FILE.sec"
            ),
        ));
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(Target {
        dir,
        path,
        named: true,
    })
}

/// Runs `secl init`. `files` are the `-f` arguments: one names the journal
/// file to create.
pub fn run(
    args: &InitArgs,
    files: &[OsString],
    today: NaiveDate,
    terminal: &mut Terminal,
) -> Outcome {
    let Target { dir, path, named } = target(args, files)?;
    if path.symlink_metadata().is_ok() {
        return Err(exists(&path).into());
    }
    fs::create_dir_all(&dir).map_err(|err| {
        UsageError::new(
            format!("cannot create the directory {}: {err}", dir.display()),
            "name a directory that can be created, or an existing one",
        )
    })?;
    let others = other_journals(&dir, &path);
    let text = starter(today);
    create(&path, text.as_bytes()).map_err(|err| {
        if err.kind() == io::ErrorKind::AlreadyExists {
            exists(&path)
        } else {
            UsageError::new(
                format!("cannot write {}: {err}", path.display()),
                "check the directory's permissions",
            )
        }
    })?;
    if others > 0 {
        let _ = writeln!(
            terminal.err,
            "note: {} already holds {others} other .sec file{}; to make {} part of this journal, add `include *.sec` to {}",
            dir.display(),
            if others == 1 { "" } else { "s" },
            if others == 1 { "it" } else { "them" },
            path.display()
        );
    }
    let attributes = if args.no_gitattributes {
        Attributes::Declined
    } else {
        gitattributes(&dir, args.gitattributes)
            .unwrap_or_else(|err| Attributes::Failed(err.to_string()))
    };
    // The rules for `secl import`, unless the directory has some already.
    let rules = beside(&dir, "secl.rules");
    let rules_written =
        rules.symlink_metadata().is_err() && create(&rules, STARTER_RULES.as_bytes()).is_ok();
    let out = &mut terminal.out;
    writeln!(
        out,
        "created {}: the SEC taxonomy, a tag of your own, 3 aliases, targets to switch on (one that changes with the role) and an example day",
        path.display()
    )?;
    match attributes {
        Attributes::Written(at) => writeln!(
            out,
            "created {}: `{UNION_MERGE}`, so that git merges journals edited on two machines (secl check shows what to tidy)",
            at.display()
        )?,
        Attributes::Appended(at) => writeln!(out, "added `{UNION_MERGE}` to {}", at.display())?,
        Attributes::Present | Attributes::Declined => {}
        Attributes::Kept(at) => {
            let _ = writeln!(
                terminal.err,
                "note: {} exists and was left alone; `secl init --gitattributes` adds `{UNION_MERGE}` to it",
                at.display()
            );
        }
        Attributes::Failed(err) => {
            let _ = writeln!(
                terminal.err,
                "note: cannot write .gitattributes in {}: {err}",
                dir.display()
            );
        }
    }
    if rules_written {
        writeln!(
            out,
            "created {}: rules for `secl import CALENDAR.ics` (edit them to your calendar's titles)",
            rules.display()
        )?;
    }
    writeln!(out)?;
    writeln!(out, "next:")?;
    let mut steps: Vec<(String, &str)> = Vec::new();
    if args.dir.is_some() && dir != Path::new(".") {
        steps.push((format!("cd {}", shell_quote(&dir)), ""));
    }
    let secl = if named {
        format!("secl -f {}", shell_quote(&path))
    } else {
        "secl".to_string()
    };
    steps.push((format!("{secl} check"), "lint it"));
    steps.push((format!("{secl} balance"), "where the time went"));
    steps.push((
        format!("{secl} add 45m 'Risk assessment' first entry"),
        "log time for today",
    ));
    let width = steps
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    for (command, what) in &steps {
        if what.is_empty() {
            writeln!(out, "  {command}")?;
        } else {
            writeln!(out, "  {command:width$}  {what}")?;
        }
    }
    Ok(Exit::Success)
}

/// What became of `.gitattributes`.
enum Attributes {
    /// None existed; one was written.
    Written(PathBuf),
    /// `--gitattributes`: the line was added to the existing file.
    Appended(PathBuf),
    /// The existing file already has the line.
    Present,
    /// One exists without the line, and `--gitattributes` was not given.
    Kept(PathBuf),
    /// `--no-gitattributes`.
    Declined,
    /// It could not be read or written.
    Failed(String),
}

/// Writes `DIR/.gitattributes` with [`UNION_MERGE`] when there is none, or,
/// when `append` (`--gitattributes`), adds the line to an existing one;
/// never rewrites what is there.
/// `NAME` in `dir`, named as the user would (`NAME` for the current directory).
fn beside(dir: &Path, name: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

fn gitattributes(dir: &Path, append: bool) -> io::Result<Attributes> {
    let path = beside(dir, ".gitattributes");
    match fs::read(&path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let text = format!(
                "# Journals edited on two machines: keep both sides' lines (secl check\n# then reports an entry that came twice or days out of order).\n{UNION_MERGE}\n"
            );
            create(&path, text.as_bytes())?;
            Ok(Attributes::Written(path))
        }
        Err(err) => Err(err),
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            if text
                .lines()
                .any(|l| l.split_whitespace().eq(UNION_MERGE.split_whitespace()))
            {
                return Ok(Attributes::Present);
            }
            if !append {
                return Ok(Attributes::Kept(path));
            }
            let mut file = OpenOptions::new().append(true).open(&path)?;
            let newline = if bytes.is_empty() || bytes.ends_with(b"\n") {
                ""
            } else {
                "\n"
            };
            file.write_all(format!("{newline}{UNION_MERGE}\n").as_bytes())?;
            Ok(Attributes::Appended(path))
        }
    }
}

fn exists(path: &Path) -> UsageError {
    UsageError::new(
        format!(
            "{} already exists; secl init never overwrites a file",
            path.display()
        ),
        "run secl init in another directory (secl init DIR), or start from the existing journal",
    )
}

/// Creates `path` with `bytes`, failing if it exists (checked atomically
/// by the file system); a half-written file is removed.
fn create(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}

/// How many `.sec` files `dir` itself holds (not below it) besides `journal`.
fn other_journals(dir: &Path, journal: &Path) -> usize {
    let own = journal.file_name();
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".sec")
                && !name.starts_with('.')
                && Some(entry.file_name().as_os_str()) != own
        })
        .count()
}

/// `path` as a POSIX shell word: bare when safe, else single-quoted.
fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./+,:@%".contains(c));
    if safe {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Runs `secl completions`.
pub fn completions(args: &CompletionsArgs, terminal: &mut Terminal) -> Outcome {
    // clap_complete panics when a write fails; write to memory first so that
    // a closed pipe is an ordinary error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "secl", &mut script);
    script.extend(crate::cli::extra_completions(args.shell, &Cli::command()).bytes());
    terminal.out.write_all(&script)?;
    Ok(Exit::Success)
}

/// Runs `secl man`.
pub fn man(terminal: &mut Terminal) -> Outcome {
    terminal.out.write_all(man_page()?.as_bytes())?;
    Ok(Exit::Success)
}

/// The format's essentials, for the JOURNAL FORMAT section of the manual
/// page (grammar.md is the whole reference): blocks separated by blank
/// lines, indented lines kept as typed.
const FORMAT: &str = "\
A journal is one or more UTF-8 text files, normally *.sec. secl reads the files named with -f or $SECL_FILE; else the nearest journal.sec in the current directory or above it; else every .sec file below the current directory. Each line stands on its own: no quoting, no escaping, no continuation. Lines whose first non-blank is ; or # are comments.

A day is a date (YYYY-MM-DD or YYYY/MM/DD) in column 1, perhaps with a ; note whose #hashtags apply to all its entries, then its entries, indented by spaces or tabs: DURATION, blanks, TAG, and an optional ; NOTE. One entry may stand on the date's line.

  2024-03-15  ; board week #board
    1h30m        OKR management  ; Q2 draft #planning
    45m          Security & Compliance:Risk assessment
    09:00-10:30  Technical mentorship
  2024-03-16  2h  Strategy

Durations: 2 or 2h (hours), 1.5h, 45m, 1h30m, 1:30 (a length, not a time of day), 09:00-10:30 (a clock range; one ending before it starts runs past midnight). Each is more than zero and at most 24h, kept in whole seconds.

A tag is a path in the taxonomy, segments separated by : (Execution:Security & Compliance:Risk assessment), or any end of a path that only one node has (Risk assessment), or an alias. Tags compare case-insensitively, & as and, punctuation and spacing ignored. A #hashtag in a note (at its start or after a blank: letters, digits, _ - /) can be queried with #NAME or hashtag:NAME.

Directives start in column 1 and apply to the whole journal, wherever they stand; ; starts a comment after them:

  taxonomy sec                  the built-in sec (default) or cto, or a .taxonomy file
  tag Execution:Data & Infrastructure:Vendor migration
  alias okr = Strategy:Technology Planning:OKR management
  target Execution:Security & Compliance  15%..25%
  target Strategy  >=20%
  include 2024/*.sec            another file, or a glob, relative to this file

A .taxonomy file is an outline: one node a line, two spaces of indent per level. A journal kept in several files (journal.sec with include 2024/*.sec) is one journal: aliases, tags and targets declared in any file apply to all. For git, a .gitattributes line *.sec merge=union lets two machines' additions to the same day merge; secl check then reports an entry that came twice (duplicate_entry) or days out of order (out_of_order).

secl check reports each problem with a code (secl::unknown_tag, secl::bad_duration, ...), a place and a help. The whole format, every decision and every code: grammar.md, shipped with secl.";

/// The roff preamble clap_mangen's renderer puts before every piece.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// The manual page: secl's name, synopsis, description and global options,
/// a COMMANDS section with a subsection per subcommand (what it does, its
/// synopsis, its own options, its examples), then examples, environment,
/// exit status and version.
pub fn man_page() -> io::Result<String> {
    use clap_mangen::roff::{Roff, bold, roman};

    let mut cmd = Cli::command();
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    // Written by hand: clap_mangen leaves an empty date unquoted, which
    // shifts the source into the date's place.
    let version = cmd.get_version().unwrap_or_default();
    let mut page = format!(".TH SECL 1 \"\" \"secl {version}\" \"secl manual\"\n{PREAMBLE}");
    page.push_str(&piece(|w| man.render_name_section(w))?);
    page.push_str(&piece(|w| man.render_synopsis_section(w))?);
    page.push_str(&piece(|w| man.render_description_section(w))?);
    page.push_str(&piece(|w| man.render_options_section(w))?);
    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        let sub_man = clap_mangen::Man::new(sub.clone());
        let mut head = Roff::new();
        head.control("SS", [format!("secl {name}").as_str()]);
        page.push_str(&roff_text(&head));
        page.push_str(&body(&piece(|w| sub_man.render_description_section(w))?));
        page.push_str(".PP\n");
        page.push_str(&body(&piece(|w| sub_man.render_synopsis_section(w))?));
        let options = body(&piece(|w| sub_man.render_options_section(w))?);
        page.push_str(&own_options(&options, sub));
        if let Some(after) = sub.get_after_help() {
            page.push_str(&roff_text(&prose(&after.to_string())));
        }
    }
    let mut format = Roff::new();
    format.control("SH", ["JOURNAL FORMAT"]);
    page.push_str(&roff_text(&format));
    page.push_str(&roff_text(&prose(FORMAT)));
    if let Some(after) = cmd.get_after_help() {
        let after = after.to_string();
        let mut section = Roff::new();
        section.control("SH", ["EXAMPLES"]);
        page.push_str(&roff_text(&section));
        let after = after.strip_prefix("Examples:\n").unwrap_or(&after);
        page.push_str(&roff_text(&prose(after)));
    }
    let mut tail = Roff::new();
    tail.control("SH", ["ENVIRONMENT"]);
    for (name, what) in [
        (
            "SECL_FILE",
            "The journal to read when no -f is given (like one -f).",
        ),
        (
            "SECL_TODAY",
            "The date to treat as today (YYYY-MM-DD); --today beats it.",
        ),
        (
            "SECL_NOW",
            "The time to treat as now, for timers and --now (YYYY-MM-DDTHH:MM, local time); --today and SECL_TODAY beat its date.",
        ),
        (
            "NO_COLOR",
            "When set and non-empty, no colour with --color auto.",
        ),
    ] {
        tail.control("TP", [])
            .text([bold(name)])
            .text([roman(what)]);
    }
    tail.control("SH", ["EXIT STATUS"]);
    for (code, what) in [
        ("0", "Success."),
        (
            "1",
            "The journal has errors, or --strict found warnings or a missed target, or fmt --check found a change.",
        ),
        ("2", "A usage or I/O error."),
    ] {
        tail.control("TP", [])
            .text([bold(code)])
            .text([roman(what)]);
    }
    page.push_str(&roff_text(&tail));
    page.push_str(&piece(|w| man.render_version_section(w))?);
    Ok(ascii(&page))
}

/// Roff in ASCII: every other character as a `\[uXXXX]` escape, which
/// groff and mandoc read whatever the locale.
fn ascii(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// Help text as roff: a paragraph per blank-line-separated block; indented
/// lines (examples) are kept as typed, in no-fill mode.
fn prose(text: &str) -> clap_mangen::roff::Roff {
    use clap_mangen::roff::{Roff, roman};

    let mut roff = Roff::new();
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        roff.control("PP", []);
        let mut literal = false;
        for line in block.lines() {
            let indented = line.starts_with(' ');
            if indented != literal {
                roff.control(if indented { "nf" } else { "fi" }, []);
                literal = indented;
            }
            roff.text([roman(line)]);
        }
        if literal {
            roff.control("fi", []);
        }
    }
    roff
}

/// Roff as text, without the preamble (the page has it once).
fn roff_text(roff: &clap_mangen::roff::Roff) -> String {
    let text = roff.render();
    text.strip_prefix(PREAMBLE)
        .map_or(text.clone(), str::to_string)
}

/// Renders one piece of the page, without the preamble.
fn piece(render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<String> {
    let mut bytes = Vec::new();
    render(&mut bytes)?;
    let text = String::from_utf8(bytes).map_err(io::Error::other)?;
    Ok(text
        .strip_prefix(PREAMBLE)
        .map_or(text.clone(), str::to_string))
}

/// A rendered section without its `.SH` heading.
fn body(section: &str) -> String {
    match section.split_once('\n') {
        Some((first, rest)) if first.starts_with(".SH") => rest.to_string(),
        _ => section.to_string(),
    }
}

/// A subcommand's options without the global ones and `--help`, which the
/// page lists once under OPTIONS. Each option is a `.TP` paragraph whose
/// first line names it.
fn own_options(options: &str, sub: &clap::Command) -> String {
    let skip: Vec<String> = sub
        .get_arguments()
        .filter(|a| a.is_global_set() || a.get_long() == Some("help"))
        .filter_map(|a| a.get_long())
        .map(|long| format!("\\fB\\-\\-{long}\\fR"))
        .collect();
    let mut out = String::new();
    for paragraph in options.split(".TP\n").filter(|p| !p.is_empty()) {
        let header = paragraph.lines().next().unwrap_or("");
        let skipped = skip
            .iter()
            .any(|long| header.split([' ', ',']).any(|word| word == long.as_str()));
        if !skipped {
            out.push_str(".TP\n");
            out.push_str(paragraph);
        }
    }
    out
}
