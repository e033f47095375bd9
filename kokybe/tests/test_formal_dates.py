"""Formal documents write dates the Lithuanian office way; tables and the UI keep 2026-12-07."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from documents.tests import factories
from kokybe.lib.dates import formal_date
from kokybe.test import pdf_text


@pytest.mark.parametrize(
    ("day", "lt", "en"),
    [
        (date(2026, 12, 7), "2026 m. gruodžio 7 d.", "7 December 2026"),
        (date(2026, 1, 31), "2026 m. sausio 31 d.", "31 January 2026"),
        (date(2025, 2, 3), "2025 m. vasario 3 d.", "3 February 2025"),
        (date(2025, 3, 1), "2025 m. kovo 1 d.", "1 March 2025"),
        (date(2025, 4, 1), "2025 m. balandžio 1 d.", "1 April 2025"),
        (date(2025, 5, 1), "2025 m. gegužės 1 d.", "1 May 2025"),
        (date(2025, 6, 1), "2025 m. birželio 1 d.", "1 June 2025"),
        (date(2025, 7, 1), "2025 m. liepos 1 d.", "1 July 2025"),
        (date(2025, 8, 1), "2025 m. rugpjūčio 1 d.", "1 August 2025"),
        (date(2025, 9, 1), "2025 m. rugsėjo 1 d.", "1 September 2025"),
        (date(2025, 10, 1), "2025 m. spalio 1 d.", "1 October 2025"),
        (date(2025, 11, 1), "2025 m. lapkričio 1 d.", "1 November 2025"),
    ],
)
def test_every_month_is_in_the_genitive_in_lithuanian(day, lt, en):
    assert formal_date(day, "lt") == lt and formal_date(day, "en") == en
    with translation.override("lt"):
        assert formal_date(datetime(day.year, day.month, day.day, 10, 30)) == lt


def test_the_filter_follows_the_active_language_and_can_be_pinned():
    template = Template('{% load formal %}{{ d|formal_date }} / {{ d|formal_date:"lt" }} / {{ none|formal_date }}.')
    with translation.override("en"):
        assert template.render(Context({"d": date(2026, 12, 7)})) == "7 December 2026 / 2026 m. gruodžio 7 d. / ."


@pytest.mark.django_db
def test_the_approval_stamp_of_a_document_pdf_is_written_the_office_way(cast):
    document = factories.approved(cast, approved_on=date(2025, 2, 3), order_number="V-7")
    client = Client()
    client.force_login(cast.jonas)
    url = reverse("documents:version_pdf", args=[cast.alfa.slug, document.uuid, 1])
    text = " ".join(pdf_text(client.get(url).content).split())
    assert "PATVIRTINTA direktoriaus 2025 m. vasario 3 d. įsakymu Nr. V-7" in text
    assert "galioja nuo 2025 m. vasario 3 d." in text
    assert "2025-02-03" not in text
