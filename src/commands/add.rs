//! `secl add`: one entry into a journal file, checked first.
//!
//! The entry (`DURATION  TAG  ; NOTE` as typed) goes after the last entry
//! of its date's last block, or into a new block in date order; no other
//! byte of the file changes. It is checked against the file's journal only
//! ([`App::journal_of_file`]): an error it would cause (a tag that names no
//! node, a bad duration, a day over 24h across the journal's files) refuses
//! it, exit 1, the file untouched. A file that does not exist yet is
//! created, and removed again if the entry is refused. The
//! file is locked while it is read and rewritten, atomically, so that
//! concurrent runs all land.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::app::{App, Exit, Failure, Outcome, Terminal, UsageError};
use crate::cli::AddArgs;
use crate::diag::{Diagnostic, Severity, plural};
use crate::edit::{Inserted, insert_laid_out};
use crate::journal::{Journal, Keep, Resolved};
use crate::lint::hours_minutes;
use crate::load::describe;
use crate::parse::duration::MAX_SECONDS;
use crate::parse::{Options, ParsedFile, duration, parse_file};
use crate::period;
use crate::source::SourceFile;
use crate::source::escape;
use crate::write::{Locked, lock, regular_file, write_atomic};

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
    // The name as printed: what would act on a terminal is escaped.
    let name = escape(&name).into_owned();

    // A duration that does not parse is an error the entry would bring.
    if let Err(err) = duration::parse(duration) {
        terminal.error(
            &format!("`{duration}` is not a valid duration: {}", err.label()),
            Some(&err.help(duration)),
        );
        let _ = writeln!(terminal.err, "nothing was added to `{name}`");
        return Ok(Exit::Problems);
    }

    // A file that does not exist yet is created, and removed again if the
    // entry is refused.
    let created = create_missing(&file, &name)?;
    let entry = Typed {
        date,
        duration,
        tag,
        note: &note,
    };
    let outcome = add_checked(app, &entry, &file, &name, terminal);
    created_or_removed(created, &file, &name, outcome, terminal)
}

/// After a change to a file the run `created`: says so when it was
/// written, removes the file again when it was refused.
pub(crate) fn created_or_removed(
    created: bool,
    file: &Path,
    name: &str,
    outcome: Outcome,
    terminal: &mut Terminal,
) -> Outcome {
    if created {
        match outcome {
            Ok(Exit::Success) => writeln!(terminal.out, "created `{name}`")?,
            _ => {
                let _ = std::fs::remove_file(file);
            }
        }
    }
    outcome
}

/// The entry as typed.
struct Typed<'a> {
    date: chrono::NaiveDate,
    duration: &'a str,
    tag: &'a str,
    note: &'a str,
}

/// Adds a valid entry to `file` (which exists), checked against its journal.
fn add_checked(
    app: &App,
    typed: &Typed,
    file: &Path,
    name: &str,
    terminal: &mut Terminal,
) -> Outcome {
    let Typed {
        date,
        duration,
        tag,
        note,
    } = *typed;
    let (file, name) = (file.to_path_buf(), name.to_string());
    // The tag must name a node of the journal that holds the file.
    let journal = app.journal_of_file(&file, Keep::Entries);
    if let Resolved::Problem(problem) = Resolved::from(&journal.resolver(), tag, "tag") {
        terminal.error(&problem.message, Some(&problem.help));
        let _ = writeln!(terminal.err, "nothing was added to `{name}`");
        return Ok(Exit::Problems);
    }
    // What the day holds in the journal's other files; the journal (with
    // the file's text) is let go before the file is read under its lock.
    let other = elsewhere(&journal, &file, date);
    drop(journal);

    let entry = if note.is_empty() {
        format!("{duration}  {tag}")
    } else {
        format!("{duration}  {tag}  ; {note}")
    };
    let (locked, bom, body) = locked_text(&file, &name)?;
    let mut inserted = insert_laid_out(&body, date, duration, tag, note);
    drop(body);
    let new_text = with_bom(bom, std::mem::take(&mut inserted.text));
    let refusal = format!("nothing was added to `{name}`");
    let Some(parsed) = check_change(
        terminal,
        &name,
        &locked.bytes,
        &new_text,
        app.today,
        &refusal,
    )?
    else {
        return Ok(Exit::Problems);
    };
    // A day is checked across the journal's files, not this file alone.
    let here: u64 = parsed
        .entries
        .iter()
        .filter(|e| e.date == date)
        .map(|e| u64::from(e.seconds))
        .sum();
    let total = here + other;
    if here <= u64::from(MAX_SECONDS) && total > u64::from(MAX_SECONDS) {
        terminal.error(
            &format!(
                "{date} would have {} logged across the journal's files, more than 24h",
                hours_minutes(total)
            ),
            Some("check the durations of this day in the journal's other files"),
        );
        let _ = writeln!(terminal.err, "nothing was added to `{name}`");
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
    note_layout(terminal, &inserted, duration);
    Ok(Exit::Success)
}

/// Locks `file` and reads it: the lock, its BOM (or ``) and the text after it.
pub(crate) fn locked_text(
    file: &Path,
    name: &str,
) -> Result<(Locked, &'static str, String), UsageError> {
    let locked = lock_for_change(file, name)?;
    let (bom, body) = decoded(&locked, name)?;
    let body = body.to_string();
    Ok((locked, bom, body))
}

/// Locks `file` to change it; a file that can be read but not written
/// says so (see [`cannot_lock`]).
pub(crate) fn lock_for_change(file: &Path, name: &str) -> Result<Locked, UsageError> {
    lock(file).map_err(|err| cannot_lock(file, name, &err))
}

/// A locked file's text: its BOM (or ``) and the text after it; a file
/// that is not UTF-8 is refused.
pub(crate) fn decoded<'l>(
    locked: &'l Locked,
    name: &str,
) -> Result<(&'static str, &'l str), UsageError> {
    let Ok(text) = std::str::from_utf8(&locked.bytes) else {
        return Err(UsageError::new(
            format!("`{name}` is not valid UTF-8"),
            "run `secl check` on it; secl writes only to UTF-8 files",
        ));
    };
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(body) => ("\u{FEFF}", body),
        None => ("", text),
    })
}

/// `text` with the file's `bom` (or ``) back in front, without a copy when
/// there is none.
pub(crate) fn with_bom(bom: &str, mut text: String) -> String {
    if !bom.is_empty() {
        text.insert_str(0, bom);
    }
    text
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

/// Says when an inserted line is wider than its formatted block's others.
pub(crate) fn note_layout(terminal: &mut Terminal, inserted: &Inserted, duration: &str) {
    if inserted.breaks_layout {
        let _ = writeln!(
            terminal.err,
            "note: `{duration}` is wider than the other durations of its day; `secl fmt` realigns the block"
        );
    }
}

/// Checks a change to a journal file (`before` → `after`, whole texts):
/// prints the diagnostics the change brings (not the file's old ones, even
/// where lines moved) and, when some are errors, `N errors; REFUSAL`.
/// Returns the changed file as parsed when the change may be written.
pub(crate) fn check_change(
    terminal: &mut Terminal,
    name: &str,
    before: &[u8],
    after: &str,
    today: chrono::NaiveDate,
    refusal: &str,
) -> Result<Option<ParsedFile>, Failure> {
    let options = Options {
        today,
        keep: Keep::Entries,
    };
    let after = SourceFile::from_bytes(name.to_string(), None, after.as_bytes().to_vec());
    let parsed = parse_file(0, &after, options);
    let new = &parsed.diagnostics;
    // A change whose file has no diagnostics brings none: the old text
    // need not be parsed (the common case, and half the cost).
    if new.is_empty() {
        return Ok(Some(parsed));
    }
    let before = SourceFile::from_bytes(name.to_string(), None, before.to_vec());
    let old = parse_file(0, &before, options).diagnostics;
    // Where the old spans stand in the new text: before the changed bytes
    // they stay, after them they move by the change in length.
    let (old_text, new_text) = (before.text().as_bytes(), after.text().as_bytes());
    let prefix = old_text
        .iter()
        .zip(new_text)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_text[prefix..]
        .iter()
        .rev()
        .zip(new_text[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let moved = |start: u32| -> Option<u32> {
        let start = start as usize;
        if start < prefix {
            Some(start as u32)
        } else if start >= old_text.len() - suffix {
            Some((start + new_text.len() - old_text.len()) as u32)
        } else {
            None
        }
    };
    let brought: Vec<&Diagnostic> = new
        .iter()
        .filter(|d| {
            !old.iter()
                .any(|o| o.code == d.code && moved(o.span.start) == Some(d.span.start))
        })
        .collect();
    let errors = brought
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    if !brought.is_empty() {
        terminal.diagnostics_in(&after, &brought)?;
    }
    if errors > 0 {
        let _ = writeln!(terminal.err, "{}; {refusal}", plural(errors, "error"));
        return Ok(None);
    }
    Ok(Some(parsed))
}

/// Why the file could not be opened for the change: a file that can be
/// read but not written (read-only, append-only, immutable) says so.
fn cannot_lock(file: &Path, name: &str, err: &std::io::Error) -> UsageError {
    if err.kind() == std::io::ErrorKind::PermissionDenied && std::fs::File::open(file).is_ok() {
        UsageError::new(
            format!("cannot write `{name}`: {}", describe(err)),
            "the file is read-only or append-only (chattr +a); secl rewrites it to add an entry",
        )
    } else {
        UsageError::new(
            format!("cannot read `{name}`: {}", describe(err)),
            "check the path",
        )
    }
}

/// The time `date` has in the journal's files other than `file`.
fn elsewhere(journal: &Journal, file: &Path, date: chrono::NaiveDate) -> u64 {
    let canonical = std::fs::canonicalize(file).ok();
    journal
        .entries
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.date == date && journal.sources.get(journal.file(*i)).canonical != canonical
        })
        .map(|(_, e)| u64::from(e.seconds))
        .sum()
}

/// Creates `file` empty if it does not exist (its directory must); whether
/// it did.
pub(crate) fn create_missing(file: &Path, name: &str) -> Result<bool, UsageError> {
    if std::fs::symlink_metadata(file).is_ok() {
        return Ok(false);
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
    {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(err) => Err(UsageError::new(
            format!("cannot create `{name}`: {}", describe(&err)),
            "secl creates a new file only in a directory that exists",
        )),
    }
}

/// `Mon 2024-01-15`, to confirm the day.
pub(crate) fn weekday_date(date: chrono::NaiveDate) -> String {
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
pub(crate) fn check_written(tag: &str, note: &str) -> Result<(), UsageError> {
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
        // Checked before the journal is read: a FIFO would never end.
        if let Err(err) = regular_file(&path) {
            return Err(UsageError::new(
                format!("cannot add to `{name}`: {}", describe(&err)),
                "give a .sec file with -f FILE",
            ));
        }
        return Ok((path, name));
    }
    app.default_file()
}
