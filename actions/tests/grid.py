from kokybe.grid import Route
from orgs.roles import Role

INSIDERS = frozenset(Role.values) - {Role.EXTERNAL_AUDITOR}
MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})

GRID = []

# ── One action: create, detail, edit, status, verification, comments, attachments ───────────────────────────────

ACTION_CREATORS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.STAFF, Role.INTERNAL_AUDITOR})
ACTION_READERS = ACTION_CREATORS | {Role.CONSULTANT, Role.VIEWER}
ACTION_COMMENTERS = ACTION_CREATORS | {Role.CONSULTANT}
# The grid's action belongs to Rasa (staff) and has no unit: she and the managers may change it, nobody else.
ACTION_EDITORS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.STAFF})
ACTION_VERIFIERS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.INTERNAL_AUDITOR})
# Rasa uploaded the grid's attachment: she and the managers may delete it.
ATTACHMENT_DELETERS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.STAFF})
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
    Route("actions:create", allowed=ACTION_CREATORS),
    Route(
        "actions:detail",
        allowed=ACTION_READERS,
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
        allowed=ACTION_VERIFIERS,
        method="post",
        kwargs=_done,
        foreign=lambda cast: {"number": _action(cast, cast.beta, status="done").number},
        data=lambda cast: {"result": "effective", "on": _today().isoformat(), "note": "Skundų nebeliko."},
        ok=frozenset({302}),
    ),
    Route(
        "actions:comment",
        allowed=ACTION_COMMENTERS,
        method="post",
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
        data=lambda cast: {"body": "Ačiū, @jonas"},
        ok=frozenset({302}),
    ),
    Route(
        "actions:attachment_upload",
        allowed=ACTION_CREATORS,
        method="post",
        kwargs=lambda cast: {"number": _action(cast).number},
        foreign=lambda cast: {"number": _action(cast, cast.beta).number},
        data=lambda cast: _upload(),
        ok=frozenset({302}),
    ),
    Route(
        "actions:attachment_download",
        allowed=ACTION_READERS,
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
