"""The API's authorization grid: every operation × every role's token × Beta's token × no, expired and revoked
tokens × a read-only token on writes × another organisation's objects. 401 / 403 / 404 as the pages would."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from api.endpoints import ROUTERS
from api.models import ApiToken
from api.tests.grid import API_GRID
from api.tests.helpers import ApiClient, make_token
from orgs.roles import ALL_ROLES

PREFIX = "/api/v1"


def operations():
    out = {}
    for router in ROUTERS:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    out[(method, path)] = operation.view_func
    return out


OPERATIONS = operations()


def test_every_operation_is_in_the_grid():
    assert sorted(set(OPERATIONS) - set(API_GRID)) == [], "API operations without an ApiRoute in api/tests/grid.py"
    assert sorted(set(API_GRID) - set(OPERATIONS)) == [], "ApiRoutes for operations that no longer exist"


def test_every_operation_is_behind_the_org_gate():
    for key, func in OPERATIONS.items():
        assert hasattr(func, "gate_roles"), f"{key} is not wrapped by api.core.org_endpoint"
        assert (key[0] != "GET") == func.writes, f"{key}: writes must be declared write=True (and reads not)"


def test_an_operation_is_gated_as_the_page_it_mirrors():
    from kokybe.tests.test_grid import GATES

    checked = 0
    for key, route in API_GRID.items():
        if route.page is not None:
            assert OPERATIONS[key].gate_roles == GATES[route.page], f"{key} is not gated as {route.page}"
            checked += 1
    assert checked


def _path(template, cast, kwargs, slug="alfa"):
    return PREFIX + template.format(slug=slug, **kwargs)


def _call(client, method, path, body, headers=None):
    def run():
        with transaction.atomic():
            if method == "GET":
                response = client.get(path)
            else:
                response = getattr(client, method.lower())(path, body, headers=headers)
            transaction.set_rollback(True)
        return response

    return run()


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(API_GRID), ids=lambda k: f"{k[0]} {k[1]}")
def test_api_grid(key, cast):
    method, template = key
    route = API_GRID[key]
    gate = OPERATIONS[key].gate_roles
    allowed = gate if route.allowed is None else route.allowed
    assert route.allowed is None or route.allowed < gate, "a route only narrows its gate"
    path = _path(template, cast, route.kwargs(cast))
    body = route.body(cast) if route.body else None
    headers = route.headers(cast) if route.headers else None

    response = _call(ApiClient(), method, path, body)
    assert response.status_code == 401, f"anonymous {method} {path} → {response.status_code}"
    assert response["Content-Type"] == "application/problem+json"

    for role in ALL_ROLES:
        client = ApiClient(make_token(cast.users[role], cast.alfa, name=f"grid {role}"))
        status = _call(client, method, path, body, headers).status_code
        if role in allowed:
            assert status in route.ok, f"{role} {method} {path} → {status}, expected {set(route.ok)}"
        else:
            assert status == 403, f"{role} {method} {path} → {status}, expected 403"

    director = cast.users["director"]
    if method != "GET":
        read_only = ApiClient(make_token(director, cast.alfa, scope=ApiToken.Scope.READ, name="grid read"))
        status = _call(read_only, method, path, body, headers).status_code
        assert status == 403, f"read-only token {method} {path} → {status}, expected 403"

    outsider = ApiClient(make_token(cast.petras, cast.beta, name="grid outsider"))
    assert _call(outsider, method, path, body, headers).status_code == 404, f"Beta's token on {path}"
    alfa_token_on_beta = ApiClient(make_token(director, cast.alfa, name="grid alfa"))
    beta_path = _path(template, cast, route.kwargs(cast), slug="beta")
    assert _call(alfa_token_on_beta, method, beta_path, body, headers).status_code == 404, (
        f"Alfa's token on {beta_path}"
    )

    expired_secret = make_token(director, cast.alfa, name="grid expired")
    ApiToken.objects.filter(name="grid expired").update(expires_on=timezone.localdate() - timedelta(days=1))
    assert _call(ApiClient(expired_secret), method, path, body, headers).status_code == 401, f"expired token {path}"
    revoked_secret = make_token(director, cast.alfa, name="grid revoked")
    ApiToken.objects.filter(name="grid revoked").update(revoked_at=timezone.now())
    assert _call(ApiClient(revoked_secret), method, path, body, headers).status_code == 401, f"revoked token {path}"

    if route.foreign:
        foreign_path = _path(template, cast, route.foreign(cast))
        status = _call(
            ApiClient(make_token(director, cast.alfa, name="grid foreign")), method, foreign_path, body, headers
        )
        assert status.status_code == 404, f"Alfa's director on Beta's object {foreign_path} → {status.status_code}"


@pytest.mark.django_db
def test_a_removed_member_s_token_stops_working(cast):
    secret = make_token(cast.rasa, cast.alfa)
    assert ApiClient(secret).get(f"{PREFIX}/orgs/alfa").status_code == 200
    cast.memberships["staff"].is_active = False
    cast.memberships["staff"].save()
    assert ApiClient(secret).get(f"{PREFIX}/orgs/alfa").status_code == 404


@pytest.mark.django_db
def test_an_outsider_gets_404_whatever_the_body(cast):
    outsider = ApiClient(make_token(cast.petras, cast.beta))
    assert outsider.post(f"{PREFIX}/orgs/alfa/actions", "{not json").status_code == 404
    assert outsider.post(f"{PREFIX}/orgs/alfa/actions", {"unknown": 1}).status_code == 404
