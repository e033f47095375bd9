"""The reports' CONTENT, read back: python-docx for DOCX, pdftotext (poppler-utils) for PDF, openpyxl for XLSX."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from assessments import reports, services
from assessments.models import EvidenceKind, IndicatorAnswer
from kokybe.test import pdf_text

from .factories import answer_for, make_assessment, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(cast):
    cycle = make_assessment(
        cast,
        make_version(principles=3, criteria=1, indicators=2),
        services=[cast.alfa_service],
        title="Įsivertinimas 2026",
    )
    good, gap = answer_for(cycle, "1.1.1"), answer_for(cycle, "2.1.1")
    IndicatorAnswer.objects.filter(pk=good.pk).update(
        rating="met", narrative="Misija patvirtinta direktoriaus įsakymu.", responsible=cast.rasa
    )
    IndicatorAnswer.objects.filter(pk=gap.pk).update(rating="partly", narrative="Mokymų planas rengiamas.")
    IndicatorAnswer.objects.filter(pk=answer_for(cycle, "3.1.2").pk).update(
        rating="na", reason="Netaikoma mūsų įstaigai."
    )
    services.evidence_add(
        answer=good, by=cast.rasa, kind=EvidenceKind.URL, title="Svetainės puslapis", url="https://example.lt/misija"
    )
    services.evidence_add(
        answer=good,
        by=cast.rasa,
        kind=EvidenceKind.RECORD,
        title="Senoji licencija",
        reference="Byla 4.2",
        expires_on=date(2021, 1, 1),
    )
    gap.refresh_from_db()
    services.gap_action_create(answer=gap, by=cast.jonas)
    return cycle


def docx_text(content):
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts), doc


def test_docx_report_in_lithuanian(cast, cycle):
    text, doc = docx_text(reports.report_docx(cycle, "lt"))
    for expected in [
        "Įsivertinimo ataskaita",
        "Alfos socialinių paslaugų centras",
        "Įsivertinimas 2026",
        "Socialinė priežiūra šeimoms",
        "2026-01-01 – 2026-12-31",
        "Pasirengimas",
        "Principas 2",
        "Rodiklis 1.1.1: įstaiga turi patvirtintą tvarką",
        "Atitinka",
        "Iš dalies atitinka",
        "Misija patvirtinta direktoriaus įsakymu.",
        "Svetainės puslapis",
        "https://example.lt/misija",
        "Netaikoma mūsų įstaigai.",
        "2.1.1 Rodiklis 2.1.1",  # the open improvement action made from the gap
    ]:
        assert expected in text, expected
    assert "Senoji licencija" in text and "2021-01-01" in text
    assert len(doc.inline_shapes) == 1  # the radar chart as PNG


def test_docx_report_in_english(cast, cycle):
    text, _doc = docx_text(reports.report_docx(cycle, "en"))
    for expected in ["Self-assessment report", "Readiness", "Principle 2", "Partly met", "How we meet it", "Evidence"]:
        assert expected in text, expected
    assert "Indicator 1.1.1: the organisation has an approved procedure" in text
    assert "Įsivertinimo ataskaita" not in text


def test_pdf_report_in_lithuanian_and_english(cast, cycle):
    lt = pdf_text(reports.report_pdf(cycle, "lt"))
    for expected in ["Įsivertinimo ataskaita", "Alfos socialinių paslaugų centras", "Socialinė priežiūra šeimoms"]:
        assert expected in lt, expected
    assert "Misija patvirtinta direktoriaus įsakymu." in lt and "Iš dalies atitinka" in lt
    assert "Svetainės puslapis" in lt and "Pasirengimas pagal principus" in lt
    en = pdf_text(reports.report_pdf(cycle, "en"))
    assert "Self-assessment report" in en and "Partly met" in en and "Principle 3" in en


def test_pdf_carries_the_radar_as_svg_and_fetches_nothing(cast, cycle):
    html = reports.report_html(cycle, "en")
    assert '<svg class="radar"' in html and "<title" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_xlsx_has_every_rating(cast, cycle):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(reports.ratings_xlsx(cycle, "lt")))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 6
    header = rows[0]
    by_code = {row[header.index("Kodas")]: row for row in rows[1:]}
    assert by_code["1.1.1"][header.index("Vertinimas")] == "Atitinka"
    assert by_code["1.1.1"][header.index("Kaip tai įgyvendiname")] == "Misija patvirtinta direktoriaus įsakymu."
    assert by_code["3.1.2"][header.index("Priežastis")] == "Netaikoma mūsų įstaigai."
    assert by_code["1.1.2"][header.index("Vertinimas")] in (None, "")
    assert book.worksheets[1].title == "Pasirengimas"


def test_report_downloads_take_the_language_from_the_query(cast, cycle):
    client = Client()
    client.force_login(cast.vida)
    base = {"org_slug": "alfa", "pk": cycle.pk}
    response = client.get(reverse("assessments:report_docx", kwargs=base), {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="alfa-isivertinimas-2026-en.docx"' in response["Content-Disposition"]
    assert "Self-assessment report" in docx_text(response.content)[0]
    pdf = client.get(reverse("assessments:report_pdf", kwargs=base), {"lang": "lt"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("assessments:ratings_xlsx", kwargs=base), {"lang": "xx"})
    assert xlsx.status_code == 200 and "-lt.xlsx" in xlsx["Content-Disposition"]


def test_report_verdict_says_the_share_counts_only_the_rated_indicators(cast):
    from django.utils import translation

    from assessments.reports import verdict
    from assessments.tests.factories import make_assessment, make_version

    cycle = make_assessment(cast, make_version(principles=2, criteria=1, indicators=2))
    cycle.answers.filter(indicator__code__startswith="1.").update(rating="met")
    with translation.override("en"):
        details = verdict(cycle.readiness()).details
    assert "Counted over the 2 rated indicators only." in details
    assert "2 indicators are not rated yet." in details
