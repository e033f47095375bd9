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
