//! `secl import`: calendar events (an `.ics` file) as clock-range entries,
//! tagged by a rules file, written into the file `add` would choose in one
//! locked, atomic write; an instance whose date and clock range the journal
//! already holds is left out, so importing twice adds nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::app::{App, Exit, Outcome, Terminal, UsageError};
use crate::cli::ImportArgs;
use crate::commands::add::{check_change, locked_text, target_file, with_bom, write_file};
use crate::diag::{Code, Diagnostic, plural};
use crate::edit::insert_all_laid_out;
use crate::import::ics::{self, IcsError, LocalZone, SystemZone};
use crate::import::rules::{self, RuleProblem, Rules};
use crate::import::{Existing, Plan, Window, by_date, plan};
use crate::journal::{Journal, Keep};
use crate::load::describe;
use crate::period;
use crate::render::diagnostics::{Located, Style, human_coded};
use crate::source::{SourceFile, Span};

/// The rules file looked for beside the journal.
pub const RULES_FILE: &str = "secl.rules";

/// How many unmatched summaries the summary lists.
const UNMATCHED_SHOWN: usize = 5;

/// Runs `secl import`.
pub fn run(app: &App, args: &ImportArgs, terminal: &mut Terminal) -> Outcome {
    let now = app.now;
    let window = window(app, args.period.as_deref(), now)?;
    let (file, name) = target_file(app)?;
    let journal = app.journal_of_file(&file, Keep::Entries);
    if !journal.io_errors.is_empty() {
        terminal.io_errors(&journal.io_errors);
        return Ok(Exit::Usage);
    }

    // The rules, every problem at once.
    let (rules_path, named) = match &args.rules {
        Some(path) => (PathBuf::from(path), true),
        None => (rules_beside(&journal, &file), false),
    };
    let rules_name = shown(&rules_path);
    let rules = match read_text(&rules_path, &rules_name, named)? {
        None => None,
        Some(text) => match rules::parse(&text, &journal.resolver()) {
            Ok(rules) => Some(rules),
            Err(problems) => {
                report_rules(&rules_name, &text, &problems, terminal)?;
                let _ = writeln!(
                    terminal.err,
                    "{} in `{rules_name}`; nothing was imported",
                    plural(problems.len(), "error")
                );
                return Ok(Exit::Problems);
            }
        },
    };

    // The calendar's instances up to now.
    let calendar_name = args.calendar.to_string_lossy().into_owned();
    let bytes = std::fs::read(&args.calendar).map_err(|err| {
        UsageError::new(
            format!("cannot read `{calendar_name}`: {}", describe(&err)),
            "export the calendar as an .ics file and give its path",
        )
    })?;
    let zone = SystemZone;
    let expanded = match std::str::from_utf8(&bytes) {
        Ok(text) => ics::expand(text, zone.instant(end_of_day(now)), &zone).map_err(|e| (text, e)),
        Err(err) => {
            let text = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
            let line = text.matches('\n').count() + 1;
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            report_ics(
                &calendar_name,
                &lossy,
                &IcsError {
                    line,
                    message: "the file is not valid UTF-8".into(),
                },
                terminal,
            )?;
            return Ok(Exit::Problems);
        }
    };
    let expanded = match expanded {
        Ok(expanded) => expanded,
        Err((text, error)) => {
            report_ics(&calendar_name, text, &error, terminal)?;
            return Ok(Exit::Problems);
        }
    };

    // The file written to is read under its lock, so that concurrent runs
    // see each other's entries.
    let locked = if args.dry_run {
        None
    } else {
        Some(locked_text(&file, &name)?)
    };
    let target = std::fs::canonicalize(&file).ok();
    let mut existing = Existing::default();
    for &id in &journal.files {
        let source = journal.sources.get(id);
        if locked.is_some() && source.canonical.is_some() && source.canonical == target {
            continue;
        }
        existing.add_text(source.text());
    }
    if let Some((_, _, body)) = &locked {
        existing.add_text(body);
    }
    let no_rules = Rules::default();
    let plan = plan(
        &expanded.instances,
        rules.as_ref().unwrap_or(&no_rules),
        window,
        &existing,
    );

    match locked {
        None => {
            for (date, entries) in by_date(&plan.entries) {
                writeln!(terminal.out, "{date}")?;
                for entry in entries {
                    writeln!(terminal.out, "  {}", entry.text())?;
                }
            }
            terminal.out.flush()?;
        }
        Some((locked, bom, body)) if !plan.entries.is_empty() => {
            let new_text = with_bom(bom, insert_all(&body, &plan));
            let refusal = format!("nothing was imported into `{name}`");
            if check_change(
                terminal,
                &name,
                &locked.bytes,
                &new_text,
                app.today,
                &refusal,
            )?
            .is_none()
            {
                return Ok(Exit::Problems);
            }
            write_file(&file, &name, &new_text)?;
            drop(locked);
        }
        Some(_) => {}
    }
    summary(&plan, &name, args.dry_run, terminal);
    let stderr = &mut terminal.err;
    if expanded.truncated > 0 {
        let _ = writeln!(
            stderr,
            "warning: {} stopped at {} instances each",
            plural(expanded.truncated, "recurring event"),
            ics::MAX_INSTANCES
        );
    }
    for event in &expanded.unreadable {
        let _ = writeln!(
            stderr,
            "warning: an event was left out, it cannot be read: {event}"
        );
    }
    if rules.is_none() {
        let _ = writeln!(
            stderr,
            "no rules file (`{rules_name}`): every event is unmatched; write one with lines like\n  \
             skip     (?i)lunch|focus time\n  \
             match    (?i)1:1|one-on-one   Technical mentorship\n  \
             default  Execution"
        );
    }
    Ok(Exit::Success)
}

/// The midnight after `now`: instances up to it are expanded, so that those
/// later today are counted as not yet ended.
fn end_of_day(now: NaiveDateTime) -> NaiveDateTime {
    (now.date() + chrono::Days::new(1)).and_time(chrono::NaiveTime::MIN)
}

/// `-p PERIOD`, else the earliest event through today; and now.
fn window(app: &App, period: Option<&str>, now: NaiveDateTime) -> Result<Window, UsageError> {
    let today = app.today;
    let (first, last) = match period {
        None => (None, Some(today)),
        Some(text) => {
            let parsed = period::parse(text, today)
                .map_err(|err| UsageError::new(format!("-p: {}", err.message), err.help))?;
            (parsed.first, parsed.last)
        }
    };
    Ok(Window { first, last, now })
}

/// `secl.rules` beside the journal's root (its first file), else beside
/// the file written to.
fn rules_beside(journal: &Journal, file: &Path) -> PathBuf {
    let first = journal
        .files
        .first()
        .and_then(|&id| journal.sources.get(id).canonical.clone())
        .or_else(|| std::fs::canonicalize(file).ok())
        .unwrap_or_else(|| file.to_path_buf());
    first
        .parent()
        .map_or_else(|| PathBuf::from(RULES_FILE), |dir| dir.join(RULES_FILE))
}

/// A path as the user would write it: relative to the current directory
/// where it is below it.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// A rules file's text: `None` when the default one does not exist.
fn read_text(path: &Path, name: &str, named: bool) -> Result<Option<String>, UsageError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            UsageError::new(format!("`{name}` is not valid UTF-8"), "save it as UTF-8")
        }),
        Err(err) if !named && err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(UsageError::new(
            format!("cannot read `{name}`: {}", describe(&err)),
            "check the path given with --rules",
        )),
    }
}

/// Every new entry into its day's block, in one pass per date.
fn insert_all(body: &str, plan: &Plan) -> String {
    let mut text = body.to_string();
    for (date, entries) in by_date(&plan.entries) {
        let durations: Vec<String> = entries.iter().map(|e| e.duration()).collect();
        let written: Vec<(&str, &str, &str)> = entries
            .iter()
            .zip(&durations)
            .map(|(e, duration)| (duration.as_str(), e.tag.as_str(), e.summary.as_str()))
            .collect();
        text = insert_all_laid_out(&text, date, &written).text;
    }
    text
}

fn style(terminal: &Terminal) -> Style {
    Style {
        color: terminal.err_color,
        width: terminal.width,
    }
}

/// The rules file's problems, in the human format.
fn report_rules(
    name: &str,
    text: &str,
    problems: &[RuleProblem],
    terminal: &mut Terminal,
) -> std::io::Result<()> {
    let source = SourceFile::from_text(name, text);
    let items: Vec<(Located, &str)> = problems
        .iter()
        .map(|p| {
            (
                Located {
                    diagnostic: &p.diagnostic,
                    source: &source,
                },
                p.code,
            )
        })
        .collect();
    let style = style(terminal);
    human_coded(&items, style, &mut terminal.err)
}

/// `secl::ics_syntax` at its line.
fn report_ics(
    name: &str,
    text: &str,
    error: &IcsError,
    terminal: &mut Terminal,
) -> std::io::Result<()> {
    // Only the lines around the error are shown: keep the excerpt small.
    let start = line_start(text, error.line.saturating_sub(2));
    let end = line_start(text, error.line + 2);
    let excerpt = &text[start..end];
    let offset = line_start(excerpt, 2.min(error.line));
    let line_len = excerpt[offset..]
        .find(['\r', '\n'])
        .unwrap_or(excerpt.len() - offset);
    let diagnostic = Diagnostic::new(
        Code::Syntax,
        0,
        Span {
            start: offset as u32,
            end: (offset + line_len.max(1)) as u32,
        },
        error.message.clone(),
        "here",
    )
    .with_help("export the calendar again; secl reads RFC 5545 iCalendar files");
    let source = SourceFile::from_text(&format!("{name} (line {})", error.line), excerpt);
    let style = style(terminal);
    human_coded(
        &[(
            Located {
                diagnostic: &diagnostic,
                source: &source,
            },
            "secl::ics_syntax",
        )],
        style,
        &mut terminal.err,
    )?;
    let _ = writeln!(
        terminal.err,
        "`{name}` does not parse; nothing was imported"
    );
    Ok(())
}

/// The byte offset where 0-based line `line` starts (the end if none).
fn line_start(text: &str, line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 1)
        .map_or(text.len(), |(at, _)| at + 1)
}

/// The summary on standard error.
fn summary(plan: &Plan, name: &str, dry_run: bool, terminal: &mut Terminal) {
    let err = &mut terminal.err;
    let minutes: u32 = plan.entries.iter().map(|e| e.minutes()).sum();
    let verb = if dry_run { "would import" } else { "imported" };
    let _ = writeln!(
        err,
        "{verb} {} ({:.2}h) into `{name}`",
        entries(plan.entries.len()),
        f64::from(minutes) / 60.0
    );
    let s = &plan.skipped;
    let reasons = [
        (s.already, "already imported"),
        (s.same_time, "at the same time as another event"),
        (s.by_rule, "by skip rules"),
        (s.unmatched, "unmatched"),
        (s.all_day, "all-day"),
        (s.too_long, "24h or longer"),
        (s.zero_length, "zero-length"),
        (s.cancelled, "cancelled"),
        (s.transparent, "transparent (free)"),
        (s.declined, "declined"),
        (s.not_ended, "not yet ended"),
    ];
    let total: usize = reasons.iter().map(|(n, _)| n).sum();
    if total > 0 {
        let listed: Vec<String> = reasons
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, why)| format!("{n} {why}"))
            .collect();
        let _ = writeln!(
            err,
            "skipped {}: {}",
            plural(total, "instance"),
            listed.join(", ")
        );
    }
    if !plan.unmatched.is_empty() {
        let _ = writeln!(
            err,
            "most frequent unmatched summaries (write a `match` rule for them):"
        );
        for (summary, count) in plan.unmatched.iter().take(UNMATCHED_SHOWN) {
            let shown = if summary.is_empty() {
                "(no summary)"
            } else {
                summary
            };
            let _ = writeln!(err, "  {count:>4}  {shown}");
        }
        if plan.unmatched.len() > UNMATCHED_SHOWN {
            let _ = writeln!(
                err,
                "  and {} more summaries",
                plan.unmatched.len() - UNMATCHED_SHOWN
            );
        }
    }
    for (entry, there) in &plan.moved {
        let clock = |m: u16| format!("{:02}:{:02}", (m / 60) % 24, m % 60);
        let _ = writeln!(
            err,
            "moved? {} `{}` is already there at {}-{}; now {}-{} (`secl check` shows the overlap)",
            entry.date,
            entry.summary,
            clock(there.0),
            clock(there.1),
            clock(entry.range.0),
            clock(entry.range.1)
        );
    }
}

/// `1 entry`, `2 entries`.
fn entries(count: usize) -> String {
    if count == 1 {
        "1 entry".into()
    } else {
        format!("{count} entries")
    }
}
