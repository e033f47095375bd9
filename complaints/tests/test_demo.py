import pytest

from complaints import demo
from complaints.models import Complaint, Conclusion, IdentityMode, Kind, Status
from complaints.services import find_by_code, linked_actions
from kokybe.lib.demo import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    from orgs import demo as orgs_demo

    ctx = DemoContext()
    orgs_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_klaipeda_register_has_three_years_of_every_kind_and_the_special_cases(loaded):
    org = loaded.orgs["klaipeda"]
    entries = list(Complaint.objects.for_org(org))
    assert 35 <= len(entries) <= 45
    assert {c.kind for c in entries} == set(Kind.values)
    assert len({c.channel for c in entries}) >= 6
    assert len({c.year for c in entries}) >= 3
    today = loaded.today
    assert [c for c in entries if c.status == Status.OPEN and c.decision_due < today]
    assert len([c for c in entries if c.extension_days]) == 1
    assert len([c for c in entries if c.conclusion == Conclusion.FORWARDED]) == 1
    anonymous = find_by_code(org, demo.DEMO_CODE)
    assert anonymous is not None and anonymous.identity == IdentityMode.ANONYMOUS
    assert sum(1 for c in entries if linked_actions(c)) == 3
    numbers = [c.number for c in entries]
    assert len(numbers) == len(set(numbers))


def test_running_twice_creates_nothing_more(loaded):
    before = Complaint.objects.count()
    demo.load(loaded)
    assert Complaint.objects.count() == before
