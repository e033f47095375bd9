"""Document pages inside the organisation: they work, the roles hold, htmx gets fragments, Lithuanian renders."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from documents import services
from documents.models import Document, DocumentSettings, DocumentVersion, Status, VersionState
from documents.tests import factories
from kokybe.test import client_for, urls_for
from orgs.roles import Role

url = urls_for("documents")

pytestmark = pytest.mark.django_db


def test_list_shows_documents_in_lithuanian(cast):
    factories.approved(cast, publish=True)
    factories.draft(cast, type_code="complaints-procedure")
    response = client_for(cast.vida).get(url("list", cast))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Kokybės politika" in text and "Skundų nagrinėjimo tvarka" in text
    assert "Dokumentai" in text and "Paskelbtas" in text


def test_list_search_matches_with_and_without_diacritics(cast):
    factories.approved(cast, type_code="complaints-procedure")
    factories.approved(cast, type_code="quality-policy")
    client = client_for(cast.rasa)
    for query in ["skundų", "skundu", "SKUND", "registre"]:  # title, folded, prefix, in the text
        found = [d.title for d in client.get(url("list", cast), {"q": query}).context["documents"]]
        assert found == ["Skundų nagrinėjimo tvarka"], query


def test_list_filters_by_status_and_htmx_gets_only_the_results(cast):
    factories.approved(cast)
    factories.draft(cast, type_code="complaints-procedure")
    client = client_for(cast.jonas)
    response = client.get(url("list", cast), {"status": "draft"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "Skundų nagrinėjimo tvarka" in text and "Kokybės politika" not in text
    assert "<html" not in text and 'id="document-results"' in text


def test_list_hides_archived_documents_unless_asked(cast):
    document = factories.approved(cast)
    services.document_archive(document=document, by=cast.ona)
    client = client_for(cast.jonas)
    assert client.get(url("list", cast)).context["documents"] == []
    assert client.get(url("list", cast), {"status": "all"}).context["documents"] == [document]


def test_checklist_shows_in_order_missing_draft_and_past_review(cast):
    factories.approved(cast, type_code="quality-policy")
    overdue = factories.approved(cast, type_code="health-safety-plan", approved_on=date(2020, 1, 1))
    factories.draft(cast, type_code="complaints-procedure")
    response = client_for(cast.jonas).get(url("checklist", cast))
    states = {t.code: state for t, state, _docs in response.context["required_rows"]}
    assert states["quality-policy"] == "ok"
    assert states["health-safety-plan"] == "overdue" and overdue.next_review_on == date(2021, 1, 1)
    assert states["complaints-procedure"] == "draft"
    assert states["service-users-charter"] == "missing"
    assert response.context["in_order"] == 1
    text = response.content.decode()
    assert "Patvirtintas ir galiojantis" in text and "Praėjęs peržiūros terminas" in text
    assert "?type=service-users-charter" in text  # start a missing one from the checklist


def test_create_from_the_checklist_link_prefills_the_type_and_starts_the_template(cast):
    client = client_for(cast.jonas)
    response = client.get(url("create", cast), {"type": "service-users-charter"})
    assert response.context["form"].initial["title"] == "Paslaugų gavėjų chartija"
    data = {
        "type": response.context["form"].initial["type"].pk,
        "title": "Paslaugų gavėjų chartija",
        "start": "template",
        "owner": cast.jonas.pk,
        "is_public": "on",
    }
    response = client.post(url("create", cast), data)
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == url("draft", cast, document.uuid)
    assert document.versions.get().body.startswith("# 1. Kam skirta ši chartija")


def test_create_with_a_file_that_is_not_a_document_shows_a_clear_error(cast):
    doc_type = factories.DocumentType.objects.get(code="equass-certificate")
    upload = SimpleUploadedFile("sertifikatas.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client_for(cast.jonas).post(
        url("create", cast), {"type": doc_type.pk, "title": "Sertifikatas", "start": "file", "file": upload}
    )
    assert response.status_code == 200 and not Document.objects.exists()
    assert response.context["form"].errors["file"]


def test_draft_editor_shows_auditor_guidance_and_previews_with_htmx(cast):
    document = factories.draft(cast)
    client = client_for(cast.jonas)
    page = client.get(url("draft", cast, document.uuid)).content.decode()
    assert "Ko ieško auditorius" in page
    assert "patvirtintų, viešai paskelbtų misijos" in page  # guidance of the quality-policy template
    response = client.post(
        url("draft", cast, document.uuid),
        {"preview": "1", "body": "# Antraštė\n\n<script>x</script>**svarbu**"},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "<html" not in text and "<h2>Antraštė</h2>" in text and "<strong>svarbu</strong>" in text
    assert "<script>x" not in text
    assert document.versions.get().body.startswith("# 1. Paskirtis")  # a preview saves nothing


def test_draft_editor_preview_works_without_javascript(cast):
    document = factories.draft(cast)
    response = client_for(cast.jonas).post(url("draft", cast, document.uuid), {"preview": "1", "body": "**Labas**"})
    assert response.status_code == 200 and "<strong>Labas</strong>" in response.content.decode()
    assert "<html" in response.content.decode()


def test_draft_save_and_submit(cast):
    document = factories.draft(cast, owner=cast.rasa)
    client = client_for(cast.rasa)
    data = {"kind": "text", "body": "# 1. Paskirtis\n\nTekstas.", "change_summary": "Pirmas", "submit": "1"}
    response = client.post(url("draft", cast, document.uuid), data)
    document.refresh_from_db()
    assert response.status_code == 302 and document.status == Status.IN_REVIEW
    assert document.versions.get().change_summary == "Pirmas"


def test_draft_upload_replaces_text_with_a_file(cast):
    document = factories.draft(cast)
    data = {"kind": "file", "body": "", "change_summary": "", "file": factories.pdf_upload("Politika.pdf")}
    client_for(cast.jonas).post(url("draft", cast, document.uuid), data)
    version = document.versions.get()
    assert version.kind == "file" and version.original_name == "Politika.pdf"


def test_staff_who_does_not_own_the_draft_cannot_edit_it(cast):
    document = factories.draft(cast, owner=cast.jonas)
    assert client_for(cast.rasa).get(url("draft", cast, document.uuid)).status_code == 403


def test_approved_version_cannot_be_changed_through_any_view(cast):
    document = factories.approved(cast, publish=True)
    version = document.current_version
    body = version.body
    client = client_for(cast.ona)
    # The editor is closed (there is no draft) and posting to it changes nothing.
    assert client.get(url("draft", cast, document.uuid)).status_code == 403
    client.post(url("draft", cast, document.uuid), {"kind": "text", "body": "Suklastota"})
    # Approving again, returning it or editing details never reaches the approved version's content.
    client.post(url("approve", cast, document.uuid), {"approved_on": "2025-01-01", "effective_from": "2025-01-01"})
    client.post(url("transition", cast, document.uuid), {"action": "return"})
    client.post(url("edit", cast, document.uuid), {"title": "Kita", "type": document.type_id})
    version.refresh_from_db()
    assert version.body == body and version.state == VersionState.APPROVED and version.approved_on == date(2024, 3, 1)
    assert version.order_number == "V-12"


def test_approved_version_is_view_only_in_the_admin(cast):
    document = factories.approved(cast)
    version = document.current_version
    client = client_for(User.objects.create_superuser("admin@kokybe.test", "x"))
    change = reverse("admin:documents_documentversion_change", args=[version.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"body": "Suklastota", "order_number": "X-1", "change_summary": "x", "kind": "text"})
    delete = reverse("admin:documents_documentversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    version.refresh_from_db()
    assert version.body != "Suklastota" and version.order_number == "V-12"
    assert DocumentVersion.objects.filter(pk=version.pk).exists()


def test_approve_page_for_the_director_only_unless_the_setting_allows(cast):
    document = factories.submitted(cast)
    assert client_for(cast.jonas).get(url("approve", cast, document.uuid)).status_code == 403
    DocumentSettings.objects.create(org=cast.alfa, coordinator_may_approve=True)
    client = client_for(cast.jonas)
    assert client.get(url("approve", cast, document.uuid)).status_code == 200
    response = client.post(
        url("approve", cast, document.uuid),
        {"approved_on": "2025-02-03", "order_number": "V-7", "effective_from": "2025-02-03"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.APPROVED and document.current_version.order_number == "V-7"


def test_transitions_through_the_buttons(cast):
    document = factories.approved(cast)
    client = client_for(cast.jonas)
    client.post(url("transition", cast, document.uuid), {"action": "publish"})
    assert Document.objects.get().status == Status.PUBLISHED
    response = client.post(url("transition", cast, document.uuid), {"action": "revise"})
    assert response["Location"] == url("draft", cast, document.uuid)
    assert Document.objects.get().status == Status.DRAFT and document.versions.count() == 2


def test_staff_cannot_publish_through_the_button(cast):
    document = factories.approved(cast)
    assert client_for(cast.rasa).post(url("transition", cast, document.uuid), {"action": "publish"}).status_code == 403


def test_refused_transition_is_said_as_a_message(cast):
    document = factories.draft(cast)
    response = client_for(cast.jonas).post(url("transition", cast, document.uuid), {"action": "publish"}, follow=True)
    assert "Tik patvirtintą versiją galima paskelbti." in response.content.decode()
    assert Document.objects.get().status == Status.DRAFT


def test_reviewed_no_change_in_one_click(cast):
    document = factories.approved(cast)
    response = client_for(cast.jonas).post(url("review", cast, document.uuid))
    document.refresh_from_db()
    assert response.status_code == 302 and document.last_reviewed_on is not None
    assert document.reviews.count() == 1


def test_detail_shows_versions_evidence_suggestions_and_history(cast):
    from frameworks.importing import import_library

    import_library()
    document = factories.revised(cast)
    response = client_for(cast.jonas).get(url("detail", cast, document.uuid))
    text = response.content.decode()
    assert response.status_code == 200
    assert "v1" in text and "v2" in text and "Lyginti versijas" in text
    suggested = {i.code for i in response.context["suggested"]}
    assert {"1.2.1", "1.1.1"} <= suggested  # the quality policy's typical indicators, resolved in the working set


def test_version_page_of_an_obsolete_version_has_a_banner(cast):
    document = factories.revised(cast)
    version = document.versions.get(number=2)
    services.document_submit(document=document, by=cast.jonas)
    services.document_approve(
        document=document, by=cast.ona, approved_on=date(2025, 1, 2), effective_from=date(2025, 1, 2)
    )
    response = client_for(cast.vida).get(url("version", cast, document.uuid, 1))
    assert response.context["banner"] and "nebegalioja" in response.content.decode()
    assert client_for(cast.vida).get(url("version", cast, document.uuid, 2)).context["banner"] == ""
    assert document.versions.get(number=2) == version


def test_diff_between_versions_is_accessible(cast):
    document = factories.revised(cast, body="# 1. Paskirtis\n\nNaujas tekstas.\n")
    response = client_for(cast.vida).get(url("diff", cast, document.uuid))
    text = response.content.decode()
    assert '<ins><span class="visually-hidden">' in text and "Naujas tekstas." in text
    assert "<del>" in text
    assert response.context["added"] >= 1 and response.context["removed"] >= 1


def test_version_file_is_served_with_safe_headers(cast):
    document = factories.approved(
        cast, type_code="equass-certificate", start="file", upload=factories.pdf_upload("Sertifikatas 2021.pdf")
    )
    response = client_for(cast.vida).get(url("version_file", cast, document.uuid, 1))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''Sertifikatas%202021.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_version_pdf_contains_a_pdf(cast):
    document = factories.approved(cast)
    response = client_for(cast.vida).get(url("version_pdf", cast, document.uuid, 1))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")


def test_readers_page_sets_the_audience_and_shows_who_has_not_confirmed(cast):
    document = factories.approved(cast)
    client = client_for(cast.jonas)
    response = client.post(url("readers", cast, document.uuid), {"roles": [Role.STAFF, Role.VIEWER], "due_days": 7})
    assert response.status_code == 302
    services.acknowledge(version=document.current_version, by=cast.vida)
    response = client.get(url("readers", cast, document.uuid))
    coverage = response.context["coverage"]
    assert [m.user for m in coverage.pending] == [cast.rasa] and [m.user for m in coverage.done] == [cast.vida]
    assert "Priminti 1 asmeniui, kuris nepatvirtino" in response.content.decode()


def test_unit_head_sees_readers_but_cannot_change_them(cast):
    document = factories.approved(cast)
    client = client_for(cast.users[Role.UNIT_HEAD])
    assert client.get(url("readers", cast, document.uuid)).status_code == 200
    assert client.post(url("readers", cast, document.uuid), {"roles": [Role.STAFF], "due_days": 7}).status_code == 403


def test_acknowledge_from_the_version_page(cast):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF])
    client = client_for(cast.rasa)
    page = client.get(url("version", cast, document.uuid, 1))
    assert page.context["asked"] and not page.context["confirmed"]
    client.post(url("acknowledge", cast, document.uuid, 1))
    assert client.get(url("version", cast, document.uuid, 1)).context["confirmed"]


def test_coverage_by_unit_lists_who_has_not_confirmed(cast):
    cast.memberships[Role.STAFF].unit = cast.alfa_subunit
    cast.memberships[Role.STAFF].save()
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, units=[cast.alfa_unit])  # includes its sub-unit
    response = client_for(cast.jonas).get(url("coverage", cast))
    groups = response.context["groups"]
    assert [(unit, [row[0].user for row in rows]) for unit, rows in groups] == [(cast.alfa_subunit, [cast.rasa])]


def test_settings_coordinator_cannot_change_who_approves(cast):
    client = client_for(cast.jonas)
    response = client.post(
        url("settings", cast), {"coordinator_may_approve": "on", "review_warning_days": 30, "public_page": "on"}
    )
    assert response.status_code == 302
    assert not DocumentSettings.of(cast.alfa).coordinator_may_approve
    client_for(cast.ona).post(
        url("settings", cast), {"coordinator_may_approve": "on", "review_warning_days": 30, "public_page": "on"}
    )
    assert DocumentSettings.of(cast.alfa).coordinator_may_approve


def test_dashboard_lists_documents_due_for_review(cast):
    factories.approved(cast, type_code="health-safety-plan", approved_on=date(2020, 1, 1))
    response = client_for(cast.rasa).get(reverse("orgs:dashboard", args=[cast.alfa.slug]))
    text = response.content.decode()
    assert "Saugos ir sveikatos užtikrinimo priemonių planas" in text and "Dokumentų peržiūros" in text


def test_dashboard_card_is_not_shown_to_an_external_auditor(cast):
    factories.approved(cast, type_code="health-safety-plan", approved_on=date(2020, 1, 1))
    response = client_for(cast.users[Role.EXTERNAL_AUDITOR]).get(reverse("orgs:dashboard", args=[cast.alfa.slug]))
    assert "Saugos ir sveikatos užtikrinimo priemonių planas" not in response.content.decode()


def test_documents_menu_links_the_public_page_only_once_it_exists(cast):
    client = client_for(cast.jonas)
    before = client.get(url("list", cast)).content.decode()
    assert reverse("quality:page", args=[cast.alfa.slug]) not in before  # it would be a 404
    factories.approved(cast, publish=True)
    after = client.get(url("list", cast)).content.decode()
    assert f'href="{reverse("quality:page", args=[cast.alfa.slug])}"' in after
    assert client.get(reverse("quality:page", args=[cast.alfa.slug])).status_code == 200
