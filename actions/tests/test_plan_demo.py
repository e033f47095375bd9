"""The Klaipėda centre's demo implementation plan (actions/demo.py) through the real demo loader."""

from collections import Counter

import pytest

from actions import demo
from actions.models import ImprovementAction, Status
from kokybe.lib.demo import DemoContext, load_all
from orgs.models import ActivityEntry, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def klaipeda():
    load_all()
    return Organisation.objects.get(slug="klaipeda")


def test_demo_plan_covers_the_ten_principles_with_mixed_statuses_and_some_overdue(klaipeda):
    actions = list(ImprovementAction.objects.for_org(klaipeda).select_related("principle", "owner"))
    assert 30 <= len(actions) <= 40
    assert {a.principle.code for a in actions} == {str(n) for n in range(1, 11)}
    assert {a.principle.version.framework.code for a in actions} == {demo.WORKING_SET}
    statuses = Counter(a.status for a in actions)
    assert all(statuses[s] for s in Status.values), statuses
    assert ImprovementAction.objects.for_org(klaipeda).overdue().count() >= 2
    assert {a.owner.email.split("@")[1] for a in actions} == {"klaipeda.demo"}
    assert min(a.start_date for a in actions).year == 2019


def test_verified_actions_carry_who_when_and_the_evidence(klaipeda):
    verified = ImprovementAction.objects.for_org(klaipeda).filter(status__in=[Status.EFFECTIVE, Status.NOT_EFFECTIVE])
    assert verified.exists()
    for action in verified:
        assert action.verified_on and action.verified_by and action.verification_note
        assert action.completed_on <= action.verified_on


def test_demo_actions_are_created_through_the_service_with_their_history(klaipeda):
    first = ImprovementAction.objects.for_org(klaipeda).order_by("number").first()
    assert first.number == 1 and first.created_by.email == demo.COORDINATOR
    assert ActivityEntry.objects.filter(org=klaipeda, verb=ActivityEntry.Verb.CREATED, target_id=str(first.pk)).exists()


def test_loading_again_changes_nothing(klaipeda):
    assert ImprovementAction.objects.for_org(klaipeda).count() == len(demo.PLAN)
    before = list(ImprovementAction.objects.for_org(klaipeda).order_by("pk").values())
    entries = ActivityEntry.objects.count()
    ctx = load_all()
    assert not ctx.created, ctx.created
    assert list(ImprovementAction.objects.for_org(klaipeda).order_by("pk").values()) == before
    assert ActivityEntry.objects.count() == entries


def test_a_later_load_links_the_principles_when_the_framework_arrives(klaipeda):
    ImprovementAction.objects.for_org(klaipeda).update(principle=None)
    demo.load(DemoContext(orgs={o.slug: o for o in Organisation.objects.all()}, users=_demo_users()))
    assert not ImprovementAction.objects.for_org(klaipeda).filter(principle__isnull=True).exists()


def _demo_users():
    from accounts.models import User

    return {u.email: u for u in User.objects.filter(email__endswith=".demo")}
