"""Documents and survey results put forward as self-assessment evidence, read by the external auditor through the
grant: the document version the evidence names (even with no documents scope), the survey's figures only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessments
from assessments.models import EvidenceKind
from audits.models import AuditorGrant, DocumentScope
from orgs.models import ActivityEntry
from orgs.roles import Role
from surveys.models import CampaignStatus
from surveys.tests import factories as surveys

from .factories import make_document, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast):
    return world(cast)


@pytest.fixture
def edvardas(cast):
    client = Client()
    client.force_login(cast.users[Role.EXTERNAL_AUDITOR])
    return client


def evidence_url(cast, w, item):
    kwargs = {"org_slug": "alfa", "grant_pk": w["alfa"]["grant"].pk, "evidence_pk": item.pk}
    return reverse("audits:granted_evidence", kwargs=kwargs)


def test_a_document_put_forward_as_evidence_opens_as_pdf_even_without_a_documents_scope(cast, w, edvardas):
    document = make_document(cast.alfa, title="Etikos politika", body="# Etika\n\nGerbiame kiekvieną žmogų.\n")
    item = assessments.evidence_attach(
        answer=w["alfa"]["answer"], by=cast.jonas, kind=EvidenceKind.DOCUMENT, document=document
    )
    AuditorGrant.objects.filter(pk=w["alfa"]["grant"].pk).update(documents_scope=DocumentScope.NONE)
    response = edvardas.get(evidence_url(cast, w, item))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED, target_id=str(item.pk)).exists()


def test_survey_results_show_figures_and_never_free_text(cast, w, edvardas):
    today = timezone.localdate()
    campaign = surveys.make_campaign(
        cast.alfa,
        surveys.make_version(org=cast.alfa),
        status=CampaignStatus.CLOSED,
        title="Paslaugų gavėjų apklausa 2026",
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=10),
    )
    for value in (4, 5, 5, 3, 4, 5):
        surveys.add_response(campaign, {"rate": value, "comment": "Slapta pastaba apie darbuotoją"})
    item = assessments.evidence_attach(
        answer=w["alfa"]["answer"], by=cast.jonas, kind=EvidenceKind.SURVEY, campaign=campaign
    )
    response = edvardas.get(evidence_url(cast, w, item))
    html = response.content.decode()
    assert response.status_code == 200
    assert "6 atsakymai" in html and "Esu patenkintas paslaugomis." in html and "4,33" in html
    assert "6.3.1" in html and "Slapta pastaba" not in html
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED, target_id=str(item.pk)).exists()
