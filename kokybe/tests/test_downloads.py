"""Downloads are named in the reader's language and carry safe headers (kokybe.lib.downloads)."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kokybe.lib import downloads
from kokybe.tests.test_xlsx_exports import CASES

pytestmark = pytest.mark.django_db
ENGLISH_WORDS = re.compile(r"\b(plan|summary|answers|template|report|form|survey)\b")


def client_for(user, language):
    user.language = language
    user.save()
    client = Client()
    client.force_login(user)
    return client


def name_of(response):
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="') and "filename*=UTF-8''" in header
    return unquote(header.split("filename*=UTF-8''", 1)[1])


def test_filename_keeps_lithuanian_letters_and_drops_what_a_file_system_refuses():
    assert downloads.filename(
        "VšĮ „Alfa“", "diegimo planas", timezone.localdate().replace(2026, 12, 7), ext="xlsx"
    ) == ("všį-alfa-diegimo-planas-2026-12-07.xlsx")
    assert downloads.filename("", "/../", ext="pdf") == "kokybe.pdf"


def test_the_plan_is_named_in_the_readers_language(cast):
    today = timezone.localdate().isoformat()
    url = reverse("actions:export_xlsx", args=[cast.alfa.slug])
    assert name_of(client_for(cast.jonas, "lt").get(url)) == f"alfa-diegimo-planas-{today}.xlsx"
    assert name_of(client_for(cast.jonas, "en").get(url)) == f"alfa-implementation-plan-{today}.xlsx"


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_lithuanian_xlsx_download_has_an_english_word_in_its_name(cast, name):
    url, _payloads = CASES[name](cast)
    response = client_for(cast.jonas, "lt").get(url)
    assert response["X-Content-Type-Options"] == "nosniff" and "private" in response["Cache-Control"]
    assert not ENGLISH_WORDS.search(name_of(response).replace("-", " ")), name_of(response)
