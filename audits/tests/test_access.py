"""An external auditor sees only the cycle and evidence granted, only until the end date, never other organisations;
every read of evidence is in the activity log."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import EvidenceItem, EvidenceKind
from assessments.tests.factories import answer_for, make_assessment
from audits import access, services
from audits.models import AuditFinding, AuditorGrant, DocumentScope, Status
from kokybe.test import urls_for
from orgs.models import ActivityEntry
from orgs.roles import Role

from .factories import evidence_file, make_audit, make_document, world

url = urls_for("audits")

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast):
    return world(cast)


@pytest.fixture
def edvardas(cast):
    client = Client()
    client.force_login(cast.users[Role.EXTERNAL_AUDITOR])
    return client


def cycle_url(cast, w):
    return url("granted_cycle", cast, grant_pk=w["alfa"]["grant"].pk)


def evidence_url(cast, w, item=None):
    return url("granted_evidence", cast, grant_pk=w["alfa"]["grant"].pk, evidence_pk=(item or w["alfa"]["item"]).pk)


def end_grant(w, day):
    AuditorGrant.objects.filter(pk=w["alfa"]["grant"].pk).update(valid_until=day)


def test_auditor_reads_the_granted_cycle_its_ratings_narratives_and_evidence(cast, w, edvardas):
    text = edvardas.get(cycle_url(cast, w)).text
    assert "Tvarka patvirtinta 2025 m." in text and "Iš dalies atitinka" in text
    assert "Kokybės politika (įsakymas)" in text
    assert "Kiekvienas čia atvertas failas įrašomas į organizacijos veiklos žurnalą." in text


def test_on_the_grants_last_day_the_auditor_still_reads(cast, w, edvardas):
    end_grant(w, timezone.localdate())
    assert edvardas.get(cycle_url(cast, w)).status_code == 200
    assert edvardas.get(evidence_url(cast, w)).status_code == 200


def test_the_day_after_the_grant_ends_everything_is_404(cast, w, edvardas):
    end_grant(w, timezone.localdate() - timedelta(days=1))
    assert edvardas.get(cycle_url(cast, w)).status_code == 404
    assert edvardas.get(evidence_url(cast, w)).status_code == 404
    assert "Šiuo metu jums nesuteikta prieiga" in edvardas.get(url("granted", cast)).text


def test_the_day_after_the_membership_ends_the_organisation_is_gone_even_with_a_grant(cast, w, edvardas):
    membership = cast.memberships[Role.EXTERNAL_AUDITOR]
    end_grant(w, timezone.localdate() + timedelta(days=60))
    membership.access_until = timezone.localdate()
    membership.save()
    assert edvardas.get(cycle_url(cast, w)).status_code == 200
    membership.access_until = timezone.localdate() - timedelta(days=1)
    membership.save()
    assert edvardas.get(cycle_url(cast, w)).status_code == 404
    assert edvardas.get(evidence_url(cast, w)).status_code == 404
    assert edvardas.get(reverse("orgs:dashboard", args=[cast.alfa.slug])).status_code == 404


def test_a_revoked_grant_opens_nothing(cast, w, edvardas):
    access.grant_revoke(grant=w["alfa"]["grant"], by=cast.jonas)
    assert edvardas.get(cycle_url(cast, w)).status_code == 404


def test_evidence_outside_the_granted_cycle_is_404(cast, w, edvardas):
    other_cycle = make_assessment(cast, w["alfa"]["cycle"].version, title="Kitas ciklas")
    hidden = evidence_file(cast.alfa, answer_for(other_cycle, "1.1.1"), title="Personalo bylos")
    assert edvardas.get(evidence_url(cast, w, hidden)).status_code == 404
    assert "Personalo bylos" not in edvardas.get(cycle_url(cast, w)).text


def test_another_organisations_grant_and_evidence_are_404(cast, w, edvardas):
    beta = w["beta"]
    assert edvardas.get(url("granted_cycle", cast, grant_pk=beta["grant"].pk)).status_code == 404
    assert (
        edvardas.get(
            url("granted_evidence", cast, grant_pk=w["alfa"]["grant"].pk, evidence_pk=beta["item"].pk)
        ).status_code
        == 404
    )
    beta_url = reverse("audits:granted_cycle", args=[cast.beta.slug, beta["grant"].pk])
    assert edvardas.get(beta_url).status_code == 404


def test_a_grant_for_someone_else_is_404(cast, w, edvardas):
    AuditorGrant.objects.filter(pk=w["alfa"]["grant"].pk).update(email="kitas@equass.test")
    assert edvardas.get(cycle_url(cast, w)).status_code == 404


def test_every_read_of_evidence_is_logged_with_the_item(cast, w, edvardas):
    item = w["alfa"]["item"]
    response = edvardas.get(evidence_url(cast, w))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    edvardas.get(evidence_url(cast, w))
    reads = ActivityEntry.objects.filter(
        verb=ActivityEntry.Verb.VIEWED,
        target_type=ContentType.objects.get_for_model(EvidenceItem),
        target_id=str(item.pk),
        actor=cast.users[Role.EXTERNAL_AUDITOR],
    )
    assert reads.count() == 2 and reads.first().org == cast.alfa


def test_a_web_address_is_opened_through_the_logged_view(cast, w, edvardas):
    link = EvidenceItem.objects.create(
        org=cast.alfa, kind=EvidenceKind.URL, title="Svetainė", url="https://klaipeda.example/kokybe"
    )
    link.answers.add(w["alfa"]["answer"])
    response = edvardas.get(evidence_url(cast, w, link))
    assert response.status_code == 302 and response["Location"] == "https://klaipeda.example/kokybe"
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED, target_id=str(link.pk)).exists()


def test_the_external_auditor_sees_nothing_else_of_the_organisation(cast, w, edvardas):
    assert edvardas.get(reverse("audits:list", args=[cast.alfa.slug])).status_code == 403
    assert edvardas.get(reverse("assessments:list", args=[cast.alfa.slug])).status_code == 403
    assert edvardas.get(reverse("audits:certificates", args=[cast.alfa.slug])).status_code == 403
    dashboard = edvardas.get(reverse("orgs:dashboard", args=[cast.alfa.slug])).text
    assert "Audito medžiaga" in dashboard and str(w["alfa"]["cycle"]) in dashboard


def test_documents_in_force_are_read_through_the_logged_view(cast, w, edvardas):
    document = w["alfa"]["document"]
    doc_url = url("granted_document", cast, grant_pk=w["alfa"]["grant"].pk, document_uuid=document.uuid)
    assert document.title in edvardas.get(cycle_url(cast, w)).text
    response = edvardas.get(doc_url)
    assert response.status_code == 200 and "Mes teikiame kokybiškas paslaugas." in response.text
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED, target_id=str(document.pk)).exists()


def test_chosen_documents_open_only_those(cast, w, edvardas):
    grant = w["alfa"]["grant"]
    other = make_document(cast.alfa, title="Skundų nagrinėjimo tvarka")
    AuditorGrant.objects.filter(pk=grant.pk).update(documents_scope=DocumentScope.CHOSEN)
    grant.documents.set([other])
    hidden = url("granted_document", cast, grant_pk=grant.pk, document_uuid=w["alfa"]["document"].uuid)
    shown = url("granted_document", cast, grant_pk=grant.pk, document_uuid=other.uuid)
    assert edvardas.get(hidden).status_code == 404
    assert edvardas.get(shown).status_code == 200


def test_no_documents_scope_opens_none(cast, w, edvardas):
    grant = w["alfa"]["grant"]
    AuditorGrant.objects.filter(pk=grant.pk).update(documents_scope=DocumentScope.NONE)
    doc_url = url("granted_document", cast, grant_pk=grant.pk, document_uuid=w["alfa"]["document"].uuid)
    assert edvardas.get(doc_url).status_code == 404


def test_the_auditor_records_findings_on_their_audit(cast, w, edvardas):
    response = edvardas.post(
        url("granted_finding", cast, grant_pk=w["alfa"]["grant"].pk),
        {"kind": "recommendation", "text": "Įtraukti paslaugų gavėjus į planų peržiūrą.", "evidence": ""},
    )
    assert response.status_code == 302
    finding = AuditFinding.objects.get(audit=w["alfa"]["external"], kind="recommendation")
    assert finding.created_by == cast.users[Role.EXTERNAL_AUDITOR]
    assert "Įtraukti paslaugų gavėjus" in edvardas.get(cycle_url(cast, w)).text


def test_no_findings_once_the_audit_is_closed(cast, w, edvardas):
    audit = w["alfa"]["external"]
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    edvardas.post(url("granted_finding", cast, grant_pk=w["alfa"]["grant"].pk), {"kind": "unmet", "text": "Vėliau"})
    assert not AuditFinding.objects.filter(audit=audit, kind="unmet").exists()
    assert "Įrašyti radinį" not in edvardas.get(cycle_url(cast, w)).text


def test_the_coordinator_gives_access_by_invitation(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    cycle = make_assessment(cast)
    audit = make_audit(cast, cycle.version, kind="external", assessment=cycle)
    client = Client()
    client.force_login(cast.jonas)
    form_page = client.get(url("grant_create", cast) + f"?audit={audit.pk}").text
    assert f'<option value="{cycle.pk}" selected>' in form_page
    until = (timezone.localdate() + timedelta(days=20)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("grant_create", cast),
            {
                "email": "auditore@equass.test",
                "assessment": cycle.pk,
                "audit": audit.pk,
                "valid_until": until,
                "documents_scope": "published",
                "language": "lt",
            },
        )
    assert response.status_code == 302
    grant = AuditorGrant.objects.get()
    assert grant.invitation.role == Role.EXTERNAL_AUDITOR and grant.invitation.access_until.isoformat() == until
    assert mail.outbox[0].to == ["auditore@equass.test"]
    listing = client.get(url("grants", cast)).text
    assert "auditore@equass.test" in listing and until in listing


def test_a_past_end_date_is_refused(cast):
    client = Client()
    client.force_login(cast.jonas)
    response = client.post(
        url("grant_create", cast),
        {
            "email": "a@equass.test",
            "assessment": make_assessment(cast).pk,
            "valid_until": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "documents_scope": "none",
            "language": "lt",
        },
    )
    assert response.status_code == 200 and "Prieiga turi galioti bent iki šiandien." in response.text
    assert not AuditorGrant.objects.exists()
