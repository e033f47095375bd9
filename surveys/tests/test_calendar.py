"""A survey campaign's period on the quality calendar (surveys/surfaces.py)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import CampaignStatus
from surveys.tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def month_days(user, org, year, month, title):
    """The days of the month grid whose list names `title`."""
    client = Client()
    client.force_login(user)
    response = client.get(reverse("work:calendar_month", args=[org.slug, year, month]))
    return [
        day.date
        for week in response.context["weeks"]
        for day in week
        if day.in_month and any(entry.title == title for entry in day.entries)
    ]


def test_a_survey_period_spans_its_days_on_the_calendar(cast, version):
    make_campaign(
        cast.alfa,
        version,
        by=cast.jonas,
        title="Darbuotojų apklausa",
        starts_on=date(2031, 4, 28),
        ends_on=date(2031, 5, 3),
    )
    assert month_days(cast.rasa, cast.alfa, 2031, 5, "Darbuotojų apklausa") == [
        date(2031, 5, 1),
        date(2031, 5, 2),
        date(2031, 5, 3),
    ]
    assert month_days(cast.rasa, cast.alfa, 2031, 4, "Darbuotojų apklausa") == [
        date(2031, 4, 28),
        date(2031, 4, 29),
        date(2031, 4, 30),
    ]


def test_a_campaign_being_prepared_says_so(client, cast, version):
    make_campaign(
        cast.alfa,
        version,
        by=cast.jonas,
        status=CampaignStatus.DRAFT,
        title="Planuojama apklausa",
        starts_on=date(2031, 6, 1),
        ends_on=date(2031, 6, 30),
    )
    client.force_login(cast.jonas)
    html = client.get(reverse("work:calendar_month", args=["alfa", 2031, 6])).content.decode()
    assert "Planuojama apklausa" in html and "kind-survey-period" in html and "Rengiama" in html


def test_another_organisations_campaign_is_not_shown(cast, version):
    make_campaign(
        cast.beta,
        version,
        by=cast.petras,
        title="Betos apklausa",
        starts_on=date(2031, 6, 1),
        ends_on=date(2031, 6, 30),
    )
    assert month_days(cast.jonas, cast.alfa, 2031, 6, "Betos apklausa") == []
