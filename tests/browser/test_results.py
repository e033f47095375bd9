"""Results walked in a real browser: a coordinator adds an indicator from the library, enters values, sets targets,
sees the trend, reads the results sheet and downloads its PDF; axe-core on every page visited."""

import pytest

from kokybe.test import PASSWORD, make_cast, pdf_text
from results.models import Indicator, Value

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return make_cast()


def test_coordinator_adds_an_indicator_enters_values_and_downloads_the_sheet(
    world, new_context, login, assert_no_axe_violations
):
    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    slug = world.alfa.slug

    page.goto(f"/o/{slug}/results/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rezultatai"
    assert_no_axe_violations(page)
    page.goto(f"/o/{slug}/results/library/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Naudoti Darbuotojų kaita").click()
    assert_no_axe_violations(page)
    page.locator("select[name=owner]").select_option(label=str(world.rasa))
    page.locator("input[name=baseline_year]").fill("2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugoti").click()
    indicator = Indicator.objects.get(org=world.alfa)
    assert page.url.endswith(f"/results/{indicator.pk}/")
    assert_no_axe_violations(page)

    for period, value in (("2024", "11.5"), ("2025", "9"), ("2023", "13")):
        page.locator("#id_period").fill(period)
        page.locator("#id_value").fill(value)
        with page.expect_navigation():
            page.get_by_role("button", name="Išsaugoti reikšmę").click()
    assert Value.objects.filter(indicator=indicator).count() == 3
    page.locator("#id_targets").fill("2023: 12\n2024: 12\n2025: 10")
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugoti siekinius").click()
    chart = page.locator("svg.chart")
    assert chart.count() == 1 and "2025: 9" in chart.locator("desc").text_content()
    assert page.get_by_text("pasiektas siekinys").count() >= 1
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Patvirtinti 2024").click()
    assert Value.objects.get(indicator=indicator, period="2024").is_locked
    assert_no_axe_violations(page)

    page.goto(f"/o/{slug}/results/sheet/")
    assert page.get_by_role("heading", name="2. Personalas").count() == 1
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Atsisiųsti PDF").click()
    with open(download.value.path(), "rb") as saved:
        text = pdf_text(saved.read())
    assert "Darbuotojų kaita" in text and "Rezultatų suvestinė" in text
