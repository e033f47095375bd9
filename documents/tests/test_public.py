"""The public quality page: no login, only public published documents, in the seed's order; safe downloads; cached."""

import pytest
from django.test import Client
from django.urls import reverse

from documents import services
from documents.models import DocumentSettings
from documents.tests import factories

pytestmark = pytest.mark.django_db


def page_url(cast):
    return reverse("quality:page", args=[cast.alfa.slug])


def test_anyone_sees_published_public_documents_in_the_order_of_the_seed(cast):
    factories.approved(cast, type_code="complaints-procedure", publish=True)
    factories.approved(cast, type_code="quality-policy", publish=True, order_number="V-45")
    factories.approved(cast, type_code="equass-certificate", start="file", upload=factories.pdf_upload(), publish=True)
    response = Client().get(page_url(cast))
    assert response.status_code == 200
    titles = [d.title for d in response.context["documents"]]
    assert titles == ["EQUASS sertifikatas", "Kokybės politika", "Skundų nagrinėjimo tvarka"]
    text = response.content.decode()
    assert "Socialinių paslaugų kokybė" in text and "įsakymu Nr. V-45" in text and "2024-03-01" in text
    assert "Alfos socialinių paslaugų centras" in text and "100000001" in text  # the contacts


def test_drafts_approved_unpublished_private_and_archived_documents_never_appear(cast):
    published = factories.approved(cast, type_code="empowerment-concept", publish=True)
    factories.draft(cast, type_code="quality-policy")
    factories.submitted(cast, type_code="service-users-charter")
    factories.approved(cast, type_code="ethics-policy")
    private = factories.approved(cast, type_code="complaints-procedure", publish=True)
    private.is_public = False
    private.save()
    archived = factories.approved(cast, type_code="health-safety-plan", publish=True)
    services.document_archive(document=archived, by=cast.ona)
    response = Client().get(page_url(cast))
    assert response.context["documents"] == [published]


def test_a_revision_in_draft_keeps_the_published_version_public(cast):
    document = factories.revised(cast, publish=True, body="# 1. Paskirtis\n\nSLAPTAS PROJEKTAS\n")
    client = Client()
    assert client.get(page_url(cast)).context["documents"] == [document]
    text = client.get(reverse("quality:document", args=[cast.alfa.slug, document.uuid])).content.decode()
    assert "SLAPTAS PROJEKTAS" not in text and "Kokybės politika" in text


def test_another_organisations_document_is_not_found_under_this_organisation(cast):
    document = factories.approved(cast, cast.beta, publish=True)
    assert Client().get(reverse("quality:document", args=[cast.alfa.slug, document.uuid])).status_code == 404
    assert Client().get(reverse("quality:document", args=[cast.beta.slug, document.uuid])).status_code == 200


def test_unpublished_document_pages_and_files_are_404(cast):
    document = factories.approved(cast)
    for name in ("quality:document", "quality:pdf", "quality:file"):
        assert Client().get(reverse(name, args=[cast.alfa.slug, document.uuid])).status_code == 404


def test_public_page_can_be_switched_off(cast):
    DocumentSettings.objects.create(org=cast.alfa, public_page=False)
    assert Client().get(page_url(cast)).status_code == 404


def test_unknown_organisation_is_404(cast):
    assert Client().get(reverse("quality:page", args=["nera"])).status_code == 404


def test_english_switch_and_quality_statement(cast):
    factories.approved(cast, publish=True)
    DocumentSettings.objects.create(
        org=cast.alfa,
        quality_statement_lt="Mes **rūpinamės** kokybe.",
        quality_statement_en="We **care** about quality.",
    )
    client = Client()
    lt = client.get(page_url(cast)).content.decode()
    assert "<strong>rūpinamės</strong>" in lt and 'lang="lt"' in lt
    en = client.get(page_url(cast), {"lang": "en"}).content.decode()
    assert "<strong>care</strong>" in en and "Quality of social services" in en and '<html lang="en">' in en


def test_public_pdf_is_a_pdf_named_after_the_document(cast):
    document = factories.approved(cast, publish=True)
    response = Client().get(reverse("quality:pdf", args=[cast.alfa.slug, document.uuid]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "filename*=UTF-8''Kokyb%C4%97s%20politika%20v1.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_html_version_of_an_uploaded_document_goes_to_its_file(cast):
    document = factories.approved(
        cast, type_code="equass-certificate", start="file", upload=factories.pdf_upload(), publish=True
    )
    response = Client().get(reverse("quality:document", args=[cast.alfa.slug, document.uuid]))
    assert response.status_code == 302 and response["Location"].endswith("/file/")
    response = Client().get(reverse("quality:file", args=[cast.alfa.slug, document.uuid]))
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_uploaded_files_live_outside_the_static_roots(cast, settings):
    document = factories.approved(cast, type_code="equass-certificate", start="file", upload=factories.pdf_upload())
    path = document.current_version.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    for root in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not path.startswith(str(root))


def test_page_is_cacheable_answers_304_and_changes_when_a_document_is_published(cast):
    factories.approved(cast, publish=True)
    client = Client()
    first = client.get(page_url(cast))
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert client.get(page_url(cast), headers={"If-None-Match": etag}).status_code == 304
    other = factories.approved(cast, type_code="complaints-procedure")
    services.document_publish(document=other, by=cast.ona)
    second = client.get(page_url(cast), headers={"If-None-Match": etag})
    assert second.status_code == 200 and second["ETag"] != etag
    assert "Skundų nagrinėjimo tvarka" in second.content.decode()


def test_page_is_rendered_without_anything_personal(cast):
    factories.approved(cast, publish=True)
    client = Client()
    client.force_login(cast.ona)
    text = client.get(page_url(cast)).content.decode()
    assert "Ona Onaitė" not in text and "csrfmiddlewaretoken" not in text


def test_renaming_a_document_does_not_change_its_published_approved_version(cast):
    document = factories.approved(cast, publish=True)
    document.title = "Pervadinta"
    document.save()
    response = Client().get(page_url(cast))
    assert "Kokybės politika" in response.content.decode() and "Pervadinta" not in response.content.decode()
    pdf = Client().get(reverse("quality:pdf", args=[cast.alfa.slug, document.uuid]))
    assert "Kokyb%C4%97s%20politika%20v1.pdf" in pdf["Content-Disposition"]
