"""Year on year across the builder's copy: the organisation's own version of a shipped questionnaire continues the
shipped one's series; another organisation's surveys and other questionnaires never join it."""

from datetime import date

import pytest

from surveys import builder
from surveys.analysis import comparable_campaigns
from surveys.models import CampaignStatus
from surveys.tests.factories import TEST_YAML, make_campaign, make_version

pytestmark = pytest.mark.django_db


def test_a_copy_of_a_shipped_questionnaire_continues_its_series(cast):
    shipped = make_version()  # no organisation: shipped
    before = make_campaign(
        cast.alfa, shipped, status=CampaignStatus.CLOSED, starts_on=date(2024, 3, 1), ends_on=date(2024, 3, 31)
    )
    copy = builder.version_copy(source=shipped, org=cast.alfa, label="2", by=cast.jonas)
    builder.version_activate(version=copy, org=cast.alfa, by=cast.jonas)
    after = make_campaign(cast.alfa, copy, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    assert copy.instrument_id != shipped.instrument_id  # the copy is the organisation's own questionnaire
    assert comparable_campaigns(after) == [before, after]

    other_org = make_campaign(cast.beta, shipped, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    assert other_org not in comparable_campaigns(after) and comparable_campaigns(other_org) == [other_org]
    other_questionnaire = make_version(TEST_YAML.replace("code: test-survey", "code: other"))
    unrelated = make_campaign(cast.alfa, other_questionnaire)
    assert unrelated not in comparable_campaigns(after)
