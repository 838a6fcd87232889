//! Durations as written in entries: `45m`, `1h30m`, `1.5h`, `2`, `1:30`,
//! `09:00-10:30`. Exact arithmetic only: everything becomes whole seconds.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::take_while_m_n,
    character::complete::{char, digit1, one_of},
    combinator::{all_consuming, opt},
};

/// The longest duration one entry may have.
pub const MAX_SECONDS: u32 = 24 * 3600;

/// A parsed duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    /// Length in whole seconds, 1..=86400.
    pub seconds: u32,
    /// For a clock range, its start and end in minutes after midnight of the
    /// entry's day; an end past midnight is above 1440 (`23:00-01:00` is
    /// 1380..1500).
    pub clock: Option<ClockRange>,
}

/// A clock range in minutes after the day's midnight, `start < end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockRange {
    /// Start minute, 0..1440.
    pub start: u16,
    /// End minute, start+1..start+1440.
    pub end: u16,
}

/// Why a duration was refused; `Display` is the diagnostic message's tail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// Not any duration form.
    Unparsable,
    /// `1h30`: the minutes lack their unit.
    MissingMinuteUnit,
    /// Zero length.
    Zero,
    /// More than 24 hours.
    Over24h,
    /// A clock range whose start and end are the same time.
    EmptyRange,
    /// A clock time outside 00:00-23:59 (24:00 only as an end).
    BadClock,
    /// An `H:MM` length whose minutes are not two digits from 00 to 59.
    BadMinutes,
}

impl DurationError {
    /// Why, in a few words (used as the diagnostic label).
    pub fn label(self) -> &'static str {
        match self {
            DurationError::Unparsable => "not a duration",
            DurationError::MissingMinuteUnit => "minutes without a unit",
            DurationError::Zero => "zero length",
            DurationError::Over24h => "more than 24h",
            DurationError::EmptyRange => "start and end are the same",
            DurationError::BadClock => "not a time of day",
            DurationError::BadMinutes => "minutes run from 00 to 59",
        }
    }

    /// How to fix it.
    pub fn help(self, written: &str) -> String {
        match self {
            DurationError::MissingMinuteUnit => format!("write `{written}m`"),
            DurationError::BadClock => {
                "clock times run from 00:00 to 23:59 (24:00 only as an end), e.g. `09:00-10:30`"
                    .into()
            }
            DurationError::BadMinutes => {
                "`H:MM` is hours and minutes, with two digits of minutes from 00 to 59, e.g. `1:30`"
                    .into()
            }
            DurationError::Zero | DurationError::EmptyRange => {
                "log only time that was spent, or delete the entry".into()
            }
            DurationError::Over24h => {
                "one entry can hold at most 24h; split it over its days".into()
            }
            DurationError::Unparsable => {
                "write durations like `45m`, `1h30m`, `1.5h`, `2` (hours), `1:30` or `09:00-10:30` (`09:00-?` while it runs)"
                    .into()
            }
        }
    }
}

/// The start minute of a running entry's `H:MM-?` (a clock range whose end
/// is not written yet): `None` when `token` is not of that shape, an error
/// when its start is not a time of day.
pub fn running_start(token: &str) -> Option<Result<u16, DurationError>> {
    let start = token.strip_suffix("-?")?;
    let Ok(("", (minute, minutes_ok))) = clock_time(start) else {
        return Some(Err(DurationError::Unparsable));
    };
    if !minutes_ok || minute >= 24 * 60 {
        return Some(Err(DurationError::BadClock));
    }
    Some(Ok(minute as u16))
}

/// Parses one duration token (no surrounding blanks).
pub fn parse(token: &str) -> Result<Duration, DurationError> {
    match fast(token.as_bytes()) {
        Some(duration) => Ok(duration),
        None => parse_slow(token),
    }
}

/// A run of 1 to `max` ASCII digits at the start of `bytes`: its value and
/// the rest.
fn leading_digits(bytes: &[u8], max: usize) -> Option<(u64, &[u8])> {
    let count = bytes
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if count == 0 || count > max {
        return None;
    }
    let value = bytes[..count]
        .iter()
        .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
    Some((value, &bytes[count..]))
}

/// The hot path: every valid form, by hand, in one pass over the bytes.
/// Anything it does not accept (errors included) goes to the nom parser,
/// which gives the same value or the precise error; a test checks that
/// both agree.
fn fast(token: &[u8]) -> Option<Duration> {
    let length = |seconds: u64| {
        (seconds > 0 && seconds <= u64::from(MAX_SECONDS)).then_some(Duration {
            seconds: seconds as u32,
            clock: None,
        })
    };
    let (whole, rest) = leading_digits(token, 6)?;
    match rest {
        [] | [b'h' | b'H'] => length(whole * 3600),
        [b'm' | b'M'] => length(whole * 60),
        [b'h' | b'H', minutes @ ..] => match leading_digits(minutes, 6)? {
            (minutes, [b'm' | b'M']) => length(whole * 3600 + minutes * 60),
            _ => None,
        },
        [b':', a, b, tail @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            let minutes = u64::from((a - b'0') * 10 + (b - b'0'));
            match tail {
                [] if minutes <= 59 => length(whole * 3600 + minutes * 60),
                [b'-', end @ ..] if token.len() <= 11 && whole <= 99 => {
                    let (end_hours, end_rest) = leading_digits(end, 2)?;
                    match end_rest {
                        [b':', c, d] if c.is_ascii_digit() && d.is_ascii_digit() => {
                            let end_minutes = u64::from((c - b'0') * 10 + (d - b'0'));
                            range(
                                (whole * 60 + minutes, minutes <= 59),
                                (end_hours * 60 + end_minutes, end_minutes <= 59),
                            )
                            .ok()
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        [b'.', fraction @ ..] => {
            let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            let unit = match &fraction[digits..] {
                [] | [b'h' | b'H'] => 3600,
                [b'm' | b'M'] => 60,
                _ => return None,
            };
            if digits == 0 {
                return None;
            }
            let fraction = std::str::from_utf8(&fraction[..digits]).ok()?;
            length(whole * unit + fraction_seconds(fraction, unit))
        }
        _ => None,
    }
}

/// The reference parser (nom): every form, and the precise error.
fn parse_slow(token: &str) -> Result<Duration, DurationError> {
    let seconds = |seconds: u64| -> Result<Duration, DurationError> {
        match seconds {
            0 => Err(DurationError::Zero),
            s if s > u64::from(MAX_SECONDS) => Err(DurationError::Over24h),
            s => Ok(Duration {
                seconds: s as u32,
                clock: None,
            }),
        }
    };
    if let Ok((_, (start, end))) = all_consuming(clock_range).parse(token) {
        return range(start, end);
    }
    if let Ok((_, (hours, minutes))) = all_consuming(colon_time).parse(token) {
        return seconds(hours * 3600 + minutes * 60);
    }
    if let Ok((_, (hours, minutes))) = all_consuming(hours_minutes).parse(token) {
        return seconds(hours * 3600 + minutes * 60);
    }
    if let Ok((_, value)) = all_consuming(decimal).parse(token) {
        return seconds(value);
    }
    if all_consuming((number, one_of("hH"), number))
        .parse(token)
        .is_ok()
    {
        return Err(DurationError::MissingMinuteUnit);
    }
    if token.contains(':')
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'-')
    {
        // `10:60` is a length (hours and minutes), `10:60-11:00` a range.
        return Err(if token.contains('-') {
            DurationError::BadClock
        } else {
            DurationError::BadMinutes
        });
    }
    Err(DurationError::Unparsable)
}

/// A whole number of at most six digits (more cannot be a valid duration).
fn number(input: &str) -> IResult<&str, u64> {
    let (rest, digits) = digit1(input)?;
    if digits.len() > 6 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TooLarge,
        )));
    }
    Ok((rest, digits.parse().unwrap_or(u64::MAX)))
}

/// A time of day in minutes after midnight, and whether its minutes are valid.
type ClockTime = (u64, bool);

/// `H:MM` or `HH:MM` as a time of day (minutes after midnight, unchecked).
fn clock_time(input: &str) -> IResult<&str, ClockTime> {
    let (rest, hours) = take_while_m_n(1, 2, |c: char| c.is_ascii_digit()).parse(input)?;
    let (rest, _) = char(':').parse(rest)?;
    let (rest, minutes) = take_while_m_n(2, 2, |c: char| c.is_ascii_digit()).parse(rest)?;
    let hours: u64 = hours.parse().unwrap_or(u64::MAX);
    let minutes: u64 = minutes.parse().unwrap_or(u64::MAX);
    Ok((rest, (hours * 60 + minutes, minutes <= 59)))
}

/// `H:MM-H:MM`.
fn clock_range(input: &str) -> IResult<&str, (ClockTime, ClockTime)> {
    let (rest, start) = clock_time(input)?;
    let (rest, _) = char('-').parse(rest)?;
    let (rest, end) = clock_time(rest)?;
    Ok((rest, (start, end)))
}

fn range(start: ClockTime, end: ClockTime) -> Result<Duration, DurationError> {
    const DAY: u64 = 24 * 60;
    let ((start, start_ok), (end, end_ok)) = (start, end);
    if !start_ok || !end_ok || start >= DAY || end > DAY {
        return Err(DurationError::BadClock);
    }
    if start == end {
        return Err(DurationError::EmptyRange);
    }
    // An end before the start runs past midnight and counts on the start's day.
    let end = if end < start { end + DAY } else { end };
    Ok(Duration {
        seconds: ((end - start) * 60) as u32,
        clock: Some(ClockRange {
            start: start as u16,
            end: end as u16,
        }),
    })
}

/// `H:MM` as a length.
fn colon_time(input: &str) -> IResult<&str, (u64, u64)> {
    let (rest, hours) = number(input)?;
    let (rest, _) = char(':').parse(rest)?;
    let (rest, minutes) = take_while_m_n(2, 2, |c: char| c.is_ascii_digit()).parse(rest)?;
    let minutes: u64 = minutes.parse().unwrap_or(u64::MAX);
    if minutes > 59 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, (hours, minutes)))
}

/// `NhNm`.
fn hours_minutes(input: &str) -> IResult<&str, (u64, u64)> {
    let (rest, (hours, _, minutes, _)) =
        (number, one_of("hH"), number, one_of("mM")).parse(input)?;
    Ok((rest, (hours, minutes)))
}

/// `N`, `N.N`, with an optional `h` or `m`; returns whole seconds, the
/// fraction rounded to the nearest second (half up).
fn decimal(input: &str) -> IResult<&str, u64> {
    let (rest, (whole, fraction, unit)) = (
        number,
        opt((char('.'), digit1)),
        opt(alt((one_of("hH"), one_of("mM")))),
    )
        .parse(input)?;
    let unit: u64 = match unit {
        Some('m' | 'M') => 60,
        _ => 3600,
    };
    let fraction = fraction.map_or(0, |(_, digits)| fraction_seconds(digits, unit));
    Ok((rest, whole * unit + fraction))
}

/// `0.DIGITS × unit` in seconds, rounded half up. Only the first 20 digits
/// count; beyond them a fraction cannot move the result by a second.
fn fraction_seconds(digits: &str, unit: u64) -> u64 {
    let digits = &digits.as_bytes()[..digits.len().min(20)];
    let scale = 10u128.pow(digits.len() as u32);
    let value = digits
        .iter()
        .fold(0u128, |n, &b| n * 10 + u128::from(b - b'0'));
    let numerator = value * u128::from(unit);
    let whole = numerator / scale;
    let round_up = (numerator % scale) * 2 >= scale;
    (whole + u128::from(round_up)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(token: &str) -> u32 {
        parse(token)
            .unwrap_or_else(|e| panic!("{token}: {e:?}"))
            .seconds
    }

    /// Tokens of every shape, valid and not: the hand-written fast path
    /// and the nom parser must agree on each.
    #[test]
    fn fast_path_agrees_with_the_reference_parser() {
        let mut tokens: Vec<String> = [
            "45m",
            "2",
            "2h",
            "1.5",
            "0.1h",
            "1h30m",
            "1:30",
            "09:00-10:30",
            "23:00-01:00",
            "24:00",
            "24h",
            "25h",
            "0",
            "0m",
            "1h30",
            "1:5",
            "1:75",
            "10:60-11:00",
            "24:00-01:00",
            "10:00-10:00",
            "00:00-24:00",
            "9:00-9:30",
            "123:00-1:00",
            "1.",
            ".5",
            "1.5x",
            "1e3",
            "1234567",
            "999999m",
            "1440m",
            "1441m",
            "86400",
            "0.0001h",
            "1.23456789h",
            "2H",
            "2M",
            "1H30M",
            "0h0m",
            "7:00-",
            "7:00-8",
            "7:00-8:0",
            "7:00-8:000",
            "1:00:00",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for h in 0..26 {
            for m in [0, 1, 30, 59, 60] {
                tokens.push(format!("{h}:{m:02}"));
                tokens.push(format!("{h}h{m}m"));
                tokens.push(format!("{h}:{m:02}-{}:{:02}", (h + 3) % 25, (m + 7) % 61));
            }
        }
        for token in &tokens {
            let fast = fast(token.as_bytes());
            let slow = parse_slow(token);
            if let Some(fast) = fast {
                assert_eq!(Ok(fast), slow, "{token}");
            }
            assert_eq!(parse(token), slow, "{token}");
        }
    }

    #[test]
    fn every_form() {
        assert_eq!(secs("45m"), 2700);
        assert_eq!(secs("45M"), 2700);
        assert_eq!(secs("2h"), 7200);
        assert_eq!(secs("2H"), 7200);
        assert_eq!(secs("2"), 7200);
        assert_eq!(secs("1.5"), 5400);
        assert_eq!(secs("1.5h"), 5400);
        assert_eq!(secs("0.75"), 2700);
        assert_eq!(secs("1.5m"), 90);
        assert_eq!(secs("1h30m"), 5400);
        assert_eq!(secs("1H30M"), 5400);
        assert_eq!(secs("0h45m"), 2700);
        assert_eq!(secs("90m"), 5400);
        assert_eq!(secs("1:30"), 5400);
        assert_eq!(secs("0:05"), 300);
        assert_eq!(secs("24h"), 86400);
        assert_eq!(secs("24:00"), 86400);
    }

    #[test]
    fn decimals_round_to_the_nearest_second() {
        assert_eq!(secs("0.1h"), 360);
        assert_eq!(secs("0.1"), 360);
        assert_eq!(secs("0.01m"), 1); // 0.6 s rounds up
        assert_eq!(secs("1.23456789h"), 4444);
        assert_eq!(parse("0.0001h"), Err(DurationError::Zero));
    }

    #[test]
    fn clock_ranges() {
        let range = parse("09:00-10:30").unwrap();
        assert_eq!(range.seconds, 5400);
        assert_eq!(
            range.clock,
            Some(ClockRange {
                start: 540,
                end: 630
            })
        );
        assert_eq!(secs("9:00-10:00"), 3600);
        assert_eq!(secs("23:00-24:00"), 3600);
        assert_eq!(secs("00:00-24:00"), 86400);
    }

    #[test]
    fn clock_ranges_past_midnight_count_on_their_day() {
        let range = parse("23:00-01:00").unwrap();
        assert_eq!(range.seconds, 7200);
        assert_eq!(
            range.clock,
            Some(ClockRange {
                start: 1380,
                end: 1500
            })
        );
        assert_eq!(secs("23:30-00:45"), 4500);
    }

    #[test]
    fn refusals() {
        assert_eq!(parse("0"), Err(DurationError::Zero));
        assert_eq!(parse("0m"), Err(DurationError::Zero));
        assert_eq!(parse("0h0m"), Err(DurationError::Zero));
        assert_eq!(parse("25h"), Err(DurationError::Over24h));
        assert_eq!(parse("24h1m"), Err(DurationError::Over24h));
        assert_eq!(parse("1441m"), Err(DurationError::Over24h));
        assert_eq!(parse("9999999h"), Err(DurationError::Unparsable));
        assert_eq!(parse("-1h"), Err(DurationError::Unparsable));
        assert_eq!(parse("1h30"), Err(DurationError::MissingMinuteUnit));
        assert_eq!(parse("10:00-10:00"), Err(DurationError::EmptyRange));
        assert_eq!(parse("24:00-01:00"), Err(DurationError::BadClock));
        assert_eq!(parse("10:60-11:00"), Err(DurationError::BadClock));
        assert_eq!(parse("1:5"), Err(DurationError::BadMinutes));
        assert_eq!(parse("1:75"), Err(DurationError::BadMinutes));
        for bad in [
            "", "h", "1.h", ".5h", "1,5h", "1h30m5s", "90s", "1d", "abc", "1.5h30m",
        ] {
            assert_eq!(parse(bad), Err(DurationError::Unparsable), "{bad}");
        }
    }
}
