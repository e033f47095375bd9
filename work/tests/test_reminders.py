"""manage.py send_reminders: one digest per person a run, in their language, never the same item twice a day."""

from datetime import date, timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from actions.models import ImprovementAction, Status
from kokybe import surfaces
from orgs.models import Membership
from orgs.roles import Role
from work import items as work
from work.models import Milestone, Notification, ReminderLog

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def action(org, number, due, owner, title=None, **fields):
    return ImprovementAction.objects.create(
        org=org, number=number, title=title or f"Veiksmas {number}", due_date=due, owner=owner, **fields
    )


def run(*args, day=TODAY):
    out = StringIO()
    with translation.override("lt"):  # the operator's summary is in the site language
        call_command("send_reminders", "--date", day.isoformat(), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def due(cast):
    """Rasa: one overdue action, one due in 3 days, one far off; Jonas: one due tomorrow."""
    return {
        "overdue": action(cast.alfa, 1, TODAY - timedelta(days=5), cast.rasa, "Atnaujinti skundų tvarką"),
        "soon": action(cast.alfa, 2, TODAY + timedelta(days=3), cast.rasa, "Parengti mokymų planą"),
        "later": action(cast.alfa, 3, TODAY + timedelta(days=30), cast.rasa, "Vėlesnis darbas"),
        "jonas": action(cast.alfa, 4, TODAY + timedelta(days=1), cast.jonas, "Jono darbas"),
    }


def test_each_person_gets_one_digest_with_overdue_and_due_soon(cast, due):
    output = run()
    assert len(mail.outbox) == 2
    (rasa,) = mails_to(cast.rasa)
    assert "Atnaujinti skundų tvarką" in rasa.body and "Parengti mokymų planą" in rasa.body
    assert "Vėlesnis darbas" not in rasa.body and "Jono darbas" not in rasa.body
    assert rasa.body.index("Atnaujinti skundų tvarką") < rasa.body.index("Parengti mokymų planą")
    assert "http://testserver" not in rasa.body and due["soon"].get_absolute_url() in rasa.body
    html, mimetype = rasa.alternatives[0]
    assert mimetype == "text/html" and "Parengti mokymų planą" in html
    assert "send_reminders 2026-03-10: išsiųsta suvestinių: 2, darbų: 3, patikrinta žmonių: 9, nepavyko: 0." in output


def test_digest_is_in_the_persons_language(cast, due):
    cast.jonas.language = "en"
    cast.jonas.save()
    run()
    (jonas,) = mails_to(cast.jonas)
    (rasa,) = mails_to(cast.rasa)
    assert jonas.subject == "Kokybė: 1 reminder"
    assert "This is what is overdue or due within the next 7 days" in jonas.body
    assert "Improvement action: #4 Jono darbas" in jonas.body
    assert rasa.subject == "Kokybė: 2 priminimai"
    assert "VĖLUOJA" in rasa.body and "Tobulinimo veiksmas: #1 Atnaujinti skundų tvarką" in rasa.body


def test_second_run_the_same_day_sends_nothing(cast, due):
    run()
    mail.outbox.clear()
    run()
    assert mail.outbox == []
    assert ReminderLog.objects.filter(user=cast.rasa, sent_on=TODAY).count() == 2


def test_a_new_item_later_that_day_is_sent_alone(cast, due):
    run()
    mail.outbox.clear()
    action(cast.alfa, 5, TODAY + timedelta(days=2), cast.rasa, "Naujas skubus darbas")
    run()
    (digest,) = mail.outbox
    assert "Naujas skubus darbas" in digest.body and "Atnaujinti skundų tvarką" not in digest.body


def test_next_day_sends_again_what_is_still_due(cast, due):
    run()
    mail.outbox.clear()
    due["soon"].status = Status.DONE
    due["soon"].progress = 100
    due["soon"].save()
    run(day=TODAY + timedelta(days=1))
    (digest,) = mails_to(cast.rasa)
    assert "Atnaujinti skundų tvarką" in digest.body and "Parengti mokymų planą" not in digest.body


def test_failed_mail_is_not_recorded_and_the_others_still_go(cast, due, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == [cast.rasa.email]:
            raise SMTPException("mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    with pytest.raises(CommandError, match=cast.rasa.email):
        run()
    assert [m.to for m in mail.outbox] == [[cast.jonas.email]]
    assert not ReminderLog.objects.filter(user=cast.rasa).exists()
    assert not Notification.objects.filter(user=cast.rasa).exists()
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    run()
    assert len(mails_to(cast.rasa)) == 1  # retried by the next run


def test_dry_run_sends_and_records_nothing(cast, due):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not ReminderLog.objects.exists() and not Notification.objects.exists()
    assert cast.rasa.email in output and "Atnaujinti skundų tvarką" in output


def test_inactive_people_and_expired_memberships_get_nothing(cast, due):
    cast.rasa.is_active = False
    cast.rasa.save()
    auditor_membership = cast.memberships[Role.EXTERNAL_AUDITOR]
    auditor_membership.access_until = TODAY - timedelta(days=1)
    auditor_membership.save()
    due["jonas"].participants.add(auditor_membership.user)
    run()
    assert [m.to for m in mail.outbox] == [[cast.jonas.email]]


def test_first_overdue_reminder_leaves_one_notification_not_one_a_day(cast, due):
    run()
    note = Notification.objects.get(user=cast.rasa)
    assert note.verb == "overdue" and note.target == due["overdue"] and note.actor is None
    with translation.override("lt"):
        assert note.text() == "Vėluojama: „#1 Atnaujinti skundų tvarką“."
    run(day=TODAY + timedelta(days=1))
    run(day=TODAY + timedelta(days=2))
    assert Notification.objects.filter(user=cast.rasa).count() == 1


def test_digest_uses_every_registered_provider(cast, due, monkeypatch):
    monkeypatch.setattr(surfaces.work_items, "_functions", surfaces.work_items.contributions())

    @surfaces.work_items
    def acknowledgements(user, today, memberships):
        return [
            work.WorkItem(
                org=m.org,
                kind="Dokumentas",
                title="Susipažinti su kokybės politika",
                url="/o/alfa/documents/1/",
                due_date=today + timedelta(days=2),
                overdue=False,
                key=f"documents.ack:{m.org.pk}:1",
            )
            for m in memberships.values()
        ]

    run()
    (digest,) = mails_to(cast.vida)
    assert "Dokumentas: Susipažinti su kokybės politika" in digest.body


def test_milestone_ahead_is_in_the_responsible_persons_digest(cast):
    Milestone.objects.create(
        org=cast.alfa, title="Vidaus auditas", start_date=TODAY + timedelta(days=6), responsible=cast.ona
    )
    run()
    (digest,) = mails_to(cast.ona)
    assert "Vidaus auditas" in digest.body


def test_digest_groups_items_by_organisation(cast, due):
    Membership.objects.create(org=cast.beta, user=cast.rasa, role=Role.STAFF)
    action(cast.beta, 1, TODAY, cast.rasa, "Betos darbas")
    run()
    (digest,) = mails_to(cast.rasa)
    assert digest.body.index(cast.alfa.name) < digest.body.index("Atnaujinti")
    assert digest.body.index(cast.beta.name) < digest.body.index("Betos darbas")


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2026-13-01", stdout=StringIO(), stderr=StringIO())
