"""What audits and certification contribute to shared surfaces (kokybe.surfaces)."""

from django.utils import timezone

from kokybe import surfaces
from orgs.roles import Role

from . import access
from .models import Audit, Certificate

# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


def _audit_card(org, membership):
    """The certificate in force and the next audit for members; the granted material for an external auditor. A
    fixed number of queries, so the dashboard's budget does not grow with the rows."""
    today = timezone.localdate()
    if membership.role == Role.EXTERNAL_AUDITOR:
        return {"card": {"auditor": True, "grants": list(access.granted(org, membership.user, today))}}
    certificate = (
        Certificate.objects.for_org(org).not_superseded().select_related("version__framework").latest_first().first()
    )
    next_audit = Audit.objects.for_org(org).open().filter(planned_start__gte=today).order_by("planned_start").first()
    if certificate is None and next_audit is None:
        return None
    return {"card": {"auditor": False, "certificate": certificate, "next_audit": next_audit, "today": today}}


@surfaces.dashboard_cards
def audit_card(org, membership):
    return surfaces.DashboardCard("audits/_dashboard_card.html", 20, lambda: _audit_card(org, membership))


# ── Public-page sections ─────────────────────────────────────────────────────────────────────────────────────────


@surfaces.public_sections
def certificates(org):
    """The certificates in force the organisation chose to show, newest first: two queries. What they say is the
    section's stamp, so a new or changed certificate changes the page's ETag at once."""
    found = (
        Certificate.objects.for_org(org)
        .public()
        .valid(timezone.localdate())
        .not_superseded()
        .select_related("version__framework")
        .prefetch_related("services")
        .latest_first()
    )
    rows = tuple(
        {
            "level": c.level or c.version.framework.name,
            "reference": c.reference,
            "services": [s.name for s in c.services.all()],
            "valid_from": c.issued_on,
            "valid_until": c.expires_on,
        }
        for c in found
    )
    return surfaces.PublicSection(
        "audits/_public_certificates.html", 10, stamp=rows, publishes=bool(rows), context=lambda: {"certificates": rows}
    )
