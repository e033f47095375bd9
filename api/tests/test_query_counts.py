"""The list endpoints make the same number of queries for 10 rows as for 1,000 (or 100: those grown by copying a
real row), a page of up to 200 shown."""

import copy
from datetime import date, timedelta

import pytest
from django.db.models.base import ModelState

from api.tests import grid
from api.tests.helpers import ApiClient, make_token
from assessments.models import EvidenceItem, EvidenceKind
from kokybe.test import assert_constant_queries
from orgs.models import Service, Unit
from orgs.roles import Role
from work.models import Milestone


def _units(cast, n):
    Unit.objects.bulk_create(Unit(org=cast.alfa, name=f"Skyrius {i}") for i in range(Unit.objects.count(), n))


def _services(cast, n):
    Service.objects.bulk_create(
        Service(org=cast.alfa, unit=cast.alfa_unit, name=f"Paslauga {i}") for i in range(Service.objects.count(), n)
    )


def _milestones(cast, n):
    Milestone.objects.bulk_create(
        Milestone(org=cast.alfa, title=f"Etapas {i}", start_date=date(2027, 1, 1) + timedelta(days=i))
        for i in range(Milestone.objects.count(), n)
    )


def _evidence(cast, n):
    EvidenceItem.objects.bulk_create(
        EvidenceItem(org=cast.alfa, kind=EvidenceKind.URL, title=f"Įrodymas {i}", url="https://example.lt/")
        for i in range(EvidenceItem.objects.count(), n)
    )


LISTS = {"units": _units, "services": _services, "milestones": _milestones, "evidence": _evidence}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_query_count_is_constant(cast, name):
    client = ApiClient(make_token(cast.jonas, cast.alfa))

    def render():
        response = client.get(f"/api/v1/orgs/alfa/{name}", page_size=200)
        assert response.status_code == 200, response.content

    assert_constant_queries(render, lambda n: LISTS[name](cast, n), small=10, large=1000)


# ── The other lists: each grown from one real row of its kind by copies (10 vs 100 rows) ──────────────────────────


def _copies(obj, n, vary=lambda i: {}):
    """Bring obj's model to n rows of obj's organisation by bulk-copying obj; unique values drawn afresh."""
    model = type(obj)
    have = model.objects.filter(org=obj.org_id).count()
    rows = []
    for i in range(have, n):
        row = copy.copy(obj)
        row.pk = None
        row._state = ModelState()
        for f in model._meta.concrete_fields:
            if f.unique and not f.primary_key and f.has_default():
                setattr(row, f.attname, f.get_default())
            elif f.unique and not f.primary_key and f.null:  # a one-to-one link (a milestone) is the seed's alone
                setattr(row, f.attname, None)
        for name, value in vary(i).items():
            setattr(row, name, value)
        rows.append(row)
    model.objects.bulk_create(rows)


def _actions(cast, n):
    from actions.models import ImprovementAction

    seed = grid._action(cast)
    top = ImprovementAction.objects.filter(org=cast.alfa).order_by("-number").first().number
    _copies(seed, n, lambda i: {"number": top + i + 1, "title": f"Veiksmas {i}"})


def _members(cast, n):
    from accounts.models import User
    from orgs.models import Membership

    have = Membership.objects.filter(org=cast.alfa).count()
    users = User.objects.bulk_create(User(email=f"narys{i}@alfa.test", full_name=f"Narys {i}") for i in range(have, n))
    Membership.objects.bulk_create(Membership(org=cast.alfa, user=u, role=Role.STAFF) for u in users)


def _audits_world(cast):
    from audits.tests.factories import world

    return world(cast)["alfa"]


def _assessments(cast, n):
    _copies(_audits_world(cast)["cycle"], n, lambda i: {"title": f"Ciklas {i}"})


def _documents(cast, n):
    _copies(_audits_world(cast)["document"], n, lambda i: {"title": f"Dokumentas {i}"})


def _audits(cast, n):
    _copies(_audits_world(cast)["internal"], n, lambda i: {"title": f"Auditas {i}"})


def _certificates(cast, n):
    _copies(_audits_world(cast)["certificate"], n, lambda i: {"reference": f"LIT-{i:04d}"})


def _campaigns(cast, n):
    from surveys.tests.grid import _world

    _copies(_world(cast)["alfa"]["campaign"], n, lambda i: {"title": f"Apklausa {i}"})


def _frameworks(cast, n):
    from frameworks.models import FrameworkVersion

    seed = _audits_world(cast)["cycle"].version
    have = FrameworkVersion.objects.visible_to(cast.alfa).count()
    rows = []
    for i in range(have, n):
        row = copy.copy(seed)
        row.pk, row._state, row.org_id, row.label = None, ModelState(), cast.alfa.pk, f"v{i}"
        rows.append(row)
    FrameworkVersion.objects.bulk_create(rows)


def _complaints(cast, n):
    from complaints.tests.factories import world

    seed = world(cast)["alfa"]
    seed.categories.set(seed.categories.model.objects.filter(org=cast.alfa)[:2])
    _copies(seed, n, lambda i: {"sequence": 1000 + i, "subject": f"Skundas {i}"})


MORE_LISTS = {
    "actions": _actions,
    "members": _members,
    "assessments": _assessments,
    "documents": _documents,
    "audits": _audits,
    "certificates": _certificates,
    "campaigns": _campaigns,
    "frameworks": _frameworks,
    "complaints": _complaints,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MORE_LISTS))
def test_more_lists_query_count_is_constant(cast, name):
    client = ApiClient(make_token(cast.ona, cast.alfa))

    def render():
        response = client.get(f"/api/v1/orgs/alfa/{name}", page_size=200)
        assert response.status_code == 200, response.content
        assert response.json()["count"] >= 10

    assert_constant_queries(render, lambda n: MORE_LISTS[name](cast, n), small=10, large=100)
