"""An internal audit walked in a real browser at phone width: planned, recorded indicator by indicator in on-site
mode, a nonconformity turned into an improvement action, closed, and its report downloaded and read; axe-core on
every page visited."""

import io
import shutil
import subprocess

import pytest

from actions.models import ImprovementAction
from assessments.models import IndicatorAnswer
from assessments.tests.factories import make_assessment, make_version
from audits.models import Audit, AuditFinding, ChecklistItem
from kokybe.test import PASSWORD, make_cast
from orgs.roles import Role

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    cast = make_cast()
    version = make_version()
    cycle = make_assessment(cast, version, title="Įsivertinimas 2026")
    IndicatorAnswer.objects.filter(assessment=cycle, indicator__code="1.1.1").update(
        rating="partly", narrative="Etikos kodeksas patvirtintas, bet ne visi darbuotojai supažindinti."
    )
    return cast


def report_text(content):
    from docx import Document

    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_internal_auditor_runs_an_audit_on_a_phone(world, new_context, login, assert_no_axe_violations, tmp_path):
    auditor = world.users[Role.INTERNAL_AUDITOR]
    page = new_context(viewport=PHONE).new_page()
    login(page, auditor.email, PASSWORD)
    slug = world.alfa.slug

    # Plan
    page.goto(f"/o/{slug}/audits/")
    assert page.get_by_role("heading", level=1).inner_text() == "Auditai"
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Planuoti vidaus auditą").click()
    assert_no_axe_violations(page)
    page.get_by_label("Pavadinimas").fill("Vidaus auditas 2026")
    page.get_by_label("Kokybės sistema").select_option(index=1)
    page.get_by_label("Įsivertinimas").select_option(label="Įsivertinimas 2026")
    page.get_by_label("1. Principas 1").check()
    page.get_by_label("Pradžios data").fill("2026-12-10")
    page.get_by_label("Vadovaujantysis auditorius").select_option(label="Ingrida Ingridaitė")
    page.get_by_label("Jonas Jonaitis").check()
    page.get_by_label("Metodas").fill("Dokumentų peržiūra, pokalbiai su darbuotojais ir paslaugų gavėjais.")
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugoti").click()
    audit = Audit.objects.get()
    assert path_of(page) == f"/o/{slug}/audits/{audit.pk}/"
    assert page.locator(".messages").inner_text() == "Auditas suplanuotas."
    assert_no_axe_violations(page)

    # On-site mode: the first indicator, with the self-assessment beside it
    with page.expect_navigation():
        page.get_by_role("link", name="Darbas vietoje").click()
    assert page.get_by_text("Rodiklis 1 iš 4").is_visible()
    assert_no_axe_violations(page)
    page.locator("summary", has_text="Įsivertinimas: Iš dalies atitinka").click()
    assert page.get_by_text("ne visi darbuotojai supažindinti").is_visible()

    # Each entry is saved as it is made (htmx, one field at a time).
    def saved(field, action):
        def is_save(response):
            return "/save/" in response.url and f"field={field}" in (response.request.post_data or "")

        with page.expect_response(is_save) as response:
            action()
        assert response.value.status == 200
        assert len(response.value.request.post_data or "") < 200  # small payloads for slow connections

    saved("verdict", lambda: page.get_by_label("Neatitinka").check())
    page.locator("#save-status").get_by_text("Išsaugota").wait_for()
    page.get_by_label("Auditoriaus pastaba").fill("2 iš 5 naujų darbuotojų nepasirašė supažindinimo lapo.")
    # Ticking a box takes the focus from the note, which is saved as it loses it.
    saved("note", lambda: page.get_by_label("Darbuotojai").check())
    page.get_by_label("Patikrinti įrodymai").fill("Supažindinimo lapai, mokymų registras")
    saved("evidence_checked", lambda: page.get_by_label("Patikrinti įrodymai").blur())
    item = ChecklistItem.objects.get(audit=audit, indicator__code="1.1.1")
    assert item.verdict == "not_conforms" and item.interviewed == ["staff"]
    assert item.note.startswith("2 iš 5") and item.evidence_checked.startswith("Supažindinimo")

    # A finding on this indicator, then its improvement action in one click
    page.locator("summary", has_text="Įrašyti radinį").click()
    page.get_by_label("Rūšis").select_option(label="Nedidelė neatitiktis")
    page.get_by_label("Radinys:", exact=True).fill("Ne visi nauji darbuotojai supažindinti su etikos kodeksu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Įrašyti radinį").click()
    assert page.locator(".messages").inner_text() == "Radinys 1 įrašytas."
    assert page.get_by_text("Ne visi nauji darbuotojai supažindinti su etikos kodeksu.").is_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Sukurti tobulinimo veiksmą pagal radinį 1").click()
    assert "Pagal radinį sukurtas tobulinimo veiksmas Nr. 1." in page.locator(".messages").inner_text()
    action = ImprovementAction.objects.get()
    assert action.source_object == AuditFinding.objects.get()
    assert page.get_by_role("link", name=f"#{action.number} {action.title}").is_visible()

    # Next indicator, recorded without waiting for the autosave: the form itself saves on "Next"
    with page.expect_navigation():
        page.get_by_role("button", name="Kitas →").click()
    assert page.get_by_text("Rodiklis 2 iš 4").is_visible()
    page.get_by_label("Atitinka", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kitas →").click()
    assert ChecklistItem.objects.get(audit=audit, indicator__code="1.1.2").verdict == "conforms"
    assert_no_axe_violations(page)

    # Close the audit
    page.goto(f"/o/{slug}/audits/{audit.pk}/")
    assert page.get_by_text("Vykdoma").first.is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Užbaigti auditą").click()
    assert_no_axe_violations(page)
    page.get_by_label("Išvada").fill("Kokybės sistema veikia; nustatyta 1 nedidelė neatitiktis.")
    with page.expect_navigation():
        page.get_by_role("button", name="Užbaigti auditą").click()
    assert "Auditas užbaigtas." in page.locator(".messages").inner_text()
    assert_no_axe_violations(page)
    audit.refresh_from_db()
    assert audit.status == "closed"

    # The checklist page, read-only now
    page.goto(f"/o/{slug}/audits/{audit.pk}/checklist/")
    assert_no_axe_violations(page)

    # Download the report and read it
    page.goto(f"/o/{slug}/audits/{audit.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="DOCX").click()
    path = tmp_path / "ataskaita.docx"
    download_info.value.save_as(path)
    text = report_text(path.read_bytes())
    for expected in [
        "Audito ataskaita",
        "Vidaus auditas 2026",
        "Ingrida Ingridaitė",
        "Jonas Jonaitis",
        "Dokumentų peržiūra, pokalbiai su darbuotojais ir paslaugų gavėjais.",
        "1. Principas 1",
        "Radinys 1 · Nedidelė neatitiktis",
        "Ne visi nauji darbuotojai supažindinti su etikos kodeksu.",
        f"Nr. {action.number} {action.title}",
        "Kokybės sistema veikia; nustatyta 1 nedidelė neatitiktis.",
    ]:
        assert expected in text, expected

    if shutil.which("pdftotext"):
        with page.expect_download() as pdf_info:
            page.get_by_role("link", name="PDF").click()
        pdf_path = tmp_path / "ataskaita.pdf"
        pdf_info.value.save_as(pdf_path)
        pdf_text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, check=True).stdout.decode()
        assert "Ne visi nauji darbuotojai supažindinti" in pdf_text


def test_certification_pages_and_the_auditors_granted_pages_are_accessible(
    transactional_db, new_context, login, assert_no_axe_violations
):
    from audits import services
    from audits.tests.factories import world as audit_world

    cast = make_cast()
    w = audit_world(cast)["alfa"]
    slug = cast.alfa.slug
    # Findings resting on a document, on the internal audit's pages and on the auditor's granted page.
    for audit, kind in ((w["internal"], "observation"), (w["external"], "recommendation")):
        services.finding_create(
            audit=audit, kind=kind, text="Politika neperžiūrėta.", documents=[(w["document"], None)], by=cast.jonas
        )
    page = new_context().new_page()
    login(page, cast.jonas.email, PASSWORD)
    for path in [
        f"/o/{slug}/",
        f"/o/{slug}/audits/{w['internal'].pk}/",
        f"/o/{slug}/audits/{w['internal'].pk}/findings/{w['finding'].pk}/",
        f"/o/{slug}/audits/{w['internal'].pk}/checklist/",
        f"/o/{slug}/audits/{w['internal'].pk}/close/",
        f"/o/{slug}/audits/{w['external'].pk}/",
        f"/o/{slug}/audits/new/external/",
        f"/o/{slug}/audits/certificates/",
        f"/o/{slug}/audits/certificates/new/",
        f"/o/{slug}/audits/certificates/{w['certificate'].pk}/",
        f"/o/{slug}/audits/access/",
        f"/o/{slug}/audits/access/new/",
        f"/o/{slug}/audits/progress/",
        f"/o/{slug}/audits/progress/{w['report'].pk}/",
        f"/o/{slug}/audits/progress/{w['report'].pk}/edit/",
        f"/o/{slug}/audits/reviews/",
        f"/o/{slug}/audits/reviews/new/",
        f"/o/{slug}/audits/reviews/{w['review'].pk}/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(page)

    auditor = new_context(viewport=PHONE).new_page()
    login(auditor, cast.users[Role.EXTERNAL_AUDITOR].email, PASSWORD)
    for path in [f"/o/{slug}/", f"/o/{slug}/audits/granted/", f"/o/{slug}/audits/granted/{w['grant'].pk}/"]:
        response = auditor.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(auditor)
    auditor.get_by_role("button", name="Meniu").click()  # the module menu is folded on a phone
    assert auditor.get_by_role("link", name="Audito medžiaga", exact=True).count() == 1  # the module nav
    with auditor.expect_navigation():
        documents = auditor.get_by_role("region", name="Dokumentai", exact=True)
        documents.get_by_role("link", name=w["document"].title, exact=True).click()
    assert "Mes teikiame kokybiškas paslaugas." in auditor.locator("main").inner_text()
    assert_no_axe_violations(auditor)

    # The document a finding of the granted audit rests on downloads through the grant (a logged read).
    auditor.go_back()
    findings = auditor.get_by_role("region", name=f"Radiniai: {w['external'].title}")
    with auditor.expect_download() as download:
        findings.get_by_role("link", name=w["document"].title, exact=True).click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
