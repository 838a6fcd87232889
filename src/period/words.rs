//! Periods written as words beyond `today`, `this …` and `last …`: month
//! names (`november`, `nov`), quarters without a year (`Q4`), `last N days`,
//! and the nearest valid spelling of a period typed wrong (`this weak`,
//! `lastmonth`), for the did-you-mean of a period error.
//!
//! A month name or a quarter without a year is the most recent one that has
//! begun by today: `november` typed in January is the November just gone,
//! typed in November this one (grammar.md, decisions).

use chrono::{Datelike, Days, NaiveDate};

use super::{DateSpan, Unit, unit_span};

/// Month names, full and abbreviated, January first.
const MONTHS: [(&str, &str); 12] = [
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may", "may"),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
];

/// The most days `last N days` may span (about a century).
const MOST_DAYS: u64 = 36_600;

/// The month (1–12) a lower-case word names: `november`, `nov`, `sept`.
pub fn month(word: &str) -> Option<u32> {
    let index = MONTHS
        .iter()
        .position(|(full, short)| word == *full || word == *short)
        .or_else(|| (word == "sept").then_some(8))?;
    u32::try_from(index + 1).ok()
}

/// The most recent month `month` that has begun by `today`.
pub fn recent_month(month: u32, today: NaiveDate) -> DateSpan {
    let year = if month <= today.month() {
        today.year()
    } else {
        today.year() - 1
    };
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(today);
    unit_span(first, Unit::Month)
}

/// The quarter (1–9, checked by the caller) a lower-case word `q4` names.
pub fn quarter(word: &str) -> Option<u32> {
    let digits = word.strip_prefix('q')?;
    (digits.len() == 1).then(|| digits.parse().ok()).flatten()
}

/// The most recent quarter `quarter` (1–4) that has begun by `today`.
pub fn recent_quarter(quarter: u32, today: NaiveDate) -> DateSpan {
    let current = (today.month() - 1) / 3 + 1;
    let year = if quarter <= current {
        today.year()
    } else {
        today.year() - 1
    };
    let first = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).unwrap_or(today);
    unit_span(first, Unit::Quarter)
}

/// `last N days`: the N days that end today, today included. `Err` holds
/// the reason when N is no count of days secl can span.
pub fn last_days(count: &str, today: NaiveDate) -> Result<DateSpan, String> {
    let days: u64 = count
        .parse()
        .ok()
        .filter(|&n| (1..=MOST_DAYS).contains(&n))
        .ok_or_else(|| format!("`last N days` takes N from 1 to {MOST_DAYS}"))?;
    let first = today
        .checked_sub_days(Days::new(days - 1))
        .ok_or_else(|| "it starts before the calendar does".to_string())?;
    Ok(DateSpan::new(first, today))
}

/// The valid period nearest to `text` (lower-cased words apart by single
/// spaces), if `text` is a near miss: the same letters with the blank left
/// out (`lastmonth` → `last month`, `last7days` → `last 7 days`), or within
/// one or two edits (`this weak` → `this week`, `novmber` → `november`,
/// `yesterdy` → `yesterday`).
pub fn nearest(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    if text.is_empty() || text.len() > 24 {
        return None;
    }
    if let Some(days) = glued_days(&text) {
        return Some(days);
    }
    let glued: String = text.split_whitespace().collect();
    let mut best: Option<(usize, String)> = None;
    for candidate in candidates() {
        if candidate == text {
            return None;
        }
        let distance = if candidate.replace(' ', "") == glued {
            0
        } else {
            strsim::osa_distance(&candidate, &text)
        };
        let allowed = if candidate.len() > 5 { 2 } else { 1 };
        if distance <= allowed && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `last7days`, `last 7days`, `last 7 dyas`: the spelling `last 7 days`.
fn glued_days(text: &str) -> Option<String> {
    let rest = text.strip_prefix("last")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let unit = rest[digits.len()..].trim();
    let wanted = format!("last {digits} days");
    let days_like = !digits.is_empty() && strsim::osa_distance(unit, "days") <= 2;
    (days_like && text != wanted).then_some(wanted)
}

/// Every word period, for did-you-mean.
fn candidates() -> impl Iterator<Item = String> {
    let relative = ["this", "last"].into_iter().flat_map(|which| {
        ["week", "month", "quarter", "year"]
            .into_iter()
            .map(move |unit| format!("{which} {unit}"))
    });
    ["today", "yesterday"]
        .into_iter()
        .map(str::to_string)
        .chain(relative)
        .chain(MONTHS.iter().map(|(full, _)| (*full).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_and_quarters_are_the_most_recent_begun() {
        let span = recent_month(11, d("2027-01-05"));
        assert_eq!((span.first, span.last), (d("2026-11-01"), d("2026-11-30")));
        let span = recent_month(11, d("2026-11-02"));
        assert_eq!(span.first, d("2026-11-01"));
        let span = recent_quarter(4, d("2027-02-01"));
        assert_eq!((span.first, span.last), (d("2026-10-01"), d("2026-12-31")));
        let span = recent_quarter(1, d("2027-02-01"));
        assert_eq!(span.first, d("2027-01-01"));
        assert_eq!(month("nov"), Some(11));
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("novem"), None);
        assert_eq!(quarter("q4"), Some(4));
        assert_eq!(quarter("q10"), None);
    }

    #[test]
    fn last_days_end_today() {
        let span = last_days("7", d("2026-11-09")).unwrap();
        assert_eq!((span.first, span.last), (d("2026-11-03"), d("2026-11-09")));
        assert!(last_days("0", d("2026-11-09")).is_err());
        assert!(last_days("99999999999999999999", d("2026-11-09")).is_err());
    }

    #[test]
    fn near_misses() {
        assert_eq!(nearest("this weak").as_deref(), Some("this week"));
        assert_eq!(nearest("lastmonth").as_deref(), Some("last month"));
        assert_eq!(nearest("thisquarter").as_deref(), Some("this quarter"));
        assert_eq!(nearest("novmber").as_deref(), Some("november"));
        assert_eq!(nearest("yesterdy").as_deref(), Some("yesterday"));
        assert_eq!(nearest("last7days").as_deref(), Some("last 7 days"));
        assert_eq!(nearest("last 7 dyas").as_deref(), Some("last 7 days"));
        assert_eq!(nearest("last 7 days"), None);
        assert_eq!(nearest("this week"), None);
        assert_eq!(nearest("okr"), None);
        assert_eq!(nearest("Strategy"), None);
        assert_eq!(nearest(&"x".repeat(1000)), None);
    }
}
