"""Results on the shared surfaces: My work, self-assessment evidence, the management review, the progress report
and the public quality page (opt-in)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from kokybe import surfaces
from kokybe.test import count_queries
from results import services
from results.models import Target, Value

from .factories import make_indicator, world

pytestmark = pytest.mark.django_db


def test_a_missing_value_is_due_for_its_owner_and_overdue_after_30_days(cast):
    from work.items import items_for

    indicator = make_indicator(cast.alfa, owner=cast.rasa, baseline_year=2024)
    items = [i for i in items_for(cast.rasa, date(2026, 1, 10)) if i.key.startswith("results.")]
    assert [("2025" in i.title, i.due_date, i.overdue) for i in items] == [(True, date(2026, 1, 30), False)]
    items = [i for i in items_for(cast.rasa, date(2026, 2, 5)) if i.key.startswith("results.")]
    assert items[0].overdue
    services.value_record(indicator=indicator, period="2025", value=Decimal(9), by=cast.rasa)
    assert not [i for i in items_for(cast.rasa, date(2026, 2, 5)) if i.key.startswith("results.")]
    # Someone else's indicator is not on Rasa's list.
    assert not [i for i in items_for(cast.jonas, date(2026, 2, 5)) if i.key.startswith("results.")]


def test_results_are_offered_as_evidence_for_the_indicators_their_definition_names(cast):
    indicator = make_indicator(cast.alfa, owner=cast.rasa)  # staff turnover evidences 2.4.2

    class Answer:
        class indicator:  # noqa: N801
            code = "2.4.2"

    kind = next(k for k in surfaces.evidence_kinds_all() if k.key == "result")
    offers = kind.offers(cast.alfa, Answer, [])
    assert [o.url for o in offers] == [f"/o/alfa/results/{indicator.pk}/"]
    assert offers[0].fields["kind"] == "record"
    Answer.indicator.code = "1.1.1"
    assert kind.offers(cast.alfa, Answer, []) == []


def test_the_review_and_the_progress_report_carry_the_trend_against_target(cast):
    indicator = world(cast)  # 2024: 12 (target 10), 2025: 9
    Target.objects.create(org=cast.alfa, indicator=indicator, period="2025", value=10)
    review = [i for i in surfaces.review_inputs_for(cast.alfa, date(2026, 3, 1)) if i["key"] == "results"]
    line = review[0]["lines"][0]
    assert "2024: 12" in line and "2025: 9" in line and "10" in line
    texts = surfaces.progress_texts(cast.alfa, 2025)
    assert "2025: 9" in texts["readiness_text"]
    assert "2025" not in surfaces.progress_texts(cast.alfa, 2024).get("readiness_text", "").split("(2024)")[-1]


def test_only_chosen_results_reach_the_public_page(cast, client):
    from documents.models import DocumentSettings

    indicator = world(cast)
    cache.clear()
    DocumentSettings.of(cast.alfa)
    page = client.get("/p/alfa/")
    assert "Darbuotojų kaita" not in page.content.decode()
    indicator.public = True
    indicator.save()
    cache.clear()
    page = client.get("/p/alfa/")
    assert page.status_code == 200 and "Darbuotojų kaita" in page.content.decode()
    # The section's stamp changes with a new value, so the cached page does too.
    stamp = next(
        s
        for f in surfaces.public_sections.contributions()
        if (s := f(cast.alfa)) and s.template == "results/_public.html"
    ).stamp
    Value.objects.create(org=cast.alfa, indicator=indicator, period="2023", value=7)
    again = next(
        s
        for f in surfaces.public_sections.contributions()
        if (s := f(cast.alfa)) and s.template == "results/_public.html"
    ).stamp
    assert stamp != again


def test_my_work_contribution_takes_a_fixed_number_of_queries(cast):
    from results.surfaces import values_due

    memberships = {cast.alfa.pk: cast.memberships["staff"]}
    make_indicator(cast.alfa, owner=cast.rasa)
    small = count_queries(lambda: values_due(cast.rasa, date(2026, 2, 1), memberships))
    for _ in range(20):
        make_indicator(cast.alfa, owner=cast.rasa)
    assert count_queries(lambda: values_due(cast.rasa, date(2026, 2, 1), memberships)) == small
