"""Improvement actions through the API: the plan's filters, writes by the pages' rules, bad input writes nothing."""

from datetime import timedelta

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from actions.models import ImprovementAction
from api.tests.helpers import ApiClient, make_token
from kokybe.test import assert_constant_queries
from orgs.models import ActivityEntry

BASE = "/api/v1/orgs/alfa/actions"


@pytest.fixture
def jonas(cast):
    return ApiClient(make_token(cast.jonas, cast.alfa, name="Savivaldybės ataskaitos"))


def _make(cast, n, **fields):
    start = ImprovementAction.objects.filter(org=cast.alfa).count()
    ImprovementAction.objects.bulk_create(
        ImprovementAction(
            org=cast.alfa, number=start + i + 1, title=f"Veiksmas {start + i + 1}", owner=cast.rasa, **fields
        )
        for i in range(n)
    )


@pytest.mark.django_db
def test_overdue_filter_is_the_plan_s(cast, jonas):
    today = timezone.localdate()
    _make(cast, 2, due_date=today - timedelta(days=3))
    _make(cast, 1, due_date=today + timedelta(days=3))
    _make(cast, 1, due_date=today - timedelta(days=3), status="done")
    body = jonas.get(BASE, overdue="true").json()
    assert body["count"] == 2
    assert all(row["is_overdue"] for row in body["results"])


@pytest.mark.django_db
def test_list_is_paginated_with_next_links(cast, jonas):
    _make(cast, 5)
    first = jonas.get(BASE, page_size=2, sort="number").json()
    assert [r["number"] for r in first["results"]] == [1, 2]
    assert first["count"] == 5 and first["previous"] is None
    second = jonas.get(first["next"].removeprefix("http://testserver")).json()
    assert [r["number"] for r in second["results"]] == [3, 4]


@pytest.mark.django_db
def test_invalid_filter_is_a_problem(cast, jonas):
    response = jonas.get(BASE, owner="someone")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_list_query_count_does_not_grow(cast, jonas):
    def render():
        assert jonas.get(BASE, page_size=200).status_code == 200

    def grow(n):
        _make(cast, n - ImprovementAction.objects.filter(org=cast.alfa).count())

    assert_constant_queries(render, grow, small=10, large=1000)


@pytest.mark.django_db
def test_create_move_along_and_the_log_names_the_token(cast, jonas):
    response = jonas.post(BASE, {"title": "Parengti tvarką", "owner_id": cast.rasa.pk, "due_date": "2027-03-01"})
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    assert response["Location"].endswith(f"/actions/{number}")
    moved = jonas.post(f"{BASE}/{number}/transitions", {"to": "in_progress", "note": "Pradėjome"})
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    done = jonas.post(f"{BASE}/{number}/transitions", {"to": "done"})
    assert done.json()["status"] == "done" and done.json()["progress"] == 100
    action = ImprovementAction.objects.get(number=number)
    entries = ActivityEntry.objects.filter(target_type__model="improvementaction", target_id=str(action.pk))
    assert entries.count() == 3
    assert all(e.changes["api_token"] == ["", "Savivaldybės ataskaitos"] for e in entries)


@pytest.mark.django_db
def test_a_refused_transition_is_a_problem_and_changes_nothing(cast, jonas):
    _make(cast, 1)
    response = jonas.post(f"{BASE}/1/transitions", {"to": "done"})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert ImprovementAction.objects.get(number=1).status == "planned"


@pytest.mark.django_db
def test_verdicts_are_not_plain_transitions(cast, jonas):
    _make(cast, 1, status="done")
    assert jonas.post(f"{BASE}/1/transitions", {"to": "effective"}).status_code == 422


@pytest.mark.parametrize(
    "body, status",
    [
        ("{not json", 400),
        ('["a list"]', 422),
        ({"title": 5}, 422),
        ({"title": "Gerai", "unknown": 1}, 422),
        ({"title": "Gerai", "due_date": "rytoj"}, 422),
        ({"title": "Gerai", "owner_id": "vienas"}, 422),
        ({"title": ""}, 422),
        ({"title": "x" * 300}, 422),
        ({"title": "Gerai", "start_date": "2027-02-01", "due_date": "2027-01-01"}, 422),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_a_problem_and_writes_nothing(cast, jonas, body, status):
    response = jonas.post(BASE, body)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]
    assert not ImprovementAction.objects.exists()


@pytest.mark.django_db
def test_forged_ids_of_another_organisation_are_refused(cast, jonas):
    for field, value in [
        ("unit_id", cast.beta_unit.pk),
        ("service_id", cast.beta_service.pk),
        ("owner_id", cast.petras.pk),
        ("participant_ids", [cast.petras.pk]),
    ]:
        response = jonas.post(BASE, {"title": "Svetimas", field: value})
        assert response.status_code == 422, field
        assert field in response.json()["errors"]
    assert not ImprovementAction.objects.exists()


@override_settings(API_MAX_BODY=1024)
@pytest.mark.django_db
def test_a_huge_body_is_refused(cast, jonas):
    response = jonas.post(BASE, {"title": "Gerai", "description": "x" * 5000})
    assert response.status_code == 413
    assert not ImprovementAction.objects.exists()


@pytest.mark.django_db
def test_patch_with_a_stale_etag_is_refused(cast, jonas):
    _make(cast, 1)
    etag = jonas.get(f"{BASE}/1").headers["ETag"]
    assert jonas.patch(f"{BASE}/1", {"progress": 20}, headers={"If-Match": etag}).status_code == 200
    stale = jonas.patch(f"{BASE}/1", {"title": "Kita"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert ImprovementAction.objects.get(number=1).title == "Veiksmas 1"


@pytest.mark.django_db
def test_patch_keeps_what_it_does_not_name(cast, jonas):
    _make(cast, 1, due_date=timezone.localdate())
    response = jonas.patch(f"{BASE}/1", {"title": "Naujas pavadinimas"})
    assert response.status_code == 200
    action = ImprovementAction.objects.get(number=1)
    assert action.title == "Naujas pavadinimas" and action.due_date == timezone.localdate()
    assert action.owner == cast.rasa


@pytest.mark.django_db
def test_errors_are_in_the_reader_s_language(cast):
    english = ApiClient(make_token(cast.jonas, cast.alfa), **{"Accept-Language": "en"})
    assert english.get(BASE + "/99").json()["detail"] == "Not found."
    lithuanian = ApiClient(make_token(cast.jonas, cast.alfa), **{"Accept-Language": "lt"})
    assert lithuanian.get(BASE + "/99").json()["detail"] != "Not found."


@override_settings(API_RATE_LIMIT=(3, 60))
@pytest.mark.django_db
def test_rate_limit_per_token(cast, jonas):
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        assert jonas.get(BASE).status_code == 200
    response = jonas.get(BASE)
    assert response.status_code == 429
    assert 55 <= int(response["Retry-After"]) <= 60
    other = ApiClient(make_token(cast.ona, cast.alfa))
    assert other.get(BASE).status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_the_rate_window_starts_again_and_is_counted_in_one_query(cast):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from api.auth import count_request
    from api.models import ApiToken

    make_token(cast.jonas, cast.alfa, name="langas")
    token = ApiToken.objects.get(name="langas")
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert count_request(token, 2, 60, now)
    assert len(queries) == 1
    assert count_request(token, 2, 60, now + timedelta(seconds=1))
    assert not count_request(token, 2, 60, now + timedelta(seconds=2))  # refused, and not counted
    token.refresh_from_db()
    assert (token.window_hits, token.window_started_at, token.last_used_at) == (2, now, now + timedelta(seconds=1))
    later = now + timedelta(seconds=61)
    assert count_request(token, 2, 60, later)
    token.refresh_from_db()
    assert (token.window_hits, token.window_started_at, token.last_used_at) == (1, later, later)


@pytest.mark.django_db
def test_session_writes_need_csrf(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.jonas)
    assert client.get(BASE).status_code == 200
    refused = client.post(BASE, {"title": "Be CSRF"}, content_type="application/json")
    assert refused.status_code == 403
    assert not ImprovementAction.objects.exists()
    client.get("/me/api-tokens/")
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(BASE, {"title": "Su CSRF"}, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 201, accepted.content
