"""The printable questionnaire: any version, standard and easy-read, as the paper the paper-entry screen is typed
in from; linked from the survey page and the questionnaire library."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from kokybe.test import pdf_text
from surveys.models import Instrument
from surveys.tests.factories import TEST_YAML, make_campaign, make_version

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def test_the_standard_form_has_every_question_numbered_with_boxes_labels_and_conditions(cast, version, login):
    response = login(cast.vida).get(reverse("surveys:instrument_print", args=[cast.alfa.slug, version.pk]))
    text = text_of(response)
    for expected in [
        "Bandomoji apklausa",
        "1. Esu patenkintas paslaugomis. (privalomas klausimas)",
        "Visiškai nesutinku",
        "Nei sutinku",  # (the shipped test scale's label is cut by issue 13 item 11)
        "2. Ar teikėte skundą?",
        "Atsakykite tik tuo atveju, jei į 2 klausimą atsakėte: Taip.",
        "Paslaugų gavėjas",
        "Pažymėkite visus tinkamus.",
        "8. Ką pagerinti?",
    ]:
        assert expected in text, expected
    assert "Man čia patinka." not in text  # the easy-read wording is on the other form
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name == "bandomoji-apklausa-1.pdf"


def test_the_easy_read_form_has_its_own_words_faces_and_numbers(cast, version, login):
    response = login(cast.vida).get(reverse("surveys:instrument_print_easy", args=[cast.alfa.slug, version.pk]))
    text = text_of(response)
    for expected in ["Lengvai suprantama forma", "1. Man čia patinka.", "Kartais", "2. Ar skundeisi?", "Ką pakeisti?"]:
        assert expected in text, expected
    assert "Esu patenkintas paslaugomis." not in text and "privalomas" not in text
    assert "lengvai-suprantama-forma" in unquote(response["Content-Disposition"])


def test_a_survey_prints_with_its_about_you_questions(cast, version, login):
    campaign = make_campaign(
        cast.alfa, version, by=cast.jonas, respondent_groups="Paslaugų gavėjai\nArtimieji", title="Metinė apklausa"
    )
    text = text_of(login(cast.jonas).get(reverse("surveys:print", args=[cast.alfa.slug, campaign.pk])))
    assert "Metinė apklausa" in text and "Kuriai grupei priklausote?" in text and "Artimieji" in text
    easy = text_of(login(cast.jonas).get(reverse("surveys:print_easy", args=[cast.alfa.slug, campaign.pk])))
    assert "Artimieji" in easy


def test_a_questionnaire_without_an_easy_read_form_has_no_easy_read_pdf(cast, login):
    plain = make_version(
        TEST_YAML.replace("code: test-survey", "code: plain").replace(
            "easy_read_available: true", "easy_read_available: false"
        ),
        org=cast.alfa,
    )
    assert not Instrument.objects.get(code="plain").easy_read_available
    url = reverse("surveys:instrument_print_easy", args=[cast.alfa.slug, plain.pk])
    assert login(cast.jonas).get(url).status_code == 404


def test_the_survey_page_and_the_library_link_the_printable_forms(cast, version, campaign, login):
    client = login(cast.jonas)
    page = client.get(reverse("surveys:detail", args=[cast.alfa.slug, campaign.pk])).text
    assert reverse("surveys:print", args=[cast.alfa.slug, campaign.pk]) in page
    assert reverse("surveys:print_easy", args=[cast.alfa.slug, campaign.pk]) in page
    library = client.get(reverse("surveys:instruments", args=[cast.alfa.slug])).text
    assert reverse("surveys:instrument_print", args=[cast.alfa.slug, version.pk]) in library
    detail = client.get(reverse("surveys:instrument", args=[cast.alfa.slug, version.pk])).text
    assert reverse("surveys:instrument_print_easy", args=[cast.alfa.slug, version.pk]) in detail
