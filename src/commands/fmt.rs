//! `secl fmt`: rewrite journal files in the canonical layout (see
//! [`crate::fmt`]), or with `--check` show what would change.
//!
//! Like taplo, every file is processed before the exit status is decided: a
//! file with syntax errors is reported and left untouched, the others are
//! formatted. Only the named or walked files are formatted, not their
//! includes.

use std::io::{Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use owo_colors::OwoColorize;
use similar::udiff::UnifiedHunkHeader;
use similar::{Algorithm, DiffOp, capture_diff_slices, group_diff_ops};

use crate::app::{App, Exit, Failure, Outcome, Terminal, input_of};
use crate::cli::FmtArgs;
use crate::diag::{Diagnostic, plural};
use crate::fmt::format;
use crate::load::{Input, IoError, describe, walk};
use crate::source::{SourceFile, escape, read_bytes};
use crate::write::{lock, regular_file, write_atomic};

/// What happened to the files.
#[derive(Default)]
struct Tally {
    changed: usize,
    unchanged: usize,
    refused: usize,
    /// Files that could not be read or written.
    failed: usize,
}

/// Runs `secl fmt`.
pub fn run(app: &App, args: &FmtArgs, terminal: &mut Terminal) -> Outcome {
    let inputs: Vec<Input> = if args.paths.is_empty() {
        app.inputs()
    } else {
        args.paths.iter().map(input_of).collect()
    };
    let mut tally = Tally::default();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for input in &inputs {
        match input {
            Input::Stdin => filter_stdin(args.check, terminal, &mut tally)?,
            Input::Path(path) if path.is_dir() => {
                let (found, errors) = walk(path, &path.to_string_lossy(), false);
                files.extend(found);
                report_io(terminal, &errors, &mut tally);
            }
            // With no PATHS, a journal root stands for every file it reaches.
            Input::Path(path) if args.paths.is_empty() && crate::roots::is_root_file(path) => {
                files.extend(app.reached_files(path));
            }
            Input::Path(path) => files.push((path.clone(), path.to_string_lossy().into_owned())),
            Input::Default(dir) => {
                let (found, errors) = walk(dir, &dir.to_string_lossy(), true);
                files.extend(found);
                report_io(terminal, &errors, &mut tally);
            }
        }
    }
    // A file reached twice (named twice, by a symlink, or inside a named
    // directory) is formatted once, under the first name it was reached by.
    let mut seen = std::collections::HashSet::new();
    for (path, name) in files {
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            // The name as printed: what would act on a terminal is escaped.
            let name = escape(&name);
            format_file(&path, &name, args.check, terminal, &mut tally)?;
        }
    }
    let summary = if args.check {
        format!(
            "{} would be reformatted, {} already formatted",
            plural(tally.changed, "file"),
            tally.unchanged
        )
    } else {
        format!(
            "{} reformatted, {} unchanged",
            plural(tally.changed, "file"),
            tally.unchanged
        )
    };
    let refused = if tally.refused > 0 {
        format!(
            ", {} with errors left untouched",
            plural(tally.refused, "file")
        )
    } else {
        String::new()
    };
    let _ = writeln!(terminal.err, "{summary}{refused}");
    Ok(if tally.failed > 0 {
        Exit::Usage
    } else if tally.refused > 0 || (args.check && tally.changed > 0) {
        Exit::Problems
    } else {
        Exit::Success
    })
}

fn report_io(terminal: &mut Terminal, errors: &[IoError], tally: &mut Tally) {
    terminal.io_errors(errors);
    tally.failed += errors.len();
}

/// Formats one file in place, or shows the diff. Reading needs only read
/// access, so `--check` and an already formatted file never ask for more;
/// a file that changes is read again and written under its lock.
fn format_file(
    path: &Path,
    name: &str,
    check: bool,
    terminal: &mut Terminal,
    tally: &mut Tally,
) -> Result<(), Failure> {
    // A FIFO or a device is never read: it may never end.
    if let Err(err) = regular_file(path) {
        terminal.error(&format!("cannot format `{name}`: {}", describe(&err)), None);
        tally.failed += 1;
        return Ok(());
    }
    let original = match read_bytes(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            terminal.error(&format!("cannot read `{name}`: {}", describe(&err)), None);
            tally.failed += 1;
            return Ok(());
        }
    };
    let Some(formatted) = format_or_refuse(name, original.clone(), terminal, tally)? else {
        return Ok(());
    };
    if formatted.as_bytes() == original.as_slice() {
        tally.unchanged += 1;
        return Ok(());
    }
    if check {
        tally.changed += 1;
        let color = terminal.out_color;
        return Ok(diff(
            &String::from_utf8_lossy(&original),
            &formatted,
            name,
            color,
            &mut terminal.out,
        )?);
    }
    let cannot_write = |terminal: &mut Terminal, err: std::io::Error| {
        terminal.error(
            &format!("cannot write `{name}`: {}", describe(&err)),
            Some("the file is unchanged"),
        );
    };
    // Under the lock, the file as it is now.
    let locked = match lock(path) {
        Ok(locked) => locked,
        Err(err) => {
            cannot_write(terminal, err);
            tally.failed += 1;
            return Ok(());
        }
    };
    // Formatted again only if another run wrote the file since it was read.
    let (current, formatted) = if locked.bytes == original {
        (original, formatted)
    } else {
        let current = locked.bytes.clone();
        let Some(formatted) = format_or_refuse(name, locked.bytes, terminal, tally)? else {
            return Ok(());
        };
        (current, formatted)
    };
    if formatted.as_bytes() == current.as_slice() {
        tally.unchanged += 1;
    } else if let Err(err) = write_atomic(path, formatted.as_bytes()) {
        cannot_write(terminal, err);
        tally.failed += 1;
    } else {
        tally.changed += 1;
    }
    Ok(())
}

/// The formatted text, or `None` (the file refused and counted) when it has
/// errors.
fn format_or_refuse(
    name: &str,
    bytes: Vec<u8>,
    terminal: &mut Terminal,
    tally: &mut Tally,
) -> Result<Option<String>, Failure> {
    let source = SourceFile::from_bytes(name.to_string(), None, bytes);
    match format(0, &source) {
        Ok(formatted) => Ok(Some(formatted)),
        Err(errors) => {
            refuse(&source, &errors, terminal)?;
            tally.refused += 1;
            Ok(None)
        }
    }
}

/// `fmt -`: standard input to standard output. A text that cannot be
/// formatted goes out unchanged (an editor piping its buffer through secl
/// must not lose it), with the errors on standard error.
fn filter_stdin(check: bool, terminal: &mut Terminal, tally: &mut Tally) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut bytes) {
        terminal.error(&format!("cannot read `-`: {}", describe(&err)), None);
        tally.failed += 1;
        return Ok(());
    }
    let source = SourceFile::from_bytes("-".into(), None, bytes.clone());
    match format(0, &source) {
        Ok(formatted) => {
            let changed = formatted.as_bytes() != bytes.as_slice();
            if changed {
                tally.changed += 1;
            } else {
                tally.unchanged += 1;
            }
            if check {
                if changed {
                    let color = terminal.out_color;
                    diff(
                        &String::from_utf8_lossy(&bytes),
                        &formatted,
                        "-",
                        color,
                        &mut terminal.out,
                    )?;
                }
            } else {
                terminal.out.write_all(formatted.as_bytes())?;
            }
        }
        Err(errors) => {
            refuse(&source, &errors, terminal)?;
            tally.refused += 1;
            if !check {
                terminal.out.write_all(&bytes)?;
            }
        }
    }
    Ok(())
}

/// Shows why a file is left as it is.
fn refuse(
    source: &SourceFile,
    errors: &[Diagnostic],
    terminal: &mut Terminal,
) -> Result<(), Failure> {
    let errors: Vec<&Diagnostic> = errors.iter().collect();
    terminal.diagnostics_in(source, &errors)?;
    let _ = writeln!(
        terminal.err,
        "`{}` is left unformatted: {}",
        source.name,
        plural(errors.len(), "error")
    );
    Ok(())
}

/// A unified diff from `old` to `new`, coloured on a terminal. Formatting
/// keeps every day header where it was among the others, so the texts are
/// compared a few day blocks at a time (see [`blocks`]), never as one
/// search across the file, and the hunks are written one by one.
fn diff(old: &str, new: &str, name: &str, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut ops: Vec<DiffOp> = Vec::new();
    for (old_block, new_block) in blocks(&old_lines, &new_lines) {
        let found = capture_diff_slices(
            Algorithm::Myers,
            &old_lines[old_block.clone()],
            &new_lines[new_block.clone()],
        );
        for op in found {
            let op = shifted(op, old_block.start, new_block.start);
            match (ops.last_mut(), op) {
                (Some(DiffOp::Equal { len, .. }), DiffOp::Equal { len: more, .. }) => *len += more,
                _ => ops.push(op),
            }
        }
    }
    let mut text = format!("--- {name}\n+++ {name} (formatted)\n");
    for group in group_diff_ops(ops, 3) {
        if group.is_empty() {
            continue;
        }
        text.push_str(&format!("{}\n", UnifiedHunkHeader::new(&group)));
        for op in &group {
            for change in op.iter_changes(&old_lines[..], &new_lines[..]) {
                text.push_str(&format!("{}{}", change.tag(), change.value()));
                if change.missing_newline() {
                    text.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
        colored(&text, color, out)?;
        text.clear();
    }
    Ok(())
}

/// The parts of the old and new texts to compare, paired. They are made
/// of day blocks (each from a day header to the next; the first from the
/// top): a run of changed blocks is one part, up to [`REGION_LINES`]
/// lines, and an unchanged block stands alone, so the diff is the one the
/// whole texts would give while no search spans more than a few thousand
/// lines. When the texts do not have as many headers, the whole texts are
/// one part.
fn blocks(old: &[&str], new: &[&str]) -> Vec<(Range<usize>, Range<usize>)> {
    let starts = |lines: &[&str]| -> Vec<usize> {
        let header = |line: &&str| {
            let line = line.trim_start_matches('\u{FEFF}');
            line.as_bytes().first().is_some_and(u8::is_ascii_digit)
        };
        let mut starts = vec![0];
        starts.extend((1..lines.len()).filter(|&i| header(&lines[i])));
        starts.push(lines.len());
        starts
    };
    let (old_starts, new_starts) = (starts(old), starts(new));
    if old_starts.len() != new_starts.len() {
        return vec![(0..old.len(), 0..new.len())];
    }
    let mut parts: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut open = false;
    for (o, n) in old_starts.windows(2).zip(new_starts.windows(2)) {
        let (o, n) = (o[0]..o[1], n[0]..n[1]);
        let same = old[o.clone()] == new[n.clone()];
        match parts.last_mut() {
            Some(part) if open && !same && part.0.len() < REGION_LINES => {
                part.0.end = o.end;
                part.1.end = n.end;
            }
            _ => parts.push((o, n)),
        }
        open = !same;
    }
    parts
}

/// The most lines of the old text one search of `fmt --check` covers
/// before it starts another at the next day header.
const REGION_LINES: usize = 10_000;

/// A diff operation of a block, in lines of the whole texts.
fn shifted(op: DiffOp, old_at: usize, new_at: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + old_at,
            new_index: new_index + new_at,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + old_at,
            old_len,
            new_index: new_index + new_at,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + old_at,
            new_index: new_index + new_at,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + old_at,
            old_len,
            new_index: new_index + new_at,
            new_len,
        },
    }
}

/// Writes lines of a diff, coloured when `color` is true.
fn colored(text: &str, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    // Each line keeps its own ending, so a CRLF file's diff applies with
    // `patch`; colour goes around the text, not the ending.
    for whole in text.split_inclusive('\n') {
        let line = whole.trim_end_matches(['\r', '\n']);
        let ending = &whole[line.len()..];
        match line.as_bytes().first() {
            Some(b'+') if color && !line.starts_with("+++") => write!(out, "{}", line.green())?,
            Some(b'-') if color && !line.starts_with("---") => write!(out, "{}", line.red())?,
            Some(b'@') if color => write!(out, "{}", line.cyan())?,
            _ => write!(out, "{line}")?,
        }
        out.write_all(ending.as_bytes())?;
    }
    Ok(())
}
