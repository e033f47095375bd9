"""The quality calendar's month grid: weeks Monday first, each day with the milestones spanning it and what is due.

Pure date logic over lists the view fetched (two queries for any number of rows); no database access here.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    milestones: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.milestones or self.actions)


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


def month_grid(year, month, milestones, actions, today):
    """Weeks of Day objects; a milestone appears on every day it spans (clipped to the grid), an action on its due
    date. `milestones` need start_date and last_date, `actions` a due_date."""
    weeks = [
        [Day(date=d, in_month=d.month == month, is_today=d == today) for d in week] for week in weeks_of(year, month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    first, last = weeks[0][0].date, weeks[-1][-1].date
    for milestone in milestones:
        start, end = max(milestone.start_date, first), min(milestone.last_date, last)
        for ordinal in range(start.toordinal(), end.toordinal() + 1):
            by_date[date.fromordinal(ordinal)].milestones.append(milestone)
    for action in actions:
        day = by_date.get(action.due_date)
        if day is not None:
            day.actions.append(action)
    return weeks


def parse_year(value):
    """A year from a query string, or None when it is not a plausible one."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2200 else None
