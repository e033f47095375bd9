"""Survey pages read as one Lithuanian text: translated chart labels, decimal commas, "44 %" with a space that never
breaks, open links built from the address the page was opened at, and no silent gaps in the pooled results."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from programmes.tests.factories import cast_programme
from surveys import views
from surveys.models import Campaign, CampaignStatus, ProgrammeCampaign
from surveys.tests.factories import add_response, campaign_url, make_campaign

NBSP = "\u00a0"


def text_of(response):
    return strip_tags(response.content.decode())


@pytest.fixture
def weak(campaign):
    # Mean 3.17 and top-2-box 33 %: weak on both counts, with decimals to show.
    for i, rate in enumerate((3, 4, 2, 3, 4, 3)):
        add_response(campaign, {"rate": rate, "used": i % 2, "nps": 8, "areas": ["food"]})
    return campaign


def test_the_rating_chart_axis_is_in_lithuanian(weak, cast, login):
    page = login(cast.jonas).get(campaign_url("results", weak)).content.decode()
    assert "nesutinka, nepatenkinti" in page and "sutinka, patenkinti" in page
    assert "disagree" not in page and "satisfied →" not in page


def test_weak_result_figures_use_the_decimal_comma_like_the_tables(weak, cast, login):
    page = text_of(login(cast.jonas).get(campaign_url("results", weak)))
    assert "vidurkis 3,17 (1–5 skalėje) mažesnis nei 3,50" in page
    assert f"dviejų geriausių atsakymų dalis 33{NBSP}% mažesnė nei 60{NBSP}%" in page
    # A decimal point anywhere (indicator codes such as 6.3.1 are not numbers).
    point = re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", page)
    assert point is None, page[point.start() - 40 : point.end() + 40]


@pytest.mark.parametrize("name", ["results", "summary", "breakdown", "trend"])
def test_every_percentage_on_the_result_pages_keeps_its_sign_on_the_same_line(weak, cast, login, name):
    page = login(cast.jonas).get(campaign_url(name, weak)).content.decode()
    # Outside tags and the stylesheet: every "%" follows a number and a non-breaking space, never a plain one.
    text = strip_tags(re.sub(r"<style.*?</style>", "", page, flags=re.S))
    assert "%" in text
    assert not re.search(r"\d ?%", text), re.search(r".{30}\d ?%.{10}", text)


def test_the_improvement_action_quotes_the_figures_in_the_same_notation(weak, cast, login):
    from actions.models import ImprovementAction
    from frameworks.importing import import_library

    import_library()
    login(cast.rasa).post(reverse("surveys:action", args=["alfa", weak.pk, "rate"]))
    description = ImprovementAction.objects.get(org=cast.alfa).description
    assert "vidurkis 3,17" in description and f"33{NBSP}%" in description


def test_the_open_link_and_qr_code_use_the_address_the_page_was_opened_at(campaign, cast, login, settings, monkeypatch):
    settings.SITE_URL = "https://elsewhere.example"
    client = login(cast.jonas)
    page = client.get(campaign_url("detail", campaign)).content.decode()
    assert f"http://testserver/s/{campaign.public_slug}/" in page and "elsewhere.example" not in page
    encoded = []
    monkeypatch.setattr(views, "_qr", lambda link, factory=None: encoded.append(link) or views.qrcode.make(link))
    client.get(campaign_url("qr_png", campaign))
    assert encoded == [f"http://testserver/s/{campaign.public_slug}/"]


@pytest.mark.parametrize("ended", ["closed", "past its end"])
def test_a_finished_survey_says_it_is_closed_instead_of_offering_its_open_link(version, cast, login, ended):
    today = timezone.localdate()
    if ended == "closed":
        campaign = make_campaign(cast.alfa, version, status=CampaignStatus.CLOSED)
    else:
        campaign = make_campaign(
            cast.alfa, version, starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=1)
        )
    page = login(cast.jonas).get(campaign_url("detail", campaign)).content.decode()
    assert f"/s/{campaign.public_slug}/" not in page and "qr.svg" not in page and "qr.png" not in page
    assert "Apklausa baigta ir atsakymų nebepriima" in page


def _study(cast, version, login):
    programme = cast_programme(cast)
    client = login(cast.jonas)
    today = timezone.localdate()
    client.post(
        reverse("surveys_programme:create", args=[programme.pk]),
        {
            "title": "Poveikio vertinimas",
            "version": version.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "min_group_size": 5,
            "orgs": [cast.alfa.pk, cast.beta.pk],
        },
    )
    study = ProgrammeCampaign.objects.get()
    for campaign in Campaign.objects.filter(programme_campaign=study):
        for rate in (5, 4, 4, 3, 5):
            add_response(campaign, {"rate": rate, "comment": "Gerai"})
    return client, study


def test_the_pooled_study_links_use_the_request_address_and_a_closed_one_shows_no_link(cast, version, login, settings):
    settings.SITE_URL = "https://elsewhere.example"
    client, study = _study(cast, version, login)
    alfa, beta = (Campaign.objects.get(programme_campaign=study, org=o) for o in (cast.alfa, cast.beta))
    Campaign.objects.filter(pk=beta.pk).update(status=CampaignStatus.CLOSED)
    page = client.get(study.get_absolute_url()).content.decode()
    assert f"http://testserver/s/{alfa.public_slug}/" in page and "elsewhere.example" not in page
    assert f"/s/{beta.public_slug}/" not in page


def test_the_pooled_results_say_that_free_text_answers_are_left_out(cast, version, login):
    client, study = _study(cast, version, login)
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Laisvo teksto atsakymai bendruose rezultatuose nerodomi" in page
    assert f"80{NBSP}%" in page  # top-2-box, one line


def test_the_pooled_page_lays_out_its_facts_so_a_phone_can_stack_them(cast, version, login):
    client, study = _study(cast, version, login)
    page = client.get(study.get_absolute_url()).content.decode()
    assert 'class="facts study-facts"' in page
    start, end = study.starts_on.isoformat(), study.ends_on.isoformat()
    assert f'<span class="nowrap">{start}</span>' in page and f'<span class="nowrap">{end}</span>' in page
