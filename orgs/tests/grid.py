from kokybe.grid import LOGIN, Route
from orgs.roles import Role

EVERYONE = frozenset(Role.values)
# Everyone inside the organisation's quality system; the external auditor sees only what is granted.
INSIDERS = EVERYONE - {Role.EXTERNAL_AUDITOR}
MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})


def _unit(cast):
    return {"pk": cast.alfa_subunit.pk}


def _service(cast):
    return {"pk": cast.alfa_service.pk}


def _member(cast):
    return {"pk": cast.memberships[Role.VIEWER].pk}


def _beta_unit(cast):
    return {"pk": cast.beta_unit.pk}


def _beta_service(cast):
    return {"pk": cast.beta_service.pk}


def _beta_member(cast):
    return {"pk": cast.beta.memberships.get().pk}


GRID = [
    Route("root:home", access=LOGIN),
    Route("orgs:dashboard", allowed=EVERYONE),
    Route("orgs:settings", allowed=MANAGERS),
    Route("orgs:units", allowed=INSIDERS),
    Route("orgs:unit_create", allowed=MANAGERS),
    Route("orgs:unit_edit", allowed=MANAGERS, kwargs=_unit, foreign=_beta_unit),
    Route("orgs:unit_delete", allowed=MANAGERS, kwargs=_unit, foreign=_beta_unit),
    Route("orgs:services", allowed=INSIDERS),
    Route("orgs:service_create", allowed=MANAGERS),
    Route("orgs:service_edit", allowed=MANAGERS, kwargs=_service, foreign=_beta_service),
    Route("orgs:service_delete", allowed=MANAGERS, kwargs=_service, foreign=_beta_service),
    Route("orgs:members", allowed=INSIDERS),
    Route("orgs:member_edit", allowed=MANAGERS, kwargs=_member, foreign=_beta_member),
    Route("orgs:member_remove", allowed=MANAGERS, kwargs=_member, foreign=_beta_member),
    Route("orgs:activity", allowed=MANAGERS),
]
