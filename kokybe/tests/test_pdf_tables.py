"""Every report table fits the page: no word of it lies beyond the right margin or is cut off (the audit report's
nine-column summary lost its nonconformity columns), read back with pdftotext's word boxes."""

import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from assessments.tests.test_reports import cycle  # noqa: F401  (fixture)
from audits.tests.test_views import _report_audit, audit, auditor  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def word_boxes(content):
    """[(word, xMax, page width)] of every word of the PDF."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install poppler-utils")
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    words = []
    for page in re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, re.S):
        width = float(page.group(1))
        for match in re.finditer(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page.group(2)
        ):
            words.append((match.group(2), float(match.group(1)), width))
    return words


def test_the_audit_report_summary_fits_the_page_with_every_column_whole(cast, audit, auditor):  # noqa: F811
    _report_audit(cast, audit, auditor)
    client = Client()
    client.force_login(cast.jonas)
    content = client.get(reverse("audits:report_pdf", args=[cast.alfa.slug, audit.pk])).content
    words = word_boxes(content)
    margin = 16 / 25.4 * 72  # the template's 16 mm side margin, in points
    assert all(x_max <= width - margin + 1 for _w, x_max, width in words), [w for w in words if w[1] > w[2] - margin]
    text = {word for word, _x, _w in words}
    for header in [
        "Atitinka",
        "Neatitinka",
        "Netaikoma",
        "Stiprybė",
        "Pastebėjimas",
        "Nedidelė",
        "Esminė",
        "neatitiktis",
    ]:
        assert header in text, header


def test_the_self_assessment_report_tables_fit_the_page(cast, cycle):  # noqa: F811
    client = Client()
    client.force_login(cast.jonas)
    content = client.get(reverse("assessments:report_pdf", args=[cast.alfa.slug, cycle.pk])).content
    words = word_boxes(content)
    assert all(x_max <= width - 30 for _w, x_max, width in words)
    text = {word for word, _x, _w in words}
    for header in ["Pasirengimas", "Atitinka", "Neatitinka", "Netaikoma", "Neįvertinta"]:
        assert header in text, header
