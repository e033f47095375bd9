"""The foundation walked in a real browser on the demo data, with axe-core on every page visited.

The Klaipėda coordinator logs in, sees her centre's dashboard in Lithuanian, switches to English and back, cannot see
the Visaginas centre, and invites a new colleague, who accepts in a second browser and lands on the dashboard.
"""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command

from orgs.demo import SERVICES, UNITS

from .helpers import PHONE, path_of, switch_language

pytestmark = pytest.mark.browser

COORDINATOR = "koordinatorius@klaipeda.demo"
PASSWORD = "demo"
KLAIPEDA = "Klaipėdos miesto šeimos ir vaiko gerovės centras"
NEWCOMER = "naujoji.darbuotoja@example.lt"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command's table is not wanted here


def services_card(page, name):
    # The card's heading, and so its region's name, is "Paslaugos (6)".
    return page.get_by_role("region", name=re.compile(f"^{name}"))


def test_coordinator_walks_dashboard_languages_and_invites_a_colleague(
    demo, new_context, login, assert_no_axe_violations
):
    page = new_context().new_page()
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "lt"
    assert_no_axe_violations(page)

    login(page, COORDINATOR, PASSWORD)
    assert path_of(page) == "/o/klaipeda/"
    assert page.locator("html").get_attribute("lang") == "lt"
    assert page.get_by_role("heading", level=1).inner_text() == KLAIPEDA
    services = services_card(page, "Paslaugos")
    assert services.get_by_role("listitem").count() == 6
    for name, _target_group, _unit in SERVICES["klaipeda"]:
        assert services.get_by_text(name, exact=True).is_visible()
    units = page.get_by_role("region", name="Padaliniai")
    for name, children in UNITS["klaipeda"]:
        for unit in (name, *children):
            assert units.get_by_text(unit, exact=True).is_visible()
    assert_no_axe_violations(page)

    switch_language(page, "en")
    assert path_of(page) == "/o/klaipeda/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert services_card(page, "Services").get_by_role("listitem").count() == 6
    assert_no_axe_violations(page)
    switch_language(page, "lt")
    assert page.locator("html").get_attribute("lang") == "lt"
    assert services_card(page, "Paslaugos").is_visible()
    assert_no_axe_violations(page)

    # The other demo centre exists, but not for her.
    response = page.goto("/o/visaginas/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "lt"
    assert_no_axe_violations(page)

    page.goto("/o/klaipeda/")
    with page.expect_navigation():
        page.locator('.module-nav a[href="/o/klaipeda/invitations/"]').click()
    assert path_of(page) == "/o/klaipeda/invitations/"
    assert_no_axe_violations(page)
    page.locator("#id_email").fill(NEWCOMER)
    page.locator("#id_role").select_option("staff")
    with page.expect_navigation():
        page.locator("main form").filter(has=page.locator("#id_email")).locator("button[type=submit]").click()
    assert page.get_by_role("row", name=re.compile(re.escape(NEWCOMER))).is_visible()
    assert_no_axe_violations(page)

    # The demo data may have mailed others (e.g. the external auditor's grant); exactly one mail is the invitation.
    invitations = [m for m in mail.outbox if m.to == [NEWCOMER]]
    assert len(invitations) == 1
    link = re.search(r"https?://\S+/accounts/invite/\S+/", invitations[0].body).group(0)

    # The newcomer, in a browser of her own.
    newcomer = new_context().new_page()
    newcomer.goto(urlparse(link).path)
    assert KLAIPEDA in newcomer.get_by_role("heading", level=1).inner_text()
    assert_no_axe_violations(newcomer)
    newcomer.locator("#id_full_name").fill("Eglė Naujokė")
    newcomer.locator("#id_password1").fill("Kokybe-ir-gerove-2026")
    newcomer.locator("#id_password2").fill("Kokybe-ir-gerove-2026")
    with newcomer.expect_navigation():
        newcomer.locator("main form button[type=submit]").click()
    assert path_of(newcomer) == "/o/klaipeda/", newcomer.locator("main").inner_text()
    assert newcomer.get_by_role("heading", level=1).inner_text() == KLAIPEDA
    assert newcomer.locator(".site-header").get_by_text("Eglė").is_visible()
    assert_no_axe_violations(newcomer)

    # The coordinator sees the new member on the dashboard.
    page.goto("/o/klaipeda/")
    members = page.get_by_role("region", name=re.compile("^Nariai"))
    assert members.get_by_role("listitem").filter(has_text="Eglė Naujokė").is_visible()
    assert_no_axe_violations(page)


def test_dashboard_fits_a_phone(demo, new_context, login, assert_no_axe_violations):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(page, COORDINATOR, PASSWORD)
    assert path_of(page) == "/o/klaipeda/"
    assert services_card(page, "Paslaugos").get_by_role("listitem").count() == 6
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the dashboard is {overflow}px wider than a {PHONE['width']}px phone screen"
    assert_no_axe_violations(page)

    # The module menu is folded behind one button, so the page starts near the top of the screen.
    menu = page.get_by_role("button", name="Meniu")
    calendar = page.get_by_role("navigation", name="Moduliai").get_by_role("link", name="Kalendorius")
    assert menu.get_attribute("aria-expanded") == "false" and not calendar.is_visible()
    folded_top = page.locator("main").bounding_box()["y"]
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and calendar.is_visible()
    assert page.locator("main").bounding_box()["y"] > folded_top + 150  # the 14 links it keeps out of the way
    assert_no_axe_violations(page)
    with page.expect_navigation():
        calendar.click()
    assert path_of(page) == "/o/klaipeda/actions/calendar/"


def test_the_module_menu_stays_open_on_a_desktop(demo, new_context, login):
    page = new_context().new_page()
    login(page, COORDINATOR, PASSWORD)
    assert not page.get_by_role("button", name="Meniu").is_visible()
    assert page.get_by_role("navigation", name="Moduliai").get_by_role("link", name="Kalendorius").is_visible()
