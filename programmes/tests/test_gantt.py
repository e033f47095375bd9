"""The Gantt view of a wave: planned against actual milestone dates per provider, drawn on the server with the same
dates as a table, 25 providers a page, the same number of queries for a few providers as for many."""

from datetime import date

import pytest
from django.urls import reverse

from kokybe.test import assert_constant_queries, client_for
from orgs.models import Organisation
from programmes.models import Milestone, ProgrammeParticipation, Wave
from programmes.pages import GANTT_PER_PAGE
from programmes.services import milestones_instantiate

from .factories import cast_programme, cast_wave

pytestmark = pytest.mark.django_db


def _url(cast, wave=None):
    return reverse("programmes:gantt", args=[cast_programme(cast).pk, (wave or cast_wave(cast)).pk])


def test_planned_and_reached_dates_of_the_waves_providers(cast):
    wave = cast_wave(cast)
    Milestone.objects.filter(participation__org=cast.beta, step__code="contract").update(done_on=date(2019, 1, 11))
    Milestone.objects.filter(participation__org=cast.beta, step__code="managers-training").update(
        done_on=date(2019, 4, 2)  # planned 2019-02-11: reached late
    )
    response = client_for(cast.jonas, language="en").get(_url(cast))
    assert response.status_code == 200
    rows = {row.participation.org: row for row in response.context["rows"]}
    assert set(rows) == {cast.alfa, cast.beta}
    beta = rows[cast.beta]
    assert (beta.reached, len(beta.marks)) == (2, 14)
    training = next(m for m in beta.marks if m.step.code == "managers-training")
    assert training.light == "done_late" and training.planned_x < training.done_x == training.end_x
    # Every milestone planned before today and not reached is late, with a bar to today.
    late = [m for m in beta.marks if m.light == "late"]
    assert late and all(m.end_x == response.context["axis"].today_x for m in late)
    text = response.text
    assert f'aria-label="{cast.beta.name}: 2 of 14 milestones reached, {beta.late} late"' in text
    assert "2019-02-11" in text and "<strong>2019-04-02</strong>" in text  # the table alternative
    assert "<script" not in text.split("<main")[-1]  # drawn on the server
    other = Wave.objects.create(programme=wave.programme, name="Antroji banga")
    assert client_for(cast.jonas).get(_url(cast, other)).context["axis"] is None


def test_roles_the_consultant_sees_only_assigned_the_funder_none_others_nothing(cast):
    url = _url(cast)
    consultant = client_for(cast.extra["programme_consultant"]).get(url)
    assert [row.participation.org for row in consultant.context["rows"]] == [cast.beta]
    assert client_for(cast.extra["programme_funder"]).get(url).status_code == 403
    assert client_for(cast.ona).get(url).status_code == 404  # a provider's director has no programme role


def test_a_wave_of_another_programme_is_not_found(cast):
    from .factories import make_programme

    other = make_programme(cast.beta, code="OTHER-1", coordinators=[cast.jonas])
    foreign = Wave.objects.create(programme=other, name="Svetima")
    url = reverse("programmes:gantt", args=[cast_programme(cast).pk, foreign.pk])
    assert client_for(cast.jonas).get(url).status_code == 404


def _grow(cast, wave):
    programme = wave.programme

    def grow(n):
        have = programme.participations.filter(wave=wave).count()
        for i in range(have, n):
            org = Organisation.objects.create(name=f"Teikėjas {i:03}", slug=f"teikejas-{i:03}")
            ProgrammeParticipation.objects.create(
                programme=programme, org=org, wave=wave, joined_on=date(2019, 1, 11), contract_date=date(2019, 1, 11)
            )
        milestones_instantiate(programme.participations.select_related("programme"))

    return grow


def test_paged_and_constant_in_queries(cast):
    wave = cast_wave(cast)
    client = client_for(cast.jonas)
    url = _url(cast)

    def render():
        assert client.get(url).status_code == 200

    assert_constant_queries(render, _grow(cast, wave), small=5, large=60)
    last = client.get(url, {"page": 3})
    assert len(last.context["rows"]) == 60 - 2 * GANTT_PER_PAGE
