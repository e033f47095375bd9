"""The Content-Security-Policy: every page carries it, and no page needs what it refuses.

Every GET route of the authorization grid is rendered once, as a person allowed to open it, and its HTML is read:
no style="" attribute, no <style> element, no inline <script> (data through json_script is not a script), no on*=
handler, no javascript: link, no hx-on. Any of these would be refused by the browser under the policy (the
browser tests also fail on a violation report).
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from kokybe.grid import LOGIN, ORG, PUBLIC
from kokybe.tests.test_grid import ROUTES, _request, _url, allowed_roles
from orgs.roles import Role

GET_ROUTES = sorted(name for name, route in ROUTES.items() if route.method == "get")
PREFERRED = [Role.DIRECTOR, Role.COORDINATOR, Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR, Role.STAFF]


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name == "style" or (name.startswith("on") and name != "on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("inline <script>")


def inline_code(html):
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_policy_refuses_inline_code_and_eval():
    policy = settings.SECURE_CSP
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)


def test_the_finder_sees_what_the_policy_would_refuse():
    html = '<p style="color:red">x</p><script>alert(1)</script><a onclick="x()">y</a><style>b{}</style>'
    assert len(inline_code(html)) == 4
    assert inline_code('<script src="/static/x.js"></script><script type="application/json">{}</script>') == []


def _client_for(route, cast):
    client = Client()
    if route.access == ORG:
        allowed = allowed_roles(route)
        role = next((r for r in PREFERRED if r in allowed), None) or sorted(allowed)[0]
        client.force_login(cast.users[role])
    elif route.access == LOGIN:
        client.force_login(cast.jonas)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", GET_ROUTES)
def test_page_carries_the_policy_and_needs_no_inline_code(name, cast):
    route = ROUTES[name]
    if route.access == ORG and not allowed_roles(route):
        pytest.skip("nobody may open it")
    response = _request(_client_for(route, cast), route, _url(route, cast), cast)
    if route.access == PUBLIC and response.status_code != 200:
        pytest.skip(f"{response.status_code} for this cast")
    assert response.status_code in (200, 302), response.status_code
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy or "default-src 'none'" in policy, f"{name}: {policy!r}"
    assert "unsafe-inline" not in policy or "sandbox" in policy  # uploads are served sandboxed, never as pages
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], name
