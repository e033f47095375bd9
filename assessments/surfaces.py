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


# ── What a provider shares with its programmes (read by the programmes app) ─────────────────────────────────────


@surfaces.provider_records
def cycles_completed(org_ids):
    """Every completed self-assessment's completion date: one query."""
    rows = Assessment.objects.filter(org_id__in=org_ids, completed_on__isnull=False).values_list(
        "org_id", "completed_on"
    )
    return [surfaces.ProviderRecord(org_id, "cycle_completed", on) for org_id, on in rows]


@surfaces.provider_readiness
def latest_readiness(org_ids):
    """Readiness per principle of each organisation's latest self-assessment not archived: three queries in all."""
    from frameworks.models import Principle

    from .models import IndicatorAnswer
    from .readiness import compute

    latest = {}
    cycles = (
        Assessment.objects.filter(org_id__in=org_ids)
        .exclude(status=Status.ARCHIVED)
        .select_related("version")
        .order_by("org_id", "-period_end", "-created_at")
    )
    for cycle in cycles:
        latest.setdefault(cycle.org_id, cycle)
    if not latest:
        return []
    principles = {}
    for principle in Principle.objects.filter(version_id__in={c.version_id for c in latest.values()}).order_by(
        "order", "pk"
    ):
        principles.setdefault(principle.version_id, []).append(principle)
    rows = {}
    answers = IndicatorAnswer.objects.filter(assessment__in=latest.values()).values_list(
        "assessment_id", "indicator__criterion__principle_id", "indicator__mandatory", "rating"
    )
    for assessment_id, *row in answers:
        rows.setdefault(assessment_id, []).append(row)
    readings = []
    for org_id, cycle in latest.items():
        readiness = compute(cycle.version.scoring, principles.get(cycle.version_id, []), rows.get(cycle.pk, []))
        for p in readiness.principles:
            if p.percent is not None:
                readings.append(surfaces.PrincipleReading(org_id, p.code, p.name, p.percent))
    return readings
