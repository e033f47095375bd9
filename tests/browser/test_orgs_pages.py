"""The organisation pages walked in a real browser, on a phone: units, services, members, activity log, settings."""

import pytest

from kokybe.test import PASSWORD, make_cast

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return make_cast()


def test_coordinator_adds_a_sub_unit_and_finds_it_in_the_activity_log(
    world, new_context, login, assert_no_axe_violations
):
    page = new_context(viewport=PHONE).new_page()
    login(page, world.jonas.email, PASSWORD)
    slug = world.alfa.slug

    page.goto(f"/o/{slug}/units/")
    assert page.get_by_role("heading", level=1).inner_text() == "Padaliniai"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Pridėti žemesnio lygio padalinį į „Pagalbos vaikams padalinys“").click()
    assert_no_axe_violations(page)
    page.get_by_label("Pavadinimas").fill("Dienos centras")
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugoti").click()
    assert path_of(page) == f"/o/{slug}/units/"
    assert page.get_by_role("rowheader", name="Dienos centras").is_visible()
    assert page.get_by_role("status").inner_text().startswith("Padalinys „Dienos centras“ sukurtas.")

    page.goto(f"/o/{slug}/activity/")
    assert_no_axe_violations(page)
    page.get_by_label("Veiksmas").select_option("created")
    page.get_by_role("button", name="Rodyti").click()
    page.wait_for_url("**verb=created**")
    results = page.locator("#activity-results")
    assert "1 įrašas" in results.inner_text()
    assert "Dienos centras" in results.inner_text()
    assert "Aukštesnis padalinys" in results.inner_text()
    assert page.locator("#activity-results").count() == 1  # htmx swapped the section, not nested it
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "path", ["", "units/", "services/", "members/", "activity/", "settings/", "services/new/", "units/new/"]
)
def test_organisation_pages_are_accessible_on_a_phone(world, new_context, login, assert_no_axe_violations, path):
    page = new_context(viewport=PHONE).new_page()
    login(page, world.ona.email, PASSWORD)
    page.goto(f"/o/{world.alfa.slug}/{path}")
    assert page.get_by_role("heading", level=1).count() == 1
    # Nothing wider than the phone except inside a scrollable table wrapper.
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, f"/{path} scrolls sideways on a phone"
    assert_no_axe_violations(page)
