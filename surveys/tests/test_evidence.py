"""surveys.evidence: the figures other modules link to as audited evidence."""

import pytest
from django.test import Client

from surveys.analysis import campaign_results
from surveys.evidence import campaign_summary, summaries_for
from surveys.models import Campaign, CampaignStatus
from surveys.tests.factories import add_response, make_campaign


def test_a_campaign_summary_carries_its_figures_tags_and_stable_address(cast, campaign):
    for v in (5, 4, 2, 4, 5, 3):
        add_response(campaign, {"rate": v, "nps": 9})
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    campaign.refresh_from_db()
    summary = campaign_summary(campaign)
    expected = next(r for r in campaign_results(campaign).results if r.question.code == "rate")
    (rate,) = summary.for_indicator("6.3.1")
    assert (rate.code, rate.n, rate.mean, rate.top2_pct) == ("rate", 6, expected.mean, expected.top2)
    assert (rate.ci_low, rate.ci_high) == pytest.approx(expected.ci)
    assert summary.closed and summary.responses == 6 and summary.url == f"/o/alfa/surveys/{campaign.pk}/summary/"
    assert summary.for_principle("6") == [rate] and summary.indicator_codes == ["6.3.1"]
    client = Client()
    client.force_login(cast.vida)
    assert client.get(summary.url).status_code == 200 and client.get(summary.pdf_url).status_code == 200


def test_summaries_for_a_year_or_an_indicator(cast, version):
    from datetime import date

    old = make_campaign(cast.alfa, version, title="2019", starts_on=date(2019, 11, 4), ends_on=date(2019, 11, 29))
    make_campaign(cast.alfa, version, title="2021", starts_on=date(2021, 3, 1), ends_on=date(2021, 3, 31))
    make_campaign(cast.beta, version, title="Beta 2019", starts_on=date(2019, 11, 4), ends_on=date(2019, 11, 29))
    assert [s.title for s in summaries_for(cast.alfa, year=2019)] == ["2019"]
    assert [s.title for s in summaries_for(cast.alfa, indicator_code="6.3.1")] == ["2019", "2021"]
    assert summaries_for(cast.alfa, indicator_code="1.1.1") == []
    assert summaries_for(cast.alfa, year=2019)[0].campaign_id == old.pk
