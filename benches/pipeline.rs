//! Throughput of each stage of the pipeline over a generated journal:
//! parsing (with the day checks), tag resolution, building the journal,
//! and the rollup. Run with `cargo bench`; figures are in
//! `docs/benchmarks.md`.

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use secl::journal::{Journal, build};
use secl::load::{Input, load};
use secl::parse::{Keep, Options, parse_file};
use secl::period::Unit;
use secl::query::Query;
use secl::report::{Grid, columns};
use secl::resolve::Resolver;
use secl::source::SourceFile;
use secl::taxonomy::Taxonomy;

#[path = "../tests/common/lcg.rs"]
mod lcg;

use lcg::Lcg;

fn main() {
    divan::main();
}

/// Entries in the generated journal.
const ENTRIES: usize = 100_000;

/// The tag forms users write: full paths, suffixes, slugs and aliases.
fn tag_forms() -> Vec<String> {
    let sec = Taxonomy::builtin("sec").expect("sec");
    let mut forms = Vec::new();
    for id in sec.preorder() {
        let path = sec.path(id);
        forms.push(
            path.to_lowercase()
                .replace(" & ", "-and-")
                .replace(' ', "-"),
        );
        if sec.node(id).depth == 3 {
            forms.push(sec.node(id).name.clone());
        }
        forms.push(path);
    }
    forms.push("okr".into());
    forms
}

/// A journal of [`ENTRIES`] entries in every duration form, ten a day.
static JOURNAL: LazyLock<String> = LazyLock::new(|| {
    let forms = tag_forms();
    let mut rng = Lcg(1);
    let mut text =
        String::from("taxonomy sec\nalias okr = Strategy:Technology Planning:OKR management\n\n");
    let mut date = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
    for i in 0..ENTRIES {
        if i % 10 == 0 {
            text.push_str(&format!("{date}\n"));
            date = date.succ_opt().expect("a date");
        }
        let minutes = 15 * (1 + rng.below(8)) as u32;
        let duration = match rng.below(4) {
            0 => format!("{minutes}m"),
            1 => format!("{}h{}m", minutes / 60, minutes % 60),
            2 => format!("{}:{:02}", minutes / 60, minutes % 60),
            _ => format!("{}h", f64::from(minutes) / 60.0),
        };
        let tag = &forms[rng.below(forms.len() as u64) as usize];
        text.push_str(&format!("  {duration}  {tag}  ; entry {i} #bench\n"));
    }
    text
});

fn options(keep: Keep) -> Options {
    Options {
        today: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date"),
        keep,
    }
}

static BUILT: LazyLock<Journal> = LazyLock::new(|| {
    build(load(
        &[Input::Stdin],
        &mut JOURNAL.as_bytes(),
        options(Keep::Entries),
    ))
});

/// Parsing one file, day checks included.
#[divan::bench(args = [Keep::Entries, Keep::Notes])]
fn parse(bencher: Bencher, keep: Keep) {
    let source = SourceFile::from_text("bench.sec", &JOURNAL);
    bencher
        .counter(BytesCount::of_str(JOURNAL.as_str()))
        .bench(|| parse_file(0, &source, options(keep)));
}

/// Resolving every written tag form, as the journal does once per form.
#[divan::bench]
fn resolve(bencher: Bencher) {
    let sec = Taxonomy::builtin("sec").expect("sec");
    let resolver = Resolver::new(&sec);
    let forms = tag_forms();
    bencher.counter(ItemsCount::new(forms.len())).bench(|| {
        forms
            .iter()
            .map(|f| resolver.resolve(f))
            .collect::<Vec<_>>()
    });
}

/// Loading and building the journal: parse, intern, resolve, assemble.
#[divan::bench]
fn load_and_build(bencher: Bencher) {
    bencher
        .counter(BytesCount::of_str(JOURNAL.as_str()))
        .bench(|| {
            build(load(
                &[Input::Stdin],
                &mut JOURNAL.as_bytes(),
                options(Keep::Entries),
            ))
        });
}

/// The rollup: every entry into its (node, column) cell, then up the tree.
#[divan::bench(args = [None, Some(Unit::Month), Some(Unit::Day)])]
fn rollup(bencher: Bencher, unit: Option<Unit>) {
    let journal = &*BUILT;
    let query = Query::default();
    let matcher = query.matcher(journal);
    bencher
        .counter(ItemsCount::new(journal.entries.len()))
        .bench(|| Grid::build(journal, Some(&matcher), columns(journal.bounds(), unit)));
}
