from kokybe.grid import Route
from orgs.roles import Role

GRID = []

# The grid's service user is in Alfa's unit, with Rasa (staff) as key worker; the unit head heads that unit. The
# director alone may open identities until the director names more roles.
IDENTITY = frozenset({Role.DIRECTOR})


def _person(cast, org=None):
    from datetime import date

    from people.models import ServiceUser

    org = org or cast.alfa
    if org == cast.alfa:
        unit_head = cast.memberships[Role.UNIT_HEAD]
        unit_head.unit = cast.alfa_unit
        unit_head.save(update_fields=["unit"])
        person = ServiceUser.objects.create(
            org=org,
            unit=cast.alfa_unit,
            key_worker=cast.rasa,
            started=date(2026, 1, 5),
            age_group="adult",
            consent_on=date(2026, 1, 5),
            consent_form="self",
        )
    else:
        person = ServiceUser.objects.create(
            org=org, started=date(2026, 1, 5), age_group="adult", consent_on=date(2026, 1, 5), consent_form="self"
        )
    return person


def _ref(cast, org=None):
    return {"reference": _person(cast, org).reference}


def _plan(cast, org=None):
    from datetime import date

    from people.models import Goal, Plan

    person = _person(cast, org)
    plan = Plan.objects.create(
        org=person.org, service_user=person, version=1, starts_on=date(2026, 1, 10), review_on=date(2026, 7, 1)
    )
    Goal.objects.create(
        org=person.org, plan=plan, title="Eiti į parduotuvę", domain="social_inclusion", level_0="Kartą per savaitę"
    )
    return {"reference": person.reference, "version": 1}


GRID += [
    Route("people:list"),
    Route("people:create"),
    Route("people:settings"),
    Route("people:outcomes"),
    Route("people:instruments"),
    Route("people:detail", kwargs=_ref, foreign=lambda cast: _ref(cast, cast.beta)),
    Route("people:edit", kwargs=_ref, foreign=lambda cast: _ref(cast, cast.beta)),
    Route("people:identity", allowed=IDENTITY, kwargs=_ref, foreign=lambda cast: _ref(cast, cast.beta)),
    Route(
        "people:identity_erase",
        allowed=IDENTITY,
        method="post",
        kwargs=_ref,
        foreign=lambda cast: _ref(cast, cast.beta),
        ok=frozenset({302}),
    ),
    Route("people:export_json", allowed=IDENTITY, kwargs=_ref, foreign=lambda cast: _ref(cast, cast.beta)),
    Route("people:export_pdf", allowed=IDENTITY, kwargs=_ref, foreign=lambda cast: _ref(cast, cast.beta)),
    Route("people:plan_create", kwargs=_ref, foreign=lambda cast: _ref(cast, cast.beta)),
    Route("people:plan", kwargs=_plan, foreign=lambda cast: _plan(cast, cast.beta)),
    Route("people:plan_review", kwargs=_plan, foreign=lambda cast: _plan(cast, cast.beta)),
    Route("people:plan_docx", kwargs=_plan, foreign=lambda cast: _plan(cast, cast.beta)),
    Route("people:plan_pdf", kwargs=_plan, foreign=lambda cast: _plan(cast, cast.beta)),
    Route(
        "people:measure",
        kwargs=lambda cast: _ref(cast) | {"code": "kokybe-qol8"},
        foreign=lambda cast: _ref(cast, cast.beta) | {"code": "kokybe-qol8"},
    ),
    Route(
        "people:measure_easy",
        kwargs=lambda cast: _ref(cast) | {"code": "kokybe-qol8", "step": 1},
        foreign=lambda cast: _ref(cast, cast.beta) | {"code": "kokybe-qol8", "step": 1},
    ),
]
