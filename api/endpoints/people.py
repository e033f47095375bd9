"""Service users (issue 19), read-only and pseudonymous: the list and one person's record by reference, and the
outcome roll-ups.

Gated as the people pages: the list and a record for RECORD_ROLES, each person only if the page shows them
(ServiceUser.objects.visible_to: the director everyone, a unit head their units' people, a staff member those they are
key worker of); the roll-ups for INSIDERS. A person is named by their reference (P-7F3K) only: who they are is a
restricted record (people.Identity), opened on its page by the roles the director names, every opening logged; the
API never reads it. The roll-ups give no figure about fewer than people.rollup.MIN_PEOPLE people, and no count below
it either.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from orgs.models import Service
from orgs.roles import INSIDERS
from people import rollup
from people.forms import RECORD_ROLES, FilterForm
from people.models import Measurement, Plan, ServiceUser

from ..core import PageParams, get_or_404, org_endpoint, paginate, responses
from ..problems import Problem

router = Router(tags=["Service users"])


class PersonOut(Schema):
    reference: str = Field(description="The pseudonymous reference; never a name.")
    unit_id: int | None
    service_ids: list[int]
    started: date
    ended: date | None
    current: bool
    age_group: str
    sex: str
    key_worker_id: int | None
    url: str


class PlanOut(Schema):
    version: int
    starts_on: date
    review_on: date
    goals: int
    last_review_on: date | None


class MeasurementOut(Schema):
    instrument: str
    taken_on: date
    respondent: str
    scores: dict[str, float]


class PersonDetailOut(PersonOut):
    consent_on: date | None
    plans: list[PlanOut]
    measurements: list[MeasurementOut]


class PersonPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PersonOut]


class PersonFilters(Schema):
    service: int | None = Field(None, ge=1, le=2_147_483_647)
    unit: int | None = Field(None, ge=1, le=2_147_483_647)
    key_worker: int | None = Field(None, ge=1, le=2_147_483_647, description="A user id.")
    current: bool | None = Field(None, description="Receiving a service today.")


class FigureOut(Schema):
    value: float | None = Field(description="Null when there is nothing to count or fewer than 5 people.")
    people: int | None = Field(description="How many people the figure is about; null when fewer than 5.")
    suppressed: bool
    low: float | None
    high: float | None


class DomainOut(Schema):
    code: str
    label: str
    change: FigureOut


class OutcomeGroupOut(Schema):
    service_id: int | None = Field(description="Null: all services.")
    name: str
    measured: FigureOut
    goals_reached: FigureOut
    reviewed_on_time: FigureOut
    domains: list[DomainOut]


class OutcomesOut(Schema):
    year: int
    min_people: int
    groups: list[OutcomeGroupOut]


def _person(request, p, today):
    return {
        "reference": p.reference,
        "unit_id": p.unit_id,
        "service_ids": sorted(s.pk for s in p.services.all()),
        "started": p.started,
        "ended": p.ended,
        "current": p.started <= today and (p.ended is None or p.ended >= today),
        "age_group": p.age_group,
        "sex": p.sex,
        "key_worker_id": p.key_worker_id,
        "url": request.build_absolute_uri(f"/o/{request.org.slug}/people/{p.reference}/"),
    }


@router.get("/orgs/{slug}/people", response=responses(PersonPage), url_name="people")
@org_endpoint(roles=RECORD_ROLES)
def person_list(request, slug: str, filters: Query[PersonFilters], page: Query[PageParams]):
    """The service users you may see on the list page, by reference, with the page's filters."""
    today = timezone.localdate()
    params = {k: ("on" if v is True else str(v)) for k, v in filters.dict().items() if v not in (None, False)}
    form = FilterForm(params, org=request.org)
    if params and not form.is_valid():
        raise Problem(
            422, _("Some filters are not valid."), errors={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    qs = (
        form.filter(ServiceUser.objects.visible_to(request.membership), today)
        .prefetch_related("services")
        .order_by("reference", "pk")
    )
    return paginate(request, qs, page, lambda p: _person(request, p, today))


@router.get("/orgs/{slug}/people/{reference}", response=responses(PersonDetailOut), url_name="person")
@org_endpoint(roles=RECORD_ROLES)
def person_detail(request, slug: str, reference: str):
    """One person's record as on their page, without who they are: plans and measurements with their scores."""
    person = get_or_404(
        ServiceUser.objects.visible_to(request.membership).prefetch_related("services"), reference=reference[:16]
    )
    plans = Plan.objects.filter(service_user=person).prefetch_related("goals", "reviews").order_by("version")
    measurements = Measurement.objects.filter(service_user=person).order_by("taken_on", "pk")
    return {
        **_person(request, person, timezone.localdate()),
        "consent_on": person.consent_on,
        "plans": [
            {
                "version": plan.version,
                "starts_on": plan.starts_on,
                "review_on": plan.review_on,
                "goals": len(plan.goals.all()),
                "last_review_on": max((r.reviewed_on for r in plan.reviews.all()), default=None),
            }
            for plan in plans
        ],
        "measurements": [
            {
                "instrument": m.instrument,
                "taken_on": m.taken_on,
                "respondent": m.respondent,
                "scores": {str(k): float(v) for k, v in (m.scores or {}).items() if v is not None},
            }
            for m in measurements
        ],
    }


def _figure(figure):
    if figure.suppressed:
        return {"value": None, "people": None, "suppressed": True, "low": None, "high": None}
    return {"value": figure.value, "people": figure.people, "suppressed": False, "low": figure.low, "high": figure.high}


@router.get("/orgs/{slug}/outcomes", response=responses(OutcomesOut), url_name="outcomes")
@org_endpoint(roles=INSIDERS)
def outcomes(request, slug: str, year: int | None = Query(None, ge=2000, le=2200)):
    """The year's outcome roll-ups for the organisation and each service, as on the outcomes page: no figure (and
    no count) about fewer than 5 people."""
    today = timezone.localdate()
    year = min(year or today.year, today.year + 1)
    data = rollup.load(request.org, date(year, 1, 1), date(year, 12, 31))
    groups = [(None, _("All services"), rollup.table(data, None, today))]
    groups += [(s.pk, s.name, rollup.table(data, s.pk, today)) for s in Service.objects.filter(org=request.org)]
    return {
        "year": year,
        "min_people": rollup.MIN_PEOPLE,
        "groups": [
            {
                "service_id": service_id,
                "name": name,
                "measured": _figure(t["measured"]),
                "goals_reached": _figure(t["goals_reached"]),
                "reviewed_on_time": _figure(t["on_time"]),
                "domains": [
                    {"code": code, "label": str(label), "change": _figure(change)}
                    for code, label, change in t["domains"]
                ],
            }
            for service_id, name, t in groups
        ],
    }
