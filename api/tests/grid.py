"""The token pages for the shared grid (kokybe/tests/test_grid.py); the API's own operations are walked by
api/tests/test_api_grid.py with tokens (API_GRID below), since they answer 401, not a login redirect."""

from collections.abc import Callable
from dataclasses import dataclass, field

from kokybe.grid import LOGIN, Route
from orgs.roles import MANAGERS, Role


def _token(cast):
    from api.models import ApiToken
    from api.tests.helpers import make_token

    make_token(cast.rasa, cast.alfa)
    return {"pk": ApiToken.objects.get(user=cast.rasa).pk}


def _webhook(cast, org=None):
    from api.models import Webhook

    org = org or cast.alfa
    webhook = Webhook.objects.create(org=org, url="https://example.lt/hook", events=["action.created"], secret="s")
    return {"pk": webhook.pk}


def _programme(cast):
    from programmes.tests.factories import cast_programme

    return {"programme_pk": cast_programme(cast).pk}


def _programme_token(cast):
    from api.models import ProgrammeToken
    from api.tests.programme_helpers import make_programme_token
    from programmes.tests.factories import cast_programme

    programme = cast_programme(cast)
    make_programme_token(cast.jonas, programme)
    return {"programme_pk": programme.pk, "pk": ProgrammeToken.objects.get(user=cast.jonas).pk}


GRID = [
    Route("webhooks:list"),
    Route("webhooks:delete", method="post", kwargs=_webhook, foreign=lambda cast: _webhook(cast, cast.beta)),
    Route("api:tokens", access=LOGIN),
    # Only the token's own person may revoke it; everybody else gets 404.
    Route("api:token_revoke", access=LOGIN, method="post", kwargs=_token, ok=frozenset({302, 404})),
    # A programme's tokens: every programme role (Jonas coordinates the cast's programme); everybody else 404. Only
    # the token's person or the programme's coordinator may revoke it.
    Route("programme_tokens:list", access=LOGIN, kwargs=_programme, ok=frozenset({200, 404})),
    Route("programme_tokens:revoke", access=LOGIN, method="post", kwargs=_programme_token, ok=frozenset({302, 404})),
]


@dataclass(frozen=True)
class ApiRoute:
    """One API operation: how to fill its path, what to send, and who gets through (None: its gate's roles)."""

    kwargs: Callable = field(default=lambda cast: {})
    body: Callable | None = None
    allowed: frozenset | None = None
    ok: frozenset = frozenset({200})
    # Path arguments naming another organisation's object: Alfa's director must get 404.
    foreign: Callable | None = None
    headers: Callable | None = None
    # The URL name of the page the operation mirrors: its gate must be the page's (api/tests/test_api_grid.py).
    page: str | None = None


def _action(cast, org=None, **fields):
    from actions.models import ImprovementAction

    org = org or cast.alfa
    number = 5 if org == cast.alfa else 1
    owner = cast.rasa if org == cast.alfa else cast.petras
    action = ImprovementAction.objects.filter(org=org, number=number).first()
    return action or ImprovementAction.objects.create(
        org=org, number=number, title="Atnaujinti tvarką", owner=owner, **fields
    )


def _number(cast, **fields):
    return {"number": _action(cast, **fields).number}


def _foreign_number(cast):
    # Beta's action is number 1 and Alfa has none: a leak shows as 200, not 404.
    return {"number": _action(cast, cast.beta).number}


# The grid's action belongs to Rasa (staff), no unit: she and the managers may change it (as on the pages).
ACTION_EDITORS = MANAGERS | {Role.STAFF}

API_GRID = {
    ("GET", "/orgs/{slug}"): ApiRoute(),
    ("GET", "/orgs/{slug}/units"): ApiRoute(),
    ("GET", "/orgs/{slug}/services"): ApiRoute(),
    ("GET", "/orgs/{slug}/members"): ApiRoute(),
    ("GET", "/orgs/{slug}/actions"): ApiRoute(),
    ("POST", "/orgs/{slug}/actions"): ApiRoute(body=lambda cast: {"title": "Iš kitos sistemos"}, ok=frozenset({201})),
    ("GET", "/orgs/{slug}/actions/{number}"): ApiRoute(kwargs=_number, foreign=_foreign_number),
    ("PATCH", "/orgs/{slug}/actions/{number}"): ApiRoute(
        kwargs=_number, body=lambda cast: {"title": "Pakeista"}, allowed=ACTION_EDITORS, foreign=_foreign_number
    ),
    ("POST", "/orgs/{slug}/actions/{number}/transitions"): ApiRoute(
        kwargs=_number, body=lambda cast: {"to": "in_progress"}, allowed=ACTION_EDITORS, foreign=_foreign_number
    ),
    ("POST", "/orgs/{slug}/actions/{number}/verification"): ApiRoute(
        kwargs=lambda cast: _number(cast, status="done", progress=100),
        body=lambda cast: {"effective": True, "on": "2026-01-01", "note": "Patikrinta"},
        foreign=_foreign_number,
    ),
}


def _cycle(cast, org="alfa"):
    from assessments.tests.grid import _world

    return {"cycle_id": _world(cast)[org]["cycle"].pk}


def _answer(cast, org="alfa"):
    from assessments.tests.grid import _world

    world = _world(cast)[org]
    return {"cycle_id": world["cycle"].pk, "answer_id": world["answer"].pk}


def _answer_etag(cast):
    from assessments.tests.grid import _world

    answer = _world(cast)["alfa"]["answer"]
    answer.refresh_from_db()
    return {"If-Match": f'"{answer.pk}-r{answer.revision}"'}


def _document(cast, org=None):
    from documents.tests.grid import _published

    return {"uuid": _published(cast, org).uuid}


def _audit(cast, org="alfa"):
    from audits.tests.grid import audit

    return {"audit_id": audit(cast, org)["pk"]}


def _campaign(cast, org="alfa"):
    from surveys.tests.grid import campaign

    return {"campaign_id": campaign(cast, org)["pk"]}


API_GRID.update(
    {
        ("GET", "/orgs/{slug}/assessments"): ApiRoute(),
        ("GET", "/orgs/{slug}/assessments/{cycle_id}"): ApiRoute(kwargs=_cycle, foreign=lambda c: _cycle(c, "beta")),
        ("GET", "/orgs/{slug}/assessments/{cycle_id}/answers/{answer_id}"): ApiRoute(
            kwargs=_answer, foreign=lambda c: _answer(c, "beta")
        ),
        ("PATCH", "/orgs/{slug}/assessments/{cycle_id}/answers/{answer_id}"): ApiRoute(
            kwargs=_answer,
            body=lambda cast: {"narrative": "Taip dirbame"},
            headers=_answer_etag,
            foreign=lambda c: _answer(c, "beta"),
        ),
        ("GET", "/orgs/{slug}/evidence"): ApiRoute(),
        ("GET", "/orgs/{slug}/frameworks"): ApiRoute(),
        ("GET", "/orgs/{slug}/documents"): ApiRoute(),
        ("GET", "/orgs/{slug}/documents/{uuid}"): ApiRoute(kwargs=_document, foreign=lambda c: _document(c, c.beta)),
        ("GET", "/orgs/{slug}/audits"): ApiRoute(),
        ("GET", "/orgs/{slug}/audits/{audit_id}"): ApiRoute(kwargs=_audit, foreign=lambda c: _audit(c, "beta")),
        ("GET", "/orgs/{slug}/certificates"): ApiRoute(),
        ("GET", "/orgs/{slug}/campaigns"): ApiRoute(),
        ("GET", "/orgs/{slug}/campaigns/{campaign_id}/results"): ApiRoute(
            kwargs=_campaign, foreign=lambda c: _campaign(c, "beta")
        ),
        ("GET", "/orgs/{slug}/milestones"): ApiRoute(),
    }
)


def _complaint(cast, org="alfa"):
    from complaints.tests.factories import world

    return {"complaint_uuid": str(world(cast)[org].uuid)}


API_GRID.update(
    {
        ("GET", "/orgs/{slug}/complaints"): ApiRoute(page="complaints:list"),
        ("GET", "/orgs/{slug}/complaints/{complaint_uuid}"): ApiRoute(
            kwargs=_complaint, foreign=lambda c: _complaint(c, "beta"), page="complaints:detail"
        ),
    }
)


def _indicator(cast, org="alfa"):
    from results.tests.factories import world

    return {"indicator_id": world(cast, org).pk}


API_GRID.update(
    {
        ("GET", "/orgs/{slug}/result-definitions"): ApiRoute(page="results:library"),
        ("GET", "/orgs/{slug}/results"): ApiRoute(page="results:overview"),
        ("GET", "/orgs/{slug}/results/{indicator_id}"): ApiRoute(
            kwargs=_indicator, foreign=lambda c: _indicator(c, "beta"), page="results:detail"
        ),
    }
)


def _reference(cast, org=None):
    from people.tests.grid import _ref

    return _ref(cast, org)


API_GRID.update(
    {
        # The grid's service user is in the unit head's unit, with Rasa (staff) as key worker: every record role sees it.
        ("GET", "/orgs/{slug}/people"): ApiRoute(page="people:list"),
        ("GET", "/orgs/{slug}/people/{reference}"): ApiRoute(
            kwargs=_reference, foreign=lambda c: _reference(c, c.beta), page="people:detail"
        ),
        ("GET", "/orgs/{slug}/outcomes"): ApiRoute(page="people:outcomes"),
    }
)


# ── The programme endpoints (api/endpoints/programmes.py): walked with programme tokens by
# api/tests/test_programme_api_grid.py. `page` is the programme page the operation mirrors: its gate's roles must be
# the page's (programmes.models.ALL_PROGRAMME_ROLES, STEERING, AGGREGATES).


def _participant(cast, org=None):
    from programmes.tests.factories import cast_programme

    programme = cast_programme(cast)
    # Beta's participation: the consultant is assigned to it, so every steering role reads it.
    return {"participant_id": programme.participations.get(org=org or cast.beta).pk}


def _foreign_participant(cast):
    """A participation in another programme: the cast programme's path must not reach it."""
    from programmes.models import Programme
    from programmes.tests.factories import make_programme

    other = Programme.objects.filter(code="KITA-0001").first() or make_programme(
        cast.beta, code="KITA-0001", participants=[cast.beta]
    )
    return {"participant_id": other.participations.get().pk}


PROGRAMME_API_GRID = {
    ("GET", "/programmes/{programme_id}"): ApiRoute(page="programmes:detail"),
    ("GET", "/programmes/{programme_id}/participants"): ApiRoute(page="programmes:board"),
    ("GET", "/programmes/{programme_id}/milestones"): ApiRoute(page="programmes:board"),
    ("GET", "/programmes/{programme_id}/participants/{participant_id}/milestones"): ApiRoute(
        kwargs=_participant, foreign=_foreign_participant, page="programmes:board"
    ),
    ("GET", "/programmes/{programme_id}/summary"): ApiRoute(page="programmes:report_xlsx"),
    ("GET", "/programmes/{programme_id}/indicators"): ApiRoute(page="programmes:indicators"),
    ("GET", "/programmes/{programme_id}/benchmarks"): ApiRoute(page="programmes:benchmarks"),
}
