"""Document control in a real browser, axe-core on every page it visits.

The Klaipėda coordinator starts the individual-plan methodology from the checklist's starter template, previews it
(htmx) and sends it for approval; the director approves it by order; the coordinator publishes it; an anonymous
visitor finds it on the public quality page (desktop and phone) and downloads its PDF, which carries the title.
"""

import re
import shutil
import subprocess
import zlib

import pytest
from django.core.management import call_command

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser

COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
PASSWORD = "demo"
TITLE = "Individualaus plano sudarymo metodika"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command's table is not wanted here


def _hex_or_literal(raw):
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    return raw[1:-1].decode("latin-1")


def pdf_text(content):
    """The PDF's text by pdftotext (poppler-utils) when installed; else its title and bookmarks, which WeasyPrint
    writes from the document's <title> and headings (enough to show which document it is)."""
    if shutil.which("pdftotext"):
        result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
        return result.stdout.decode()
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        found += [_hex_or_literal(t) for t in re.findall(rb"/Title\s*(<[0-9a-fA-F]+>|\([^)]*\))", data)]
    return "\n".join(found)


def test_draft_from_template_is_approved_published_and_downloadable(demo, new_context, login, assert_no_axe_violations):
    from playwright.sync_api import expect

    coordinator = new_context().new_page()
    login(coordinator, COORDINATOR, PASSWORD)
    coordinator.get_by_role("navigation", name="Moduliai").get_by_role("link", name="Dokumentai").click()
    assert path_of(coordinator) == "/o/klaipeda/documents/"
    assert coordinator.get_by_role("heading", level=1).inner_text() == "Dokumentai"
    assert_no_axe_violations(coordinator)

    coordinator.get_by_role("link", name="Privalomų dokumentų sąrašas").click()
    assert coordinator.get_by_role("heading", level=1).inner_text() == "Dokumentų sąrašas"
    expect(coordinator.get_by_text("Patvirtinti ir galioja 9 iš 10 privalomų dokumentų.")).to_be_visible()
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("link", name=f"Pradėti „{TITLE}“").click()
    assert coordinator.get_by_label("Pavadinimas").input_value() == TITLE
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("button", name="Sukurti projektą").click()

    # The editor: the starter template's text, the auditor's guidance beside it, a preview without reloading.
    assert "/draft/" in path_of(coordinator)
    assert coordinator.get_by_label("Tekstas").input_value().startswith("# 1. Paskirtis")
    expect(coordinator.get_by_role("heading", name="Ko ieško auditorius")).to_be_visible()
    assert_no_axe_violations(coordinator)
    url_before = coordinator.url
    coordinator.get_by_role("button", name="Peržiūra").click()
    preview = coordinator.locator("#preview")
    expect(preview.get_by_role("heading", name="1. Paskirtis")).to_be_visible()
    assert coordinator.url == url_before
    assert_no_axe_violations(coordinator)
    coordinator.get_by_label("Kas pasikeitė").fill("Pirmoji metodikos versija.")
    coordinator.get_by_role("button", name="Išsaugoti ir pateikti tvirtinti").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(coordinator.locator("#status-title + p .badge")).to_have_text("Peržiūrimas")
    document_path = path_of(coordinator)

    director = new_context().new_page()
    login(director, DIRECTOR, PASSWORD)
    director.goto(document_path)
    director.get_by_role("link", name="Tvirtinti").click()
    assert_no_axe_violations(director)
    director.get_by_label("Įsakymo Nr.").fill("V-140")
    director.get_by_role("button", name="Tvirtinti").click()
    expect(director.locator(".messages")).to_contain_text("1 versija patvirtinta.")
    expect(director.locator("#status-title + p .badge")).to_have_text("Patvirtintas")

    coordinator.goto(document_path)
    coordinator.get_by_role("button", name="Paskelbti").click()
    expect(coordinator.locator("#status-title + p .badge")).to_have_text("Paskelbtas")
    assert_no_axe_violations(coordinator)

    # Anyone, without an account: the public quality page, then the PDF.
    visitor = new_context().new_page()
    visitor.goto("/p/klaipeda/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Socialinių paslaugų kokybė"
    items = visitor.locator("ol.doc-list > li")
    assert items.count() == 11
    assert items.first.get_by_role("heading").inner_text() == "EQUASS sertifikatas"
    ours = items.nth(10)
    assert ours.get_by_role("heading").inner_text() == TITLE
    expect(ours).to_contain_text("įsakymu Nr. V-140")
    assert_no_axe_violations(visitor)
    with visitor.expect_download() as download_info:
        # The hidden part of the name tells screen-reader users which document (Chrome reads "PDF : title").
        ours.get_by_role("link", name=re.compile(rf"^Atsisiųsti PDF\s*:\s*{TITLE}$")).click()
    download = download_info.value
    assert download.suggested_filename == f"{TITLE} v1.pdf"
    with open(download.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert TITLE in text or TITLE.upper() in text, text[:500]

    ours.get_by_role("link", name=re.compile(rf"^Skaityti\s*:\s*{TITLE}$")).click()
    assert visitor.get_by_role("heading", level=1).inner_text() == TITLE
    assert_no_axe_violations(visitor)
    visitor.get_by_role("link", name="English").click()
    assert visitor.get_by_role("link", name="All quality documents").is_visible()

    phone = new_context(viewport=PHONE).new_page()
    phone.goto("/p/klaipeda/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(phone)


def test_staff_confirm_reading_from_my_work_and_the_coordinator_sees_coverage_and_versions(
    demo, new_context, login, assert_no_axe_violations
):
    from playwright.sync_api import expect

    staff = new_context().new_page()
    login(staff, "darbuotojas@klaipeda.demo", PASSWORD)
    staff.goto("/me/work/")
    staff.get_by_role("link", name="Kokybės politika").click()
    expect(staff.locator(".messages, main")).to_contain_text("Jūsų prašoma perskaityti šią versiją")
    assert_no_axe_violations(staff)
    staff.get_by_role("button", name="Perskaičiau ir supratau").click()
    expect(staff.locator(".messages")).to_contain_text("patvirtinote, kad perskaitėte ir supratote")

    coordinator = new_context().new_page()
    login(coordinator, COORDINATOR, PASSWORD)
    coordinator.goto("/o/klaipeda/documents/acknowledgements/")
    assert_no_axe_violations(coordinator)
    coordinator.locator("#per-document-title + .table-wrap").get_by_role("link", name="Kokybės politika").click()
    row = coordinator.get_by_role("row", name=re.compile("Laura Stankevičienė"))
    expect(row).to_contain_text("Patvirtino")
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("button", name=re.compile("^Priminti")).click()
    expect(coordinator.locator(".messages")).to_contain_text("Priminimas išsiųstas")

    # The complaints procedure's two versions: the reply deadline changed after the external audit.
    coordinator.goto("/o/klaipeda/documents/?q=skundu")
    coordinator.get_by_role("link", name="Skundų nagrinėjimo tvarka").click()
    coordinator.get_by_role("link", name="Lyginti versijas").click()
    expect(coordinator.locator("ol.diff del")).to_contain_text("20 darbo dienų")
    expect(coordinator.locator("ol.diff ins")).to_contain_text("15 darbo dienų")
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("link", name="Apie dokumentą").click()
    coordinator.get_by_role("link", name=re.compile(r"^Skaityti\s+v1$")).click()
    expect(coordinator.locator(".banner")).to_contain_text("Ši versija nebegalioja")
    assert_no_axe_violations(coordinator)


def test_the_coordinator_adds_an_own_document_type_and_the_checklist_asks_for_it(
    transactional_db, new_context, login, assert_no_axe_violations
):
    from kokybe.test import PASSWORD as CAST_PASSWORD
    from kokybe.test import make_cast

    cast = make_cast()
    page = new_context().new_page()
    login(page, cast.jonas.email, CAST_PASSWORD)
    page.goto(f"/o/{cast.alfa.slug}/documents/checklist/")
    with page.expect_navigation():
        page.get_by_role("link", name="Dokumentų tipai", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dokumentų tipai"
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Naujas dokumento tipas").click()
    assert_no_axe_violations(page)
    page.get_by_label("Pavadinimas (lietuvių k.)").fill("Savanorystės tvarka")
    page.get_by_label("Peržiūros dažnumas (mėnesiais)").fill("0")
    page.get_by_label("Privalomas sąraše").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugoti").click()
    assert "Pasirinkite nuo 1 iki 120 mėnesių." in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Peržiūros dažnumas (mėnesiais)").fill("24")
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugoti").click()
    assert "Dokumento tipas „Savanorystės tvarka“ sukurtas." in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.goto(f"/o/{cast.alfa.slug}/documents/checklist/")
    required = page.get_by_role("region", name="Privalomi dokumentai")
    assert required.get_by_role("link", name="Pradėti „Savanorystės tvarka“").count() == 1
    assert_no_axe_violations(page)
