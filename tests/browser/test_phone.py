"""Kokybė on a 375 px phone: a header that leaves the screen to the page, folded filters, no sideways scrolling,
and wide tables whose scroll boxes the keyboard can reach. axe-core on every page visited."""

import pytest
from django.core.management import call_command

from .helpers import PHONE

pytestmark = pytest.mark.browser

PASSWORD = "demo"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command's table is not wanted here


def overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_phone_pages_start_near_the_top_and_never_scroll_sideways(demo, new_context, login, assert_no_axe_violations):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(page, "koordinatorius@klaipeda.demo", PASSWORD)

    # The header is one row: brand, organisation, and a menu button that also carries the unread count.
    page.goto("/o/klaipeda/actions/")
    header = page.locator(".site-header").bounding_box()["height"]
    assert header <= PHONE["height"] / 10, f"the header takes {header}px of a {PHONE['height']}px screen"
    menu = page.get_by_role("button", name="Meniu")
    account = page.get_by_role("navigation", name="Paskyra").get_by_role("link", name="Mano darbai")
    assert not account.is_visible()
    menu.click()
    assert account.is_visible()
    menu.click()

    # The plan's filters start folded: the list is on the first screen, the filters a tap away.
    status = page.get_by_label("Būsena")
    assert not status.is_visible()
    page.locator("details.fold-narrow > summary").click()
    assert status.is_visible()
    assert overflow(page) <= 0
    assert_no_axe_violations(page)

    page.goto("/accounts/profile/")
    assert overflow(page) <= 0, "the profile page scrolls sideways on a phone"
    assert_no_axe_violations(page)


def test_a_wide_table_on_a_phone_is_a_scroll_box_the_keyboard_reaches(
    demo, new_context, login, assert_no_axe_violations
):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(page, "programa@valakupiai.demo", PASSWORD)
    page.goto("/programmes/")
    page.get_by_role("link", name="Socialinių paslaugų kokybės gerinimas, taikant EQUASS kokybės sistemą").click()
    page.wait_for_load_state()
    boxes = page.locator(".table-wrap")
    scrolling = [box for box in boxes.all() if box.evaluate("b => b.scrollWidth > b.clientWidth + 1")]
    assert scrolling, "the participants' table should be wider than a phone"
    for box in scrolling:
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label") or box.get_attribute("aria-labelledby")
    assert overflow(page) <= 0
    assert_no_axe_violations(page)  # includes "scrollable-region-focusable"

    # On a desktop the same table fits and is no extra tab stop.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(100)
    assert page.locator(".table-wrap[data-scrollbox]").count() == 0
