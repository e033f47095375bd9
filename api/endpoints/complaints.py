"""The complaints register (complaints, requests, compliments), read-only: the register's list with its filters, and
one entry.

Gated as the register's pages (CONTRIBUTORS) and read through the same `visible_to(membership)`: a staff member sees
the entries they handle or that concern them; an entry flagged as possible abuse only its handlers and the director.
The person's contact details follow the entry page exactly: an identified person's details with the entry, to those
the page shows them to; a confidential person's details never through the API (on the page they are read one request
at a time and every read is logged: the API leaves that to the page); an anonymous entry has none. A service user is
named by their pseudonymous reference only.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from complaints.models import Channel, Complaint, Contact, IdentityMode, Kind, Status
from orgs.roles import CONTRIBUTORS

from ..core import PageParams, get_or_404, org_endpoint, paginate, responses

router = Router(tags=["Complaints"])

KindValue = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
StatusValue = Literal[tuple(Status.values)]  # type: ignore[valid-type]
ChannelValue = Literal[tuple(Channel.values)]  # type: ignore[valid-type]


class ComplaintOut(Schema):
    uuid: UUID
    number: str
    kind: str
    status: str
    channel: str
    received_at: datetime
    subject: str
    severity: str
    identity: str
    restricted: bool = Field(description="Possible violence or abuse: seen only by its handlers and the director.")
    service_id: int | None
    unit_id: int | None
    category_ids: list[int]
    owner_id: int | None
    owner_name: str | None
    service_user: str | None = Field(description="The service user's pseudonymous reference (e.g. P-7F3K).")
    decision_due: date | None
    decided_on: date | None
    is_overdue: bool
    url: str


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    address: str


class TimelineOut(Schema):
    type: str
    happened_on: date
    text: str
    has_file: bool


class ComplaintDetailOut(ComplaintOut):
    description: str
    acknowledge_due: date | None
    acknowledged_on: date | None
    extension_days: int
    extension_reason: str
    forwarded_to: str
    forwarded_on: date | None
    conclusion: str
    root_cause: str | None
    remedy: str
    reply: str
    reply_sent_on: date | None
    staff_concerned_ids: list[int]
    timeline: list[TimelineOut]
    contact: ContactOut | None = Field(
        description="An identified person's contact details, where the entry's page shows them; null for a "
        "confidential or anonymous person (a confidential person's details are read on the page, where each read is "
        "logged)."
    )


class ComplaintPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ComplaintOut]


class ComplaintFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Subject contains.")
    kind: KindValue | None = None
    status: StatusValue | None = None
    channel: ChannelValue | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    category: int | None = Field(None, ge=1, le=2_147_483_647, description="A category and those under it.")
    due: Literal["overdue"] | None = Field(None, description="`overdue`: open and past the decision term.")


def _row(c, today, prefix):
    owner = c.owner
    return {
        "uuid": c.uuid,
        "number": c.number,
        "kind": c.kind,
        "status": c.status,
        "channel": c.channel,
        "received_at": c.received_at,
        "subject": c.subject,
        "severity": c.severity,
        "identity": c.identity,
        "restricted": c.restricted,
        "service_id": c.service_id,
        "unit_id": c.unit_id,
        "category_ids": sorted(cat.pk for cat in c.categories.all()),
        "owner_id": c.owner_id,
        "owner_name": (owner.full_name or owner.email) if owner else None,
        "service_user": c.service_user.reference if c.service_user_id else None,
        "decision_due": c.decision_due,
        "decided_on": c.decided_on,
        "is_overdue": c.is_overdue(today),
        "url": f"{prefix}{c.uuid}/",
    }


def _visible(request):
    return Complaint.objects.for_org(request.org).visible_to(request.membership)


@router.get("/orgs/{slug}/complaints", response=responses(ComplaintPage), url_name="complaints")
@org_endpoint(roles=CONTRIBUTORS)
def complaint_list(request, slug: str, filters: Query[ComplaintFilters], page: Query[PageParams]):
    """The register as its page lists it for you (newest first), with the page's filters."""
    qs = _visible(request).with_lists().select_related("service_user")
    f = filters
    for name in ("kind", "status", "channel", "year"):
        if getattr(f, name) is not None:
            qs = qs.filter(**{name: getattr(f, name)})
    if f.category is not None:
        qs = qs.filter(Q(categories=f.category) | Q(categories__parent=f.category)).distinct()
    if f.due == "overdue":
        qs = qs.open().filter(decision_due__lt=timezone.localdate())
    if f.q and f.q.strip():
        qs = qs.filter(subject__icontains=f.q.strip())
    qs = qs.order_by("-received_at", "-sequence", "-pk")
    today = timezone.localdate()
    prefix = request.build_absolute_uri(f"/o/{request.org.slug}/complaints/")
    return paginate(request, qs, page, lambda c: _row(c, today, prefix))


@router.get("/orgs/{slug}/complaints/{complaint_uuid}", response=responses(ComplaintDetailOut), url_name="complaint")
@org_endpoint(roles=CONTRIBUTORS)
def complaint_detail(request, slug: str, complaint_uuid: UUID):
    qs = _visible(request).with_lists().select_related("service_user", "root_cause")
    c = get_or_404(qs, uuid=complaint_uuid)
    contact = None
    # As on the entry's page: shown with the case only for an identified person, to those who may see who it is.
    if c.identity == IdentityMode.IDENTIFIED and not c.restricted and c.may_see_identity(request.membership):
        found = Contact.objects.filter(complaint=c).first()
        if found is not None and not found.is_empty():
            contact = {"name": found.name, "email": found.email, "phone": found.phone, "address": found.address}
    prefix = request.build_absolute_uri(f"/o/{request.org.slug}/complaints/")
    return {
        **_row(c, timezone.localdate(), prefix),
        "description": c.description,
        "acknowledge_due": c.acknowledge_due,
        "acknowledged_on": c.acknowledged_on,
        "extension_days": c.extension_days,
        "extension_reason": c.extension_reason,
        "forwarded_to": c.forwarded_to,
        "forwarded_on": c.forwarded_on,
        "conclusion": c.conclusion,
        "root_cause": c.root_cause.name if c.root_cause_id else None,
        "remedy": c.remedy,
        "reply": c.reply,
        "reply_sent_on": c.reply_sent_on,
        "staff_concerned_ids": sorted(c.people_concerned.values_list("pk", flat=True)),
        "timeline": [
            {"type": t.type, "happened_on": t.happened_on, "text": t.text, "has_file": bool(t.file)}
            for t in c.timeline.all()
        ],
        "contact": contact,
    }
