"""Document review dates on the quality calendar and in the reviewer's iCal feed (documents/surfaces.py)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from documents.models import Document
from documents.tests import factories
from work.models import CalendarFeed

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def month(client, org, day):
    return client.get(reverse("work:calendar_month", args=[org.slug, day.year, day.month])).content.decode()


def test_a_documents_review_date_is_on_the_calendar(cast):
    document = factories.approved(cast, owner=cast.rasa)
    review_on = date(2031, 5, 14)
    Document.objects.filter(pk=document.pk).update(next_review_on=review_on)
    html = month(client_for(cast.jonas), cast.alfa, review_on)
    assert document.title in html and document.get_absolute_url() in html
    assert "kind-document-review" in html
    assert document.title not in month(client_for(cast.jonas), cast.alfa, review_on + timedelta(days=31))


def test_an_overdue_review_says_so_and_a_draft_has_no_review_date(cast):
    document = factories.approved(cast, title="Kokybės politika")
    past = timezone.localdate() - timedelta(days=3)
    Document.objects.filter(pk=document.pk).update(next_review_on=past)
    draft = factories.draft(cast, title="Dar rengiamas dokumentas")
    Document.objects.filter(pk=draft.pk).update(next_review_on=past)
    html = month(client_for(cast.jonas), cast.alfa, past)
    assert "Kokybės politika" in html and "Vėluoja" in html
    assert "Dar rengiamas dokumentas" not in html


def test_another_organisations_review_is_not_shown(cast):
    theirs = factories.approved(cast, cast.beta, title="Betos dokumentas")
    Document.objects.filter(pk=theirs.pk).update(next_review_on=date(2031, 5, 14))
    assert "Betos dokumentas" not in month(client_for(cast.jonas), cast.alfa, date(2031, 5, 14))


def test_the_reviewer_gets_the_review_date_in_their_feed_and_others_do_not(cast):
    document = factories.approved(cast, owner=cast.rasa, title="Paslaugų gavėjų chartija")
    review_on = timezone.localdate() + timedelta(days=40)
    Document.objects.filter(pk=document.pk).update(next_review_on=review_on)

    def summaries(user):
        feed = CalendarFeed.objects.create(user=user)
        cal = Calendar.from_ical(Client().get(reverse("me:ical", args=[feed.token])).content)
        return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}

    mine = summaries(cast.rasa)
    (event,) = [e for summary, e in mine.items() if "Paslaugų gavėjų chartija" in summary]
    assert event["DTSTART"].dt == review_on
    assert str(event["UID"]) == f"documents.review:{document.uuid}@kokybe"
    assert not any("Paslaugų gavėjų chartija" in summary for summary in summaries(cast.vida))
