"""Documents (or one approved version of a document) as evidence on audit findings: recorded with the finding,
locked with it when the audit closes, shown on the audit pages and reports, opened by an external auditor only
through the grant's logged download."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.tests.factories import make_version
from audits import services
from audits.models import AuditFinding, AuditorGrant, FindingDocument, FindingLocked, Status
from documents import services as document_services
from documents.models import DocumentVersion
from documents.tests import factories as documents
from kokybe.test import assert_constant_queries, client_for, urls_for
from orgs.models import ActivityEntry
from orgs.roles import Role

from .factories import make_audit, world

url = urls_for("audits")

pytestmark = pytest.mark.django_db


def two_versions(cast, org=None, type_code="ethics-policy"):
    """An approved document whose version 1 was replaced by an approved version 2."""
    document = documents.approved(cast, org, type_code=type_code)
    by = documents.director(cast, document.org)
    version = document_services.document_new_version(document=document, by=by)
    document_services.version_save(version=version, by=by, body="# 1. Paskirtis\n\nAtnaujinta.\n")
    document_services.document_submit(document=document, by=by)
    document_services.document_approve(
        document=document, by=by, approved_on=date(2025, 6, 2), effective_from=date(2025, 6, 2), order_number="V-30"
    )
    document.refresh_from_db()
    return document


def version_of(document, number):
    return DocumentVersion.objects.get(document=document, number=number)


@pytest.fixture
def auditor(cast):
    return cast.users[Role.INTERNAL_AUDITOR]


@pytest.fixture
def audit(cast):
    return make_audit(cast, make_version(), lead_auditor=cast.users[Role.INTERNAL_AUDITOR])


@pytest.fixture
def policy(cast):
    return documents.approved(cast)  # "Kokybės politika", version 1 in force


@pytest.fixture
def ethics(cast):
    return two_versions(cast)  # "Etikos ir gerovės užtikrinimo politika", versions 1 and 2


def entry_of(finding, verb):
    return ActivityEntry.objects.get(
        verb=verb, target_type=ContentType.objects.get_for_model(AuditFinding), target_id=str(finding.pk)
    )


def close(audit, by):
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=by)
    services.audit_close(audit=audit, by=by)


# ── The record: links are part of the finding ──────────────────────────────────────────────────────────────────────


def test_a_finding_is_recorded_with_its_documents_and_the_log_names_them(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit,
        kind="minor_nc",
        text="Darbuotojai nesupažindinti su etikos politika.",
        documents=[(policy, None), (ethics, version_of(ethics, 1))],
        by=auditor,
    )
    links = {(link.document_id, link.version_id) for link in finding.document_links.all()}
    assert links == {(policy.pk, None), (ethics.pk, version_of(ethics, 1).pk)}
    entry = entry_of(finding, ActivityEntry.Verb.CREATED)
    assert "Kokybės politika" in entry.changes["documents"][1] and "· v1" in entry.changes["documents"][1]
    assert entry.field_labels["documents"] == "Documents"


def test_updating_a_finding_replaces_its_documents_and_logs_before_and_after(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(policy, None)], by=auditor
    )
    services.finding_update(finding=finding, by=auditor, documents=[(ethics, version_of(ethics, 2))])
    assert [(link.document, link.version) for link in finding.document_links.all()] == [(ethics, version_of(ethics, 2))]
    entry = entry_of(finding, ActivityEntry.Verb.UPDATED)
    before, after = entry.changes["documents"]
    assert before == "Kokybės politika" and after.endswith("· v2")


def test_links_of_a_closed_audits_finding_cannot_be_added_changed_or_removed(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(policy, None)], by=auditor
    )
    close(audit, auditor)
    link = finding.document_links.get()
    with pytest.raises(FindingLocked):
        FindingDocument(org=cast.alfa, finding=finding, document=ethics).save()
    link.version = policy.current_version
    with pytest.raises(FindingLocked):
        link.save()
    with pytest.raises(FindingLocked):
        link.delete()
    with pytest.raises(FindingLocked):
        FindingDocument.objects.filter(pk=link.pk).update(version=policy.current_version)
    with pytest.raises(FindingLocked):
        FindingDocument.objects.filter(finding=finding).delete()
    with pytest.raises(ValidationError):
        services.finding_update(finding=finding, by=auditor, documents=[])
    assert list(FindingDocument.objects.values_list("document_id", "version_id")) == [(policy.pk, None)]


def test_an_open_findings_links_can_be_changed_and_removed(cast, audit, auditor, policy):
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(policy, None)], by=auditor
    )
    link = finding.document_links.get()
    link.version = policy.current_version
    link.save()
    link.delete()
    assert not FindingDocument.objects.exists()


def test_a_correction_on_a_closed_audit_carries_its_own_documents(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit, kind="major_nc", text="Nėra tvarkos.", documents=[(policy, None)], by=auditor
    )
    close(audit, auditor)
    correction = services.finding_correct(
        finding=finding, by=auditor, kind="minor_nc", text="Tvarka yra, bet pasenusi.", documents=[(ethics, None)]
    )
    assert [link.document for link in correction.document_links.all()] == [ethics]
    assert [link.document for link in finding.document_links.all()] == [policy]
    with pytest.raises(FindingLocked):
        correction.document_links.get().delete()


def test_a_link_refuses_another_organisations_document_and_an_unapproved_or_foreign_version(
    cast, audit, auditor, policy, ethics
):
    finding = services.finding_create(audit=audit, kind="observation", text="Pastebėjimas", by=auditor)
    beta_document = documents.approved(cast, cast.beta)
    with pytest.raises(ValidationError) as refused:
        FindingDocument(org=cast.alfa, finding=finding, document=beta_document).full_clean()
    assert "document" in refused.value.error_dict
    revised = documents.revised(cast, type_code="complaints-procedure")
    draft_version = version_of(revised, 2)
    with pytest.raises(ValidationError) as refused:
        FindingDocument(org=cast.alfa, finding=finding, document=revised, version=draft_version).full_clean()
    assert "version" in refused.value.error_dict
    with pytest.raises(ValidationError):
        FindingDocument(org=cast.alfa, finding=finding, document=policy, version=version_of(ethics, 1)).full_clean()


def test_a_document_a_finding_rests_on_cannot_be_deleted_from_under_it(cast, audit, auditor):
    from django.db.models import RestrictedError

    draft = documents.draft(cast, type_code="ethics-policy")  # a draft alone could be deleted
    services.finding_create(audit=audit, kind="observation", text="x", documents=[(draft, None)], by=auditor)
    with pytest.raises(RestrictedError):
        draft.delete()


# ── The finding form ───────────────────────────────────────────────────────────────────────────────────────────────


def test_the_finding_form_offers_the_organisations_documents_and_their_approved_versions(
    cast, audit, auditor, policy, ethics
):

    beta_document = documents.approved(cast, cast.beta, type_code="ethics-policy", title="Beta etikos kodeksas")
    archived = documents.approved(cast, type_code="other", title="Senas reglamentas")
    document_services.document_archive(document=archived, by=cast.ona)
    text = client_for(auditor).get(url("detail", cast, audit.pk)).text
    assert 'name="documents"' in text and "multiple" in text
    assert f'<optgroup label="{policy.title}">' in text and f'value="d{policy.pk}"' in text
    assert "Galiojanti versija" in text
    assert "1 versija, patvirtinta 2024-03-01" in text and "2 versija, patvirtinta 2025-06-02" in text
    assert beta_document.title not in text and "Senas reglamentas" not in text


def test_recording_a_finding_with_a_document_and_a_pinned_version_shows_both(cast, audit, auditor, policy, ethics):
    client = client_for(auditor)
    response = client.post(
        url("finding_create", cast, audit.pk),
        {
            "kind": "minor_nc",
            "text": "Etikos politikos 1 versija neperžiūrėta.",
            "documents": [f"d{policy.pk}", f"v{version_of(ethics, 1).pk}"],
        },
    )
    assert response.status_code == 302
    finding = AuditFinding.objects.get()
    assert finding.document_links.count() == 2
    page = client.get(url("finding", cast, audit.pk, finding.pk)).text
    assert "Dokumentai" in page
    assert "galiojanti versija, dabar 1 versija" in page
    assert "1 versija, nebegaliojanti" in page
    assert version_of(ethics, 1).get_absolute_url() in page and policy.current_version.get_absolute_url() in page
    detail = client.get(url("detail", cast, audit.pk)).text
    assert ethics.title in detail and "1 versija, nebegaliojanti" in detail


def test_the_form_refuses_another_organisations_document(cast, audit, auditor):
    beta_document = documents.approved(cast, cast.beta)
    response = client_for(auditor).post(
        url("finding_create", cast, audit.pk),
        {"kind": "observation", "text": "Pastebėjimas", "documents": [f"d{beta_document.pk}"]},
    )
    assert response.status_code == 400 and not AuditFinding.objects.exists()
    pinned = client_for(auditor).post(
        url("finding_create", cast, audit.pk),
        {"kind": "observation", "text": "Pastebėjimas", "documents": [f"v{beta_document.current_version_id}"]},
    )
    assert pinned.status_code == 400 and not FindingDocument.objects.exists()


def test_the_form_refuses_two_versions_of_one_document(cast, audit, auditor, ethics):
    response = client_for(auditor).post(
        url("finding_create", cast, audit.pk),
        {
            "kind": "observation",
            "text": "Pastebėjimas",
            "documents": [f"d{ethics.pk}", f"v{version_of(ethics, 1).pk}"],
        },
    )
    assert response.status_code == 400
    assert "Kiekvieną dokumentą pasirinkite vieną kartą" in response.text
    assert not AuditFinding.objects.exists()


def test_editing_a_finding_shows_its_documents_chosen_and_changes_them(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(policy, None)], by=auditor
    )
    client = client_for(auditor)
    form = client.get(url("finding_edit", cast, audit.pk, finding.pk)).text
    assert f'value="d{policy.pk}" selected' in form
    response = client.post(
        url("finding_edit", cast, audit.pk, finding.pk),
        {"kind": "observation", "text": "Pastebėjimas", "documents": [f"v{version_of(ethics, 2).pk}"]},
    )
    assert response.status_code == 302
    assert [(link.document, link.version) for link in finding.document_links.all()] == [(ethics, version_of(ethics, 2))]


def test_a_linked_document_archived_later_stays_on_the_edit_form(cast, audit, auditor, policy):
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(policy, None)], by=auditor
    )
    document_services.document_archive(document=policy, by=cast.ona)
    client = client_for(auditor)
    assert f'value="d{policy.pk}" selected' in client.get(url("finding_edit", cast, audit.pk, finding.pk)).text
    response = client.post(
        url("finding_edit", cast, audit.pk, finding.pk),
        {"kind": "observation", "text": "Pataisytas tekstas", "documents": [f"d{policy.pk}"]},
    )
    assert response.status_code == 302 and finding.document_links.get().document == policy


def test_a_closed_audits_finding_links_cannot_be_changed_through_the_pages(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(policy, None)], by=auditor
    )
    close(audit, auditor)
    response = client_for(auditor).post(
        url("finding_edit", cast, audit.pk, finding.pk),
        {"kind": "observation", "text": "Pastebėjimas", "documents": [f"d{ethics.pk}"]},
    )
    assert response.status_code == 403
    assert [link.document for link in finding.document_links.all()] == [policy]


def test_the_on_site_screen_records_and_shows_a_findings_documents(cast, audit, auditor, policy):
    item = audit.checklist.order_by("indicator__code").first()
    client = client_for(auditor)
    onsite = client.get(url("onsite", cast, audit.pk, item.pk)).text
    assert 'name="finding-documents"' in onsite
    response = client.post(
        url("finding_create", cast, audit.pk),
        {
            "item": item.pk,
            "finding-kind": "strength",
            "finding-text": "Kokybės politika žinoma visiems.",
            "finding-documents": [f"d{policy.pk}"],
        },
    )
    assert response["Location"] == url("onsite", cast, audit.pk, item.pk)
    assert AuditFinding.objects.get().document_links.get().document == policy
    page = client.get(url("onsite", cast, audit.pk, item.pk)).text
    assert "galiojanti versija, dabar 1 versija" in page


def test_the_checklist_shows_the_documents_beside_each_finding(cast, audit, auditor, policy):
    item = audit.checklist.order_by("indicator__code").first()
    services.finding_create(
        audit=audit, kind="strength", text="Gerai", indicator=item.indicator, documents=[(policy, None)], by=auditor
    )
    text = client_for(cast.rasa).get(url("checklist", cast, audit.pk)).text
    assert f'<a href="{policy.current_version.get_absolute_url()}">{policy.title}</a>' in text


def test_a_correction_through_the_page_starts_with_and_records_documents(cast, audit, auditor, policy, ethics):
    finding = services.finding_create(
        audit=audit, kind="major_nc", text="Nėra registro.", documents=[(policy, None)], by=auditor
    )
    close(audit, auditor)
    client = client_for(auditor)
    page = client.get(url("finding", cast, audit.pk, finding.pk)).text
    assert f'value="d{policy.pk}" selected' in page
    client.post(
        url("finding_correct", cast, audit.pk, finding.pk),
        {"kind": "minor_nc", "text": "Registras yra.", "documents": [f"v{version_of(ethics, 2).pk}"]},
    )
    correction = AuditFinding.objects.get(corrects=finding)
    assert [(link.document, link.version) for link in correction.document_links.all()] == [
        (ethics, version_of(ethics, 2))
    ]


def test_an_action_made_from_a_finding_names_its_documents(cast, audit, auditor, policy):
    finding = services.finding_create(
        audit=audit, kind="minor_nc", text="Politika nepaskelbta.", documents=[(policy, None)], by=auditor
    )
    action = services.finding_to_action(finding=finding, by=auditor)
    assert "Dokumentai: Kokybės politika" in action.description


# ── Reports ────────────────────────────────────────────────────────────────────────────────────────────────────────


def _reported(cast, audit, auditor, policy, ethics):
    return services.finding_create(
        audit=audit,
        kind="minor_nc",
        text="Etikos politika neperžiūrėta.",
        documents=[(policy, None), (ethics, version_of(ethics, 1))],
        by=auditor,
    )


def test_the_docx_report_lists_each_findings_documents_with_version_and_order(cast, audit, auditor, policy, ethics):
    from docx import Document

    _reported(cast, audit, auditor, policy, ethics)
    response = client_for(cast.rasa).get(url("report_docx", cast, audit.pk))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Dokumentai:" in text
    assert "Kokybės politika (galiojanti versija, dabar 1 versija, patvirtinta 2024-03-01, įsakymo Nr. V-12)" in text
    assert f"{ethics.title} (1 versija, nebegaliojanti, patvirtinta 2024-03-01, įsakymo Nr. V-12)" in text


def test_the_pdf_report_lists_each_findings_documents(cast, audit, auditor, policy, ethics):
    from actions.tests.test_plan_pdf import extract

    _reported(cast, audit, auditor, policy, ethics)
    response = client_for(cast.rasa).get(url("report_pdf", cast, audit.pk) + "?lang=en")
    text = " ".join(extract(response.content).split())
    assert "the version in force, now version 1" in text and "version 1, no longer in force" in text


# ── The external auditor's granted pages ───────────────────────────────────────────────────────────────────────────


@pytest.fixture
def w(cast):
    return world(cast)["alfa"]


@pytest.fixture
def edvardas(cast):
    return client_for(cast.users[Role.EXTERNAL_AUDITOR])


def granted_url(cast, w, link):
    return reverse(
        "audits:granted_finding_document",
        kwargs={
            "org_slug": cast.alfa.slug,
            "grant_pk": w["grant"].pk,
            "finding_pk": link.finding_id,
            "link_pk": link.pk,
        },
    )


def external_finding(cast, w, documents_):
    return services.finding_create(
        audit=w["external"], kind="recommendation", text="Rekomendacija", documents=documents_, by=cast.jonas
    )


def test_the_auditor_sees_a_findings_documents_and_reads_them_only_through_the_logged_download(cast, w, edvardas):
    document = w["document"]
    link = external_finding(cast, w, [(document, None)]).document_links.get()
    page = edvardas.get(reverse("audits:granted_cycle", args=[cast.alfa.slug, w["grant"].pk])).text
    assert granted_url(cast, w, link) in page and "galiojanti versija, dabar 1 versija" in page
    assert document.current_version.get_absolute_url() not in page  # the insiders' page would be 403 anyway
    response = edvardas.get(granted_url(cast, w, link))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].startswith("attachment;")
    read = ActivityEntry.objects.get(verb=ActivityEntry.Verb.VIEWED, actor=cast.users[Role.EXTERNAL_AUDITOR])
    assert read.target_type == ContentType.objects.get_for_model(DocumentVersion)
    assert read.target_id == str(document.current_version_id) and read.org == cast.alfa


def test_a_findings_document_opens_even_when_the_grant_opens_no_documents(cast, w, edvardas):
    from audits.models import DocumentScope

    AuditorGrant.objects.filter(pk=w["grant"].pk).update(documents_scope=DocumentScope.NONE)
    link = external_finding(cast, w, [(w["document"], None)]).document_links.get()
    assert edvardas.get(granted_url(cast, w, link)).status_code == 200


def test_a_document_with_nothing_approved_has_no_download(cast, w, edvardas):
    draft = documents.draft(cast, type_code="ethics-policy")
    link = external_finding(cast, w, [(draft, None)]).document_links.get()
    page = edvardas.get(reverse("audits:granted_cycle", args=[cast.alfa.slug, w["grant"].pk])).text
    assert draft.title in page and granted_url(cast, w, link) not in page
    assert edvardas.get(granted_url(cast, w, link)).status_code == 404
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED).exists()


def test_links_of_other_audits_or_organisations_or_after_the_grant_are_404(cast, w, edvardas):
    internal = services.finding_create(
        audit=w["internal"], kind="strength", text="Gerai", documents=[(w["document"], None)], by=cast.jonas
    )
    inside = internal.document_links.get()
    assert edvardas.get(granted_url(cast, w, inside)).status_code == 404
    beta = world(cast)["beta"]
    beta_link = services.finding_create(
        audit=beta["external"], kind="strength", text="Gerai", documents=[(beta["document"], None)], by=cast.petras
    ).document_links.get()
    assert edvardas.get(granted_url(cast, w, beta_link)).status_code == 404
    link = external_finding(cast, w, [(w["document"], None)]).document_links.get()
    wrong_finding = granted_url(cast, w, link).replace(f"/findings/{link.finding_id}/", f"/findings/{internal.pk}/")
    assert edvardas.get(wrong_finding).status_code == 404
    AuditorGrant.objects.filter(pk=w["grant"].pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert edvardas.get(granted_url(cast, w, link)).status_code == 404


def test_the_auditor_links_only_documents_the_grant_opens(cast, w, edvardas):
    hidden = documents.approved(cast, type_code="ethics-policy", title="Vidaus etikos tvarka")
    from audits.models import DocumentScope

    grant = w["grant"]
    AuditorGrant.objects.filter(pk=grant.pk).update(documents_scope=DocumentScope.CHOSEN)
    grant.documents.set([w["document"]])
    page = edvardas.get(reverse("audits:granted_cycle", args=[cast.alfa.slug, grant.pk])).text
    assert f'value="d{w["document"].pk}"' in page and "Vidaus etikos tvarka" not in page
    finding_url = reverse("audits:granted_finding", args=[cast.alfa.slug, grant.pk])
    edvardas.post(finding_url, {"kind": "observation", "text": "Slapta", "documents": [f"d{hidden.pk}"]})
    assert not AuditFinding.objects.filter(text="Slapta").exists()
    edvardas.post(finding_url, {"kind": "observation", "text": "Matoma", "documents": [f"d{w['document'].pk}"]})
    assert AuditFinding.objects.get(text="Matoma").document_links.get().document == w["document"]


# ── Query budgets ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_audit_page_with_findings_and_their_documents_keeps_its_queries(cast, audit, auditor, policy, ethics):
    client = client_for(auditor)
    pinned = version_of(ethics, 1)

    def grow(n):
        for i in range(audit.findings.count(), n):
            services.finding_create(
                audit=audit,
                kind="observation",
                text=f"Pastebėjimas {i}",
                documents=[(policy, None), (ethics, pinned)],
                by=auditor,
            )

    def render():
        assert client.get(url("detail", cast, audit.pk)).status_code == 200

    assert_constant_queries(render, grow, small=5, large=40)


def test_the_granted_page_with_findings_and_their_documents_keeps_its_queries(cast, w, edvardas):
    def grow(n):
        for _i in range(w["external"].findings.count(), n):
            external_finding(cast, w, [(w["document"], None)])

    def render():
        response = edvardas.get(reverse("audits:granted_cycle", args=[cast.alfa.slug, w["grant"].pk]))
        assert response.status_code == 200

    assert_constant_queries(render, grow, small=5, large=40)
