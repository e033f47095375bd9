"""The demo quality calendar: the Klaipėda centre's real 2018–2021 timeline, a renewal cycle, idempotent."""

from datetime import date

import pytest

from kokybe.lib.demo import DemoContext
from orgs import demo as orgs_demo
from orgs.models import ActivityEntry
from work import demo as demo_calendar
from work.models import Milestone, MilestoneKind

pytestmark = pytest.mark.django_db


def load():
    ctx = DemoContext(today=date(2026, 11, 22))
    orgs_demo.load(ctx)
    demo_calendar.load(ctx)
    return ctx


def test_klaipeda_carries_its_real_timeline():
    load()
    klaipeda = Milestone.objects.filter(org__slug="klaipeda")
    dates = {(m.start_date, m.end_date, m.kind) for m in klaipeda}
    for expected in [
        (date(2018, 11, 12), None, MilestoneKind.CUSTOM),
        (date(2019, 1, 11), None, MilestoneKind.CUSTOM),
        (date(2019, 2, 7), None, MilestoneKind.TRAINING),
        (date(2019, 2, 19), date(2019, 2, 20), MilestoneKind.TRAINING),
        (date(2019, 2, 28), None, MilestoneKind.TRAINING),
        (date(2019, 3, 12), None, MilestoneKind.CONSULTANT_VISIT),
        (date(2019, 3, 1), date(2019, 4, 30), MilestoneKind.CUSTOM),
        (date(2019, 11, 1), date(2019, 11, 30), MilestoneKind.SURVEY_PERIOD),
        (date(2021, 3, 1), date(2021, 3, 31), MilestoneKind.SURVEY_PERIOD),
        (date(2020, 2, 5), None, MilestoneKind.INTERNAL_AUDIT),
        (date(2020, 11, 23), None, MilestoneKind.EXTERNAL_AUDIT),
        (date(2021, 3, 29), None, MilestoneKind.EXTERNAL_AUDIT),
        (date(2021, 5, 14), None, MilestoneKind.CUSTOM),
        (date(2024, 5, 14), None, MilestoneKind.CERTIFICATE_EXPIRY),
    ]:
        assert expected in dates, expected
    upcoming = klaipeda.upcoming(date(2026, 11, 22))
    assert upcoming.filter(start_date__year=2027, kind=MilestoneKind.EXTERNAL_AUDIT).exists()
    assert upcoming.filter(start_date__year=2026).exists()
    assert all(m.responsible_id for m in klaipeda)


def test_loading_twice_changes_nothing():
    load()
    count, entries = Milestone.objects.count(), ActivityEntry.objects.count()
    ctx = load()
    assert Milestone.objects.count() == count and ActivityEntry.objects.count() == entries
    assert ctx.created["work.Milestone"] == 0
