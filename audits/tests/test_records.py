"""Certificates, progress reports and management reviews through their pages; the dashboard card and the public page."""

import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import ImprovementAction, Source
from assessments.tests.factories import make_version
from audits.models import Certificate, ManagementReview, ProgressReport
from kokybe.test import assert_constant_queries, client_for, urls_for

from .factories import make_audit, pdf_upload

url = urls_for("audits")

pytestmark = pytest.mark.django_db


def make_certificate(cast, expires_on, **fields):
    fields.setdefault("version", make_version())
    return Certificate.objects.create(
        org=cast.alfa,
        reference=fields.pop("reference", "LIT2021-069"),
        issued_on=fields.pop("issued_on", expires_on - timedelta(days=1000)),
        expires_on=expires_on,
        **fields,
    )


# ── Certificates ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_coordinator_records_a_certificate_with_its_file_and_services(cast):
    version = make_version()
    response = client_for(cast.jonas).post(
        url("certificate_create", cast),
        {
            "version": version.pk,
            "level": "EQUASS Assurance",
            "reference": "LIT2021-069",
            "issued_on": "2021-05-14",
            "services": [cast.alfa_service.pk],
            "awarded_by": "EQUASS apdovanojimų komitetas",
            "is_public": "on",
            "upload": pdf_upload("Sertifikatas.pdf"),
        },
    )
    certificate = Certificate.objects.get()
    assert response["Location"] == certificate.get_absolute_url()
    assert certificate.expires_on == date(2024, 5, 14) and certificate.original_name == "Sertifikatas.pdf"
    page = client_for(cast.rasa).get(certificate.get_absolute_url()).text
    assert "Sertifikatas LIT2021-069" in page and "Nebegalioja" in page and cast.alfa_service.name in page
    download = client_for(cast.rasa).get(url("certificate_file", cast, certificate.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_file_that_is_not_a_document_is_refused(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(cast.jonas).post(
        url("certificate_create", cast),
        {
            "version": make_version().pk,
            "reference": "LIT2021-069",
            "issued_on": "2021-05-14",
            "upload": SimpleUploadedFile("virusas.pdf", b"MZ\x90\x00\x03", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and not Certificate.objects.exists()


def test_certificate_list_shows_the_status_from_the_dates(cast):
    today = timezone.localdate()
    make_certificate(cast, today + timedelta(days=100), reference="LIT2024-112")
    text = client_for(cast.rasa).get(url("certificates", cast)).text
    assert "LIT2024-112" in text and "Netrukus nustos galioti" in text


def test_certificate_list_queries_do_not_grow(cast):
    version = make_version()
    client = client_for(cast.jonas)

    def grow(n):
        for i in range(Certificate.objects.count(), n):
            cert = make_certificate(cast, date(2030, 1, 1) + timedelta(days=i), reference=f"LIT-{i}", version=version)
            cert.services.add(cast.alfa_service)

    def render():
        assert client.get(url("certificates", cast)).status_code == 200

    assert_constant_queries(render, grow, small=5, large=60)


def test_public_quality_page_shows_the_certificate_in_force(cast):
    cache.clear()
    cert = make_certificate(cast, timezone.localdate() + timedelta(days=400), level="EQUASS Assurance")
    cert.services.add(cast.alfa_service)
    make_certificate(cast, date(2020, 1, 1), reference="LIT2017-001", version=cert.version)
    text = Client().get(reverse("quality:page", args=[cast.alfa.slug])).text
    assert "EQUASS Assurance" in text and "LIT2021-069" in text and cast.alfa_service.name in text
    assert "LIT2017-001" not in text
    cache.clear()


def test_certificates_are_a_section_of_the_public_page_even_without_documents(cast):
    # Was documents' single-slot certificate hook; certificates are now a public section like any other.
    cert = make_certificate(
        cast, date(2027, 5, 14), issued_on=date(2024, 5, 14), level="EQUASS Assurance", is_public=True
    )
    cert.services.add(cast.alfa_service)
    text = Client().get(reverse("quality:page", args=[cast.alfa.slug])).content.decode()
    assert "Sertifikatai" in text and "LIT2021-069" in text and "2027-05-14" in text


def test_a_changed_certificate_changes_the_public_page_etag(cast):
    cert = make_certificate(cast, timezone.localdate() + timedelta(days=400), is_public=True)
    client = Client()
    etag = client.get(reverse("quality:page", args=[cast.alfa.slug]))["ETag"]
    Certificate.objects.filter(pk=cert.pk).update(reference="LIT2025-001")
    second = client.get(reverse("quality:page", args=[cast.alfa.slug]), headers={"If-None-Match": etag})
    assert second.status_code == 200 and second["ETag"] != etag and "LIT2025-001" in second.content.decode()


def test_a_hidden_certificate_stays_off_the_public_page(cast):
    cache.clear()
    make_certificate(cast, timezone.localdate() + timedelta(days=400), is_public=False)
    assert "LIT2021-069" not in Client().get(reverse("quality:page", args=[cast.alfa.slug])).text
    cache.clear()


def test_dashboard_card_shows_the_certificate_and_the_next_audit(cast):
    make_certificate(cast, timezone.localdate() + timedelta(days=90), level="EQUASS Assurance")
    make_audit(
        cast, planned_start=timezone.localdate() + timedelta(days=30), title="Pakartotinės sertifikacijos auditas"
    )
    text = client_for(cast.vida).get(reverse("orgs:dashboard", args=[cast.alfa.slug])).text
    assert "Sertifikavimas" in text and "LIT2021-069" in text and "Netrukus nustos galioti" in text
    assert "Pakartotinės sertifikacijos auditas" in text


# ── Progress reports ──────────────────────────────────────────────────────────────────────────────────────────────


def test_progress_report_is_prepared_edited_finalised_and_downloaded(cast):
    from docx import Document

    client = client_for(cast.jonas)
    response = client.post(url("progress_create", cast), {"year": 2025})
    report = ProgressReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert "2025 m. įvykdyti tobulinimo veiksmai: 0." in client.get(report.get_absolute_url()).text
    data = {"title": report.title, **{name: getattr(report, name) for name in ProgressReport.SECTIONS}}
    data["surveys_text"] = "Paslaugų gavėjų pasitenkinimas – 4,6 iš 5."
    assert client.post(url("progress_edit", cast, report.pk), data).status_code == 302
    client.post(url("progress_status", cast, report.pk), {"to": "final"})
    report.refresh_from_db()
    assert report.is_final and report.surveys_text.startswith("Paslaugų gavėjų")
    assert client.get(url("progress_edit", cast, report.pk)).status_code == 302  # final: back to the report
    docx = client_for(cast.rasa).get(url("progress_docx", cast, report.pk))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Pažangos ataskaita" in text and "4,6 iš 5" in text and "Apklausų rezultatai" in text
    pdf = client_for(cast.rasa).get(url("progress_pdf", cast, report.pk))
    assert pdf.content.startswith(b"%PDF-")


def test_a_second_report_for_the_same_year_opens_the_first(cast):
    client = client_for(cast.jonas)
    client.post(url("progress_create", cast), {"year": 2025})
    response = client.post(url("progress_create", cast), {"year": 2025})
    assert ProgressReport.objects.count() == 1
    assert response["Location"] == ProgressReport.objects.get().get_absolute_url()


# ── Management reviews ────────────────────────────────────────────────────────────────────────────────────────────


def test_management_review_gathers_inputs_and_records_decisions_as_actions(cast):
    from actions.services import action_create

    action_create(org=cast.alfa, title="Vėluojantis veiksmas", source="other", by=cast.jonas, due_date=date(2020, 1, 1))
    client = client_for(cast.ona)
    response = client.post(
        url("review_create", cast), {"title": "Vadovybės analizė 2026", "held_on": "2026-01-22", "participants": "Ona"}
    )
    review = ManagementReview.objects.get()
    assert response["Location"] == review.get_absolute_url()
    page = client.get(review.get_absolute_url()).text
    assert "Vėluojantys veiksmai" in page and "Vėluojantis veiksmas" in page
    client.post(url("review_decision", cast, review.pk), {"title": "Atnaujinti skundų tvarką", "owner": cast.rasa.pk})
    action = ImprovementAction.objects.get(title="Atnaujinti skundų tvarką")
    assert action.source == Source.MANAGEMENT_REVIEW and action.owner == cast.rasa
    assert "Atnaujinti skundų tvarką" in client.get(review.get_absolute_url()).text
    client.post(url("review_finalise", cast, review.pk))
    review.refresh_from_db()
    assert review.is_final
    assert client.get(url("review_edit", cast, review.pk)).status_code == 302


def test_staff_read_reviews_but_do_not_record_decisions(cast):
    client = client_for(cast.ona)
    client.post(url("review_create", cast), {"title": "Vadovybės analizė", "held_on": "2026-01-22"})
    review = ManagementReview.objects.get()
    staff = client_for(cast.rasa)
    assert "Įrašyti sprendimą" not in staff.get(review.get_absolute_url()).text
    assert staff.post(url("review_decision", cast, review.pk), {"title": "x"}).status_code == 403
