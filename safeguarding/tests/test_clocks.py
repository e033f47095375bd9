"""The legal clocks run from the moment of awareness, in Europe/Vilnius: hours are elapsed time across the changes
of summer time, working days skip weekends and Lithuanian public holidays and end at 23:59:59 local time."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kokybe.lib.workdays import VILNIUS
from safeguarding.models import Clock, due_at

EET = timezone(timedelta(hours=2))
EEST = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    ("aware", "clock", "amount", "due"),
    [
        # Summer time starts 2026-03-29 at 03:00 (clocks jump to 04:00): 6 real hours from 01:30 EET end at 08:30 EEST.
        (datetime(2026, 3, 29, 1, 30, tzinfo=EET), Clock.HOURS, 6, datetime(2026, 3, 29, 8, 30, tzinfo=EEST)),
        # "Immediately" (within the hour) from 02:30 EET crosses the missing hour: 04:30 EEST.
        (datetime(2026, 3, 29, 2, 30, tzinfo=EET), Clock.IMMEDIATELY, 0, datetime(2026, 3, 29, 4, 30, tzinfo=EEST)),
        # Summer time ends 2026-10-25 at 04:00 (back to 03:00): 72 hours from Friday 12:00 EEST end Monday 11:00 EET.
        (datetime(2026, 10, 23, 12, 0, tzinfo=EEST), Clock.HOURS, 72, datetime(2026, 10, 26, 11, 0, tzinfo=EET)),
        # 6 hours from 00:30 EEST on the night of the change, through the repeated hour: 05:30 EET.
        (datetime(2026, 10, 25, 0, 30, tzinfo=EEST), Clock.HOURS, 6, datetime(2026, 10, 25, 5, 30, tzinfo=EET)),
        # Wednesday 2026-12-23: Christmas Eve (24th) and Christmas (25th, 26th) are holidays, then a weekend.
        (
            datetime(2026, 12, 23, 16, 0, tzinfo=EET),
            Clock.WORKING_DAYS,
            1,
            datetime(2026, 12, 28, 23, 59, 59, tzinfo=EET),
        ),
        (
            datetime(2026, 12, 23, 16, 0, tzinfo=EET),
            Clock.WORKING_DAYS,
            3,
            datetime(2026, 12, 30, 23, 59, 59, tzinfo=EET),
        ),
        # Good Friday is a working day in Lithuania; Easter Monday 2026-04-06 is not: Friday + 1 → Tuesday.
        (
            datetime(2026, 4, 3, 10, 0, tzinfo=EEST),
            Clock.WORKING_DAYS,
            1,
            datetime(2026, 4, 7, 23, 59, 59, tzinfo=EEST),
        ),
        # 00:30 in Vilnius on Tuesday 2026-12-08 is still Monday in UTC: the Vilnius date counts, so Tuesday + 1.
        (
            datetime(2026, 12, 8, 0, 30, tzinfo=EET),
            Clock.WORKING_DAYS,
            1,
            datetime(2026, 12, 9, 23, 59, 59, tzinfo=EET),
        ),
        # A Saturday awareness: the first working day after it is Monday.
        (datetime(2026, 12, 5, 9, 0, tzinfo=EET), Clock.WORKING_DAYS, 1, datetime(2026, 12, 7, 23, 59, 59, tzinfo=EET)),
        # Working days across the start of summer time end at 23:59:59 EEST.
        (
            datetime(2026, 3, 27, 15, 0, tzinfo=EET),
            Clock.WORKING_DAYS,
            1,
            datetime(2026, 3, 30, 23, 59, 59, tzinfo=EEST),
        ),
    ],
)
def test_due_time(aware, clock, amount, due):
    result = due_at(aware, clock, amount)
    assert result == due
    assert result.utcoffset() == due.utcoffset()  # shown in the right Vilnius offset, not only the same instant
    assert str(result.tzinfo) == str(VILNIUS)


def test_an_aware_moment_given_in_utc_is_counted_on_its_vilnius_date():
    aware = datetime(2026, 12, 7, 22, 30, tzinfo=UTC)  # 2026-12-08 00:30 in Vilnius
    assert due_at(aware, Clock.WORKING_DAYS, 1) == datetime(2026, 12, 9, 23, 59, 59, tzinfo=EET)
