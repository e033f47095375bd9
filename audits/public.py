"""Certificates on the public quality page (the documents module's hook, documents/public.py)."""

from django.utils import timezone

from .models import Certificate


def public_certificates(org):
    """The organisation's certificates in force that it chose to show, newest first: two queries."""
    certificates = (
        Certificate.objects.for_org(org)
        .public()
        .valid(timezone.localdate())
        .not_superseded()
        .select_related("version__framework")
        .prefetch_related("services")
        .latest_first()
    )
    return [
        {
            "level": c.level or c.version.framework.name,
            "reference": c.reference,
            "services": [s.name for s in c.services.all()],
            "valid_from": c.issued_on,
            "valid_until": c.expires_on,
        }
        for c in certificates
    ]
