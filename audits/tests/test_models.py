"""Rules the models keep by themselves: closed findings stay as they are, certificate states come from dates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from assessments.tests.factories import make_version
from audits import services
from audits.models import (
    AuditFinding,
    Certificate,
    CertificateStatus,
    FindingLocked,
    Kind,
    default_expiry,
)
from orgs.roles import Role

from .factories import make_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(cast):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="minor_nc", text="Nėra mokymų registro.", by=cast.jonas)
    services.audit_transition(audit=audit, to="in_progress", by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas, summary="Sistema veikia.")
    finding.refresh_from_db()
    return finding


def test_a_closed_audits_finding_cannot_be_saved(closed):
    closed.text = "Pakeista"
    with pytest.raises(FindingLocked):
        closed.save()
    assert AuditFinding.objects.get(pk=closed.pk).text == "Nėra mokymų registro."


def test_a_closed_audits_finding_cannot_be_deleted(closed):
    with pytest.raises(FindingLocked):
        closed.delete()
    assert AuditFinding.objects.filter(pk=closed.pk).exists()


def test_bulk_update_and_delete_cannot_reach_a_closed_audits_findings(closed):
    with pytest.raises(FindingLocked):
        AuditFinding.objects.filter(pk=closed.pk).update(text="Pakeista")
    with pytest.raises(FindingLocked):
        AuditFinding.objects.filter(pk=closed.pk).delete()
    assert AuditFinding.objects.get(pk=closed.pk).text == "Nėra mokymų registro."


def test_a_new_finding_on_a_closed_audit_must_be_a_correction(closed):
    plain = AuditFinding(org=closed.org, audit=closed.audit, number=9, kind="observation", text="Vėliau")
    with pytest.raises(FindingLocked):
        plain.save()
    correction = AuditFinding(
        org=closed.org, audit=closed.audit, number=9, kind="observation", text="Patikslinta", corrects=closed
    )
    correction.save()
    assert correction.corrects == closed


def test_an_open_audits_finding_can_be_edited_and_deleted(cast):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="strength", text="Gera komanda.", by=cast.jonas)
    finding.text = "Stipri komanda."
    finding.save()
    finding.delete()
    assert not AuditFinding.objects.exists()


def test_finding_kind_must_suit_the_kind_of_audit(cast):
    internal = make_audit(cast)
    with pytest.raises(ValidationError) as exc:
        services.finding_create(audit=internal, kind="unmet", text="Neatitinka", by=cast.jonas)
    assert "kind" in exc.value.error_dict
    external = make_audit(cast, internal.version, kind=Kind.EXTERNAL)
    with pytest.raises(ValidationError):
        services.finding_create(audit=external, kind="major_nc", text="Neatitinka", by=cast.jonas)


def test_lead_auditor_of_an_internal_audit_must_be_an_auditor_or_the_coordinator(cast):
    with pytest.raises(ValidationError) as exc:
        make_audit(cast, lead_auditor=cast.rasa)
    assert "lead_auditor" in exc.value.error_dict
    assert (
        make_audit(cast, lead_auditor=cast.users[Role.INTERNAL_AUDITOR]).lead_auditor
        == cast.users[Role.INTERNAL_AUDITOR]
    )


def test_external_audit_needs_its_type(cast):
    with pytest.raises(ValidationError) as exc:
        make_audit(cast, kind=Kind.EXTERNAL, external_type="")
    assert "external_type" in exc.value.error_dict


def test_self_assessment_must_use_the_audits_framework_version(cast):
    from assessments.tests.factories import make_assessment

    cycle = make_assessment(cast, make_version(code="other-fw"))
    with pytest.raises(ValidationError) as exc:
        make_audit(cast, make_version(), assessment=cycle)
    assert "assessment" in exc.value.error_dict


# ── Certificates ──────────────────────────────────────────────────────────────────────────────────────────────────


def certificate(cast, expires_on, **fields):
    version = fields.pop("version", None) or make_version()
    return Certificate.objects.create(
        org=cast.alfa,
        version=version,
        reference=fields.pop("reference", "LIT2021-069"),
        issued_on=fields.pop("issued_on", expires_on - timedelta(days=3 * 365)),
        expires_on=expires_on,
        **fields,
    )


@pytest.mark.parametrize(
    ("days_left", "status"),
    [
        (181, CertificateStatus.VALID),
        (180, CertificateStatus.EXPIRING),
        (1, CertificateStatus.EXPIRING),
        (0, CertificateStatus.EXPIRING),
        (-1, CertificateStatus.EXPIRED),
    ],
)
def test_certificate_status_is_computed_from_its_expiry_date(cast, days_left, status):
    today = date(2026, 11, 22)
    cert = certificate(cast, today + timedelta(days=days_left))
    assert cert.status(today) == status
    in_query = {
        CertificateStatus.VALID: Certificate.objects.valid(today).exclude(pk__in=Certificate.objects.expiring(today)),
        CertificateStatus.EXPIRING: Certificate.objects.expiring(today),
        CertificateStatus.EXPIRED: Certificate.objects.expired(today),
    }
    assert [c.pk for c in in_query[status]] == [cert.pk]


def test_expiry_defaults_to_the_versions_validity(cast):
    version = make_version()  # validity_years: 3
    cert = Certificate(org=cast.alfa, version=version, reference="LIT2021-069", issued_on=date(2021, 5, 14))
    cert.full_clean()
    assert cert.expires_on == date(2024, 5, 14)
    assert default_expiry(version, date(2024, 2, 29)) == date(2027, 2, 28)


def test_expiry_must_follow_the_issue_date(cast):
    cert = Certificate(
        org=cast.alfa,
        version=make_version(),
        reference="LIT2021-069",
        issued_on=date(2021, 5, 14),
        expires_on=date(2021, 5, 1),
    )
    with pytest.raises(ValidationError) as exc:
        cert.full_clean()
    assert "expires_on" in exc.value.error_dict


@pytest.mark.parametrize(("days_left", "threshold"), [(181, None), (180, 180), (91, 180), (90, 90), (30, 30), (0, 30)])
def test_reminder_threshold_reached(cast, days_left, threshold):
    today = date(2026, 11, 22)
    assert certificate(cast, today + timedelta(days=days_left)).reminder_due(today) == threshold


def test_a_renewed_certificate_supersedes_the_old_one(cast):
    version = make_version()
    old = certificate(cast, date(2024, 5, 14), version=version)
    new = certificate(cast, date(2027, 5, 14), version=version, reference="LIT2024-112")
    assert list(Certificate.objects.not_superseded()) == [new]
    assert old.status(date(2026, 11, 22)) == CertificateStatus.EXPIRED
