//! The checks behind secl's fuzz targets, one function per target: each
//! takes arbitrary bytes and panics only on a bug.
//!
//! This file is the library of the `fuzz/` crate (used by the libFuzzer
//! targets in `fuzz/fuzz_targets/`), and it is also compiled into
//! `tests/fuzz_corpus.rs` as a module, so that `cargo test` replays the
//! committed corpus through exactly the same checks. It therefore uses only `secl`'s public API, `chrono` and
//! `serde_json` (both dependencies of secl itself).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use secl::app::sorted;
use secl::diag::Diagnostic;
use secl::journal::build;
use secl::load::{Input, load};
use secl::parse::{Directive, Keep, Options, ParsedFile, parse_file};
use secl::period::{self, DateSpan, Unit};
use secl::render::diagnostics::{Format, Style, render};
use secl::source::{SourceFile, Span};

/// "Today" for the journal checks: fixed, so every run is reproducible,
/// and early enough that inputs can hold future entries.
const TODAY: &str = "2024-06-15";

/// More report columns than this are not cut: `split` is linear in the
/// number of columns, and `..9999 --by day` is slow, not wrong.
const MAX_COLUMNS: i64 = 5_000;

/// Parses a date the fuzzers use, through secl's own date parser.
fn date(text: &str) -> NaiveDate {
    period::parse_date(text).expect("a valid built-in date")
}

// ---------------------------------------------------------------------------
// parse
// ---------------------------------------------------------------------------

/// `parse`: bytes → `SourceFile::from_bytes` → `parse_file` with both
/// `Keep` values. Every span must lie in the text, on char boundaries, and
/// what is parsed must not depend on what is kept.
pub fn parse(data: &[u8]) {
    let source = SourceFile::from_bytes("fuzz.sec".into(), None, data.to_vec());
    let text = source.text();
    let today = date(TODAY);
    let entries = parse_file(
        0,
        &source,
        Options {
            today,
            keep: Keep::Entries,
        },
    );
    let notes = parse_file(
        0,
        &source,
        Options {
            today,
            keep: Keep::Notes,
        },
    );
    for parsed in [&entries, &notes] {
        check_parsed(text, parsed);
    }
    assert_eq!(
        notes.notes.len(),
        notes.entries.len(),
        "Keep::Notes keeps one Notes per entry"
    );
    assert_eq!(entries.entries, notes.entries, "entries depend on Keep");
    assert_eq!(entries.days, notes.days, "days depend on Keep");
    assert_eq!(
        entries.directives, notes.directives,
        "directives depend on Keep"
    );
    assert_eq!(entries.tags, notes.tags, "tags depend on Keep");
    assert_eq!(entries.lines, notes.lines, "line count depends on Keep");
    assert_eq!(
        summary(&entries.diagnostics),
        summary(&notes.diagnostics),
        "diagnostics depend on Keep"
    );
}

/// The parts of diagnostics that must not depend on `Keep`.
fn summary(diagnostics: &[Diagnostic]) -> Vec<(&'static str, Span, &str)> {
    diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.span, d.message.as_str()))
        .collect()
}

/// Asserts that `span` lies in `text` and starts and ends on char
/// boundaries.
fn check_span(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what} span {start}..{end} is outside the text (length {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} splits a character"
    );
}

/// Asserts that every span of a parsed file lies in its text.
fn check_parsed(text: &str, parsed: &ParsedFile) {
    for d in &parsed.diagnostics {
        assert_eq!(d.file, 0, "diagnostic in another file");
        check_span(text, d.span, d.code.as_str());
        for related in &d.related {
            check_span(text, related.span, "related");
        }
    }
    for notes in &parsed.notes {
        check_span(
            text,
            Span::new(notes.tag as usize, notes.tag as usize),
            "tag",
        );
        check_span(text, notes.note, "note");
        check_span(text, notes.day_note, "day note");
    }
    for tag in &parsed.tags {
        check_span(text, *tag, "written tag");
    }
    for day in &parsed.days {
        check_span(text, day.span, "day header");
        check_span(text, day.note, "day note");
    }
    for directive in &parsed.directives {
        check_span(text, directive.span, "directive");
        match directive.kind {
            Directive::Taxonomy { name } => check_span(text, name, "taxonomy name"),
            Directive::Tag { path } => check_span(text, path, "tag path"),
            Directive::Alias { name, target } => {
                check_span(text, name, "alias name");
                check_span(text, target, "alias target");
            }
            Directive::Target { tag, range, .. } => {
                check_span(text, tag, "target tag");
                check_span(text, range, "target range");
            }
            Directive::Include { path } => check_span(text, path, "include path"),
        }
    }
    for entry in &parsed.entries {
        assert!(
            (entry.node as usize) < parsed.tags.len(),
            "an entry names tag {} of {}",
            entry.node,
            parsed.tags.len()
        );
    }
}

// ---------------------------------------------------------------------------
// period
// ---------------------------------------------------------------------------

/// `period`: UTF-8 → `period::parse` (against several todays),
/// `parse_date`, `looks_like_period`; a parsed period is resolved,
/// labelled, split and stepped back, and its label must parse back to it.
pub fn period(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = period::looks_like_period(text);
    if let Ok(day) = period::parse_date(text) {
        let span = DateSpan::new(day, day);
        assert_eq!(span.days(), 1);
        check_span_ops(span);
    }
    let bounds = [
        None,
        Some(DateSpan::new(date("2023-12-30"), date("2024-03-02"))),
        Some(DateSpan::new(date("1000-01-01"), date("9999-12-31"))),
    ];
    for today in ["2024-06-15", "2024-12-30", "1000-01-01", "9999-12-31"] {
        let Ok(parsed) = period::parse(text, date(today)) else {
            continue;
        };
        if let (Some(first), Some(last)) = (parsed.first, parsed.last) {
            assert!(first <= last, "{text:?} parsed to {first}..{last}");
        }
        for bounds in bounds {
            if let Some(span) = parsed.resolve(bounds) {
                check_span_ops(span);
            }
        }
    }
}

/// Label, unit, previous and split of a span: no panic, and the results
/// hang together.
fn check_span_ops(span: DateSpan) {
    assert!(span.first <= span.last);
    let label = span.label();
    let _ = span.to_string();
    let _ = span.unit();
    // A label names the span it was made from.
    if let Ok(back) = period::parse(&label, span.first) {
        assert_eq!(
            back.resolve(None),
            Some(span),
            "label {label:?} does not parse back to {}..{}",
            span.first,
            span.last
        );
    }
    let previous = span.previous();
    assert!(previous.first <= previous.last);
    if span.first.pred_opt().is_some() {
        assert!(
            previous.last < span.first,
            "previous of {label} is {}..{}",
            previous.first,
            previous.last
        );
    }
    let _ = previous.label();
    for unit in Unit::ALL {
        let size = match unit {
            Unit::Day => 1,
            Unit::Week => 7,
            Unit::Month => 28,
            Unit::Quarter => 90,
            Unit::Year => 365,
        };
        if span.days() / size > MAX_COLUMNS {
            continue;
        }
        let columns = span.split(unit);
        let (Some(head), Some(tail)) = (columns.first(), columns.last()) else {
            panic!("{label} by {unit} has no column");
        };
        assert_eq!(head.span.first, span.first, "{label} by {unit}");
        assert_eq!(tail.span.last, span.last, "{label} by {unit}");
        for pair in columns.windows(2) {
            assert_eq!(
                pair[0].span.last.succ_opt(),
                Some(pair[1].span.first),
                "{label} by {unit}: columns are not contiguous"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

/// `check`: bytes as a journal on standard input → `load` → `build` with
/// `Keep::Notes`, then every diagnostic rendered in every format. JSON and
/// SARIF must be valid JSON.
///
/// Inputs that include or name a taxonomy outside the sandbox directory
/// (an absolute path, `~`, or `..`) are skipped: `include /dev/zero` or
/// `include /**/*.sec` would read the machine, not test secl. The process
/// runs in a sandbox directory holding a few files to include
/// (`$TMPDIR/secl-fuzz-sandbox`).
pub fn check(data: &[u8]) {
    if escapes_sandbox(data) {
        return;
    }
    enter_sandbox();
    let options = Options {
        today: date(TODAY),
        keep: Keep::Notes,
    };
    let mut stdin = data;
    let journal = build(load(&[Input::Stdin], &mut stdin, options));
    // Every entry's note, day note and line can be shown.
    for index in 0..journal.entries.len() {
        let _ = journal.note(index);
        let _ = journal.day_note(index);
        let _ = journal.line(index);
    }
    let _ = journal.bounds();
    let items = sorted(&journal);
    for item in &items {
        let _ = item.start();
        let _ = item.end();
    }
    let styles = [
        Style {
            color: false,
            width: 100,
        },
        Style {
            color: true,
            width: 40,
        },
    ];
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Github,
        Format::Sarif,
    ] {
        for style in styles {
            let mut out = Vec::new();
            render(format, &items, style, &mut out).expect("rendering into a Vec");
            if matches!(format, Format::Json | Format::Sarif)
                && let Err(err) = serde_json::from_slice::<serde_json::Value>(&out)
            {
                panic!(
                    "{format:?} output is not JSON ({err}):\n{}",
                    String::from_utf8_lossy(&out)
                );
            }
            if format != Format::Human {
                break;
            }
        }
    }
}

/// True if an `include` or `taxonomy` directive of `data` names a path
/// outside the working directory.
fn escapes_sandbox(data: &[u8]) -> bool {
    let source = SourceFile::from_bytes("-".into(), None, data.to_vec());
    let options = Options {
        today: date(TODAY),
        keep: Keep::Entries,
    };
    let parsed = parse_file(0, &source, options);
    parsed.directives.iter().any(|d| {
        let written = match d.kind {
            Directive::Include { path } => source.slice(path),
            Directive::Taxonomy { name } => source.slice(name),
            _ => return false,
        };
        written.starts_with(['/', '~']) || written.contains("..") || written.contains('\0')
    })
}

/// Files in the sandbox directory, for inputs to include: a cycle, a
/// nested file, taxonomy files and a file that is not UTF-8.
const SANDBOX: &[(&str, &[u8])] = &[
    ("a.sec", b"include b.sec\n2024-01-15\n  1h  Strategy\n"),
    ("b.sec", b"include a.sec\n2024-01-16\n  1h  Culture ; #b\n"),
    (
        "sub/c.sec",
        b"taxonomy ../team.taxonomy\ninclude d.sec\n2024-02-01  ; day #c\n  09:00-10:30  Platform\n",
    ),
    ("sub/d.sec", b"2024-02-01\n  2h  Platform:Build\n"),
    (
        "team.taxonomy",
        b"Platform\n  Build\n  Run\nProduct\n  Discovery\n",
    ),
    ("bad.sec", b"2024-03-01\n  1h  Strat\xffegy\n"),
    (
        "platform-team.taxonomy",
        include_bytes!("../../examples/custom/platform-team.taxonomy"),
    ),
];

/// Enters the sandbox directory, filling it first (once per process). All
/// processes share one directory; each file is written whole and renamed
/// into place, so that parallel fuzzers and tests never see half a file.
fn enter_sandbox() {
    static SANDBOX_DIR: OnceLock<PathBuf> = OnceLock::new();
    SANDBOX_DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join("secl-fuzz-sandbox");
        for (name, bytes) in SANDBOX {
            let path = dir.join(name);
            if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
                continue;
            }
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("sandbox");
            let partial = path.with_extension(format!("partial-{}", std::process::id()));
            std::fs::write(&partial, bytes).expect("sandbox file");
            std::fs::rename(&partial, &path).expect("sandbox file");
        }
        std::env::set_current_dir(&dir).expect("enter the sandbox");
        dir
    });
}
