//! Numbers as reports show them: hours with two decimals (`12.50`) or as
//! `12h30m`, shares with one decimal (`23.4%`), signed changes.

/// How durations are shown (`--time`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TimeFormat {
    /// Decimal hours: `12.50`.
    #[default]
    Decimal,
    /// Hours and minutes: `12h30m`.
    Hm,
}

/// Decimal hours with two decimals, rounded half up from whole seconds.
pub fn decimal_hours(seconds: i64) -> String {
    let negative = seconds < 0;
    let magnitude = seconds.unsigned_abs();
    // Hundredths of an hour: 36 seconds each, rounded half up.
    let hundredths = (magnitude + 18) / 36;
    let sign = if negative && hundredths > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}

/// `12h30m`, `45m`, `3h` (minutes rounded half up).
pub fn hm(seconds: i64) -> String {
    let negative = seconds < 0;
    let minutes = (seconds.unsigned_abs() + 30) / 60;
    let sign = if negative && minutes > 0 { "-" } else { "" };
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{sign}{m}m"),
        (h, 0) => format!("{sign}{h}h"),
        (h, m) => format!("{sign}{h}h{m:02}m"),
    }
}

/// A duration in the chosen format.
pub fn duration(seconds: i64, format: TimeFormat) -> String {
    match format {
        TimeFormat::Decimal => decimal_hours(seconds),
        TimeFormat::Hm => hm(seconds),
    }
}

/// A signed duration: `+1.25`, `-3.00`, `0.00`.
pub fn signed_duration(seconds: i64, format: TimeFormat) -> String {
    let text = duration(seconds, format);
    if seconds > 0 && !text.chars().all(|c| c == '0' || c == '.' || c == 'm') {
        format!("+{text}")
    } else {
        text
    }
}

/// A share with one decimal, rounded half up: `23.4%`, `31.3%` for 0.3125.
pub fn percent(fraction: f64) -> String {
    format!("{:.1}%", (fraction * 1000.0).round() / 10.0)
}

/// A signed change in percentage points: `+1.5pp`, `-3.0pp`.
pub fn points(delta: f64) -> String {
    let tenths = (delta * 1000.0).round() / 10.0;
    if tenths > 0.0 {
        format!("+{tenths:.1}pp")
    } else if tenths < 0.0 {
        format!("{tenths:.1}pp")
    } else {
        "0.0pp".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours() {
        assert_eq!(decimal_hours(0), "0.00");
        assert_eq!(decimal_hours(45_000), "12.50");
        assert_eq!(decimal_hours(18), "0.01");
        assert_eq!(decimal_hours(17), "0.00");
        assert_eq!(decimal_hours(-5400), "-1.50");
        assert_eq!(hm(45_000), "12h30m");
        assert_eq!(hm(2700), "45m");
        assert_eq!(hm(7200), "2h");
        assert_eq!(hm(-2700), "-45m");
    }

    #[test]
    fn signs() {
        assert_eq!(signed_duration(4500, TimeFormat::Decimal), "+1.25");
        assert_eq!(signed_duration(-10800, TimeFormat::Decimal), "-3.00");
        assert_eq!(signed_duration(0, TimeFormat::Decimal), "0.00");
        assert_eq!(signed_duration(5, TimeFormat::Decimal), "0.00");
        assert_eq!(percent(0.234), "23.4%");
        assert_eq!(percent(0.3125), "31.3%");
        assert_eq!(points(-0.03), "-3.0pp");
        assert_eq!(points(0.0125), "+1.3pp");
        assert_eq!(points(0.0), "0.0pp");
    }
}
