"""What the self-assessment contributes to shared surfaces (kokybe.surfaces)."""

from kokybe import surfaces
from orgs.roles import INSIDERS

from .dashboard import readiness_card

# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def readiness(org, membership):
    def context():
        card = readiness_card(org)
        return {"readiness_card": card} if card else None

    return surfaces.DashboardCard("assessments/_dashboard_readiness.html", 10, context, roles=INSIDERS)
