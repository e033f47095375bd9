"""The management review's minutes (DOCX, PDF) with a signature block, and a final review kept as it was."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document

from actions.models import ImprovementAction
from actions.models import Status as ActionStatus
from audits import services_records
from audits.models import ManagementReview
from kokybe.lib.dates import formal_date
from kokybe.test import pdf_text

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, cast, *args):
    return reverse(f"audits:{name}", args=[cast.alfa.slug, *args])


@pytest.fixture
def review(cast):
    client = client_for(cast.ona)
    client.post(
        url("review_create", cast),
        {"title": "Vadovybės analizė 2026", "held_on": "2026-12-07", "participants": "Ona, Jonas"},
    )
    review = ManagementReview.objects.get()
    client.post(url("review_decision", cast, review.pk), {"title": "Atnaujinti skundų tvarką", "owner": cast.rasa.pk})
    return review


def test_office_dates_are_written_the_lithuanian_way():
    assert formal_date(date(2026, 12, 7), "lt") == "2026 m. gruodžio 7 d."
    assert formal_date(date(2026, 1, 22), "lt") == "2026 m. sausio 22 d."
    assert formal_date(date(2026, 12, 7), "en") == "7 December 2026"


def docx_text(content):
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_minutes_docx_has_the_decisions_dated_the_office_way_and_a_signature_block(cast, review):
    response = client_for(cast.vida).get(url("review_docx", cast, review.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = docx_text(response.content)
    assert "Vadovybės analizės protokolas" in text
    assert "2026 m. gruodžio 7 d." in text
    assert "Atnaujinti skundų tvarką" in text
    assert "Posėdžio pirmininkas (-ė)" in text and "Posėdžio sekretorius (-ė)" in text
    assert "(parašas)" in text and "(vardas ir pavardė)" in text


def test_the_minutes_pdf_says_the_same(cast, review):
    response = client_for(cast.vida).get(url("review_pdf", cast, review.pk))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    for expected in ("Vadovybės analizės protokolas", "2026 m. gruodžio 7 d.", "Atnaujinti skundų tvarką"):
        assert expected in text
    assert "Posėdžio pirmininkas (-ė)" in text and "(parašas)" in text


def test_a_final_review_stays_as_it_was_when_its_sources_change(cast, review):
    client = client_for(cast.ona)
    client.post(url("review_finalise", cast, review.pk))
    action = ImprovementAction.objects.get(title="Atnaujinti skundų tvarką")
    ImprovementAction.objects.filter(pk=action.pk).update(title="Pervadinta vėliau", status=ActionStatus.DONE)
    page = client.get(url("review", cast, review.pk)).text
    assert "Atnaujinti skundų tvarką" in page and "Pervadinta vėliau" not in page
    minutes = docx_text(client.get(url("review_docx", cast, review.pk)).content)
    assert "Atnaujinti skundų tvarką" in minutes and "Pervadinta vėliau" not in minutes
    assert "Įrašyti sprendimą" not in page
    review.refresh_from_db()
    with pytest.raises(ValidationError):
        services_records.review_decision(review_obj=review, title="Vėlesnis sprendimas", by=cast.ona)
    assert not ImprovementAction.objects.filter(title="Vėlesnis sprendimas").exists()


def test_a_draft_reviews_decisions_follow_the_actions(cast, review):
    ImprovementAction.objects.filter(title="Atnaujinti skundų tvarką").update(title="Patikslintas pavadinimas")
    assert "Patikslintas pavadinimas" in client_for(cast.ona).get(url("review", cast, review.pk)).text
