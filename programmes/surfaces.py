"""What programmes contribute to shared surfaces (kokybe.surfaces)."""

from django.utils.translation import gettext as _

from kokybe import surfaces
from orgs.roles import INSIDERS

from .models import Programme, ProgrammeParticipation

# ── Home page ────────────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.home_sections
def programmes_coordinated(user):
    """The programmes a person coordinates (every programme for the platform's administrator): one query."""
    programmes = list(Programme.objects.visible_to(user).select_related("coordinating_org").order_by("-start", "code"))
    title = _("All programmes") if user.is_superuser else _("Programmes you coordinate")
    return surfaces.HomeSection("programmes/_home_section.html", 10, programmes, title=title)


# ── The provider's dashboard ─────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def programmes_card(org, membership):
    """The programmes the organisation takes part in, with a link to what each sees about it: one query."""

    def context():
        participations = list(
            ProgrammeParticipation.objects.filter(org=org).select_related("programme").order_by("-programme__start")
        )
        return {"programme_participations": participations} if participations else None

    return surfaces.DashboardCard("programmes/_dashboard_card.html", 95, context, roles=INSIDERS)
