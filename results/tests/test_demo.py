"""The demo: the Klaipėda centre's 12 indicators, three years of values with targets, some computed from its
records, some entered; one off target, one stale; idempotent; its pages render."""

import pytest

from kokybe.lib.demo import DemoContext, load_all
from kokybe.test import client_for
from orgs.models import Organisation
from results import pages
from results.models import Origin, Value

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ctx = load_all(DemoContext())
        yield ctx
        from django.core.management import call_command

        call_command("flush", verbosity=0, interactive=False)


def test_klaipeda_measures_twelve_indicators_over_three_years(demo):
    org = Organisation.objects.get(slug="klaipeda")
    series = pages.series_for(org)
    assert len(series) == 12
    computed = [s for s in series if s.computed]
    assert {s.definition.source.split(".")[0] for s in computed} >= {"actions", "documents", "surveys"}
    assert Value.objects.for_org(org).filter(origin=Origin.COMPUTED).exists()
    for s in series:
        assert {p.first.year for p in s.known} >= {2024, 2025}, s.definition.code
    reds = [s for s in series if any(y.status == "red" for y in s.years())]
    assert [s.definition.code for s in reds] == ["staff-turnover"]
    assert [s.definition.code for s in series if s.stale] == ["waiting-days"]
    assert Value.objects.for_org(org).filter(period__startswith="2024", approved_at__isnull=True).count() == 0


def test_loading_twice_changes_nothing(demo):
    before = Value.objects.count()
    load_all(DemoContext())
    assert Value.objects.count() == before


def test_the_stale_value_is_on_its_owner_s_work_and_the_pages_render(demo):
    from work.items import items_for

    org = Organisation.objects.get(slug="klaipeda")
    stale = next(s for s in pages.series_for(org) if s.stale)
    items = [i for i in items_for(stale.indicator.owner, demo.today) if i.key.startswith("results.value:")]
    assert [i.target for i in items] == [stale.indicator]
    client = client_for(demo.users["koordinatorius@klaipeda.demo"])
    for name in ("", "sheet/", "library/", f"{stale.indicator.pk}/"):
        assert client.get(f"/o/klaipeda/results/{name}").status_code == 200
