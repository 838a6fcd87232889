"""The instances secl import should find, by an independent implementation.

Usage: python3 import_reference.py FILE.ics FIRST LAST NOW

Expands FILE.ics with the `recurring-ical-events` package between FIRST and
LAST (dates), in the local zone of the TZ environment variable, and prints
one line per instance that secl imports with a `default` rule: not all-day,
not cancelled or transparent, shorter than 24h and longer than zero, ended by
NOW (YYYY-MM-DDTHH:MM, local), and only the first (by summary) of several at
the same date and clock range. Each line is `DATE HH:MM-HH:MM SUMMARY`.
"""

import datetime
import os
import sys
import zoneinfo

import icalendar
import recurring_ical_events


def main():
    path, first, last, now = sys.argv[1:5]
    local = zoneinfo.ZoneInfo(os.environ["TZ"])
    with open(path, "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    floating = calendar.get("X-WR-TIMEZONE")
    floating = zoneinfo.ZoneInfo(str(floating)) if floating else local
    now = datetime.datetime.fromisoformat(now).replace(tzinfo=local)
    start = datetime.date.fromisoformat(first) - datetime.timedelta(days=2)
    end = datetime.date.fromisoformat(last) + datetime.timedelta(days=2)
    lines = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begin, finish = event["DTSTART"].dt, event["DTEND"].dt
        if not isinstance(begin, datetime.datetime):
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if begin.tzinfo is None:
            begin = begin.replace(tzinfo=floating)
        if finish.tzinfo is None:
            finish = finish.replace(tzinfo=floating)
        begin, finish = begin.astimezone(local), finish.astimezone(local)
        length = finish - begin
        if length >= datetime.timedelta(hours=24) or finish > now:
            continue
        if not first <= begin.date().isoformat() <= last:
            continue
        if begin.strftime("%H:%M") == finish.strftime("%H:%M"):
            continue
        summary = " ".join(str(event.get("SUMMARY", "")).split())
        lines.append(f"{begin.date()} {begin:%H:%M}-{finish:%H:%M} {summary}")
    taken = set()
    for line in sorted(lines):
        date, clock, _ = line.split(" ", 2)
        if (date, clock) not in taken:
            taken.add((date, clock))
            print(line)


main()
