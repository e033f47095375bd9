"""The other registers, read-only: frameworks, documents and their approved versions, audits with findings,
certificates, survey campaigns (aggregate results only) and the quality calendar's milestones.

Each endpoint is gated like its page (INSIDERS for every one of these lists and detail pages) and reads through the
QuerySets the pages use.
"""

from datetime import date, datetime
from uuid import UUID

from django.db.models import Prefetch
from ninja import Query, Router, Schema
from pydantic import Field

from audits.models import Audit, AuditFinding, Certificate
from documents.models import Document, DocumentVersion
from documents.models import Status as DocumentStatus
from frameworks.models import FrameworkVersion
from orgs.roles import INSIDERS
from surveys.analysis import campaign_results
from surveys.models import Campaign
from work.models import Milestone

from ..core import IsoDate, PageParams, get_or_404, org_endpoint, paginate, responses

router = Router(tags=["Registers"])


class Page(Schema):
    count: int
    next: str | None
    previous: str | None


# ── Frameworks ────────────────────────────────────────────────────────────────────────────────────────────────────


class FrameworkVersionOut(Schema):
    id: int
    framework_code: str
    framework: str
    label: str
    year: int | None
    status: str
    validity_years: int | None
    shipped: bool
    ratings: list[dict]


class FrameworkVersionPage(Page):
    results: list[FrameworkVersionOut]


@router.get("/orgs/{slug}/frameworks", response=responses(FrameworkVersionPage), url_name="frameworks")
@org_endpoint(roles=INSIDERS)
def framework_versions(request, slug: str, page: Query[PageParams]):
    """The framework versions this organisation can use: the shipped ones and those it imported."""
    qs = (
        FrameworkVersion.objects.visible_to(request.org)
        .select_related("framework")
        .order_by("framework__code", "-year", "pk")
    )

    def row(v):
        return {
            "id": v.pk,
            "framework_code": v.framework.code,
            "framework": str(v.framework.name),
            "label": v.label,
            "year": v.year,
            "status": v.status,
            "validity_years": v.validity_years,
            "shipped": v.org_id is None,
            "ratings": [{"code": r.get("code", ""), "label": str(v.rating_label(r))} for r in v.ratings],
        }

    return paginate(request, qs, page, row)


# ── Documents ─────────────────────────────────────────────────────────────────────────────────────────────────────


class VersionOut(Schema):
    number: int
    title: str
    kind: str
    approved_on: date | None
    approver_name: str
    order_number: str
    effective_from: date | None
    change_summary: str


class DocumentOut(Schema):
    uuid: UUID
    title: str
    type: str
    status: str
    is_public: bool
    owner_id: int | None
    next_review_on: date | None
    last_reviewed_on: date | None
    published_version: int | None
    updated_at: datetime


class DocumentDetailOut(DocumentOut):
    approved_versions: list[VersionOut]
    published_text: str | None = Field(description="The published version's text (Markdown), when it is a text.")


class DocumentPage(Page):
    results: list[DocumentOut]


def _document(d):
    return {
        "uuid": d.uuid,
        "title": d.title,
        "type": d.type.code,
        "status": d.status,
        "is_public": d.is_public,
        "owner_id": d.owner_id,
        "next_review_on": d.next_review_on,
        "last_reviewed_on": d.last_reviewed_on,
        "published_version": d.published_version.number if d.published_version_id else None,
        "updated_at": d.updated_at,
    }


def _version(v):
    return {
        "number": v.number,
        "title": v.title,
        "kind": v.kind,
        "approved_on": v.approved_on,
        "approver_name": v.approver_name,
        "order_number": v.order_number,
        "effective_from": v.effective_from,
        "change_summary": v.change_summary,
    }


@router.get("/orgs/{slug}/documents", response=responses(DocumentPage), url_name="documents")
@org_endpoint(roles=INSIDERS)
def document_list(
    request,
    slug: str,
    page: Query[PageParams],
    status: str | None = Query(None, max_length=16, description="A status, or `all`; in force by default."),
):
    """The documents register (by default what is in force, as on the register's page)."""
    qs = Document.objects.for_org(request.org).select_related("type", "published_version").order_by("title", "pk")
    if status in DocumentStatus.values:
        qs = qs.filter(status=status)
    elif status != "all":
        qs = qs.active()
    return paginate(request, qs, page, _document)


@router.get("/orgs/{slug}/documents/{uuid}", response=responses(DocumentDetailOut), url_name="document")
@org_endpoint(roles=INSIDERS)
def document_detail(request, slug: str, uuid: UUID):
    approved = DocumentVersion.objects.for_org(request.org).approved().order_by("-number")
    qs = Document.objects.for_org(request.org).select_related("type", "published_version")
    document = get_or_404(qs.prefetch_related(Prefetch("versions", approved, to_attr="approved")), uuid=uuid)
    published = document.published_version
    return {
        **_document(document),
        "approved_versions": [_version(v) for v in document.approved],
        "published_text": published.body if published is not None and published.is_text else None,
    }


# ── Audits, findings, certificates ────────────────────────────────────────────────────────────────────────────────


class FindingOut(Schema):
    number: int
    kind: str
    text: str
    indicator_id: int | None
    created_at: datetime


class AuditOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    planned_start: date
    planned_end: date | None
    closed_on: date | None
    auditor_name: str
    lead_auditor_id: int | None


class AuditDetailOut(AuditOut):
    summary: str
    findings: list[FindingOut]


class AuditPage(Page):
    results: list[AuditOut]


class CertificateOut(Schema):
    id: int
    reference: str
    level: str
    framework_version_id: int | None
    issued_on: date
    expires_on: date | None
    awarded_by: str
    is_public: bool
    service_ids: list[int]


class CertificatePage(Page):
    results: list[CertificateOut]


def _audit(a):
    return {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "status": a.status,
        "planned_start": a.planned_start,
        "planned_end": a.planned_end,
        "closed_on": a.closed_on,
        "auditor_name": a.auditor_name,
        "lead_auditor_id": a.lead_auditor_id,
    }


@router.get("/orgs/{slug}/audits", response=responses(AuditPage), url_name="audits")
@org_endpoint(roles=INSIDERS)
def audit_list(request, slug: str, page: Query[PageParams], status: str | None = Query(None, max_length=16)):
    qs = Audit.objects.for_org(request.org).order_by("-planned_start", "-pk")
    if status:
        qs = qs.filter(status=status)
    return paginate(request, qs, page, _audit)


@router.get("/orgs/{slug}/audits/{audit_id}", response=responses(AuditDetailOut), url_name="audit")
@org_endpoint(roles=INSIDERS)
def audit_detail(request, slug: str, audit_id: int):
    audit = get_or_404(Audit.objects.for_org(request.org), pk=audit_id)
    findings = AuditFinding.objects.for_org(request.org).filter(audit=audit).order_by("number")
    return {
        **_audit(audit),
        "summary": audit.summary,
        "findings": [
            {
                "number": f.number,
                "kind": f.kind,
                "text": f.text,
                "indicator_id": f.indicator_id,
                "created_at": f.created_at,
            }
            for f in findings
        ],
    }


@router.get("/orgs/{slug}/certificates", response=responses(CertificatePage), url_name="certificates")
@org_endpoint(roles=INSIDERS)
def certificate_list(request, slug: str, page: Query[PageParams]):
    qs = Certificate.objects.for_org(request.org).latest_first().prefetch_related("services")

    def row(c):
        return {
            "id": c.pk,
            "reference": c.reference,
            "level": c.level,
            "framework_version_id": c.version_id,
            "issued_on": c.issued_on,
            "expires_on": c.expires_on,
            "awarded_by": c.awarded_by,
            "is_public": c.is_public,
            "service_ids": sorted(s.pk for s in c.services.all()),
        }

    return paginate(request, qs, page, row)


# ── Survey campaigns: aggregate results only ──────────────────────────────────────────────────────────────────────


class CampaignOut(Schema):
    id: int
    title: str
    status: str
    starts_on: date
    ends_on: date
    anonymous: bool
    min_group_size: int


class CampaignPage(Page):
    results: list[CampaignOut]


class BucketOut(Schema):
    value: str
    label: str
    count: int
    percent: float | None


class QuestionResultOut(Schema):
    code: str
    text: str
    type: str
    n: int
    mean: float | None
    top2_percent: float | None
    nps: float | None
    yes_percent: float | None
    buckets: list[BucketOut]


class CampaignResultsOut(CampaignOut):
    responses: int
    response_rate: float | None
    withheld: bool = Field(description="True when an anonymous campaign has fewer responses than its minimum group.")
    withheld_message: str
    questions: list[QuestionResultOut]


def _campaign(c):
    return {
        "id": c.pk,
        "title": c.title,
        "status": c.status,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "anonymous": c.anonymous,
        "min_group_size": c.min_group_size,
    }


@router.get("/orgs/{slug}/campaigns", response=responses(CampaignPage), url_name="campaigns")
@org_endpoint(roles=INSIDERS)
def campaign_list(request, slug: str, page: Query[PageParams]):
    qs = Campaign.objects.filter(org=request.org).order_by("-starts_on", "-pk")
    return paginate(request, qs, page, _campaign)


@router.get(
    "/orgs/{slug}/campaigns/{campaign_id}/results", response=responses(CampaignResultsOut), url_name="campaign_results"
)
@org_endpoint(roles=INSIDERS)
def campaign_result(request, slug: str, campaign_id: int):
    """The campaign's figures as on its results page: counts and shares per question, never one person's answers
    and no free-text answers; an anonymous campaign under its minimum group size shows none (`withheld`)."""
    campaign = get_or_404(Campaign.objects.filter(org=request.org).select_related("org", "version"), pk=campaign_id)
    results = campaign_results(campaign, with_texts=False)
    return {
        **_campaign(campaign),
        "responses": results.responses,
        "response_rate": results.response_rate,
        "withheld": results.withheld,
        "withheld_message": str(results.withheld_message),
        "questions": [
            {
                "code": r.question.code,
                "text": str(r.question.text),
                "type": r.question.type,
                "n": r.n,
                "mean": r.mean,
                "top2_percent": r.top2,
                "nps": r.nps,
                "yes_percent": r.yes_pct,
                "buckets": [
                    {"value": str(b.key), "label": str(b.label), "count": b.count, "percent": b.pct} for b in r.buckets
                ],
            }
            for r in results.results
        ],
    }


# ── The quality calendar's milestones ─────────────────────────────────────────────────────────────────────────────


class MilestoneOut(Schema):
    uuid: UUID
    kind: str
    title: str
    start_date: date
    end_date: date | None
    responsible_id: int | None
    unit_id: int | None
    service_id: int | None


class MilestonePage(Page):
    results: list[MilestoneOut]


@router.get("/orgs/{slug}/milestones", response=responses(MilestonePage), url_name="milestones")
@org_endpoint(roles=INSIDERS)
def milestone_list(
    request, slug: str, page: Query[PageParams], first: IsoDate | None = None, last: IsoDate | None = None
):
    """Milestones of the quality calendar; `first`/`last` keep those with a day in that range."""
    qs = Milestone.objects.for_org(request.org)
    if first or last:
        qs = qs.overlapping(first or date.min, last or date.max)
    qs = qs.order_by("start_date", "pk")

    def row(m):
        return {
            "uuid": m.uuid,
            "kind": m.kind,
            "title": m.title,
            "start_date": m.start_date,
            "end_date": m.end_date,
            "responsible_id": m.responsible_id,
            "unit_id": m.unit_id,
            "service_id": m.service_id,
        }

    return paginate(request, qs, page, row)
