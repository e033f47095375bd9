from datetime import date

from kokybe.grid import Route
from orgs.roles import Role

INSIDERS = frozenset(Role.values) - {Role.EXTERNAL_AUDITOR}
MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})

GRID = []

# ── Quality calendar, My work, notifications, iCal feed ────────────────────────────────────────────────────────


def _milestone(org):
    from actions.models import Milestone

    return Milestone.objects.create(org=org, title="Vidaus auditas", kind="internal_audit", start_date=date(2020, 2, 5))


def _notification(cast):
    from actions.models import Notification

    return Notification.objects.create(user=cast.jonas, org=cast.alfa, verb="assigned", target_title="#1 Test")


def _feed_token(cast):
    from actions.models import CalendarFeed

    return CalendarFeed.objects.create(user=cast.jonas).token


GRID += [
    Route("actions:calendar", allowed=INSIDERS),
    Route("actions:calendar_month", allowed=INSIDERS, kwargs=lambda cast: {"year": 2020, "month": 2}),
    Route("actions:calendar_list", allowed=INSIDERS),
    Route("actions:milestone_create", allowed=MANAGERS),
    Route(
        "actions:milestone_detail",
        allowed=INSIDERS,
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
    ),
    Route(
        "actions:milestone_edit",
        allowed=MANAGERS,
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
    ),
    Route(
        "actions:milestone_delete",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
        ok=frozenset({302}),
    ),
]

# ── Implementation plan: table, timeline, bulk edit, XLSX/PDF export, XLSX import ──────────────────────────────

PLAN_READERS = frozenset(
    {
        Role.DIRECTOR,
        Role.COORDINATOR,
        Role.UNIT_HEAD,
        Role.STAFF,
        Role.CONSULTANT,
        Role.INTERNAL_AUDITOR,
        Role.VIEWER,
    }
)
PLAN_MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})


def _plan_action(cast):
    from actions.models import ImprovementAction

    number = ImprovementAction.objects.filter(org=cast.alfa).count() + 1
    return ImprovementAction.objects.create(
        org=cast.alfa, number=number, title="Atnaujinti skundų tvarką", created_by=cast.jonas
    )


GRID += [
    Route("actions:plan", allowed=PLAN_READERS),
    Route("actions:timeline", allowed=PLAN_READERS),
    Route(
        "actions:bulk_edit",
        allowed=PLAN_MANAGERS,
        method="post",
        data=lambda cast: {"ids": [_plan_action(cast).pk], "due_date": "2030-01-31"},
    ),
    Route("actions:export_xlsx", allowed=PLAN_READERS),
    Route("actions:export_pdf", allowed=PLAN_READERS),
    Route("actions:import", allowed=PLAN_MANAGERS),
    Route("actions:import_template", allowed=PLAN_MANAGERS),
]
