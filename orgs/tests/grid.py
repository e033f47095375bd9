from kokybe.grid import LOGIN, Route
from orgs.roles import Role


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
    Route("orgs:dashboard"),
    Route("orgs:settings"),
    Route("orgs:units"),
    Route("orgs:unit_create"),
    Route("orgs:unit_edit", kwargs=_unit, foreign=_beta_unit),
    Route("orgs:unit_delete", kwargs=_unit, foreign=_beta_unit),
    Route("orgs:services"),
    Route("orgs:service_create"),
    Route("orgs:service_edit", kwargs=_service, foreign=_beta_service),
    Route("orgs:service_delete", kwargs=_service, foreign=_beta_service),
    Route("orgs:members"),
    Route("orgs:member_edit", kwargs=_member, foreign=_beta_member),
    Route("orgs:member_remove", kwargs=_member, foreign=_beta_member),
    Route("orgs:activity"),
]
