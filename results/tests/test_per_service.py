"""The service dimension of computed results: a source that declares `by_service` counts one service's records when
an indicator is measured for that service, keeps "no figure about fewer than 5 people" per service, and the results
refuse a service on an indicator whose source cannot count per service."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kokybe import surfaces
from kokybe.test import client_for, url
from orgs.models import Service
from people.models import Goal, GoalLevel, Plan, Review, ServiceUser
from results import services
from results.models import Definition, Indicator, Value

pytestmark = pytest.mark.django_db
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _reviewed(cast, service, levels):
    """A service user of `service` whose plan was reviewed in 2025 with the goals at `levels`."""
    p = ServiceUser.objects.create(org=cast.alfa, started=date(2024, 1, 1), age_group="adult")
    p.services.add(service)
    plan = Plan.objects.create(
        org=cast.alfa, service_user=p, version=1, starts_on=date(2025, 1, 10), review_on=date(2025, 6, 1)
    )
    review = Review.objects.create(org=cast.alfa, plan=plan, reviewed_on=date(2025, 5, 30), t_score=50)
    for level in levels:
        goal = Goal.objects.create(org=cast.alfa, plan=plan, title="T", domain="rights", level_0="x")
        GoalLevel.objects.create(org=cast.alfa, review=review, goal=goal, level=level)
    return p


@pytest.fixture
def two_services(cast):
    day_care = cast.alfa_service
    shelter = Service.objects.create(org=cast.alfa, unit=cast.alfa_unit, name="Apgyvendinimas")
    for _ in range(5):
        _reviewed(cast, day_care, [0, 1])  # every goal reached
    for _ in range(3):
        _reviewed(cast, shelter, [-1, -1])  # none reached, and only three people
    return day_care, shelter


def test_a_people_source_counts_one_service_and_suppresses_small_ones(cast, two_services):
    day_care, shelter = two_services
    source = surfaces.result_sources_all()["people.goals_reached"]
    assert source.by_service
    whole = source.compute(cast.alfa, *YEAR)
    assert (whole.numerator, whole.denominator, whole.records) == (10, 16, 8)
    one = source.compute(cast.alfa, *YEAR, service=day_care)
    assert (one.value, one.numerator, one.denominator, one.records) == (100, 10, 10, 5)
    assert source.compute(cast.alfa, *YEAR, service=shelter) is None  # three people: no figure
    assert source.compute(cast.alfa, *YEAR, service=None) == whole


def test_an_indicator_for_one_service_is_computed_for_it(cast, two_services):
    day_care, _shelter = two_services
    definition = Definition.objects.get(org=None, code="goals-achieved", version=2)
    whole, one = (
        Indicator.objects.create(
            org=cast.alfa,
            definition=definition,
            owner=cast.jonas,
            frequency="year",
            baseline_year=2025,
            service=service,
        )  # fmt: skip
        for service in (None, day_care)
    )
    services.recompute(cast.alfa, today=date(2026, 3, 1))
    assert Value.objects.get(indicator=whole, period="2025").value == 62.5
    assert Value.objects.get(indicator=one, period="2025").value == 100
    page = client_for(cast.jonas).get(url("results:detail", cast, one.pk)).content.decode()
    assert "tik paslaugos" in page and day_care.name in page


def test_a_service_is_refused_where_the_source_counts_only_the_whole_organisation(cast):
    sources = surfaces.result_sources_all()
    definition = Definition.objects.filter(org=None, source__in=sources).exclude(source__startswith="people.").first()
    assert not sources[definition.source].by_service
    indicator = Indicator(
        org=cast.alfa, definition=definition, owner=cast.jonas, frequency=definition.frequency, baseline_year=2025,
        service=cast.alfa_service,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "service" in refused.value.message_dict
    indicator.service = None
    indicator.full_clean()  # the whole organisation: as before


def test_the_library_says_which_results_are_also_per_service(cast):
    page = client_for(cast.jonas).get(url("results:library", cast)).content.decode()
    assert "ir atskirai paslaugai" in page
