from django import template
from django.utils import timezone

from .. import work

register = template.Library()

WAITING_SHOWN = 8


@register.inclusion_tag("actions/_waiting_card.html", takes_context=True)
def waiting_card(context):
    """The dashboard's "Waiting for you": what in this organisation waits for this person's approval or check."""
    request, org = context.get("request"), context.get("org")
    membership = context.get("current_membership")
    if request is None or org is None or membership is None:
        return {"show": False}
    today = timezone.localdate()
    items = work.waiting_items(request.user, today, org, {org.pk: membership})
    return {"show": True, "items": items[:WAITING_SHOWN], "more": max(len(items) - WAITING_SHOWN, 0)}
