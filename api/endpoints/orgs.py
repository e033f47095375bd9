"""The organisation, its units, services and members (the pages under /o/<org>/ of the orgs app)."""

from datetime import date, datetime
from typing import Literal

from ninja import Query, Router, Schema

from orgs.models import Membership, Service, Unit
from orgs.roles import ALL_ROLES, INSIDERS

from ..core import PageParams, ordering, org_endpoint, paginate, responses

router = Router(tags=["Organisation"])


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    legal_form: str
    company_code: str
    municipality: str
    address: str
    email: str
    phone: str
    website: str
    created_at: datetime
    your_role: str


class UnitOut(Schema):
    id: int
    name: str
    parent_id: int | None
    description: str
    order: int


class ServiceOut(Schema):
    id: int
    name: str
    unit_id: int | None
    target_group: str
    status: str
    order: int


class MemberOut(Schema):
    id: int
    user_id: int
    full_name: str
    email: str
    role: str
    unit_id: int | None
    position: str
    access_until: date | None
    is_active: bool


class Page(Schema):
    count: int
    next: str | None
    previous: str | None


class UnitPage(Page):
    results: list[UnitOut]


class ServicePage(Page):
    results: list[ServiceOut]


class MemberPage(Page):
    results: list[MemberOut]


# The dashboard: every member of the organisation sees its facts.
@router.get("/orgs/{slug}", response=responses(OrganisationOut), url_name="organisation")
@org_endpoint(roles=ALL_ROLES)
def organisation(request, slug: str):
    org = request.org
    return {
        **{f: getattr(org, f) for f in OrganisationOut.model_fields if f != "your_role"},
        "your_role": request.membership.role,
    }


@router.get("/orgs/{slug}/units", response=responses(UnitPage), url_name="units")
@org_endpoint(roles=INSIDERS)
def units(request, slug: str, page: Query[PageParams], sort: Literal["name", "-name", "order", "-order"] = "order"):
    qs = ordering(Unit.objects.for_org(request.org), sort, ("name", "order"))
    return paginate(request, qs, page, lambda u: u)


@router.get("/orgs/{slug}/services", response=responses(ServicePage), url_name="services")
@org_endpoint(roles=INSIDERS)
def services(
    request,
    slug: str,
    page: Query[PageParams],
    status: Literal["active", "planned", "suspended", "ended"] | None = None,
    sort: Literal["name", "-name", "order", "-order"] = "order",
):
    qs = Service.objects.for_org(request.org)
    if status:
        qs = qs.filter(status=status)
    return paginate(request, ordering(qs, sort, ("name", "order")), page, lambda s: s)


# The members page shows every insider the name, e-mail, role, unit and position of each member: so does this.
@router.get("/orgs/{slug}/members", response=responses(MemberPage), url_name="members")
@org_endpoint(roles=INSIDERS)
def members(
    request,
    slug: str,
    page: Query[PageParams],
    role: Literal[tuple(sorted(ALL_ROLES))] | None = None,  # type: ignore[valid-type]
):
    qs = Membership.objects.for_org(request.org).select_related("user").order_by("user__full_name", "pk")
    if role:
        qs = qs.filter(role=role)

    def row(m):
        return {
            "id": m.pk,
            "user_id": m.user_id,
            "full_name": m.user.full_name,
            "email": m.user.email,
            "role": m.role,
            "unit_id": m.unit_id,
            "position": m.position,
            "access_until": m.access_until,
            "is_active": m.is_active and m.user.is_active,
        }

    return paginate(request, qs, page, row)
