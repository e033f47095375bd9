"""The implementation plan walked in a real browser, with axe-core on every page visited.

The coordinator creates an action from the plan, finds it in My work, moves it through to "verified effective", sees it
on the plan and the timeline; then changes the due date of two actions at once and imports a plan from Excel.
"""

import io

import pytest
from openpyxl import Workbook

from actions import services
from actions.models import ImprovementAction, Status
from kokybe.test import PASSWORD, make_cast

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser

TITLE = "Atlikti darbuotojų pasitenkinimo apklausą"


@pytest.fixture
def world(transactional_db):
    return make_cast()


def test_action_from_the_plan_to_verified_effective_on_the_timeline_and_in_my_work(
    world, new_context, login, assert_no_axe_violations
):
    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    slug = world.alfa.slug

    page.goto(f"/o/{slug}/")
    with page.expect_navigation():
        page.locator(".module-nav").get_by_role("link", name="Diegimo planas").click()
    assert path_of(page) == f"/o/{slug}/actions/"
    assert page.get_by_role("heading", level=1).inner_text() == "Diegimo planas"
    assert "Pagal šiuos filtrus veiksmų nerasta." in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Naujas veiksmas").click()
    page.get_by_label("Pavadinimas").fill(TITLE)
    page.get_by_label("Šaltinis").select_option("survey")
    page.get_by_label("Atsakingas asmuo").select_option(label="Jonas Jonaitis")
    page.get_by_label("Pradžios data").fill("2026-01-05")
    page.get_by_label("Įvykdymo terminas").fill("2030-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Sukurti veiksmą").click()
    action = ImprovementAction.objects.get(title=TITLE)

    page.goto("/me/work/")
    assert page.get_by_role("link", name=TITLE).is_visible()
    assert_no_axe_violations(page)

    page.goto(f"/o/{slug}/actions/{action.number}/")
    for button in ["Perkelti į būseną „Vykdoma“", "Perkelti į būseną „Įvykdyta“"]:
        with page.expect_navigation():
            page.get_by_role("button", name=button).click()
    page.get_by_label("Veiksminga: problema išspręsta").check()
    page.get_by_label("Rezultatas ir įrodymai").fill("Apklausoje dalyvavo 87 % darbuotojų, rezultatai aptarti.")
    with page.expect_navigation():
        page.get_by_role("button", name="Įrašyti patikrinimą").click()
    action.refresh_from_db()
    assert action.status == Status.EFFECTIVE

    page.goto(f"/o/{slug}/actions/")
    row = page.get_by_role("row", name=TITLE)
    assert "Patikrinta – veiksminga" in row.inner_text() and "100 %" in row.inner_text()
    assert "Atlikta 1 iš 1 veiksmo" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Laiko juosta").click()
    assert path_of(page) == f"/o/{slug}/actions/timeline/"
    row = page.get_by_role("row", name=f"#{action.number} {TITLE}")
    assert "Patikrinta – veiksminga" in row.inner_text()
    assert row.locator(".tl-bar.status-effective").is_visible()
    assert page.get_by_text("Šiandien", exact=False).first.is_visible()
    assert_no_axe_violations(page)

    # Once verified it is no longer work to do.
    page.goto("/me/work/")
    assert page.get_by_role("link", name=TITLE).count() == 0


def test_coordinator_moves_two_due_dates_at_once_and_filters_without_reloading(
    world, new_context, login, assert_no_axe_violations
):
    for title in ("Pirmas veiksmas", "Antras veiksmas", "Trečias veiksmas"):
        services.action_create(org=world.alfa, title=title, source="other", by=world.jonas)
    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    page.goto(f"/o/{world.alfa.slug}/actions/")
    page.get_by_label("Pažymėti veiksmą Nr. 1").check()
    page.get_by_label("Pažymėti veiksmą Nr. 2").check()
    page.get_by_label("Naujas įvykdymo terminas").fill("2030-01-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Taikyti pažymėtiems").click()
    assert "Pakeisti 2 veiksmai." in page.get_by_role("status").inner_text()
    assert_no_axe_violations(page)
    due = dict(ImprovementAction.objects.values_list("number", "due_date"))
    assert [str(due[n]) for n in (1, 2)] == ["2030-01-31", "2030-01-31"] and due[3] is None

    # The filter form swaps only the results (htmx) and keeps the address shareable.
    page.get_by_label("Pavadinime yra").fill("Treč")
    page.get_by_role("button", name="Rodyti").click()
    page.wait_for_url("**q=Tre%C4%8D**")
    results = page.locator("#plan-results")
    results.get_by_role("link", name="Trečias veiksmas").wait_for()
    assert results.get_by_role("link", name="Pirmas veiksmas").count() == 0
    assert_no_axe_violations(page)


def _workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Pavadinimas", "Atsakingo asmens el. paštas", "Įvykdymo terminas"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_reports_problems_then_imports_the_corrected_plan(world, new_context, login, assert_no_axe_violations):
    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    page.goto(f"/o/{world.alfa.slug}/actions/plan/import/")
    assert_no_axe_violations(page)
    bad = _workbook([["Parengti etikos kodeksą", "nera@alfa.test", "2030-01-31"], ["", "", "2030-13-01"]])
    page.get_by_label("XLSX failas").set_input_files(
        files=[{"name": "planas.xlsx", "mimeType": "application/octet-stream", "buffer": bad}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Patikrinti ir importuoti").click()
    assert page.get_by_role("heading", name="Rastos 3 problemos").is_visible()
    assert_no_axe_violations(page)
    assert not ImprovementAction.objects.exists()

    good = _workbook([["Parengti etikos kodeksą", "rasa@alfa.test", "2030-01-31"], ["Atnaujinti chartiją", "", ""]])
    page.get_by_label("XLSX failas").set_input_files(
        files=[{"name": "planas.xlsx", "mimeType": "application/octet-stream", "buffer": good}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Patikrinti ir importuoti").click()
    assert path_of(page) == f"/o/{world.alfa.slug}/actions/"
    assert "Importuoti 2 veiksmai." in page.get_by_role("status").inner_text()
    assert ImprovementAction.objects.count() == 2


def test_plan_and_timeline_do_not_scroll_sideways_on_a_phone(world, new_context, login, assert_no_axe_violations):
    services.action_create(
        org=world.alfa, title="Atnaujinti etikos kodeksą", source="other", by=world.jonas, due_date=None
    )
    page = new_context(viewport=PHONE).new_page()
    login(page, world.rasa.email, PASSWORD)
    for path in ["", "timeline/"]:
        page.goto(f"/o/{world.alfa.slug}/actions/{path}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"actions/{path} scrolls sideways on a phone"
        assert_no_axe_violations(page)
