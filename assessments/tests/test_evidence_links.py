"""Documents (whole, or one approved version) and finished surveys as self-assessment evidence."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import reports, services
from assessments.models import EvidenceItem, EvidenceKind, IndicatorAnswer
from documents import services as documents
from documents.tests import factories as docs
from kokybe.test import assert_constant_queries, client_for
from surveys.models import CampaignStatus
from surveys.tests import factories as surveys

from .factories import answer_for, assessment_url, make_assessment, make_version
from .test_reports import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(cast):
    # Six principles with three criteria: indicator 6.3.1 exists, the code the test questionnaire is tagged with.
    return make_assessment(cast, make_version(principles=6, criteria=3, indicators=1))


def new_version_approved(cast, document):
    version = documents.document_new_version(document=document, by=cast.ona)
    documents.version_save(version=version, by=cast.ona, body="# Nauja redakcija\n", change_summary="Atnaujinta")
    documents.document_submit(document=document, by=cast.ona)
    documents.document_approve(
        document=document, by=cast.ona, approved_on=docs.APPROVED_ON, effective_from=docs.APPROVED_ON
    )
    document.refresh_from_db()
    return document


def finished_campaign(cast, org=None, **fields):
    org = org or cast.alfa
    today = timezone.localdate()
    fields.setdefault("starts_on", today - timedelta(days=60))
    fields.setdefault("ends_on", today - timedelta(days=30))
    return surveys.make_campaign(org, surveys.make_version(org=org), status=CampaignStatus.CLOSED, **fields)


# ── Documents ─────────────────────────────────────────────────────────────────────────────────────────────────────


def test_coordinator_links_a_document_that_follows_the_version_in_force(cast, cycle):
    document = docs.approved(cast, title="Kokybės politika", order_number="V-45")
    answer = answer_for(cycle, "1.1.1")
    client = client_for(cast.jonas)
    response = client.post(
        assessment_url("evidence_add", cycle, answer), {"form": "document", "doc-document": document.pk}
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get(kind=EvidenceKind.DOCUMENT)
    assert item.document == document and item.document_version is None and item.title == "Kokybės politika"
    html = client.get(assessment_url("answer", cycle, answer)).content.decode()
    assert f"/documents/{document.uuid}/v/1/" in html and "V-45" in html
    assert docs.APPROVED_ON.isoformat() in html  # the evidence date is the version's approval date

    new_version_approved(cast, document)
    html = client.get(assessment_url("answer", cycle, answer)).content.decode()
    assert f"/documents/{document.uuid}/v/2/" in html and "Galioja naujesnė versija" not in html


def test_one_item_per_document_serves_every_indicator_it_proves(cast, cycle):
    document = docs.approved(cast)
    client = client_for(cast.jonas)
    for code in ("1.1.1", "2.1.1", "3.2.1"):
        client.post(
            assessment_url("evidence_add", cycle, answer_for(cycle, code)),
            {"form": "document", "doc-document": document.pk},
        )
    item = EvidenceItem.objects.get(kind=EvidenceKind.DOCUMENT)
    assert item.answers.count() == 3
    matrix = client.get(assessment_url("matrix", cycle)).content.decode()
    assert matrix.count('<span class="item-title">') == 1 and matrix.count("✓") == 3


def test_a_pinned_version_stays_and_says_a_newer_one_is_in_force(cast, cycle):
    document = docs.approved(cast)
    first = document.current_version
    answer = answer_for(cycle, "1.1.1")
    client = client_for(cast.jonas)
    data = {"form": "document", "doc-document": document.pk, "doc-document_version": first.pk}
    assert client.post(assessment_url("evidence_add", cycle, answer), data).status_code == 302
    new_version_approved(cast, document)
    html = client.get(assessment_url("answer", cycle, answer)).content.decode()
    assert f"/documents/{document.uuid}/v/1/" in html and "Galioja naujesnė versija" in html


def test_document_evidence_expires_with_the_documents_review_date(cast, cycle):
    document = docs.approved(cast)
    answer = answer_for(cycle, "1.1.1")
    item = services.evidence_attach(answer=answer, by=cast.jonas, kind=EvidenceKind.DOCUMENT, document=document)
    today = timezone.localdate()
    type(document).objects.filter(pk=document.pk).update(next_review_on=today - timedelta(days=1))
    assert IndicatorAnswer.objects.filter(pk=answer.pk).evidence_expiring().exists()
    assert EvidenceItem.objects.expired().filter(pk=item.pk).exists()
    html = client_for(cast.jonas).get(assessment_url("answer", cycle, answer)).content.decode()
    assert f"Galiojo iki {(today - timedelta(days=1)).isoformat()}" in html

    # Recording the review moves the date: the evidence is valid again without anyone touching it.
    type(document).objects.filter(pk=document.pk).update(next_review_on=today + timedelta(days=365))
    assert not IndicatorAnswer.objects.filter(pk=answer.pk).evidence_expiring().exists()
    assert not EvidenceItem.objects.expired().filter(pk=item.pk).exists()


def test_another_organisations_document_is_refused_and_nothing_is_written(cast, cycle):
    foreign = docs.approved(cast, cast.beta)
    answer = answer_for(cycle, "1.1.1")
    response = client_for(cast.jonas).post(
        assessment_url("evidence_add", cycle, answer), {"form": "document", "doc-document": foreign.pk}
    )
    assert response.status_code == 422
    assert "Pasirinkite tinkamą reikšmę" in response.content.decode()
    assert not EvidenceItem.objects.exists()
    with pytest.raises(ValidationError):
        services.evidence_attach(answer=answer, by=cast.jonas, kind=EvidenceKind.DOCUMENT, document=foreign)
    assert not EvidenceItem.objects.exists()


def test_a_version_of_another_document_or_a_draft_is_refused(cast, cycle):
    policy, charter = docs.approved(cast), docs.approved(cast, type_code="service-users-charter")
    answer = answer_for(cycle, "1.1.1")
    client = client_for(cast.jonas)
    data = {"form": "document", "doc-document": policy.pk, "doc-document_version": charter.current_version.pk}
    response = client.post(assessment_url("evidence_add", cycle, answer), data)
    assert response.status_code == 422 and "Pasirinkite pasirinkto dokumento versiją" in response.content.decode()
    draft = docs.revised(cast, type_code="complaints-procedure")
    draft_version = draft.versions.get(number=2)
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(
            answer=answer, by=cast.jonas, kind=EvidenceKind.DOCUMENT, document=draft, document_version=draft_version
        )
    assert "document_version" in error.value.message_dict
    assert not EvidenceItem.objects.exists()


# ── Surveys ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_a_finished_surveys_summary_is_evidence_with_its_end_date(cast, cycle):
    campaign = finished_campaign(cast, title="Paslaugų gavėjų apklausa 2026")
    answer = answer_for(cycle, "6.3.1")
    client = client_for(cast.jonas)
    response = client.post(
        assessment_url("evidence_add", cycle, answer), {"form": "survey", "survey-campaign": campaign.pk}
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get(kind=EvidenceKind.SURVEY)
    assert item.campaign == campaign and item.dated == campaign.ends_on
    html = client.get(assessment_url("answer", cycle, answer)).content.decode()
    assert f"/surveys/{campaign.pk}/summary/" in html and campaign.ends_on.isoformat() in html


def test_a_running_or_foreign_survey_is_refused(cast, cycle):
    running = surveys.make_campaign(cast.alfa, surveys.make_version(org=cast.alfa), status=CampaignStatus.OPEN)
    foreign = finished_campaign(cast, cast.beta)
    answer = answer_for(cycle, "6.3.1")
    client = client_for(cast.jonas)
    for campaign in (running, foreign):
        response = client.post(
            assessment_url("evidence_add", cycle, answer), {"form": "survey", "survey-campaign": campaign.pk}
        )
        assert response.status_code == 422
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(answer=answer, by=cast.jonas, kind=EvidenceKind.SURVEY, campaign=running)
    assert error.value.message_dict["campaign"] == ["Įrodymu gali būti tik pasibaigusios apklausos rezultatai."]
    assert not EvidenceItem.objects.exists()


# ── Suggestions ───────────────────────────────────────────────────────────────────────────────────────────────────


def test_suggestions_offer_linked_documents_and_tagged_surveys_until_used(cast, cycle):
    answer = answer_for(cycle, "6.3.1")
    document = docs.approved(cast, title="Paslaugų gavėjų chartija", type_code="service-users-charter")
    documents.indicator_link(document=document, by=cast.jonas, indicator=answer.indicator)
    campaign = finished_campaign(cast, title="Apklausa 2025")
    untagged = finished_campaign(cast, title="Kita apklausa", ends_on=timezone.localdate() - timedelta(days=40))
    client = client_for(cast.jonas)
    html = client.get(assessment_url("answer", cycle, answer)).content.decode()
    suggested = html.split("Siūlomi įrodymai")[1].split("</ul>")[0]
    assert "Paslaugų gavėjų chartija" in suggested and "Apklausa 2025" in suggested
    assert "1 klausimas apie šį rodiklį" in suggested
    # The other campaign runs the same tagged questionnaire, so it is offered too; the untagged indicator gets none.
    assert "Kita apklausa" in suggested
    other = client.get(assessment_url("answer", cycle, answer_for(cycle, "1.1.1"))).content.decode()
    assert "Siūlomi įrodymai" not in other

    client.post(assessment_url("evidence_add", cycle, answer), {"form": "document", "doc-document": document.pk})
    client.post(assessment_url("evidence_add", cycle, answer), {"form": "survey", "survey-campaign": campaign.pk})
    client.post(assessment_url("evidence_add", cycle, answer), {"form": "survey", "survey-campaign": untagged.pk})
    html = client.get(assessment_url("answer", cycle, answer)).content.decode()
    assert "Siūlomi įrodymai" not in html
    assert set(answer.evidence.values_list("kind", flat=True)) == {"document", "survey"}


def test_staff_without_edit_rights_see_no_suggestions_or_forms(cast, cycle):
    answer = answer_for(cycle, "6.3.1")
    finished_campaign(cast)
    html = client_for(cast.vida).get(assessment_url("answer", cycle, answer)).content.decode()
    assert "Siūlomi įrodymai" not in html and 'name="form" value="document"' not in html


# ── Everywhere the evidence is printed ────────────────────────────────────────────────────────────────────────────


def test_report_lists_document_and_survey_evidence_with_their_details(cast, cycle):
    document = docs.approved(cast, title="Etikos politika", order_number="V-77")
    campaign = finished_campaign(cast, title="Darbuotojų apklausa")
    answer = answer_for(cycle, "6.3.1")
    services.evidence_attach(answer=answer, by=cast.jonas, kind=EvidenceKind.DOCUMENT, document=document)
    services.evidence_attach(answer=answer, by=cast.jonas, kind=EvidenceKind.SURVEY, campaign=campaign)
    text, _doc = docx_text(reports.report_docx(cycle, "lt"))
    assert "Etikos politika (Dokumentas, 2024-03-01)" in text and "V-77" in text
    assert f"Darbuotojų apklausa (Apklausos rezultatai, {campaign.ends_on.isoformat()})" in text
    english, _doc = docx_text(reports.report_docx(cycle, "en"))
    assert "Etikos politika (Document, 2024-03-01)" in english and "version in force 1 (order No. V-77)" in english


def test_page_and_matrix_queries_do_not_grow_with_document_evidence(cast):
    state = {}

    def grow(n):
        state["cycle"] = cycle = make_assessment(cast, make_version(code=f"d-{n}", total=n))
        answers = list(cycle.answers.all())
        for i, answer in enumerate(answers[: n // 2]):
            document = docs.approved(cast, title=f"Dokumentas {n}-{i}", type_code="quality-policy")
            services.evidence_attach(answer=answer, by=cast.jonas, kind=EvidenceKind.DOCUMENT, document=document)

    client = client_for(cast.jonas)
    assert_constant_queries(lambda: client.get(assessment_url("detail", state["cycle"])), grow, small=4, large=16)
    assert_constant_queries(lambda: client.get(assessment_url("matrix", state["cycle"])), grow, small=4, large=16)
