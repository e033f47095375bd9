"""Consultant visits and programme trainings: recorded by the programme's coordinator or consultant, attendance per
provider, the milestone the event stands for marked reached, shown on the provider's own programme page."""

from datetime import date

import pytest
from django.urls import reverse

from kokybe.test import assert_constant_queries, client_for, url
from orgs.models import Organisation
from programmes import services
from programmes.models import EventAttendance, Milestone, ProgrammeEvent, ProgrammeParticipation

from .factories import cast_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    programme = cast_programme(cast)
    services.milestones_instantiate(programme.participations.select_related("programme"))
    return programme


def _step(programme, code):
    return programme.milestone_template.steps.get(code=code)


def test_a_consultants_visit_marks_the_visit_milestone_reached(cast, programme):
    consultant = cast.extra["programme_consultant"]
    beta = programme.participations.get(org=cast.beta)
    response = client_for(consultant).post(
        reverse("programmes:event_create", args=[programme.pk]),
        {
            "kind": "visit",
            "title": "Įvadinis vizitas",
            "on": "2019-04-11",
            "hours": "3",
            "step": _step(programme, "consultant-visit").pk,
            "participation": beta.pk,
            "attendees": "Petras Petraitis\npetras@beta.test",
            "agenda": "Kokybės sistemos diegimo planas",
        },
    )
    assert response.status_code == 302
    event = ProgrammeEvent.objects.get()
    assert (event.kind, event.recorded_by, event.hours) == ("visit", consultant, 3)
    attendance = EventAttendance.objects.get(event=event)
    assert (attendance.participation, attendance.count) == (beta, 2)
    visit = Milestone.objects.get(participation=beta, step__code="consultant-visit")
    assert visit.done_on == date(2019, 4, 11)
    alfa_visit = Milestone.objects.get(participation__org=cast.alfa, step__code="consultant-visit")
    assert alfa_visit.done_on is None


def test_a_visit_needs_the_provider_visited(cast, programme):
    response = client_for(cast.jonas).post(
        reverse("programmes:event_create", args=[programme.pk]),
        {"kind": "visit", "title": "Vizitas", "on": "2019-04-11"},
    )
    assert response.status_code == 400
    assert "Pasirinkite aplankytą paslaugų teikėją." in response.text
    assert not ProgrammeEvent.objects.exists()


def test_a_consultant_records_only_the_providers_assigned_to_them(cast, programme):
    consultant = cast.extra["programme_consultant"]
    alfa = programme.participations.get(org=cast.alfa)  # assigned to nobody
    response = client_for(consultant).post(
        reverse("programmes:event_create", args=[programme.pk]),
        {"kind": "visit", "title": "Vizitas", "on": "2019-04-11", "participation": alfa.pk},
    )
    assert response.status_code == 400
    assert not ProgrammeEvent.objects.exists()


def test_training_attendance_per_provider_and_its_milestone(cast, programme):
    training = services.event_create(
        programme=programme,
        fields={
            "kind": "training",
            "title": "Vadovų mokymai",
            "on": date(2019, 2, 7),
            "hours": 6,
            "step": _step(programme, "managers-training"),
        },
        by=cast.jonas,
    )
    client = client_for(cast.jonas)
    detail = reverse("programmes:event", args=[programme.pk, training.pk])
    for org, lines in ((cast.alfa, "Ona Onaitytė\nJonas Jonaitis"), (cast.beta, "Petras Petraitis")):
        participation = programme.participations.get(org=org)
        assert client.post(detail, {"participation": participation.pk, "attendees": lines}).status_code == 302
    # Recording it again replaces what was recorded.
    beta = programme.participations.get(org=cast.beta)
    client.post(detail, {"participation": beta.pk, "attendees": "Petras Petraitis", "count": "3"})
    assert EventAttendance.objects.get(event=training, participation=beta).count == 3
    assert EventAttendance.objects.filter(event=training).count() == 2
    reached = Milestone.objects.filter(participation__programme=programme, step__code="managers-training")
    assert set(reached.values_list("done_on", flat=True)) == {date(2019, 2, 7)}
    page = client.get(reverse("programmes:events", args=[programme.pk]))
    assert "Vadovų mokymai" in page.text
    assert client.get(detail).status_code == 200


def test_the_consultant_sees_visits_to_their_providers_and_every_training(cast, programme):
    alfa = programme.participations.get(org=cast.alfa)
    services.event_create(
        programme=programme,
        fields={"kind": "visit", "title": "Vizitas Alfoje", "on": date(2019, 4, 1)},
        participation=alfa,
        by=cast.jonas,
    )
    training = services.event_create(
        programme=programme, fields={"kind": "training", "title": "Mokymai", "on": date(2019, 2, 7)}, by=cast.jonas
    )
    services.event_attendance_set(event=training, participation=alfa, attendees="Ona", count=1, by=cast.jonas)
    consultant = client_for(cast.extra["programme_consultant"])
    page = consultant.get(reverse("programmes:events", args=[programme.pk]))
    assert "Mokymai" in page.text and "Vizitas Alfoje" not in page.text
    detail = consultant.get(reverse("programmes:event", args=[programme.pk, training.pk]))
    assert "Ona" not in detail.text.split('id="attendance-title"')[1].split("attendance-form-title")[0]
    visit = ProgrammeEvent.objects.get(title="Vizitas Alfoje")
    assert consultant.get(reverse("programmes:event", args=[programme.pk, visit.pk])).status_code == 404
    assert (
        client_for(cast.extra["programme_funder"]).get(reverse("programmes:events", args=[programme.pk])).status_code
        == 403
    )


def test_the_provider_sees_its_visits_and_trainings_on_its_timeline(cast, programme):
    beta = programme.participations.get(org=cast.beta)
    services.event_create(
        programme=programme,
        fields={"kind": "visit", "title": "Įvadinis vizitas", "on": date(2019, 4, 11), "hours": 2},
        participation=beta,
        attendees="Petras Petraitis",
        by=cast.jonas,
    )
    page = client_for(cast.petras).get(url("programmes_org:seen", cast.beta))
    assert "Įvadinis vizitas" in page.text
    assert "Konsultanto vizitas" in page.text
    other = client_for(cast.ona).get(url("programmes_org:seen", cast.alfa))
    assert "Įvadinis vizitas" not in other.text


def test_events_list_query_count_is_the_same_for_10_and_100(cast, programme):
    client = client_for(cast.jonas)
    page_url = reverse("programmes:events", args=[programme.pk])

    def grow(n):
        have = programme.events.count()
        events = ProgrammeEvent.objects.bulk_create(
            ProgrammeEvent(programme=programme, kind="training", title=f"Mokymai {i}", on=date(2020, 1, 1))
            for i in range(have, n)
        )
        EventAttendance.objects.bulk_create(
            EventAttendance(event=e, participation=p, count=2) for e in events for p in programme.participations.all()
        )

    def render():
        assert client.get(page_url).status_code == 200

    assert_constant_queries(render, grow, small=10, large=100)


def test_timeline_query_count_does_not_grow_with_events(cast, programme):
    beta = programme.participations.get(org=cast.beta)
    client = client_for(cast.petras)
    page_url = url("programmes_org:seen", cast.beta)

    def grow(n):
        have = EventAttendance.objects.filter(participation=beta).count()
        events = ProgrammeEvent.objects.bulk_create(
            ProgrammeEvent(programme=programme, kind="training", title=f"M {i}", on=date(2020, 1, 1))
            for i in range(have, n)
        )
        EventAttendance.objects.bulk_create(EventAttendance(event=e, participation=beta, count=1) for e in events)

    def render():
        assert client.get(page_url).status_code == 200

    assert_constant_queries(render, grow, small=5, large=40)
    assert Organisation.objects.count() >= 2 and ProgrammeParticipation.objects.count() == 2
