"""What the documents register contributes to shared surfaces (kokybe.surfaces)."""

from datetime import timedelta

from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe import surfaces
from kokybe.lib.dates import local_date
from orgs.models import Unit
from orgs.roles import INSIDERS, MANAGERS, Role

from . import evidence
from .forms import DocumentEvidenceForm
from .models import Acknowledgement, Document, DocumentReview, DocumentSettings, DocumentVersion, Status
from .readers import audience_user_ids, audiences_for_orgs, coverage
from .services import APPROVE_REQUEST, READ_REQUEST

DASHBOARD_ROWS = 5

# ── Dashboard cards ──────────────────────────────────────────────────────────────────────────────────────────────


def _review_card(org):
    today = timezone.localdate()
    warning_days = DocumentSettings.of(org).review_warning_days
    due = Document.objects.for_org(org).review_due(today, warning_days)
    rows = list(due.select_related("org").order_by("next_review_on", "title")[:DASHBOARD_ROWS])
    return {"rows": rows, "total": due.count(), "today": today}


@surfaces.dashboard_cards
def review_card(org, membership):
    """Documents past or near their review date (insiders only): three queries, whatever their number."""
    return surfaces.DashboardCard("documents/_dashboard_card.html", 60, lambda: _review_card(org), roles=INSIDERS)


# ── Public-page sections ─────────────────────────────────────────────────────────────────────────────────────────


@surfaces.public_sections
def published_documents(org):
    """The public, published documents in the seed's order: one query for the stamp, one more to render."""
    documents = Document.objects.for_org(org).on_public_page()
    stamp = documents.aggregate(n=Count("pk"), last=Max("updated_at"), types=Max("type__updated_at"))

    def context():
        rows = documents.select_related("type", "published_version").order_by("type__order", "title")
        return {"documents": list(rows)}

    return surfaces.PublicSection(
        "documents/_public_documents.html",
        20,
        stamp=(stamp["n"], stamp["last"], stamp["types"]),
        publishes=bool(stamp["n"]),
        context=context,
    )


# ── Self-assessment evidence kinds ───────────────────────────────────────────────────────────────────────────────


def _document_offers(org, answer, attached):
    """The documents the register links to the answer's indicator and that are not attached yet: one query."""
    pinned = {(item.document_id, item.document_version_id) for item in attached if item.document_id}
    found = evidence.for_indicators(org, [answer.indicator_id]).get(answer.indicator_id, [])
    return [
        surfaces.EvidenceOffer(
            kind=_("Document"),
            title=e.title,
            url=e.url,
            detail=(_("version %(number)s") if e.pinned else _("version in force %(number)s"))
            % {"number": e.version.number},
            fields={"form": "document", "doc-document": e.document.pk}
            | ({"doc-document_version": e.version.pk} if e.pinned else {}),
        )
        for e in found
        if (e.document.pk, e.link.version_id) not in pinned and e.version is not None
    ]


@surfaces.evidence_kinds
def document_evidence():
    return surfaces.EvidenceKind(
        "document",
        10,
        offers=_document_offers,
        form_class=DocumentEvidenceForm,
        template="documents/_evidence_form.html",
    )


# ── Progress report ──────────────────────────────────────────────────────────────────────────────────────────────


def _d(value):
    return value.isoformat() if value else "—"


@surfaces.progress_report
def documents_reviewed(org, year):
    """The year's document reviews and approved versions: the report's "documents reviewed" chapter."""
    reviews = list(
        DocumentReview.objects.for_org(org)
        .filter(reviewed_on__year=year)
        .select_related("document")
        .order_by("reviewed_on", "pk")
    )
    approved = list(
        DocumentVersion.objects.for_org(org)
        .approved()
        .filter(approved_on__year=year)
        .select_related("document")
        .order_by("approved_on", "pk")
    )
    lines = [_("Documents reviewed in %(year)s: %(n)s.") % {"year": year, "n": len(reviews)}]
    lines += [f"- {r.document.title} ({_d(r.reviewed_on)}): {r.get_outcome_display()}" for r in reviews]
    lines += ["", _("Document versions approved in %(year)s: %(n)s.") % {"year": year, "n": len(approved)}]
    lines += [f"- {v.document.title}, v{v.number} ({_d(v.approved_on)})" for v in approved]
    return surfaces.ProgressText("documents_text", 0, "\n".join(lines).strip())


# ── My work, the quality calendar, notifications (rendered by the work app) ────────────────────────────────────


def _settings(org_ids):
    found = {s.org_id: s for s in DocumentSettings.objects.filter(org_id__in=org_ids)}
    return {org_id: found.get(org_id) or DocumentSettings(org_id=org_id) for org_id in org_ids}


@surfaces.work_items.asking
def documents_to_confirm(user, today, memberships):
    """The versions in force the person is asked to read and has not confirmed yet."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    if not org_ids:
        return []
    found = audiences_for_orgs(org_ids)
    if not found:
        return []
    units = list(Unit.objects.filter(org_id__in=org_ids))
    versions = [a.document.current_version_id for a in found]
    confirmed = set(
        Acknowledgement.objects.filter(user=user, version_id__in=versions).values_list("version_id", flat=True)
    )
    items = []
    for audience in found:
        document, version = audience.document, audience.document.current_version
        version.document = document  # its address names the document and the organisation: no query each
        membership = memberships[document.org_id]
        if version.pk in confirmed or user.pk not in audience_user_ids(audience, [membership], units):
            continue
        due = audience.due_on(version)
        items.append(
            surfaces.WorkItem(
                org=document.org,
                kind=_("Document to read"),
                title=document.title,
                url=version.get_absolute_url(),
                due_date=due,
                overdue=due < today,
                key=f"documents.read:{version.pk}",
                detail=_("Read and confirm version %(number)s") % {"number": version.number},
                target=version,
                asks=True,
            )
        )
    return items


@surfaces.work_items.asking
def document_reviews(user, today, memberships):
    """Documents in force whose review is due: for their owner, or for the coordinators when nobody owns them."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    if not org_ids:
        return []
    doc_settings = _settings(org_ids)
    horizon = today + timedelta(days=max(s.review_warning_days for s in doc_settings.values()))
    coordinating = [org_id for org_id in org_ids if memberships[org_id].role == Role.COORDINATOR]
    docs = (
        Document.objects.filter(org_id__in=org_ids, status__in=(Status.APPROVED, Status.PUBLISHED))
        .filter(next_review_on__lte=horizon)
        .select_related("org")
    )
    items = []
    for document in docs:
        mine = document.owner_id == user.pk or (document.owner_id is None and document.org_id in coordinating)
        warning = doc_settings[document.org_id].review_warning_days
        if not mine or document.next_review_on > today + timedelta(days=warning):
            continue
        items.append(
            surfaces.WorkItem(
                org=document.org,
                kind=_("Document review"),
                title=document.title,
                url=document.get_absolute_url(),
                due_date=document.next_review_on,
                overdue=document.next_review_on < today,
                key=f"documents.review:{document.uuid}:{document.next_review_on.isoformat()}",
                detail=_("Review the document, or confirm it needs no change"),
                target=document,
                asks=True,
            )
        )
    return items


@surfaces.work_items.asking
def documents_to_approve(user, today, memberships):
    """Versions in review, for those who may approve them."""
    doc_settings = _settings(list(memberships))
    org_ids = [
        org_id
        for org_id, m in memberships.items()
        if m.role in MANAGERS and m.role in doc_settings[org_id].approver_roles()
    ]
    if not org_ids:
        return []
    docs = Document.objects.filter(org_id__in=org_ids, status=Status.IN_REVIEW).select_related("org")
    return [
        surfaces.WorkItem(
            org=document.org,
            kind=_("Document to approve"),
            title=document.title,
            url=document.get_absolute_url(),
            due_date=None,
            overdue=False,
            key=f"documents.approve:{document.uuid}",
            detail=_("Waiting for your approval"),
            target=document,
            asks=True,
        )
        for document in docs
    ]


@surfaces.calendar_entries
def review_dates(memberships, first, last, person):
    """The next review of every document in force, for insiders; in a person's feed only the ones they review (as
    on My work: their own documents, or a coordinator's when nobody owns them)."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    docs = Document.objects.filter(
        org_id__in=org_ids, status__in=(Status.APPROVED, Status.PUBLISHED), next_review_on__range=(first, last)
    ).select_related("org")
    today = timezone.localdate()
    entries = []
    for document in docs.order_by("next_review_on", "title"):
        if person is not None:
            coordinating = memberships[document.org_id].role == Role.COORDINATOR
            if not (document.owner_id == person.pk or (document.owner_id is None and coordinating)):
                continue
        overdue = document.next_review_on < today
        entries.append(
            surfaces.CalendarEntry(
                org=document.org,
                kind=_("Document review"),
                title=document.title,
                url=document.get_absolute_url(),
                start=document.next_review_on,
                key=f"documents.review:{document.uuid}",
                category="document-review",
                deadline=True,
                badge=_("Overdue") if overdue else "",
                alert=overdue,
                changed_at=document.updated_at,
            )
        )
    return entries


@surfaces.notification_kinds
def kinds():
    return [
        surfaces.NotificationKind(READ_REQUEST, _("%(actor)s asks you to read and confirm “%(target)s”.")),
        surfaces.NotificationKind(APPROVE_REQUEST, _("%(actor)s asks you to approve the document “%(target)s”.")),
    ]


# ── Results (computed KPIs, kokybe.surfaces.result_sources) ──────────────────────────────────────────────────────


def _reviewed_on_time(org, first, last):
    """Of the reviews made in the period, the share made by the review date then in force: that of the document's
    previous review, or for a first review that of the version reviewed. A review with no date to meet is not
    counted. One query."""
    previous = DocumentReview.objects.filter(
        document_id=OuterRef("document_id"), reviewed_on__lt=OuterRef("reviewed_on")
    ).order_by("-reviewed_on", "-pk")
    reviews = (
        DocumentReview.objects.for_org(org)
        .filter(reviewed_on__range=(first, last))
        .annotate(due=Coalesce(Subquery(previous.values("next_review_on")[:1]), F("version__next_review_on")))
        .filter(due__isnull=False)
    )
    counts = reviews.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(reviewed_on__lte=F("due"))))
    return surfaces.Measure.share(counts["on_time"], counts["total"])


def _read_coverage(org, first, last):
    """Of the confirmations that fell due in the period — each person the audience of a document in force asks,
    for its current version — the share given (on the Europe/Vilnius date) by the due date. Who was asked is known
    for the versions in force only (audiences keep no history), so earlier periods count those versions' askings.
    A fixed number of queries (documents.readers.coverage)."""
    due = confirmed = 0
    for cov in coverage(org):
        if not (first <= cov.due_on <= last):
            continue
        for membership in cov.required:
            due += 1
            at = cov.confirmed.get(membership.user_id)
            if at is not None and local_date(at) <= cov.due_on:
                confirmed += 1
    return surfaces.Measure.share(confirmed, due)


def _register_url(org, first, last):
    return reverse("documents:list", args=[org.slug])


_RESULTS = [
    surfaces.ResultSource(
        code="documents.reviewed_on_time",
        name=gettext_lazy("Documents reviewed on time"),
        unit="%",
        compute=_reviewed_on_time,
        principles=("1", "10"),
        description=gettext_lazy("Of the document reviews made in the period, the share made by their review date."),
        records_url=_register_url,
    ),
    surfaces.ResultSource(
        code="documents.read_coverage",
        name=gettext_lazy("Read-acknowledgement coverage"),
        unit="%",
        compute=_read_coverage,
        principles=("2", "10"),
        description=gettext_lazy(
            "Of the confirmations of having read a document in force that fell due in the period, the share given "
            "by the due date."
        ),
        records_url=_register_url,
    ),
]


@surfaces.result_sources
def results():
    return _RESULTS
