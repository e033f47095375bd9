"""The demo: the Klaipėda centre's impact-study rounds, the programme study, and a current easy-read survey."""

import pytest

from kokybe.lib.demo import DemoContext
from surveys.analysis import campaign_results, pooled
from surveys.models import Campaign, Channel, ProgrammeCampaign, Response


@pytest.fixture
def demo(db):
    from orgs import demo as orgs_demo
    from programmes import demo as programmes_demo
    from surveys import demo as surveys_demo

    def run():
        ctx = DemoContext()
        for module in (orgs_demo, programmes_demo, surveys_demo):
            module.load(ctx)
        return ctx

    return run


def test_the_demo_has_both_impact_study_rounds_with_a_trend_and_loads_once(demo):
    ctx = demo()
    klaipeda = ctx.orgs["klaipeda"]
    rounds = Campaign.objects.for_org(klaipeda).filter(programme_campaign__isnull=False)
    assert sorted({c.starts_on.strftime("%Y-%m") for c in rounds}) == ["2019-11", "2021-03"]
    assert rounds.count() == 8 and ProgrammeCampaign.objects.count() == 8
    users = {c.starts_on.year: c for c in rounds if c.version.instrument.code == "service-user-satisfaction"}
    overall = {
        year: next(r for r in campaign_results(c).results if r.question.code == "overall") for year, c in users.items()
    }
    assert overall[2021].mean > overall[2019].mean and overall[2019].n >= 150
    before = Response.objects.count()
    demo()
    assert Response.objects.count() == before


def test_the_current_survey_has_easy_read_and_paper_answers(demo):
    ctx = demo()
    current = ctx.extra["current_survey"]
    assert current.is_collecting() and current.offers_easy_read()
    channels = set(Response.objects.filter(campaign=current).values_list("channel", flat=True))
    assert channels == {Channel.WEB, Channel.EASY_READ, Channel.PAPER}


def test_the_programme_study_hides_visaginas_managers(demo):
    demo()
    study = ProgrammeCampaign.objects.get(title__contains="2021-03: vadovai")
    campaigns = list(study.campaigns.select_related("org"))
    _questions, _pooled, orgs, _n, _spreads = pooled(campaigns, study.min_group_size)
    shown = {g.label: g.shown for g in orgs}
    assert shown == {"Klaipėdos ŠVGC": False, "Visagino SPC": False}  # 3 < 5, and then the only other is hidden too
