"""Who learns what about a restricted case, for every role of Alfa, the lead, a named person, a programme coordinator
and an outsider: through every page of the app, the shared pages, notifications, mail and the activity log."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from kokybe.test import client_for
from orgs.roles import Role
from safeguarding import services
from safeguarding.models import CaseRead, Event

from .conftest import FACTS, OPINION, PLACE

NOT_NAMED = [
    Role.DIRECTOR,
    Role.COORDINATOR,
    Role.STAFF,  # Rasa is the recorder: she is checked apart
    Role.CONSULTANT,
    Role.INTERNAL_AUDITOR,
    Role.EXTERNAL_AUDITOR,
    Role.VIEWER,
]


def _secrets(event):
    return [FACTS, OPINION, PLACE, event.service_user.reference, "Physical violence", "Fizinis smurtas", "stumdė"]


def _shared_pages(cast):
    slug = cast.alfa.slug
    return [
        reverse("orgs:dashboard", args=[slug]),
        reverse("orgs:activity", args=[slug]),
        reverse("work:calendar", args=[slug]),
        reverse("work:calendar_list", args=[slug]),
        reverse("me:work"),
        reverse("me:notifications"),
        reverse("safeguarding:list", args=[slug]),
        reverse("safeguarding:figures", args=[slug]),
        reverse("actions:plan", args=[slug]),
        "/",
    ]


def _case_pages(cast, event):
    slug = cast.alfa.slug
    return [
        reverse("safeguarding:detail", args=[slug, event.uuid]),
        reverse("safeguarding:handling", args=[slug, event.uuid]),
        reverse("safeguarding:person", args=[slug, event.service_user.uuid]),
        reverse("safeguarding:break_glass", args=[slug, event.uuid]),
    ]


TYPE_LABELS = ("Physical violence", "Fizinis smurtas")


def _leaks(client, urls, secrets):
    found = []
    for url in urls:
        response = client.get(url)
        text = response.content.decode(errors="replace")
        # The figures page lists every type, with or without events: its labels tell nothing.
        checked = [s for s in secrets if not (url.endswith("/figures/") and s in TYPE_LABELS)]
        found += [(url, secret) for secret in checked if secret in text]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_NAMED)
def test_a_member_who_is_not_named_learns_nothing_of_the_case(cast, event, role):
    user = cast.users[role]
    client = client_for(user)
    secrets = _secrets(event)
    if role == Role.STAFF:
        # The recorder sees her own record, and nothing the leads add.
        services.entry_add(event=event, by=cast.users[Role.UNIT_HEAD], text="Pokalbis su VVTAĮT specialiste")
        page = client.get(reverse("safeguarding:detail", args=[cast.alfa.slug, event.uuid]))
        assert page.status_code == 200 and FACTS in page.content.decode()
        assert "Pokalbis su VVTAĮT" not in page.content.decode()
        assert _leaks(client, _shared_pages(cast), ["Pokalbis su VVTAĮT"]) == []
        return
    assert _leaks(client, _shared_pages(cast) + _case_pages(cast, event), secrets) == []
    detail = client.get(reverse("safeguarding:detail", args=[cast.alfa.slug, event.uuid]))
    assert detail.status_code in (403, 404)
    assert not Event.objects.visible_to(user, cast.alfa).exists()
    assert not CaseRead.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_the_lead_sees_the_case_and_each_read_is_logged(cast, event, lead):
    client = client_for(lead)
    page = client.get(reverse("safeguarding:detail", args=[cast.alfa.slug, event.uuid]))
    text = page.content.decode()
    assert FACTS in text and OPINION in text and event.service_user.reference in text
    assert CaseRead.objects.filter(event=event, user=lead, how="read").count() == 1
    client.get(reverse("safeguarding:detail", args=[cast.alfa.slug, event.uuid]))
    assert CaseRead.objects.filter(event=event, user=lead).count() == 2
    assert (
        "Ugnė Ugnytė" in client.get(reverse("safeguarding:detail", args=[cast.alfa.slug, event.uuid])).content.decode()
    )


@pytest.mark.django_db
def test_a_person_added_by_name_sees_that_case_only(cast, event, lead, child):
    other = services.event_record(
        org=cast.alfa,
        by=lead,
        type="neglect",
        happened_at=event.happened_at,
        aware_at=event.aware_at,
        age_group="adult",
        facts="Kitas atvejis su kitu žmogumi",
    )
    services.member_add(event=event, user=cast.jonas, by=lead)
    client = client_for(cast.jonas)
    assert FACTS in client.get(event.get_absolute_url()).content.decode()
    assert client.get(other.get_absolute_url()).status_code == 403
    listing = client.get(reverse("safeguarding:list", args=[cast.alfa.slug])).content.decode()
    assert str(event) in listing and "Kitas atvejis" not in listing and str(other) not in listing
    assert list(Event.objects.visible_to(cast.jonas, cast.alfa)) == [event]


@pytest.mark.django_db
def test_the_outsider_and_a_programme_coordinator_get_nothing(cast, event):
    from programmes.models import Programme, ProgrammeParticipation

    coordinator = cast.petras
    programme = Programme.objects.create(
        code="P-1", title="EQUASS diegimas", start=date(2026, 1, 1), coordinating_org=cast.beta
    )
    programme.coordinators.add(coordinator)
    ProgrammeParticipation.objects.create(programme=programme, org=cast.alfa, joined_on=date(2026, 1, 1))
    client = client_for(coordinator)
    for url in _case_pages(cast, event) + [reverse("safeguarding:list", args=[cast.alfa.slug])]:
        assert client.get(url).status_code == 404
    pages = [reverse("programmes:detail", args=[programme.pk]), reverse("me:work"), reverse("me:notifications"), "/"]
    assert _leaks(client, pages, _secrets(event) + [str(event)]) == []


@pytest.mark.django_db
def test_notifications_and_mail_carry_only_the_case_number(cast, lead, child, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from work.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_record(
            org=cast.alfa,
            by=cast.rasa,
            type="physical",
            happened_at=timezone.now(),
            aware_at=timezone.now(),
            place=PLACE,
            service_user=child,
            age_group="child",
            facts=FACTS,
            opinions=OPINION,
        )
        services.event_transition(event=event, to="assessing", reason="Vertiname", by=lead)
        services.alerts_send(now=event.aware_at.replace(year=event.aware_at.year + 1))
        services.break_glass(event=event, by=cast.ona, reason="Skundas ministerijai, reikia patikrinti")
    assert len(mail.outbox) == 5  # recorded, three overdue alerts (a year on), break-glass
    texts = [m.subject + m.body for m in mail.outbox] + [
        n.target_title + n.target_url for n in Notification.objects.all()
    ]
    assert texts
    for text in texts:
        for secret in _secrets(event):
            assert secret not in text
    assert {m.to[0] for m in mail.outbox} == {lead.email}


@pytest.mark.django_db
def test_break_glass_opens_the_case_for_the_director_and_tells_the_lead(cast, event, lead):
    from work.models import Notification

    client = client_for(cast.ona)
    url = event.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 403 and "break-glass" in page.content.decode().lower()
    glass = reverse("safeguarding:break_glass", args=[cast.alfa.slug, event.uuid])
    refused = client.post(glass, {"reason": "  "})
    assert refused.status_code == 400 and not event.members.exists()
    assert client.post(glass, {"reason": "Policija prašo duomenų"}).status_code == 302
    assert FACTS in client.get(url).content.decode()
    assert Notification.objects.filter(user=lead, verb=services.BREAK_GLASS).exists()
    assert CaseRead.objects.filter(event=event, user=cast.ona, how="break_glass").exists()
    assert "Policija prašo duomenų" in client_for(lead).get(url).content.decode()
    # The coordinator has no break-glass.
    assert client_for(cast.jonas).get(glass).status_code == 403


@pytest.mark.django_db
def test_a_break_glass_open_ends(cast, event):
    from django.utils import timezone

    services.break_glass(event=event, by=cast.ona, reason="Būtina")
    event.members.update(until=timezone.now())
    assert not Event.objects.visible_to(cast.ona, cast.alfa).exists()
