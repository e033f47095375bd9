"""The shared test cast (STYLE.md): org Alfa with one member per role, org Beta with Petras — the outsider.

Every test module gets it through the `cast` fixture (conftest.py). Passwords are all "password".
"""

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

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


def client_for(user, language=None, **headers):
    """A test client signed in as `user`; `language` (when given) becomes the user's interface language first, and
    `headers` are sent with every request."""
    if language:
        user.language = language
        user.save(update_fields=["language"])
    client = Client(headers=headers)
    client.force_login(user)
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
