"""The grid's safeguarding case: recorded by Rasa (staff), handled by Ugnė (unit head), the organisation's named lead.

Everyone else — the coordinator and the director included — gets 403 on the case's pages; the director alone may open
it break-glass. Every page of the app lets insiders through its gate; the case decides the rest.
"""

from kokybe.grid import Route
from orgs.roles import MANAGERS, Role

LEAD = frozenset({Role.UNIT_HEAD})  # Ugnė, named lead of Alfa in the grid
RECORDER_OR_LEAD = LEAD | {Role.STAFF}
LEAD_OR_DIRECTOR = LEAD | {Role.DIRECTOR}


def _event(cast, org=None):
    from django.utils import timezone

    from safeguarding.models import Event, Lead

    org = org or cast.alfa
    now = timezone.now()
    if org == cast.alfa:
        Lead.objects.get_or_create(org=org, user=cast.users[Role.UNIT_HEAD])
    recorder = cast.rasa if org == cast.alfa else cast.petras
    number = Event.objects.filter(org=org).count() + 1
    return Event.objects.create(
        org=org,
        number=number,
        type="physical",
        happened_at=now,
        aware_at=now,
        age_group="child",
        facts="Vaikas pasakojo apie smūgį",
        recorded_by=recorder,
    )


def _notice(cast, org=None):
    from safeguarding.models import Authority, Notice

    event = _event(cast, org)
    authority, _ = Authority.objects.get_or_create(org=event.org, kind="police", defaults={"name": "Policija"})
    notice = Notice.objects.create(event=event, authority=authority, due_at=event.aware_at, terms={"authority": "P"})
    return {"uuid": event.uuid, "pk": notice.pk}


def _member(cast, org=None):
    from safeguarding.models import CaseMember

    event = _event(cast, org)
    member = CaseMember.objects.create(event=event, user=cast.vida if org is None else cast.petras)
    return {"uuid": event.uuid, "pk": member.pk}


def _attachment(cast, org=None):
    from django.core.files.base import ContentFile

    from safeguarding.models import Attachment

    event = _event(cast, org)
    attachment = Attachment(
        org=event.org, event=event, original_name="pastaba.txt", content_type="text/plain", size=5, sha256="0" * 64
    )
    attachment.file.save("upload.txt", ContentFile(b"labas"), save=True)
    return {"uuid": event.uuid, "pk": attachment.pk}


def _lead(cast, org=None):
    from safeguarding.models import Lead

    org = org or cast.alfa
    user = cast.users[Role.UNIT_HEAD] if org == cast.alfa else cast.petras
    return {"pk": Lead.objects.get_or_create(org=org, user=user)[0].pk}


def _authority(cast, org=None):
    from safeguarding.models import Authority

    org = org or cast.alfa
    _event(cast) if org == cast.alfa else None
    return {"pk": Authority.objects.get_or_create(org=org, kind="police", defaults={"name": "Policija"})[0].pk}


def _rule(cast, org=None):
    from safeguarding.services import ensure_defaults

    org = org or cast.alfa
    if org == cast.alfa:
        _event(cast)
    ensure_defaults(org)
    from safeguarding.models import Rule

    return {"pk": Rule.objects.filter(org=org).first().pk}


def _person(cast, org=None):
    from datetime import date

    from people.models import ServiceUser

    _event(cast)
    person = ServiceUser.objects.create(org=org or cast.alfa, started=date(2026, 1, 5), age_group="child")
    return {"person": person.uuid}


def _uuid(cast, org=None):
    return {"uuid": _event(cast, org).uuid}


def _foreign_uuid(cast):
    return _uuid(cast, cast.beta)


GRID = [
    Route("safeguarding:list"),
    Route("safeguarding:new"),
    Route("safeguarding:leads"),
    Route(
        "safeguarding:lead_remove",
        method="post",
        kwargs=_lead,
        foreign=lambda cast: _lead(cast, cast.beta),
        ok=frozenset({302}),
    ),
    Route("safeguarding:authorities", allowed=LEAD_OR_DIRECTOR, kwargs=lambda cast: _uuid(cast) and {}),
    Route(
        "safeguarding:authority_edit",
        allowed=LEAD_OR_DIRECTOR,
        kwargs=_authority,
        foreign=lambda cast: _authority(cast, cast.beta),
    ),
    Route(
        "safeguarding:rule_edit",
        allowed=LEAD_OR_DIRECTOR,
        kwargs=_rule,
        foreign=lambda cast: _rule(cast, cast.beta),
    ),
    Route("safeguarding:figures", allowed=MANAGERS | LEAD, kwargs=lambda cast: _uuid(cast) and {}),
    Route("safeguarding:person", allowed=LEAD, kwargs=_person, foreign=lambda cast: _person(cast, cast.beta)),
    Route("safeguarding:detail", allowed=RECORDER_OR_LEAD, kwargs=_uuid, foreign=_foreign_uuid),
    Route(
        "safeguarding:transition",
        allowed=LEAD,
        method="post",
        kwargs=_uuid,
        foreign=_foreign_uuid,
        data=lambda cast: {"to": "assessing", "reason": "Vertiname"},
        ok=frozenset({302}),
    ),
    Route("safeguarding:handling", allowed=LEAD, kwargs=_uuid, foreign=_foreign_uuid),
    Route(
        "safeguarding:entry",
        allowed=LEAD,
        method="post",
        kwargs=_uuid,
        foreign=_foreign_uuid,
        data=lambda cast: {"text": "Pokalbis su vaiku"},
        ok=frozenset({302}),
    ),
    Route("safeguarding:notice", allowed=LEAD, kwargs=_notice, foreign=lambda cast: _notice(cast, cast.beta)),
    Route(
        "safeguarding:member_add",
        allowed=LEAD,
        method="post",
        kwargs=_uuid,
        foreign=_foreign_uuid,
        data=lambda cast: {"membership": cast.memberships[Role.VIEWER].pk},
        ok=frozenset({302}),
    ),
    Route(
        "safeguarding:member_remove",
        allowed=LEAD,
        method="post",
        kwargs=_member,
        foreign=lambda cast: _member(cast, cast.beta),
        ok=frozenset({302}),
    ),
    Route(
        "safeguarding:attachment_upload",
        allowed=LEAD,
        method="post",
        kwargs=_uuid,
        foreign=_foreign_uuid,
        data=lambda cast: _upload(),
        ok=frozenset({302}),
    ),
    Route(
        "safeguarding:attachment_download",
        allowed=LEAD,
        kwargs=_attachment,
        foreign=lambda cast: _attachment(cast, cast.beta),
    ),
    Route("safeguarding:action", allowed=LEAD, kwargs=_uuid, foreign=_foreign_uuid),
    Route("safeguarding:break_glass", kwargs=_uuid, foreign=_foreign_uuid),
]


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("pastaba.txt", "Pastaba apie įvykį".encode())}
