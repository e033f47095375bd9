"""What the improvement actions contribute to shared surfaces (kokybe.surfaces)."""

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.roles import INSIDERS, REVIEWERS

from . import pdf, plan, xlsx
from .models import ImprovementAction, Status


@surfaces.dashboard_cards
def plan_card(org, membership):
    """The implementation plan, for insiders: progress and what needs someone now."""
    return surfaces.DashboardCard(
        "actions/_dashboard_card.html",
        30,
        lambda: {"summary": plan.summary(org), "days": plan.DUE_SOON_DAYS, "can_check": membership.role in REVIEWERS},
        roles=INSIDERS,
    )


# ── My work, the quality calendar, notifications (rendered by the work app) ────────────────────────────────────


ASSIGNED = "assigned"
PARTICIPANT = "participant"
MENTIONED = "mentioned"
COMMENTED = "commented"


@surfaces.work_items
def open_actions(user, today, memberships):
    """Open improvement actions the person owns or takes part in."""
    actions = (
        ImprovementAction.objects.filter(org_id__in=memberships)
        .open()
        .filter(Q(owner=user) | Q(participants=user))
        .distinct()
        .select_related("org")
    )
    return [
        surfaces.WorkItem(
            org=action.org,
            kind=_("Improvement action"),
            title=str(action),
            url=action.get_absolute_url(),
            due_date=action.due_date,
            overdue=action.is_overdue(today),
            key=f"actions.action:{action.uuid}",
            detail=_("Owner") if action.owner_id == user.pk else _("Participant"),
            target=action,
        )
        for action in actions
    ]


# The long texts an item never shows: a plan with hundreds of done actions fetches them for nothing.
LONG_TEXTS = ("description", "root_cause", "planned_measures", "verification_note")


def _detail_urls(memberships):
    """A function giving an action's address, with one reverse() per organisation rather than one per action."""
    prefixes = {
        org_id: reverse("actions:detail", args=[m.org.slug, 1])[: -len("1/")] for org_id, m in memberships.items()
    }
    return lambda action: f"{prefixes[action.org_id]}{action.number}/"


@surfaces.work_items.asking
def actions_to_verify(user, today, memberships):
    """Actions marked done whose effect the person may verify (the director, the coordinator, an internal auditor)."""
    orgs = [org_id for org_id, m in memberships.items() if m.role in REVIEWERS]
    actions = (
        ImprovementAction.objects.filter(org_id__in=orgs, status=Status.DONE).defer(*LONG_TEXTS).select_related("org")
    )
    url = _detail_urls(memberships)
    return [
        surfaces.WorkItem(
            org=action.org,
            kind=_("Action to verify"),
            title=str(action),
            url=url(action),
            due_date=None,
            overdue=False,
            key=f"actions.verify:{action.uuid}",
            detail=_("Check whether it worked"),
            target=action,
            asks=True,
        )
        for action in actions
    ]


@surfaces.calendar_entries
def due_actions(memberships, first, last, person):
    """Actions due in the range: all of them on the organisation's calendar (with their state), only the person's
    own open ones in their feed."""
    actions = ImprovementAction.objects.filter(org_id__in=memberships, due_date__range=(first, last))
    if person is not None:
        actions = actions.open().filter(Q(owner=person) | Q(participants=person)).distinct()
    entries = []
    for action in actions.select_related("org").order_by("due_date", "number", "pk"):
        if not action.is_open():
            badge, alert = action.get_status_display(), False
        elif action.is_overdue():
            badge, alert = _("Overdue"), True
        else:
            badge, alert = "", False
        entries.append(
            surfaces.CalendarEntry(
                org=action.org,
                kind=_("Improvement action"),
                title=str(action),
                url=action.get_absolute_url(),
                start=action.due_date,
                key=f"action-{action.uuid}",  # the iCal UID calendar programs already know
                category="action",
                deadline=True,
                badge=badge,
                alert=alert,
                description=action.get_status_display(),
                changed_at=action.updated_at,
            )
        )
    return entries


@surfaces.notification_kinds
def kinds():
    return [
        surfaces.NotificationKind(ASSIGNED, _("%(actor)s made you the owner of “%(target)s”.")),
        surfaces.NotificationKind(PARTICIPANT, _("%(actor)s added you as a participant in “%(target)s”.")),
        surfaces.NotificationKind(MENTIONED, _("%(actor)s mentioned you in “%(target)s”.")),
        surfaces.NotificationKind(COMMENTED, _("%(actor)s commented on “%(target)s”.")),
    ]


def _plan_pdf(org, user, params, progress):
    _count, content = pdf.plan_pdf_for(org, params, progress)
    return surfaces.ExportFile(f"{xlsx.filename(org, 'plan')[:-5]}.pdf", content, "application/pdf")


def _plan_url(org, params):
    query = params.urlencode()
    return reverse("actions:plan", args=[org.slug]) + (f"?{query}" if query else "")


PLAN_PDF = surfaces.BackgroundExport(
    code="actions.plan_pdf",
    name=_("Implementation plan (PDF)"),
    roles=INSIDERS,  # as the plan page and its downloads
    build=_plan_pdf,
    back_url=_plan_url,
    steps=3,
)


@surfaces.background_exports
def exports():
    return [PLAN_PDF]


# ── Results (computed KPIs, kokybe.surfaces.result_sources) ──────────────────────────────────────────────────────
# completed_on and due_date are dates: a period's boundary needs no time-zone arithmetic here.


def _closed_on_time(org, first, last):
    """Of the actions with a due date completed in the period, the share completed by it: one query."""
    done = ImprovementAction.objects.for_org(org).filter(completed_on__range=(first, last), due_date__isnull=False)
    counts = done.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(completed_on__lte=F("due_date"))))
    return surfaces.Measure.share(counts["on_time"], counts["total"])


def _overdue_share(org, first, last):
    """Of the actions due in the period, the share not completed by their due date (still open, or done late)."""
    due = ImprovementAction.objects.for_org(org).filter(due_date__range=(first, last))
    late = Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_date"))
    counts = due.aggregate(total=Count("pk"), late=Count("pk", filter=late))
    return surfaces.Measure.share(counts["late"], counts["total"])


def _plan_page(org, first, last):
    return reverse("actions:plan", args=[org.slug])


_RESULTS = [
    surfaces.ResultSource(
        code="actions.closed_on_time",
        name=_("Improvement actions closed on time"),
        unit="%",
        compute=_closed_on_time,
        principles=("10",),
        description=_("Of the actions with a due date completed in the period, the share completed by that date."),
        records_url=_plan_page,
    ),
    surfaces.ResultSource(
        code="actions.overdue_share",
        name=_("Share of improvement actions overdue"),
        unit="%",
        compute=_overdue_share,
        principles=("10",),
        higher_is_better=False,
        description=_("Of the actions due in the period, the share not completed by their due date."),
        records_url=_plan_page,
    ),
]


@surfaces.result_sources
def results():
    return _RESULTS
