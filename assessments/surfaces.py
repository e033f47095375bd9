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


@surfaces.provider_record_models
def cycle_models():
    """A cycle's completion date (cycles_completed) changes when the cycle is saved."""
    return ["assessments.Assessment"]


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


@surfaces.programme_round_kinds
def self_assessment_round():
    """A draft self-assessment cycle on a shared framework version, created in each provider of a programme round."""
    from django.urls import reverse

    from frameworks.models import FrameworkVersion

    from .services import assessment_create

    def options():
        versions = FrameworkVersion.objects.filter(org__isnull=True).select_related("framework")
        return [(str(v.pk), str(v)) for v in versions.order_by("framework__code", "-pk")]

    def create(org, option, title, due_date, by):
        today = timezone.localdate()
        version = FrameworkVersion.objects.get(pk=int(option), org__isnull=True)
        cycle = assessment_create(
            org=org,
            version=version,
            title=title,
            period_start=today.replace(month=1, day=1),
            period_end=today.replace(month=12, day=31),
            due_date=due_date,
            by=by,
        )
        return str(cycle.pk)

    def progress(references):
        from .models import IndicatorAnswer

        ids = [int(r) for r in references]
        statuses = dict(Assessment.objects.filter(pk__in=ids).values_list("pk", "status"))
        started = set(
            IndicatorAnswer.objects.filter(assessment_id__in=ids)
            .exclude(rating="")
            .values_list("assessment_id", flat=True)
            .distinct()
        )
        out = {}
        for pk in ids:
            status = statuses.get(pk)
            if status in (Status.COMPLETED, Status.ARCHIVED):
                out[str(pk)] = surfaces.ROUND_SUBMITTED
            elif status == Status.IN_REVIEW or pk in started:
                out[str(pk)] = surfaces.ROUND_IN_PROGRESS
            else:
                out[str(pk)] = surfaces.ROUND_NOT_STARTED
        return out

    def url(org, reference):
        return reverse("assessments:detail", args=[org.slug, int(reference)])

    return surfaces.ProgrammeRoundKind("self_assessment", _("Self-assessment"), options, create, progress, url)
