from kokybe.grid import Route
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
