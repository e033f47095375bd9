"""The admin keeps a closed audit's findings as they are, like the app does."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audits import services
from audits.models import AuditFinding, Status
from kokybe.test import pass_second_factor

from .factories import make_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    admin = User.objects.create_superuser("admin@kokybe.test", "password")
    client.force_login(admin)
    return pass_second_factor(client, admin)


def finding_on(cast, *, closed):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="observation", text="Pastebėjimas", by=cast.jonas)
    if closed:
        services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
        services.audit_close(audit=audit, by=cast.jonas)
    return finding


def test_admin_cannot_change_or_delete_a_closed_audits_finding(cast, admin_client):
    finding = finding_on(cast, closed=True)
    change = reverse("admin:audits_auditfinding_change", args=[finding.pk])
    delete = reverse("admin:audits_auditfinding_delete", args=[finding.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text  # shown read-only
    posted = admin_client.post(change, {"kind": "strength", "text": "Pakeista", "org": cast.alfa.pk})
    assert posted.status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    finding.refresh_from_db()
    assert finding.text == "Pastebėjimas"


def test_admin_offers_no_bulk_delete_of_findings(cast, admin_client):
    finding = finding_on(cast, closed=True)
    response = admin_client.post(
        reverse("admin:audits_auditfinding_changelist"),
        {"action": "delete_selected", "_selected_action": [finding.pk], "post": "yes"},
    )
    assert AuditFinding.objects.filter(pk=finding.pk).exists()
    assert response.status_code in (200, 302)


def test_admin_may_still_correct_an_open_audits_finding(cast, admin_client):
    finding = finding_on(cast, closed=False)
    page = admin_client.get(reverse("admin:audits_auditfinding_change", args=[finding.pk]))
    assert 'name="_save"' in page.text


def test_admin_cannot_delete_a_closed_audit(cast, admin_client):
    finding = finding_on(cast, closed=True)
    delete = reverse("admin:audits_audit_delete", args=[finding.audit_id])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_admin_shows_a_findings_documents_but_never_edits_them(cast, admin_client):
    from documents.tests.factories import approved

    document = approved(cast)
    audit = make_audit(cast)
    finding = services.finding_create(
        audit=audit, kind="observation", text="Pastebėjimas", documents=[(document, None)], by=cast.jonas
    )
    page = admin_client.get(reverse("admin:audits_auditfinding_change", args=[finding.pk])).text
    assert f'<a href="/admin/documents/document/{document.pk}/change/">{document.title}</a>' in page
    assert 'name="document_links-MAX_NUM_FORMS" value="0"' in page  # nothing can be added
    assert 'name="document_links-0-document"' not in page and "document_links-0-DELETE" not in page
