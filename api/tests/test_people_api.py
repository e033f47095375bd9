"""Service users through the API: by reference only, each person only to whom the people pages show them, filters,
constant queries, and no outcome figure (or count) about fewer than 5 people."""

from datetime import date

import pytest

from api.tests.helpers import ApiClient, make_token
from kokybe.test import assert_constant_queries
from people.models import Measurement, ServiceUser
from people.rollup import MIN_PEOPLE


def _person(cast, **fields):
    return ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 5), age_group="adult", **fields)


def _refs(response):
    assert response.status_code == 200, response.content
    return sorted(p["reference"] for p in response.json()["results"])


@pytest.mark.django_db
def test_each_role_sees_the_people_its_page_shows(cast):
    mine = _person(cast, key_worker=cast.rasa)
    other = _person(cast)
    assert _refs(ApiClient(make_token(cast.ona, cast.alfa)).get("/api/v1/orgs/alfa/people")) == sorted(
        [mine.reference, other.reference]
    )
    staff = ApiClient(make_token(cast.rasa, cast.alfa))
    assert _refs(staff.get("/api/v1/orgs/alfa/people")) == [mine.reference]
    assert staff.get(f"/api/v1/orgs/alfa/people/{other.reference}").status_code == 404
    # The coordinator and the viewer see the roll-ups, never a person (as on the pages).
    for user in (cast.jonas, cast.vida):
        assert ApiClient(make_token(user, cast.alfa)).get("/api/v1/orgs/alfa/people").status_code == 403


@pytest.mark.django_db
def test_the_list_filters_as_the_page(cast):
    current = _person(cast)
    ended = _person(cast, ended=date(2026, 2, 1))
    current.services.add(cast.alfa_service)
    api = ApiClient(make_token(cast.ona, cast.alfa))
    assert _refs(api.get("/api/v1/orgs/alfa/people", current="true")) == [current.reference]
    assert _refs(api.get("/api/v1/orgs/alfa/people", service=cast.alfa_service.pk)) == [current.reference]
    assert ended.reference in _refs(api.get("/api/v1/orgs/alfa/people"))
    assert api.get("/api/v1/orgs/alfa/people", service=999999).status_code == 422


@pytest.mark.django_db
def test_no_outcome_figure_about_fewer_than_five_people(cast):
    year = date.today().year
    api = ApiClient(make_token(cast.vida, cast.alfa))

    def measure(n):
        for _i in range(n):
            person = _person(cast)
            Measurement.objects.create(
                org=cast.alfa, service_user=person, instrument="qol", taken_on=date(year, 1, 10), scores={"d1": 50}
            )

    measure(MIN_PEOPLE - 1)
    figure = api.get("/api/v1/orgs/alfa/outcomes", year=year).json()["groups"][0]["measured"]
    assert figure == {"value": None, "people": None, "suppressed": True, "low": None, "high": None}
    measure(1)
    figure = api.get("/api/v1/orgs/alfa/outcomes", year=year).json()["groups"][0]["measured"]
    assert figure["value"] == MIN_PEOPLE and figure["people"] == MIN_PEOPLE and not figure["suppressed"]


@pytest.mark.django_db
def test_the_people_list_makes_constant_queries(cast):
    api = ApiClient(make_token(cast.ona, cast.alfa))

    def grow(n):
        for _i in range(ServiceUser.objects.filter(org=cast.alfa).count(), n):
            _person(cast, key_worker=cast.rasa, unit=cast.alfa_unit).services.add(cast.alfa_service)

    def render():
        assert api.get("/api/v1/orgs/alfa/people", page_size=200).status_code == 200

    assert_constant_queries(render, grow, small=10, large=100)
