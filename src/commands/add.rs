//! `secl add`: one entry into a journal file, checked first.
//!
//! The entry (`DURATION  TAG  ; NOTE` as typed) goes after the last entry
//! of its date's last block, or into a new block in date order; no other
//! byte of the file changes. It is checked against the journal that holds
//! the file (the default input if it contains the file, else the file and
//! its includes): an error it would cause (a tag that names no node, a bad
//! duration, a day over 24h) refuses it, exit 1, the file untouched. The
//! file is locked while it is read and rewritten, atomically, so that
//! concurrent runs all land.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::app::{App, Exit, Outcome, Terminal, UsageError, default_input};
use crate::cli::AddArgs;
use crate::diag::{Diagnostic, Severity, plural};
use crate::edit::insert_entry;
use crate::journal::{Journal, Keep, Resolved};
use crate::load::{Input, describe, walk};
use crate::parse::{Options, duration, parse_file};
use crate::period;
use crate::source::SourceFile;
use crate::write::{Locked, lock, write_atomic};

/// Runs `secl add`.
pub fn run(app: &App, args: &AddArgs, terminal: &mut Terminal) -> Outcome {
    let date = match &args.date {
        Some(text) => day(text, app.today)?,
        None => app.today,
    };
    let note = args.note.join(" ");
    let (duration, tag) = (args.duration.trim(), args.tag.trim());
    check_written(tag, &note)?;
    let (file, name) = target_file(app)?;

    // A duration that does not parse is an error the entry would bring.
    if let Err(err) = duration::parse(duration) {
        terminal.error(
            &format!("`{duration}` is not a valid duration: {}", err.label()),
            Some(&err.help(duration)),
        );
        let _ = writeln!(terminal.err, "nothing was added to `{name}`");
        return Ok(Exit::Problems);
    }

    // The tag must name a node of the journal that holds the file.
    let journal = journal_holding(app, &file);
    if let Resolved::Problem(problem) = Resolved::from(&journal.resolver(), tag, "tag") {
        terminal.error(&problem.message, Some(&problem.help));
        let _ = writeln!(terminal.err, "nothing was added to `{name}`");
        return Ok(Exit::Problems);
    }

    let entry = if note.is_empty() {
        format!("{duration}  {tag}")
    } else {
        format!("{duration}  {tag}  ; {note}")
    };
    let (locked, bom, body) = locked_text(&file, &name)?;
    let inserted = insert_entry(&body, date, &entry);
    let new_text = format!("{bom}{}", inserted.text);
    let errors = brought_errors(app, &name, &locked.bytes, &new_text, terminal)?;
    if errors > 0 {
        let _ = writeln!(
            terminal.err,
            "{}; nothing was added to `{name}`",
            plural(errors, "error")
        );
        return Ok(Exit::Problems);
    }
    write_file(&file, &name, &new_text)?;
    drop(locked);
    writeln!(
        terminal.out,
        "{name}:{}: {}  {entry}",
        inserted.line,
        weekday_date(date)
    )?;
    Ok(Exit::Success)
}

/// Locks `file` and reads it: the lock, its BOM (or ``) and the text after it.
pub(crate) fn locked_text(
    file: &Path,
    name: &str,
) -> Result<(Locked, &'static str, String), UsageError> {
    let locked = lock(file).map_err(|err| {
        UsageError::new(
            format!("cannot read `{name}`: {}", describe(&err)),
            "check the path",
        )
    })?;
    let Ok(text) = std::str::from_utf8(&locked.bytes) else {
        return Err(UsageError::new(
            format!("`{name}` is not valid UTF-8"),
            "run `secl check` on it; secl adds only to UTF-8 files",
        ));
    };
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(body) => ("\u{FEFF}", body.to_string()),
        None => ("", text.to_string()),
    };
    Ok((locked, bom, body))
}

/// Prints the problems `new_text` would bring into the file `name` (now
/// `old`); returns how many of them are errors.
pub(crate) fn brought_errors(
    app: &App,
    name: &str,
    old: &[u8],
    new_text: &str,
    terminal: &mut Terminal,
) -> std::io::Result<usize> {
    let options = Options {
        today: app.today,
        keep: Keep::Entries,
    };
    let before = SourceFile::from_bytes(name.to_string(), None, old.to_vec());
    let after = SourceFile::from_bytes(name.to_string(), None, new_text.as_bytes().to_vec());
    let old = parse_file(0, &before, options).diagnostics;
    let new = parse_file(0, &after, options).diagnostics;
    let brought: Vec<&Diagnostic> = new
        .iter()
        .filter(|d| {
            !old.iter()
                .any(|o| o.code == d.code && o.message == d.message)
        })
        .collect();
    if !brought.is_empty() {
        terminal.diagnostics_in(&after, &brought)?;
    }
    Ok(brought
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count())
}

/// Writes `text` over `file`, atomically.
pub(crate) fn write_file(file: &Path, name: &str, text: &str) -> Result<(), UsageError> {
    write_atomic(file, text.as_bytes()).map_err(|err| {
        UsageError::new(
            format!("cannot write `{name}`: {}", describe(&err)),
            "the file is unchanged",
        )
    })
}

/// `Mon 2024-01-15`, to confirm the day.
fn weekday_date(date: chrono::NaiveDate) -> String {
    format!("{} {date}", date.weekday())
}

/// `--date`: a date, or any period of one day (`today`, `yesterday`).
fn day(text: &str, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, UsageError> {
    let usage =
        |err: period::PeriodError| UsageError::new(format!("--date: {}", err.message), err.help);
    match period::parse(text, today) {
        Ok(period::Period {
            first: Some(first),
            last: Some(last),
        }) if first == last => Ok(first),
        // Anything else gets the date parser's own explanation.
        _ => period::parse_date(text).map_err(usage),
    }
}

/// The entry must read back as written: a tag without `;`, one line.
fn check_written(tag: &str, note: &str) -> Result<(), UsageError> {
    if tag.is_empty() || tag.contains([';', '\n', '\r']) || tag.starts_with(['#', ';']) {
        return Err(UsageError::new(
            format!("`{tag}` is not a tag"),
            "a tag has no `;` or line break; put the note after it: secl add 45m 'Risk assessment' the note",
        ));
    }
    if note.contains(['\n', '\r']) {
        return Err(UsageError::new(
            "a note is one line",
            "join the note's lines",
        ));
    }
    Ok(())
}

/// The file to add to, and its name: `-f FILE`, else `$SECL_FILE`, else
/// the file of the default input holding the latest date (the last such in
/// walk order).
pub(crate) fn target_file(app: &App) -> Result<(PathBuf, String), UsageError> {
    let named: Vec<&std::ffi::OsString> = app.files.iter().collect();
    let chosen = match named.as_slice() {
        [one] => Some(PathBuf::from(one)),
        [] => std::env::var_os("SECL_FILE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from),
        _ => {
            return Err(UsageError::new(
                "`secl add` writes to one file",
                "give one -f FILE",
            ));
        }
    };
    if let Some(path) = chosen {
        if path.as_os_str() == "-" || path.is_dir() {
            return Err(UsageError::new(
                format!("`{}` is not a file to add to", path.display()),
                "give a .sec file with -f FILE",
            ));
        }
        let name = path.to_string_lossy().into_owned();
        return Ok((path, name));
    }
    let (files, _) = walk(Path::new("."), ".", true);
    let options = Options {
        today: app.today,
        keep: Keep::Entries,
    };
    let mut latest: Option<(chrono::NaiveDate, PathBuf, String)> = None;
    for (path, name) in files {
        let Ok(bytes) = crate::source::read_bytes(&path) else {
            continue;
        };
        let source = SourceFile::from_bytes(name.clone(), None, bytes);
        let parsed = parse_file(0, &source, options);
        let Some(last) = parsed.days.iter().map(|d| d.date).max() else {
            continue;
        };
        if latest.as_ref().is_none_or(|(date, _, _)| last >= *date) {
            latest = Some((last, path, name));
        }
    }
    latest.map(|(_, path, name)| (path, name)).ok_or_else(|| {
        UsageError::new(
            "there is no journal file here to add to",
            "start one with `secl init`, or name one with -f FILE",
        )
    })
}

/// The journal that holds `file`: the default input if it contains it,
/// else the file and its includes.
pub(crate) fn journal_holding(app: &App, file: &Path) -> Journal {
    let canonical = std::fs::canonicalize(file).ok();
    let journal = app.journal(&[default_input()], Keep::Entries);
    let holds = journal.files.iter().any(|&id| {
        journal.sources.get(id).canonical.is_some()
            && journal.sources.get(id).canonical == canonical
    });
    if holds {
        return journal;
    }
    app.journal(&[Input::Path(file.to_path_buf())], Keep::Entries)
}
