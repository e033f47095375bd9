"""The one way Kokybė writes a PDF (kokybe.lib.pdf) and the footer filter every report template uses."""

import re
import urllib.request

import pytest
from django.template import Context, Template

from actions.tests.test_plan_pdf import unpacked
from kokybe.lib.pdf import render_pdf
from kokybe.templatetags.pdf_tags import css_string
from kokybe.test import pdf_text


def test_rendering_never_fetches_from_the_network_or_the_disk(monkeypatch):
    opened = []
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda self, *a, **k: opened.append(a) or None)
    content = render_pdf(
        '<link rel="stylesheet" href="https://styles.example.invalid/x.css">'
        '<img src="http://127.0.0.1:9/tracker.png"><img src="file:///etc/passwd"><p>Ąčęėįšųūž</p>'
    )
    assert content.startswith(b"%PDF-")
    assert opened == []


def test_every_pdf_is_tagged_for_screen_readers_with_its_language_and_title():
    content = render_pdf(
        '<html lang="lt"><head><title>Įsivertinimo ataskaita</title></head><body><h1>Ataskaita</h1>'
        "<table><thead><tr><th>Principas</th><th>Pasirengimas</th></tr></thead>"
        "<tbody><tr><td>1. Orumas</td><td>80 %</td></tr></tbody></table></body></html>"
    )
    plain = unpacked(content)
    assert b"/StructTreeRoot" in plain and b"/MarkInfo" in plain and re.search(rb"/Marked\s+true", plain)
    assert re.search(rb"/S\s*/Table", plain) and re.search(rb"/S\s*/TH", plain) and re.search(rb"/S\s*/H1", plain)
    assert b"/Lang (lt)" in plain
    assert b"pdfuaid" in plain  # the PDF/UA identification in the XMP metadata


def test_data_urls_still_draw():
    # A 1×1 PNG as a data: URL (the way charts and logos travel): drawn, so the PDF carries an image.
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
    content = render_pdf(f'<img src="data:image/png;base64,{png}" alt=""><p>Su paveikslu</p>')
    assert b"/Subtype /Image" in content
    assert "Su paveikslu" in pdf_text(content)


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("Klaipėdos šeimos ir vaiko gerovės centras", "Klaipėdos šeimos ir vaiko gerovės centras"),
        ("VšĮ „Vilties namai“", "VšĮ „Vilties namai“"),
        ('A"B', "A\\22 B"),
        ("A-B's", "A\\2d B\\27 s"),
        ("a\\b", "a\\5c b"),
        ("</style>", "\\3c \\2f style\\3e "),
        ("line\nbreak", "line\\a break"),
        ("1 & 2", "1 \\26  2"),
    ],
)
def test_css_string_keeps_text_and_escapes_what_could_end_the_string(name, escaped):
    assert css_string(name) == escaped


def test_an_organisation_name_with_quotes_and_hyphens_prints_as_written_in_the_footer():
    name = 'VšĮ „Šeimos-namai“ & Co "A" </style>'
    html = Template(
        '{% load pdf_tags %}<style>@page { @bottom-left { content: "{{ name|css_string }}"; } }</style><p>Tekstas</p>'
    ).render(Context({"name": name}))
    assert "</style>" not in html.split("<style>", 1)[1].split("</style>", 1)[0]
    text = pdf_text(render_pdf(html))
    assert name in text
    assert "u002D" not in text


def test_preload_renders_once_and_a_machine_without_pango_still_starts(monkeypatch, caplog):
    from kokybe.lib import pdf

    pdf.preload()  # loads WeasyPrint and the fonts; nothing to see but that it returns

    def broken(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    pdf.preload()
    assert "PDF downloads will fail" in caplog.text and "libpango" in caplog.text
