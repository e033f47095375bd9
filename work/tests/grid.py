from datetime import date

from kokybe.grid import LOGIN, PUBLIC, Route

GRID = []

# ── Quality calendar, My work, notifications, iCal feed ────────────────────────────────────────────────────────


def _milestone(org):
    from work.models import Milestone

    return Milestone.objects.create(org=org, title="Vidaus auditas", kind="internal_audit", start_date=date(2020, 2, 5))


def _notification(cast):
    from work.models import Notification

    return Notification.objects.create(user=cast.jonas, org=cast.alfa, verb="assigned", target_title="#1 Test")


def _feed_token(cast):
    from work.models import CalendarFeed

    return CalendarFeed.objects.create(user=cast.jonas).token


GRID += [
    Route("work:calendar"),
    Route("work:calendar_month", kwargs=lambda cast: {"year": 2020, "month": 2}),
    Route("work:calendar_list"),
    Route("work:milestone_create"),
    Route(
        "work:milestone_detail",
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
    ),
    Route(
        "work:milestone_edit",
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
    ),
    Route(
        "work:milestone_delete",
        method="post",
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
        ok=frozenset({302}),
    ),
    # A person's own pages: any signed-in person, only ever their own rows.
    Route("me:work", access=LOGIN, ok=frozenset({200})),
    Route("me:notifications", access=LOGIN, ok=frozenset({200})),
    # Someone else's notification is a 404 (Jonas's here): only Jonas gets through.
    Route(
        "me:notification_read",
        access=LOGIN,
        method="post",
        kwargs=lambda cast: {"pk": _notification(cast).pk},
        ok=frozenset({302, 404}),
    ),
    Route("me:notifications_read_all", access=LOGIN, method="post", ok=frozenset({302})),
    Route("me:calendar_feed", access=LOGIN, ok=frozenset({200})),
    Route("me:calendar_feed_regenerate", access=LOGIN, method="post", ok=frozenset({302})),
    Route("me:calendar_feed_revoke", access=LOGIN, method="post", ok=frozenset({302})),
    Route(
        "me:ical",
        access=PUBLIC,
        kwargs=lambda cast: {"token": _feed_token(cast)},
        anon_ok=frozenset({200}),
        ok=frozenset({200}),
    ),
]
