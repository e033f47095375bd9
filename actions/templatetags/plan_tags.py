from django import template

from orgs.roles import INSIDERS, REVIEWERS

from .. import plan

register = template.Library()


@register.inclusion_tag("actions/_dashboard_card.html", takes_context=True)
def plan_card(context):
    """The dashboard's card of the implementation plan, for insiders: progress and what needs someone now."""
    membership, org = context.get("current_membership"), context.get("org")
    if membership is None or org is None or membership.role not in INSIDERS:
        return {"show": False}
    return {
        "show": True,
        "org": org,
        "summary": plan.summary(org),
        "days": plan.DUE_SOON_DAYS,
        "can_check": membership.role in REVIEWERS,
    }
