"""Nothing about a restricted case, and nobody's identity, leaves by a side door.

One case is written with a distinct marker in every field of its content (facts, opinions, place, steps, financial
reference, outcome, support, root cause, a chronology entry, an attachment's name and content, a notification's proof),
about a service user whose identity (name, personal code, contacts) is kept. The case then goes through its life as the
lead handles it (triage, notifications, an improvement action, a break-glass open by the director). Then:

- every page and download of every app (each GET Route of the authorization grid, so a new export is walked as soon
  as it has a Route) is opened by the people who may not see the case — the director (before her break-glass), the
  quality coordinator and a staff member — and by the login-only and public routes (download-my-data included); a
  PDF is read as the HTML it is made from, a DOCX/XLSX as its unpacked XML;
- every background export (the exports app) is built for every role allowed to ask for it;
- every e-mail sent, every notification, every activity-log entry and every log line written during all of it;

and none may hold a marker. The identity is also a secret for everyone without identity access (the coordinator and
the staff member: the director may open identities, so her pages are checked for the case only)."""

import io
import json
import logging
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from kokybe import surfaces
from kokybe.grid import LOGIN, ORG, PUBLIC
from kokybe.test import client_for, url
from kokybe.tests.test_grid import ROUTES, _url, allowed_roles
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role
from people.models import Identity, ServiceUser
from safeguarding import services
from safeguarding.models import Event, Notice

pytestmark = pytest.mark.django_db(transaction=False)

CASE = {
    "place": "MARKERPLACE Žalgirio 9 kambarys",
    "facts": "MARKERFACTS mergaitė pasakojo apie smūgius",
    "opinions": "MARKEROPINION manau, kad kartojasi",
    "immediate_steps": "MARKERSTEPS perkelta pas močiutę",
    "reconciliation_ref": "MARKERRECON-2026-77",
}
HANDLING = {
    "outcome": "MARKEROUTCOME",
    "support_given": "MARKERSUPPORT",
    "root_cause": "MARKERROOT",
}
ENTRY = "MARKERENTRY kalbėjome su mama"
FILE_NAME = "MARKERFILE pazyma.txt"
FILE_BODY = "MARKERBODY mėlynė ant peties".encode()
PROOF = "MARKERPROOF registracijos Nr. 55"
GLASS = "MARKERGLASS mama skambino direktorei"
IDENTITY = {"full_name": "Marytė Slaptaitytė", "personal_code": "48001019999", "contacts": "+37069999999"}
CASE_MARKERS = [*CASE.values(), *HANDLING.values(), ENTRY, "MARKERFILE", "MARKERBODY", PROOF, "MARKERGLASS"]
CASE_MARKERS.append("MARKERREASON")
# The facts of the grid's own restricted cases (safeguarding/tests/grid.py), recorded by Rasa (who may see them).
GRID_CASE = "Vaikas pasakojo apie smūgį"
IDENTITY_MARKERS = list(IDENTITY.values())


@pytest.fixture
def fake_pdf(monkeypatch):
    """PDFs are made of HTML: read the HTML (WeasyPrint compresses the text it writes)."""
    import weasyprint

    class Document:
        def __init__(self, html):
            self.html, self.pages = html, [None]

        def write_pdf(self, **kwargs):
            return b"%PDF-1.7\n" + self.html.encode()

    class HTML:
        def __init__(self, string, **kwargs):
            self.string = string

        def render(self, **kwargs):
            return Document(self.string)

    monkeypatch.setattr(weasyprint, "HTML", HTML)


def _text(content):
    """What a person could read in a response or file: an Office file's XML unpacked, anything else as text."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "ignore") for name in archive.namelist())
    return content.decode("utf-8", "ignore")


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _found(text, markers):
    return [m for m in markers if m in text]


@pytest.fixture
def case(cast, django_capture_on_commit_callbacks):
    """A case handled by Ugnė (the unit head), the organisation's safeguarding lead, about a child with an identity;
    the mails go out (on commit) as they would."""
    with django_capture_on_commit_callbacks(execute=True):
        return _handled_case(cast)


def _handled_case(cast):
    lead = cast.users[Role.UNIT_HEAD]
    services.lead_name(org=cast.alfa, user=lead, kind="lead", by=cast.ona)
    child = ServiceUser.objects.create(org=cast.alfa, started=timezone.localdate(), age_group="child")
    Identity.objects.create(service_user=child, **IDENTITY)
    aware = timezone.now() - timedelta(hours=2)
    event = services.event_record(
        org=cast.alfa, by=lead, type="financial", happened_at=aware - timedelta(hours=1), aware_at=aware,
        setting="licensed_care", service_user=child, age_group="child", alleged="staff", money_owner="service_user",
        found_how="reconciliation", **CASE,
    )  # fmt: skip
    services.event_transition(event=event, to=Event.Status.ASSESSING, reason="MARKERREASON triage", by=lead)
    services.event_update(event=event, by=lead, severity="serious", **HANDLING)
    services.entry_add(event=event, by=lead, text=ENTRY)
    services.attachment_add(event=event, upload=SimpleUploadedFile(FILE_NAME, FILE_BODY), by=lead)
    notice = Notice.objects.filter(event=event).first()
    assert notice is not None, "the case should create notifications"
    services.notice_record(notice=notice, by=lead, status=Notice.Status.SENT, sent_at=timezone.now(), proof=PROOF)
    services.action_from_event(
        event=event, by=lead, title="Peržiūrėti pinigų apskaitos tvarką", description="Kas mėnesį tikrinti kasą"
    )
    services.alerts_send(org=cast.alfa)
    return event, child


def _walk(client, routes, cast, markers):
    """(route, markers found) for every GET route this client opens."""
    leaks = []
    for route in routes:
        cast.extra.clear()  # objects a Route's factory keeps on the cast are rolled back with it
        with transaction.atomic():
            url = _url(route, cast)
            response = client.get(url, route.data(cast) if route.data else {})
            if response.status_code == 200:
                found = _found(_text(_body(response)), markers)
                if found:
                    leaks.append((route.name, found))
            transaction.set_rollback(True)
    return leaks


def test_no_page_or_download_shows_a_restricted_case_or_an_identity(cast, case, fake_pdf, caplog):
    caplog.set_level(logging.DEBUG)
    get_routes = [r for r in ROUTES.values() if r.method == "get"]
    leaks = []
    readers = {
        # The director may open identities (people's settings): her pages are checked for the case only.
        Role.DIRECTOR: [*CASE_MARKERS, GRID_CASE],
        Role.COORDINATOR: [*CASE_MARKERS, GRID_CASE, *IDENTITY_MARKERS],
        Role.STAFF: CASE_MARKERS + IDENTITY_MARKERS,
    }
    for role, markers in readers.items():
        client = Client()
        client.force_login(cast.users[role])
        mine = [r for r in get_routes if r.access == LOGIN or (r.access == ORG and role in allowed_roles(r))]
        leaks += [(role, *leak) for leak in _walk(client, mine, cast, markers)]
    public = [r for r in get_routes if r.access == PUBLIC]
    leaks += [("anonymous", *leak) for leak in _walk(Client(), public, cast, CASE_MARKERS + IDENTITY_MARKERS)]
    assert not leaks, f"pages showing what their reader may not see: {leaks}"
    _no_side_channel_leaks(caplog)


def test_the_case_s_own_pages_show_nothing_to_the_people_not_named(cast, case, fake_pdf):
    """Its pages opened with its own addresses (the walk above opens the grid's cases): nothing of the content, and
    not the reference of the person harmed, which links them to the case."""
    event, child = case
    attachment, notice = event.attachments.get(), event.notices.first()
    names = {
        "list": {},
        "figures": {},
        "person": {"person": child.uuid},
        "detail": {"uuid": event.uuid},
        "transition": {"uuid": event.uuid},
        "handling": {"uuid": event.uuid},
        "entry": {"uuid": event.uuid},
        "action": {"uuid": event.uuid},
        "break_glass": {"uuid": event.uuid},
        "notice": {"uuid": event.uuid, "pk": notice.pk},
        "attachment_download": {"uuid": event.uuid, "pk": attachment.pk},
    }
    markers = [*CASE_MARKERS, *IDENTITY_MARKERS, child.reference]
    for role in Role.values:
        if role == Role.UNIT_HEAD:
            continue  # the lead
        client = client_for(cast.users[role])
        for name, kwargs in names.items():
            response = client.get(url(f"safeguarding:{name}", cast, **kwargs))
            found = _found(_text(_body(response)), markers)
            assert not found, f"{role} GET safeguarding:{name} → {response.status_code} shows {found}"


def test_no_background_export_report_or_review_input_shows_a_restricted_case_or_an_identity(cast, case, fake_pdf):
    markers = CASE_MARKERS + IDENTITY_MARKERS
    today = timezone.localdate()
    progress = surfaces.progress_texts(cast.alfa, today.year)
    assert progress.get("actions_text"), "the year's safeguarding figures should be in the report"
    assert not _found(json.dumps(progress, ensure_ascii=False), markers), "the progress report's texts"
    for func in surfaces.review_inputs.contributions():
        found = func(cast.alfa, today)
        if found is not None:
            assert not _found(json.dumps(found.as_json(), ensure_ascii=False), markers), f"review input {found.key}"
    for kind in surfaces.background_exports_all().values():
        for membership in Membership.objects.for_org(cast.alfa).filter(role__in=kind.roles):
            made = kind.build(cast.alfa, membership.user, QueryDict(""), lambda step, label: None)
            assert not _found(_text(made.content), markers), f"{kind.code} for {membership.role}"


def test_mails_notifications_activity_and_logs_name_the_case_by_number_only(
    cast, case, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    event, _child = case
    with django_capture_on_commit_callbacks(execute=True):
        services.break_glass(event=event, by=cast.ona, reason=GLASS)
        services.alerts_send(now=timezone.now() + timedelta(days=30), org=cast.alfa)  # every clock overdue
        call_command("send_reminders", stdout=io.StringIO())  # everyone's digest: the lead's lists the notices
    assert mail.outbox, "the leads should have been told by mail"
    _no_side_channel_leaks(caplog)


def _no_side_channel_leaks(caplog):
    from work.models import Notification

    markers = CASE_MARKERS + IDENTITY_MARKERS
    for message in mail.outbox:
        parts = [message.subject, message.body] + [str(body) for body, _type in getattr(message, "alternatives", [])]
        assert not _found(" ".join(parts), markers), f"mail {message.subject!r} to {message.to}"
    for note in Notification.objects.all():
        text = " ".join([note.target_title, note.target_url, note.status_before, note.status_after])
        assert not _found(text, markers), f"notification {note.verb} to {note.user}"
    for entry in ActivityEntry.objects.all():
        text = " ".join([entry.target_repr, json.dumps(entry.changes, ensure_ascii=False), str(entry)])
        assert not _found(text, markers), f"activity entry {entry.verb} {entry.target_repr!r}"
    for record in caplog.records:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        assert not _found(text, markers), f"log line of {record.name}: {text[:200]}"
