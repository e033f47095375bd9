"""What the documents register contributes to shared surfaces (kokybe.surfaces)."""

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe import surfaces
from orgs.roles import INSIDERS

from . import evidence
from .forms import DocumentEvidenceForm
from .models import Document, DocumentReview, DocumentSettings, DocumentVersion

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
