"""Self-assessment cycles with their answers and readiness; one answer's rating and narrative written with If-Match.

The answer's `revision` (the lost-update counter the page's autosave uses) is its ETag: a write names the revision it
builds on, and assessments.services.answer_save refuses it when someone saved in between (412 here, never a lost
update).
"""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema
from pydantic import ConfigDict, StrictStr

from assessments import services
from assessments.forms import AnswerForm
from assessments.models import Assessment, EvidenceItem, IndicatorAnswer
from orgs.roles import CONTRIBUTORS, INSIDERS

from ..core import PageParams, get_or_404, omittable, org_endpoint, paginate, responses
from ..problems import Problem

router = Router(tags=["Self-assessment"])


class CycleOut(Schema):
    id: int
    title: str
    framework_version_id: int
    framework_version: str
    status: str
    period_start: date
    period_end: date
    due_date: date | None
    completed_on: date | None
    coordinator_id: int | None


class CyclePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CycleOut]


class PrincipleReadinessOut(Schema):
    code: str
    name: str
    met: int
    partly: int
    not_met: int
    not_applicable: int
    unrated: int
    percent: float | None
    mandatory_open: int


class ReadinessOut(Schema):
    method: str
    percent: float | None
    threshold_percent: float | None
    passes: bool | None
    complete: bool
    mandatory_open: int
    principles: list[PrincipleReadinessOut]


class AnswerOut(Schema):
    id: int
    indicator_id: int
    indicator_code: str
    mandatory: bool
    rating: str
    reason: str
    narrative: str
    responsible_id: int | None
    target_date: date | None
    revision: int
    updated_at: datetime | None


class CycleDetailOut(CycleOut):
    readiness: ReadinessOut
    answers: list[AnswerOut]


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    rating: StrictStr = omittable(max_length=32, description="A rating code of the framework version; empty clears.")
    reason: StrictStr = omittable(max_length=10_000)
    narrative: StrictStr = omittable(max_length=20_000)


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    reference: str
    evidence_date: date | None
    expires_on: date | None
    action_number: int | None
    created_at: datetime


class EvidencePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[EvidenceOut]


def _cycle(a):
    return {
        "id": a.pk,
        "title": a.title,
        "framework_version_id": a.version_id,
        "framework_version": str(a.version),
        "status": a.status,
        "period_start": a.period_start,
        "period_end": a.period_end,
        "due_date": a.due_date,
        "completed_on": a.completed_on,
        "coordinator_id": a.coordinator_id,
    }


def _answer(a):
    return {
        "id": a.pk,
        "indicator_id": a.indicator_id,
        "indicator_code": a.indicator.code,
        "mandatory": a.indicator.mandatory,
        "rating": a.rating,
        "reason": a.reason,
        "narrative": a.narrative,
        "responsible_id": a.responsible_id,
        "target_date": a.target_date,
        "revision": a.revision,
        "updated_at": a.updated_at,
    }


def _readiness(r):
    def counts(c):
        return {"met": c.met, "partly": c.partly, "not_met": c.not_met, "not_applicable": c.na, "unrated": c.unrated}

    return {
        "method": r.method,
        "percent": r.percent,
        "threshold_percent": r.threshold_percent,
        "passes": r.passes,
        "complete": bool(r.complete),
        "mandatory_open": r.mandatory_open,
        "principles": [
            {
                "code": p.code,
                "name": str(p.name),
                **counts(p.counts),
                "percent": p.percent,
                "mandatory_open": p.mandatory_open,
            }
            for p in r.principles
        ],
    }


def _cycles(request):
    return Assessment.objects.for_org(request.org).select_related("version__framework")


@router.get("/orgs/{slug}/assessments", response=responses(CyclePage), url_name="assessments")
@org_endpoint(roles=INSIDERS)
def assessment_list(request, slug: str, page: Query[PageParams], status: str | None = Query(None, max_length=16)):
    qs = _cycles(request).order_by("-period_end", "-pk")
    if status:
        qs = qs.filter(status=status)
    return paginate(request, qs, page, _cycle)


@router.get("/orgs/{slug}/assessments/{cycle_id}", response=responses(CycleDetailOut), url_name="assessment")
@org_endpoint(roles=INSIDERS)
def assessment_detail(request, slug: str, cycle_id: int):
    """One cycle with every answer in the framework's order and its readiness (as on the cycle's page)."""
    assessment = get_or_404(_cycles(request), pk=cycle_id)
    answers = assessment.answers.select_related("indicator").in_order()
    return {
        **_cycle(assessment),
        "readiness": _readiness(assessment.readiness()),
        "answers": [_answer(a) for a in answers],
    }


def _etag(answer):
    return f'"{answer.pk}-r{answer.revision}"'


def _answer_for(request, cycle_id, answer_id):
    queryset = IndicatorAnswer.objects.for_org(request.org).select_related(
        "assessment__version__framework", "assessment__coordinator", "indicator__criterion__principle"
    )
    answer = get_or_404(queryset, assessment_id=cycle_id, pk=answer_id)
    answer.assessment.org = answer.org = request.org
    return answer


@router.get("/orgs/{slug}/assessments/{cycle_id}/answers/{answer_id}", response=responses(AnswerOut), url_name="answer")
@org_endpoint(roles=INSIDERS)
def answer_detail(request, slug: str, cycle_id: int, answer_id: int, response: HttpResponse):
    answer = _answer_for(request, cycle_id, answer_id)
    response["ETag"] = _etag(answer)
    return _answer(answer)


@router.patch(
    "/orgs/{slug}/assessments/{cycle_id}/answers/{answer_id}",
    response=responses(AnswerOut, write=True),
    url_name="answer_update",
)
@org_endpoint(roles=CONTRIBUTORS, write=True)
def answer_update(
    request,
    slug: str,
    cycle_id: int,
    answer_id: int,
    payload: AnswerIn,
    response: HttpResponse,
    if_match: str = Header(alias="If-Match", max_length=100, description="The ETag of the answer as you read it."),
):
    """Write one answer's rating, reason and narrative. `If-Match` with the ETag you read is required: if someone
    saved the answer since, the write is refused with 412 and nothing is changed."""
    answer = _answer_for(request, cycle_id, answer_id)
    if if_match != _etag(answer):
        raise Problem(412, _("The answer was changed since you read it: read it again and repeat your change."))
    values = {**answer.values(), **payload.dict(exclude_unset=True)}
    data = {k: ("" if v is None else (v.isoformat() if isinstance(v, date) else str(v))) for k, v in values.items()}
    form = AnswerForm({**data, "revision": answer.revision}, version=answer.assessment.version, org=request.org)
    if not form.is_valid():
        raise Problem(422, _("Some values are missing or not valid."), errors=form.errors.get_json_data())
    try:
        saved = services.answer_save(answer=answer, values=form.values(), revision=answer.revision, by=request.user)
    except services.Conflict:
        raise Problem(
            412, _("The answer was changed since you read it: read it again and repeat your change.")
        ) from None
    saved.indicator = answer.indicator
    response["ETag"] = _etag(saved)
    return _answer(saved)


@router.get("/orgs/{slug}/evidence", response=responses(EvidencePage), url_name="evidence")
@org_endpoint(roles=INSIDERS)
def evidence_list(request, slug: str, page: Query[PageParams], kind: str | None = Query(None, max_length=32)):
    qs = EvidenceItem.objects.for_org(request.org).select_related("action").order_by("-created_at", "-pk")
    if kind:
        qs = qs.filter(kind=kind)

    def row(e):
        return {
            "id": e.pk,
            "kind": e.kind,
            "title": e.title,
            "url": e.url,
            "reference": e.reference,
            "evidence_date": e.evidence_date,
            "expires_on": e.expires_on,
            "action_number": e.action.number if e.action_id else None,
            "created_at": e.created_at,
        }

    return paginate(request, qs, page, row)
