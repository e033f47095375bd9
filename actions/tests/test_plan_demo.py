"""The Klaipėda centre's demo implementation plan (actions/demo.py) through the real demo loader.

Each test loads all demo data (slow), so each checks several things.
"""

from collections import Counter

import pytest

from accounts.models import User
from actions import demo
from actions.models import ImprovementAction, Status
from kokybe.lib.demo import DemoContext, load_all
from orgs.models import ActivityEntry, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def klaipeda():
    load_all()
    return Organisation.objects.get(slug="klaipeda")


def plan_of(org):
    """This module's demo actions (other apps' demo data may add actions of their own, e.g. from audit findings)."""
    return ImprovementAction.objects.for_org(org).filter(title__in=[item.title for item in demo.PLAN])


def context():
    orgs = {o.slug: o for o in Organisation.objects.all()}
    return DemoContext(orgs=orgs, users={u.email: u for u in User.objects.filter(email__endswith=".demo")})


def test_demo_plan_is_a_realistic_plan_made_through_the_service(klaipeda):
    actions = list(plan_of(klaipeda).select_related("principle__version__framework", "owner", "created_by"))
    assert len(actions) == len(demo.PLAN) and 30 <= len(actions) <= 40
    assert {a.principle.code for a in actions} == {str(n) for n in range(1, 11)}
    assert {a.principle.version.framework.code for a in actions} == {demo.WORKING_SET}
    statuses = Counter(a.status for a in actions)
    assert all(statuses[s] for s in Status.values), statuses
    assert plan_of(klaipeda).overdue().count() >= 2
    assert {a.owner.email.split("@")[1] for a in actions} == {"klaipeda.demo"}
    assert min(a.start_date for a in actions).year == 2019 and max(a.due_date for a in actions).year >= 2027
    for action in actions:
        assert action.created_by.email == demo.COORDINATOR
        if action.status in (Status.EFFECTIVE, Status.NOT_EFFECTIVE):
            assert action.verified_on and action.verified_by and action.verification_note
            assert action.completed_on <= action.verified_on
    created = ActivityEntry.objects.filter(org=klaipeda, verb=ActivityEntry.Verb.CREATED)
    assert set(created.values_list("target_id", flat=True)) >= {str(a.pk) for a in actions}


def test_reloading_changes_nothing_and_fills_in_principles_that_arrive_later(klaipeda):
    before = list(plan_of(klaipeda).order_by("pk").values())
    ids = [str(pk) for pk in plan_of(klaipeda).values_list("pk", flat=True)]
    entries = ActivityEntry.objects.filter(org=klaipeda, target_id__in=ids).count()
    ctx = load_all()
    assert ctx.created[ImprovementAction._meta.verbose_name_plural] == 0
    assert list(plan_of(klaipeda).order_by("pk").values()) == before
    assert ActivityEntry.objects.filter(org=klaipeda, target_id__in=ids).count() == entries

    plan_of(klaipeda).update(principle=None)
    demo.load(context())
    assert not plan_of(klaipeda).filter(principle__isnull=True).exists()

    plan_of(klaipeda).delete()
    ctx = context()
    demo.load(ctx)
    assert ctx.created[ImprovementAction._meta.verbose_name_plural] == len(demo.PLAN)
