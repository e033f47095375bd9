"""Rules for the authorization grid (kokybe/tests/test_grid.py).

Each app states, in `<app>/tests/grid.py`, a GRID list of Route objects: one per URL name it owns, with how to build
real arguments from the test cast. The grid test fails for any URL pattern that has no Route, so a new view cannot ship
without being walked by every role and by an outsider.

Who may open a page is stated once, by its view's gate (`org_view(roles=...)`): a Route's allowed roles are the gate's
unless the Route narrows them, for a page whose object decides more than the role does (the grid's draft belongs to
staff member Rasa, so of the contributors only she and the managers may edit it). Every role is still tried on the real
page: a role outside the set must get 403, a role inside it must get through. A change to a gate shows up in
docs/roles.md, which a test keeps in step with `manage.py roles_matrix`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ORG = "org"  # under /o/<org_slug>/: anonymous → login, outsider → 404, role not allowed → 403
LOGIN = "login"  # any signed-in person, no organisation involved
PUBLIC = "public"  # anyone, no account (public pages, secret-token links)


@dataclass(frozen=True)
class Route:
    name: str
    # Role values that get through (ORG routes); None: the roles the view's gate declares.
    allowed: frozenset | None = None
    access: str = ORG
    method: str = "get"
    kwargs: Callable = field(default=lambda cast: {})
    # Arguments naming another organisation's object, tried with Alfa's slug by an Alfa manager: must be 404.
    foreign: Callable | None = None
    data: Callable | None = None  # POST body
    ok: frozenset = frozenset({200, 302})
    # Response codes an anonymous visitor may get on a PUBLIC route (e.g. 404 for a bad token).
    anon_ok: frozenset = frozenset({200, 302})
