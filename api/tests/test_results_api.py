"""Results through the API: the figures of the results pages (same read model), the library, and constant queries."""

import pytest

from api.tests.helpers import ApiClient, make_token
from kokybe.test import assert_constant_queries
from results.models import Indicator, Target, Value
from results.tests.factories import make_indicator, world


@pytest.mark.django_db
def test_an_indicator_reads_as_on_its_page(cast):
    indicator = world(cast)
    api = ApiClient(make_token(cast.vida, cast.alfa))
    body = api.get(f"/api/v1/orgs/alfa/results/{indicator.pk}").json()
    assert body["definition"]["code"] == "staff-turnover"
    assert [(t["period"], float(t["value"])) for t in body["targets"]] == [("2024", 10.0)]
    points = {p["period"]: p for p in body["points"]}
    assert float(points["2024"]["value"]) == 12 and points["2024"]["approved_on"] == "2025-02-01"
    assert float(points["2024"]["target"]) == 10 and points["2024"]["status"] in ("green", "amber", "red")
    assert float(points["2025"]["value"]) == 9 and points["2025"]["approved_on"] is None
    assert float(body["latest"]["value"]) == float(points[body["latest"]["period"]]["value"])


@pytest.mark.django_db
def test_the_list_shows_indicators_in_use_and_not_the_archived(cast):
    world(cast)
    make_indicator(cast.alfa, archived=True)
    api = ApiClient(make_token(cast.vida, cast.alfa))
    listed = api.get("/api/v1/orgs/alfa/results").json()
    assert listed["count"] == 1 and listed["results"][0]["latest"]["period"] == "2025"
    library = api.get("/api/v1/orgs/alfa/result-definitions", page_size=200).json()
    assert any(d["code"] == "staff-turnover" and d["shipped"] for d in library["results"])


@pytest.mark.django_db
def test_the_results_list_makes_constant_queries(cast):
    api = ApiClient(make_token(cast.ona, cast.alfa))

    def grow(n):
        for _i in range(Indicator.objects.filter(org=cast.alfa).count(), n):
            indicator = make_indicator(cast.alfa, owner=cast.rasa)
            Target.objects.create(org=cast.alfa, indicator=indicator, period="2025", value=5)
            Value.objects.create(org=cast.alfa, indicator=indicator, period="2025", value=7)

    def render():
        response = api.get("/api/v1/orgs/alfa/results", page_size=200)
        assert response.status_code == 200, response.content

    assert_constant_queries(render, grow, small=10, large=100)


@pytest.mark.django_db
def test_the_definitions_list_makes_constant_queries(cast):
    from results.models import Definition

    api = ApiClient(make_token(cast.ona, cast.alfa))
    seed = Definition.objects.filter(org__isnull=True).first()

    def grow(n):
        have = Definition.objects.filter(org=cast.alfa).count()
        for i in range(have, n):
            Definition.objects.create(
                org=cast.alfa,
                code=f"own-{i}",
                name_lt=f"Rodiklis {i}",
                name_en=f"Indicator {i}",
                unit=seed.unit,
                frequency=seed.frequency,
                principles=["3"],
            )

    def render():
        assert api.get("/api/v1/orgs/alfa/result-definitions", page_size=200).status_code == 200

    assert_constant_queries(render, grow, small=10, large=100)
