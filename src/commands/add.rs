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

use crate::app::{App, Exit, Failure, Outcome, Terminal, UsageError, default_input};
use crate::cli::AddArgs;
use crate::diag::{Diagnostic, Severity, plural};
use crate::edit::{Inserted, insert_laid_out};
use crate::journal::{Journal, Keep, Resolved};
use crate::load::{Input, describe, walk};
use crate::parse::{Options, duration, parse_file};
use crate::period;
use crate::source::SourceFile;
use crate::source::escape;
use crate::write::{lock, regular_file, write_atomic};

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
    let locked = lock(&file).map_err(|err| cannot_lock(&file, &name, &err))?;
    let Ok(text) = std::str::from_utf8(&locked.bytes) else {
        return Err(UsageError::new(
            format!("`{name}` is not valid UTF-8"),
            "run `secl check` on it; secl adds only to UTF-8 files",
        )
        .into());
    };
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(body) => ("\u{FEFF}", body),
        None => ("", text),
    };
    let inserted = insert_laid_out(body, date, duration, tag, &note);
    let new_text = format!("{bom}{}", inserted.text);
    let refusal = format!("nothing was added to `{name}`");
    if !check_change(
        terminal,
        &name,
        &locked.bytes,
        &new_text,
        app.today,
        &refusal,
    )? {
        return Ok(Exit::Problems);
    }
    write_atomic(&file, new_text.as_bytes()).map_err(|err| {
        UsageError::new(
            format!("cannot write `{name}`: {}", describe(&err)),
            "the file is unchanged",
        )
    })?;
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
/// Returns whether the change may be written.
pub(crate) fn check_change(
    terminal: &mut Terminal,
    name: &str,
    before: &[u8],
    after: &str,
    today: chrono::NaiveDate,
    refusal: &str,
) -> Result<bool, Failure> {
    let options = Options {
        today,
        keep: Keep::Entries,
    };
    let before = SourceFile::from_bytes(name.to_string(), None, before.to_vec());
    let after = SourceFile::from_bytes(name.to_string(), None, after.as_bytes().to_vec());
    let old = parse_file(0, &before, options).diagnostics;
    let new = parse_file(0, &after, options).diagnostics;
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
        return Ok(false);
    }
    Ok(true)
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
