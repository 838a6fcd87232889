//! `secl start`, `secl stop`, `secl status`: a running timer kept in the
//! journal itself, as the entry `09:00-?  TAG  ; NOTE`.
//!
//! They write to the file `add` would choose and validate against that
//! file's journal, as `add` does: the same did-you-mean, the same lock and
//! atomic write, the same refusal of an error the change would bring. A
//! timer running in another file of the same log is stopped there, under
//! both files' locks (the stop written first and undone if the start
//! cannot be written).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, NaiveTime, Timelike};

use crate::app::{App, Exit, Failure, Outcome, Terminal, UsageError};
use crate::cli::{ClockArgs, StartArgs, StatusArgs, StopArgs};
use crate::commands::add::{
    check_change, check_written, create_missing, created_or_removed, decoded, lock_for_change,
    note_layout, target_file, with_bom, write_file,
};
use crate::edit::insert_laid_out;
use crate::journal::{Journal, Keep, Resolved, Timer};
use crate::load::describe;
use crate::parse::{Running, parse_str};
use crate::render::numbers::hm;
use crate::timer::{at_minute, clock, close, elapsed, round, stamp, started};
use crate::write::write_atomic;

/// The file to write to, its name, and its journal: the one place that
/// says which file `add` would choose and which journal holds it.
fn journal_file(app: &App) -> Result<(PathBuf, String, Journal), UsageError> {
    let (file, name) = target_file(app)?;
    let journal = app.journal_of_file(&file, Keep::Entries);
    Ok((file, name, journal))
}

/// The log `file` belongs to in `journal` (the first log when it is not
/// one of its files).
fn log_of(journal: &Journal, file: &Path) -> usize {
    let canonical = std::fs::canonicalize(file).ok();
    journal
        .files
        .iter()
        .zip(&journal.logs)
        .find(|&(&id, _)| {
            let source = journal.sources.get(id);
            source.canonical.is_some() && source.canonical == canonical
        })
        .map_or(0, |(_, &log)| log)
}

/// The running entries of `file`'s log.
fn running_in<'j>(journal: &'j Journal, file: &Path) -> Vec<&'j Timer> {
    let log = log_of(journal, file);
    journal.running.iter().filter(|t| t.log == log).collect()
}

/// Where a timer's file is, to lock and rewrite it.
fn path_of(journal: &Journal, timer: &Timer) -> PathBuf {
    let source = journal.sources.get(timer.file);
    source
        .canonical
        .clone()
        .unwrap_or_else(|| PathBuf::from(&source.name))
}

/// A timer's file as printed: as the user named it when it is the file
/// chosen (`-f`, `$SECL_FILE`), else as the journal reached it.
fn name_of(journal: &Journal, timer: &Timer, file: &Path, name: &str) -> String {
    let canonical = |path: &Path| std::fs::canonicalize(path).ok();
    match canonical(&path_of(journal, timer)) {
        Some(path) if Some(&path) == canonical(file).as_ref() => name.to_string(),
        _ => journal.sources.get(timer.file).name.clone(),
    }
}

/// `--round`: the unit in minutes (1 without it).
fn unit(args: &ClockArgs) -> u32 {
    args.round
        .as_deref()
        .and_then(|u| u.strip_suffix('m')?.parse().ok())
        .unwrap_or(1)
}

/// `--at HH:MM` as minutes after midnight.
fn at(text: &str) -> Result<i64, UsageError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map(|t| i64::from(t.hour() * 60 + t.minute()))
        .map_err(|_| {
            UsageError::new(
                format!("--at: `{text}` is not a time of day"),
                "write it as HH:MM, from 00:00 to 23:59, e.g. --at 09:30",
            )
        })
}

/// A time the user asked for: `--at` (today) or now, and the same rounded.
struct Asked {
    /// As given.
    exact: NaiveDateTime,
    /// After `--round`.
    rounded: NaiveDateTime,
}

impl Asked {
    fn new(app: &App, args: &ClockArgs, latest: i64) -> Result<Asked, UsageError> {
        let minute = match &args.at {
            Some(text) => at(text)?,
            None => i64::from(app.now.hour() * 60 + app.now.minute()),
        };
        let unit = unit(args);
        Ok(Asked {
            exact: at_minute(app.today, minute),
            rounded: at_minute(app.today, round(minute, unit).min(latest)),
        })
    }

    /// Refuses a time later than now (beyond what `--round` moves).
    fn not_after_now(&self, app: &App, args: &ClockArgs, what: &str) -> Result<(), Refused> {
        let slack = chrono::Duration::minutes(i64::from(unit(args) / 2));
        if self.exact > app.now || self.rounded > app.now + slack {
            return Err(Refused::new(
                format!(
                    "{what} {} is later than now ({})",
                    stamp(self.rounded),
                    stamp(app.now)
                ),
                "give a time up to now with --at HH:MM, or leave --at out for now",
            ));
        }
        Ok(())
    }
}

/// A refusal: `error: …` with a help, exit 1, nothing written.
struct Refused(UsageError);

impl Refused {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Refused {
        Refused(UsageError::new(message, help))
    }

    fn report(self, terminal: &mut Terminal, name: &str) -> Outcome {
        terminal.error(&self.0.message, self.0.help.as_deref());
        let _ = writeln!(terminal.err, "nothing was changed in `{name}`");
        Ok(Exit::Problems)
    }
}

/// A running entry closed at `end` (the same instant as a start, or a stop).
struct Closing {
    /// The file's new text (its BOM included).
    text: String,
    /// What to print: `stopped TAG 09:00-10:30 (1h30m)`.
    said: String,
}

/// Closes `written` (in the text of a file, BOM excluded) at `end`, which
/// must be after its start and at most 24 hours later.
fn closing(
    body: &str,
    written: &Running,
    end: NaiveDateTime,
    note: &str,
    tag: &str,
) -> Result<Closing, Refused> {
    let start = started(written);
    let minutes = (end - start).num_minutes();
    if minutes <= 0 {
        return Err(Refused::new(
            format!(
                "the timer started at {}: {} is not after its start",
                stamp(start),
                stamp(end)
            ),
            "stop it at a later time with --at HH:MM",
        ));
    }
    if minutes > 24 * 60 {
        return Err(Refused::new(
            format!(
                "the timer has run since {}, more than 24 hours",
                stamp(start)
            ),
            format!(
                "give the time it ended with `secl stop --at HH:MM` (the first such time after {} is taken)",
                clock(i64::from(written.start))
            ),
        ));
    }
    let end_clock = clock(i64::from(written.start) + minutes);
    let range = format!("{}-{end_clock}", clock(i64::from(written.start)));
    Ok(Closing {
        text: close(body, written, &end_clock, note),
        said: format!("stopped  {tag}  {range}  ({})", hm(minutes * 60)),
    })
}

/// The end a stop asks for: the first such time of day after the start.
fn first_after(written: &Running, asked: NaiveDateTime) -> NaiveDateTime {
    let start = started(written);
    let minute = i64::from(asked.hour() * 60 + asked.minute());
    let mut end = at_minute(written.date, minute);
    while end < start {
        end += chrono::Duration::days(1);
    }
    end
}

/// The one running entry of a file's text as it is now (under its lock).
fn running_of(body: &str) -> Option<Running> {
    let mut running = parse_str(body).running;
    (running.len() == 1).then(|| running.remove(0))
}

/// Refuses a log with more than one running entry.
fn one_timer<'j>(timers: &[&'j Timer]) -> Result<Option<&'j Timer>, Refused> {
    match timers {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        [_, second, ..] => Err(Refused::new(
            format!(
                "two timers are running (the second since {})",
                stamp(started(&second.written))
            ),
            "close one by writing its end time, then run `secl check`",
        )),
    }
}

/// Runs `secl start`.
pub fn start(app: &App, args: &StartArgs, terminal: &mut Terminal) -> Outcome {
    let note = args.note.join(" ");
    let tag = args.tag.trim();
    check_written(tag, &note)?;
    let asked = Asked::new(app, &args.clock, 24 * 60 - 1)?;
    let (file, name) = target_file(app)?;
    // A file that does not exist yet is created (before its journal is
    // read, so that a glob reaches it), and removed again if refused.
    let created = create_missing(&file, &name)?;
    let journal = app.journal_of_file(&file, Keep::Entries);
    let outcome = match Resolved::from(&journal.resolver(), tag, "tag") {
        Resolved::Problem(problem) => {
            terminal.error(&problem.message, Some(&problem.help));
            let _ = writeln!(terminal.err, "nothing was changed in `{name}`");
            Ok(Exit::Problems)
        }
        _ => match start_timer(
            app, args, &asked, &file, &name, &journal, tag, &note, terminal,
        ) {
            Ok(exit) => Ok(exit),
            Err(Stop::Refused(refused)) => refused.report(terminal, &name),
            Err(Stop::Failed(failure)) => Err(failure),
        },
    };
    created_or_removed(created, &file, &name, outcome, terminal)
}

/// Why a start or stop ended early.
enum Stop {
    Refused(Refused),
    Failed(Failure),
}

impl From<Refused> for Stop {
    fn from(refused: Refused) -> Stop {
        Stop::Refused(refused)
    }
}

impl From<UsageError> for Stop {
    fn from(err: UsageError) -> Stop {
        Stop::Failed(err.into())
    }
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Stop {
        Stop::Failed(failure)
    }
}

impl From<std::io::Error> for Stop {
    fn from(err: std::io::Error) -> Stop {
        Stop::Failed(err.into())
    }
}

#[allow(clippy::too_many_arguments)]
fn start_timer(
    app: &App,
    args: &StartArgs,
    asked: &Asked,
    file: &Path,
    name: &str,
    journal: &Journal,
    tag: &str,
    note: &str,
    terminal: &mut Terminal,
) -> Result<Exit, Stop> {
    asked.not_after_now(app, &args.clock, "the start")?;
    let start = asked.rounded;
    let written = format!("{}-?", clock(i64::from(start.hour() * 60 + start.minute())));
    let canonical = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.into());
    let timer = one_timer(&running_in(journal, file))?;
    let resolver = journal.resolver();
    let other = timer.filter(|t| canonical(&path_of(journal, t)) != canonical(file));

    // Locks in path order, so that two runs never wait on each other.
    let other_path = other.map(|t| path_of(journal, t));
    let other_name = other.map(|t| journal.sources.get(t.file).name.clone());
    let (own_lock, other_lock) = match &other_path {
        Some(path) if canonical(path) < canonical(file) => {
            let first = lock_for_change(path, other_name.as_deref().unwrap_or_default())?;
            (lock_for_change(file, name)?, Some(first))
        }
        Some(path) => {
            let own = lock_for_change(file, name)?;
            let second = lock_for_change(path, other_name.as_deref().unwrap_or_default())?;
            (own, Some(second))
        }
        None => (lock_for_change(file, name)?, None),
    };
    let (bom, body) = decoded(&own_lock, name)?;
    let mut said = Vec::new();
    // The running entry stops at the start's minute, first.
    let mut own_text: Option<String> = None;
    let mut other_write: Option<(PathBuf, String, String)> = None;
    let tag_of = |written: &Running| match Resolved::from(&resolver, &written.tag, "tag") {
        Resolved::Node(node) => journal.taxonomy.path(node),
        _ => written.tag.clone(),
    };
    if let (Some(locked), Some(path), Some(other_name)) = (&other_lock, &other_path, &other_name) {
        let (other_bom, other_body) = decoded(locked, other_name)?;
        if let Some(written) = running_of(other_body) {
            let closed = closing(other_body, &written, start, "", &tag_of(&written))?;
            let new_text = with_bom(other_bom, closed.text);
            let refusal = format!("nothing was changed in `{other_name}`");
            if check_change(
                terminal,
                other_name,
                &locked.bytes,
                &new_text,
                app.today,
                &refusal,
            )?
            .is_none()
            {
                return Ok(Exit::Problems);
            }
            said.push(closed.said);
            other_write = Some((path.clone(), other_name.clone(), new_text));
        }
    }
    // The file as it is under its lock: a timer started meanwhile counts.
    let own_running = parse_str(body).running;
    if own_running.len() + usize::from(other_write.is_some()) > 1 {
        return Err(Refused::new(
            "two timers are running",
            "close one by writing its end time, then run `secl check`",
        )
        .into());
    }
    if let Some(written) = own_running.first() {
        let closed = closing(body, written, start, "", &tag_of(written))?;
        own_text = Some(closed.text);
        said.push(closed.said);
    }
    let mut inserted = insert_laid_out(
        own_text.as_deref().unwrap_or(body),
        app.today,
        &written,
        tag,
        note,
    );
    drop(own_text);
    let new_text = with_bom(bom, std::mem::take(&mut inserted.text));
    let refusal = format!("nothing was changed in `{name}`");
    if check_change(
        terminal,
        name,
        &own_lock.bytes,
        &new_text,
        app.today,
        &refusal,
    )?
    .is_none()
    {
        return Ok(Exit::Problems);
    }
    // The stop first; undone if the start cannot be written.
    if let Some((path, other_name, text)) = &other_write {
        write_file(path, other_name, text)?;
    }
    if let Err(err) = write_file(file, name, &new_text) {
        if let (Some((path, other_name, _)), Some(locked)) = (&other_write, &other_lock)
            && let Err(undo) = write_atomic(path, &locked.bytes)
        {
            terminal.error(
                &format!(
                    "could not undo the stop in `{other_name}`: {}",
                    describe(&undo)
                ),
                Some("write the running entry's end back to `?` by hand"),
            );
        }
        return Err(err.into());
    }
    drop(own_lock);
    drop(other_lock);
    let canonical_tag = match Resolved::from(&resolver, tag, "tag") {
        Resolved::Node(node) => journal.taxonomy.path(node),
        _ => tag.to_string(),
    };
    for line in said {
        writeln!(terminal.out, "{line}")?;
    }
    writeln!(
        terminal.out,
        "started  {canonical_tag}  {written}  ({name}:{})",
        inserted.line
    )?;
    note_layout(terminal, &inserted, &written);
    Ok(Exit::Success)
}

/// Completions for `start`'s TAG: the default input's aliases, then every
/// node's canonical path (nothing when there is no journal here).
pub fn tag_candidates() -> Vec<clap_complete::engine::CompletionCandidate> {
    use clap_complete::engine::CompletionCandidate;
    let options = crate::parse::Options {
        today: chrono::NaiveDate::MAX,
        keep: crate::journal::Keep::Entries,
    };
    let loaded = crate::load::load(
        &[crate::app::default_input()],
        &mut std::io::empty(),
        options,
    );
    let journal = crate::journal::build(loaded);
    let taxonomy = &journal.taxonomy;
    let mut candidates: Vec<CompletionCandidate> = journal
        .aliases
        .iter()
        .filter_map(|(name, target)| match target {
            crate::resolve::AliasTarget::Node(node) => {
                Some(CompletionCandidate::new(name).help(Some(taxonomy.path(*node).into())))
            }
            crate::resolve::AliasTarget::Broken => None,
        })
        .collect();
    // Every node by its own name where that names one node (a tag resolves
    // by its trailing segments), then by its canonical path.
    let nodes = taxonomy.preorder();
    let mut names: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &node in &nodes {
        *names
            .entry(taxonomy.node(node).folded.as_str())
            .or_default() += 1;
    }
    for &node in &nodes {
        let own = taxonomy.node(node);
        if own.parent.is_some() && names[own.folded.as_str()] == 1 {
            candidates
                .push(CompletionCandidate::new(&own.name).help(Some(taxonomy.path(node).into())));
        }
    }
    candidates.extend(
        nodes
            .into_iter()
            .map(|node| CompletionCandidate::new(taxonomy.path(node))),
    );
    candidates
}

/// Runs `secl stop`.
pub fn stop(app: &App, args: &StopArgs, terminal: &mut Terminal) -> Outcome {
    let note = args.note.join(" ");
    check_written("-", &note)?;
    let asked = Asked::new(app, &args.clock, 24 * 60)?;
    let (file, name, journal) = journal_file(app)?;
    let result = (|| -> Result<Exit, Stop> {
        let Some(timer) = one_timer(&running_in(&journal, &file))? else {
            return Err(
                Refused::new("no timer is running", "start one with `secl start TAG`").into(),
            );
        };
        let path = path_of(&journal, timer);
        let timer_name = name_of(&journal, timer, &file, &name);
        let locked = lock_for_change(&path, &timer_name)?;
        let (bom, body) = decoded(&locked, &timer_name)?;
        let Some(written) = running_of(body) else {
            return Err(Refused::new(
                format!("no timer is running in `{timer_name}` any more"),
                "run `secl status`",
            )
            .into());
        };
        let end = first_after(&written, asked.rounded);
        // Not yet run at all is refused below, as an end not after the start.
        if args.clock.at.is_none()
            && elapsed(&written, app.now).is_none()
            && app.now > started(&written)
        {
            return Err(Refused::new(
                format!(
                    "the timer has run since {}, more than 24 hours",
                    stamp(started(&written))
                ),
                "give the time it ended with `secl stop --at HH:MM`",
            )
            .into());
        }
        let exact = Asked {
            exact: first_after(&written, asked.exact),
            rounded: end,
        };
        exact.not_after_now(app, &args.clock, "the end")?;
        let tag = journal.taxonomy.path(timer.node);
        let closed = closing(body, &written, end, &note, &tag)?;
        let new_text = with_bom(bom, closed.text);
        let refusal = format!("nothing was changed in `{timer_name}`");
        if check_change(
            terminal,
            &timer_name,
            &locked.bytes,
            &new_text,
            app.today,
            &refusal,
        )?
        .is_none()
        {
            return Ok(Exit::Problems);
        }
        write_file(&path, &timer_name, &new_text)?;
        drop(locked);
        writeln!(
            terminal.out,
            "{}  ({timer_name}:{})",
            closed.said, written.line
        )?;
        Ok(Exit::Success)
    })();
    match result {
        Ok(exit) => Ok(exit),
        Err(Stop::Refused(refused)) => refused.report(terminal, &name),
        Err(Stop::Failed(failure)) => Err(failure),
    }
}

/// Runs `secl status`.
pub fn status(app: &App, args: &StatusArgs, terminal: &mut Terminal) -> Outcome {
    let (file, name, journal) = journal_file(app)?;
    let errors = crate::diag::Tally::of(&journal.diagnostics).errors;
    if errors > 0 || !journal.io_errors.is_empty() {
        let _ = writeln!(
            terminal.err,
            "the journal has {}; run secl check",
            crate::diag::plural(errors.max(journal.io_errors.len()), "error")
        );
        return Ok(Exit::Problems);
    }
    let log = log_of(&journal, &file);
    let timer = running_in(&journal, &file).into_iter().next();
    let mut today: u64 = (0..journal.entries.len())
        .filter(|&i| {
            journal.entries[i].date == app.today && {
                let id = journal.file(i);
                journal
                    .files
                    .iter()
                    .position(|&f| f == id)
                    .is_some_and(|at| journal.logs[at] == log)
            }
        })
        .map(|i| u64::from(journal.entries[i].seconds))
        .sum();
    let running = timer.map(|t| {
        let seconds = (app.now - started(&t.written)).num_seconds().max(0);
        // `--now` already counted it among the entries.
        if t.written.date == app.today && !app.count_running {
            today += elapsed(&t.written, app.now).map_or(0, u64::from);
        }
        (t, seconds)
    });
    if args.output == "json" {
        let running = running.map(|(t, seconds)| {
            serde_json::json!({
                "tag": journal.taxonomy.path(t.node),
                "start": started(&t.written).format("%Y-%m-%dT%H:%M").to_string(),
                "seconds": seconds,
                "file": name_of(&journal, t, &file, &name),
                "line": t.written.line,
            })
        });
        let document = serde_json::json!({ "running": running, "today": today });
        writeln!(terminal.out, "{document}")?;
        return Ok(Exit::Success);
    }
    match running {
        Some((t, seconds)) => writeln!(
            terminal.out,
            "running  {}  since {}  ({})",
            journal.taxonomy.path(t.node),
            stamp(started(&t.written)),
            hm(seconds)
        )?,
        None => writeln!(terminal.out, "no timer running")?,
    }
    writeln!(terminal.out, "today    {}", hm(today as i64))?;
    Ok(Exit::Success)
}
