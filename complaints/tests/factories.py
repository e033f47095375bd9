"""Complaints for tests: `world(cast)` gives each organisation one handled entry (cached on the cast)."""

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services
from complaints.models import ComplaintRules, IdentityMode, Kind
from kokybe.lib.workdays import VILNIUS

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="skundas.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_complaint(org, by, *, owner=None, received=None, kind=Kind.COMPLAINT, contact=None, upload=None, **fields):
    received = received or datetime(2026, 12, 18, 10, 30, tzinfo=VILNIUS)
    values = {
        "acknowledged_on": received.date(),
        "kind": kind,
        "subject": fields.pop("subject", "Vėluoja pavėžėjimas į dienos centrą"),
        "received_at": received,
        "owner": owner or by,
        **fields,
    }
    return services.complaint_register(org=org, by=by, fields=values, contact=contact, upload=upload)


def world(cast):
    if "complaints" not in cast.extra:
        alfa = make_complaint(
            cast.alfa,
            cast.jonas,
            owner=cast.rasa,
            service=cast.alfa_service,
            contact={"name": "Ona Petraitienė", "email": "ona@example.test", "phone": "", "address": ""},
            upload=pdf_upload(),
        )
        entry = services.timeline_add(
            complaint=alfa,
            type="evidence",
            text="Vairuotojo paaiškinimas",
            happened_on=alfa.received_on,
            upload=pdf_upload("paaiskinimas.pdf"),
            by=cast.jonas,
        )
        beta = make_complaint(cast.beta, cast.petras, identity=IdentityMode.ANONYMOUS)
        for org in (cast.alfa, cast.beta):
            ComplaintRules.objects.update_or_create(org=org, defaults={"public_intake": True})
        cast.extra["complaints"] = {"alfa": alfa, "beta": beta, "entry": entry}
    return cast.extra["complaints"]
