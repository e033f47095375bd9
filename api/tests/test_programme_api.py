"""The programme part of the API: programme tokens (made on the programme's page, their own gate), and what each
programme role reads under /api/v1/programmes/{id}/ — exactly what participants share, nothing more."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, ProgrammeToken, hash_secret
from api.tests.helpers import ApiClient, make_token
from api.tests.programme_helpers import make_programme_token, programme_people, shared_world
from kokybe.test import client_for
from orgs.models import ActivityEntry
from programmes import services as programme_services
from programmes.models import Programme, ProgrammeParticipation, ProgrammeRole, Wave
from programmes.tests.factories import cast_programme, make_programme

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"


def _url(programme, tail=""):
    return f"{PREFIX}/programmes/{programme.pk}{tail}"


def _client(user, programme):
    return ApiClient(make_programme_token(user, programme))


# ── The token page ───────────────────────────────────────────────────────────────────────────────────────────────


def test_a_coordinator_creates_a_token_shown_once_and_stored_hashed(cast):
    programme = cast_programme(cast)
    page = reverse("programme_tokens:list", args=[programme.pk])
    client = client_for(cast.jonas)
    expires = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(page, {"name": "ESFA duomenų mainai", "expires_on": expires})
    assert response.status_code == 201
    token = ProgrammeToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith("kokp_") and secret in response.text
    assert token.token_hash == hash_secret(secret) and secret not in (token.prefix, token.token_hash)
    assert (token.programme, token.user, token.role) == (programme, cast.jonas, ProgrammeRole.COORDINATOR)
    assert ActivityEntry.objects.filter(org=programme.coordinating_org, target_id=str(token.pk)).exists()
    again = client.get(page)
    assert again.status_code == 200 and secret not in again.text and "ESFA duomenų mainai" in again.text
    assert ApiClient(secret).get(_url(programme)).status_code == 200


def test_the_token_page_refuses_a_past_expiry_and_writes_nothing(cast):
    programme = cast_programme(cast)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(cast.jonas).post(
        reverse("programme_tokens:list", args=[programme.pk]), {"name": "Senas", "expires_on": yesterday}
    )
    assert response.status_code == 400 and not ProgrammeToken.objects.exists()


def test_a_token_carries_the_role_of_its_person(cast):
    programme = cast_programme(cast)
    people = programme_people(cast)
    for role, user in people.items():
        make_programme_token(user, programme, name=f"t {role}")
    assert dict(ProgrammeToken.objects.values_list("user", "role")) == {u.pk: r for r, u in people.items()}


def test_each_person_sees_their_own_tokens_and_the_coordinator_everyone_s(cast):
    programme = cast_programme(cast)
    people = programme_people(cast)
    make_programme_token(cast.jonas, programme, name="Koordinatoriaus")
    make_programme_token(people[ProgrammeRole.CONSULTANT], programme, name="Konsultanto")
    page = reverse("programme_tokens:list", args=[programme.pk])
    consultant = client_for(people[ProgrammeRole.CONSULTANT]).get(page)
    assert "Konsultanto" in consultant.text and "Koordinatoriaus" not in consultant.text
    coordinator = client_for(cast.jonas).get(page)
    assert "Konsultanto" in coordinator.text and "Koordinatoriaus" in coordinator.text
    theirs = ProgrammeToken.objects.get(name="Konsultanto")
    revoke = reverse("programme_tokens:revoke", args=[programme.pk, theirs.pk])
    mine = ProgrammeToken.objects.get(name="Koordinatoriaus")
    assert client_for(people[ProgrammeRole.FUNDER]).post(revoke).status_code == 404
    assert (
        client_for(people[ProgrammeRole.CONSULTANT])
        .post(reverse("programme_tokens:revoke", args=[programme.pk, mine.pk]))
        .status_code
        == 404
    )
    assert client_for(cast.jonas).post(revoke).status_code == 302
    theirs.refresh_from_db()
    assert theirs.revoked_at is not None


def test_someone_without_a_programme_role_gets_404_on_the_token_page(cast):
    programme = cast_programme(cast)
    page = reverse("programme_tokens:list", args=[programme.pk])
    assert client_for(cast.ona).get(page).status_code == 404
    assert client_for(cast.ona).post(page, {"name": "x", "expires_on": "2030-01-01"}).status_code == 404
    assert not ProgrammeToken.objects.exists()


# ── Its own gate, both ways ──────────────────────────────────────────────────────────────────────────────────────


def test_a_programme_token_never_opens_an_organisation_s_endpoints(cast):
    # Jonas is also Alfa's coordinator: his programme token still opens nothing of Alfa's.
    programme = cast_programme(cast)
    client = _client(cast.jonas, programme)
    for path in ("/orgs/alfa", "/orgs/alfa/actions", "/orgs/alfa/members", "/orgs/beta"):
        response = client.get(PREFIX + path)
        assert response.status_code == 401, path
    assert client.post(f"{PREFIX}/orgs/alfa/actions", {"title": "Iš programos"}).status_code == 401


def test_an_organisation_s_token_never_opens_a_programme_s_endpoints(cast):
    programme = cast_programme(cast)
    client = ApiClient(make_token(cast.jonas, cast.alfa))
    assert client.get(f"{PREFIX}/orgs/alfa").status_code == 200
    for tail in ("", "/participants", "/milestones", "/summary", "/indicators", "/benchmarks"):
        assert client.get(_url(programme, tail)).status_code == 401, tail


def test_a_token_stops_working_when_its_person_loses_the_role(cast):
    programme = cast_programme(cast)
    consultant = programme_people(cast)[ProgrammeRole.CONSULTANT]
    client = _client(consultant, programme)
    assert client.get(_url(programme, "/participants")).status_code == 200
    programme.consultants.remove(consultant)
    programme.funder_viewers.add(consultant)  # another role in the same programme: still not the token's
    assert client.get(_url(programme)).status_code == 401
    assert client.get(_url(programme, "/participants")).status_code == 401


def test_a_removed_coordinator_s_token_stops_working(cast):
    programme = cast_programme(cast)
    client = _client(cast.jonas, programme)
    assert client.get(_url(programme)).status_code == 200
    programme.coordinators.remove(cast.jonas)
    assert client.get(_url(programme)).status_code == 401


def test_expired_and_revoked_tokens_are_refused(cast):
    programme = cast_programme(cast)
    expired = make_programme_token(cast.jonas, programme, name="expired")
    revoked = make_programme_token(cast.jonas, programme, name="revoked")
    ProgrammeToken.objects.filter(name="expired").update(expires_on=timezone.localdate() - timedelta(days=1))
    ProgrammeToken.objects.filter(name="revoked").update(revoked_at=timezone.now())
    assert ApiClient(expired).get(_url(programme)).status_code == 401
    assert ApiClient(revoked).get(_url(programme)).status_code == 401


def test_a_token_of_one_programme_gets_404_on_another(cast):
    programme = cast_programme(cast)
    other = make_programme(cast.beta, code="KITA-0002", coordinators=[cast.jonas], participants=[cast.beta])
    client = _client(cast.jonas, programme)
    for tail in ("", "/participants", "/summary"):
        assert client.get(_url(other, tail)).status_code == 404
    assert client.get(f"{PREFIX}/programmes/2147483647").status_code == 404


def test_a_session_reads_with_the_person_s_role(cast):
    programme = cast_programme(cast)
    funder = programme_people(cast)[ProgrammeRole.FUNDER]
    assert client_for(funder).get(_url(programme, "/summary")).status_code == 200
    assert client_for(funder).get(_url(programme, "/participants")).status_code == 403
    assert client_for(cast.ona).get(_url(programme)).status_code == 404
    assert client_for(cast.ona).get(f"{PREFIX}/programmes/99999999999").status_code in (404, 422)


# ── What each role reads ─────────────────────────────────────────────────────────────────────────────────────────


def _setup_participants(cast, programme):
    wave = Wave.objects.create(programme=programme, name="Pilotinė banga", order=1, start=date(2019, 1, 1))
    ProgrammeParticipation.objects.filter(programme=programme, org=cast.alfa).update(
        wave=wave, contract_number="SUT-19-001", contract_date=date(2019, 1, 11), status="contracted"
    )
    programme_services.milestones_instantiate(programme.participations.select_related("programme"))
    return wave


def test_the_programme_as_on_its_overview(cast):
    programme = cast_programme(cast)
    wave = _setup_participants(cast, programme)
    for role, user in programme_people(cast).items():
        body = _client(user, programme).get(_url(programme)).json()
        assert body["code"] == "TEST-0001" and body["funder"] == "ESFA" and body["role"] == role
        assert body["waves"] == [{"id": wave.pk, "name": "Pilotinė banga", "order": 1, "start": "2019-01-01"}]
        assert body["participants"] == 2 and body["shares"] == {
            "readiness": True,
            "certificate": True,
            "indicators": True,
        }


def test_the_coordinator_lists_every_participant(cast):
    programme = cast_programme(cast)
    wave = _setup_participants(cast, programme)
    body = _client(cast.jonas, programme).get(_url(programme, "/participants")).json()
    assert body["count"] == 2
    alfa = next(r for r in body["results"] if r["provider"]["name"] == cast.alfa.name)
    assert alfa["provider"] == {"name": cast.alfa.name, "company_code": "100000001", "municipality": "Vilniaus m. sav."}
    assert alfa["wave"] == {"id": wave.pk, "name": "Pilotinė banga"}
    assert (alfa["status"], alfa["contract_number"], alfa["contract_date"]) == (
        "contracted",
        "SUT-19-001",
        "2019-01-11",
    )
    assert alfa["consultant"] is None and alfa["late"] is True
    beta = next(r for r in body["results"] if r["provider"]["name"] == cast.beta.name)
    assert beta["consultant"]["name"] == "Kęstutis Konsultantas"


def test_the_participant_filters_are_the_board_s(cast):
    programme = cast_programme(cast)
    wave = _setup_participants(cast, programme)
    client = _client(cast.jonas, programme)
    assert client.get(_url(programme, "/participants"), wave=wave.pk).json()["count"] == 1
    assert client.get(_url(programme, "/participants"), q="SUT-19").json()["count"] == 1
    assert client.get(_url(programme, "/participants"), status="left").json()["count"] == 0
    assert client.get(_url(programme, "/participants"), status="nonsense").status_code == 422


def test_a_consultant_sees_only_the_providers_assigned_to_them(cast):
    programme = cast_programme(cast)
    _setup_participants(cast, programme)
    client = _client(programme_people(cast)[ProgrammeRole.CONSULTANT], programme)
    body = client.get(_url(programme, "/participants")).json()
    assert [r["provider"]["name"] for r in body["results"]] == [cast.beta.name]
    board = client.get(_url(programme, "/milestones")).json()
    assert [r["provider"] for r in board["results"]] == [cast.beta.name]
    alfa = programme.participations.get(org=cast.alfa)
    assert client.get(_url(programme, f"/participants/{alfa.pk}/milestones")).status_code == 404


def test_a_funder_viewer_gets_no_list_of_providers_only_aggregates(cast):
    programme = cast_programme(cast)
    _setup_participants(cast, programme)
    client = _client(programme_people(cast)[ProgrammeRole.FUNDER], programme)
    alfa = programme.participations.get(org=cast.alfa)
    for tail in ("/participants", "/milestones", f"/participants/{alfa.pk}/milestones"):
        response = client.get(_url(programme, tail))
        assert response.status_code == 403, tail
        assert cast.alfa.name not in response.text
    for tail in ("/summary", "/indicators", "/benchmarks"):
        assert client.get(_url(programme, tail)).status_code == 200, tail


def test_a_consultant_gets_no_aggregates(cast):
    programme = cast_programme(cast)
    client = _client(programme_people(cast)[ProgrammeRole.CONSULTANT], programme)
    for tail in ("/summary", "/indicators", "/benchmarks"):
        assert client.get(_url(programme, tail)).status_code == 403, tail


def test_milestones_per_participant_planned_actual_and_late(cast):
    programme = cast_programme(cast)
    _setup_participants(cast, programme)
    alfa = programme.participations.get(org=cast.alfa)
    alfa.milestones.filter(step__code="contract").update(done_on=date(2019, 1, 11))
    body = _client(cast.jonas, programme).get(_url(programme, f"/participants/{alfa.pk}/milestones")).json()
    by_step = {m["step"]: m for m in body["milestones"]}
    assert body["participant_id"] == alfa.pk and len(by_step) == programme.milestone_template.steps.count()
    assert by_step["contract"]["done_on"] == "2019-01-11" and by_step["contract"]["late"] is False
    late = by_step["certificate"]
    assert late["planned_on"] is not None and late["done_on"] is None and late["late"] is True
    assert late["state"] == "late"
    board = _client(cast.jonas, programme).get(_url(programme, "/milestones")).json()
    assert {r["participant_id"] for r in board["results"]} == set(programme.participations.values_list("pk", flat=True))


def test_the_summary_is_the_funder_s_report_s_counts(cast):
    programme = cast_programme(cast)
    _setup_participants(cast, programme)
    body = _client(programme_people(cast)[ProgrammeRole.FUNDER], programme).get(_url(programme, "/summary")).json()
    statuses = {row["key"]: row["participants"] for row in body["by_status"]}
    assert statuses["contracted"] == 1 and statuses["in_progress"] == 1 and statuses["left"] == 0
    assert body["by_wave"] == [{"key": "Pilotinė banga", "label": "Pilotinė banga", "participants": 1}]
    assert {m["name"] for m in body["milestones"]} and all(m["late"] >= 0 for m in body["milestones"])


def test_indicators_with_target_deadline_and_progress(cast):
    programme = cast_programme(cast)
    body = _client(cast.jonas, programme).get(_url(programme, "/indicators")).json()
    [indicator] = body["results"]
    assert indicator["code"] == "helped" and indicator["target"] == 4018 and indicator["deadline"] == "2026-12-31"
    assert indicator["achieved"] == 0 and indicator["percent_of_target"] == 0
    assert [d["dimension"] for d in indicator["disaggregation"]] == ["Amžiaus grupė", "Savivaldybė"]


# ── What participants share, and only that ───────────────────────────────────────────────────────────────────────


def test_what_is_shared_reaches_the_steering_roles(cast):
    programme = cast_programme(cast)
    shared_world(cast)
    body = _client(cast.jonas, programme).get(_url(programme, "/participants")).json()
    alfa = next(r for r in body["results"] if r["provider"]["name"] == cast.alfa.name)
    assert alfa["certificate"] == {
        "reference": "LIT2021-069",
        "level": "",
        "issued_on": "2021-05-14",
        "expires_on": "2024-05-14",
    }
    assert alfa["readiness"] and all(r["percent"] == 100 for r in alfa["readiness"])
    beta = next(r for r in body["results"] if r["provider"]["name"] == cast.beta.name)
    assert beta["certificate"] is None and beta["readiness"] == []


def test_what_is_not_shared_is_null_and_absent(cast):
    programme = cast_programme(cast)
    shared_world(cast)
    Programme.objects.filter(pk=programme.pk).update(
        shares_readiness=False, shares_certificate=False, shares_indicators=False
    )
    client = _client(cast.jonas, programme)
    body = client.get(_url(programme, "/participants")).json()
    assert all(r["readiness"] is None and r["certificate"] is None for r in body["results"])
    assert "LIT2021-069" not in client.get(_url(programme, "/participants")).text
    assert client.get(_url(programme, "/indicators")).json()["count"] == 0
    assert client.get(_url(programme, "/benchmarks")).json()["groups"] == []
    assert client.get(_url(programme)).json()["shares"] == {
        "readiness": False,
        "certificate": False,
        "indicators": False,
    }


def test_an_org_token_of_the_coordinator_is_not_a_way_around(cast):
    """Alfa's own token reads Alfa's certificate on Alfa's endpoints (it is Alfa's data), but never through the
    programme's paths."""
    programme = cast_programme(cast)
    shared_world(cast)
    Programme.objects.filter(pk=programme.pk).update(shares_certificate=False)
    org = ApiClient(make_token(cast.jonas, cast.alfa, scope=ApiToken.Scope.READ))
    assert org.get(_url(programme, "/participants")).status_code == 401


# ── Query counts: constant from few to many participants ─────────────────────────────────────────────────────────


def _grow(cast, programme, indicator=None):
    from audits.models import Certificate
    from orgs.models import Organisation
    from programmes.models import Contribution

    cycle, _cert = shared_world(cast)
    consultant = programme_people(cast)[ProgrammeRole.CONSULTANT]

    def grow(n):
        have = programme.participations.count()
        if n <= have:
            return
        orgs = Organisation.objects.bulk_create(
            Organisation(name=f"Centras {i}", slug=f"centras-{i}", company_code=f"3000{i:05d}", municipality="Utenos")
            for i in range(have, n)
        )
        Certificate.objects.bulk_create(
            Certificate(
                org=o,
                version=cycle.version,
                reference=f"LIT-{o.pk}",
                issued_on=date(2022, 1, 1),
                expires_on=date(2025, 1, 1),
            )
            for o in orgs
        )
        parts = ProgrammeParticipation.objects.bulk_create(
            ProgrammeParticipation(
                programme=programme,
                org=o,
                joined_on=date(2024, 1, 1),
                contract_date=date(2024, 1, 2),
                consultant=consultant,
                wave=programme.waves.first(),
            )
            for o in orgs
        )
        for p in parts:
            p.programme = programme
        programme_services.milestones_instantiate(parts)
        if indicator is not None:
            Contribution.objects.bulk_create(
                Contribution(indicator=indicator, participation=p, month=date(2024, 1, 1), value=3) for p in parts
            )

    return grow


@pytest.mark.parametrize("tail", ["/participants", "/milestones"])
@pytest.mark.parametrize("role", [ProgrammeRole.COORDINATOR, ProgrammeRole.CONSULTANT])
def test_participant_lists_make_the_same_queries_for_10_and_100_participants(cast, tail, role):
    from kokybe.test import assert_constant_queries

    programme = cast_programme(cast)
    _setup_participants(cast, programme)
    client = _client(programme_people(cast)[role], programme)

    def render():
        response = client.get(_url(programme, tail), page_size=200)
        assert response.status_code == 200, response.content
        assert response.json()["count"] >= 9

    assert_constant_queries(render, _grow(cast, programme), small=10, large=100)


def test_aggregates_make_the_same_queries_for_10_and_100_participants(cast):
    from kokybe.test import assert_constant_queries
    from programmes.models import ProgrammeIndicator

    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="visits", name="Vizitai", unit="vnt.", target=100, deadline=date(2026, 12, 31)
    )
    client = _client(programme_people(cast)[ProgrammeRole.FUNDER], programme)

    def render():
        for tail in ("/indicators", "/benchmarks", "/summary", ""):
            response = client.get(_url(programme, tail), page_size=200)
            assert response.status_code == 200, (tail, response.content)

    assert_constant_queries(render, _grow(cast, programme, indicator), small=10, large=100)
