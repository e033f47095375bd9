"""Rounds pushed to many providers: a draft self-assessment in each chosen provider, progress, reminders, My work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.tests.factories import make_version
from kokybe.test import client_for
from programmes import rounds
from programmes.models import ProgrammeParticipation, ProgrammeRound, Wave

from .factories import cast_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(db):
    return make_version()  # shared (org None): offered to every provider


def _push(cast, version, **filters):
    programme = cast_programme(cast)
    due = timezone.localdate() + timedelta(days=30)
    data = {"what": f"self_assessment:{version.pk}", "title": "Įsivertinimas 2027", "due_date": due.isoformat()}
    return client_for(cast.jonas).post(reverse("programmes:rounds", args=[programme.pk]), {**data, **filters})


def test_coordinator_pushes_a_draft_cycle_to_the_filtered_providers(cast, version):
    programme = cast_programme(cast)
    wave = Wave.objects.create(programme=programme, name="1 banga")
    ProgrammeParticipation.objects.filter(org=cast.beta).update(wave=wave)
    response = _push(cast, version, wave=wave.pk)
    programme_round = ProgrammeRound.objects.get()
    assert response["Location"] == reverse("programmes:round", args=[programme.pk, programme_round.pk])
    [cycle] = Assessment.objects.all()
    assert (cycle.org, cycle.status, cycle.version, cycle.due_date) == (
        cast.beta,
        "draft",
        version,
        programme_round.due_date,
    )
    assert cycle.answers.count() == version.indicators.count() > 0


def test_progress_and_reminders_reach_the_managers_who_have_not_submitted(
    cast, version, mailoutbox, django_capture_on_commit_callbacks
):
    programme = cast_programme(cast)
    _push(cast, version)
    programme_round = ProgrammeRound.objects.get()
    alfa_cycle = Assessment.objects.get(org=cast.alfa)
    Assessment.objects.filter(pk=alfa_cycle.pk).update(status="completed")
    states = {
        item.participation.org: state for item, state in rounds.round_progress(programme_round, timezone.localdate())
    }
    assert states == {cast.alfa: "submitted", cast.beta: "not_started"}
    late = rounds.round_progress(programme_round, programme_round.due_date + timedelta(days=1))
    assert {item.participation.org: state for item, state in late}[cast.beta] == "overdue"
    cast.petras.language = "en"
    cast.petras.save()
    url = reverse("programmes:round_remind", args=[programme.pk, programme_round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.jonas).post(url)
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["petras@beta.test"]]  # Alfa submitted: no mail there
    assert "is due on" in mailoutbox[0].subject  # Petras reads English
    assert programme_round.items.get(participation__org=cast.beta).reminded_on == timezone.localdate()


def test_the_item_is_on_the_providers_my_work_until_submitted(cast, version):
    _push(cast, version)
    client = client_for(cast.ona)
    response = client.get(reverse("me:work"))
    assert "Įsivertinimas 2027" in response.text
    Assessment.objects.filter(org=cast.alfa).update(status="completed")
    assert "Įsivertinimas 2027" not in client.get(reverse("me:work")).text


def test_only_the_coordinator_sends_rounds_and_reminders(cast, version):
    programme = cast_programme(cast)
    consultant, funder = cast.extra["programme_consultant"], cast.extra["programme_funder"]
    url = reverse("programmes:rounds", args=[programme.pk])
    assert client_for(consultant).get(url).status_code == 200
    assert client_for(consultant).post(url, {"what": f"self_assessment:{version.pk}"}).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    assert not Assessment.objects.exists()


def test_a_due_date_in_the_past_is_refused_and_nothing_is_sent(cast, version):
    programme = cast_programme(cast)
    data = {"what": f"self_assessment:{version.pk}", "title": "X", "due_date": "2020-01-01"}
    response = client_for(cast.jonas).post(reverse("programmes:rounds", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "Terminas negali būti praeityje." in response.text
    assert not Assessment.objects.exists() and not ProgrammeRound.objects.exists()


def test_round_progress_is_paged_and_narrowed_to_a_state(cast):
    from datetime import date

    from orgs.models import Organisation
    from programmes.models import RoundItem

    from .factories import cast_round

    programme_round = cast_round(cast)
    programme = programme_round.programme
    orgs = Organisation.objects.bulk_create(Organisation(name=f"Centras {i:03d}", slug=f"c-{i}") for i in range(80))
    parts = ProgrammeParticipation.objects.bulk_create(
        ProgrammeParticipation(programme=programme, org=org, joined_on=date(2024, 1, 1)) for org in orgs
    )
    RoundItem.objects.bulk_create(RoundItem(round=programme_round, participation=p, reference="0") for p in parts)
    client = client_for(cast.jonas)
    url = reverse("programmes:round", args=[programme.pk, programme_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.text.count('<th scope="row">') == 50
    assert "Nepradėta: <strong>81</strong>" in page.text  # the counts are over every provider
    second = client.get(url, {"page": 2})
    assert second.text.count('<th scope="row">') == 31
    assert client.get(url, {"state": "submitted"}).text.count('<th scope="row">') == 0
