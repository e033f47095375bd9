"""Everything the test register contributes to the shared surfaces: this module (and the app's own templates) is all
it adds for that; no other app knows it exists. Each contribution is also the contract's smallest example."""

from django.db.models import Count, Max
from django.utils import timezone

from kokybe import surfaces
from orgs.roles import INSIDERS

from . import switch
from .models import Entry

# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def register_card(org, membership):
    if not switch.on:
        return None

    def context():
        entries = Entry.objects.for_org(org)
        return {
            "open_entries": entries.open().count(),
            "overdue_entries": entries.open().filter(due_on__lt=timezone.localdate()).count(),
        }

    return surfaces.DashboardCard("surfaceapp/card.html", 35, context, roles=INSIDERS)


# ── Public-page sections ─────────────────────────────────────────────────────────────────────────────────────────


@surfaces.public_sections
def register_statistics(org):
    if not switch.on:
        return None
    stamp = Entry.objects.for_org(org).filter(is_public=True).aggregate(n=Count("pk"), last=Max("received_on"))
    return surfaces.PublicSection(
        "surfaceapp/public.html",
        30,
        stamp=(stamp["n"], stamp["last"]),
        publishes=bool(stamp["n"]),
        context=lambda: {"public_entries": stamp["n"]},
    )
