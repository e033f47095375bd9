"""What the self-assessment contributes to shared surfaces (kokybe.surfaces)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.roles import INSIDERS

from .dashboard import readiness_card
from .models import EDITABLE, Assessment, Status


@surfaces.dashboard_cards
def readiness(org, membership):
    def context():
        card = readiness_card(org)
        return {"readiness_card": card} if card else None

    return surfaces.DashboardCard("assessments/_dashboard_readiness.html", 10, context, roles=INSIDERS)


# ── My work, the quality calendar, notifications (rendered by the work app) ────────────────────────────────────


@surfaces.calendar_entries
def cycle_due_dates(memberships, first, last, person):
    """The due date of every self-assessment cycle not archived, for insiders (an organisation's deadline: in every
    insider's feed too)."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    cycles = (
        Assessment.objects.filter(org_id__in=org_ids, due_date__range=(first, last))
        .exclude(status=Status.ARCHIVED)
        .select_related("org")
        .order_by("due_date", "pk")
    )
    today = timezone.localdate()
    entries = []
    for cycle in cycles:
        overdue = cycle.status in EDITABLE and cycle.due_date < today
        entries.append(
            surfaces.CalendarEntry(
                org=cycle.org,
                kind=_("Self-assessment"),
                title=cycle.title,
                url=cycle.get_absolute_url(),
                start=cycle.due_date,
                key=f"assessments.cycle:{cycle.pk}",
                category="self-assessment",
                deadline=True,
                badge=_("Overdue") if overdue else ("" if cycle.status in EDITABLE else cycle.get_status_display()),
                alert=overdue,
            )
        )
    return entries
