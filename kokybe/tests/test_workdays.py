"""The Lithuanian working-day calendar and the legal clocks, checked against an independent count.

The independent count walks the days one by one with the holidays written out from the Labour Code (art. 123) for the
years under test, so a mistake in the `holidays` package's data or in our counting shows as a difference."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kokybe.lib import workdays

VILNIUS = ZoneInfo("Europe/Vilnius")

# Labour Code art. 123, for 2026 and 2027 (Easter Sunday 2026-04-05, 2027-03-28: Mondays 04-06 and 03-29).
HOLIDAYS = {
    date(y, m, d)
    for y in (2026, 2027)
    for (m, d) in [
        (1, 1),
        (2, 16),
        (3, 11),
        (5, 1),
        (6, 24),
        (7, 6),
        (8, 15),
        (11, 1),
        (11, 2),
        (12, 24),
        (12, 25),
        (12, 26),
    ]
} | {date(2026, 4, 5), date(2026, 4, 6), date(2027, 3, 28), date(2027, 3, 29)}


def independent_add(start, n):
    day, count = start, 0
    while count < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in HOLIDAYS:
            count += 1
    return day


def test_a_complaint_received_on_friday_before_christmas_is_decided_by_the_twentieth_working_day():
    # 12-24, 12-25, 12-26 and 2027-01-01 are holidays; the weekends are not counted either.
    received = date(2026, 12, 18)
    assert workdays.add_working_days(received, 20) == date(2027, 1, 20) == independent_add(received, 20)
    # One extension of up to 10 working days counts from the first due date.
    assert (
        workdays.add_working_days(date(2027, 1, 20), 10) == date(2027, 2, 3) == independent_add(date(2027, 1, 20), 10)
    )


@pytest.mark.parametrize(
    ("start", "n"),
    [
        (date(2027, 3, 26), 1),  # Friday before Easter: Monday 03-29 is Easter Monday
        (date(2026, 4, 2), 3),  # Thursday before Easter 2026
        (date(2026, 2, 13), 1),  # Friday before 02-16 (a Monday)
        (date(2026, 10, 30), 2),  # Friday before All Saints' (a Sunday) and All Souls' (a Monday)
        (date(2026, 6, 23), 5),
        (date(2026, 12, 31), 3),
        (date(2026, 12, 21), 5),  # forwarding term: 5 working days
        (date(2026, 12, 22), 3),  # telling the person within 3
    ],
)
def test_working_days_agree_with_an_independent_count(start, n):
    assert workdays.add_working_days(start, n) == independent_add(start, n)


def test_every_day_of_two_years_is_classified_like_the_labour_code():
    day = date(2026, 1, 1)
    while day.year < 2028:
        assert workdays.is_working_day(day) == (day.weekday() < 5 and day not in HOLIDAYS), day
        day += timedelta(days=1)


def test_counting_back_and_between():
    assert workdays.add_working_days(date(2026, 12, 28), -1) == date(2026, 12, 23)
    assert workdays.working_days_between(date(2026, 12, 18), date(2027, 1, 20)) == 20
    assert workdays.working_days_between(date(2027, 1, 20), date(2026, 12, 18)) == -20
    assert workdays.add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 25)
    assert workdays.next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)


def test_an_hours_clock_is_elapsed_time_across_daylight_saving_changes():
    # Summer time starts at 03:00 on 2027-03-28: six hours from 01:00 end at 08:00 local, not 07:00.
    spring = datetime(2027, 3, 28, 1, 0, tzinfo=VILNIUS)
    assert workdays.add_hours(spring, 6) == datetime(2027, 3, 28, 8, 0, tzinfo=VILNIUS)
    # Summer time ends at 04:00 on 2026-10-25: six hours from 01:00 end at 06:00 local.
    autumn = datetime(2026, 10, 25, 1, 0, tzinfo=VILNIUS)
    assert workdays.add_hours(autumn, 6).replace(tzinfo=None) == datetime(2026, 10, 25, 6, 0)
    # 72 hours from a Friday evening are 72 real hours, whatever the weekend.
    breach = datetime(2026, 12, 18, 18, 30, tzinfo=VILNIUS)
    assert workdays.add_hours(breach, 72) - breach == timedelta(hours=72)
    with pytest.raises(ValueError):
        workdays.add_hours(datetime(2026, 1, 1), 1)


def test_a_working_day_term_from_a_moment_ends_at_the_end_of_the_vilnius_day():
    # 23:30 UTC on 2026-12-17 is already 12-18 in Vilnius.
    aware = datetime(2026, 12, 17, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert workdays.end_of_working_day(aware, 20) == datetime(2027, 1, 20, 23, 59, 59, tzinfo=VILNIUS)


def test_holiday_names_in_both_languages():
    assert workdays.holiday_name(date(2026, 12, 24)) == "Kūčių diena"
    assert workdays.holiday_name(date(2026, 12, 24), "en") == "Christmas Eve"
    assert workdays.holiday_name(date(2026, 12, 23)) == ""
