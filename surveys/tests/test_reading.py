"""Survey pages read as one Lithuanian text: translated chart labels, decimal commas, "44 %" with a space that never
breaks, open links built from the address the page was opened at, and no silent gaps in the pooled results."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from surveys.tests.factories import add_response

NBSP = "\u00a0"


def url(name, campaign):
    return reverse(f"surveys:{name}", kwargs={"org_slug": campaign.org.slug, "pk": campaign.pk})


def text_of(response):
    return strip_tags(response.content.decode())


@pytest.fixture
def weak(campaign):
    # Mean 3.17 and top-2-box 33 %: weak on both counts, with decimals to show.
    for i, rate in enumerate((3, 4, 2, 3, 4, 3)):
        add_response(campaign, {"rate": rate, "used": i % 2, "nps": 8, "areas": ["food"]})
    return campaign


def test_the_rating_chart_axis_is_in_lithuanian(weak, cast, login):
    page = login(cast.jonas).get(url("results", weak)).content.decode()
    assert "nesutinka, nepatenkinti" in page and "sutinka, patenkinti" in page
    assert "disagree" not in page and "satisfied →" not in page


def test_weak_result_figures_use_the_decimal_comma_like_the_tables(weak, cast, login):
    page = text_of(login(cast.jonas).get(url("results", weak)))
    assert "vidurkis 3,17 (1–5 skalėje) mažesnis nei 3,50" in page
    assert f"dviejų geriausių atsakymų dalis 33{NBSP}% mažesnė nei 60{NBSP}%" in page
    # A decimal point anywhere (indicator codes such as 6.3.1 are not numbers).
    point = re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", page)
    assert point is None, page[point.start() - 40 : point.end() + 40]


@pytest.mark.parametrize("name", ["results", "summary", "breakdown", "trend"])
def test_every_percentage_on_the_result_pages_keeps_its_sign_on_the_same_line(weak, cast, login, name):
    page = login(cast.jonas).get(url(name, weak)).content.decode()
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
