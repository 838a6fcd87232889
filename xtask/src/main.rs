//! Development tasks for secl.
//!
//! `cargo xtask generate --entries N --seed S [--people P] [--split monthly] OUT`
//! writes a realistic journal of N entries on the SEC taxonomy (every tag
//! form and duration form users write, notes with hashtags, aliases,
//! targets), and the same entries as hledger timedot (`OUT.timedot`) and as
//! ledger postings (`OUT.ledger`), for side-by-side benchmarks.
//!
//! Without `--split`, OUT is one `.sec` file holding one person's log, as
//! far back in time as the entries need (about ten a day). With
//! `--split monthly`, OUT is a directory with one folder per person
//! (`--people`, default 200) and one file per month (`p001/2024-03.sec`);
//! each folder's `journal.sec` declares the taxonomy, aliases and targets and
//! includes the person's months, so a walk of OUT reads one journal root, one
//! log, per person (grammar.md, "Day checks"). The timedot and ledger files
//! are single files beside them. The same seed always gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, Days, NaiveDate};
use secl::taxonomy::Taxonomy;

const USAGE: &str =
    "usage: cargo xtask generate --entries N --seed S [--people P] [--split monthly] OUT";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {
            match Options::parse(&args[1..]).and_then(|o| generate(&o).map_err(|e| e.to_string())) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}\n{USAGE}");
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The generator's options.
struct Options {
    entries: u64,
    seed: u64,
    people: u32,
    monthly: bool,
    out: PathBuf,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            entries: 0,
            seed: 1,
            people: 0,
            monthly: false,
            out: PathBuf::new(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            let number = |text: &String| {
                text.replace('_', "")
                    .parse::<u64>()
                    .map_err(|_| format!("`{text}` is not a number"))
            };
            match arg.as_str() {
                "--entries" => options.entries = number(value()?)?,
                "--seed" => options.seed = number(value()?)?,
                "--people" => options.people = number(value()?)? as u32,
                "--split" => match value()?.as_str() {
                    "monthly" => options.monthly = true,
                    other => return Err(format!("--split takes `monthly`, not `{other}`")),
                },
                path if !path.starts_with('-') => options.out = PathBuf::from(path),
                other => return Err(format!("unknown option {other}")),
            }
        }
        if options.entries == 0 || options.out.as_os_str().is_empty() {
            return Err("--entries and OUT are required".into());
        }
        if options.people == 0 {
            options.people = if options.monthly { 200 } else { 1 };
        }
        if !options.monthly && options.people != 1 {
            return Err("--people needs --split monthly: a file is one person's log".into());
        }
        Ok(options)
    }
}

/// SplitMix64: a small, fast, seedable generator (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The aliases every generated journal declares: name, target.
const ALIASES: [(&str, &str); 5] = [
    ("okr", "Strategy:Technology Planning:OKR management"),
    ("infra", "Execution:Data & Infrastructure"),
    (
        "soc2",
        "Execution:Security & Compliance:Regulatory compliance",
    ),
    ("hiring", "Culture:Team Development:Talent acquisition"),
    (
        "board",
        "Strategy:Stakeholder Management:Board communications",
    ),
];

const WORDS: [&str; 16] = [
    "review",
    "sync",
    "draft",
    "planning",
    "follow-up",
    "1:1",
    "interview",
    "roadmap",
    "audit",
    "vendor call",
    "design doc",
    "retro",
    "budget",
    "incident",
    "hiring loop",
    "board prep",
];

const HASHTAGS: [&str; 8] = [
    "#q1",
    "#soc2",
    "#hiring",
    "#board",
    "#incident",
    "#okr",
    "#vendor",
    "#infra",
];

/// A node a tag can name: its canonical path and how else it may be written.
struct Tag {
    path: String,
    /// The node's own name, when it names it uniquely (activities).
    suffix: Option<String>,
    /// Lower-case, hyphenated.
    slug: String,
}

fn tags() -> Vec<Tag> {
    let sec = Taxonomy::builtin("sec").expect("built-in sec");
    sec.preorder()
        .into_iter()
        .filter(|&id| sec.node(id).depth >= 2)
        .map(|id| {
            let path = sec.path(id);
            let slug = path
                .split(':')
                .map(|s| {
                    s.to_lowercase()
                        .replace(" & ", "-and-")
                        .replace(['/', ' '], "-")
                })
                .collect::<Vec<_>>()
                .join(":");
            let node = sec.node(id);
            Tag {
                suffix: (node.depth == 3).then(|| node.name.clone()),
                path,
                slug,
            }
        })
        .collect()
}

/// One generated entry, in every output's terms.
struct Generated {
    minutes: u32,
    /// The duration as the journal writes it.
    written: String,
    /// The tag as the journal writes it.
    tag: String,
    /// The canonical path, for timedot and ledger.
    account: String,
    note: Option<String>,
}

/// Writes one day of `count` entries for the journal, timedot and ledger.
fn day(rng: &mut Rng, tags: &[Tag], count: u32) -> Vec<Generated> {
    let mut clock = 7 * 60 + 30;
    let mut seen = std::collections::HashSet::new();
    (0..count)
        .map(|_| {
            let minutes = *rng.pick(&[15u32, 30, 45, 60, 75, 90, 120]);
            let tag = rng.pick(tags);
            let (account, written_tag) = match rng.below(100) {
                0..=39 => (tag.path.clone(), tag.path.clone()),
                40..=64 => (
                    tag.path.clone(),
                    tag.suffix.clone().unwrap_or_else(|| tag.path.clone()),
                ),
                65..=79 => (tag.path.clone(), tag.slug.clone()),
                _ => {
                    let (name, target) = rng.pick(&ALIASES);
                    (target.to_string(), name.to_string())
                }
            };
            let written = match rng.below(6) {
                0 => format!("{minutes}m"),
                1 => format!("{}h{}m", minutes / 60, minutes % 60),
                2 => format!("{}", f64::from(minutes) / 60.0),
                3 => format!("{}:{:02}", minutes / 60, minutes % 60),
                4 if clock + minutes <= 24 * 60 => {
                    let end = clock + minutes;
                    let text = format!(
                        "{:02}:{:02}-{:02}:{:02}",
                        clock / 60,
                        clock % 60,
                        (end / 60) % 24,
                        end % 60
                    );
                    clock = end;
                    text
                }
                _ => format!("{}h", f64::from(minutes) / 60.0),
            };
            let mut note = rng.chance(60).then(|| {
                let mut note = format!("{} {}", rng.pick(&WORDS), rng.below(1000));
                if rng.chance(30) {
                    note.push(' ');
                    note.push_str(*rng.pick(&HASHTAGS));
                }
                note
            });
            // No two entries of a day alike (secl would warn of a duplicate).
            while !seen.insert((written.clone(), written_tag.clone(), note.clone())) {
                note = Some(format!("{} again", note.unwrap_or_default()));
            }
            Generated {
                minutes,
                written,
                tag: written_tag,
                account,
                note,
            }
        })
        .collect()
}

/// The three outputs, written side by side.
struct Writers {
    timedot: BufWriter<fs::File>,
    ledger: BufWriter<fs::File>,
}

fn header(out: &mut dyn Write, options: &Options) -> io::Result<()> {
    writeln!(
        out,
        "; Generated by `cargo xtask generate --entries {} --seed {}`: synthetic data for benchmarks.",
        options.entries, options.seed
    )?;
    writeln!(out, "taxonomy sec")?;
    for (name, target) in ALIASES {
        writeln!(out, "alias {name} = {target}")?;
    }
    writeln!(out, "target Execution:Security & Compliance  15%..25%")?;
    writeln!(out, "target Culture:Personal Development  7%..12%")?;
    writeln!(out)
}

/// Writes one day to the journal text and to timedot and ledger.
fn write_day(
    date: NaiveDate,
    entries: &[Generated],
    rng: &mut Rng,
    sec: &mut String,
    writers: &mut Writers,
) -> io::Result<()> {
    if rng.chance(5) {
        let _ = writeln!(sec, "{date}  ; {}", rng.pick(&HASHTAGS));
    } else {
        let _ = writeln!(sec, "{date}");
    }
    let width = entries.iter().map(|e| e.written.len()).max().unwrap_or(0);
    writeln!(writers.timedot, "{date}")?;
    for entry in entries {
        match &entry.note {
            Some(note) => {
                let _ = writeln!(sec, "  {:width$}  {}  ; {note}", entry.written, entry.tag);
            }
            None => {
                let _ = writeln!(sec, "  {:width$}  {}", entry.written, entry.tag);
            }
        }
        writeln!(writers.timedot, "{}  {}m", entry.account, entry.minutes)?;
        writeln!(
            writers.ledger,
            "{date} {}",
            entry.note.as_deref().unwrap_or(&entry.account)
        )?;
        writeln!(
            writers.ledger,
            "    ({})  {}m",
            entry.account, entry.minutes
        )?;
    }
    let _ = writeln!(sec);
    Ok(())
}

/// The last date any generated journal uses: in the past, so no entry is
/// in the future.
fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date")
}

fn generate(options: &Options) -> io::Result<()> {
    let tags = tags();
    let mut rng = Rng(options.seed);
    let per_person = options.entries.div_ceil(u64::from(options.people));
    // About ten entries a day: enough days back from the last date.
    let days = per_person.div_ceil(10);
    let first = last_date() - Days::new(days);
    let side = |extension: &str| -> io::Result<BufWriter<fs::File>> {
        let path = if options.monthly {
            options.out.join(format!("all.{extension}"))
        } else {
            options.out.with_extension(extension)
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(BufWriter::new(fs::File::create(path)?))
    };
    if options.monthly {
        fs::create_dir_all(&options.out)?;
    }
    let mut writers = Writers {
        timedot: side("timedot")?,
        ledger: side("ledger")?,
    };
    let mut written = 0u64;
    for person in 1..=options.people {
        let mut remaining = per_person.min(options.entries - written);
        let mut sec = String::new();
        let mut month: Option<(i32, u32)> = None;
        let mut date = first;
        if !options.monthly {
            let mut head = Vec::new();
            header(&mut head, options)?;
            sec.push_str(&String::from_utf8_lossy(&head));
        }
        while remaining > 0 {
            if options.monthly && month != Some((date.year(), date.month())) {
                if let Some(done) = month {
                    flush_month(&options.out, person, done, &mut sec)?;
                }
                month = Some((date.year(), date.month()));
            }
            let count = (8 + rng.below(5)).min(remaining) as u32;
            let entries = day(&mut rng, &tags, count);
            write_day(date, &entries, &mut rng, &mut sec, &mut writers)?;
            remaining -= u64::from(count);
            written += u64::from(count);
            date = date.succ_opt().expect("a date");
        }
        if options.monthly {
            if let Some(done) = month {
                flush_month(&options.out, person, done, &mut sec)?;
            }
            let mut journal = Vec::new();
            header(&mut journal, options)?;
            journal.extend_from_slice(b"include *.sec\n");
            fs::write(
                options
                    .out
                    .join(format!("p{person:03}"))
                    .join("journal.sec"),
                journal,
            )?;
        } else {
            fs::write(&options.out, sec)?;
        }
    }
    writers.timedot.flush()?;
    writers.ledger.flush()?;
    eprintln!("wrote {written} entries to {}", options.out.display());
    Ok(())
}

/// Writes a person's month to `OUT/pNNN/YYYY-MM.sec`.
fn flush_month(
    out: &Path,
    person: u32,
    (year, month): (i32, u32),
    sec: &mut String,
) -> io::Result<()> {
    let folder = format!("p{person:03}");
    fs::create_dir_all(out.join(&folder))?;
    let name = format!("{folder}/{year:04}-{month:02}.sec");
    fs::write(out.join(&name), std::mem::take(sec))?;
    Ok(())
}
