"""Results (issue 17), read-only: the library of definitions, the indicators in use with their targets and latest
value, and one indicator's values per period.

Gated as the results pages (INSIDERS: the overview, the library and an indicator's page), and read through the
pages' own read model (results.pages.series_for), so a figure here is the figure on the page.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Query, Router, Schema
from pydantic import Field

from orgs.roles import INSIDERS
from results import pages
from results.models import Definition, Indicator

from ..core import PageParams, get_or_404, org_endpoint, paginate, responses

router = Router(tags=["Results"])


class DefinitionOut(Schema):
    id: int
    code: str
    version: int
    name: str
    description: str
    numerator: str
    denominator: str
    unit: str
    higher_is_better: bool
    frequency: str
    principles: list[str]
    indicator_codes: list[str]
    computed_from: str = Field(description="The computed source's code, or empty for a value entered by hand.")
    shipped: bool


class DefinitionPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[DefinitionOut]


class TargetOut(Schema):
    period: str = Field(description="2026, 2026-Q1 or 2026-03; a year's target stands for its periods without one.")
    value: Decimal


class PointOut(Schema):
    period: str
    first: date
    last: date
    value: Decimal | None
    target: Decimal | None
    status: str | None = Field(description="green, amber or red against the target; null without either.")
    numerator: Decimal | None
    denominator: Decimal | None
    records: int | None
    origin: str | None
    comment: str
    evidence: str
    computed_at: datetime | None
    approved_on: date | None
    corrected_values: list[Decimal] = Field(description="Earlier values of the period, later corrected.")
    correction_reason: str


class IndicatorOut(Schema):
    id: int
    definition: DefinitionOut
    unit_id: int | None
    service_id: int | None
    owner_id: int | None
    frequency: str
    baseline_year: int
    amber_band: Decimal
    public: bool
    computed: bool
    targets: list[TargetOut]
    latest: PointOut | None
    stale: bool
    url: str


class IndicatorDetailOut(IndicatorOut):
    notes: str
    points: list[PointOut]


class IndicatorPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[IndicatorOut]


def _definition(d):
    return {
        "id": d.pk,
        "code": d.code,
        "version": d.version,
        "name": d.name,
        "description": d.description,
        "numerator": d.numerator,
        "denominator": d.denominator,
        "unit": d.unit,
        "higher_is_better": d.higher_is_better,
        "frequency": d.frequency,
        "principles": [str(c) for c in d.principles],
        "indicator_codes": [str(c) for c in d.indicators],
        "computed_from": d.source,
        "shipped": d.is_shipped,
    }


def _point(p):
    row = p.row
    return {
        "period": p.key,
        "first": p.first,
        "last": p.last,
        "value": p.value,
        "target": p.target,
        "status": p.status,
        "numerator": row.numerator if row else None,
        "denominator": row.denominator if row else None,
        "records": row.records if row else None,
        "origin": row.origin if row else None,
        "comment": row.comment if row else "",
        "evidence": row.evidence if row else "",
        "computed_at": row.computed_at if row else None,
        "approved_on": row.approved_at.date() if row and row.approved_at else None,
        "corrected_values": [old.value for old in p.history],
        "correction_reason": row.reason if row else "",
    }


def _indicator(request, series):
    i = series.indicator
    latest = series.latest
    return {
        "id": i.pk,
        "definition": _definition(i.definition),
        "unit_id": i.unit_id,
        "service_id": i.service_id,
        "owner_id": i.owner_id,
        "frequency": i.frequency,
        "baseline_year": i.baseline_year,
        "amber_band": i.amber_band,
        "public": i.public,
        "computed": series.computed,
        "targets": [{"period": k, "value": v} for k, v in sorted(series.targets.items())],
        "latest": _point(latest) if latest else None,
        "stale": series.stale,
        "url": request.build_absolute_uri(f"/o/{request.org.slug}/results/{i.pk}/"),
    }


def _in_use(request):
    return (
        Indicator.objects.for_org(request.org)
        .select_related("definition", "owner", "unit", "service", "org")
        .order_by("definition__code", "pk")
    )


@router.get("/orgs/{slug}/result-definitions", response=responses(DefinitionPage), url_name="result_definitions")
@org_endpoint(roles=INSIDERS)
def definition_list(request, slug: str, page: Query[PageParams]):
    """The library: the shipped definitions and the organisation's own, each version apart."""
    qs = Definition.objects.visible_to(request.org).order_by("code", "version", "pk")
    return paginate(request, qs, page, _definition)


@router.get("/orgs/{slug}/results", response=responses(IndicatorPage), url_name="results")
@org_endpoint(roles=INSIDERS)
def indicator_list(request, slug: str, page: Query[PageParams]):
    """The indicators in use (as on the results overview), each with its targets and latest value."""
    qs = _in_use(request).filter(archived=False)

    def many(indicators):
        return [_indicator(request, s) for s in pages.series_for(request.org, indicators)]

    return paginate(request, qs, page, None, many=many)


@router.get("/orgs/{slug}/results/{indicator_id}", response=responses(IndicatorDetailOut), url_name="result")
@org_endpoint(roles=INSIDERS)
def indicator_detail(request, slug: str, indicator_id: int):
    """One indicator in use with a value and target per period, from its first year up to today (as on its page)."""
    indicator = get_or_404(_in_use(request), pk=indicator_id)
    series = pages.series_for(request.org, [indicator])[0]
    return {
        **_indicator(request, series),
        "notes": indicator.notes,
        "points": [_point(p) for p in series.points],
    }
