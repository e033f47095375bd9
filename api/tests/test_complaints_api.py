"""The complaints register through the API: the page's filters and visibility, and the person's contact details only
where the entry's page shows them (never a confidential person's, never a service user's identity)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from api.tests.helpers import ApiClient, make_token
from complaints.models import Complaint, IdentityMode, Kind, Status
from complaints.tests.factories import make_complaint
from kokybe.lib.workdays import VILNIUS
from people.models import Identity, ServiceUser

CONTACT = {"name": "Ona Petraitienė", "email": "ona@example.test", "phone": "+37060000000", "address": "Vilnius"}


def _api(user, org):
    return ApiClient(make_token(user, org, name=f"complaints {user.pk}"))


def _numbers(response):
    assert response.status_code == 200, response.content
    return sorted(r["number"] for r in response.json()["results"])


@pytest.mark.django_db
def test_the_register_lists_with_the_page_filters(cast):
    old = datetime(2026, 1, 5, 9, tzinfo=VILNIUS)
    late = make_complaint(cast.alfa, cast.jonas, received=old, subject="Seniai gautas")
    make_complaint(cast.alfa, cast.jonas, kind=Kind.COMPLIMENT, subject="Ačiū darbuotojams")
    closed = make_complaint(cast.alfa, cast.jonas, subject="Išspręstas")
    Complaint.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    api = _api(cast.jonas, cast.alfa)
    base = "/api/v1/orgs/alfa/complaints"
    assert len(_numbers(api.get(base))) == 3
    assert _numbers(api.get(base, kind="compliment")) == ["D-2026-001"]
    assert _numbers(api.get(base, status="closed")) == [closed.number]
    assert _numbers(api.get(base, due="overdue")) == [late.number]
    assert _numbers(api.get(base, q="ačiū")) == ["D-2026-001"]
    assert api.get(base, kind="nonsense").status_code == 422


@pytest.mark.django_db
def test_staff_see_only_what_they_handle_and_abuse_only_its_handlers_and_the_director(cast):
    mine = make_complaint(cast.alfa, cast.jonas, owner=cast.rasa, subject="Rasos")
    other = make_complaint(cast.alfa, cast.jonas, owner=cast.jonas, subject="Jono")
    abuse = make_complaint(cast.alfa, cast.ona, owner=cast.ona, subject="Galimas smurtas", possible_abuse=True)
    assert abuse.restricted
    assert _numbers(_api(cast.rasa, cast.alfa).get("/api/v1/orgs/alfa/complaints")) == [mine.number]
    assert _numbers(_api(cast.jonas, cast.alfa).get("/api/v1/orgs/alfa/complaints")) == sorted(
        [mine.number, other.number]
    )
    assert len(_numbers(_api(cast.ona, cast.alfa).get("/api/v1/orgs/alfa/complaints"))) == 3
    for user in (cast.jonas, cast.rasa):
        response = _api(user, cast.alfa).get(f"/api/v1/orgs/alfa/complaints/{abuse.uuid}")
        assert response.status_code == 404
        assert "Galimas smurtas" not in response.content.decode()


@pytest.mark.django_db
def test_contact_details_only_where_the_entry_page_shows_them(cast):
    identified = make_complaint(cast.alfa, cast.jonas, owner=cast.rasa, contact=CONTACT, subject="Vardinis")
    confidential = make_complaint(
        cast.alfa, cast.jonas, owner=cast.rasa, contact=CONTACT, identity=IdentityMode.CONFIDENTIAL
    )
    restricted = make_complaint(cast.alfa, cast.ona, owner=cast.ona, contact=CONTACT, possible_abuse=True)
    coordinator = _api(cast.jonas, cast.alfa)
    shown = coordinator.get(f"/api/v1/orgs/alfa/complaints/{identified.uuid}").json()
    assert shown["contact"] == CONTACT
    # A confidential person's details are read on the page (each read logged), never through the API; nor those of a
    # restricted entry, even for the director and the handlers.
    for user in (cast.ona, cast.jonas, cast.rasa):
        response = _api(user, cast.alfa).get(f"/api/v1/orgs/alfa/complaints/{confidential.uuid}")
        assert response.status_code == 200 and response.json()["contact"] is None
        assert "Petraitienė" not in response.content.decode()
    response = _api(cast.ona, cast.alfa).get(f"/api/v1/orgs/alfa/complaints/{restricted.uuid}")
    assert response.status_code == 200 and response.json()["contact"] is None
    listed = coordinator.get("/api/v1/orgs/alfa/complaints").content.decode()
    assert "Petraitienė" not in listed and "ona@example.test" not in listed


@pytest.mark.django_db
def test_a_service_user_is_named_by_reference_only(cast):
    person = ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 1), age_group="adult")
    Identity.objects.create(service_user=person, full_name="Antanas Slaptasis", personal_code="38001010000")
    complaint = make_complaint(cast.alfa, cast.jonas, service_user=person)
    api = _api(cast.ona, cast.alfa)
    detail = api.get(f"/api/v1/orgs/alfa/complaints/{complaint.uuid}")
    assert detail.json()["service_user"] == person.reference
    for response in (detail, api.get("/api/v1/orgs/alfa/complaints")):
        body = response.content.decode()
        assert "Slaptasis" not in body and "38001010000" not in body


@pytest.mark.django_db
def test_the_entry_reads_as_on_its_page(cast):
    complaint = make_complaint(
        cast.alfa, cast.jonas, owner=cast.rasa, received=timezone.now() - timedelta(days=1), description="Aprašymas"
    )
    body = _api(cast.rasa, cast.alfa).get(f"/api/v1/orgs/alfa/complaints/{complaint.uuid}").json()
    assert body["number"] == complaint.number and body["description"] == "Aprašymas"
    assert body["owner_id"] == cast.rasa.pk and body["url"].endswith(f"/o/alfa/complaints/{complaint.uuid}/")
    assert body["decision_due"] == complaint.decision_due.isoformat()
