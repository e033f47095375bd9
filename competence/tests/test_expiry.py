"""Expiry at the boundaries: the last valid day, the 60-day warning, month ends and leap years."""

from datetime import date, timedelta

import pytest

from competence.models import EXPIRING_DAYS, Standing, add_months, standing, valid_until


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 1), 12, date(2027, 2, 28)),
        (date(2027, 3, 1), 12, date(2028, 2, 29)),  # leap year: the day before 1 March is the 29th
        (date(2026, 1, 31), 1, date(2026, 2, 27)),  # 31 January + 1 month = 28 February, held through the 27th
        (date(2024, 2, 29), 36, date(2027, 2, 27)),  # a leap day + 3 years lands on 28 February
        (date(2026, 12, 15), 1, date(2027, 1, 14)),  # over the year's end
    ],
)
def test_valid_until_is_the_day_before_the_anniversary(day, months, expected):
    assert valid_until(day, months) == expected


def test_a_course_without_validity_never_lapses():
    assert valid_until(date(2019, 2, 19), None) is None
    assert standing(None, True, date(2040, 1, 1)) == Standing.CURRENT


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)
    assert add_months(date(2026, 5, 10), -5) == date(2025, 12, 10)


def test_standing_on_the_last_valid_day_and_the_day_after():
    until = date(2027, 2, 28)
    assert standing(until, True, until) == Standing.EXPIRING
    assert standing(until, True, until + timedelta(days=1)) == Standing.EXPIRED


def test_expiring_starts_exactly_sixty_days_before():
    until = date(2027, 2, 28)
    assert standing(until, True, until - timedelta(days=EXPIRING_DAYS)) == Standing.EXPIRING
    assert standing(until, True, until - timedelta(days=EXPIRING_DAYS + 1)) == Standing.CURRENT


def test_nothing_done_is_missing():
    assert standing(None, False, date(2026, 1, 1)) == Standing.MISSING
