//! Entries written for other tools: hledger's timedot format and ledger's
//! journal format, with canonical tags as account names and exact
//! durations. It renders entries already chosen and ordered by the
//! command; it never filters or sorts.
//!
//! Durations are exact where the target can hold them. ledger gets whole
//! minutes as `90m`, anything else as seconds (`5415s`); its built-in time
//! commodities convert them to hours. Timedot gets unit-less decimal hours
//! (`1.5`, `0.3333`): hledger 1.32 and later round every timedot quantity
//! that has a unit to 0.01h as they read it (so three `20m` read back as
//! 0.99h), but keep a plain number as written, as every earlier version
//! does. A number is exact when its seconds are a multiple of 9; the
//! entries of one account on one date are written so that their running
//! sum is the exact sum rounded to 0.0001h, so that a day's time on an
//! account (three `20m` entries: 0.3333, 0.3334, 0.3333) totals exactly
//! whenever it can be written exactly, and never drifts by more than
//! 0.18 s otherwise.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::journal::{Entry, Journal};

/// Entries ready to export.
pub struct View<'a> {
    /// The journal, for tags and notes.
    pub journal: &'a Journal,
    /// The indices of the entries, in date order.
    pub entries: &'a [usize],
}

impl View<'_> {
    fn account(&self, entry: &Entry) -> String {
        one_line(&self.journal.taxonomy.path(entry.node))
    }

    fn note(&self, index: usize) -> String {
        one_line(self.journal.note(index))
    }

    fn day_note(&self, index: usize) -> String {
        one_line(self.journal.day_note(index))
    }

    /// hledger timedot: a date line, then `ACCOUNT  QUANTITY` per entry of
    /// that day, days apart by a blank line. A note follows as a
    /// `  ; note` comment: hledger's timedot reader has accepted a comment
    /// after the quantity since its early versions (it keeps it as the
    /// posting's comment in recent ones), so notes are kept, not dropped.
    /// A day header's note follows its date line as `  ; note` (hledger
    /// keeps it as the transaction's comment); blocks of one date with
    /// different notes get a date line each.
    pub fn timedot(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut previous = None;
        let mut hours = Hours::default();
        for &index in self.entries {
            let entry = &self.journal.entries[index];
            let day_note = self.day_note(index);
            let same_day = previous
                .as_ref()
                .is_some_and(|(date, note)| *date == entry.date && *note == day_note);
            if !same_day {
                if previous.is_some() {
                    writeln!(out)?;
                }
                match day_note.as_str() {
                    "" => writeln!(out, "{}", entry.date)?,
                    note => writeln!(out, "{}  ; {note}", entry.date)?,
                }
                previous = Some((entry.date, day_note));
            }
            let line = format!("{}  {}", self.account(entry), hours.next(entry));
            match self.note(index).as_str() {
                "" => writeln!(out, "{line}")?,
                note => writeln!(out, "{line}  ; {note}")?,
            }
        }
        Ok(())
    }

    /// ledger: one transaction per entry, `DATE DESCRIPTION` (the note, or
    /// the account when there is none) over one virtual posting
    /// `    (ACCOUNT)  QUANTITY`, which needs no balancing; a day header's
    /// note goes between them as a `    ; note` line (a transaction
    /// comment to both tools). Transactions are apart by a blank line.
    pub fn ledger(&self, out: &mut dyn Write) -> io::Result<()> {
        for (i, &index) in self.entries.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            let entry = &self.journal.entries[index];
            let account = self.account(entry);
            let note = self.note(index);
            let description = if note.is_empty() { &account } else { &note };
            writeln!(out, "{} {}", entry.date, description_field(description))?;
            match self.day_note(index).as_str() {
                "" => {}
                day_note => writeln!(out, "    ; {day_note}")?,
            }
            writeln!(out, "    ({account})  {}", quantity(entry.seconds))?;
        }
        Ok(())
    }
}

/// Timedot quantities: unit-less decimal hours, carried per account and
/// date so that a day's sum on an account is exact to 0.0001h.
#[derive(Default)]
struct Hours {
    /// Per (date, node): the seconds so far and the ten-thousandths of an
    /// hour written for them.
    sums: HashMap<(chrono::NaiveDate, crate::taxonomy::NodeId), (u64, u64)>,
}

impl Hours {
    /// The quantity of the next entry, in export order.
    fn next(&mut self, entry: &Entry) -> String {
        let (seconds, written) = self.sums.entry((entry.date, entry.node)).or_default();
        *seconds += u64::from(entry.seconds);
        // Ten-thousandths of an hour are 0.36 s: seconds × 25 / 9, halves up.
        let due = (*seconds * 50 + 9) / 18;
        let part = due - *written;
        *written = due;
        decimal_hours(part)
    }
}

/// Ten-thousandths of an hour as the shortest decimal: `1.5`, `2`, `0.3333`.
fn decimal_hours(ten_thousandths: u64) -> String {
    let (whole, fraction) = (ten_thousandths / 10_000, ten_thousandths % 10_000);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// An exact ledger quantity: whole minutes as `NNm`, anything else as `NNs`.
pub fn quantity(seconds: u32) -> String {
    if seconds.is_multiple_of(60) {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// Text on one line with single spaces: every run of blanks or control
/// characters becomes one space (two spaces end an account name in both
/// formats, and a tab or line break would end more).
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A transaction description that ledger and hledger read back as
/// written: one that starts with a status mark (`*`, `!`) or a code
/// (`(`) gets an empty code `()` before it.
fn description_field(description: &str) -> String {
    if description.starts_with(['*', '!', '(']) {
        format!("() {description}")
    } else {
        description.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_exact() {
        assert_eq!(quantity(5400), "90m");
        assert_eq!(quantity(60), "1m");
        assert_eq!(quantity(5415), "5415s");
        assert_eq!(quantity(45), "45s");
    }

    #[test]
    fn decimal_hours_are_shortest() {
        assert_eq!(decimal_hours(15_000), "1.5");
        assert_eq!(decimal_hours(20_000), "2");
        assert_eq!(decimal_hours(3_333), "0.3333");
        assert_eq!(decimal_hours(125), "0.0125");
    }

    #[test]
    fn names_and_notes_fit_on_one_line() {
        assert_eq!(
            one_line("Culture:Team  Development"),
            "Culture:Team Development"
        );
        assert_eq!(one_line(" a\tb\r\nc "), "a b c");
        assert_eq!(description_field("(draft) plan"), "() (draft) plan");
        assert_eq!(description_field("*urgent*"), "() *urgent*");
        assert_eq!(description_field("plan (draft)"), "plan (draft)");
    }
}
