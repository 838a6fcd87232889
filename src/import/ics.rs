//! An iCalendar file (RFC 5545) as the instances of its events, in local
//! time. Parsing, time zones (`VTIMEZONE`, IANA and Windows names) and
//! recurrence expansion (`RRULE`, `RDATE`, `EXDATE`, `RECURRENCE-ID`) are the
//! `calcard` crate's; this module checks the file's shape (so a broken file
//! is reported at its line), bounds the expansion, and reads what an import
//! needs of each instance.

use std::collections::{HashMap, HashSet};

use calcard::Entry;
use calcard::common::timezone::Tz;
use calcard::icalendar::timezone::TzResolver;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarParameter,
    ICalendarParameterName, ICalendarParameterValue, ICalendarParticipationStatus,
    ICalendarProperty, ICalendarStatus, ICalendarTransparency, ICalendarValue,
    dates::{CalendarErrorType, TimeOrDelta},
};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

/// The most instances one event (a `UID` and its overrides) expands to.
pub const MAX_INSTANCES: usize = 200_000;

/// One instance of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// Start, in UTC.
    pub start: DateTime<Utc>,
    /// End, in UTC.
    pub end: DateTime<Utc>,
    /// Start and end on the wall clock of the local zone (or of the
    /// calendar, for floating times).
    pub local_start: NaiveDateTime,
    /// See `local_start`.
    pub local_end: NaiveDateTime,
    /// The SUMMARY, one line.
    pub summary: String,
    /// A `DATE` (all-day) start.
    pub all_day: bool,
    /// `STATUS:CANCELLED`.
    pub cancelled: bool,
    /// `TRANSP:TRANSPARENT`.
    pub transparent: bool,
    /// The addresses of the attendees with `PARTSTAT=DECLINED`, lower case.
    pub declined: Vec<String>,
}

/// A file that is not an iCalendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// What the expansion found.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Every instance that starts before the bound.
    pub instances: Vec<Instance>,
    /// Events whose expansion stopped at [`MAX_INSTANCES`].
    pub truncated: usize,
    /// Events that could not be expanded (no DTSTART, an unreadable time
    /// or rule), with why.
    pub unreadable: Vec<String>,
}

/// Where a zone-less wall time is.
pub trait LocalZone {
    /// The wall clock of `utc` in the local zone.
    fn wall(&self, utc: DateTime<Utc>) -> NaiveDateTime;
    /// The UTC instant of a local wall time (the earlier one of two).
    fn instant(&self, wall: NaiveDateTime) -> DateTime<Utc>;
}

/// The system's zone (`TZ`, else the system setting).
pub struct SystemZone;

impl LocalZone for SystemZone {
    fn wall(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        utc.with_timezone(&chrono::Local).naive_local()
    }

    fn instant(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        chrono::Local
            .from_local_datetime(&wall)
            .earliest()
            // A wall time in a spring-forward gap: an hour later exists.
            .or_else(|| {
                chrono::Local
                    .from_local_datetime(&(wall + chrono::TimeDelta::hours(1)))
                    .earliest()
            })
            .map_or_else(|| wall.and_utc(), |t| t.with_timezone(&Utc))
    }
}

/// The instances of every `VEVENT` of `text` that start before `bound`.
pub fn expand(
    text: &str,
    bound: DateTime<Utc>,
    local: &dyn LocalZone,
) -> Result<Expanded, IcsError> {
    let shape = check_shape(text)?;
    let calendars = parse(text, &shape)?;
    let calendar_zone = shape
        .calendar_zone
        .as_deref()
        .and_then(|name| name.parse::<Tz>().ok());
    let mut expanded = Expanded::default();
    // `until` a little past the bound: calcard compares it with wall times.
    let until = bound + chrono::TimeDelta::days(2);
    for calendar in calendars {
        for group in by_uid(calendar, until) {
            expand_group(&group, calendar_zone, bound, local, &mut expanded);
        }
    }
    Ok(expanded)
}

/// What the shape check learned.
struct Shape {
    /// `X-WR-TIMEZONE`, the zone of floating times.
    calendar_zone: Option<String>,
}

/// The file's content lines, unfolded, each with its first line number.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut physical = text.split('\n').enumerate().peekable();
    std::iter::from_fn(move || {
        loop {
            let (index, first) = physical.next()?;
            let mut line = first.strip_suffix('\r').unwrap_or(first).to_string();
            while let Some((_, next)) = physical.peek() {
                let next = next.strip_suffix('\r').unwrap_or(next);
                match next.strip_prefix([' ', '\t']) {
                    Some(rest) => {
                        line.push_str(rest);
                        physical.next();
                    }
                    None => break,
                }
            }
            if !line.trim().is_empty() {
                return Some((index + 1, line));
            }
        }
    })
}

/// Every content line must be `NAME[;PARAMS]:VALUE`, and `BEGIN`/`END`
/// must nest, inside `BEGIN:VCALENDAR`.
fn check_shape(text: &str) -> Result<Shape, IcsError> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut calendar_zone = None;
    let mut seen_calendar = false;
    for (line, content) in content_lines(text) {
        let error = |message: String| Err(IcsError { line, message });
        let name_end = content.find([':', ';']).unwrap_or(content.len());
        let name = &content[..name_end];
        if name.is_empty()
            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            || !content.contains(':')
        {
            return error(format!(
                "`{}` is not an iCalendar content line (NAME:VALUE)",
                clip(&content)
            ));
        }
        let value = content[content.find(':').unwrap_or(0) + 1..].trim();
        if name.eq_ignore_ascii_case("BEGIN") {
            if open.is_empty() && !value.eq_ignore_ascii_case("VCALENDAR") {
                return error(format!("`BEGIN:{}` outside `BEGIN:VCALENDAR`", clip(value)));
            }
            seen_calendar = true;
            open.push((value.to_ascii_uppercase(), line));
        } else if name.eq_ignore_ascii_case("END") {
            match open.pop() {
                Some((begun, _)) if begun.eq_ignore_ascii_case(value) => {}
                Some((begun, at)) => {
                    return error(format!(
                        "`END:{}` closes `BEGIN:{begun}` of line {at}",
                        clip(value)
                    ));
                }
                None => return error(format!("`END:{}` with no `BEGIN`", clip(value))),
            }
        } else if open.is_empty() {
            return error(format!("`{}` outside `BEGIN:VCALENDAR`", clip(&content)));
        } else if open.len() == 1 && name.eq_ignore_ascii_case("X-WR-TIMEZONE") {
            calendar_zone = Some(value.to_string());
        }
    }
    if let Some((begun, line)) = open.pop() {
        return Err(IcsError {
            line,
            message: format!("`BEGIN:{begun}` is never closed by `END:{begun}`"),
        });
    }
    if !seen_calendar {
        return Err(IcsError {
            line: 1,
            message: "no `BEGIN:VCALENDAR`: this is not an iCalendar file".into(),
        });
    }
    Ok(Shape { calendar_zone })
}

/// A line cut for a message.
fn clip(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// Every `VCALENDAR` of the file.
fn parse(text: &str, _shape: &Shape) -> Result<Vec<ICalendar>, IcsError> {
    let mut parser = calcard::Parser::new(text);
    let mut calendars = Vec::new();
    loop {
        match parser.entry() {
            Entry::ICalendar(calendar) => calendars.push(calendar),
            Entry::Eof => return Ok(calendars),
            Entry::InvalidLine(bad) => {
                let line = text
                    .lines()
                    .position(|l| !bad.is_empty() && l.contains(bad.as_str()))
                    .map_or(1, |at| at + 1);
                return Err(IcsError {
                    line,
                    message: format!("`{}` is not a valid iCalendar line", clip(&bad)),
                });
            }
            other => {
                return Err(IcsError {
                    line: 1,
                    message: format!("the file does not parse as iCalendar ({other:?})"),
                });
            }
        }
    }
}

/// The calendar's events split by `UID` (an override matches only its own
/// series), each with the calendar's time zones, every endless rule ended
/// at `until`.
fn by_uid(calendar: ICalendar, until: DateTime<Utc>) -> Vec<ICalendar> {
    let resolver = calendar.build_owned_tz_resolver();
    let mut zones = Vec::new();
    let mut groups: Vec<Vec<ICalendarComponent>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for mut component in calendar.components {
        match component.component_type {
            ICalendarComponentType::VTimezone => zones.push(component),
            ICalendarComponentType::VEvent => {
                bound_rules(&mut component, until, &resolver);
                utc_start_zone(&mut component);
                pin_unclear_times(&mut component, &resolver);
                start_counts(&mut component);
                // calcard pairs an override with its series by SEQUENCE as
                // well; exports bump it on the override alone.
                component
                    .entries
                    .retain(|e| e.name != ICalendarProperty::Sequence);
                let uid = component.uid().map(str::to_string);
                let slot = match uid {
                    Some(uid) => *index.entry(uid).or_insert_with(|| {
                        groups.push(Vec::new());
                        groups.len() - 1
                    }),
                    None => {
                        groups.push(Vec::new());
                        groups.len() - 1
                    }
                };
                groups[slot].push(component);
            }
            _ => {}
        }
    }
    groups
        .into_iter()
        .map(|events| ICalendar {
            components: zones.iter().cloned().chain(events).collect(),
        })
        .collect()
}

/// Ends a rule with no end (or a later one) at `until`, and writes a UTC
/// `UNTIL` on the wall clock of DTSTART's zone, where calcard compares it.
fn bound_rules(
    component: &mut ICalendarComponent,
    until: DateTime<Utc>,
    resolver: &TzResolver<String>,
) {
    let zone = component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|e| e.tz_id())
        .and_then(|name| resolver.resolve(name));
    for entry in &mut component.entries {
        if entry.name != ICalendarProperty::Rrule {
            continue;
        }
        for value in &mut entry.values {
            let ICalendarValue::RecurrenceRule(rule) = value else {
                continue;
            };
            if rule.count.is_some() {
                continue;
            }
            let later = rule
                .until
                .as_ref()
                .and_then(|u| u.to_date_time())
                .is_none_or(|u| u.date_time > until.naive_utc());
            if later {
                rule.until = Some(utc_partial(until));
            } else if let (Some(zone), Some(end)) =
                (zone, rule.until.as_ref().and_then(|u| u.to_date_time()))
                && let Some(offset) = end.offset
            {
                let utc = end.date_time - offset;
                let wall = zone.from_utc_datetime(&utc).naive_local();
                let mut floating = utc_partial(wall.and_utc());
                floating.tz_hour = None;
                floating.tz_minute = None;
                rule.until = Some(floating);
            }
        }
    }
}

/// A `...Z` DTSTART without TZID gets `TZID=UTC`: calcard expands a rule
/// in DTSTART's TZID and takes none as floating.
fn utc_start_zone(component: &mut ICalendarComponent) {
    for entry in &mut component.entries {
        if entry.name != ICalendarProperty::Dtstart || entry.tz_id().is_some() {
            continue;
        }
        let utc = entry
            .values
            .first()
            .and_then(|v| v.as_partial_date_time())
            .is_some_and(|dt| dt.tz_hour == Some(0) && dt.tz_minute.unwrap_or(0) == 0);
        if utc {
            entry.params.push(ICalendarParameter {
                name: ICalendarParameterName::Tzid,
                value: ICalendarParameterValue::Text("UTC".into()),
            });
        }
    }
}

/// A single event's DTSTART or DTEND that its zone's wall clock has twice
/// (the hour a daylight-saving change repeats) or never (the hour it
/// skips) is written in UTC: the first of the two, or the same distance
/// past the change, as RFC 5545 reads them. calcard would drop the event.
fn pin_unclear_times(component: &mut ICalendarComponent, resolver: &TzResolver<String>) {
    if component
        .entries
        .iter()
        .any(|e| e.name == ICalendarProperty::Rrule)
    {
        return;
    }
    for entry in &mut component.entries {
        if !matches!(
            entry.name,
            ICalendarProperty::Dtstart | ICalendarProperty::Dtend
        ) {
            continue;
        }
        let Some(zone) = entry.tz_id().and_then(|name| resolver.resolve(name)) else {
            continue;
        };
        let Some(ICalendarValue::PartialDateTime(time)) = entry.values.first_mut() else {
            continue;
        };
        let Some(wall) = time.to_date_time().filter(|t| t.offset.is_none()) else {
            continue;
        };
        let wall = wall.date_time;
        let utc = match zone.from_local_datetime(&wall) {
            chrono::LocalResult::Single(_) => continue,
            chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
            chrono::LocalResult::None => {
                // The offset before the gap, applied to the wall time.
                let before = zone
                    .from_local_datetime(&(wall - chrono::TimeDelta::hours(3)))
                    .earliest();
                match before {
                    Some(before) => {
                        let offset = before.naive_local() - before.naive_utc();
                        (wall - offset).and_utc()
                    }
                    None => continue,
                }
            }
        };
        **time = utc_partial(utc);
        entry
            .params
            .retain(|p| p.name != ICalendarParameterName::Tzid);
    }
}

/// DTSTART is the first instance of a rule even where the rule would not
/// give it (RFC 5545, 3.8.5.3): it is added as an RDATE (the duplicate the
/// rule may also give is dropped after expansion).
fn start_counts(component: &mut ICalendarComponent) {
    if !component
        .entries
        .iter()
        .any(|e| e.name == ICalendarProperty::Rrule)
    {
        return;
    }
    let start = component
        .entries
        .iter()
        .find(|e| e.name == ICalendarProperty::Dtstart)
        .filter(|e| {
            e.values
                .first()
                .and_then(|v| v.as_partial_date_time())
                .is_some_and(|dt| dt.has_time())
        })
        .cloned();
    if let Some(mut start) = start {
        start.name = ICalendarProperty::Rdate;
        start
            .params
            .retain(|p| p.name == ICalendarParameterName::Tzid);
        component.entries.push(start);
    }
}

/// A UTC time as calcard writes `...Z`.
fn utc_partial(time: DateTime<Utc>) -> calcard::common::PartialDateTime {
    use chrono::{Datelike, Timelike};
    calcard::common::PartialDateTime {
        year: Some(time.year().clamp(0, 9999) as u16),
        month: Some(time.month() as u8),
        day: Some(time.day() as u8),
        hour: Some(time.hour() as u8),
        minute: Some(time.minute() as u8),
        second: Some(time.second() as u8),
        tz_hour: Some(0),
        tz_minute: Some(0),
        tz_minus: false,
    }
}

/// The instances of one event series.
fn expand_group(
    calendar: &ICalendar,
    calendar_zone: Option<Tz>,
    bound: DateTime<Utc>,
    local: &dyn LocalZone,
    expanded: &mut Expanded,
) {
    let default = calendar_zone.unwrap_or(Tz::Floating);
    let result = calendar.expand_dates(default, MAX_INSTANCES + 1);
    let excluded = exdates(calendar, default);
    for error in &result.errors {
        let summary = calendar
            .components
            .get(error.comp_id as usize)
            .map(summary)
            .unwrap_or_default();
        let why = match &error.error {
            CalendarErrorType::MissingDtStart => "it has no DTSTART".to_string(),
            CalendarErrorType::InvalidDtStart => "its DTSTART is not a time".to_string(),
            CalendarErrorType::InvalidDtEnd => "its DTEND is not a time".to_string(),
            CalendarErrorType::InvalidDuration => "its DURATION cannot be read".to_string(),
            CalendarErrorType::RRule(err) => format!("its RRULE cannot be used ({err:?})"),
        };
        expanded.unreadable.push(format!("`{summary}`: {why}"));
    }
    let mut seen = HashSet::new();
    let mut count = 0;
    for event in result.events {
        // An RDATE (DTSTART's included) the rule also gives, or an EXDATE
        // of one, which calcard applies to rule instances only.
        let key = (event.comp_id, event.start.timestamp());
        if !seen.insert(key) || excluded.contains(&key) {
            continue;
        }
        count += 1;
        if count > MAX_INSTANCES {
            expanded.truncated += 1;
            break;
        }
        let Some(component) = calendar.components.get(event.comp_id as usize) else {
            continue;
        };
        let (start, local_start) = instant(event.start, local);
        if start >= bound {
            continue;
        }
        let (end, local_end) = match event.end {
            TimeOrDelta::Time(end) => instant(end, local),
            TimeOrDelta::Delta(delta) => {
                let end = start + delta;
                let local_end = if event.start.timezone().is_floating() && calendar_zone.is_none() {
                    local_start + delta
                } else {
                    local.wall(end)
                };
                (end, local_end)
            }
        };
        expanded.instances.push(Instance {
            start,
            end,
            local_start,
            local_end,
            summary: summary(component),
            all_day: all_day(component),
            cancelled: component.status() == Some(&ICalendarStatus::Cancelled),
            transparent: component.transparency() == Some(&ICalendarTransparency::Transparent),
            declined: declined(component),
        });
    }
}

/// Every EXDATE of every event, as (component, UTC timestamp).
fn exdates(calendar: &ICalendar, default: Tz) -> HashSet<(u32, i64)> {
    let resolver = calendar.build_tz_resolver().with_default(default);
    let mut excluded = HashSet::new();
    for (id, component) in calendar.components.iter().enumerate() {
        let start_zone = component
            .property(&ICalendarProperty::Dtstart)
            .and_then(|e| e.tz_id());
        for entry in component.properties(&ICalendarProperty::Exdate) {
            let zone = resolver.resolve_or_default(entry.tz_id().or(start_zone));
            for value in &entry.values {
                if let Some(time) = value
                    .as_partial_date_time()
                    .and_then(|dt| dt.to_date_time_with_tz(zone))
                {
                    excluded.insert((id as u32, time.timestamp()));
                }
            }
        }
    }
    excluded
}

/// A time's UTC instant and local wall clock; a floating time is on the
/// local wall clock.
fn instant(time: DateTime<Tz>, local: &dyn LocalZone) -> (DateTime<Utc>, NaiveDateTime) {
    if time.timezone().is_floating() {
        let wall = time.naive_local();
        (local.instant(wall), wall)
    } else {
        let utc = time.with_timezone(&Utc);
        (utc, local.wall(utc))
    }
}

/// The SUMMARY with every line break and control character a space.
fn summary(component: &ICalendarComponent) -> String {
    let text = component
        .property(&ICalendarProperty::Summary)
        .and_then(|e| e.values.first())
        .and_then(|v| v.as_text())
        .unwrap_or("");
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether DTSTART is a `DATE`.
fn all_day(component: &ICalendarComponent) -> bool {
    component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|e| e.values.first())
        .and_then(|v| v.as_partial_date_time())
        .is_some_and(|dt| !dt.has_time())
}

/// The attendees who declined.
fn declined(component: &ICalendarComponent) -> Vec<String> {
    component
        .properties(&ICalendarProperty::Attendee)
        .filter(|e| {
            e.parameters(&ICalendarParameterName::Partstat).any(|v| {
                matches!(
                    v,
                    ICalendarParameterValue::Partstat(ICalendarParticipationStatus::Declined)
                )
            })
        })
        .filter_map(|e| e.calendar_address())
        .map(str::to_lowercase)
        .collect()
}
