"""What a programme's participants share with it, for the programme's roles (a programme token, or the session).

Under /api/v1/programmes/{programme_id}/, behind their own gate (api.core.programme_endpoint, api.auth
.ProgrammeTokenAuth): an organisation's token never opens them, and a programme token never opens an organisation's
endpoints. Each is gated as the programme page it mirrors and reads through that page's read model (programmes.pages,
programmes.exports), so it shows what the page shows and nothing more:

- the programme itself, for every programme role (the overview page);
- participants and their milestones for the steering roles (the board): a consultant only the providers assigned to
  them; a funder viewer gets 403, never a list of providers;
- the summary (the funder's report), the indicators and the benchmarks for the aggregate roles, with no figure about
  fewer than 5 providers (programmes.models.MIN_GROUP) — a suppressed group has no value and no count.

What a participant shares beyond its participation and milestones follows the programme's settings
(Programme.shares_*): readiness per principle of its latest self-assessment, its certificate, the indicators it
reports. What it does not share is not read at all (not read and then hidden).
"""

from datetime import date
from typing import Annotated

from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from audits.models import Certificate
from kokybe import surfaces
from programmes import exports, pages
from programmes.models import AGGREGATES, ALL_PROGRAMME_ROLES, STEERING, MilestoneStep, ProgrammeParticipation

from ..auth import ProgrammeSessionAuth, ProgrammeTokenAuth
from ..core import PageParams, get_or_404, paginate, programme_endpoint, responses

# The path's programme: its bounds keep a huge number from the database (PostgreSQL refuses it, 500).
ProgrammeId = Annotated[int, Path(ge=1, le=2_147_483_647)]

router = Router(tags=["Programmes"], auth=[ProgrammeTokenAuth(), ProgrammeSessionAuth()])


class ProgrammeWaveOut(Schema):
    id: int
    name: str
    order: int
    start: date | None


class ProgrammeSharesOut(Schema):
    readiness: bool = Field(description="Participants share readiness per principle of their latest self-assessment.")
    certificate: bool = Field(description="Participants share their certificate (reference, issue and expiry dates).")
    indicators: bool = Field(description="Participants report the programme's indicators.")


class ProgrammeOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
    status: str
    funder: str
    funding_source: str
    start: date
    end: date | None
    executor: str = Field(description="The coordinating organisation.")
    waves: list[ProgrammeWaveOut]
    shares: ProgrammeSharesOut
    participants: int = Field(description="Participating organisations that have not left.")
    role: str = Field(description="The caller's role: coordinator, consultant or funder.")


class ParticipantProviderOut(Schema):
    name: str
    company_code: str
    municipality: str


class ProgrammeNamedOut(Schema):
    id: int
    name: str


class ParticipantReadingOut(Schema):
    principle: str
    name: str
    percent: float


class ParticipantCertificateOut(Schema):
    reference: str
    level: str
    issued_on: date
    expires_on: date


class ParticipantOut(Schema):
    id: int
    provider: ParticipantProviderOut
    wave: ProgrammeNamedOut | None
    role: str
    status: str
    contract_number: str
    contract_date: date | None
    joined_on: date
    left_on: date | None
    consultant: ProgrammeNamedOut | None
    late: bool = Field(description="At least one milestone is past its planned date and not reached.")
    readiness: list[ParticipantReadingOut] | None = Field(
        description="Readiness per principle of the latest self-assessment; null when the programme's participants "
        "do not share it."
    )
    certificate: ParticipantCertificateOut | None = Field(
        description="The latest certificate; null when there is none, or when participants do not share it."
    )


class ParticipantPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ParticipantOut]


class ParticipantFilters(Schema):
    wave: int | None = Field(None, ge=1, le=2_147_483_647)
    municipality: str | None = Field(None, max_length=120)
    status: ProgrammeParticipation.Status | None = None
    consultant: int | None = Field(None, ge=1, le=2_147_483_647, description="A consultant's user id.")
    late: bool | None = Field(None, description="Only participants with a late milestone.")
    q: str | None = Field(None, max_length=100, description="Part of the name, company code or contract number.")

    def board(self):
        return pages.BoardFilters(
            wave=str(self.wave or ""),
            municipality=self.municipality or "",
            status=self.status or "",
            consultant=str(self.consultant or ""),
            late=bool(self.late),
            q=(self.q or "").strip(),
        )


class ParticipantMilestoneOut(Schema):
    step: str = Field(description="The step's code in the programme's milestone chain.")
    name: str
    name_en: str
    planned_on: date | None
    done_on: date | None
    state: str | None = Field(description="done, done_late, late, due, planned, unplanned; null: not set up yet.")
    late: bool


class ParticipantMilestonesOut(Schema):
    participant_id: int
    provider: str
    milestones: list[ParticipantMilestoneOut]


class MilestoneBoardPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ParticipantMilestonesOut]


class ParticipantCountOut(Schema):
    key: str
    label: str
    participants: int


class ProgrammeStepOut(Schema):
    name: str
    reached: int
    late: int


class ProgrammeSummaryOut(Schema):
    today: date
    by_status: list[ParticipantCountOut]
    by_wave: list[ParticipantCountOut]
    milestones: list[ProgrammeStepOut]


class DisaggregationGroupOut(Schema):
    group: str
    value: float | None = Field(description="Null when fewer than 5 providers feed the group (suppressed).")
    suppressed: bool


class DisaggregationOut(Schema):
    dimension: str
    groups: list[DisaggregationGroupOut]


class ProgrammePointOut(Schema):
    month: date
    cumulative: float


class ProgrammeIndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    kind: str
    baseline: float
    target: float
    deadline: date
    achieved: float
    percent_of_target: int
    forecast: float | None = Field(description="The value expected at the deadline at the recent monthly rate.")
    months_left: int
    warning: bool = Field(description="Close to the deadline and forecast short of the target.")
    series: list[ProgrammePointOut]
    disaggregation: list[DisaggregationOut]


class ProgrammeIndicatorPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProgrammeIndicatorOut]


class BenchmarkOut(Schema):
    label: str
    providers: int | None = Field(description="How many providers; null when fewer than 5 (suppressed).")
    suppressed: bool
    low: float | None = Field(description="First quartile.")
    median: float | None
    high: float | None = Field(description="Third quartile.")


class BenchmarkGroupOut(Schema):
    title: str
    rows: list[BenchmarkOut]


class BenchmarksOut(Schema):
    min_providers: int
    groups: list[BenchmarkGroupOut]


# ── The programme ────────────────────────────────────────────────────────────────────────────────────────────────


@router.get("/programmes/{programme_id}", response=responses(ProgrammeOut), url_name="programme")
@programme_endpoint(roles=ALL_PROGRAMME_ROLES)
def programme_detail(request, programme_id: ProgrammeId):
    """The programme as on its overview page: code, title, funder, period, waves, and what participants share."""
    p = request.programme
    return {
        "id": p.pk,
        "code": p.code,
        "title": p.title,
        "title_en": p.title_en,
        "status": p.status,
        "funder": p.funder,
        "funding_source": p.funding_source,
        "start": p.start,
        "end": p.end,
        "executor": p.coordinating_org.name,
        "waves": [{"id": w.pk, "name": w.name, "order": w.order, "start": w.start} for w in p.waves.all()],
        "shares": {
            "readiness": p.shares_readiness,
            "certificate": p.shares_certificate,
            "indicators": p.shares_indicators,
        },
        "participants": p.participations.exclude(status=ProgrammeParticipation.Status.LEFT).count(),
        "role": request.programme_role,
    }


# ── Participants and their milestones (the board's roles) ────────────────────────────────────────────────────────


def _named(user):
    return {"id": user.pk, "name": user.get_full_name() or user.email} if user is not None else None


def _participants(programme, participations):
    """The page's participants with what they share: a fixed number of queries whatever their number."""
    org_ids = [p.org_id for p in participations]
    readiness = certificates = None
    if programme.shares_readiness:
        readiness = {}
        for func in surfaces.provider_readiness.contributions():
            for r in func(org_ids):
                readiness.setdefault(r.org_id, []).append(
                    {"principle": r.principle, "name": r.name, "percent": round(r.value, 1)}
                )
    if programme.shares_certificate:
        certificates = {}
        for c in Certificate.objects.filter(org_id__in=org_ids).order_by("org_id", "-issued_on", "-pk"):
            certificates.setdefault(
                c.org_id,
                {"reference": c.reference, "level": c.level, "issued_on": c.issued_on, "expires_on": c.expires_on},
            )
    return [
        {
            "id": p.pk,
            "provider": {"name": p.org.name, "company_code": p.org.company_code, "municipality": p.org.municipality},
            "wave": {"id": p.wave.pk, "name": p.wave.name} if p.wave is not None else None,
            "role": p.role,
            "status": p.status,
            "contract_number": p.contract_number,
            "contract_date": p.contract_date,
            "joined_on": p.joined_on,
            "left_on": p.left_on,
            "consultant": _named(p.consultant),
            "late": p.is_late,
            "readiness": readiness.get(p.org_id, []) if readiness is not None else None,
            "certificate": certificates.get(p.org_id) if certificates is not None else None,
        }
        for p in participations
    ]


def _board(request, filters):
    return pages.board_queryset(
        request.programme, request.programme_role, request.user, filters, timezone.localdate()
    ).select_related("org", "wave", "consultant")


@router.get("/programmes/{programme_id}/participants", response=responses(ParticipantPage), url_name="participants")
@programme_endpoint(roles=STEERING)
def participant_list(request, programme_id: ProgrammeId, filters: Query[ParticipantFilters], page: Query[PageParams]):
    """The participating providers the milestone board shows you (a consultant: those assigned to them), with the
    board's filters, and what they share with the programme."""
    queryset = _board(request, filters.board())
    return paginate(request, queryset, page, None, many=lambda rows: _participants(request.programme, rows))


def _milestones(steps, row, today):
    out = []
    for step, milestone, light in row.cells:
        out.append(
            {
                "step": step.code,
                "name": step.name,
                "name_en": step.name_en,
                "planned_on": milestone.planned_on if milestone else None,
                "done_on": milestone.done_on if milestone else None,
                "state": light,
                "late": bool(milestone and milestone.is_late(today)),
            }
        )
    return {"participant_id": row.participation.pk, "provider": row.participation.org.name, "milestones": out}


def _steps(programme):
    return list(MilestoneStep.objects.filter(template_id=programme.milestone_template_id).order_by("order", "pk"))


@router.get("/programmes/{programme_id}/milestones", response=responses(MilestoneBoardPage), url_name="milestones")
@programme_endpoint(roles=STEERING)
def milestone_board(request, programme_id: ProgrammeId, filters: Query[ParticipantFilters], page: Query[PageParams]):
    """The milestone board: each participant you see with its milestones, planned and reached dates, and which are
    late."""
    today = timezone.localdate()
    steps = _steps(request.programme)

    def many(rows):
        return [_milestones(steps, row, today) for row in pages.board_rows(rows, steps, today)]

    return paginate(request, _board(request, filters.board()), page, None, many=many)


@router.get(
    "/programmes/{programme_id}/participants/{participant_id}/milestones",
    response=responses(ParticipantMilestonesOut),
    url_name="participant_milestones",
)
@programme_endpoint(roles=STEERING)
def participant_milestones(
    request, programme_id: ProgrammeId, participant_id: Annotated[int, Path(ge=1, le=2_147_483_647)]
):
    """One participant's milestones (only a participant the board shows you)."""
    today = timezone.localdate()
    participation = get_or_404(_board(request, pages.BoardFilters()), pk=participant_id)
    steps = _steps(request.programme)
    [row] = pages.board_rows([participation], steps, today)
    return _milestones(steps, row, today)


# ── Aggregates (the indicators, benchmarks and report's roles) ───────────────────────────────────────────────────


@router.get("/programmes/{programme_id}/summary", response=responses(ProgrammeSummaryOut), url_name="summary")
@programme_endpoint(roles=AGGREGATES)
def summary(request, programme_id: ProgrammeId):
    """Participation by status and by wave, and each milestone step reached and late now — the funder's report's
    counts, over the whole programme."""
    programme = request.programme
    today = timezone.localdate()
    data = exports.report_data(programme, programme.start, today, today, indicators=False)
    statuses = dict(ProgrammeParticipation.Status.choices)
    return {
        "today": today,
        "by_status": [
            {"key": key, "label": str(statuses[key]), "participants": n}
            for key, (_label, n) in zip(statuses, data.statuses, strict=True)
        ],
        "by_wave": [{"key": name, "label": name, "participants": n} for name, n in data.waves],
        "milestones": [
            {"name": name, "reached": reached, "late": late} for name, _in_period, reached, late in data.milestones
        ],
    }


def _indicator(progress, breakdown):
    indicator = progress.indicator
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "deadline": indicator.deadline,
        "achieved": progress.current,
        "percent_of_target": progress.share,
        "forecast": progress.forecast,
        "months_left": progress.months_left,
        "warning": progress.warning,
        "series": [{"month": month, "cumulative": value} for month, value in progress.series],
        "disaggregation": [
            {
                "dimension": str(label),
                "groups": [{"group": str(g), "value": v, "suppressed": v is None} for g, v in groups],
            }
            for label, groups in breakdown.items()
        ],
    }


@router.get("/programmes/{programme_id}/indicators", response=responses(ProgrammeIndicatorPage), url_name="indicators")
@programme_endpoint(roles=AGGREGATES)
def indicator_list(request, programme_id: ProgrammeId, page: Query[PageParams]):
    """The programme's indicators as on the indicators page: target, deadline, progress with its forecast, and the
    disaggregation, where a group fed by fewer than 5 providers has no value. Empty when the programme's participants
    do not report indicators."""
    programme = request.programme
    today = timezone.localdate()
    queryset = programme.indicators.order_by("code", "pk")
    if not programme.shares_indicators:
        queryset = queryset.none()

    def many(indicators):
        return [_indicator(pages.progress(i, today), pages.breakdown(i)) for i in indicators]

    return paginate(request, queryset, page, None, many=many)


@router.get("/programmes/{programme_id}/benchmarks", response=responses(BenchmarksOut), url_name="benchmarks")
@programme_endpoint(roles=AGGREGATES)
def benchmarks(request, programme_id: ProgrammeId):
    """Distributions across providers, never a ranking: no provider is named, and a group of fewer than 5 providers
    has neither figures nor a count. Readiness only when participants share it; indicators only when they report
    them."""
    from programmes.models import MIN_GROUP

    return {
        "min_providers": MIN_GROUP,
        "groups": [
            {
                "title": str(title),
                "rows": [
                    {
                        "label": d.label,
                        "providers": None if d.suppressed else d.n,
                        "suppressed": d.suppressed,
                        "low": d.low,
                        "median": d.median,
                        "high": d.high,
                    }
                    for d in rows
                ],
            }
            for title, rows in pages.benchmarks(request.programme)
        ],
    }
