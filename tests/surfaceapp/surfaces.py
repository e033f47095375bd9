"""Everything the test register contributes to the shared surfaces: this module (and the app's own templates) is all
it adds for that; no other app knows it exists. Each contribution is also the contract's smallest example."""

from datetime import timedelta

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from kokybe import surfaces
from orgs.roles import INSIDERS, MANAGERS

from . import switch
from .models import Entry

# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def register_card(org, membership):
    if not switch.on:
        return None

    def context():
        entries = Entry.objects.for_org(org)
        return {
            "open_entries": entries.open().count(),
            "overdue_entries": entries.open().filter(due_on__lt=timezone.localdate()).count(),
        }

    return surfaces.DashboardCard("surfaceapp/card.html", 35, context, roles=INSIDERS)


# ── Public-page sections ─────────────────────────────────────────────────────────────────────────────────────────


@surfaces.public_sections
def register_statistics(org):
    if not switch.on:
        return None
    stamp = Entry.objects.for_org(org).filter(is_public=True).aggregate(n=Count("pk"), last=Max("received_on"))
    return surfaces.PublicSection(
        "surfaceapp/public.html",
        30,
        stamp=(stamp["n"], stamp["last"]),
        publishes=bool(stamp["n"]),
        context=lambda: {"public_entries": stamp["n"]},
    )


# ── Self-assessment evidence kinds ───────────────────────────────────────────────────────────────────────────────


def _entry_offers(org, answer, attached):
    """Entries tagged with the answer's indicator, offered as record references (the self-assessment's own kind,
    which needs no field of ours on its evidence items): one query."""
    references = {item.reference for item in attached}
    offers = []
    for entry in Entry.objects.for_org(org).filter(indicator_code=answer.indicator.code):
        reference = f"Test register, entry {entry.pk} ({entry.received_on.isoformat()})"
        if reference not in references:
            offers.append(
                surfaces.EvidenceOffer(
                    kind="Register entry",
                    title=entry.title,
                    url=f"/registry/{entry.pk}/",
                    detail=reference,
                    fields={"kind": "record", "title": entry.title, "reference": reference},
                )
            )
    return offers


@surfaces.evidence_kinds
def register_entries():
    return surfaces.EvidenceKind("register_entry", 30, offers=_entry_offers) if switch.on else None


# ── Progress report and management review ───────────────────────────────────────────────────────────────────────


@surfaces.progress_report
def register_year(org, year):
    if not switch.on:
        return None
    entries = Entry.objects.for_org(org)
    received = entries.filter(received_on__year=year).count()
    due_next = entries.open().filter(due_on__year=year + 1).count()
    return [
        surfaces.ProgressText("actions_text", 10, f"Register entries received in {year}: {received}."),
        surfaces.ProgressText("next_steps", 10, f"Register entries due in {year + 1}: {due_next}."),
    ]


@surfaces.review_inputs
def register_review(org, today):
    if not switch.on:
        return None
    since = today - timedelta(days=365)
    entries = Entry.objects.for_org(org).filter(received_on__gte=since, received_on__lte=today)
    return surfaces.ReviewInput(
        "register", 10, "Test register", [f"{e.received_on.isoformat()}: {e.title}" for e in entries]
    )


# ── My work, the quality calendar, notifications, the reminder digest ───────────────────────────────────────────

ENTRY_ASSIGNED = "surfaceapp_entry_assigned"


def _url(entry):
    return f"/registry/{entry.pk}/"


@surfaces.work_items
def my_open_entries(user, today, memberships):
    """Open entries the person owns, in the organisations they are an insider of: one query."""
    if not switch.on:
        return []
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    entries = Entry.objects.filter(org_id__in=orgs, owner=user).open().select_related("org")
    return [
        surfaces.WorkItem(
            org=entry.org,
            kind="Register entry",
            title=entry.title,
            url=_url(entry),
            due_date=entry.due_on,
            overdue=entry.due_on is not None and entry.due_on < today,
            key=f"surfaceapp.entry:{entry.pk}",
            detail="Owner",
            target=entry,
        )
        for entry in entries
    ]


@surfaces.calendar_entries
def entries_due(memberships, first, last, person):
    """Open entries' due dates for insiders; in a person's feed only the ones they own: one query."""
    if not switch.on:
        return []
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    entries = Entry.objects.filter(org_id__in=orgs, due_on__range=(first, last)).open().select_related("org")
    if person is not None:
        entries = entries.filter(owner=person)
    return [
        surfaces.CalendarEntry(
            org=entry.org,
            kind="Register entry",
            title=entry.title,
            url=_url(entry),
            start=entry.due_on,
            key=f"surfaceapp.entry:{entry.pk}",
            category="register-entry",
            deadline=True,
        )
        for entry in entries
    ]


@surfaces.notification_kinds
def register_verbs():
    if not switch.on:
        return []
    return [surfaces.NotificationKind(ENTRY_ASSIGNED, "%(actor)s gave you the register entry “%(target)s”.")]


@surfaces.digest_sections
def received_this_week(user, today, memberships):
    """For the managers: entries received in the last seven days, once each in the digest: one query."""
    if not switch.on:
        return None
    orgs = [org_id for org_id, m in memberships.items() if m.role in MANAGERS]
    entries = Entry.objects.filter(org_id__in=orgs, received_on__gt=today - timedelta(days=7)).select_related("org")
    items = [
        surfaces.WorkItem(
            org=entry.org,
            kind="Register entry",
            title=entry.title,
            url=_url(entry),
            due_date=None,
            overdue=False,
            key=f"surfaceapp.received:{entry.pk}",
        )
        for entry in entries
    ]
    return surfaces.DigestSection(heading="Received in the register this week", items=items)


# ── Results (computed KPIs) ──────────────────────────────────────────────────────────────────────────────────────


def _closed_on_time(org, first, last):
    # Entries closed in the period, and how many of them by their due date: one query.
    closed = Entry.objects.for_org(org).filter(closed_on__range=(first, last))
    counts = closed.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(due_on__gte=F("closed_on"))))
    return surfaces.Measure.share(counts["on_time"], counts["total"])


@surfaces.result_sources
def register_results():
    if not switch.on:
        return []
    return [
        surfaces.ResultSource(
            code="surfaceapp.closed_on_time",
            name="Register entries closed on time",
            unit="%",
            compute=_closed_on_time,
            principles=("7",),
        )
    ]
