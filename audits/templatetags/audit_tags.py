"""The dashboard card: the certificate in force and the next audit for insiders; the granted material for an
external auditor. A fixed number of queries, so the dashboard's budget does not grow with the rows."""

from django import template
from django.utils import timezone

from orgs.roles import Role

from .. import access
from ..models import Audit, Certificate

register = template.Library()


@register.simple_tag
def audit_card(org, membership):
    if membership is None:
        return None
    today = timezone.localdate()
    if membership.role == Role.EXTERNAL_AUDITOR:
        return {"auditor": True, "grants": list(access.granted(org, membership.user, today))}
    certificate = (
        Certificate.objects.for_org(org).not_superseded().select_related("version__framework").latest_first().first()
    )
    next_audit = Audit.objects.for_org(org).open().filter(planned_start__gte=today).order_by("planned_start").first()
    if certificate is None and next_audit is None:
        return None
    return {"auditor": False, "certificate": certificate, "next_audit": next_audit, "today": today}
