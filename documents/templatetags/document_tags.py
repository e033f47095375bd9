from django import template
from django.utils import timezone

from orgs.roles import INSIDERS

from ..models import Document, DocumentSettings

register = template.Library()

DASHBOARD_ROWS = 5


@register.simple_tag
def review_state(document, today, warning_days=30):
    return document.review_state(today, warning_days)


@register.inclusion_tag("documents/_dashboard_card.html", takes_context=True)
def documents_review_card(context):
    """The dashboard's card of documents past or near their review date (insiders only): three queries, whatever
    the number of documents."""
    membership, org = context.get("current_membership"), context.get("org")
    if membership is None or org is None or membership.role not in INSIDERS:
        return {"show": False}
    today = timezone.localdate()
    warning_days = DocumentSettings.of(org).review_warning_days
    due = Document.objects.for_org(org).review_due(today, warning_days)
    rows = list(due.select_related("org").order_by("next_review_on", "title")[:DASHBOARD_ROWS])
    total = due.count()
    return {"show": True, "org": org, "rows": rows, "total": total, "today": today}
