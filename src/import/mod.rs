//! Calendar import (`secl import`): the instances of an iCalendar file's
//! events ([`ics`]), sorted by a rules file ([`rules`]) into new clock-range
//! entries, minus those the journal already holds.

pub mod ics;
pub mod rules;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::parse::{Line, lines, parse_line};
use ics::Instance;
use rules::{Rules, Verdict};

/// A clock range in minutes after its day's midnight (an end past
/// midnight is above 1440), as the journal's own ranges.
pub type Range = (u16, u16);

/// An entry to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// Its day: the local start date.
    pub date: NaiveDate,
    /// Its clock range.
    pub range: Range,
    /// The tag, as the rules write it.
    pub tag: String,
    /// The event's summary, one line.
    pub summary: String,
}

impl NewEntry {
    /// Its clock range, `09:00-10:30`.
    pub fn duration(&self) -> String {
        let clock = |m: u16| format!("{:02}:{:02}", (m / 60) % 24, m % 60);
        format!("{}-{}", clock(self.range.0), clock(self.range.1))
    }

    /// `09:00-10:30  TAG  ; SUMMARY`, without indent.
    pub fn text(&self) -> String {
        let head = format!("{}  {}", self.duration(), self.tag);
        if self.summary.is_empty() {
            head
        } else {
            format!("{head}  ; {}", self.summary)
        }
    }

    /// Minutes.
    pub fn minutes(&self) -> u32 {
        u32::from(self.range.1 - self.range.0)
    }
}

/// Why instances were not imported, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// All-day events.
    pub all_day: usize,
    /// 24 hours or more.
    pub too_long: usize,
    /// Ending when they start (to the minute).
    pub zero_length: usize,
    /// By a `skip` rule.
    pub by_rule: usize,
    /// No rule matched and no default.
    pub unmatched: usize,
    /// Already in the journal.
    pub already: usize,
    /// At the same date and clock range as another event of the import
    /// (the first by summary is imported).
    pub same_time: usize,
    /// `STATUS:CANCELLED`.
    pub cancelled: usize,
    /// `TRANSP:TRANSPARENT`.
    pub transparent: usize,
    /// Declined by `me`.
    pub declined: usize,
    /// Not ended by now.
    pub not_ended: usize,
}

/// What an import would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The new entries, by date and start.
    pub entries: Vec<NewEntry>,
    /// What was left out.
    pub skipped: Skipped,
    /// The unmatched summaries, most frequent first (ties by text).
    pub unmatched: Vec<(String, usize)>,
    /// New entries whose summary the journal already holds on that date at
    /// another time (a meeting moved after an import): the new entry and
    /// the range already there.
    pub moved: Vec<(NewEntry, Range)>,
}

/// What the journal already holds: per date, each clock range and its note.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    days: HashMap<NaiveDate, Vec<(Range, String)>>,
}

impl Existing {
    /// Reads the clock-range entries of a journal file's text.
    pub fn add_text(&mut self, text: &str) {
        let mut date = None;
        for (start, line) in lines(text) {
            let entry = match parse_line(line, start) {
                Line::Day(day) => {
                    date = Some(day.date);
                    day.entry.and_then(Result::ok)
                }
                Line::Entry(entry) => Some(entry),
                Line::BadDay(_) => {
                    date = None;
                    None
                }
                _ => None,
            };
            let (Some(date), Some(entry)) = (date, entry) else {
                continue;
            };
            if let Some(clock) = entry.duration.clock {
                // Spans are offsets into `text`; a missing note may have none.
                let note = text.get(entry.note.range()).unwrap_or_default();
                self.days
                    .entry(date)
                    .or_default()
                    .push(((clock.start, clock.end), note.trim().to_string()));
            }
        }
    }

    fn has(&self, date: NaiveDate, range: Range) -> bool {
        self.days
            .get(&date)
            .is_some_and(|ranges| ranges.iter().any(|(r, _)| *r == range))
    }

    fn same_note(&self, date: NaiveDate, note: &str) -> Option<Range> {
        self.days
            .get(&date)?
            .iter()
            .find(|(_, n)| !note.is_empty() && n == note)
            .map(|(r, _)| *r)
    }
}

/// The period and clock an import works in.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// First local start date (`None`: the earliest event).
    pub first: Option<NaiveDate>,
    /// Last local start date.
    pub last: Option<NaiveDate>,
    /// Now, on the local wall clock: later ends wait.
    pub now: NaiveDateTime,
}

/// Sorts `instances` into new entries and skip reasons.
pub fn plan(instances: &[Instance], rules: &Rules, window: Window, existing: &Existing) -> Plan {
    let mut plan = Plan::default();
    let mut unmatched: HashMap<&str, usize> = HashMap::new();
    let mut taken: HashSet<(NaiveDate, Range)> = HashSet::new();
    let mut entries = Vec::new();
    let mut order: Vec<&Instance> = instances.iter().collect();
    order.sort_by(|a, b| (a.local_start, &a.summary).cmp(&(b.local_start, &b.summary)));
    for instance in order {
        let date = instance.local_start.date();
        if window.first.is_some_and(|first| date < first)
            || window.last.is_some_and(|last| date > last)
        {
            continue;
        }
        let skipped = &mut plan.skipped;
        if instance.all_day {
            skipped.all_day += 1;
            continue;
        }
        if instance.local_end > window.now {
            skipped.not_ended += 1;
            continue;
        }
        if instance.cancelled {
            skipped.cancelled += 1;
            continue;
        }
        if instance.transparent {
            skipped.transparent += 1;
            continue;
        }
        if instance.declined.iter().any(|a| rules.is_me(a)) {
            skipped.declined += 1;
            continue;
        }
        if instance.end - instance.start >= chrono::TimeDelta::hours(24) {
            skipped.too_long += 1;
            continue;
        }
        let Some(range) = range(instance.local_start, instance.local_end) else {
            skipped.zero_length += 1;
            continue;
        };
        let tag = match rules.verdict(&instance.summary) {
            Verdict::Skip => {
                skipped.by_rule += 1;
                continue;
            }
            Verdict::Unmatched => {
                skipped.unmatched += 1;
                *unmatched.entry(&instance.summary).or_default() += 1;
                continue;
            }
            Verdict::Tag(tag) => tag,
        };
        if existing.has(date, range) {
            skipped.already += 1;
            continue;
        }
        if !taken.insert((date, range)) {
            skipped.same_time += 1;
            continue;
        }
        let entry = NewEntry {
            date,
            range,
            tag: tag.to_string(),
            summary: instance.summary.clone(),
        };
        if let Some(there) = existing.same_note(date, &entry.summary) {
            plan.moved.push((entry.clone(), there));
        }
        entries.push(entry);
    }
    entries.sort_by_key(|e| (e.date, e.range));
    plan.entries = entries;
    let mut unmatched: Vec<(String, usize)> = unmatched
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    unmatched.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    plan.unmatched = unmatched;
    plan
}

/// The clock range of a local start and end, to the minute; `None` when it
/// is empty on the wall clock.
fn range(start: NaiveDateTime, end: NaiveDateTime) -> Option<Range> {
    let minute = |t: NaiveDateTime| t.hour() * 60 + t.minute();
    let from = minute(start);
    let days = (end.date() - start.date()).num_days();
    let to = minute(end) as i64 + days * 1440;
    let from = from as i64;
    (to > from && to - from < 1440).then_some((from as u16, to as u16))
}

/// The new entries grouped by date, in date order.
pub fn by_date(entries: &[NewEntry]) -> BTreeMap<NaiveDate, Vec<&NewEntry>> {
    let mut days: BTreeMap<NaiveDate, Vec<&NewEntry>> = BTreeMap::new();
    for entry in entries {
        days.entry(entry.date).or_default().push(entry);
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn ranges_past_midnight_and_empty_ones() {
        assert_eq!(
            range(at("2024-03-01T09:00"), at("2024-03-01T10:30")),
            Some((540, 630))
        );
        assert_eq!(
            range(at("2024-03-01T23:00"), at("2024-03-02T01:00")),
            Some((1380, 1500))
        );
        assert_eq!(range(at("2024-03-01T09:00"), at("2024-03-01T09:00")), None);
        assert_eq!(range(at("2024-03-01T09:00"), at("2024-03-02T09:00")), None);
    }

    #[test]
    fn entry_text() {
        let entry = NewEntry {
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            range: (1380, 1500),
            tag: "Execution".into(),
            summary: "Release".into(),
        };
        assert_eq!(entry.text(), "23:00-01:00  Execution  ; Release");
    }

    #[test]
    fn existing_ranges_are_read_from_the_journal() {
        let mut existing = Existing::default();
        existing.add_text("2024-03-01\n  09:00-10:00  X  ; Standup\n  1h  Y\n");
        let date = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert!(existing.has(date, (540, 600)));
        assert_eq!(existing.same_note(date, "Standup"), Some((540, 600)));
    }
}
