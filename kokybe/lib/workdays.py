"""Working days and legal clocks on the Lithuanian calendar.

Lithuanian law counts many terms in working days (a complaint is decided within 20 working days, Government
Resolution 875) and some in hours (a report of violence, 6 hours; a personal-data breach, 72 hours). A working day
is Monday to Friday and not a public holiday; the holidays come from the `holidays` package (its Lithuanian calendar
follows the Labour Code, art. 123, moving feasts such as Easter Monday included), never from a list typed here.

Terms in working days are counted from the day *after* the event: received on a Friday, the first working day is the
next Monday (or the first working day after it). Terms in hours are elapsed time, so they are computed on aware
datetimes in UTC: a 6-hour clock that crosses the change to summer time still ends 6 real hours later.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

VILNIUS = ZoneInfo("Europe/Vilnius")
COUNTRY = "LT"


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY, years=year).keys())


def holiday_name(day: date, language: str = "lt") -> str:
    """The public holiday's name on `day` ("" when it is none), in Lithuanian or English."""
    names = holidays.country_holidays(COUNTRY, years=day.year, language="lt" if language == "lt" else "en_US")
    return names.get(day, "")


def is_holiday(day: date) -> bool:
    return day in _holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (`day` itself not counted); n = 0 gives `day` itself, negative n counts back."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_between(first: date, last: date) -> int:
    """Working days after `first` up to and including `last` (negative when `last` is before `first`)."""
    if last < first:
        return -working_days_between(last, first)
    count = 0
    current = first
    while current < last:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def add_hours(moment: datetime, hours: float) -> datetime:
    """`moment` plus elapsed hours, in Vilnius time (DST-safe: the arithmetic happens in UTC)."""
    if moment.tzinfo is None:
        raise ValueError("add_hours needs an aware datetime")
    return (moment.astimezone(ZoneInfo("UTC")) + timedelta(hours=hours)).astimezone(VILNIUS)


def end_of_working_day(moment: datetime, n: int) -> datetime:
    """The end (23:59:59 Vilnius time) of the n-th working day after the Vilnius date of `moment`: the deadline of a
    term of n working days that starts at an aware moment (n = 0: the end of that same day)."""
    local = moment.astimezone(VILNIUS)
    due = add_working_days(local.date(), n)
    return datetime.combine(due, time(23, 59, 59), tzinfo=VILNIUS)
