"""Improvement actions: the plan's list with its filters, one action, create, update, move along, verify.

Reads and writes go through what the pages use: the plan's filter form, ActionForm (so forged ids of another
organisation are refused exactly as on the page), actions.services for every change, can_edit() for who may.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema
from ninja import Status as Reply
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

from actions import services
from actions.forms import ActionForm
from actions.models import ImprovementAction, Priority, Source, Status
from actions.plan import PlanFilterForm, owner_memberships, unit_tree
from orgs.roles import CONTRIBUTORS, INSIDERS, REVIEWERS

from ..core import IsoDate, PageParams, get_or_404, omittable, ordering, org_endpoint, paginate, responses
from ..problems import Problem

router = Router(tags=["Improvement actions"])

SourceValue = Literal[tuple(Source.values)]  # type: ignore[valid-type]
PriorityValue = Literal[tuple(Priority.values)]  # type: ignore[valid-type]
StatusValue = Literal[tuple(Status.values)]  # type: ignore[valid-type]


class ActionOut(Schema):
    number: int
    uuid: UUID
    title: str
    source: str
    status: str
    priority: str
    progress: int
    owner_id: int | None
    owner_name: str | None
    unit_id: int | None
    service_id: int | None
    principle: str | None
    start_date: date | None
    due_date: date | None
    completed_on: date | None
    verified_on: date | None
    is_overdue: bool
    created_at: datetime
    updated_at: datetime
    url: str


class ActionDetailOut(ActionOut):
    description: str
    root_cause: str
    planned_measures: str
    verification_note: str
    indicator_ids: list[int]
    participant_ids: list[int]
    allowed_transitions: list[str]


class ActionPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ActionOut]


class ActionFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Title contains.")
    owner: str | None = Field(None, pattern=r"^(none|\d{1,10})$", description="A user id, or `none`.")
    status: Literal[("open", *Status.values)] | None = None  # type: ignore[valid-type]
    source: SourceValue | None = None
    unit: int | None = Field(None, ge=1, le=2_147_483_647, description="A unit and the units inside it.")
    due_within: int | None = Field(None, ge=0, le=3650, description="Open and due within this many days.")
    overdue: Literal["true", "false"] | None = None


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: StrictStr = Field(min_length=1, max_length=255)
    description: StrictStr = Field("", max_length=10_000)
    source: SourceValue = Source.OTHER
    root_cause: StrictStr = Field("", max_length=10_000)
    planned_measures: StrictStr = Field("", max_length=10_000)
    owner_id: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    participant_ids: list[StrictInt] = Field(default_factory=list, max_length=100)
    indicator_ids: list[StrictInt] = Field(default_factory=list, max_length=500)
    unit_id: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    service_id: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    priority: PriorityValue = Priority.MEDIUM
    start_date: IsoDate | None = None
    due_date: IsoDate | None = None


class ActionPatch(Schema):
    """Only the fields sent change; those that may be empty (owner, unit, service, dates) are cleared with null."""

    model_config = ConfigDict(extra="forbid")

    title: StrictStr = omittable(min_length=1, max_length=255)
    description: StrictStr = omittable(max_length=10_000)
    root_cause: StrictStr = omittable(max_length=10_000)
    planned_measures: StrictStr = omittable(max_length=10_000)
    owner_id: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    participant_ids: list[StrictInt] = omittable(max_length=100)
    indicator_ids: list[StrictInt] = omittable(max_length=500)
    unit_id: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    service_id: StrictInt | None = Field(None, ge=1, le=2_147_483_647)
    priority: PriorityValue = omittable()
    start_date: IsoDate | None = None
    due_date: IsoDate | None = None
    progress: StrictInt = omittable(ge=0, le=100)


class TransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: Literal["in_progress", "done"]
    note: StrictStr = Field("", max_length=5_000)


class VerificationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    effective: StrictBool
    on: IsoDate
    note: StrictStr = Field(min_length=1, max_length=5_000)


# API field → ActionForm field.
FORM_FIELDS = {
    "owner_id": "owner",
    "participant_ids": "participants",
    "indicator_ids": "indicators",
    "unit_id": "unit",
    "service_id": "service",
}


def _row(action, today, prefix):
    owner = action.owner
    return {
        "number": action.number,
        "uuid": action.uuid,
        "title": action.title,
        "source": action.source,
        "status": action.status,
        "priority": action.priority,
        "progress": action.progress,
        "owner_id": action.owner_id,
        "owner_name": (owner.full_name or owner.email) if owner else None,
        "unit_id": action.unit_id,
        "service_id": action.service_id,
        "principle": action.principle.code if action.principle_id else None,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "completed_on": action.completed_on,
        "verified_on": action.verified_on,
        "is_overdue": action.is_overdue(today),
        "created_at": action.created_at,
        "updated_at": action.updated_at,
        "url": f"{prefix}{action.number}/",
    }


def _prefix(request):
    return request.build_absolute_uri(f"/o/{request.org.slug}/actions/")


def _detail(request, action):
    out = _row(action, timezone.localdate(), _prefix(request))
    out.update(
        description=action.description,
        root_cause=action.root_cause,
        planned_measures=action.planned_measures,
        verification_note=action.verification_note,
        indicator_ids=sorted(action.indicators.values_list("pk", flat=True)),
        participant_ids=sorted(action.participants.values_list("pk", flat=True)),
        allowed_transitions=[str(s) for s in action.allowed_transitions(request.membership)],
    )
    return out


def _etag(action):
    return f'"{action.pk}-{action.updated_at.timestamp():.6f}"'


def _action(request, number):
    queryset = ImprovementAction.objects.for_org(request.org).select_related(
        "org", "owner", "unit__parent", "principle"
    )
    return get_or_404(queryset, number=number)


def _form_data(values):
    data = {}
    for name, value in values.items():
        name = FORM_FIELDS.get(name, name)
        if value is None:
            data[name] = ""
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value.isoformat() if isinstance(value, date) else str(value)
    return data


def _invalid(form):
    reverse_names = {v: k for k, v in FORM_FIELDS.items()}
    errors = {reverse_names.get(k, k): [str(m) for m in v] for k, v in form.errors.items()}
    return Problem(422, _("Some values are missing or not valid."), errors=errors)


@router.get("/orgs/{slug}/actions", response=responses(ActionPage), url_name="actions")
@org_endpoint(roles=INSIDERS)
def action_list(
    request,
    slug: str,
    filters: Query[ActionFilters],
    page: Query[PageParams],
    sort: Literal["due_date", "-due_date", "number", "-number", "updated_at", "-updated_at"] = "due_date",
):
    """The implementation plan's actions, with the plan page's filters (e.g. `?overdue=true`)."""
    params = {k: str(v) for k, v in filters.dict().items() if v not in (None, "false")}
    # The owner choices and the unit tree are read only when those filters are used (two queries fewer per list).
    members = list(owner_memberships(request.org)) if filters.owner not in (None, "none") else []
    tree = unit_tree(request.org) if filters.unit is not None else []
    form = PlanFilterForm(params, org=request.org, members=members, tree=tree)
    if not form.is_valid():
        raise Problem(
            422, _("Some filters are not valid."), errors={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    qs = form.filter(ImprovementAction.objects.for_org(request.org), timezone.localdate())
    qs = ordering(qs.select_related("owner", "principle"), sort, ("due_date", "number", "updated_at"))
    today, prefix = timezone.localdate(), _prefix(request)
    return paginate(request, qs, page, lambda a: _row(a, today, prefix))


@router.get("/orgs/{slug}/actions/{number}", response=responses(ActionDetailOut), url_name="action")
@org_endpoint(roles=INSIDERS)
def action_detail(request, slug: str, number: int, response: HttpResponse):
    action = _action(request, number)
    response["ETag"] = _etag(action)
    return _detail(request, action)


@router.post(
    "/orgs/{slug}/actions", response=responses(ActionDetailOut, status=201, write=True), url_name="action_create"
)
@org_endpoint(roles=CONTRIBUTORS, write=True)
def action_create(request, slug: str, payload: ActionIn, response: HttpResponse):
    """Create an improvement action, as the "New action" page does."""
    form = ActionForm(_form_data(payload.dict()), org=request.org)
    if not form.is_valid():
        raise _invalid(form)
    data = dict(form.cleaned_data)
    action = services.action_create(
        org=request.org,
        by=request.user,
        title=data.pop("title"),
        source=data.pop("source"),
        indicators=data.pop("indicators"),
        **data,
    )
    action = _action(request, action.number)
    response["ETag"] = _etag(action)
    response["Location"] = request.build_absolute_uri(f"{request.path}/{action.number}")
    return Reply(201, _detail(request, action))


@router.patch(
    "/orgs/{slug}/actions/{number}", response=responses(ActionDetailOut, write=True), url_name="action_update"
)
@org_endpoint(roles=CONTRIBUTORS, write=True)
def action_update(
    request,
    slug: str,
    number: int,
    payload: ActionPatch,
    response: HttpResponse,
    if_match: str | None = Header(None, alias="If-Match", max_length=100),
):
    """Change some fields of an action (the fields left out stay as they are). Send `If-Match` with the ETag
    you read to be refused (412) instead of overwriting someone else's change."""
    action = _action(request, number)
    if not action.can_edit(request.membership):
        raise PermissionDenied(
            _("Only the owner, the head of its unit, the director or the quality coordinator can do this.")
        )
    if if_match and if_match != _etag(action):
        raise Problem(412, _("The action was changed since you read it: read it again and repeat your change."))
    current = model_to_dict(action, fields=ActionForm.Meta.fields)
    current = {k: ([o.pk for o in v] if isinstance(v, list) else v) for k, v in current.items()}
    changes = {FORM_FIELDS.get(k, k): v for k, v in payload.dict(exclude_unset=True).items()}
    form = ActionForm(_form_data({**current, **changes}), instance=action, org=request.org)
    if not form.is_valid():
        raise _invalid(form)
    services.action_update(action=action, form=form, by=request.user)
    action = _action(request, number)
    response["ETag"] = _etag(action)
    return _detail(request, action)


@router.post(
    "/orgs/{slug}/actions/{number}/transitions",
    response=responses(ActionDetailOut, write=True),
    url_name="action_transition",
)
@org_endpoint(roles=CONTRIBUTORS, write=True)
def action_transition(request, slug: str, number: int, payload: TransitionIn, response: HttpResponse):
    """Move an action along: planned → in_progress → done (and reopen to in_progress)."""
    action = _action(request, number)
    if not action.can_edit(request.membership):
        raise PermissionDenied(
            _("Only the owner, the head of its unit, the director or the quality coordinator can do this.")
        )
    services.action_transition(action=action, to=payload.to, by=request.user, note=payload.note)
    action = _action(request, number)
    response["ETag"] = _etag(action)
    return _detail(request, action)


@router.post(
    "/orgs/{slug}/actions/{number}/verification",
    response=responses(ActionDetailOut, write=True),
    url_name="action_verify",
)
@org_endpoint(roles=REVIEWERS, write=True)
def action_verify(request, slug: str, number: int, payload: VerificationIn, response: HttpResponse):
    """Record the check of a done action's effect: effective or not, when, and the evidence."""
    action = _action(request, number)
    services.action_verify(
        action=action, effective=payload.effective, on=payload.on, note=payload.note, by=request.user
    )
    action = _action(request, number)
    response["ETag"] = _etag(action)
    return _detail(request, action)
