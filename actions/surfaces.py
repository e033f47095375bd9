"""What the improvement actions contribute to shared surfaces (kokybe.surfaces)."""

from kokybe import surfaces
from orgs.roles import INSIDERS, REVIEWERS

from . import plan

# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def plan_card(org, membership):
    """The implementation plan, for insiders: progress and what needs someone now."""
    return surfaces.DashboardCard(
        "actions/_dashboard_card.html",
        30,
        lambda: {"summary": plan.summary(org), "days": plan.DUE_SOON_DAYS, "can_check": membership.role in REVIEWERS},
        roles=INSIDERS,
    )
