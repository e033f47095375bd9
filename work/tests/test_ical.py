"""The per-person iCal feed: a valid calendar with the person's items only, revocable, no login needed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from actions.models import ImprovementAction, Status
from orgs.models import Membership
from orgs.roles import Role
from work import ical
from work.models import CalendarFeed, Milestone

pytestmark = pytest.mark.django_db


def feed_of(client, user):
    feed = CalendarFeed.objects.create(user=user)
    response = client.get(reverse("me:ical", args=[feed.token]))
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def data(cast):
    today = timezone.localdate()
    mine = ImprovementAction.objects.create(
        org=cast.alfa, number=1, title="Atnaujinti skundų tvarką", owner=cast.rasa, due_date=today + timedelta(days=3)
    )
    shared = ImprovementAction.objects.create(
        org=cast.alfa, number=2, title="Mokymų planas", owner=cast.jonas, due_date=today + timedelta(days=9)
    )
    shared.participants.add(cast.rasa)
    ImprovementAction.objects.create(
        org=cast.alfa, number=3, title="Jono veiksmas", owner=cast.jonas, due_date=today + timedelta(days=1)
    )
    ImprovementAction.objects.create(
        org=cast.alfa,
        number=4,
        title="Baigtas",
        owner=cast.rasa,
        due_date=today,
        status=Status.DONE,
        progress=100,
    )
    survey = Milestone.objects.create(
        org=cast.alfa,
        title="Apklausos laikotarpis",
        kind="survey_period",
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=20),
    )
    Milestone.objects.create(org=cast.beta, title="Betos auditas", start_date=today)
    Milestone.objects.create(org=cast.alfa, title="Senas įvykis", start_date=date(2018, 11, 12))
    return {"mine": mine, "shared": shared, "survey": survey, "today": today}


def test_feed_is_a_valid_calendar_with_the_persons_items_only(client, cast, data):
    response, cal = feed_of(client, cast.rasa)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert str(cal["VERSION"]) == "2.0" and "Kokybė" in str(cal["PRODID"])
    assert str(cal["X-WR-CALNAME"]) == "Kokybė: Rasa Rasaitė"
    found = events(cal)
    assert set(found) == {
        f"action-{data['mine'].uuid}@kokybe",
        f"action-{data['shared'].uuid}@kokybe",
        f"milestone-{data['survey'].uuid}@kokybe",
    }
    due = found[f"action-{data['mine'].uuid}@kokybe"]
    assert due["DTSTART"].dt == data["mine"].due_date and due["DTEND"].dt == data["mine"].due_date + timedelta(days=1)
    assert "Atnaujinti skundų tvarką" in str(due["SUMMARY"])
    assert str(due["URL"]).endswith(data["mine"].get_absolute_url())
    assert due["DTSTAMP"].dt.tzinfo is not None


def test_milestone_range_ends_the_day_after_its_last_day(client, cast, data):
    _, cal = feed_of(client, cast.rasa)
    event = events(cal)[f"milestone-{data['survey'].uuid}@kokybe"]
    assert event["DTSTART"].dt == data["today"] + timedelta(days=10)
    assert event["DTEND"].dt == data["today"] + timedelta(days=21)  # DTEND is exclusive


def test_uids_are_stable_between_fetches(client, cast, data):
    feed = CalendarFeed.objects.create(user=cast.rasa)
    url = reverse("me:ical", args=[feed.token])
    first = set(events(Calendar.from_ical(client.get(url).content)))
    data["mine"].title = "Pervadinta"
    data["mine"].save()
    assert set(events(Calendar.from_ical(client.get(url).content))) == first


def test_feed_is_in_the_persons_language(client, cast, data):
    cast.rasa.language = "en"
    cast.rasa.save()
    _, cal = feed_of(client, cast.rasa)
    summary = str(events(cal)[f"action-{data['mine'].uuid}@kokybe"]["SUMMARY"])
    assert summary.startswith("Due: #1 Atnaujinti")


def test_lithuanian_feed_text(client, cast, data):
    _, cal = feed_of(client, cast.rasa)
    summary = str(events(cal)[f"action-{data['mine'].uuid}@kokybe"]["SUMMARY"])
    assert summary.startswith("Terminas: #1 Atnaujinti")


def test_revoked_or_unknown_token_is_404(client, cast, data):
    feed = CalendarFeed.objects.create(user=cast.rasa)
    ical.feed_revoke(user=cast.rasa)
    assert client.get(reverse("me:ical", args=[feed.token])).status_code == 404
    assert client.get(reverse("me:ical", args=["nera-tokio-adreso"])).status_code == 404


def test_inactive_persons_feed_is_404(client, cast, data):
    feed = CalendarFeed.objects.create(user=cast.rasa)
    cast.rasa.is_active = False
    cast.rasa.save()
    assert client.get(reverse("me:ical", args=[feed.token])).status_code == 404


def test_expired_external_auditor_feed_is_empty_and_milestones_need_an_insider(client, cast, data):
    auditor = cast.users[Role.EXTERNAL_AUDITOR]
    data["shared"].participants.add(auditor)
    _, cal = feed_of(client, auditor)
    assert set(events(cal)) == {f"action-{data['shared'].uuid}@kokybe"}  # no milestones: not an insider
    membership = cast.memberships[Role.EXTERNAL_AUDITOR]
    membership.access_until = data["today"] - timedelta(days=1)
    membership.save()
    feed = CalendarFeed.objects.get(user=auditor)
    assert events(Calendar.from_ical(client.get(reverse("me:ical", args=[feed.token])).content)) == {}


def test_milestones_of_every_organisation_of_the_person(client, cast, data):
    Membership.objects.create(org=cast.beta, user=cast.rasa, role=Role.VIEWER)
    _, cal = feed_of(client, cast.rasa)
    assert "Betos auditas · Beta" in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_regenerate_replaces_the_address_and_revoke_ends_it(client, cast):
    client.force_login(cast.rasa)
    page = reverse("me:calendar_feed")
    assert "Sukurti mano kalendoriaus adresą" in client.get(page).content.decode()
    assert client.post(reverse("me:calendar_feed_regenerate")).status_code == 302
    first = CalendarFeed.objects.active().get(user=cast.rasa)
    assert first.token in client.get(page).content.decode()
    client.post(reverse("me:calendar_feed_regenerate"))
    second = CalendarFeed.objects.active().get(user=cast.rasa)
    assert second.token != first.token
    assert client.get(reverse("me:ical", args=[first.token])).status_code == 404
    assert client.get(reverse("me:ical", args=[second.token])).status_code == 200
    client.post(reverse("me:calendar_feed_revoke"))
    assert not CalendarFeed.objects.active().filter(user=cast.rasa).exists()
    assert client.get(reverse("me:ical", args=[second.token])).status_code == 404


def test_feed_page_needs_a_login(client):
    response = client.get(reverse("me:calendar_feed"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_feed_query_count_does_not_grow(client, cast):
    from kokybe.test import assert_constant_queries

    feed = CalendarFeed.objects.create(user=cast.rasa)
    url = reverse("me:ical", args=[feed.token])
    today = timezone.localdate()

    def grow(n):
        for i in range(ImprovementAction.objects.count(), n):
            ImprovementAction.objects.create(
                org=cast.alfa, number=i + 1, title=f"A{i}", owner=cast.rasa, due_date=today + timedelta(days=i % 30)
            )
        Milestone.objects.bulk_create(
            Milestone(org=cast.alfa, title=f"M{i}", start_date=today + timedelta(days=i % 60))
            for i in range(Milestone.objects.count(), n)
        )

    assert_constant_queries(lambda: client.get(url).status_code == 200 or pytest.fail(), grow)
