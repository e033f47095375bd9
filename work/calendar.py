"""The quality calendar: every app's calendar entries for a range (`entries_for`), and the month grid they fill
(weeks Monday first, each day with the entries spanning it). The grid is pure date logic; the queries are the
contributions' (a fixed number each, whatever the number of entries)."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from kokybe import surfaces

_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    entries: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.entries


def weeks_of(year, month):
    """The month's weeks as lists of 7 dates, Monday first, padded with the neighbouring months' days."""
    return _WEEKS.monthdatescalendar(year, month)


def grid_bounds(year, month):
    weeks = weeks_of(year, month)
    return weeks[0][0], weeks[-1][-1]


def shift(year, month, delta):
    """(year, month) `delta` months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def entries_for(memberships, first, last, person=None):
    """Every app's calendar entries overlapping first..last (see `calendar_entries` in kokybe/surfaces.py), by first
    day; entries of organisations not in `memberships` are dropped."""
    found = []
    for func in surfaces.calendar_entries.contributions():
        found.extend(
            entry
            for entry in func(memberships, first, last, person)
            if entry.org.pk in memberships and entry.overlaps(first, last)
        )
    # Events before deadlines on a day, as the grid always listed them; otherwise in the order they came.
    return sorted(found, key=lambda entry: (entry.start, entry.deadline))


def month_grid(year, month, entries, today):
    """Weeks of Day objects; an entry appears on every day it spans (clipped to the grid). `entries` need `start`
    and `last` dates."""
    weeks = [
        [Day(date=d, in_month=d.month == month, is_today=d == today) for d in week] for week in weeks_of(year, month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    first, last = weeks[0][0].date, weeks[-1][-1].date
    for entry in entries:
        start, end = max(entry.start, first), min(entry.last, last)
        for ordinal in range(start.toordinal(), end.toordinal() + 1):
            by_date[date.fromordinal(ordinal)].entries.append(entry)
    return weeks


def parse_year(value):
    """A year from a query string, or None when it is not a plausible one."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2200 else None
