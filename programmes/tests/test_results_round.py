"""Campaigns from the board's filtered set of providers: a results round (values of chosen KPI definitions for a
period, answered in each provider's own results and shared only where it ticks) and an impact study preselected by
the board's filter."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kokybe.test import client_for, make_user
from orgs.models import Membership, Organisation
from orgs.roles import Role
from programmes import rounds
from programmes.models import ProgrammeParticipation, ProgrammeRound, Wave
from results.models import Indicator, Request, Value
from results.requests import offered_periods, request_save, request_submit
from results.tests.factories import definition

from .factories import cast_programme

pytestmark = pytest.mark.django_db

TURNOVER = "staff-turnover"


def _other_code():
    from results.models import Definition

    return Definition.objects.filter(org__isnull=True).exclude(code=TURNOVER).order_by("code").first().code


def _period():
    return offered_periods(timezone.localdate())[0][0]  # the last complete year


def _push(cast, *, picks, **filters):
    programme = cast_programme(cast)
    due = timezone.localdate() + timedelta(days=30)
    data = {
        "what": f"results:{_period()}",
        "picks": [f"results:{code}" for code in picks],
        "title": "Rezultatai programai",
        "due_date": due.isoformat(),
    }
    return client_for(cast.jonas, language="en").post(
        reverse("programmes:rounds", args=[programme.pk]), {**data, **filters}
    )


def test_coordinator_pushes_a_results_round_to_the_boards_filtered_providers(cast):
    programme = cast_programme(cast)
    wave = Wave.objects.create(programme=programme, name="1 banga")
    ProgrammeParticipation.objects.filter(org=cast.beta).update(wave=wave)
    board = client_for(cast.jonas, language="en").get(
        reverse("programmes:board", args=[programme.pk]), {"wave": wave.pk}
    )
    link = reverse("programmes:rounds", args=[programme.pk]) + f"?wave={wave.pk}"
    assert link in board.text  # the board hands its filter over to the round
    response = _push(cast, picks=[TURNOVER, _other_code()], wave=wave.pk)
    programme_round = ProgrammeRound.objects.get()
    assert response["Location"] == reverse("programmes:round", args=[programme.pk, programme_round.pk])
    [request] = Request.objects.all()
    assert (request.org, request.period, request.due_date) == (cast.beta, _period(), programme_round.due_date)
    assert sorted(request.definitions.values_list("code", flat=True)) == sorted([TURNOVER, _other_code()])
    assert programme_round.picks == [TURNOVER, _other_code()]
    assert definition(TURNOVER).name in programme_round.picks_label


def test_a_results_round_needs_at_least_one_definition_and_writes_nothing_without(cast):
    response = _push(cast, picks=[])
    assert response.status_code == 200
    assert "Choose at least one of the offered items." in response.text
    assert not ProgrammeRound.objects.exists() and not Request.objects.exists()


def test_no_results_round_where_participants_do_not_share_results(cast):
    programme = cast_programme(cast)
    programme.shares_results = False
    programme.save()
    page = client_for(cast.jonas, language="en").get(reverse("programmes:rounds", args=[programme.pk]))
    assert f"results:{_period()}" not in page.text
    response = _push(cast, picks=[TURNOVER])
    assert response.status_code == 200
    assert not Request.objects.exists()


def test_the_provider_answers_in_its_own_results_and_shares_only_what_it_ticks(cast):
    programme = cast_programme(cast)
    _push(cast, picks=[TURNOVER, _other_code()])
    programme_round = ProgrammeRound.objects.get()
    beta_request = Request.objects.get(org=cast.beta)
    url = reverse("results:request", args=[cast.beta.slug, beta_request.pk])
    petras = client_for(cast.petras, language="en")
    turnover, other = definition(TURNOVER), definition(_other_code())

    def states():
        return {i.participation.org: s for i, s in rounds.round_progress(programme_round, timezone.localdate())}

    assert states()[cast.beta] == "not_started"
    response = petras.post(url, {"action": "save", f"value_{turnover.pk}": "12.5", f"value_{other.pk}": "987.65"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(org=cast.beta, definition=turnover)  # set up where Beta measured none
    assert Value.objects.get(indicator=indicator, period=_period()).value == Decimal("12.5")
    assert states()[cast.beta] == "in_progress"
    petras.post(url, {"action": "submit", f"value_{turnover.pk}": "12.5", f"share_{turnover.pk}": "on"})
    beta_request.refresh_from_db()
    assert beta_request.is_submitted
    assert [row["code"] for row in beta_request.shared] == [TURNOVER]  # 987.65 stays in Beta's own results
    assert states() == {cast.alfa: "not_started", cast.beta: "submitted"}
    late = rounds.round_progress(programme_round, programme_round.due_date + timedelta(days=1))
    assert {i.participation.org: s for i, s in late} == {cast.alfa: "overdue", cast.beta: "submitted"}
    # One provider's figure is never shown: the group is under 5.
    page = client_for(cast.jonas, language="en").get(
        reverse("programmes:round", args=[programme.pk, programme_round.pk])
    )
    assert "Hidden: fewer than 5 providers." in page.text
    assert "12.5" not in page.text and "12,5" not in page.text and "987" not in page.text


def test_sharing_a_value_not_entered_is_refused_and_writes_nothing(cast):
    _push(cast, picks=[TURNOVER, _other_code()])
    beta_request = Request.objects.get(org=cast.beta)
    turnover, other = definition(TURNOVER), definition(_other_code())
    url = reverse("results:request", args=[cast.beta.slug, beta_request.pk])
    response = client_for(cast.petras, language="en").post(
        url, {"action": "submit", f"value_{turnover.pk}": "7", f"share_{other.pk}": "on"}
    )
    assert response.status_code == 200
    assert "enter it, or do not share it" in response.text
    beta_request.refresh_from_db()
    assert not beta_request.is_submitted and beta_request.saved_at is None
    assert not Value.objects.filter(org=cast.beta).exists()


def test_the_request_is_on_the_providers_my_work_until_submitted(cast):
    _push(cast, picks=[TURNOVER])
    client = client_for(cast.petras, language="en")
    work = client.get(reverse("me:work"))
    beta_request = Request.objects.get(org=cast.beta)
    assert reverse("results:request", args=[cast.beta.slug, beta_request.pk]) in work.text
    request_submit(request=beta_request, share=set(), by=cast.petras)
    assert "Rezultatai programai" not in client.get(reverse("me:work")).text


def test_reminders_of_a_results_round_reach_only_those_who_have_not_submitted(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    programme = cast_programme(cast)
    _push(cast, picks=[TURNOVER])
    programme_round = ProgrammeRound.objects.get()
    request_submit(request=Request.objects.get(org=cast.alfa), share=set(), by=cast.ona)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.jonas, language="en").post(
            reverse("programmes:round_remind", args=[programme.pk, programme_round.pk])
        )
    assert [m.to for m in mailoutbox] == [["petras@beta.test"]]
    assert f"/o/beta/results/requests/{Request.objects.get(org=cast.beta).pk}/" in mailoutbox[0].body


def _many_providers(programme, n):
    orgs = []
    for i in range(n):
        org = Organisation.objects.create(name=f"Teikėjas {i}", slug=f"teikejas-{i}")
        director = make_user(f"vadovas{i}@teikejas.test", f"Vadovas {i}")
        Membership.objects.create(org=org, user=director, role=Role.DIRECTOR)
        ProgrammeParticipation.objects.create(programme=programme, org=org, joined_on=date(2019, 1, 11))
        orgs.append((org, director))
    return orgs


def test_shared_values_appear_only_as_a_distribution_of_five_or_more(cast):
    programme = cast_programme(cast)
    providers = _many_providers(programme, 5)
    _push(cast, picks=[TURNOVER])
    programme_round = ProgrammeRound.objects.get()
    turnover = definition(TURNOVER)
    for i, (org, director) in enumerate(providers):
        request = Request.objects.get(org=org)
        request_save(request=request, values={turnover.pk: Decimal(10 + i)}, by=director)
        # The fifth enters a value and keeps it to itself: four shared values stay hidden.
        request_submit(request=request, share={turnover.pk} if i < 4 else set(), by=director)
    figures = rounds.round_figures(programme_round, list(programme_round.items.all()))
    assert [(f.n, f.suppressed, f.median) for f in figures] == [(4, True, None)]
    beta_request = Request.objects.get(org=cast.beta)
    request_save(request=beta_request, values={turnover.pk: Decimal(30)}, by=cast.petras)
    request_submit(request=beta_request, share={turnover.pk}, by=cast.petras)
    [figure] = rounds.round_figures(programme_round, list(programme_round.items.all()))
    assert (figure.n, figure.suppressed, figure.median) == (5, False, 12.0)  # 10, 11, 12, 13, 30
    page = client_for(cast.jonas, language="en").get(
        reverse("programmes:round", args=[programme.pk, programme_round.pk])
    )
    assert "Teikėjas 4" in page.text  # its state is listed…
    assert "14" not in page.text.split("Shared values")[-1]  # …but not the value it kept


def test_the_consultant_sees_figures_only_of_assigned_providers_and_the_funder_no_round(cast):
    programme = cast_programme(cast)
    _push(cast, picks=[TURNOVER])
    programme_round = ProgrammeRound.objects.get()
    url = reverse("programmes:round", args=[programme.pk, programme_round.pk])
    consultant = client_for(cast.extra["programme_consultant"]).get(url)
    assert consultant.status_code == 200
    assert cast.beta.name in consultant.text and cast.alfa.name not in consultant.text
    assert client_for(cast.extra["programme_funder"]).get(url).status_code == 403
    # A programme role is no member: the provider's request page stays closed to it.
    beta_request = Request.objects.get(org=cast.beta)
    answer = reverse("results:request", args=[cast.beta.slug, beta_request.pk])
    assert client_for(cast.jonas, language="en").get(answer).status_code == 404
    assert client_for(cast.extra["programme_consultant"]).get(answer).status_code == 404


def test_an_impact_study_from_the_board_preselects_the_filtered_providers(cast):
    programme = cast_programme(cast)
    wave = Wave.objects.create(programme=programme, name="1 banga")
    ProgrammeParticipation.objects.filter(org=cast.beta).update(wave=wave)
    board = client_for(cast.jonas, language="en").get(
        reverse("programmes:board", args=[programme.pk]), {"wave": wave.pk}
    )
    link = reverse("surveys_programme:create", args=[programme.pk]) + f"?wave={wave.pk}"
    assert link in board.text
    response = client_for(cast.jonas, language="en").get(link)
    assert response.status_code == 200
    assert [org.pk for org in response.context["form"].initial["orgs"]] == [cast.beta.pk]
    unfiltered = client_for(cast.jonas, language="en").get(reverse("surveys_programme:create", args=[programme.pk]))
    assert {org.pk for org in unfiltered.context["form"].initial["orgs"]} == {cast.alfa.pk, cast.beta.pk}


def test_the_funder_viewer_sees_shared_results_only_as_a_distribution_in_benchmarks(cast):
    programme = cast_programme(cast)
    providers = _many_providers(programme, 5)
    _push(cast, picks=[TURNOVER])
    turnover = definition(TURNOVER)
    for i, (org, director) in enumerate(providers):
        request = Request.objects.get(org=org)
        request_save(request=request, values={turnover.pk: Decimal(20 + i)}, by=director)
        request_submit(request=request, share={turnover.pk}, by=director)
    url = reverse("programmes:benchmarks", args=[programme.pk])
    page = client_for(cast.extra["programme_funder"], language="en").get(url)
    assert "Shared results: Rezultatai programai" in page.text
    [row] = page.context["groups"][-1][1]
    assert (row.n, row.median) == (5, 22.0)
    assert "Teikėjas" not in page.text  # no provider is named
    programme.shares_results = False
    programme.save()
    page = client_for(cast.extra["programme_funder"], language="en").get(url)
    assert "Shared results" not in page.text
