"""An anonymous survey answered by fewer people than its minimum group size shows no results anywhere."""

import html as html_lib
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kokybe.test import pdf_text
from surveys.tests.factories import add_response, make_campaign

TOO_FEW = "n < 5: per mažai atsakymų, kad juos būtų galima rodyti"


def url(name, campaign):
    return reverse(f"surveys:{name}", args=[campaign.org.slug, campaign.pk])


@pytest.fixture
def lonely(cast, version):
    """An anonymous survey with one respondent: "the" results would be her answers."""
    campaign = make_campaign(cast.alfa, version, by=cast.jonas, title="Viena atsakiusi", min_group_size=5)
    add_response(campaign, {"rate": 1, "used": 1, "followup": 1, "nps": 0, "comment": "Darbuotoja Jūratė šaukia"})
    return campaign


def test_the_results_page_shows_no_figures_and_says_why(cast, lonely, login):
    html = html_lib.unescape(login(cast.jonas).get(url("results", lonely)).content.decode())
    assert TOO_FEW in html
    assert "Jūratė" not in html and "Silpni rezultatai" not in html
    assert 'id="chart-title"' not in html


def test_the_summary_page_pdf_and_xlsx_show_no_figures(cast, lonely, login):
    client = login(cast.vida)
    assert TOO_FEW in html_lib.unescape(client.get(url("summary", lonely)).content.decode())
    text = " ".join(pdf_text(client.get(url("summary_pdf", lonely)).content).split())
    assert TOO_FEW in text and "Esu patenkintas" not in text
    book = load_workbook(BytesIO(client.get(url("summary_xlsx", lonely)).content))
    cells = [c for row in book["Santrauka"].iter_rows(values_only=True) for c in row if c is not None]
    assert any(str(c).startswith(TOO_FEW) for c in cells)
    assert "rate" not in cells
    assert list(book["Pasiskirstymai"].iter_rows(min_row=2, values_only=True)) == []


def test_raw_answers_and_free_texts_are_withheld(cast, lonely, login):
    client = login(cast.jonas)
    response = client.get(url("raw_xlsx", lonely), follow=True)
    assert response.redirect_chain and TOO_FEW in html_lib.unescape(response.content.decode())
    texts = html_lib.unescape(
        client.get(reverse("surveys:texts", args=["alfa", lonely.pk, "comment"])).content.decode()
    )
    assert "Jūratė" not in texts and TOO_FEW in texts


def test_from_the_minimum_on_the_results_show(cast, lonely, login):
    for _ in range(4):
        add_response(lonely, {"rate": 4})
    html = html_lib.unescape(login(cast.jonas).get(url("results", lonely)).content.decode())
    assert TOO_FEW not in html and "Esu patenkintas" in html


def test_a_survey_that_is_not_anonymous_shows_even_one_answer(cast, version, login):
    named = make_campaign(cast.alfa, version, by=cast.jonas, anonymous=False)
    add_response(named, {"rate": 2})
    html = html_lib.unescape(login(cast.jonas).get(url("results", named)).content.decode())
    assert TOO_FEW not in html and "Esu patenkintas" in html
