"""Audits, grants and certificates for the tests, made through the real services where they have side effects."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import EvidenceItem, EvidenceKind
from assessments.tests.factories import answer_for, make_assessment, make_version
from orgs.roles import Role

from .. import access, services
from ..models import Audit, Kind

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="Ataskaita.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def manager(cast, org):
    return cast.jonas if org == cast.alfa else cast.petras


def make_audit(cast, version=None, *, org=None, kind=Kind.INTERNAL, by=None, principles=(), assessment=None, **fields):
    org = org or cast.alfa
    by = by or manager(cast, org)
    version = version or (assessment.version if assessment else make_version())
    fields.setdefault("title", "Vidaus auditas 2026" if kind == Kind.INTERNAL else "Išorės auditas 2026")
    fields.setdefault("planned_start", date(2026, 10, 5))
    if kind == Kind.EXTERNAL:
        fields.setdefault("external_type", "renewal")
        fields.setdefault("auditor_name", "Andrius Navickas")
        fields.setdefault("auditor_body", "EQUASS licencijuotas auditorius")
    audit = Audit(org=org, kind=kind, version=version, assessment=assessment, **fields)
    return services.audit_save(audit=audit, by=by, principles=principles)


def make_document(org, title="Kokybės politika", body="# Kokybės politika\n\nMes teikiame kokybiškas paslaugas.\n"):
    """A published document in force, made directly (the documents app's own tests cover how it gets there)."""
    from documents.models import Document, DocumentType, DocumentVersion

    doc_type = DocumentType.objects.get(code="quality-policy")
    document = Document.objects.create(org=org, type=doc_type, title=title, status="published")
    version = DocumentVersion.objects.create(
        org=org,
        document=document,
        number=1,
        state="approved",
        kind="text",
        body=body,
        approved_on=date(2024, 3, 1),
        effective_from=date(2024, 3, 1),
        order_number="V-12",
    )
    Document.objects.filter(pk=document.pk).update(current_version=version, published_version=version)
    document.refresh_from_db()
    return document


def evidence_file(org, answer, title="Kokybės politika (įsakymas)"):
    item = EvidenceItem(org=org, kind=EvidenceKind.FILE, title=title, original_name="politika.pdf")
    item.content_type = "application/pdf"
    item.file.save("upload.pdf", ContentFile(PDF_BYTES), save=True)
    item.answers.add(answer)
    return item


def world(cast):
    """For each of Alfa and Beta: a cycle with a rated answer and evidence, an internal audit with its checklist and
    a finding, an external audit with the auditor's report, a grant, a certificate, a progress report and a review."""
    if "audits" in cast.extra:
        return cast.extra["audits"]
    from .. import services_records
    from ..forms import ReviewForm
    from ..models import Certificate

    version = make_version()
    out = {}
    for org in (cast.alfa, cast.beta):
        by = manager(cast, org)
        cycle = make_assessment(cast, version, org=org)
        answer = answer_for(cycle, "1.1.1")
        type(answer).objects.filter(pk=answer.pk).update(rating="partly", narrative="Tvarka patvirtinta 2025 m.")
        item = evidence_file(org, answer)
        internal = make_audit(cast, version, org=org, assessment=cycle)
        finding = services.finding_create(
            audit=internal,
            kind="minor_nc",
            text="Ne visi darbuotojai supažindinti su tvarka.",
            by=by,
            indicator=answer.indicator,
        )
        external = make_audit(cast, version, org=org, kind=Kind.EXTERNAL, assessment=cycle)
        external.report_file.save("upload.pdf", ContentFile(PDF_BYTES), save=False)
        Audit.objects.filter(pk=external.pk).update(
            report_file=external.report_file.name, report_name="Ataskaita.pdf", report_type="application/pdf"
        )
        document = make_document(org)
        email = cast.users[Role.EXTERNAL_AUDITOR].email if org == cast.alfa else "auditorius@beta.test"
        grant = access.grant_create(
            org=org, email=email, assessment=cycle, audit=external, valid_until=date.today(), by=by
        )
        certificate = services_records.certificate_save(
            certificate=Certificate(
                org=org, version=version, reference=f"LIT2024-{org.pk:03d}", issued_on=date(2024, 5, 14)
            ),
            by=by,
        )
        certificate.file.save("upload.pdf", ContentFile(PDF_BYTES), save=True)
        Certificate.objects.filter(pk=certificate.pk).update(
            original_name="Sertifikatas.pdf", content_type="application/pdf"
        )
        report = services_records.progress_report_create(org=org, year=2025, by=by)
        form = ReviewForm({"title": "Vadovybės analizė 2026", "held_on": "2026-01-22"})
        form.instance.org = org
        assert form.is_valid(), form.errors
        review = services_records.review_save(form=form, by=by)
        out[org.slug] = {
            "cycle": cycle,
            "answer": answer,
            "item": item,
            "internal": internal,
            "item0": internal.checklist.get(indicator=answer.indicator),
            "finding": finding,
            "external": external,
            "document": document,
            "grant": grant,
            "certificate": certificate,
            "report": report,
            "review": review,
        }
    cast.extra["audits"] = out
    return out
