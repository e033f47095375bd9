"""One improvement action walked in a real browser: create, comment with a mention, attach, move to verified effective."""

import pytest

from actions.models import ImprovementAction
from actions.tests.test_core_services import make_indicators
from kokybe.test import PASSWORD, make_cast

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    cast = make_cast()
    make_indicators(30, principles=10)
    return cast


def test_coordinator_takes_an_action_from_plan_to_verified_effective(
    world, new_context, login, assert_no_axe_violations, tmp_path
):
    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    slug = world.alfa.slug

    page.goto(f"/o/{slug}/actions/new/")
    assert page.get_by_role("heading", level=1).inner_text() == "Naujas tobulinimo veiksmas"
    assert_no_axe_violations(page)
    page.get_by_label("Pavadinimas").fill("Parengti skundų nagrinėjimo tvarką")
    page.get_by_label("Šaltinis").select_option("complaint")
    page.locator("summary", has_text="Principas 3").click()
    page.get_by_label("Rodiklis 3.1.1").check()
    page.get_by_label("Atsakingas asmuo").select_option(label="Rasa Rasaitė")
    page.get_by_label("Įvykdymo terminas").fill("2030-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Sukurti veiksmą").click()
    assert path_of(page) == f"/o/{slug}/actions/1/"
    assert page.get_by_role("status").inner_text().startswith("Tobulinimo veiksmas Nr. 1 sukurtas.")
    assert "3. Principas 3" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    # A comment goes in through htmx: the list grows without leaving the page.
    page.get_by_label("Komentaras").fill("@rasa, prašau pradėti nuo darbuotojų apklausos.")
    page.get_by_role("button", name="Pridėti komentarą").click()
    page.locator("#comments").get_by_text("Paminėti: Rasa Rasaitė").wait_for()
    assert page.locator("#comments").count() == 1
    assert page.get_by_label("Komentaras").input_value() == ""

    evidence = tmp_path / "Apklausos rezultatai.csv"
    evidence.write_text("Klausimas;Vidurkis\nAr žinote, kaip pateikti skundą?;4,6\n", encoding="utf-8")
    page.get_by_label("Failas").set_input_files(str(evidence))
    with page.expect_navigation():
        page.get_by_role("button", name="Įkelti").click()
    assert page.get_by_role("rowheader", name="Apklausos rezultatai.csv").is_visible()

    for button in ["Perkelti į būseną „Vykdoma“", "Perkelti į būseną „Įvykdyta“"]:
        with page.expect_navigation():
            page.get_by_role("button", name=button).click()
    assert_no_axe_violations(page)
    page.get_by_label("Veiksminga: problema išspręsta").check()
    page.get_by_label("Rezultatas ir įrodymai").fill("Skundai išnagrinėti per 10 d. d., apklausa 4,6.")
    with page.expect_navigation():
        page.get_by_role("button", name="Įrašyti patikrinimą").click()
    assert page.get_by_role("status").inner_text() == "Patikrinimas įrašytas."
    assert "Patikrinta – veiksminga" in page.locator("#status-title + p").inner_text()
    assert "Jonas Jonaitis pakeitė būseną." in page.locator("#history").inner_text()
    assert_no_axe_violations(page)
    assert ImprovementAction.objects.get().status == "effective"


def test_action_pages_are_accessible_on_a_phone(world, new_context, login, assert_no_axe_violations):
    from actions import services

    action = services.action_create(
        org=world.alfa, title="Atnaujinti etikos kodeksą", source="other", by=world.jonas, owner=world.rasa
    )
    page = new_context(viewport=PHONE).new_page()
    login(page, world.rasa.email, PASSWORD)
    for path in [f"{action.number}/", f"{action.number}/edit/", "new/"]:
        page.goto(f"/o/{world.alfa.slug}/actions/{path}")
        assert page.get_by_role("heading", level=1).count() == 1
        overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"actions/{path} scrolls sideways on a phone"
        assert_no_axe_violations(page)
