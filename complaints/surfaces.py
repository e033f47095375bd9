"""What the complaints register contributes to the shared surfaces (kokybe.surfaces)."""

from datetime import date, timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe import surfaces
from orgs.roles import MANAGERS, Role

from . import trends
from .models import REGISTER_READERS, Complaint, ComplaintRules, Kind

KIND = gettext_lazy("Complaint")


def _url(c):
    return reverse("complaints:detail", args=[c.org.slug, c.uuid])


# ── My work and the reminder digest: the owner's running terms ─────────────────────────────────────────────────


@surfaces.work_items
def complaints_to_handle(user, today, memberships):
    """Open entries the person owns, with the earliest term still running; for the managers also the entries nobody
    owns yet (those the public form brought in): one query."""
    managing = [org_id for org_id, m in memberships.items() if m.role in MANAGERS]
    mine = Q(owner=user) | Q(owner__isnull=True, org_id__in=managing)
    entries = Complaint.objects.filter(org_id__in=list(memberships)).filter(mine).open().select_related("org")
    items = []
    for c in entries:
        term = c.next_deadline()
        if term is None:
            continue
        what, due = term
        items.append(
            surfaces.WorkItem(
                org=c.org,
                kind=c.get_kind_display(),
                title=f"{c.number}: {c.subject}",
                url=_url(c),
                due_date=due,
                overdue=due < today,
                key=f"complaints.term:{c.uuid}:{due.isoformat()}",
                detail=str(what) if c.owner_id else _("%(term)s · no owner yet") % {"term": what},
                target=c,
            )
        )
    return items


# ── The quality calendar and the iCal feed ───────────────────────────────────────────────────────────────────────


@surfaces.calendar_entries
def decision_dates(memberships, first, last, person):
    """Decision dates of open entries: the readers of the register see the unrestricted ones, an owner their own."""
    readers = [org_id for org_id, m in memberships.items() if m.role in REGISTER_READERS]
    directors = [org_id for org_id, m in memberships.items() if m.role == Role.DIRECTOR]
    owners = {m.user_id for m in memberships.values()}
    seen = Q(org_id__in=directors) | Q(org_id__in=readers, restricted=False) | Q(owner_id__in=owners)
    entries = (
        Complaint.objects.filter(org_id__in=list(memberships), decision_due__range=(first, last))
        .filter(seen)
        .open()
        .select_related("org")
    )
    if person is not None:
        entries = entries.filter(owner=person)
    return [
        surfaces.CalendarEntry(
            org=c.org,
            kind=c.get_kind_display(),
            title=_("Decision due: %(number)s") % {"number": c.number},
            url=_url(c),
            start=c.decision_due,
            key=f"complaints.decision:{c.uuid}",
            category="complaint",
            deadline=True,
        )
        for c in entries
    ]


# ── Computed KPIs ────────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.result_sources
def complaint_results():
    return [
        surfaces.ResultSource(
            "complaints.per_100_users",
            gettext_lazy("Complaints per 100 service users"),
            "per100",
            trends.per_100,
            principles=("3", "10"),
            higher_is_better=False,
            description=gettext_lazy("Complaints received in the period per 100 service users served in it."),
        ),
        surfaces.ResultSource(
            "complaints.decided_on_time",
            gettext_lazy("Complaints and requests decided on time"),
            "%",
            trends.on_time,
            principles=("3", "4"),
            description=gettext_lazy("Share of the period's decided complaints and requests decided within the term."),
        ),
        surfaces.ResultSource(
            "complaints.upheld_share",
            gettext_lazy("Complaints upheld or partly upheld"),
            "%",
            trends.upheld,
            principles=("10",),
            higher_is_better=False,
        ),
        surfaces.ResultSource(
            "complaints.median_days_to_decision",
            gettext_lazy("Median working days to a decision"),
            "days",
            trends.median_days,
            principles=("3",),
            higher_is_better=False,
        ),
    ]


# ── Self-assessment evidence ─────────────────────────────────────────────────────────────────────────────────────


def _offers(org, answer, attached):
    """The register's figures, for an indicator of a principle the organisation's categories map to: two queries."""
    principle = str(answer.indicator.code).split(".")[0]
    mapped = Complaint.categories.field.related_model.objects.for_org(org).filter(
        Q(principles=principle)
        | Q(principles__startswith=f"{principle},")
        | Q(principles__endswith=f",{principle}")
        | Q(principles__contains=f",{principle},")
    )
    if not mapped.exists():
        return []
    year = date.today().year - 1
    reference = _("Complaints register, figures of %(year)s") % {"year": year}
    if reference in {item.reference for item in attached}:
        return []
    title = _("Complaints, requests and compliments: three-year trends")
    return [
        surfaces.EvidenceOffer(
            kind=str(_("Complaints register")),
            title=title,
            url=reverse("complaints:trends", args=[org.slug]),
            detail=reference,
            fields={"kind": "record", "title": title, "reference": reference},
        )
    ]


@surfaces.evidence_kinds
def register_figures():
    return surfaces.EvidenceKind("complaints_register", 60, offers=_offers)


# ── The yearly progress report and the management review ────────────────────────────────────────────────────────


def _summary(f):
    return _(
        "%(total)s entries: %(complaints)s complaints, %(requests)s requests, %(compliments)s compliments; "
        "decided on time: %(on_time)s; upheld or partly upheld: %(upheld)s."
    ) % {
        "total": f["total"],
        "complaints": f["kinds"][Kind.COMPLAINT],
        "requests": f["kinds"][Kind.REQUEST],
        "compliments": f["kinds"][Kind.COMPLIMENT],
        "on_time": "–" if f["on_time_share"] is None else f"{f['on_time_share']} %",
        "upheld": "–" if f["upheld_share"] is None else f"{f['upheld_share']} %",
    }


@surfaces.progress_report
def complaints_year(org, year):
    f = trends.year_figures(org, year)
    if not f["total"]:
        return None
    lines = [
        _("Complaints, requests and compliments in %(year)s: %(summary)s") % {"year": year, "summary": _summary(f)}
    ]
    for cause, n in f["root_causes"].most_common(3):
        lines.append(f"- {cause}: {n}")
    return surfaces.ProgressText("actions_text", 30, "\n".join(lines))


@surfaces.review_inputs
def complaints_review(org, today):
    rows = trends.entries(org, today - timedelta(days=365), today)
    if not rows:
        return None
    f = trends.figures(rows)
    lines = [_summary(f)]
    overdue = Complaint.objects.for_org(org).open().filter(decision_due__lt=today).count()
    lines.append(_("Open past their decision term today: %(n)s") % {"n": overdue})
    for cause, n in f["root_causes"].most_common(3):
        lines.append(_("Root cause “%(cause)s”: %(n)s") % {"cause": cause, "n": n})
    return surfaces.ReviewInput("complaints", 40, _("Complaints, requests and compliments"), lines)


# ── The public quality page ──────────────────────────────────────────────────────────────────────────────────────


@surfaces.public_sections
def complaints_public(org):
    rules = ComplaintRules.objects.filter(org=org).first()
    if rules is None or not (rules.public_intake or rules.publish_statistics):
        return None
    stamp = Complaint.objects.for_org(org).aggregate(n=Count("pk"), last=Max("received_at"))

    def context():
        year = date.today().year - 1
        shown = None
        if rules.publish_statistics:
            f = trends.year_figures(org, year)
            shown = {k: (n if n >= trends.PUBLIC_MINIMUM else None) for k, n in f["kinds"].items()}
            shown["on_time_share"] = f["on_time_share"] if f["decided"] >= trends.PUBLIC_MINIMUM else None
        return {"rules": rules, "year": year, "stats": shown}

    return surfaces.PublicSection(
        "complaints/public_section.html",
        60,
        stamp=(rules.public_intake, rules.publish_statistics, stamp["n"], stamp["last"], date.today().year),
        publishes=rules.public_intake,
        context=context,
    )
