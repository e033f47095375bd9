from datetime import date

from kokybe.grid import LOGIN, PUBLIC, Route
from orgs.roles import MANAGERS, Role

GRID = []

# ── One action: create, detail, edit, status, verification, comments, attachments ───────────────────────────────

# The grid's action belongs to Rasa (staff) and has no unit: she and the managers may change it, nobody else.
ACTION_EDITORS = MANAGERS | {Role.STAFF}
# Rasa uploaded the grid's attachment: she and the managers may delete it.
ATTACHMENT_DELETERS = MANAGERS | {Role.STAFF}
ALFA_NUMBER = 5  # Beta's action is number 1: Alfa has no number 1, so a leak would show as 200, not 404


def _action(cast, org=None, **fields):
    from actions.models import ImprovementAction

    org = org or cast.alfa
    fields.setdefault("owner", cast.rasa if org == cast.alfa else cast.petras)
    number = ALFA_NUMBER if org == cast.alfa else 1
    return ImprovementAction.objects.create(org=org, number=number, title="Atnaujinti skundų tvarką", **fields)


def _attachment(cast, org=None):
    from django.core.files.base import ContentFile

    from actions.models import ActionAttachment

    action = _action(cast, org)
    attachment = ActionAttachment(
        org=action.org,
        action=action,
        original_name="Įrodymas.txt",
        content_type="text/plain",
        size=5,
        uploaded_by=action.owner,
    )
    attachment.file.save("upload.txt", ContentFile(b"labas"), save=True)
    return {"number": action.number, "pk": attachment.pk}


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("pastabos.txt", "Pastabos apie įrodymus".encode())}


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _done(cast):
    return {"number": _action(cast, status="done", progress=100, completed_on=_today()).number}


GRID += [
    Route("actions:create"),
    Route(
        "actions:detail",
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
    ),
    Route(
        "actions:edit",
        allowed=ACTION_EDITORS,
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
    ),
    Route(
        "actions:transition",
        allowed=ACTION_EDITORS,
        method="post",
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
        data=lambda cast: {"to": "in_progress"},
        ok=frozenset({302}),
    ),
    Route(
        "actions:verify",
        method="post",
        kwargs=_done,
        foreign=lambda cast: {"number": _action(cast, cast.beta, status="done").number},
        data=lambda cast: {"result": "effective", "on": _today().isoformat(), "note": "Skundų nebeliko."},
        ok=frozenset({302}),
    ),
    Route(
        "actions:comment",
        method="post",
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
        data=lambda cast: {"body": "Ačiū, @jonas"},
        ok=frozenset({302}),
    ),
    Route(
        "actions:attachment_upload",
        method="post",
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
        data=lambda cast: _upload(),
        ok=frozenset({302}),
    ),
    Route(
        "actions:attachment_download",
        kwargs=_attachment,
        foreign=lambda cast: _attachment(cast, cast.beta),
        ok=frozenset({200}),
    ),
    Route(
        "actions:attachment_delete",
        allowed=ATTACHMENT_DELETERS,
        method="post",
        kwargs=_attachment,
        foreign=lambda cast: _attachment(cast, cast.beta),
        ok=frozenset({302}),
    ),
]

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
    Route("actions:calendar"),
    Route("actions:calendar_month", kwargs=lambda cast: {"year": 2020, "month": 2}),
    Route("actions:calendar_list"),
    Route("actions:milestone_create"),
    Route(
        "actions:milestone_detail",
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
    ),
    Route(
        "actions:milestone_edit",
        kwargs=lambda cast: {"uuid": _milestone(cast.alfa).uuid},
        foreign=lambda cast: {"uuid": _milestone(cast.beta).uuid},
    ),
    Route(
        "actions:milestone_delete",
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

# ── Implementation plan: table, timeline, bulk edit, XLSX/PDF export, XLSX import ──────────────────────────────


def _plan_action(cast):
    from actions.models import ImprovementAction

    number = ImprovementAction.objects.filter(org=cast.alfa).count() + 1
    return ImprovementAction.objects.create(
        org=cast.alfa, number=number, title="Atnaujinti skundų tvarką", created_by=cast.jonas
    )


GRID += [
    Route("actions:plan"),
    Route("actions:timeline"),
    Route(
        "actions:bulk_edit",
        method="post",
        data=lambda cast: {"ids": [_plan_action(cast).pk], "due_date": "2030-01-31"},
    ),
    Route("actions:export_xlsx"),
    Route("actions:export_pdf"),
    Route("actions:import"),
    Route("actions:import_template"),
]
