"""Every Word document Kokybė hands over: marked in its language, tables with widths that fit the page and keep words
whole, header rows that repeat, pictures with alt text. Read back with python-docx and, where LibreOffice is
installed, laid out by it (the program that broke words mid-word) and read with pdftotext."""

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from assessments.tests.test_reports import cycle  # noqa: F401  (fixture)
from audits import progress
from audits.tests.test_views import _report_audit, audit, auditor  # noqa: F401  (fixtures)
from kokybe.lib import docx

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def self_assessment(cast, assessment, lang):
    return (
        client_for(cast.jonas)
        .get(reverse("assessments:report_docx", args=[cast.alfa.slug, assessment.pk]) + f"?lang={lang}")
        .content
    )


def audit_report(cast, the_audit, by, lang):
    _report_audit(cast, the_audit, by)
    return (
        client_for(cast.jonas)
        .get(reverse("audits:report_docx", args=[cast.alfa.slug, the_audit.pk]) + f"?lang={lang}")
        .content
    )


def progress_report(lang):
    return progress.sections_docx(
        heading="Pažangos ataskaita", title="2026", facts=[("Metai", 2026)], sections=[("Įvadas", "Tekstas")], lang=lang
    )


def parts(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")}


def languages(content):
    xml = parts(content)
    return set(
        re.findall(r'<w:(?:lang|themeFontLang) w:val="([^"]+)"', xml["word/styles.xml"] + xml["word/settings.xml"])
    )


@pytest.fixture
def documents(cast, audit, auditor):  # noqa: F811
    def make(lang):
        return {
            "self-assessment": self_assessment(cast, audit.assessment, lang),
            "audit": audit_report(cast, audit, auditor, lang),
            "progress": progress_report(lang),
        }

    return make


@pytest.mark.parametrize(("lang", "tag"), [("lt", "lt-LT"), ("en", "en-GB")])
def test_every_docx_is_marked_in_its_language(documents, lang, tag):
    for name, content in documents(lang).items():
        assert languages(content) == {tag}, name
        from docx import Document

        assert Document(io.BytesIO(content)).core_properties.language == tag


def test_every_docx_table_has_fixed_widths_that_fit_the_page_and_a_repeating_header(documents):
    from docx import Document

    tables = 0
    for name, content in documents("lt").items():
        doc = Document(io.BytesIO(content))
        section = doc.sections[0]
        text_width = (section.page_width - section.left_margin - section.right_margin) / 635  # EMU → twips
        for table in doc.tables:
            tables += 1
            tbl = table._tbl
            assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed", name
            grid = [int(col.get(f"{W}w")) for col in tbl.tblGrid.findall(f"{W}gridCol")]
            assert all(grid) and sum(grid) <= text_width + 1, (name, grid, text_width)
            assert all(tc.find(f"{W}tcPr/{W}tcW") is not None for tc in tbl.iter(f"{W}tc")), name
            rows = tbl.findall(f"{W}tr")
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None, name
            assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows), name
            font = min(run.font.size.pt for run in table.rows[0].cells[0].paragraphs[0].runs)
            for column, width in enumerate(grid):
                turned = rows[0].findall(f"{W}tc")[column].find(f"{W}tcPr/{W}textDirection") is not None
                cells = [row.cells[column] for row in table.rows][1 if turned else 0 :]
                longest = max((w for cell in cells for w in cell.text.split()), key=len, default="")
                assert width >= len(longest) * docx.CHAR_EM * font * 20, (name, longest, width)
    assert tables >= 3


def test_the_radar_chart_has_alt_text_with_the_figures(cast, cycle):  # noqa: F811
    xml = parts(self_assessment(cast, cycle, "lt"))["word/document.xml"]
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    assert len(descriptions) == 1
    assert "Principas 1" in descriptions[0] and "100 %" in descriptions[0]


def test_column_widths_keep_the_longest_word_whole_and_fill_the_text_width():
    header = ["Principas", "Atitinka", "Iš dalies atitinka", "Neatitinka", "Netaikoma", "Neįvertinta"]
    rows = [["1. Asmens teisių apsauga ir orumas", "3", "1", "0", "0", "12"]]
    widths = docx.column_widths(header, rows)
    assert sum(widths) == docx.TEXT_WIDTH
    assert widths[0] == max(widths)  # the long text gets the room
    assert widths[5] >= len("Neįvertinta") * docx.CHAR_EM * docx.TABLE_FONT_PT * 20


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice not installed")
def test_libreoffice_lays_out_the_audit_and_self_assessment_tables_without_breaking_words(documents, tmp_path):
    from docx import Document

    for name, content in documents("lt").items():
        if name == "progress":
            continue
        source = tmp_path / f"{name}.docx"
        source.write_bytes(content)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / f"{name}.pdf"), "-"], check=True, capture_output=True
        ).stdout.decode()
        words = {
            word.strip(".,;:()")
            for table in Document(io.BytesIO(content)).tables
            for row in table.rows
            for cell in row.cells
            for word in cell.text.split()
        }
        for word in words:
            assert word in text, (name, word)
