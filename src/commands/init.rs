//! `secl init`, `secl completions` and `secl man`.
//!
//! `init` writes a starter `journal.sec` (never over an existing file);
//! `completions` and `man` print what clap_complete and clap_mangen make of
//! the command line in [`crate::cli`].

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::CommandFactory;

use crate::app::{Exit, Outcome, Terminal, UsageError};
use crate::cli::{Cli, CompletionsArgs, InitArgs};

/// The name of the starter journal.
pub const JOURNAL: &str = "journal.sec";

/// The starter journal, up to its example day's date.
const STARTER: &str = "\
; A secl journal: where your working time goes. Lines starting with ; or # are
; comments. `secl check` lints the .sec files below this directory, `secl balance`
; rolls them up. The whole format: grammar.md in secl's repository.

; The framework of work that time rolls up through: sec (Strategy, Execution,
; Culture; `secl tags` shows it), cto, or a path to your own .taxonomy file.
taxonomy sec

; Shorthands for tags you use often. An alias stands alone (okr) or starts a
; longer tag (infra:Infrastructure scalability).
alias okr = Strategy:Technology Planning:OKR management
alias infra = Execution:Data & Infrastructure
alias hiring = Culture:Team Development:Talent acquisition

; Allocation targets for `secl targets`: delete the leading ; to switch one on.
; The SEC framework's ranges: security 15-25% of the time, own growth 7-12%.
; target Execution:Security & Compliance  15%..25%
; target Culture:Personal Development  7%..12%
; target Strategy  20%..35%  ; for a growing company

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

/// The starter journal with its example day dated `today`.
pub fn starter(today: NaiveDate) -> String {
    format!(
        "{STARTER}{}  ; a first day\n{EXAMPLE_DAY}",
        today.format("%Y-%m-%d")
    )
}

/// Runs `secl init`.
pub fn run(args: &InitArgs, today: NaiveDate, terminal: &mut Terminal) -> Outcome {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let path = if args.dir.is_some() {
        dir.join(JOURNAL)
    } else {
        PathBuf::from(JOURNAL)
    };
    if path.symlink_metadata().is_ok() {
        return Err(exists(&path).into());
    }
    fs::create_dir_all(&dir).map_err(|err| {
        UsageError::new(
            format!("cannot create the directory {}: {err}", dir.display()),
            "name a directory that can be created, or an existing one",
        )
    })?;
    let others = other_journals(&dir);
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
            "note: {} already holds {others} other .sec file{}; secl reads them together with {JOURNAL} as one journal",
            dir.display(),
            if others == 1 { "" } else { "s" }
        );
    }
    let out = &mut terminal.out;
    writeln!(
        out,
        "created {}: the SEC taxonomy, 3 aliases, 3 targets to switch on and an example day",
        path.display()
    )?;
    writeln!(out)?;
    writeln!(out, "next:")?;
    let mut steps: Vec<(String, &str)> = Vec::new();
    if args.dir.is_some() && dir != Path::new(".") {
        steps.push((format!("cd {}", shell_quote(&dir)), ""));
    }
    steps.push(("secl check".into(), "lint it"));
    steps.push(("secl balance".into(), "where the time went"));
    steps.push((
        "secl add 45m 'Risk assessment' first entry".into(),
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

/// How many `.sec` files `dir` itself holds (not below it).
fn other_journals(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".sec") && !name.starts_with('.') && name != JOURNAL
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
