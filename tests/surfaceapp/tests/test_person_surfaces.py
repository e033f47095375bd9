"""The test register appears on My work, the quality calendar (and iCal feed), notifications and the reminder digest
through its surfaces.py alone: the work app that renders them never names it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.surfaceapp.models import Entry
from tests.surfaceapp.surfaces import ENTRY_ASSIGNED
from work import notifications
from work.models import CalendarFeed, Notification

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def entry(cast, **fields):
    fields.setdefault("received_on", timezone.localdate() - timedelta(days=30))
    return Entry.objects.create(org=cast.alfa, title=fields.pop("title", "Skundas dėl maitinimo"), **fields)


# ── My work ──────────────────────────────────────────────────────────────────────────────────────────────────────


def test_my_work_lists_the_owners_open_entries(cast, surfaceapp):
    today = timezone.localdate()
    entry(cast, title="Vėluojantis skundas", owner=cast.rasa, due_on=today - timedelta(days=2))
    entry(cast, title="Kito žmogaus skundas", owner=cast.jonas, due_on=today)
    entry(cast, title="Išspręstas skundas", owner=cast.rasa, due_on=today, closed_on=today)
    html = client_for(cast.rasa).get(reverse("me:work")).content.decode()
    assert "Vėluojantis skundas" in html and "/registry/" in html
    assert "Kito žmogaus skundas" not in html and "Išspręstas skundas" not in html


def test_my_work_without_the_register_switched_on_shows_none_of_it(cast):
    entry(cast, title="Vėluojantis skundas", owner=cast.rasa, due_on=timezone.localdate())
    assert "Vėluojantis skundas" not in client_for(cast.rasa).get(reverse("me:work")).content.decode()


# ── Quality calendar and iCal feed ───────────────────────────────────────────────────────────────────────────────


def test_the_calendar_shows_an_entrys_due_date_on_its_day(cast, surfaceapp):
    due = timezone.localdate() + timedelta(days=3)
    entry(cast, title="Skundas dėl maitinimo", owner=cast.rasa, due_on=due)
    response = client_for(cast.jonas).get(reverse("work:calendar_month", args=["alfa", due.year, due.month]))
    days = [
        d.date
        for week in response.context["weeks"]
        for d in week
        if any(e.title == "Skundas dėl maitinimo" for e in d.entries)
    ]
    assert days == [due]
    assert "kind-register-entry" in response.content.decode()


def test_the_owners_ical_feed_carries_the_entry_and_a_colleagues_does_not(cast, surfaceapp):
    due = timezone.localdate() + timedelta(days=3)
    mine = entry(cast, owner=cast.rasa, due_on=due)

    def uids(user):
        feed = CalendarFeed.objects.create(user=user)
        cal = Calendar.from_ical(Client().get(reverse("me:ical", args=[feed.token])).content)
        return {str(e["UID"]): e for e in cal.walk("VEVENT")}

    event = uids(cast.rasa)[f"surfaceapp.entry:{mine.pk}@kokybe"]
    assert event["DTSTART"].dt == due and "Skundas dėl maitinimo" in str(event["SUMMARY"])
    assert f"surfaceapp.entry:{mine.pk}@kokybe" not in uids(cast.vida)


# ── Notifications ────────────────────────────────────────────────────────────────────────────────────────────────


def test_a_declared_verb_notifies_with_the_registers_own_sentence(cast, surfaceapp):
    target = entry(cast, owner=cast.rasa)
    target.get_absolute_url = lambda: "/registry/1/"
    notifications.notify(user=cast.rasa, org=cast.alfa, verb=ENTRY_ASSIGNED, target=target, by=cast.jonas)
    html = client_for(cast.rasa).get(reverse("me:notifications")).content.decode()
    assert "Jonas Jonaitis gave you the register entry “Skundas dėl maitinimo”." in html


def test_a_verb_nobody_declares_is_refused(cast):
    target = entry(cast, owner=cast.rasa)
    target.get_absolute_url = lambda: "/registry/1/"
    with pytest.raises(ValueError, match=ENTRY_ASSIGNED):
        notifications.notify(user=cast.rasa, org=cast.alfa, verb=ENTRY_ASSIGNED, target=target, by=cast.jonas)
    assert not Notification.objects.exists()


# ── Reminder digest ──────────────────────────────────────────────────────────────────────────────────────────────


def test_the_digest_carries_the_due_entry_and_the_registers_own_section_once_a_day(cast, surfaceapp):
    today = timezone.localdate()
    entry(cast, title="Skundas su terminu", owner=cast.jonas, due_on=today + timedelta(days=2))
    entry(cast, title="Naujas skundas", received_on=today - timedelta(days=1))
    call_command("send_reminders", stdout=StringIO())
    (digest,) = [m for m in mail.outbox if m.to == [cast.jonas.email]]
    assert "Register entry: Skundas su terminu" in digest.body
    assert "Received in the register this week" in digest.body
    assert "Naujas skundas" in digest.body
    mail.outbox.clear()
    call_command("send_reminders", stdout=StringIO())
    assert not [m for m in mail.outbox if m.to == [cast.jonas.email]]
