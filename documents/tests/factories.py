"""Documents for tests, made through the real services (so each carries its activity entries)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.models import DocumentType

APPROVED_ON = date(2024, 3, 1)
# The smallest file the upload check takes for a PDF (it judges by content, not by name).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="Sertifikatas.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def director(cast, org):
    return cast.ona if org == cast.alfa else cast.petras


def draft(cast, org=None, *, type_code="quality-policy", title=None, owner=None, start="template", **kwargs):
    org = org or cast.alfa
    doc_type = DocumentType.objects.get(code=type_code)
    return services.document_create(
        org=org,
        by=director(cast, org),
        type=doc_type,
        title=title or doc_type.name_lt,
        owner=owner,
        start=start,
        language="lt",
        **kwargs,
    )


def submitted(cast, org=None, **kwargs):
    document = draft(cast, org, **kwargs)
    services.document_submit(document=document, by=director(cast, document.org))
    return document


def approved(cast, org=None, *, publish=False, order_number="V-12", approved_on=APPROVED_ON, **kwargs):
    document = submitted(cast, org, **kwargs)
    by = director(cast, document.org)
    services.document_approve(
        document=document, by=by, approved_on=approved_on, effective_from=approved_on, order_number=order_number
    )
    if publish:
        services.document_publish(document=document, by=by)
    document.refresh_from_db()
    return document


def revised(cast, org=None, *, body="# 1. Paskirtis\n\nNaujas tekstas.\n", **kwargs):
    """An approved document with a second version in draft (text changed)."""
    document = approved(cast, org, **kwargs)
    by = director(cast, document.org)
    version = services.document_new_version(document=document, by=by)
    services.version_save(version=version, by=by, body=body, change_summary="Atnaujinta")
    document.refresh_from_db()
    return document
