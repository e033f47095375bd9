"""The programme endpoints' authorization grid: every operation × every programme role's token × a token of another
programme × an organisation's token × no, expired and revoked tokens × a participant of another programme. 401 /
403 / 404 as the programme's pages would; and each operation lets in exactly the roles its page lets in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.endpoints import PROGRAMME_ROUTERS, ROUTERS
from api.models import ProgrammeToken
from api.tests.grid import PROGRAMME_API_GRID
from api.tests.helpers import ApiClient, make_token
from api.tests.programme_helpers import make_programme_token, programme_people
from kokybe.test import client_for
from programmes.tests.factories import cast_programme, make_programme

PREFIX = "/api/v1"


def operations(routers):
    out = {}
    for router in routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    out[(method, path)] = operation.view_func
    return out


OPERATIONS = operations(PROGRAMME_ROUTERS)


def test_every_programme_operation_is_in_the_grid():
    assert sorted(set(OPERATIONS) - set(PROGRAMME_API_GRID)) == []
    assert sorted(set(PROGRAMME_API_GRID) - set(OPERATIONS)) == []


def test_every_programme_operation_is_behind_the_programme_gate_and_reads():
    for key, func in OPERATIONS.items():
        assert hasattr(func, "gate_roles"), f"{key} is not wrapped by api.core.programme_endpoint"
        assert key[0] == "GET" and not func.writes, key
        assert key[1].startswith("/programmes/{programme_id}"), key


def test_no_organisation_operation_is_under_programmes():
    assert not [key for key in operations(ROUTERS) if key[1].startswith("/programmes")]


def _call(client, path):
    return client.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(PROGRAMME_API_GRID), ids=lambda k: f"{k[0]} {k[1]}")
def test_programme_api_grid(key, cast):
    _method, template = key
    route = PROGRAMME_API_GRID[key]
    gate = OPERATIONS[key].gate_roles
    programme = cast_programme(cast)
    path = PREFIX + template.format(programme_id=programme.pk, **route.kwargs(cast))

    anonymous = ApiClient().get(path)
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == "application/problem+json"

    people = programme_people(cast)
    for role, user in people.items():
        status = ApiClient(make_programme_token(user, programme, name=f"grid {role}")).get(path).status_code
        assert status == (200 if role in gate else 403), f"{role} GET {path} → {status}"
        # The page it mirrors lets in the same roles.
        page = client_for(user).get(reverse(route.page, args=[programme.pk])).status_code
        assert (page == 200) == (role in gate), f"{role}: {route.page} → {page}, API gate {sorted(gate)}"

    # An organisation's token of a person who coordinates the programme: not a programme token.
    assert ApiClient(make_token(cast.jonas, cast.alfa)).get(path).status_code == 401
    # A token of another programme (same person, coordinator of both) → 404, whatever the role.
    other = make_programme(cast.beta, code="KITA-0002", coordinators=[cast.jonas])
    assert ApiClient(make_programme_token(cast.jonas, other, name="grid other")).get(path).status_code == 404

    expired = make_programme_token(cast.jonas, programme, name="grid expired")
    ProgrammeToken.objects.filter(name="grid expired").update(expires_on=timezone.localdate() - timedelta(days=1))
    assert ApiClient(expired).get(path).status_code == 401
    revoked = make_programme_token(cast.jonas, programme, name="grid revoked")
    ProgrammeToken.objects.filter(name="grid revoked").update(revoked_at=timezone.now())
    assert ApiClient(revoked).get(path).status_code == 401

    # A signed-in person with no role in the programme: 404, as its pages.
    assert client_for(cast.ona).get(path).status_code == 404

    if route.foreign:
        foreign = PREFIX + template.format(programme_id=programme.pk, **route.foreign(cast))
        coordinator = ApiClient(make_programme_token(cast.jonas, programme, name="grid foreign"))
        assert coordinator.get(foreign).status_code == 404, f"another programme's participant at {foreign}"


def test_no_two_response_schemas_share_a_name():
    """ninja names an OpenAPI component after its class: two classes of one name in two endpoint modules would leave
    one operation documented with the other's schema (Schemathesis then finds every response "wrong")."""
    import inspect

    from ninja import Schema

    from api import endpoints

    seen = {}
    for module in vars(endpoints).values():
        if not inspect.ismodule(module) or not module.__name__.startswith("api.endpoints."):
            continue
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, Schema) and cls.__module__ == module.__name__:
                schema = cls.model_json_schema()
                assert seen.setdefault(name, schema) == schema, f"two different schemas are named {name}"
