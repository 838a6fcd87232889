//! `clock_like_duration`: an `H:MM` length of five hours or more, which
//! reads like the time a task started (`9:00  Team rituals` logs nine
//! hours). grammar.md, decisions, gives the rule.

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// The fewest hours of an `H:MM` length that look like a start time: the
/// working day's start times begin here, and longer stretches are rarely
/// written as `H:MM`.
pub const FROM_HOURS: u32 = 5;

/// The warning for a duration written `written` at `span` of `seconds`,
/// if it is an `H:MM` length (not a clock range) of [`FROM_HOURS`] or more.
pub fn check(file: FileId, written: &str, span: Span, seconds: u32) -> Option<Diagnostic> {
    let (hours, minutes) = written.split_once(':')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) || seconds < FROM_HOURS * 3600 {
        return None;
    }
    let whole: u32 = hours.parse().ok()?;
    let length = match minutes {
        "00" => format!("{whole}h"),
        _ => format!("{whole}h{minutes}m"),
    };
    let (start, end) = if whole < 24 {
        (
            format!("{whole:02}:{minutes}"),
            format!("{:02}:{minutes}", (whole + 1) % 24),
        )
    } else {
        ("09:00".to_string(), "10:00".to_string())
    };
    Some(
        Diagnostic::new(
            Code::ClockLikeDuration,
            file,
            span,
            format!("`{written}` logs {length}: `H:MM` is a length, not a time of day"),
            format!("{length} long"),
        )
        .with_help(format!(
            "for a length write `{length}`; for the time it started write a range such as \
             `{start}-{end}`"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(written: &str, seconds: u32) -> Option<(String, String)> {
        check(0, written, Span::default(), seconds).map(|d| (d.message, d.help.unwrap_or_default()))
    }

    #[test]
    fn several_hours_written_as_a_clock_time() {
        let (text, help) = message("9:00", 9 * 3600).unwrap();
        assert_eq!(
            text,
            "`9:00` logs 9h: `H:MM` is a length, not a time of day"
        );
        assert_eq!(
            help,
            "for a length write `9h`; for the time it started write a range such as `09:00-10:00`"
        );
        assert!(message_of("13:30", 13 * 3600 + 1800).contains("13h30m"));
        assert!(message_of("05:00", 5 * 3600).contains("5h"));
        assert!(message("24:00", 86400).unwrap().1.contains("`09:00-10:00`"));
    }

    fn message_of(written: &str, seconds: u32) -> String {
        message(written, seconds).unwrap().0
    }

    #[test]
    fn short_lengths_and_other_forms_pass() {
        assert_eq!(message("4:59", 4 * 3600 + 59 * 60), None);
        assert_eq!(message("1:30", 5400), None);
        assert_eq!(message("9h", 9 * 3600), None);
        assert_eq!(message("09:00-18:00", 9 * 3600), None);
        assert_eq!(message("540m", 9 * 3600), None);
    }
}
