import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import IndicatorAnswer, Status
from kokybe.test import assert_constant_queries

from .factories import make_assessment, make_version

pytestmark = pytest.mark.django_db


def dashboard(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("orgs:dashboard", args=["alfa"]))


def test_dashboard_shows_readiness_of_the_latest_cycle_in_progress(cast):
    version = make_version(principles=3, criteria=1, indicators=2)
    old = make_assessment(cast, version, title="Įsivertinimas 2021", period_end="2021-12-31", period_start="2021-01-01")
    type(old).objects.filter(pk=old.pk).update(status=Status.COMPLETED)
    current = make_assessment(cast, version, title="Įsivertinimas 2026")
    IndicatorAnswer.objects.filter(assessment=current, indicator__code__startswith="1.").update(rating="met")
    html = dashboard(cast.vida).content.decode()
    assert "Įsivertinimas 2026" in html and "Įsivertinimas 2021" not in html
    assert 'id="readiness-card-title">Pasirengimas</h2>' in html
    assert '<svg class="radar"' in html and "100 %" in html  # principle 1 is fully met


def test_archived_cycles_are_not_shown_and_no_cycle_means_no_card(cast):
    cycle = make_assessment(cast)
    type(cycle).objects.filter(pk=cycle.pk).update(status=Status.ARCHIVED)
    assert "readiness-card-title" not in dashboard(cast.jonas).content.decode()


def test_external_auditor_dashboard_has_no_readiness(cast):
    make_assessment(cast)
    response = dashboard(cast.users["external_auditor"])
    assert response.status_code == 200 and "readiness-card-title" not in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_indicators(cast):
    def grow(n):
        cycle = make_assessment(cast, make_version(code=f"d-{n}", total=n), title=f"Ciklas {n}")
        IndicatorAnswer.objects.filter(assessment=cycle).update(rating="partly")

    assert_constant_queries(lambda: dashboard(cast.jonas), grow, small=10, large=120)


def test_headline_says_it_counts_only_the_rated_indicators_while_some_are_not_rated(cast):
    # 3 principles × 1 criterion × 2 indicators = 6; rate 2 of them "met": 100 % of the rated, 4 of 6 not rated.
    cycle = make_assessment(cast, make_version(principles=3, criteria=1, indicators=2))
    IndicatorAnswer.objects.filter(assessment=cycle, indicator__code__startswith="1.").update(rating="met")
    html = dashboard(cast.jonas).content.decode()
    assert "Skaičiuojama tik iš 2 įvertintų rodiklių." in html
    assert "Dar neįvertinta: 4 iš 6 rodiklių." in html
    client = Client()
    client.force_login(cast.jonas)
    for name in ("assessments:detail", "assessments:readiness"):
        page = client.get(reverse(name, args=["alfa", cycle.pk])).content.decode()
        assert "Skaičiuojama tik iš 2 įvertintų rodiklių." in page, name


def test_headline_has_no_caveat_once_every_indicator_is_rated(cast):
    cycle = make_assessment(cast, make_version(principles=1, criteria=1, indicators=2))
    IndicatorAnswer.objects.filter(assessment=cycle).update(rating="met")
    html = dashboard(cast.jonas).content.decode()
    assert "100 %" in html and "Skaičiuojama tik" not in html and "Dar neįvertinta" not in html
