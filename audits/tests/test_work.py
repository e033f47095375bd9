"""Certificate reminders at 180, 90 and 30 days through the reminder digest, each sent once; audits in My work."""

from datetime import date, timedelta

import pytest
from django.core import mail

from assessments.tests.factories import make_version
from audits.models import Certificate
from orgs.roles import Role
from work import items as work
from work.management.commands.send_reminders import send_digest

from .factories import make_audit

pytestmark = pytest.mark.django_db

EXPIRES = date(2027, 5, 14)


@pytest.fixture
def certificate(cast):
    return Certificate.objects.create(
        org=cast.alfa, version=make_version(), reference="LIT2024-112", issued_on=date(2024, 5, 14), expires_on=EXPIRES
    )


def keys(user, today):
    return [i.key for i in work.reminder_items(user, today) if i.key.startswith("audits.certificate")]


def test_no_reminder_before_180_days(cast, certificate):
    assert keys(cast.jonas, EXPIRES - timedelta(days=181)) == []


def test_each_threshold_is_reminded_once(cast, certificate):
    day_180 = EXPIRES - timedelta(days=180)
    assert keys(cast.jonas, day_180) == [f"audits.certificate:{certificate.pk}:180"]
    sent = send_digest(cast.jonas, day_180)
    assert any("LIT2024-112" in str(item.title) for item in sent)
    assert "LIT2024-112" in mail.outbox[-1].body
    # Not again the next day, nor any day until the next threshold …
    assert keys(cast.jonas, day_180 + timedelta(days=1)) == []
    assert keys(cast.jonas, EXPIRES - timedelta(days=91)) == []
    # … which is a new reminder.
    assert keys(cast.jonas, EXPIRES - timedelta(days=90)) == [f"audits.certificate:{certificate.pk}:90"]
    assert keys(cast.jonas, EXPIRES - timedelta(days=30)) == [f"audits.certificate:{certificate.pk}:30"]


def test_a_reminder_not_yet_sent_stays_in_my_work(cast, certificate):
    day = EXPIRES - timedelta(days=100)
    items = [i for i in work.items_for(cast.jonas, day) if i.key.startswith("audits.certificate")]
    assert len(items) == 1 and "2027-05-14" in str(items[0].title)


def test_only_managers_are_reminded(cast, certificate):
    day = EXPIRES - timedelta(days=60)
    assert keys(cast.ona, day) and keys(cast.jonas, day)
    assert keys(cast.rasa, day) == [] and keys(cast.users[Role.INTERNAL_AUDITOR], day) == []


def test_a_renewed_certificate_silences_the_old_ones_reminders(cast, certificate):
    Certificate.objects.create(
        org=cast.alfa,
        version=certificate.version,
        reference="LIT2027-015",
        issued_on=date(2027, 5, 10),
        expires_on=date(2030, 5, 10),
    )
    assert keys(cast.jonas, EXPIRES - timedelta(days=20)) == []


def test_no_reminder_after_expiry(cast, certificate):
    assert keys(cast.jonas, EXPIRES + timedelta(days=1)) == []


def test_team_members_find_their_audit_in_my_work(cast):
    auditor = cast.users[Role.INTERNAL_AUDITOR]
    audit = make_audit(cast, lead_auditor=auditor)
    from audits import services

    services.audit_save(audit=audit, by=cast.jonas, team=[cast.jonas])
    today = date(2026, 10, 1)
    mine = [i for i in work.items_for(cast.jonas, today) if i.key == f"audits.audit:{audit.pk}"]
    assert len(mine) == 1 and mine[0].due_date == audit.planned_start
    # The lead auditor is responsible for the calendar milestone: listed once, not twice.
    lead = [i for i in work.items_for(auditor, today) if audit.title in str(i.title)]
    assert len(lead) == 1
