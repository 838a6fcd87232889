//! Entries written for other tools: hledger's timedot format and ledger's
//! journal format, with canonical tags as account names and exact
//! durations. It renders entries already chosen and ordered by the
//! command; it never filters or sorts.
//!
//! Durations are exact: whole minutes as `90m`, anything else as seconds
//! (`5415s`). hledger's timedot reader and ledger both know the `s` and `m`
//! units (ledger's built-in time commodities convert them to hours).

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
            let line = format!("{}  {}", self.account(entry), quantity(entry.seconds));
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

/// An exact quantity: whole minutes as `NNm`, anything else as `NNs`.
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
