"""The authorization grid: every URL pattern × every role of Alfa × Beta's director × anonymous."""

import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kokybe.grid import ORG, PUBLIC
from orgs.roles import ALL_ROLES

# Django admin has its own staff gate, tested by Django. The REST API answers tokens with 401/403/404, not a login
# redirect: api/tests/test_api_grid.py walks every one of its operations with every role's token instead.
SKIP_NAMESPACES = {"admin", "api-v1"}


def _walk(patterns, namespace="", prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, full_ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern), p.callback


def url_patterns():
    return [
        (name, route, cb)
        for name, route, cb in _walk(get_resolver().url_patterns)
        if name.split(":")[0] not in SKIP_NAMESPACES
    ]


def grid_routes():
    routes = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.grid")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.grid" and not f"{config.name}.tests.grid".startswith(exc.name):
                raise
            continue
        for route in module.GRID:
            assert route.name not in routes, f"{route.name} is in two grids"
            routes[route.name] = route
    return routes


ROUTES = grid_routes()
PATTERNS = url_patterns()
GATES = {name: getattr(callback, "gate_roles", None) for name, _, callback in PATTERNS}


def allowed_roles(route):
    """The roles that must get through: the Route's own (narrower) set, or else what the view's gate declares."""
    return GATES[route.name] if route.allowed is None else route.allowed


def test_every_url_pattern_is_in_the_grid():
    missing = sorted({name for name, _, _ in PATTERNS} - set(ROUTES))
    assert not missing, f"URL names without a grid Route (add them to <app>/tests/grid.py): {missing}"
    stale = sorted(set(ROUTES) - {name for name, _, _ in PATTERNS})
    assert not stale, f"grid Routes for URL names that no longer exist: {stale}"


def test_every_org_url_is_behind_the_gate():
    for name, route, callback in PATTERNS:
        if route.startswith("o/<slug:org_slug>/"):
            assert hasattr(callback, "gate_roles"), f"{name} ({route}) is under /o/ but not wrapped by org_view"
            assert ROUTES[name].access == ORG, f"{name} is under /o/ but its grid Route says {ROUTES[name].access}"


def test_a_route_only_narrows_its_gate():
    for name, route in ROUTES.items():
        if route.access == ORG and route.allowed is not None:
            assert route.allowed, f"{name}: a Route that nobody may open"
            assert route.allowed < GATES[name], f"{name}: state the roles on the view's gate, not in the grid"


def _url(route, cast, kwargs=None):
    kwargs = dict(route.kwargs(cast) if kwargs is None else kwargs)
    if route.access == ORG:
        kwargs["org_slug"] = cast.alfa.slug
    return reverse(route.name, kwargs=kwargs)


def _request(client, route, url, cast):
    data = route.data(cast) if route.data else {}
    return getattr(client, route.method)(url, data)


def _isolated(func):
    """Run one request in a savepoint that is rolled back, so one role's POST does not change the next one's."""
    with transaction.atomic():
        result = func()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_grid(name, cast):
    route = ROUTES[name]
    url = _url(route, cast)
    anon = Client()
    response = _isolated(lambda: _request(anon, route, url, cast))
    if route.access == PUBLIC:
        assert response.status_code in route.anon_ok, f"anonymous {route.method.upper()} {url}"
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            f"anonymous {url} → {response.status_code}, expected a login redirect"
        )

    # A method nobody uses must be refused (every view declares its methods).
    client = Client()
    client.force_login(cast.jonas)
    assert _isolated(lambda: client.put(url)).status_code == 405, f"PUT {url} should be 405"

    if route.access != ORG:
        for user in [*cast.users.values(), cast.petras]:
            client = Client()
            client.force_login(user)
            status = _isolated(lambda c=client: _request(c, route, url, cast)).status_code
            assert status in route.ok | route.anon_ok if route.access == PUBLIC else status in route.ok, (
                f"{user} {route.method.upper()} {url} → {status}"
            )
        return

    allowed = allowed_roles(route)
    for role in ALL_ROLES:
        client = Client()
        client.force_login(cast.users[role])
        status = _isolated(lambda c=client: _request(c, route, url, cast)).status_code
        if role in allowed:
            assert status in route.ok, f"{role} {route.method.upper()} {url} → {status}, expected {set(route.ok)}"
        else:
            assert status == 403, f"{role} {route.method.upper()} {url} → {status}, expected 403"

    outsider = Client()
    outsider.force_login(cast.petras)
    status = _isolated(lambda: _request(outsider, route, url, cast)).status_code
    assert status == 404, f"outsider (Beta's director) {url} → {status}, expected 404"

    if route.foreign:
        manager = Client()
        manager.force_login(cast.ona)
        foreign_url = _url(route, cast, route.foreign(cast))
        status = _isolated(lambda: _request(manager, route, foreign_url, cast)).status_code
        assert status == 404, f"Alfa's director on Beta's object {foreign_url} → {status}, expected 404"


@pytest.mark.django_db
def test_expired_external_auditor_is_an_outsider(cast):
    from datetime import timedelta

    from django.utils import timezone

    from orgs.roles import Role

    membership = cast.memberships[Role.EXTERNAL_AUDITOR]
    client = Client()
    client.force_login(membership.user)
    url = reverse("orgs:dashboard", args=[cast.alfa.slug])
    membership.access_until = timezone.localdate()
    membership.save()
    assert client.get(url).status_code == 200  # the last day still counts
    membership.access_until = timezone.localdate() - timedelta(days=1)
    membership.save()
    assert client.get(url).status_code == 404
