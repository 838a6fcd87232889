//! Diagnostics: problems in the user's data, as plain values.
//!
//! Every stage that finds a problem (parser, loader, journal builder, day
//! checks) pushes a [`Diagnostic`] and carries on; nothing here decides how
//! a diagnostic is printed (see `render::diagnostics`).

use crate::source::{FileId, Span};

/// Whether a diagnostic makes the journal unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The journal has an error: reports refuse to run, `check` exits 1.
    Error,
    /// Worth a look; reports still run.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident => $name:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable diagnostic code, printed as `secl::NAME`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $summary] $variant, )* }

        impl Code {
            /// Every code, errors first, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The full code, e.g. `secl::unknown_tag`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => concat!("secl::", $name), )* }
            }

            /// The severity every diagnostic of this code has.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One line saying what the code means (SARIF rule descriptions).
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }
        }
    };
}

codes! {
    Syntax => "syntax", Error, "A line that cannot be parsed: an unknown directive, an entry before any date or without a tag.";
    InvalidUtf8 => "invalid_utf8", Error, "The file is not valid UTF-8.";
    InvalidDate => "invalid_date", Error, "A day header whose date does not exist or is not YYYY-MM-DD.";
    BadDuration => "bad_duration", Error, "A duration that is unparsable, zero, negative or over 24h.";
    UnknownTag => "unknown_tag", Error, "A tag that names no node of the taxonomy.";
    AmbiguousTag => "ambiguous_tag", Error, "A tag whose trailing segments match several nodes.";
    AliasClash => "alias_clash", Error, "An alias that is also a tag, has two targets, or refers to itself.";
    TagClash => "tag_clash", Error, "A `tag` directive that folds to an existing node spelled differently.";
    TaxonomyConflict => "taxonomy_conflict", Error, "Two `taxonomy` directives naming different taxonomies.";
    UnknownTaxonomy => "unknown_taxonomy", Error, "A `taxonomy` directive naming no built-in taxonomy and no readable file.";
    TaxonomySyntax => "taxonomy_syntax", Error, "A taxonomy file with bad indentation, an empty name or siblings that fold alike.";
    MissingInclude => "missing_include", Error, "An `include` whose target is missing, unreadable, not a regular file, outside the journal's directories, or nested too deep.";
    IncludeCycle => "include_cycle", Error, "A file that includes itself through a chain of includes.";
    BadTarget => "bad_target", Error, "A `target` that is malformed, out of 0-100%, has min > max, or contradicts another.";
    DayOver24h => "day_over_24h", Error, "A log (a journal file and what it includes) has more than 24h on one date.";
    Overlap => "overlap", Warning, "Two clock ranges on one date in one log share more than an instant.";
    OutOfOrder => "out_of_order", Warning, "A date earlier than a previous date in the same file.";
    FutureEntry => "future_entry", Warning, "A date after today.";
    DuplicateEntry => "duplicate_entry", Warning, "An entry repeated as written on the same date in the same log.";
    SecondTimer => "second_timer", Error, "A second running entry (`H:MM-?`) in one log.";
    StaleTimer => "stale_timer", Warning, "A running entry started on an earlier day, more than 12 hours ago.";
    NotIncluded => "not_included", Warning, "A `.sec` file below a journal root that the journal does not include.";
    ClockLikeDuration => "clock_like_duration", Warning, "An H:MM length of five hours or more, which reads like a time of day.";
}

/// A secondary label: another place in the same file that explains the
/// problem (the earlier declaration, the other overlapping range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What it is.
    pub label: String,
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// The file the problem is in.
    pub file: FileId,
    /// The exact bytes the problem is about.
    pub span: Span,
    /// One sentence naming the problem.
    pub message: String,
    /// A few words under the span.
    pub label: String,
    /// How to fix it, where that can be said.
    pub help: Option<String>,
    /// Other places in the same file that help explain it.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic with a message and a label, no help.
    pub fn new(
        code: Code,
        file: FileId,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            file,
            span,
            message: clip_quotes(message.into()),
            label: label.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// `invalid_utf8` at the first bad bytes of a line (one per line).
    pub fn invalid_utf8(file: FileId, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::InvalidUtf8,
            file,
            span,
            "this line is not valid UTF-8",
            "invalid bytes",
        )
        .with_help("save the file as UTF-8")
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(clip_quotes(help.into()));
        self
    }

    /// Adds a help line whose quotes are the taxonomy's text (a
    /// did-you-mean path), kept whole so that it can be copied: the
    /// quoting limit is for what the user wrote.
    pub fn with_whole_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    /// The code's severity.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// The most characters of quoted user text a message repeats.
const MAX_QUOTE: usize = 60;

/// Shortens every `` `quoted` `` part of a message longer than
/// [`MAX_QUOTE`] characters, so a huge written tag is not printed back in full.
fn clip_quotes(message: String) -> String {
    if message.len() < MAX_QUOTE {
        return message;
    }
    let parts: Vec<&str> = message.split('`').collect();
    if parts
        .iter()
        .skip(1)
        .step_by(2)
        .all(|q| q.chars().count() <= MAX_QUOTE)
    {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(1024));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && part.chars().count() > MAX_QUOTE {
            out.extend(part.chars().take(MAX_QUOTE));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Counts of errors and warnings in a list of diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Tally {
        let mut tally = Tally::default();
        for diagnostic in diagnostics {
            match diagnostic.severity() {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
            }
        }
        tally
    }
}

/// `1 error`, `2 warnings`: a count with its noun, singular or plural.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The keyword a misspelt word most likely meant (`tga` → `tag`, `SEC` →
/// `sec`): the first within one edit (two for keywords of five letters or
/// more), case ignored. A word much longer than every keyword is none, at
/// once, so a huge word costs nothing.
pub fn nearest_keyword<'k>(
    word: &str,
    keywords: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    const LONGEST: usize = 16;
    if word.len() > LONGEST {
        return None;
    }
    let word = word.to_lowercase();
    keywords.into_iter().find(|keyword| {
        keyword.len() <= LONGEST
            && strsim::osa_distance(keyword, &word) <= if keyword.len() > 4 { 2 } else { 1 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_keywords() {
        let directives = ["taxonomy", "tag", "alias", "target", "include"];
        assert_eq!(nearest_keyword("tga", directives), Some("tag"));
        assert_eq!(nearest_keyword("Taxonmy", directives), Some("taxonomy"));
        assert_eq!(nearest_keyword("SEC", ["sec", "cto"]), Some("sec"));
        assert_eq!(nearest_keyword("strategy", directives), None);
        assert_eq!(nearest_keyword(&"y".repeat(1 << 20), directives), None);
    }

    #[test]
    fn long_quotes_are_clipped() {
        let long = "x".repeat(100);
        let clipped = clip_quotes(format!("unknown tag `{long}` here"));
        assert_eq!(
            clipped,
            format!("unknown tag `{}…` here", "x".repeat(MAX_QUOTE))
        );
        assert_eq!(clip_quotes("a `short` one".into()), "a `short` one");
    }

    #[test]
    fn codes_are_unique_and_prefixed() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(names.iter().all(|n| n.starts_with("secl::")));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(Code::ALL.len(), 23);
    }

    #[test]
    fn warnings_are_the_day_checks_the_stale_timer_not_included_and_clock_like_lengths() {
        let warnings: Vec<_> = Code::ALL
            .iter()
            .filter(|c| c.severity() == Severity::Warning)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(
            warnings,
            [
                "secl::overlap",
                "secl::out_of_order",
                "secl::future_entry",
                "secl::duplicate_entry",
                "secl::stale_timer",
                "secl::not_included",
                "secl::clock_like_duration"
            ]
        );
    }
}
