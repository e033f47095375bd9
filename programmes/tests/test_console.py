"""The programme console: who opens what, the milestone board, milestones filled from providers' records."""

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kokybe.test import assert_constant_queries, client_for, count_queries, make_user
from kokybe.tests.test_grid import ROUTES, _isolated, _request, _url
from orgs.models import Organisation
from programmes import services
from programmes.models import Milestone, ProgrammeParticipation, Wave

from .factories import cast_programme

pytestmark = pytest.mark.django_db

PROGRAMME_PAGES = [
    "programmes:detail",
    "programmes:board",
    "programmes:board_export",
    "programmes:indicators",
    "programmes:benchmarks",
    "programmes:report_xlsx",
    "programmes:report_pdf",
]
# Who opens which page: the coordinator everything, the consultant the steering pages, the funder the aggregates.
EXPECTED = {
    "coordinator": dict.fromkeys(PROGRAMME_PAGES, 200),
    "consultant": {
        **dict.fromkeys(PROGRAMME_PAGES, 403),
        "programmes:detail": 200,
        "programmes:board": 200,
        "programmes:board_export": 200,
    },
    "funder": {
        **dict.fromkeys(PROGRAMME_PAGES, 200),
        "programmes:board": 403,
        "programmes:board_export": 403,
    },
}


def _people(cast):
    cast_programme(cast)
    return {
        "coordinator": cast.jonas,
        "consultant": cast.extra["programme_consultant"],
        "funder": cast.extra["programme_funder"],
    }


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_programme_role_opens_only_its_pages(cast, role):
    programme = cast_programme(cast)
    client = client_for(_people(cast)[role])
    got = {name: client.get(reverse(name, args=[programme.pk])).status_code for name in PROGRAMME_PAGES}
    assert got == EXPECTED[role]


def test_only_the_coordinator_fills_milestones_and_rotates_the_key(cast):
    programme = cast_programme(cast)
    for role, user in _people(cast).items():
        client = client_for(user)
        for name in ("programmes:board_sync", "programmes:key_rotate"):
            status = client.post(reverse(name, args=[programme.pk])).status_code
            assert status == (302 if role == "coordinator" else 403), (role, name, status)


def test_someone_without_a_programme_role_gets_404(cast):
    programme = cast_programme(cast)
    client = client_for(cast.ona)  # Alfa's director: Alfa takes part, but she has no programme role
    for name in PROGRAMME_PAGES:
        assert client.get(reverse(name, args=[programme.pk])).status_code == 404


ORG_ROUTES = sorted(name for name, route in ROUTES.items() if route.access == "org")


@pytest.mark.parametrize("name", ORG_ROUTES)
def test_programme_roles_never_open_a_providers_own_pages(cast, name):
    """Every provider page of the grid, tried by the programme's consultant and funder viewer (whose programme Alfa
    takes part in): 404, as for any outsider."""
    people = _people(cast)
    route = ROUTES[name]
    url = _url(route, cast)
    for user in (people["consultant"], people["funder"]):
        client = client_for(user)
        status = _isolated(lambda c=client: _request(c, route, url, cast)).status_code
        assert status == 404, f"{user} {name}: {status}"


def test_consultant_sees_only_the_providers_assigned_to_them(cast):
    programme = cast_programme(cast)
    client = client_for(cast.extra["programme_consultant"])
    rows = client.get(reverse("programmes:board", args=[programme.pk])).context["rows"]
    assert [row.participation.org for row in rows] == [cast.beta]
    detail = client.get(reverse("programmes:detail", args=[programme.pk])).context["participations"]
    assert [p.org for p in detail] == [cast.beta]


def test_funder_sees_no_provider_names_on_the_overview(cast):
    programme = cast_programme(cast)
    response = client_for(cast.extra["programme_funder"]).get(reverse("programmes:detail", args=[programme.pk]))
    assert cast.beta.name not in response.text
    assert "2 organizacijos dalyvauja šioje programoje." in response.text


# ── Milestones ───────────────────────────────────────────────────────────────────────────────────────────────────


def _instantiate(programme):
    return services.milestones_instantiate(programme.participations.select_related("programme"))


def test_milestones_are_planned_from_the_contract(cast):
    programme = cast_programme(cast)
    ProgrammeParticipation.objects.filter(org=cast.beta).update(contract_date=date(2019, 1, 11))
    assert _instantiate(programme) == 2 * 14
    assert _instantiate(programme) == 0  # idempotent
    beta = Milestone.objects.filter(participation__org=cast.beta)
    assert beta.get(step__code="managers-training").planned_on == date(2019, 2, 11)
    assert beta.get(step__code="certificate").planned_on == date(2021, 5, 11)


def test_late_light_and_late_filter(cast):
    programme = cast_programme(cast)
    _instantiate(programme)
    today = timezone.localdate()
    # Alfa reached everything; Beta is late with one step.
    Milestone.objects.filter(participation__org=cast.alfa).update(planned_on=today, done_on=today)
    Milestone.objects.filter(participation__org=cast.beta).update(planned_on=today + timedelta(days=90))
    late = Milestone.objects.get(participation__org=cast.beta, step__code="contract")
    late.planned_on = today - timedelta(days=3)
    late.save()
    assert late.light(today) == Milestone.Light.LATE
    client = client_for(cast.jonas)
    url = reverse("programmes:board", args=[programme.pk])
    rows = client.get(url, {"late": "1"}).context["rows"]
    assert [(row.participation.org, row.late) for row in rows] == [(cast.beta, 1)]
    assert len(client.get(url).context["rows"]) == 2


def test_board_filters_by_wave_municipality_status_and_search(cast):
    programme = cast_programme(cast)
    wave = Wave.objects.create(programme=programme, name="Pilotinė banga")
    ProgrammeParticipation.objects.filter(org=cast.alfa).update(wave=wave, status="certified")
    client = client_for(cast.jonas)
    url = reverse("programmes:board", args=[programme.pk])

    def orgs(**params):
        return [row.participation.org for row in client.get(url, params).context["rows"]]

    assert orgs(wave=wave.pk) == [cast.alfa]
    assert orgs(municipality="Vilniaus m. sav.") == [cast.alfa]
    assert orgs(status="in_progress") == [cast.beta]
    assert orgs(q="bet") == [cast.beta]
    assert orgs(q="100000001") == [cast.alfa]


def test_board_htmx_gets_only_the_rows(cast):
    programme = cast_programme(cast)
    response = client_for(cast.jonas, **{"HX-Request": "true"}).get(reverse("programmes:board", args=[programme.pk]))
    assert response.text.lstrip().startswith('<div id="board-rows">')


def test_board_export_has_a_row_per_provider_and_a_column_per_milestone(cast):
    programme = cast_programme(cast)
    _instantiate(programme)
    response = client_for(cast.jonas).get(reverse("programmes:board_export", args=[programme.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert rows[0][0] == "Organizacija" and rows[0][-1] == "Sertifikato atnaujinimas"
    assert sorted(r[0] for r in rows[1:]) == sorted([cast.alfa.name, cast.beta.name])


def test_board_query_count_is_the_same_for_10_and_200_providers(cast):
    programme = cast_programme(cast)
    client = client_for(cast.jonas)
    url = reverse("programmes:board", args=[programme.pk])

    def grow(n):
        have = programme.participations.count()
        orgs = Organisation.objects.bulk_create(
            Organisation(name=f"Centras {i}", slug=f"centras-{i}", municipality="Utenos r. sav.")
            for i in range(have, n)
        )
        parts = ProgrammeParticipation.objects.bulk_create(
            ProgrammeParticipation(
                programme=programme, org=org, joined_on=date(2024, 1, 1), contract_date=date(2024, 1, 1)
            )
            for org in orgs
        )
        for p in parts:
            p.programme = programme
        services.milestones_instantiate(parts)

    def render():
        assert client.get(url, {"late": "1"}).status_code == 200
        assert client.get(url).status_code == 200

    small, large = assert_constant_queries(render, grow, small=10, large=200)
    export = reverse("programmes:board_export", args=[programme.pk])
    assert count_queries(lambda: client.get(export)) <= 12


def test_milestones_fill_themselves_from_the_providers_records(cast):
    from assessments.tests.factories import make_assessment
    from audits.models import Certificate
    from audits.tests.factories import make_audit

    programme = cast_programme(cast)
    ProgrammeParticipation.objects.filter(org=cast.alfa).update(contract_date=date(2019, 1, 11))
    _instantiate(programme)
    cycle = make_assessment(cast)
    type(cycle).objects.filter(pk=cycle.pk).update(completed_on=date(2019, 9, 30))
    make_audit(cast, version=cycle.version).__class__.objects.filter(org=cast.alfa).update(
        status="closed", closed_on=date(2020, 6, 1)
    )
    Certificate.objects.create(
        org=cast.alfa,
        version=cycle.version,
        reference="LIT2021-069",
        issued_on=date(2021, 5, 14),
        expires_on=date(2024, 5, 14),
    )
    # A record from before the contract does not count.
    Certificate.objects.create(
        org=cast.alfa,
        version=cycle.version,
        reference="LIT2015-001",
        issued_on=date(2015, 5, 14),
        expires_on=date(2018, 5, 14),
    )
    response = client_for(cast.jonas).post(reverse("programmes:board_sync", args=[programme.pk]))
    assert response.status_code == 302
    alfa = {m.step.code: m for m in Milestone.objects.filter(participation__org=cast.alfa).select_related("step")}
    assert alfa["self-assessment"].done_on == date(2019, 9, 30)
    assert alfa["internal-audit"].done_on == date(2020, 6, 1)
    assert alfa["certificate"].done_on == date(2021, 5, 14)
    assert alfa["certificate"].filled_from == "certificate_issued"
    assert alfa["external-audit"].done_on is None and alfa["contract"].done_on is None
    assert not Milestone.objects.filter(participation__org=cast.beta, done_on__isnull=False).exists()


# ── The provider's side ──────────────────────────────────────────────────────────────────────────────────────────


def test_provider_sees_what_the_programme_sees_about_it(cast):
    programme = cast_programme(cast)
    _instantiate(programme)
    programme.shares_readiness = False
    programme.save()
    response = client_for(cast.vida).get(reverse("programmes_org:seen", args=[cast.alfa.slug]))
    assert response.status_code == 200
    assert "Milestones with their dates" in response.text or "Etapai su jų datomis" in response.text
    assert "Readiness per principle" not in response.text and "Pasirengimas pagal principus" not in response.text
    assert "Dalyvavimo sutartis" in response.text


def test_provider_dashboard_links_to_its_programmes(cast):
    cast_programme(cast)
    response = client_for(cast.ona).get(reverse("orgs:dashboard", args=[cast.alfa.slug]))
    assert reverse("programmes_org:seen", args=[cast.alfa.slug]) in response.text


def test_a_consultant_not_of_the_programme_cannot_be_assigned(cast):
    from django.core.exceptions import ValidationError

    programme = cast_programme(cast)
    part = programme.participations.get(org=cast.alfa)
    part.consultant = make_user("kitas@programa.test")
    with pytest.raises(ValidationError):
        part.full_clean()


def test_anonymous_visitor_is_sent_to_login(cast):
    programme = cast_programme(cast)
    response = Client().get(reverse("programmes:board", args=[programme.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
