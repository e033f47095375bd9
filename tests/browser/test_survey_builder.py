"""The questionnaire builder in a real browser: a coordinator builds a small questionnaire with a conditional
question, reorders with htmx, previews it as a respondent and activates it; axe-core on the builder and the preview."""

import pytest

from kokybe.test import PASSWORD, make_cast
from surveys.models import InstrumentVersion

from .helpers import path_of, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(transactional_db):
    return make_cast()


def save(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def add_question(page, section, code, kind, text_lt, text_en):
    page.get_by_role("link", name=f"Pridėti klausimą į {section} skyrių").click()
    page.locator("#id_code").fill(code)
    page.locator("#id_type").select_option(kind)
    page.locator("#id_text_lt").fill(text_lt)
    page.locator("#id_text_en").fill(text_en)


def order(page):
    return page.eval_on_selector_all(".builder-questions > li", "items => items.map(li => li.id)")


def test_a_coordinator_builds_previews_and_activates_a_questionnaire(cast, page, login, assert_no_axe_violations):
    from playwright.sync_api import expect

    login(page, cast.jonas.email, PASSWORD)
    page.goto("/o/alfa/surveys/questionnaires/")
    page.get_by_role("link", name="Naujas klausimynas").click()
    page.locator("#id_code").fill("lankytoju-apklausa")
    page.locator("#id_title_lt").fill("Lankytojų apklausa")
    page.locator("#id_title_en").fill("Visitors' survey")
    page.locator("#id_audience").select_option("carers")
    save(page, "Sukurti klausimyną")
    assert path_of(page).endswith("/build/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Pridėti skyrių").click()
    page.locator("#id_title_lt").fill("Lankymasis")
    page.locator("#id_title_en").fill("Visits")
    save(page, "Išsaugoti")

    add_question(page, 1, "lankesi", "yes_no", "Ar lankėtės pas mus šiais metais?", "Did you visit us this year?")
    save(page, "Išsaugoti klausimą")
    add_question(page, 1, "priemimas", "likert", "Mus priėmė maloniai.", "We were welcomed kindly.")
    page.locator("#id_show_if summary").first.click()
    page.get_by_label("Taip").check()
    assert_no_axe_violations(page)  # the question form, with its answer rows and conditions
    save(page, "Išsaugoti klausimą")
    add_question(page, 1, "pastabos", "text", "Ką norėtumėte pasakyti?", "Anything to tell us?")
    save(page, "Išsaugoti klausimą")
    assert order(page) == ["q-lankesi", "q-priemimas", "q-pastabos"]
    assert "Rodomas tik tada, kai atsakymas į 1 klausimą yra: Taip" in page.locator("#q-priemimas").inner_text()

    # Reordering through htmx: the list changes in place and the focus stays on the button pressed.
    url = page.url
    page.locator("#move-up-q-pastabos").click()
    wait_until(page, "document.querySelectorAll('.builder-questions > li')[1].id === 'q-pastabos'")
    assert page.url == url and order(page) == ["q-lankesi", "q-pastabos", "q-priemimas"]
    assert page.evaluate("document.activeElement.id") == "move-up-q-pastabos"
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Peržiūra", exact=True).click()
    assert "Lankytojų apklausa" in page.locator("h1").inner_text()
    # The page's script hides the conditional question once it runs (without it, every question shows): wait for it.
    conditional = page.locator("#question-priemimas")
    expect(conditional).to_be_hidden()
    page.get_by_label("Taip").check()
    expect(conditional).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Siųsti atsakymus").click()
    assert "niekas neišsaugota" in page.locator("main").inner_text()
    page.get_by_role("link", name="Grįžti į klausimyną").click()

    save(page, "Aktyvinti")
    assert "Naudojama" in page.locator("main").inner_text()
    version = InstrumentVersion.objects.get(instrument__code="lankytoju-apklausa")
    assert version.status == "active" and path_of(page).endswith(f"/questionnaires/{version.pk}/")
    assert page.get_by_role("link", name="Vykdyti apklausą su šiuo klausimynu").is_visible()
