"""PDF export of the filtered plan: a real A4-landscape PDF, Lithuanian text, no network."""

import re
import shutil
import subprocess
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import pdf, services
from actions.models import Source, Status
from actions.plan import Progress

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")
TITLE = "Parengti ir patvirtinti Skundų nagrinėjimo tvarkos aprašą"


def export(cast, params=None):
    client = Client()
    client.force_login(cast.jonas)
    response = client.get(reverse("actions:export_pdf", args=[cast.alfa.slug]), params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="alfa-diegimo-planas-')
    return response.content


@pytest.fixture
def actions(cast):
    services.action_create(org=cast.alfa, title=TITLE, source=Source.COMPLAINT, owner=cast.rasa, by=cast.jonas)
    services.action_create(
        org=cast.alfa, title="Kitas veiksmas", source=Source.OTHER, status=Status.DONE, by=cast.jonas
    )


def unpacked(content):
    """The PDF's bytes with every Flate stream inflated (WeasyPrint packs objects into compressed streams)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            parts.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_is_a_real_a4_landscape_document_with_an_embedded_dejavu_font(cast, actions):
    content = export(cast)
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    plain = unpacked(content)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", plain)
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes)  # A4 landscape
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+DejaVu-?Sans", plain)  # the font with every Lithuanian letter
    assert b"/FontFile" in plain  # embedded, so the reader's machine needs no font of its own


# A small reader of the text in WeasyPrint's PDFs, so the text is checked even where poppler-utils is not installed.


def _objects(content):
    """{object number: (dictionary bytes, stream bytes or None)}, object streams unpacked."""
    objects = {}
    for match in re.finditer(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(stream\r?\n)?", content, re.S):
        number, head = int(match[1]), match[2]
        data = None
        if match[3]:
            length = int(re.search(rb"/Length (\d+)", head)[1])
            data = content[match.end() : match.end() + length]
            if b"/FlateDecode" in head:
                data = zlib.decompress(data)
        objects[number] = (head, data)
    for head, data in list(objects.values()):
        if b"/Type /ObjStm" in head and data is not None:
            first = int(re.search(rb"/First (\d+)", head)[1])
            pairs = list(map(int, data[:first].split()))
            starts = [first + offset for offset in pairs[1::2]] + [len(data)]
            for i, number in enumerate(pairs[0::2]):
                objects.setdefault(number, (data[starts[i] : starts[i + 1]], None))
    return objects


def _cmap(data):
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(int(dst, 16) + i)
    return out


def pdf_text(content):
    """The text WeasyPrint drew, decoded through each embedded font's ToUnicode map (when pdftotext is missing)."""
    objects = _objects(content)
    cmaps = {}  # font object number → its character map
    for number, (head, _data) in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if b"/Type /Font" in head and ref:
            cmaps[number] = _cmap(objects[int(ref[1])][1] or b"")
    fonts = {}  # resource name used by Tf → character map
    for head, _data in objects.values():
        for name, ref in re.findall(rb"/([\w.]+) (\d+) 0 R", head):
            if int(ref) in cmaps:
                fonts[name.decode()] = cmaps[int(ref)]
    runs, font = [], {}
    for _head, data in objects.values():
        if not data or b" Tf" not in data:
            continue
        for op in re.finditer(rb"/([\w.]+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj", data):
            if op[1]:
                font = fonts.get(op[1].decode(), {})
                continue
            items = re.findall(rb"<([0-9a-fA-F]*)>|(-?[\d.]+)", op[2]) if op[2] is not None else [(op[3], b"")]
            text = []
            for glyphs, shift in items:
                if shift:
                    # A word space may be drawn as a move to the right (in thousandths of an em) instead of a glyph.
                    text.append(" " if float(shift) < -200 else "")
                    continue
                text.extend(font.get(int(glyphs[i : i + 4], 16), "?") for i in range(0, len(glyphs), 4))
            runs.append("".join(text))
    return re.sub(r"\s+", " ", " ".join(runs))


def extract(content):
    if PDFTOTEXT:
        text = subprocess.run([PDFTOTEXT, "-", "-"], input=content, capture_output=True, check=True).stdout
        return re.sub(r"\s+", " ", text.decode("utf-8"))
    return pdf_text(content)


def test_pdf_text_has_the_org_the_title_the_filters_and_lithuanian_letters(cast, actions):
    text = extract(export(cast, {"source": "complaint"}))
    assert cast.alfa.name in text
    assert TITLE in text and "Kitas veiksmas" not in text
    assert "Diegimo planas" in text and "Šaltinis" in text
    assert re.search(r"\b1 ?/ ?1\b", text)  # the page number in the margin


def test_text_reader_reads_what_weasyprint_draws():
    content = pdf.render_pdf("<p>Ąčęėįšųūž <b>Klaipėda</b></p><p>Kitas</p>")
    assert pdf_text(content).strip() == "Ąčęėįšųūž Klaipėda Kitas"
    assert extract(content).strip() == "Ąčęėįšųūž Klaipėda Kitas"


def test_pdf_html_is_grouped_like_the_screen_and_names_org_date_and_filters(cast, actions):
    html = pdf.plan_html(
        org=cast.alfa,
        groups=[],
        overall=Progress(),
        filters=[("Šaltinis", "Skundas")],
        today=timezone.localdate(),
        group_label="Šaltinis",
    )
    assert cast.alfa.name in html and "Šaltinis:</strong> Skundas" in html
    assert timezone.localdate().isoformat() in html
    assert "size: A4 landscape" in html and "counter(pages)" in html


def test_pdf_groups_follow_the_chosen_grouping(cast, actions):
    from actions.plan import GroupBy, group_actions, plan_actions

    groups, overall = group_actions(plan_actions(cast.alfa), GroupBy.SOURCE)
    html = pdf.plan_html(
        org=cast.alfa, groups=groups, overall=overall, filters=[], today=timezone.localdate(), group_label="x"
    )
    assert html.index(str(Source.COMPLAINT.label)) < html.index(TITLE) < html.index(str(Source.OTHER.label))
    assert "Visi veiksmai, be filtrų" in html


def test_too_many_actions_for_a_pdf_are_refused_with_advice(cast, actions, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_ACTIONS", 1)
    client = Client()
    client.force_login(cast.jonas)
    response = client.get(reverse("actions:export_pdf", args=[cast.alfa.slug]), {"group": "source"}, follow=True)
    assert response.redirect_chain[0][0].endswith("/actions/?group=source")
    assert "PDF gali būti ne daugiau kaip 1 veiksmų" in response.content.decode()
