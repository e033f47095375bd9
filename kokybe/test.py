"""The shared test cast (STYLE.md): org Alfa with one member per role, org Beta with Petras — the outsider.

Every test module gets it through the `cast` fixture (conftest.py). Passwords are all "password".
"""

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from orgs.models import Membership, Organisation, Service, Unit
from orgs.roles import Role

PASSWORD = "password"

# One person per role in Alfa; names are the cast STYLE.md speaks of.
ALFA_PEOPLE = {
    Role.DIRECTOR: ("ona@alfa.test", "Ona Onaitė"),
    Role.COORDINATOR: ("jonas@alfa.test", "Jonas Jonaitis"),
    Role.UNIT_HEAD: ("ugne@alfa.test", "Ugnė Ugnytė"),
    Role.STAFF: ("rasa@alfa.test", "Rasa Rasaitė"),
    Role.CONSULTANT: ("kostas@alfa.test", "Kostas Kostaitis"),
    Role.INTERNAL_AUDITOR: ("ingrida@alfa.test", "Ingrida Ingridaitė"),
    Role.EXTERNAL_AUDITOR: ("edvardas@alfa.test", "Edvardas Edvardaitis"),
    Role.VIEWER: ("vida@alfa.test", "Vida Vidaitė"),
}


@dataclass
class Cast:
    alfa: Organisation
    beta: Organisation
    users: dict  # role -> User in Alfa
    memberships: dict  # role -> Membership in Alfa
    petras: User  # Beta's director: the outsider for Alfa
    alfa_unit: Unit
    alfa_subunit: Unit
    alfa_service: Service
    beta_unit: Unit
    beta_service: Service
    extra: dict = field(default_factory=dict)

    @property
    def ona(self):
        return self.users[Role.DIRECTOR]

    @property
    def jonas(self):
        return self.users[Role.COORDINATOR]

    @property
    def rasa(self):
        return self.users[Role.STAFF]

    @property
    def vida(self):
        return self.users[Role.VIEWER]


def make_user(email, full_name="", language="lt"):
    return User.objects.create_user(email, PASSWORD, full_name=full_name, language=language)


def make_cast():
    today = timezone.localdate()
    alfa = Organisation.objects.create(
        name="Alfos socialinių paslaugų centras",
        short_name="Alfa",
        slug="alfa",
        company_code="100000001",
        municipality="Vilniaus m. sav.",
    )
    beta = Organisation.objects.create(name="Betos globos namai", short_name="Beta", slug="beta")
    alfa_unit = Unit.objects.create(org=alfa, name="Pagalbos vaikams padalinys")
    alfa_subunit = Unit.objects.create(org=alfa, parent=alfa_unit, name="Socialinės priežiūros skyrius")
    alfa_service = Service.objects.create(org=alfa, unit=alfa_unit, name="Socialinė priežiūra šeimoms")
    beta_unit = Unit.objects.create(org=beta, name="Globos skyrius")
    beta_service = Service.objects.create(org=beta, unit=beta_unit, name="Ilgalaikė socialinė globa")
    users, memberships = {}, {}
    for role, (email, name) in ALFA_PEOPLE.items():
        user = make_user(email, name)
        users[role] = user
        memberships[role] = Membership.objects.create(
            org=alfa,
            user=user,
            role=role,
            access_until=today + timedelta(days=30) if role == Role.EXTERNAL_AUDITOR else None,
        )
    petras = make_user("petras@beta.test", "Petras Petraitis")
    Membership.objects.create(org=beta, user=petras, role=Role.DIRECTOR)
    return Cast(alfa, beta, users, memberships, petras, alfa_unit, alfa_subunit, alfa_service, beta_unit, beta_service)


def pass_second_factor(client, user):
    """Mark `client`'s session as having passed the second step of logging in (accounts/mfa.py), as a superuser and
    anyone in the Django admin must; the device is a set of recovery codes with none left."""
    from accounts.models import RecoveryCodes

    device, _created = RecoveryCodes.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def client_for(user, language=None, **headers):
    """A test client signed in as `user`; `language` (when given) becomes the user's interface language first, and
    `headers` are sent with every request. A superuser's client has passed the second step too."""
    if language:
        user.language = language
        user.save(update_fields=["language"])
    client = Client(headers=headers)
    client.force_login(user)
    if user.is_superuser:
        pass_second_factor(client, user)
    return client


def url(name, org, *args, **kwargs):
    """The address of the page `name` ("app:view") of the organisation `org` — an Organisation, its slug, or the
    cast (meaning Alfa). Positional `args` follow the slug in the URL; otherwise `kwargs` go with `org_slug`."""
    slug = org.alfa.slug if isinstance(org, Cast) else getattr(org, "slug", org)
    if args:
        return reverse(name, args=[slug, *args])
    return reverse(name, kwargs={"org_slug": slug, **kwargs})


def urls_for(app):
    """`url` for one app's pages, so a test module writes `url("detail", cast, pk)`: `url = urls_for("documents")`."""
    return partial(_app_url, app)


def _app_url(app, name, org, *args, **kwargs):
    return url(f"{app}:{name}", org, *args, **kwargs)


def count_queries(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def assert_constant_queries(render, grow, small=10, large=500):
    """A page's query count must not grow with its rows: render with `small` rows, grow to `large`, compare.

    `grow(n)` must bring the number of rows to n; `render()` must fetch the page and assert it succeeded.
    Returns (queries_small, queries_large) for reporting.
    """
    grow(small)
    render()  # warm caches (content types, sessions) so both counts measure the same work
    q_small = count_queries(render)
    grow(large)
    q_large = count_queries(render)
    assert q_small == q_large, f"query count grows with rows: {q_small} with {small} rows, {q_large} with {large}"
    return q_small, q_large


def pdf_text(content):
    """The text of PDF bytes as poppler's pdftotext reads it; the test is skipped where poppler-utils is missing."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install poppler-utils to check a PDF's text")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


class _FormReader(HTMLParser):
    """The fields of every <form> on a page, as a browser would post them (files left out)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"fields": [], "names": set()}
            self.forms.append(self._form)
        if self._form is None or ("disabled" in a and tag in ("input", "select", "textarea")):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            self._form["names"].add(name)
            if kind in ("checkbox", "radio") and "checked" not in a or kind in ("file", "submit", "button", "image"):
                return
            self._form["fields"].append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._form["names"].add(name)
            self._select = {"name": name, "multiple": "multiple" in a, "options": [], "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._form["names"].add(name)
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            s = self._select
            chosen = s["chosen"] or ([] if s["multiple"] or not s["options"] else s["options"][:1])
            self._form["fields"].extend((s["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def page_form(response, containing):
    """What the page's form with a field named `containing` would post: {name: value or [values]}."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    for form in reader.forms:
        if containing in form["names"]:
            data = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
    raise AssertionError(f"no form with a field named {containing!r} on the page")
