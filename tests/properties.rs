//! Properties over generated input: the parser never panics and its spans
//! always point into the text; a generated valid journal has no
//! diagnostics and keeps every second it was given.

use proptest::prelude::*;
use secl::journal::{Keep, build};
use secl::load::{Input, load};
use secl::parse::{Options, parse_str};
use secl::taxonomy::Taxonomy;

/// Builds a journal from one text, as if read from standard input.
fn journal_of(text: &str) -> secl::journal::Journal {
    build(load(&[Input::Stdin], &mut text.as_bytes(), options(2030)))
}

/// Parse options with "today" on January 1st of `year`.
fn options(year: i32) -> Options {
    Options {
        today: chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
        keep: Keep::Notes,
    }
}

/// Fragments that journals are made of, to reach deep into the grammar.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024-01-15".to_string()),
        Just("2024/02/30".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just(";".to_string()),
        Just("#".to_string()),
        Just(":".to_string()),
        Just("..".to_string()),
        Just("%".to_string()),
        Just("=".to_string()),
        Just("1h30m".to_string()),
        Just("23:00-01:00".to_string()),
        Just("09:00-?".to_string()),
        Just("24:00".to_string()),
        Just("0.1h".to_string()),
        Just("tag ".to_string()),
        Just("alias ".to_string()),
        Just("target ".to_string()),
        Just("taxonomy ".to_string()),
        Just("include ".to_string()),
        Just("Strategy".to_string()),
        Just("Risk assessment".to_string()),
        Just("\u{FEFF}".to_string()),
        "[0-9]{1,8}".prop_map(String::from),
        "\\PC{0,12}".prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_any_string_never_panics(text in "\\PC*") {
        let parsed = parse_str(&text);
        for diagnostic in &parsed.diagnostics {
            prop_assert!(diagnostic.span.end as usize <= text.len());
        }
    }

    #[test]
    fn spans_point_at_character_boundaries(parts in prop::collection::vec(fragment(), 0..60)) {
        let text = parts.concat();
        let source = secl::source::SourceFile::from_text("-", &text);
        let parsed = secl::parse::parse_file(0, &source, options(2024));
        let spans = parsed
            .diagnostics
            .iter()
            .flat_map(|d| std::iter::once(d.span).chain(d.related.iter().map(|r| r.span)))
            .chain(parsed.notes.iter().flat_map(|n| [n.note, n.day_note]))
            .chain(parsed.tags.iter().copied())
            .chain(parsed.days.iter().flat_map(|d| [d.span, d.note]));
        for span in spans {
            prop_assert!(span.start <= span.end);
            prop_assert!(source.text().get(span.range()).is_some(), "{span:?} in {text:?}");
            let _ = source.line_col(span.start as usize);
        }
    }

    #[test]
    fn the_whole_pipeline_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let journal = build(load(&[Input::Stdin], &mut bytes.as_slice(), options(2024)));
        prop_assert!(journal.io_errors.is_empty());
    }

    #[test]
    fn the_whole_pipeline_never_panics_on_fragments(parts in prop::collection::vec(fragment(), 0..80)) {
        let journal = journal_of(&parts.concat());
        prop_assert!(journal.io_errors.is_empty());
    }

    #[test]
    fn a_generated_valid_journal_has_no_diagnostics(days in prop::collection::vec(day(), 1..30)) {
        let (text, expected) = render(&days);
        let journal = journal_of(&text);
        let problems: Vec<String> = journal.diagnostics.iter().map(|d| format!("{:?} {}", d.code, d.message)).collect();
        prop_assert!(problems.is_empty(), "{problems:?}\n{text}");
        let logged: u64 = journal.entries.iter().map(|e| u64::from(e.seconds)).sum();
        prop_assert_eq!(logged, expected);
        prop_assert_eq!(journal.entries.len(), days.iter().map(|(_, e)| e.len()).sum::<usize>());
    }
}

/// How an entry's tag is written.
#[derive(Clone, Debug)]
enum TagForm {
    FullPath,
    Suffix,
    Slug,
    Alias,
}

/// How an entry's duration is written, from a number of minutes.
#[derive(Clone, Debug)]
enum DurationForm {
    Minutes,
    HoursMinutes,
    Colon,
    Decimal,
    Clock,
}

/// One generated entry: minutes, node index in pre-order, forms, note.
#[derive(Clone, Debug)]
struct GeneratedEntry {
    minutes: u32,
    node: usize,
    tag: TagForm,
    duration: DurationForm,
    note: Option<String>,
}

fn entry() -> impl Strategy<Value = GeneratedEntry> {
    (
        1u32..=180,
        0usize..49,
        prop_oneof![
            Just(TagForm::FullPath),
            Just(TagForm::Suffix),
            Just(TagForm::Slug),
            Just(TagForm::Alias)
        ],
        prop_oneof![
            Just(DurationForm::Minutes),
            Just(DurationForm::HoursMinutes),
            Just(DurationForm::Colon),
            Just(DurationForm::Decimal),
            Just(DurationForm::Clock),
        ],
        prop::option::of("[a-z ]{0,20}( #[a-z]{1,8})?"),
    )
        .prop_map(|(minutes, node, tag, duration, note)| GeneratedEntry {
            minutes,
            node,
            tag,
            duration,
            note,
        })
}

/// A day: how many days after the previous one it comes, and its entries.
type GeneratedDay = (u32, Vec<GeneratedEntry>);

fn day() -> impl Strategy<Value = GeneratedDay> {
    (0u32..25, prop::collection::vec(entry(), 1..8))
}

/// Writes generated days as a journal; returns it and its total seconds.
fn render(days: &[GeneratedDay]) -> (String, u64) {
    let sec = Taxonomy::builtin("sec").unwrap();
    let order = sec.preorder();
    let mut text =
        String::from("taxonomy sec\nalias okr = Strategy:Technology Planning:OKR management\n");
    let mut total = 0u64;
    let mut date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for (d, (gap, entries)) in days.iter().enumerate() {
        date = date + chrono::Days::new(u64::from(*gap));
        text.push_str(&format!("{date}\n"));
        // Clock ranges are laid end to end from 06:00 so they never overlap.
        let mut clock = 6 * 60;
        for (i, e) in entries.iter().enumerate() {
            let node = order[e.node % order.len()];
            let tag = match e.tag {
                TagForm::Alias => "okr".to_string(),
                TagForm::FullPath => sec.path(node),
                // Activity names are unique in sec; other levels use the full path.
                TagForm::Suffix if sec.node(node).depth == 3 => sec.node(node).name.clone(),
                TagForm::Suffix => sec.path(node),
                TagForm::Slug => sec
                    .path(node)
                    .split(':')
                    .map(|s| s.to_lowercase().replace('&', "and").replace(' ', "-"))
                    .collect::<Vec<_>>()
                    .join(":"),
            };
            let m = e.minutes;
            let duration = match e.duration {
                DurationForm::Minutes => format!("{m}m"),
                DurationForm::HoursMinutes => format!("{}h{}m", m / 60, m % 60),
                DurationForm::Colon => format!("{}:{:02}", m / 60, m % 60),
                DurationForm::Decimal => format!("{}", f64::from(m) / 60.0),
                DurationForm::Clock => {
                    let (start, end) = (clock, clock + m);
                    clock = end;
                    format!(
                        "{:02}:{:02}-{:02}:{:02}",
                        start / 60,
                        start % 60,
                        (end / 60) % 24,
                        end % 60
                    )
                }
            };
            let seconds = match e.duration {
                // A decimal is rounded to the nearest second.
                DurationForm::Decimal => (f64::from(m) / 60.0 * 3600.0).round() as u64,
                _ => u64::from(m) * 60,
            };
            total += seconds;
            // Notes carry the position so that no two entries are duplicates.
            let note = match &e.note {
                Some(note) => format!("  ; {d}.{i} {note}"),
                None => format!("  ; {d}.{i}"),
            };
            text.push_str(&format!("  {duration}  {tag}{note}\n"));
        }
        date = date.succ_opt().unwrap();
    }
    (text, total)
}

// Reports over generated journals.

use secl::period::{DateSpan, Unit};
use secl::query::Query;
use secl::report::balance::{Shape, balance};
use secl::report::{Grid, single_column};

/// A generated journal, a query over it, and its whole span.
fn journal_and_span(days: &[GeneratedDay]) -> (secl::journal::Journal, DateSpan) {
    let (text, _) = render(days);
    let journal = journal_of(&text);
    let span = journal.bounds().expect("entries");
    (journal, span)
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Day),
        Just(Unit::Week),
        Just(Unit::Month),
        Just(Unit::Quarter),
        Just(Unit::Year)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_parent_is_its_own_entries_plus_its_children(days in prop::collection::vec(day(), 1..40), unit in unit()) {
        let (journal, span) = journal_and_span(&days);
        let query = Query::default();
        let grid = Grid::build(&journal, Some(&query.matcher(&journal)), span.split(unit));
        for id in journal.taxonomy.preorder() {
            let node = journal.taxonomy.node(id);
            for column in 0..grid.width() {
                let children: u64 = node.children.iter().map(|&c| grid.inclusive(c)[column]).sum();
                prop_assert_eq!(grid.inclusive(id)[column], grid.own(id)[column] + children);
            }
        }
    }

    #[test]
    fn columns_sum_to_row_totals_and_the_total_is_every_matching_entry(
        days in prop::collection::vec(day(), 1..40),
        unit in unit(),
        domain in 0usize..3,
    ) {
        let (journal, span) = journal_and_span(&days);
        let name = ["Strategy", "Execution", "Culture"][domain];
        let query = Query::parse(&[name.to_string()], &journal).unwrap();
        let matcher = query.matcher(&journal);
        let grid = Grid::build(&journal, Some(&matcher), span.split(unit));
        let report = balance(&journal, &grid, &matcher, Shape::default());
        for row in &report.rows {
            prop_assert_eq!(row.seconds.iter().sum::<u64>(), row.total);
        }
        let expected: u64 = journal
            .entries
            .iter()
            .filter(|e| journal.taxonomy.path(e.node).starts_with(name))
            .map(|e| u64::from(e.seconds))
            .sum();
        prop_assert_eq!(grid.total(), expected);
        let top: u64 = report.rows.iter().filter(|r| r.depth == 1).map(|r| r.total).sum();
        prop_assert_eq!(top, expected);
    }

    #[test]
    fn compare_columns_equal_two_single_period_reports(
        days in prop::collection::vec(day(), 1..40),
        cut in 0i64..200,
        length in 0i64..120,
    ) {
        let (journal, span) = journal_and_span(&days);
        let first = span.first + chrono::Duration::days(cut.min(span.days() - 1));
        let after = DateSpan::new(first, first + chrono::Duration::days(length));
        let before = after.previous();
        let query = Query::default();
        let matcher = query.matcher(&journal);
        let both = Grid::build(&journal, Some(&matcher), vec![single_column(before), single_column(after)]);
        for (column, alone) in [before, after].into_iter().enumerate() {
            let single = Grid::build(&journal, Some(&matcher), vec![single_column(alone)]);
            prop_assert_eq!(both.totals[column], single.totals[0]);
            for id in journal.taxonomy.preorder() {
                prop_assert_eq!(both.inclusive(id)[column], single.inclusive(id)[0]);
            }
        }
        // Overlapping periods each count their own entries.
        let overlap = Grid::build(&journal, Some(&matcher), vec![single_column(span), single_column(after)]);
        prop_assert_eq!(overlap.totals[0], Grid::build(&journal, None, vec![single_column(span)]).totals[0]);
    }

    #[test]
    fn depth_never_changes_a_shown_row(days in prop::collection::vec(day(), 1..40), depth in 0u32..4, unit in unit()) {
        let (journal, span) = journal_and_span(&days);
        let query = Query::default();
        let matcher = query.matcher(&journal);
        let grid = Grid::build(&journal, Some(&matcher), span.split(unit));
        let full = balance(&journal, &grid, &matcher, Shape::default());
        let cut = balance(&journal, &grid, &matcher, Shape { depth: Some(depth), ..Shape::default() });
        for row in &cut.rows {
            prop_assert!(row.depth <= depth);
            let same = full.rows.iter().find(|r| r.node == row.node).unwrap();
            prop_assert_eq!(&same.seconds, &row.seconds);
        }
        let shown = full.rows.iter().filter(|r| r.depth <= depth).count();
        prop_assert_eq!(cut.rows.len(), shown);
    }
}

// `fmt` keeps everything: idempotent, same meaning, same comments.

use secl::fmt::format;
use secl::source::SourceFile;

/// What a journal means: every entry (date, seconds, node, note and day
/// note as written), the directives, and the comment lines in order.
fn meaning(text: &str) -> (Vec<String>, usize, Vec<String>) {
    let journal = journal_of(text);
    let entries = (0..journal.entries.len())
        .map(|i| {
            let e = &journal.entries[i];
            format!(
                "{} {} {} [{}] [{}]",
                e.date,
                e.seconds,
                e.node,
                journal.note(i),
                journal.day_note(i)
            )
        })
        .collect();
    let source = SourceFile::from_text("-", text);
    let parsed = secl::parse::parse_file(0, &source, options(2030));
    // A BOM is no part of the first line (the reader strips it).
    let comments = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(';') || l.starts_with('#'))
        .map(String::from)
        .collect();
    (entries, parsed.directives.len(), comments)
}

/// Generated journals with comments and messy blanks sprinkled in.
fn messy(days: &[GeneratedDay], noise: &[u8]) -> String {
    let (text, _) = render(days);
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        match noise.get(i % noise.len().max(1)).copied().unwrap_or(0) % 7 {
            0 => out.push_str(&format!("{line}   \n")),
            1 => out.push_str(&format!("; comment {i}\n{line}\n")),
            2 => out.push_str(&format!("{}\n\n\n", line.replacen("  ", "\t", 1))),
            3 => out.push_str(&format!("{}\n", line.replace("  ", "     "))),
            _ => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn fmt_is_idempotent_and_keeps_meaning_and_comments(
        days in prop::collection::vec(day(), 1..20),
        noise in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let text = messy(&days, &noise);
        let formatted = format(0, &SourceFile::from_text("-", &text)).expect("no syntax errors");
        let again = format(0, &SourceFile::from_text("-", &formatted)).expect("still none");
        prop_assert_eq!(&again, &formatted);
        prop_assert_eq!(meaning(&formatted), meaning(&text));
    }

    #[test]
    fn fmt_never_panics_and_is_idempotent_on_fragments(parts in prop::collection::vec(fragment(), 0..60)) {
        let text = parts.concat();
        if let Ok(formatted) = format(0, &SourceFile::from_text("-", &text)) {
            let again = format(0, &SourceFile::from_text("-", &formatted));
            prop_assert_eq!(again.as_deref(), Ok(formatted.as_str()));
            prop_assert_eq!(meaning(&formatted), meaning(&text));
        }
    }
}

proptest! {
    // Each case runs the real binary: few cases, still every kind of byte.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn check_on_arbitrary_bytes_exits_0_or_1(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let output = assert_cmd::cargo::cargo_bin_cmd!("secl")
            .args(["--today", "2024-06-01", "check", "-"])
            .write_stdin(bytes)
            .output()
            .unwrap();
        let code = output.status.code();
        prop_assert!(code == Some(0) || code == Some(1), "{code:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
}
