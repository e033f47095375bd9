"""The deadline engine on real calendars, checked against an independent count over holidays listed here by hand
(from the Labour Code, art. 123) — the engine itself reads them from the holidays package."""

from datetime import date, timedelta

import pytest

from complaints.deadlines import Rule, days_taken

# Lithuanian public holidays of the years these cases cross, typed out for the independent check only.
HAND_LISTED = {
    date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26),
    date(2027, 1, 1), date(2027, 2, 16), date(2027, 3, 11), date(2027, 3, 28), date(2027, 3, 29),
    date(2027, 5, 1), date(2027, 6, 24), date(2027, 7, 6), date(2027, 8, 15), date(2027, 11, 1), date(2027, 11, 2),
    date(2026, 4, 5), date(2026, 4, 6), date(2026, 5, 1), date(2028, 4, 16), date(2028, 4, 17), date(2028, 5, 1),
}  # fmt: skip


def independent(received, n):
    day, counted = received, 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in HAND_LISTED:
            counted += 1
    return day


def test_received_friday_before_christmas_is_due_on_20_january():
    received = date(2026, 12, 18)
    assert Rule().decision_due(received) == date(2027, 1, 20) == independent(received, 20)


@pytest.mark.parametrize(
    "received",
    [date(2027, 3, 5), date(2027, 3, 26), date(2026, 3, 20), date(2028, 3, 31), date(2027, 6, 20), date(2027, 10, 22)],
)
def test_decision_due_skips_moving_holidays_like_independent_count(received):
    assert Rule().decision_due(received) == independent(received, 20)


def test_easter_monday_2027_is_not_a_working_day():
    # Received Friday 2027-03-26: Monday 03-29 is Easter Monday, so the first working day is Tuesday 03-30.
    assert Rule(decision_days=1).decision_due(date(2027, 3, 26)) == date(2027, 3, 30)


def test_extension_adds_working_days_after_the_original_term():
    received = date(2026, 12, 18)
    assert Rule().decision_due(received, extension_days=10) == date(2027, 2, 3) == independent(received, 30)


def test_extension_notice_is_due_within_two_working_days():
    # Extended on Wednesday 2026-12-23: 24, 25, 26 are holidays, so the two working days are 12-28 and 12-29.
    assert Rule().extension_notice_due(date(2026, 12, 23)) == date(2026, 12, 29)


def test_forwarding_within_five_and_notice_within_three_working_days():
    rule = Rule()
    assert rule.forward_due(date(2026, 12, 22)) == date(2026, 12, 31) == independent(date(2026, 12, 22), 5)
    assert rule.forward_notice_due(date(2026, 12, 31)) == date(2027, 1, 6)


def test_received_on_saturday_counts_from_monday():
    assert Rule(decision_days=1).decision_due(date(2027, 1, 9)) == date(2027, 1, 11)


def test_rule_snapshot_round_trips_and_ignores_unknown_keys():
    rule = Rule(decision_days=15)
    assert Rule.from_json({**rule.as_json(), "later_added": 3}) == rule


def test_days_taken_counts_working_days():
    assert days_taken(date(2026, 12, 18), date(2027, 1, 20)) == 20
