//! Periods: parsing the period grammar (grammar.md, Periods), calendar units, canonical labels,
//! `--compare`'s previous period and `--by`'s report columns.
//!
//! A period is typed by the user (`2024-Q1`, `2024-03..`, `last month`, …) and parsed by
//! [`parse`] into a [`Period`], whose ends may still be open. [`Period::resolve`] fills the open
//! ends from the journal's first and last entry dates and yields a [`DateSpan`], an inclusive run
//! of days. A span knows whether it is exactly one calendar [`Unit`] ([`DateSpan::unit`]), how it
//! is labelled ([`DateSpan::label`]), which span comes before it ([`DateSpan::previous`]) and how
//! it is cut into columns ([`DateSpan::split`]).
//!
//! Choices of the period grammar (grammar.md, "Periods" and "Decisions"):
//!
//! - Months and days may be written with one digit (`2024-3`, `2024/3/5`): users type them, and
//!   they are unambiguous. Three or more digits are refused. Weeks likewise take one or two digits
//!   (`2024-W5`, `2024W05`), and quarters one digit (a leading zero is tolerated: `2024-Q01`).
//! - A date or month uses one separator throughout: `2024-03-15` and `2024/03/15` are accepted,
//!   `2024-03/15` is not. Before `Q` or `W` the separator is optional and may be `-` or `/`.
//! - Years have exactly four digits, 1000 to 9999.
//! - Relative words are `today`, `yesterday`, and `this`/`last` followed by `week`, `month`,
//!   `quarter` or `year`, separated by any run of whitespace and/or hyphens (`last month`,
//!   `last-month`, `LAST   Month`); `last N days` (the N days ending today); a month name
//!   (`november`, `nov`) or a quarter without a year (`Q4`), the most recent one begun.
//!   A near miss (`this weak`, `lastmonth`) is an error whose help names the nearest.
//! - A range has exactly one `..`; whitespace around it is ignored (`last month .. today`).

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

mod words;

pub use words::nearest;

/// A calendar unit used for periods and report columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// One calendar day.
    Day,
    /// One ISO week, Monday through Sunday.
    Week,
    /// One calendar month.
    Month,
    /// One calendar quarter: January–March, April–June, July–September or October–December.
    Quarter,
    /// One calendar year.
    Year,
}

impl Unit {
    /// Every unit, from the smallest to the largest.
    pub const ALL: [Unit; 5] = [
        Unit::Day,
        Unit::Week,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
    ];

    /// Parses `day|week|month|quarter|year` for `--by`, case-insensitively and ignoring
    /// surrounding whitespace; the adverbs `daily`, `weekly`, `monthly`, `quarterly` and `yearly`
    /// are accepted too.
    pub fn parse(text: &str) -> Option<Unit> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" | "daily" => Some(Unit::Day),
            "week" | "weekly" => Some(Unit::Week),
            "month" | "monthly" => Some(Unit::Month),
            "quarter" | "quarterly" => Some(Unit::Quarter),
            "year" | "yearly" => Some(Unit::Year),
            _ => None,
        }
    }

    /// The unit's name as `--by` spells it: `day`, `week`, `month`, `quarter` or `year`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
        }
    }
}

impl fmt::Display for Unit {
    /// Writes [`Unit::name`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An inclusive span of days: from `first` through `last`, both included. Invariant
/// `first <= last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateSpan {
    /// The first day of the span.
    pub first: NaiveDate,
    /// The last day of the span (included).
    pub last: NaiveDate,
}

impl DateSpan {
    /// The span from `first` through `last`, both included. `first` must not be after `last`
    /// (checked in debug builds).
    pub fn new(first: NaiveDate, last: NaiveDate) -> DateSpan {
        debug_assert!(
            first <= last,
            "DateSpan::new({first}, {last}): first after last"
        );
        DateSpan { first, last }
    }

    /// True if `d` lies in the span, ends included.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// The number of days in the span, both ends included (a single day is 1).
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The calendar unit this span is exactly (a whole year, quarter, month, ISO week Monday
    /// through Sunday, or one day), if any. Checked in the order year, quarter, month, week, day,
    /// so that the largest matching unit wins.
    pub fn unit(&self) -> Option<Unit> {
        [
            Unit::Year,
            Unit::Quarter,
            Unit::Month,
            Unit::Week,
            Unit::Day,
        ]
        .into_iter()
        .find(|&unit| unit_span(self.first, unit) == *self)
    }

    /// The canonical label: `2024`, `2024-Q1`, `2024-03`, `2024-W05` (ISO week-year, two-digit
    /// week) or `2024-03-15` when the span is exactly one calendar unit, however it was typed;
    /// otherwise `FIRST..LAST` with ISO dates (`2024-01-03..2024-02-10`).
    pub fn label(&self) -> String {
        match self.unit() {
            Some(unit) => unit_label(self.first, unit),
            None => format!("{}..{}", self.first, self.last),
        }
    }

    /// The previous period, for `--compare`. Of a calendar unit it is the unit before it
    /// (`2024-Q2` → `2024-Q1`, `2024-W01` → `2023-W52`, a day → the day before, `2024` → `2023`,
    /// `2024-03` → `2024-02`); of any other span, the span of equal length ending the day before
    /// it starts. At the very beginning of chrono's calendar it saturates rather than panics.
    pub fn previous(&self) -> DateSpan {
        let Some(before) = self.first.pred_opt() else {
            return *self;
        };
        match self.unit() {
            Some(unit) => unit_span(before, unit),
            None => {
                let length = u64::try_from(self.days()).unwrap_or(1);
                let first = self
                    .first
                    .checked_sub_days(Days::new(length))
                    .unwrap_or(NaiveDate::MIN);
                DateSpan::new(first, before)
            }
        }
    }

    /// Cuts the span into calendar-unit columns, in date order. The first and last columns are
    /// clipped to the span but keep the label of their whole unit: `2024-01-10..2024-03-05` by
    /// month is `2024-01` (01-10..01-31), `2024-02` (whole) and `2024-03` (03-01..03-05).
    pub fn split(&self, unit: Unit) -> Vec<Column> {
        let mut columns = Vec::new();
        let mut cursor = self.first;
        loop {
            let whole = unit_span(cursor, unit);
            let last = whole.last.min(self.last);
            columns.push(Column {
                label: unit_label(cursor, unit),
                span: DateSpan::new(cursor, last),
            });
            if last >= self.last {
                break;
            }
            match last.succ_opt() {
                Some(next) => cursor = next,
                None => break,
            }
        }
        columns
    }
}

impl fmt::Display for DateSpan {
    /// Writes [`DateSpan::label`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// One report column: a label (of the whole calendar unit) and the clipped span it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The label of the whole calendar unit, e.g. `2024-01`, even when `span` is clipped.
    pub label: String,
    /// The days the column covers: the unit, clipped to the report span.
    pub span: DateSpan,
}

impl Column {
    /// The whole calendar unit the column is labelled by (its span when
    /// the label names no unit).
    pub fn whole(&self) -> DateSpan {
        Unit::ALL
            .into_iter()
            .find(|&unit| unit_label(self.span.first, unit) == self.label)
            .map_or(self.span, |unit| unit_span(self.span.first, unit))
    }

    /// Whether the report span clips the column: it covers only part of
    /// the unit it is labelled by.
    pub fn is_clipped(&self) -> bool {
        self.whole() != self.span
    }
}

/// The calendar unit containing `date`, as a [`DateSpan`]: the day itself, its ISO week (Monday
/// through Sunday), month, quarter or year. Saturates at the limits of chrono's calendar.
pub fn unit_span(date: NaiveDate, unit: Unit) -> DateSpan {
    let year = date.year();
    match unit {
        Unit::Day => DateSpan::new(date, date),
        Unit::Week => {
            let back = u64::from(date.weekday().num_days_from_monday());
            let monday = date
                .checked_sub_days(Days::new(back))
                .unwrap_or(NaiveDate::MIN);
            let sunday = monday
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX);
            DateSpan::new(monday, sunday)
        }
        Unit::Month => month_range(date, year, date.month(), date.month()),
        Unit::Quarter => {
            let first_month = (date.month() - 1) / 3 * 3 + 1;
            month_range(date, year, first_month, first_month + 2)
        }
        Unit::Year => month_range(date, year, 1, 12),
    }
}

/// Label of the unit containing `date`: `2024-03-15`, `2024-W05`, `2024-03`, `2024-Q1` or
/// `2024`. Weeks use the ISO week-year: 2024-12-30 is in `2025-W01`, 2021-01-03 in `2020-W53`.
pub fn unit_label(date: NaiveDate, unit: Unit) -> String {
    let year = date.year();
    match unit {
        Unit::Day => date.format("%Y-%m-%d").to_string(),
        Unit::Week => {
            let week = date.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        Unit::Month => format!("{year:04}-{:02}", date.month()),
        Unit::Quarter => format!("{year:04}-Q{}", (date.month() - 1) / 3 + 1),
        Unit::Year => format!("{year:04}"),
    }
}

/// The span from the first day of `first_month` through the last day of `last_month` in `year`.
/// `date` (a day of that year) is the fallback should chrono refuse a date, which it never does
/// for a year holding a valid date.
fn month_range(date: NaiveDate, year: i32, first_month: u32, last_month: u32) -> DateSpan {
    let first = NaiveDate::from_ymd_opt(year, first_month, 1).unwrap_or(date);
    let last = last_day_of_month(year, last_month).unwrap_or(date);
    DateSpan::new(first.min(date), last.max(date))
}

/// The last day of a month, or `None` for a month chrono cannot represent.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    (28..=31)
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

/// A period as the user typed it, before open ends are filled in. `None` is an open end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day, or `None` for an open start (`..2024-03`).
    pub first: Option<NaiveDate>,
    /// The last day (included), or `None` for an open end (`2024-03..`).
    pub last: Option<NaiveDate>,
}

impl Period {
    /// Fills open ends with the journal's first and last entry dates (`bounds`). Where that
    /// cannot be done (no entries, or `2030..` over a journal that ends in 2024), the period
    /// shrinks to the one day it names, so a report still shows the period asked for, empty.
    /// Returns `None` only for no period at all over no entries.
    pub fn resolve(&self, bounds: Option<DateSpan>) -> Option<DateSpan> {
        let first = self.first.or(bounds.map(|b| b.first));
        let last = self.last.or(bounds.map(|b| b.last));
        match (first, last) {
            (Some(first), Some(last)) if first <= last => Some(DateSpan::new(first, last)),
            _ => {
                let day = self.first.or(self.last)?;
                Some(DateSpan::new(day, day))
            }
        }
    }
}

impl From<DateSpan> for Period {
    /// A closed period over exactly that span.
    fn from(span: DateSpan) -> Period {
        Period {
            first: Some(span.first),
            last: Some(span.last),
        }
    }
}

/// Why a period (or date) could not be parsed.
///
/// `message` is one line that names the input, e.g.
/// ``"`2024-Q5` is not a period: quarters run from Q1 to Q4"``; `help` is one line with valid
/// examples.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PeriodError {
    /// What is wrong, naming the input.
    pub message: String,
    /// How to write it instead, with examples.
    pub help: String,
}

/// The help line for a period that is not recognised at all.
const PERIOD_HELP: &str = "periods look like 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, \
     2024-01..2024-03, 2024-03.., ..2024-03, today, yesterday, this week, last month, \
     last 7 days, november, Q4";

/// The help line for a bad date.
const DATE_HELP: &str = "write a date as YYYY-MM-DD or YYYY/MM/DD, e.g. 2024-03-15";

/// A parse failure before it is tied to the whole input: the reason and its help line.
struct Problem {
    reason: String,
    help: String,
}

impl Problem {
    fn new(reason: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            reason: reason.into(),
            help: help.into(),
        }
    }

    /// The problem for text that is no period at all.
    fn unrecognised() -> Problem {
        Problem::new(
            "expected a year, quarter, month, ISO week, date, `today`, `yesterday`, \
             `this …` or `last …`",
            PERIOD_HELP,
        )
    }

    /// Ties the problem to the input `whole`, of which `side` is the offending part.
    fn into_error(self, whole: &str, side: &str) -> PeriodError {
        let message = if side == whole {
            format!("`{whole}` is not a period: {}", self.reason)
        } else {
            format!("`{whole}` is not a period: `{side}`: {}", self.reason)
        };
        PeriodError {
            message,
            help: self.help,
        }
    }
}

/// Parses a period (grammar.md, Periods) relative to `today`.
///
/// Accepts a single period (`2024`, `2024-Q1`, `2024-03`, `2024-W05`, `2024-03-15`, `today`,
/// `yesterday`, `this week|month|quarter|year`, `last week|month|quarter|year`) or a range
/// `A..B`, `A..`, `..B` of single periods, running from the start of A through the end of B.
/// See the module documentation for the exact leniencies (case, separators, single digits).
///
/// # Errors
///
/// A [`PeriodError`] naming the input for empty text, a lone `..`, more than one `..`, a range
/// whose end comes before its start, an impossible date, month, quarter or ISO week
/// (`2024-02-30`, `2024-13`, `2024-Q5`, `2023-W53`), a year outside 1000–9999, or text that is
/// no period at all.
pub fn parse(text: &str, today: NaiveDate) -> Result<Period, PeriodError> {
    let whole = text.trim();
    if whole.is_empty() {
        return Err(PeriodError {
            message: "`` is not a period: it is empty".to_string(),
            help: PERIOD_HELP.to_string(),
        });
    }
    let Some((left, right)) = whole.split_once("..") else {
        return parse_single(whole, today)
            .map(Period::from)
            .map_err(|problem| problem.into_error(whole, whole));
    };
    if right.contains("..") || right.starts_with('.') || left.ends_with('.') {
        return Err(Problem::new(
            "a range has exactly one `..`",
            "write a range as A..B, A.. or ..B, e.g. 2024-01..2024-03",
        )
        .into_error(whole, whole));
    }
    let (left, right) = (left.trim(), right.trim());
    if left.is_empty() && right.is_empty() {
        return Err(Problem::new(
            "a range needs a start, an end, or both",
            "write a range as A..B, A.. or ..B, e.g. 2024-01..2024-03, 2024-03.., ..2024-03",
        )
        .into_error(whole, whole));
    }
    let side = |part: &str| -> Result<Option<DateSpan>, PeriodError> {
        if part.is_empty() {
            Ok(None)
        } else {
            parse_single(part, today)
                .map(Some)
                .map_err(|problem| problem.into_error(whole, part))
        }
    };
    let start = side(left)?;
    let end = side(right)?;
    let period = Period {
        first: start.map(|span| span.first),
        last: end.map(|span| span.last),
    };
    if let (Some(first), Some(last)) = (period.first, period.last)
        && last < first
    {
        return Err(Problem::new(
            format!("it ends ({last}) before it starts ({first})"),
            "put the earlier period first, e.g. 2024-01..2024-03",
        )
        .into_error(whole, whole));
    }
    Ok(period)
}

/// Cheap test used by the CLI to decide whether a positional argument is a period: true if
/// `text` *looks like* a period attempt, even an invalid one, so that `2024-Q5` is reported as a
/// bad period rather than taken for a tag.
///
/// That is: it starts with four ASCII digits, or is `today` or `yesterday`, or is `this` or
/// `last` followed (after spaces or hyphens) by a unit word (`week`, `month`, `quarter`, `year`,
/// `day`, or a plural of them); or it holds `..` and a side looks like a period (so that
/// `2024-01..foo` gets the period parser's error, not "unknown tag").
/// Words such as `okr`, `Strategy`, `not:okr` or `#planning` are not.
pub fn looks_like_period(text: &str) -> bool {
    let text = text.trim();
    match text.split_once("..") {
        Some((left, right)) => {
            let dots = |c: char| c == '.' || c.is_whitespace();
            let (left, right) = (left.trim_matches(dots), right.trim_matches(dots));
            let looks = |part: &str| !part.is_empty() && looks_like_single(part);
            (left.is_empty() && right.is_empty()) || looks(left) || looks(right)
        }
        None => looks_like_single(text),
    }
}

/// [`looks_like_period`] for text without `..`.
fn looks_like_single(text: &str) -> bool {
    if text.len() >= 4 && text.bytes().take(4).all(|b| b.is_ascii_digit()) {
        return true;
    }
    let words = relative_words(&text.to_ascii_lowercase());
    match words.as_slice() {
        [word] => {
            matches!(word.as_str(), "today" | "yesterday")
                || words::month(word).is_some()
                || words::quarter(word).is_some()
                // `lastmonth`, `thisweek`, `last7days`: a period typed wrong.
                || (["this", "last"].iter().any(|w| word.starts_with(w))
                    && words::nearest(word).is_some())
        }
        // `this weak`, `last 7 days`: `this` or `last` and more words.
        [which, ..] => matches!(which.as_str(), "this" | "last"),
        [] => false,
    }
}

/// Parses a date `YYYY-MM-DD` or `YYYY/MM/DD`, ignoring surrounding whitespace (used for
/// `--today`, `--date` and `$SECL_TODAY`). Like periods, a month or day may have one digit
/// (`2024-3-5`); one separator is used throughout.
///
/// # Errors
///
/// A [`PeriodError`] naming the input when it is not a valid calendar day in that form.
pub fn parse_date(text: &str) -> Result<NaiveDate, PeriodError> {
    let whole = text.trim();
    let fail = |reason: String| PeriodError {
        message: format!("`{whole}` is not a date: {reason}"),
        help: DATE_HELP.to_string(),
    };
    match parse_calendar(whole) {
        Ok(Calendar::Day(date)) => Ok(date),
        Ok(_) => Err(fail("it names more than one day".to_string())),
        Err(problem)
            if whole.len() >= 4 && whole.as_bytes()[..4].iter().all(u8::is_ascii_digit) =>
        {
            Err(fail(problem.reason))
        }
        Err(_) => Err(fail("expected YYYY-MM-DD".to_string())),
    }
}

/// A period written with digits, as parsed.
enum Calendar {
    Year(i32),
    Quarter(i32, u32),
    Week(i32, u32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl Calendar {
    /// The span of days it names.
    fn span(&self) -> DateSpan {
        let first_of = |year: i32, month: u32| NaiveDate::from_ymd_opt(year, month, 1);
        // The parser only builds values for which these dates exist; the fallbacks below are
        // unreachable but keep the code free of panics.
        let start = match *self {
            Calendar::Year(year) => first_of(year, 1).map(|d| (d, Unit::Year)),
            Calendar::Quarter(year, quarter) => {
                first_of(year, (quarter - 1) * 3 + 1).map(|d| (d, Unit::Quarter))
            }
            Calendar::Week(year, week) => {
                NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|d| (d, Unit::Week))
            }
            Calendar::Month(year, month) => first_of(year, month).map(|d| (d, Unit::Month)),
            Calendar::Day(date) => Some((date, Unit::Day)),
        };
        let (date, unit) = start.unwrap_or((NaiveDate::MIN, Unit::Day));
        unit_span(date, unit)
    }
}

/// Parses one period, without `..`.
fn parse_single(text: &str, today: NaiveDate) -> Result<DateSpan, Problem> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_calendar(text).map(|calendar| calendar.span());
    }
    let words = relative_words(&text.to_ascii_lowercase());
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let day = unit_span(today, Unit::Day);
    match words.as_slice() {
        ["today"] => Ok(day),
        ["yesterday"] => Ok(day.previous()),
        [word] if words::month(word).is_some() => {
            Ok(words::recent_month(words::month(word).unwrap_or(1), today))
        }
        [word] if words::quarter(word).is_some() => match words::quarter(word) {
            Some(quarter @ 1..=4) => Ok(words::recent_quarter(quarter, today)),
            _ => Err(Problem::new(
                "quarters run from Q1 to Q4",
                "e.g. Q4 (the most recent), 2024-Q4",
            )),
        },
        ["last", count, "day" | "days"] if count.bytes().all(|b| b.is_ascii_digit()) => {
            words::last_days(count, today)
                .map_err(|reason| Problem::new(reason, "e.g. last 7 days, last 30 days"))
        }
        ["last", count, ..] if count.bytes().all(|b| b.is_ascii_digit()) => Err(Problem::new(
            "`last N` takes days (`last 7 days`)",
            "for whole weeks or months write a range, e.g. 2024-W01..2024-W04, 2024-01..2024-03",
        )),
        [which @ ("this" | "last"), unit] => {
            let Some(unit) = relative_unit(unit) else {
                let hint = match (*which, *unit) {
                    ("this", "day") => " (for the current day write `today`)",
                    ("last", "day") => " (for the day before write `yesterday`)",
                    _ => "",
                };
                return Err(Problem::new(
                    format!("`{which}` takes week, month, quarter or year{hint}"),
                    match words::nearest(&format!("{which} {unit}")) {
                        Some(nearest) if hint.is_empty() => format!("did you mean `{nearest}`?"),
                        _ => format!(
                            "e.g. {which} week, {which} month, {which} quarter, {which} year"
                        ),
                    },
                ));
            };
            let span = unit_span(today, unit);
            Ok(if *which == "this" {
                span
            } else {
                span.previous()
            })
        }
        [which @ ("this" | "last")] => Err(Problem::new(
            format!("`{which}` needs a unit: week, month, quarter or year"),
            format!("e.g. {which} week, {which} month, {which} quarter, {which} year"),
        )),
        _ => Err(match words::nearest(&words.join(" ")) {
            Some(nearest) => Problem::new(
                Problem::unrecognised().reason,
                format!("did you mean `{nearest}`?"),
            ),
            None => Problem::unrecognised(),
        }),
    }
}

/// The unit after `this`/`last`.
fn relative_unit(word: &str) -> Option<Unit> {
    match word {
        "week" => Some(Unit::Week),
        "month" => Some(Unit::Month),
        "quarter" => Some(Unit::Quarter),
        "year" => Some(Unit::Year),
        _ => None,
    }
}

/// Splits lower-cased text into words on whitespace and hyphens (`last-month`, `last  month`).
fn relative_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits `text` into its leading run of ASCII digits and the rest.
fn split_digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// Parses a digit-only number, or `None` when it has no digits, too many, or does not fit.
fn number(digits: &str, max_len: usize) -> Option<u32> {
    if digits.is_empty() || digits.len() > max_len {
        return None;
    }
    digits.parse().ok()
}

/// Parses a period written with digits: `2024`, `2024-Q1`, `2024-W05`, `2024-03`, `2024-03-15`
/// (any case, `-` or `/`, optional separator before `Q`/`W`, one- or two-digit months and days).
fn parse_calendar(text: &str) -> Result<Calendar, Problem> {
    let (year_digits, rest) = split_digits(text);
    if year_digits.len() != 4 {
        return Err(Problem::new(
            "a year has four digits",
            "e.g. 2024, 2024-03, 2024-03-15",
        ));
    }
    let year: i32 = year_digits.parse().map_err(|_| Problem::unrecognised())?;
    if !(1000..=9999).contains(&year) {
        return Err(Problem::new(
            "years run from 1000 to 9999",
            "e.g. 2024, 2024-03, 2024-03-15",
        ));
    }
    if rest.is_empty() {
        return Ok(Calendar::Year(year));
    }
    let (separator, after) = match rest.strip_prefix(['-', '/']) {
        Some(after) => (rest.chars().next(), after),
        None => (None, rest),
    };
    if let Some(quarter) = after.strip_prefix(['q', 'Q']) {
        return parse_quarter(year, quarter);
    }
    if let Some(week) = after.strip_prefix(['w', 'W']) {
        return parse_week(year, week);
    }
    let Some(separator) = separator else {
        return Err(Problem::unrecognised());
    };
    let (month_digits, rest) = split_digits(after);
    let Some(month) = number(month_digits, 2) else {
        return Err(if month_digits.is_empty() {
            Problem::unrecognised()
        } else {
            Problem::new(
                "a month has one or two digits",
                format!("e.g. {year}-03 or {year}-03-15"),
            )
        });
    };
    if !(1..=12).contains(&month) {
        return Err(Problem::new(
            "months run from 01 to 12",
            format!("e.g. {year}-01 … {year}-12"),
        ));
    }
    if rest.is_empty() {
        return Ok(Calendar::Month(year, month));
    }
    let Some(day_text) = rest.strip_prefix(separator) else {
        return Err(if rest.starts_with(['-', '/']) {
            Problem::new(
                "use one separator throughout, `-` or `/`",
                format!("e.g. {year}-{month:02}-15 or {year}/{month:02}/15"),
            )
        } else {
            Problem::unrecognised()
        });
    };
    let (day_digits, rest) = split_digits(day_text);
    if !rest.is_empty() {
        return Err(Problem::unrecognised());
    }
    let Some(day) = number(day_digits, 2) else {
        return Err(if day_digits.is_empty() {
            Problem::unrecognised()
        } else {
            Problem::new(
                "a day has one or two digits",
                format!("e.g. {year}-{month:02}-15"),
            )
        });
    };
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Ok(Calendar::Day(date)),
        None => {
            let days = last_day_of_month(year, month).map_or(31, |d| d.day());
            let reason = if day == 0 {
                "days start at 01".to_string()
            } else {
                format!("{year}-{month:02} has only {days} days")
            };
            Err(Problem::new(
                reason,
                format!("e.g. {year}-{month:02}-01 … {year}-{month:02}-{days:02}"),
            ))
        }
    }
}

/// Parses the number after `Q`.
fn parse_quarter(year: i32, digits: &str) -> Result<Calendar, Problem> {
    let help = || format!("e.g. {year}-Q1, {year}-Q2, {year}-Q3, {year}-Q4");
    if digits.is_empty() {
        return Err(Problem::new("a quarter needs a number from 1 to 4", help()));
    }
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    match number(digits, 2) {
        Some(quarter @ 1..=4) => Ok(Calendar::Quarter(year, quarter)),
        None if !all_digits => Err(Problem::new("a quarter is a number from 1 to 4", help())),
        _ => Err(Problem::new("quarters run from Q1 to Q4", help())),
    }
}

/// Parses the number after `W`: an ISO week that exists in `year`.
fn parse_week(year: i32, digits: &str) -> Result<Calendar, Problem> {
    let weeks = iso_weeks_in(year);
    let help = || format!("e.g. {year}-W01 … {year}-W{weeks:02}");
    if digits.is_empty() {
        return Err(Problem::new(
            format!("a week needs a number from 1 to {weeks}"),
            help(),
        ));
    }
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    match number(digits, 2) {
        // The last weeks of 9999 end in the year 10000, past what a date can be.
        Some(week) if year == 9999 && week >= 52 => Err(Problem::new(
            "the last ISO weeks of 9999 end after 9999-12-31",
            "e.g. 9999-W01 … 9999-W51",
        )),
        Some(week) if (1..=weeks).contains(&week) => Ok(Calendar::Week(year, week)),
        None if !all_digits => Err(Problem::new(
            format!("a week is a number from 1 to {weeks}"),
            help(),
        )),
        Some(53) => Err(Problem::new(
            format!("{year} has only 52 ISO weeks"),
            help(),
        )),
        _ => Err(Problem::new(
            "ISO weeks run from W01 to W52, or W53 in a long year",
            help(),
        )),
    }
}

/// The number of ISO weeks (52 or 53) in ISO week-year `year`.
fn iso_weeks_in(year: i32) -> u32 {
    if NaiveDate::from_isoywd_opt(year, 53, Weekday::Mon).is_some() {
        53
    } else {
        52
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn span(first: &str, last: &str) -> DateSpan {
        DateSpan::new(d(first), d(last))
    }

    /// Parses at a fixed today (a Friday) and expects a closed span.
    fn closed(text: &str) -> DateSpan {
        closed_at(text, "2024-03-15")
    }

    fn closed_at(text: &str, today: &str) -> DateSpan {
        let period = parse(text, d(today)).unwrap_or_else(|e| panic!("{text}: {e}"));
        match (period.first, period.last) {
            (Some(first), Some(last)) => DateSpan::new(first, last),
            _ => panic!("{text}: open period {period:?}"),
        }
    }

    fn error(text: &str) -> PeriodError {
        match parse(text, d("2024-03-15")) {
            Ok(period) => panic!("{text:?} parsed as {period:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn unit_parse_and_name() {
        for unit in Unit::ALL {
            assert_eq!(Unit::parse(unit.name()), Some(unit));
            assert_eq!(unit.to_string(), unit.name());
        }
        assert_eq!(Unit::parse("Daily"), Some(Unit::Day));
        assert_eq!(Unit::parse("WEEKLY"), Some(Unit::Week));
        assert_eq!(Unit::parse("monthly"), Some(Unit::Month));
        assert_eq!(Unit::parse("Quarterly"), Some(Unit::Quarter));
        assert_eq!(Unit::parse("yearly"), Some(Unit::Year));
        assert_eq!(Unit::parse("MONTH"), Some(Unit::Month));
        assert_eq!(Unit::parse("fortnight"), None);
        assert_eq!(Unit::parse(""), None);
    }

    #[test]
    fn years() {
        assert_eq!(closed("2024"), span("2024-01-01", "2024-12-31"));
        assert_eq!(closed("  2023 "), span("2023-01-01", "2023-12-31"));
        assert_eq!(closed("1000"), span("1000-01-01", "1000-12-31"));
        assert_eq!(closed("9999"), span("9999-01-01", "9999-12-31"));
    }

    #[test]
    fn quarters_in_every_spelling() {
        let q1 = span("2024-01-01", "2024-03-31");
        for text in [
            "2024-Q1", "2024-q1", "2024Q1", "2024q1", "2024/Q1", "2024-Q01",
        ] {
            assert_eq!(closed(text), q1, "{text}");
        }
        assert_eq!(closed("2024-Q2"), span("2024-04-01", "2024-06-30"));
        assert_eq!(closed("2024-Q3"), span("2024-07-01", "2024-09-30"));
        assert_eq!(closed("2024-Q4"), span("2024-10-01", "2024-12-31"));
    }

    #[test]
    fn months_in_every_spelling() {
        let march = span("2024-03-01", "2024-03-31");
        for text in ["2024-03", "2024/03", "2024-3", "2024/3"] {
            assert_eq!(closed(text), march, "{text}");
        }
        assert_eq!(closed("2024-02"), span("2024-02-01", "2024-02-29"));
        assert_eq!(closed("2023-02"), span("2023-02-01", "2023-02-28"));
        assert_eq!(closed("2024-12"), span("2024-12-01", "2024-12-31"));
    }

    #[test]
    fn weeks_in_every_spelling() {
        let w05 = span("2024-01-29", "2024-02-04");
        for text in [
            "2024-W05", "2024-w05", "2024W05", "2024w5", "2024W5", "2024-W5",
        ] {
            assert_eq!(closed(text), w05, "{text}");
        }
        assert_eq!(closed("2024-W01"), span("2024-01-01", "2024-01-07"));
        assert_eq!(closed("2025-W01"), span("2024-12-30", "2025-01-05"));
        assert_eq!(closed("2020-W53"), span("2020-12-28", "2021-01-03"));
        assert_eq!(closed("2026-W53"), span("2026-12-28", "2027-01-03"));
        assert_eq!(closed("2023-W52"), span("2023-12-25", "2023-12-31"));
    }

    #[test]
    fn dates_in_every_spelling() {
        let day = span("2024-03-15", "2024-03-15");
        for text in ["2024-03-15", "2024/03/15", "2024-3-15", "2024/3/15"] {
            assert_eq!(closed(text), day, "{text}");
        }
        assert_eq!(closed("2024-3-5"), span("2024-03-05", "2024-03-05"));
        assert_eq!(closed("2024/03/05"), span("2024-03-05", "2024-03-05"));
        assert_eq!(closed("2024-02-29"), span("2024-02-29", "2024-02-29"));
    }

    #[test]
    fn ranges() {
        assert_eq!(closed("2024-01..2024-03"), span("2024-01-01", "2024-03-31"));
        assert_eq!(
            closed("2024-Q1..2024-W20"),
            span("2024-01-01", "2024-05-19")
        );
        assert_eq!(closed("2023..2024"), span("2023-01-01", "2024-12-31"));
        assert_eq!(
            closed("2024-03-15..2024-03-15"),
            span("2024-03-15", "2024-03-15")
        );
        assert_eq!(
            closed(" 2024/01/10 .. 2024/3/5 "),
            span("2024-01-10", "2024-03-05")
        );
        // Overlapping sides are fine as long as B does not end before A starts.
        assert_eq!(closed("2024..2024-03"), span("2024-01-01", "2024-03-31"));
        assert_eq!(closed("2024-03..2024"), span("2024-03-01", "2024-12-31"));
    }

    #[test]
    fn open_ranges() {
        let today = d("2024-03-15");
        assert_eq!(
            parse("2024-03..", today),
            Ok(Period {
                first: Some(d("2024-03-01")),
                last: None
            })
        );
        assert_eq!(
            parse("..2024-03", today),
            Ok(Period {
                first: None,
                last: Some(d("2024-03-31"))
            })
        );
        assert_eq!(
            parse("..2024", today),
            Ok(Period {
                first: None,
                last: Some(d("2024-12-31"))
            })
        );
        assert_eq!(
            parse("last month..", today),
            Ok(Period {
                first: Some(d("2024-02-01")),
                last: None
            })
        );
        assert_eq!(
            parse("..yesterday", today),
            Ok(Period {
                first: None,
                last: Some(d("2024-03-14"))
            })
        );
        assert_eq!(
            parse("9999-12-31..", today),
            Ok(Period {
                first: Some(d("9999-12-31")),
                last: None
            })
        );
    }

    #[test]
    fn relative_ranges() {
        assert_eq!(
            closed("last-month..today"),
            span("2024-02-01", "2024-03-15")
        );
        assert_eq!(
            closed("last month .. today"),
            span("2024-02-01", "2024-03-15")
        );
        assert_eq!(
            closed("2024-01..this week"),
            span("2024-01-01", "2024-03-17")
        );
        assert_eq!(
            closed("LAST QUARTER..This Month"),
            span("2023-10-01", "2024-03-31")
        );
    }

    #[test]
    fn today_and_yesterday() {
        assert_eq!(closed("today"), span("2024-03-15", "2024-03-15"));
        assert_eq!(closed("TODAY"), span("2024-03-15", "2024-03-15"));
        assert_eq!(closed(" Today "), span("2024-03-15", "2024-03-15"));
        assert_eq!(closed("yesterday"), span("2024-03-14", "2024-03-14"));
        assert_eq!(closed("Yesterday"), span("2024-03-14", "2024-03-14"));
        assert_eq!(
            closed_at("yesterday", "2024-01-01"),
            span("2023-12-31", "2023-12-31")
        );
        assert_eq!(
            closed_at("yesterday", "2024-03-01"),
            span("2024-02-29", "2024-02-29")
        );
    }

    #[test]
    fn relative_spellings() {
        let february = span("2024-02-01", "2024-02-29");
        for text in [
            "last month",
            "last-month",
            "last   month",
            "Last Month",
            "LAST-MONTH",
            "last\tmonth",
            "  last month  ",
        ] {
            assert_eq!(closed(text), february, "{text}");
        }
    }

    #[test]
    fn relative_on_a_friday() {
        let at = |text| closed_at(text, "2024-03-15");
        assert_eq!(at("this week"), span("2024-03-11", "2024-03-17"));
        assert_eq!(at("last week"), span("2024-03-04", "2024-03-10"));
        assert_eq!(at("this month"), span("2024-03-01", "2024-03-31"));
        assert_eq!(at("last month"), span("2024-02-01", "2024-02-29"));
        assert_eq!(at("this quarter"), span("2024-01-01", "2024-03-31"));
        assert_eq!(at("last quarter"), span("2023-10-01", "2023-12-31"));
        assert_eq!(at("this year"), span("2024-01-01", "2024-12-31"));
        assert_eq!(at("last year"), span("2023-01-01", "2023-12-31"));
    }

    #[test]
    fn relative_on_a_sunday() {
        // 2024-03-17 is a Sunday: it still belongs to the week that began on Monday the 11th.
        let at = |text| closed_at(text, "2024-03-17");
        assert_eq!(at("this week"), span("2024-03-11", "2024-03-17"));
        assert_eq!(at("last week"), span("2024-03-04", "2024-03-10"));
        assert_eq!(at("today"), span("2024-03-17", "2024-03-17"));
    }

    #[test]
    fn relative_on_a_monday() {
        // 2024-03-18 is a Monday: a new week starts.
        let at = |text| closed_at(text, "2024-03-18");
        assert_eq!(at("this week"), span("2024-03-18", "2024-03-24"));
        assert_eq!(at("last week"), span("2024-03-11", "2024-03-17"));
        assert_eq!(at("yesterday"), span("2024-03-17", "2024-03-17"));
    }

    #[test]
    fn relative_in_january_crosses_the_year() {
        let at = |text| closed_at(text, "2024-01-20");
        assert_eq!(at("last month"), span("2023-12-01", "2023-12-31"));
        assert_eq!(at("last quarter"), span("2023-10-01", "2023-12-31"));
        assert_eq!(at("last year"), span("2023-01-01", "2023-12-31"));
        assert_eq!(at("this quarter"), span("2024-01-01", "2024-03-31"));
        assert_eq!(at("this month"), span("2024-01-01", "2024-01-31"));
    }

    #[test]
    fn last_week_on_new_years_day_is_the_previous_iso_year() {
        let last = closed_at("last week", "2024-01-01");
        assert_eq!(last, span("2023-12-25", "2023-12-31"));
        assert_eq!(last.label(), "2023-W52");
        let this = closed_at("this week", "2024-01-01");
        assert_eq!(this.label(), "2024-W01");
        // 2021-01-03 (a Sunday) is in 2020-W53; the week before is 2020-W52.
        assert_eq!(closed_at("this week", "2021-01-03").label(), "2020-W53");
        assert_eq!(closed_at("last week", "2021-01-03").label(), "2020-W52");
    }

    #[test]
    fn iso_week_edges() {
        assert_eq!(unit_label(d("2024-12-30"), Unit::Week), "2025-W01");
        assert_eq!(unit_label(d("2021-01-03"), Unit::Week), "2020-W53");
        assert_eq!(unit_label(d("2021-01-04"), Unit::Week), "2021-W01");
        assert_eq!(unit_label(d("2024-01-29"), Unit::Week), "2024-W05");
        assert_eq!(
            unit_span(d("2021-01-03"), Unit::Week),
            span("2020-12-28", "2021-01-03")
        );
        assert_eq!(
            unit_span(d("2024-12-30"), Unit::Week),
            span("2024-12-30", "2025-01-05")
        );
        assert_eq!(iso_weeks_in(2020), 53);
        assert_eq!(iso_weeks_in(2023), 52);
        assert_eq!(iso_weeks_in(2026), 53);
    }

    #[test]
    fn unit_spans_and_labels() {
        let date = d("2024-05-15");
        assert_eq!(unit_span(date, Unit::Day), span("2024-05-15", "2024-05-15"));
        assert_eq!(
            unit_span(date, Unit::Week),
            span("2024-05-13", "2024-05-19")
        );
        assert_eq!(
            unit_span(date, Unit::Month),
            span("2024-05-01", "2024-05-31")
        );
        assert_eq!(
            unit_span(date, Unit::Quarter),
            span("2024-04-01", "2024-06-30")
        );
        assert_eq!(
            unit_span(date, Unit::Year),
            span("2024-01-01", "2024-12-31")
        );
        assert_eq!(unit_label(date, Unit::Day), "2024-05-15");
        assert_eq!(unit_label(date, Unit::Week), "2024-W20");
        assert_eq!(unit_label(date, Unit::Month), "2024-05");
        assert_eq!(unit_label(date, Unit::Quarter), "2024-Q2");
        assert_eq!(unit_label(date, Unit::Year), "2024");
    }

    #[test]
    fn span_basics() {
        let s = span("2024-02-27", "2024-03-02");
        assert_eq!(s.days(), 5);
        assert!(s.contains(d("2024-02-27")));
        assert!(s.contains(d("2024-02-29")));
        assert!(s.contains(d("2024-03-02")));
        assert!(!s.contains(d("2024-02-26")));
        assert!(!s.contains(d("2024-03-03")));
        assert_eq!(span("2024-03-15", "2024-03-15").days(), 1);
        assert_eq!(span("2024-01-01", "2024-12-31").days(), 366);
    }

    #[test]
    fn span_units() {
        assert_eq!(span("2024-01-01", "2024-12-31").unit(), Some(Unit::Year));
        assert_eq!(span("2024-04-01", "2024-06-30").unit(), Some(Unit::Quarter));
        assert_eq!(span("2024-02-01", "2024-02-29").unit(), Some(Unit::Month));
        assert_eq!(span("2024-01-01", "2024-01-07").unit(), Some(Unit::Week));
        assert_eq!(span("2024-03-15", "2024-03-15").unit(), Some(Unit::Day));
        assert_eq!(span("2024-01-02", "2024-01-08").unit(), None);
        assert_eq!(span("2024-02-01", "2024-02-28").unit(), None);
        assert_eq!(span("2024-01-01", "2025-12-31").unit(), None);
    }

    #[test]
    fn labels_are_canonical_however_typed() {
        assert_eq!(closed("2024-01..2024-03").label(), "2024-Q1");
        assert_eq!(closed("2024-Q1..2024-Q4").label(), "2024");
        assert_eq!(closed("2024-01-01..2024-01-07").label(), "2024-W01");
        assert_eq!(closed("2024-03-01..2024-03-31").label(), "2024-03");
        assert_eq!(closed("2024/3/15").label(), "2024-03-15");
        assert_eq!(closed("2024w5").label(), "2024-W05");
        assert_eq!(closed("2024q2").label(), "2024-Q2");
        assert_eq!(closed("2024-12-30..2025-01-05").label(), "2025-W01");
        assert_eq!(
            closed("2024-01-03..2024-02-10").label(),
            "2024-01-03..2024-02-10"
        );
        assert_eq!(closed("2023..2024").label(), "2023-01-01..2024-12-31");
        assert_eq!(closed("last month").to_string(), "2024-02");
    }

    #[test]
    fn previous_of_units() {
        let prev = |text: &str| closed(text).previous().label();
        assert_eq!(prev("2024"), "2023");
        assert_eq!(prev("2024-Q2"), "2024-Q1");
        assert_eq!(prev("2024-Q1"), "2023-Q4");
        assert_eq!(prev("2024-03"), "2024-02");
        assert_eq!(prev("2024-01"), "2023-12");
        assert_eq!(prev("2024-W01"), "2023-W52");
        assert_eq!(prev("2021-W01"), "2020-W53");
        assert_eq!(prev("2024-W10"), "2024-W09");
        assert_eq!(prev("2024-03-15"), "2024-03-14");
        assert_eq!(prev("2024-03-01"), "2024-02-29");
        assert_eq!(prev("2024-01-01"), "2023-12-31");
        // Typed as a range, but still one unit.
        assert_eq!(prev("2024-04..2024-06"), "2024-Q1");
        assert_eq!(
            closed("2024-03").previous(),
            span("2024-02-01", "2024-02-29")
        );
    }

    #[test]
    fn previous_of_arbitrary_spans_keeps_the_length() {
        let s = span("2024-01-03", "2024-02-10");
        let p = s.previous();
        assert_eq!(p, span("2023-11-25", "2024-01-02"));
        assert_eq!(p.days(), s.days());
        let s = span("2024-03-10", "2024-03-12");
        assert_eq!(s.previous(), span("2024-03-07", "2024-03-09"));
        // A two-year span goes back two years' worth of days.
        let s = span("2023-01-01", "2024-12-31");
        assert_eq!(s.previous(), span("2020-12-31", "2022-12-31"));
        assert_eq!(s.previous().days(), s.days());
        // Saturates at the start of the calendar instead of panicking.
        let start = DateSpan::new(NaiveDate::MIN, NaiveDate::MIN);
        assert_eq!(start.previous(), start);
    }

    fn columns(s: DateSpan, unit: Unit) -> Vec<(String, DateSpan)> {
        s.split(unit)
            .into_iter()
            .map(|c| (c.label, c.span))
            .collect()
    }

    #[test]
    fn split_by_month_clips_both_ends() {
        assert_eq!(
            columns(span("2024-01-10", "2024-03-05"), Unit::Month),
            vec![
                ("2024-01".to_string(), span("2024-01-10", "2024-01-31")),
                ("2024-02".to_string(), span("2024-02-01", "2024-02-29")),
                ("2024-03".to_string(), span("2024-03-01", "2024-03-05")),
            ]
        );
    }

    #[test]
    fn clipped_columns_know_their_whole_unit() {
        let columns = span("2024-01-10", "2024-03-31").split(Unit::Month);
        assert!(columns[0].is_clipped());
        assert_eq!(columns[0].whole(), span("2024-01-01", "2024-01-31"));
        assert!(!columns[1].is_clipped() && !columns[2].is_clipped());
        let weeks = span("2026-11-01", "2026-11-30").split(Unit::Week);
        assert_eq!(weeks[0].label, "2026-W44");
        assert!(weeks[0].is_clipped());
    }

    #[test]
    fn split_by_day() {
        assert_eq!(
            columns(span("2024-02-28", "2024-03-01"), Unit::Day),
            vec![
                ("2024-02-28".to_string(), span("2024-02-28", "2024-02-28")),
                ("2024-02-29".to_string(), span("2024-02-29", "2024-02-29")),
                ("2024-03-01".to_string(), span("2024-03-01", "2024-03-01")),
            ]
        );
    }

    #[test]
    fn split_by_week_across_a_year_boundary() {
        assert_eq!(
            columns(span("2024-12-20", "2025-01-08"), Unit::Week),
            vec![
                ("2024-W51".to_string(), span("2024-12-20", "2024-12-22")),
                ("2024-W52".to_string(), span("2024-12-23", "2024-12-29")),
                ("2025-W01".to_string(), span("2024-12-30", "2025-01-05")),
                ("2025-W02".to_string(), span("2025-01-06", "2025-01-08")),
            ]
        );
        assert_eq!(
            columns(span("2020-12-31", "2021-01-04"), Unit::Week),
            vec![
                ("2020-W53".to_string(), span("2020-12-31", "2021-01-03")),
                ("2021-W01".to_string(), span("2021-01-04", "2021-01-04")),
            ]
        );
    }

    #[test]
    fn split_by_quarter_and_year() {
        assert_eq!(
            columns(span("2023-11-15", "2024-05-02"), Unit::Quarter),
            vec![
                ("2023-Q4".to_string(), span("2023-11-15", "2023-12-31")),
                ("2024-Q1".to_string(), span("2024-01-01", "2024-03-31")),
                ("2024-Q2".to_string(), span("2024-04-01", "2024-05-02")),
            ]
        );
        assert_eq!(
            columns(span("2022-07-01", "2024-02-01"), Unit::Year),
            vec![
                ("2022".to_string(), span("2022-07-01", "2022-12-31")),
                ("2023".to_string(), span("2023-01-01", "2023-12-31")),
                ("2024".to_string(), span("2024-01-01", "2024-02-01")),
            ]
        );
    }

    #[test]
    fn split_within_one_unit_and_whole_units() {
        assert_eq!(
            columns(span("2024-03-10", "2024-03-12"), Unit::Month),
            vec![("2024-03".to_string(), span("2024-03-10", "2024-03-12"))]
        );
        let q1 = closed("2024-Q1");
        let months = q1.split(Unit::Month);
        assert_eq!(months.len(), 3);
        assert!(months.iter().all(|c| c.span.unit() == Some(Unit::Month)));
        assert_eq!(closed("2024").split(Unit::Week).len(), 53);
        assert_eq!(closed("2024").split(Unit::Day).len(), 366);
        // Columns tile the span exactly.
        let s = span("2023-05-17", "2024-08-09");
        for unit in Unit::ALL {
            let cols = s.split(unit);
            assert_eq!(cols.first().map(|c| c.span.first), Some(s.first));
            assert_eq!(cols.last().map(|c| c.span.last), Some(s.last));
            for pair in cols.windows(2) {
                assert_eq!(pair[0].span.last.succ_opt(), Some(pair[1].span.first));
            }
            assert_eq!(cols.iter().map(|c| c.span.days()).sum::<i64>(), s.days());
        }
    }

    #[test]
    fn resolve_fills_open_ends() {
        let bounds = Some(span("2023-06-10", "2024-04-02"));
        let open = |first: Option<&str>, last: Option<&str>| Period {
            first: first.map(d),
            last: last.map(d),
        };
        assert_eq!(
            open(Some("2024-03-01"), None).resolve(bounds),
            Some(span("2024-03-01", "2024-04-02"))
        );
        assert_eq!(
            open(None, Some("2024-01-31")).resolve(bounds),
            Some(span("2023-06-10", "2024-01-31"))
        );
        assert_eq!(
            open(None, None).resolve(bounds),
            Some(span("2023-06-10", "2024-04-02"))
        );
        assert_eq!(
            open(Some("2024-03-01"), Some("2024-03-31")).resolve(None),
            Some(span("2024-03-01", "2024-03-31"))
        );
        assert_eq!(open(None, None).resolve(None), None);
        // An open end with nothing to fill it: the day the period names.
        let day = |text| Some(span(text, text));
        assert_eq!(
            open(Some("2024-03-01"), None).resolve(None),
            day("2024-03-01")
        );
        assert_eq!(
            open(None, Some("2024-03-31")).resolve(None),
            day("2024-03-31")
        );
        // Filling would make last < first: the day the period names.
        assert_eq!(
            open(Some("2030-01-01"), None).resolve(bounds),
            day("2030-01-01")
        );
        assert_eq!(
            open(None, Some("2020-12-31")).resolve(bounds),
            day("2020-12-31")
        );
    }

    #[test]
    fn errors_name_the_input() {
        let cases = [
            ("2024-Q5", "quarters run from Q1 to Q4"),
            ("2024-Q0", "quarters run from Q1 to Q4"),
            ("2024-Q", "a quarter needs a number"),
            ("2024-13", "months run from 01 to 12"),
            ("2024-00", "months run from 01 to 12"),
            ("2024-02-30", "2024-02 has only 29 days"),
            ("2023-02-29", "2023-02 has only 28 days"),
            ("2024-04-31", "2024-04 has only 30 days"),
            ("2024-03-00", "days start at 01"),
            ("2024-W54", "ISO weeks run from W01 to W52"),
            ("2024-W00", "ISO weeks run from W01 to W52"),
            ("2023-W53", "2023 has only 52 ISO weeks"),
            ("2024-W", "a week needs a number"),
            ("2024-W100", "ISO weeks run from W01 to W52"),
            ("2024-W5x", "a week is a number from 1 to 52"),
            ("2024-Q10", "quarters run from Q1 to Q4"),
            ("2024-Q1x", "a quarter is a number from 1 to 4"),
            ("2024-003", "a month has one or two digits"),
            ("2024-03-015", "a day has one or two digits"),
            ("2024-03/15", "one separator"),
            ("9999-W52", "end after 9999-12-31"),
            ("0000", "years run from 1000 to 9999"),
            ("0999", "years run from 1000 to 9999"),
            ("20245", "a year has four digits"),
            ("202403", "a year has four digits"),
            ("..", "a range needs a start, an end, or both"),
            ("....", "exactly one `..`"),
            ("2024...2025", "exactly one `..`"),
            ("2024..2025..2026", "exactly one `..`"),
            (
                "2024-03..2024-01",
                "ends (2024-01-31) before it starts (2024-03-01)",
            ),
            (
                "2024-03-15..2024-03-14",
                "ends (2024-03-14) before it starts",
            ),
            ("today..yesterday", "before it starts"),
            ("okr", "expected a year"),
            ("next month", "expected a year"),
            ("last", "`last` needs a unit"),
            (
                "this fortnight",
                "`this` takes week, month, quarter or year",
            ),
            ("last day", "yesterday"),
            ("this day", "today"),
            ("2024-03x", "expected a year"),
            ("2024x", "expected a year"),
            ("2024-March", "expected a year"),
        ];
        for (text, reason) in cases {
            let e = error(text);
            assert!(
                e.message.contains(&format!("`{text}`")),
                "{text}: message {:?} does not name the input",
                e.message
            );
            assert!(
                e.message.contains(reason),
                "{text}: message {:?} lacks {reason:?}",
                e.message
            );
            assert!(!e.help.is_empty(), "{text}: no help");
            assert!(!e.message.contains('\n') && !e.help.contains('\n'));
            assert_eq!(e.to_string(), e.message);
        }
    }

    #[test]
    fn error_messages_read_well() {
        assert_eq!(
            error("2024-Q5").message,
            "`2024-Q5` is not a period: quarters run from Q1 to Q4"
        );
        assert_eq!(
            error("2024-Q5").help,
            "e.g. 2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4"
        );
        assert_eq!(error("2023-W53").help, "e.g. 2023-W01 … 2023-W52");
        assert_eq!(
            error("2024-01..2024-13").message,
            "`2024-01..2024-13` is not a period: `2024-13`: months run from 01 to 12"
        );
        assert_eq!(
            error("  2024-13 ").message,
            "`2024-13` is not a period: months run from 01 to 12"
        );
        assert_eq!(error("").message, "`` is not a period: it is empty");
        assert_eq!(error("   ").message, "`` is not a period: it is empty");
        assert!(error("okr").help.contains("2024-Q1"));
    }

    #[test]
    fn parse_never_panics() {
        let today = d("2024-03-15");
        for text in [
            "9999-12-31..",
            "9999-W52",
            "9999-W53",
            "9999-Q4..",
            "0000",
            "2024-Q",
            "....",
            "...",
            ".",
            "2024-03-15..2024-03-14",
            "99999999999999999999",
            "2024-99999999999999999999",
            "2024-W99999999999",
            "2024-Q99999999999",
            "2024-03-99999999999",
            "2024-",
            "2024--03",
            "2024-03-",
            "2024//",
            "2024-é",
            "2024é",
            "éé..éé",
            "last…",
            "\u{0}",
            "-",
            "--",
            "1000..9999",
            "this  week..last   year",
        ] {
            let _ = parse(text, today);
            let _ = looks_like_period(text);
            let _ = parse_date(text);
        }
        // Extreme todays do not panic either.
        for today in [NaiveDate::MIN, NaiveDate::MAX] {
            for text in ["today", "yesterday", "this week", "last week", "last year"] {
                let _ = parse(text, today);
            }
        }
        // 9999-W52 would run into the year 10000: refused (above); the
        // week before is the last.
        assert_eq!(closed("9999-W51"), span("9999-12-20", "9999-12-26"));
    }

    #[test]
    fn unit_functions_at_the_calendar_limits() {
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            for unit in Unit::ALL {
                let s = unit_span(date, unit);
                assert!(s.contains(date));
                let _ = unit_label(date, unit);
                let _ = s.previous();
                let _ = s.label();
            }
        }
        let end = DateSpan::new(d("9999-12-01"), NaiveDate::MAX);
        assert!(!end.split(Unit::Year).is_empty());
    }

    #[test]
    fn looks_like_period_cases() {
        for text in [
            "2024",
            "2024-Q5",
            "2024-13",
            "2024q1",
            "last month",
            "last-month",
            "Last Month",
            "this week",
            "last day",
            "today",
            "Yesterday",
            "..2024",
            "2024..",
            "2024-01..2024-03",
            "last-month..today",
            "..",
            "....",
            // One side is enough: the period parser then says what is wrong.
            "2024-01..foo",
            "okr..2024",
        ] {
            assert!(looks_like_period(text), "{text} should look like a period");
        }
        for text in [
            "okr",
            "Strategy",
            "#planning",
            "not:okr",
            "Security & Compliance",
            "hashtag:q1",
            "note:2024",
            "last",
            "this",
            "Lastpass",
            "todays",
            "CI/CD management",
            "",
            "202",
            "infra..vendor",
        ] {
            assert!(
                !looks_like_period(text),
                "{text} should not look like a period"
            );
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-03-15"), Ok(d("2024-03-15")));
        assert_eq!(parse_date("2024/03/15"), Ok(d("2024-03-15")));
        assert_eq!(parse_date(" 2024-3-5 "), Ok(d("2024-03-05")));
        assert_eq!(parse_date("2024-02-29"), Ok(d("2024-02-29")));
        for (text, reason) in [
            ("2024-02-30", "2024-02 has only 29 days"),
            ("2024-03", "more than one day"),
            ("2024", "more than one day"),
            ("2024-W05", "more than one day"),
            ("today", "expected YYYY-MM-DD"),
            ("", "expected YYYY-MM-DD"),
            ("15.03.2024", "expected YYYY-MM-DD"),
            ("2024-13-01", "months run from 01 to 12"),
            ("2024-03/15", "one separator"),
        ] {
            let e = parse_date(text).expect_err(text);
            assert!(
                e.message.contains(&format!("`{text}` is not a date")),
                "{}",
                e.message
            );
            assert!(e.message.contains(reason), "{text}: {}", e.message);
            assert!(e.help.contains("YYYY-MM-DD"));
        }
    }
}
