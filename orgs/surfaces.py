"""What orgs contributes to shared surfaces (kokybe.surfaces): the organisation's own dashboard cards."""

from kokybe import surfaces

from .models import ActivityEntry, Membership, Unit
from .roles import INSIDERS, MANAGERS

DASHBOARD_ACTIVITY = 10


# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def organisation_cards(org, membership):
    return [
        surfaces.DashboardCard("orgs/cards/organisation.html", 40, dict),
        surfaces.DashboardCard(
            "orgs/cards/services.html", 50, lambda: {"services": list(org.services.select_related("unit"))}
        ),
        surfaces.DashboardCard(
            "orgs/cards/units.html",
            70,
            lambda: {"unit_tree": Unit.as_tree(list(Unit.objects.for_org(org)))},
            roles=INSIDERS,
        ),
        surfaces.DashboardCard(
            "orgs/cards/members.html",
            80,
            lambda: {"members": list(Membership.objects.for_org(org).active().select_related("user", "unit"))},
            roles=INSIDERS,
        ),
        surfaces.DashboardCard(
            "orgs/cards/activity.html",
            90,
            lambda: {"activity": list(ActivityEntry.objects.for_org(org).with_related()[:DASHBOARD_ACTIVITY])},
            roles=MANAGERS,
        ),
    ]
