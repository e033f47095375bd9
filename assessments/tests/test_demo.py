"""The demo loader: the Klaipėda centre's completed 2020–2021 cycle and the current one copied from it; idempotent."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from actions.models import ImprovementAction, Source
from assessments.demo import CURRENT_TITLE, PAST_TITLE
from assessments.models import Assessment, EvidenceItem, IndicatorAnswer, Status
from kokybe.lib.demo import DemoContext, load_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_all(DemoContext())


def test_klaipeda_has_a_completed_and_a_current_cycle_on_the_working_set(demo):
    org = demo.orgs["klaipeda"]
    past = Assessment.objects.for_org(org).get(title=PAST_TITLE)
    current = Assessment.objects.for_org(org).get(title=CURRENT_TITLE)
    assert past.status == Status.COMPLETED and current.status == Status.IN_REVIEW
    assert current.copied_from == past and past.version.framework.code == "equass-assurance-ws"
    assert past.answers.unrated().count() == 0
    rated = current.answers.exclude(rating="").count()
    assert 0.5 * current.answers.count() < rated < current.answers.count()
    assert set(current.answers.values_list("rating", flat=True)) >= {"met", "partly", "not_met", "na", ""}
    assert past.services.count() == 6
    narratives = past.answers.exclude(narrative="").count()
    assert narratives >= past.answers.count() // 2
    assert "įsakymu" in past.answers.get(indicator__code="1.1.1").narrative


def test_evidence_is_shared_and_some_has_expired(demo):
    org = demo.orgs["klaipeda"]
    items = EvidenceItem.objects.for_org(org)
    public = items.get(title="Viešas kokybės puslapis")
    assert public.url.endswith("/p/klaipeda/") and public.answers.count() >= 10  # both cycles
    assert items.expired().exists()


def test_current_cycle_has_documents_and_the_impact_study_as_evidence_and_more_suggested(demo):
    org = demo.orgs["klaipeda"]
    current = Assessment.objects.for_org(org).get(title=CURRENT_TITLE)
    linked = EvidenceItem.objects.for_org(org).filter(answers__assessment=current).distinct()
    documents = linked.filter(kind="document")
    assert {d.document.type.code for d in documents} == {
        "quality-policy",
        "service-users-charter",
        "complaints-procedure",
    }
    surveys = linked.filter(kind="survey")
    assert surveys.exists() and all(s.campaign.ends_on.year == 2021 for s in surveys)
    client = Client()
    client.force_login(demo.users["koordinatorius@klaipeda.demo"])
    pages = [reverse("assessments:answer", args=["klaipeda", current.pk, a.pk]) for a in current.answers.all()]
    assert any("Siūlomi įrodymai" in client.get(page).content.decode() for page in pages)
    assert load_all(DemoContext()).created["assessments.EvidenceItem"] == 0


def test_gaps_of_the_current_cycle_became_actions(demo):
    answers = IndicatorAnswer.objects.filter(assessment__title=CURRENT_TITLE)
    actions = ImprovementAction.objects.filter(
        source=Source.SELF_ASSESSMENT, source_type=ContentType.objects.get_for_model(IndicatorAnswer)
    )
    assert actions.count() == 3
    assert {a.source_object.indicator.code for a in actions} == {"2.5.1", "2.4.1", "7.5.2"}
    assert all(a.source_object in answers for a in actions)


def test_dashboard_shows_the_current_cycle(demo):
    client = Client()
    client.force_login(demo.users["koordinatorius@klaipeda.demo"])
    html = client.get(reverse("orgs:dashboard", args=["klaipeda"])).content.decode()
    assert CURRENT_TITLE in html and "readiness-card-title" in html


def test_loading_twice_changes_nothing(demo):
    before = Assessment.objects.count(), IndicatorAnswer.objects.count(), EvidenceItem.objects.count()
    actions = ImprovementAction.objects.count()
    load_all(DemoContext())
    assert (Assessment.objects.count(), IndicatorAnswer.objects.count(), EvidenceItem.objects.count()) == before
    assert ImprovementAction.objects.count() == actions
