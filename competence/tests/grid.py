from kokybe.grid import Route
from orgs.roles import Role

# Rasa's records (staff, in the sub-unit of unit head Ugnė's unit): she herself, her unit head, the managers and the
# internal auditor read them; the consultant and the viewer, inside the organisation too, do not.
READERS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.STAFF, Role.INTERNAL_AUDITOR})


def _w(cast):
    from .factories import world

    return world(cast)


def setup(cast):
    # Built before the grid's rolled-back requests, so the cached world outlives them.
    _w(cast)
    return {}


def approved(cast):
    return {"uuid": _w(cast)["approved"].uuid}


def waiting(cast):
    return {"uuid": _w(cast)["waiting"].uuid}


def foreign(cast):
    return {"uuid": _w(cast)["beta"].uuid}


def rasa(cast):
    _w(cast)
    return {"pk": cast.memberships[Role.STAFF].pk}


def course(cast):
    from .factories import course

    _w(cast)
    return {"pk": course(cast.alfa, "first-aid").pk}


def foreign_course(cast):
    from .factories import course

    _w(cast)
    return {"pk": course(cast.beta, "first-aid").pk}


def record_data(cast):
    from .factories import course

    _w(cast)
    return {"course": course(cast.alfa, "hygiene").pk, "completed_on": "2026-01-15", "hours": "4", "person": ""}


def event_data(cast):
    from .factories import course

    _w(cast)
    return {
        "course": course(cast.alfa, "hygiene").pk,
        "completed_on": "2026-01-15",
        "hours": "4",
        "people": [cast.rasa.pk],
    }


def programme_training(cast):
    from .factories import programme_training

    return {"pk": programme_training(cast).pk}


def programme_trainings(cast):
    programme_training(cast)
    return {}


def foreign_programme_training(cast):
    # A training of the programme that only Beta attended: Alfa's managers must not reach it.
    from .factories import programme_training

    programme_training(cast)
    return {"pk": cast.extra["event"].pk}


def programme_training_data(cast):
    from .factories import course

    return {"course": course(cast.alfa, "equass-coordinator").pk, "new_course_name": ""}


def plan(cast):
    from .factories import plan

    return {"pk": plan(cast, cast.alfa, cast.alfa_unit).pk}


def foreign_plan(cast):
    from .factories import plan

    return {"pk": plan(cast, cast.beta, cast.beta_unit).pk}


GRID = [
    Route("competence:catalogue", kwargs=setup),
    Route("competence:course_create", kwargs=setup),
    Route("competence:course_edit", kwargs=course, foreign=foreign_course),
    Route("competence:mine", kwargs=setup),
    # Rasa's page: herself, her unit head, the managers and the internal auditor.
    Route("competence:person", allowed=READERS, kwargs=rasa),
    Route("competence:record_create", kwargs=setup, method="post", data=record_data),
    Route("competence:record", allowed=READERS, kwargs=approved, foreign=foreign),
    Route("competence:certificate", allowed=READERS, kwargs=approved, foreign=foreign),
    Route(
        "competence:record_decide",
        method="post",
        kwargs=waiting,
        foreign=foreign,
        data=lambda c: {"decision": "approve"},
    ),
    Route("competence:approvals", kwargs=setup),
    Route("competence:event_create", kwargs=setup, method="post", data=event_data),
    Route("competence:programme_trainings", kwargs=programme_trainings),
    Route(
        "competence:programme_training",
        method="post",
        kwargs=programme_training,
        foreign=foreign_programme_training,
        data=programme_training_data,
    ),
    Route("competence:matrix", kwargs=setup),
    Route("competence:matrix_download", kwargs=lambda cast: {**setup(cast), "fmt": "xlsx"}),
    Route("competence:settings", kwargs=setup),
    Route("competence:plans", kwargs=setup),
    Route("competence:plan_create", kwargs=setup),
    Route("competence:plan_edit", kwargs=plan, foreign=foreign_plan),
]
