"""What the person's own surfaces contribute to shared ones (kokybe.surfaces): the dashboard's "Waiting for you"."""

from django.utils import timezone

from kokybe import surfaces

from . import items

WAITING_SHOWN = 8


@surfaces.dashboard_cards
def waiting_card(org, membership):
    """What in this organisation waits for this person's approval or check (My work's items marked `asks`)."""

    def context():
        waiting = items.waiting_items(membership.user, timezone.localdate(), org, {org.pk: membership})
        return {"items": waiting[:WAITING_SHOWN], "more": max(len(waiting) - WAITING_SHOWN, 0)}

    return surfaces.DashboardCard("work/_waiting_card.html", 5, context)
