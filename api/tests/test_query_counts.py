"""The list endpoints make the same number of queries for 10 rows as for 1,000 (a page of up to 200 shown)."""

from datetime import date, timedelta

import pytest

from api.tests.helpers import ApiClient, make_token
from assessments.models import EvidenceItem, EvidenceKind
from kokybe.test import assert_constant_queries
from orgs.models import Service, Unit
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
