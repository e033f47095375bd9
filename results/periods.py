"""Reporting periods: a month ("2026-03"), a quarter ("2026-Q1") or a year ("2026"), as keys that sort in time
order within one frequency. A value belongs to a period, not to a moment: a provider reports "March", not a date."""

import re
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
FREQUENCIES = [(MONTH, _("Monthly")), (QUARTER, _("Quarterly")), (YEAR, _("Yearly"))]

_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])))?$")


def frequency_of(key):
    m = _KEY.match(key or "")
    if not m:
        return None
    return MONTH if m["month"] else QUARTER if m["quarter"] else YEAR


def is_valid(key, frequency=None):
    found = frequency_of(key)
    return found is not None and (frequency is None or found == frequency) and 1990 <= int(key[:4]) <= 2200


def key_of(day, frequency):
    if frequency == MONTH:
        return f"{day.year}-{day.month:02d}"
    if frequency == QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def bounds(key):
    """(first day, last day) of the period `key`."""
    m = _KEY.match(key)
    if not m:
        raise ValueError(f"Not a period: {key!r}")
    year = int(m["year"])
    if m["month"]:
        first = date(year, int(m["month"]), 1)
        months = 1
    elif m["quarter"]:
        first = date(year, 3 * int(m["quarter"]) - 2, 1)
        months = 3
    else:
        return date(year, 1, 1), date(year, 12, 31)
    following = date(year + (first.month + months - 1) // 12, (first.month + months - 1) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def year_of(key):
    return int(key[:4])


def periods(frequency, first_year, last_day):
    """Every period of `frequency` from 1 January of `first_year` up to the one containing `last_day`, oldest first."""
    out = []
    day = date(first_year, 1, 1)
    while day <= last_day:
        key = key_of(day, frequency)
        out.append(key)
        day = bounds(key)[1] + timedelta(days=1)
    return out


def last_complete(frequency, today):
    """The newest period of `frequency` that has ended before `today`."""
    return key_of(bounds(key_of(today, frequency))[0] - timedelta(days=1), frequency)


def label(key):
    """How a period reads in a table or on an axis: "2026-03", "2026 Q1", "2026"."""
    return key.replace("-Q", " Q")
