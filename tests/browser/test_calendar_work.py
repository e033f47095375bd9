"""The quality calendar, My work, notifications and the calendar feed in a real browser, axe-core on every page.

The Klaipėda coordinator opens the calendar from the module menu, goes back to February 2019 (her centre's real
coordinator training), filters the list to the 2020 external audit, adds a milestone for a colleague, and makes her
private calendar address; the colleague sees the notification and the milestone in My work.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser

COORDINATOR = "koordinatorius@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"
PASSWORD = "demo"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command's table is not wanted here


def test_coordinator_uses_the_calendar_and_a_colleague_sees_it_in_my_work(
    demo, new_context, login, assert_no_axe_violations
):
    from playwright.sync_api import expect

    page = new_context().new_page()
    login(page, COORDINATOR, PASSWORD)
    page.get_by_role("navigation", name="Moduliai").get_by_role("link", name="Kalendorius").click()
    assert path_of(page) == "/o/klaipeda/actions/calendar/"
    assert page.get_by_role("heading", level=1).inner_text() == "Kokybės kalendorius"
    assert_no_axe_violations(page)

    page.goto("/o/klaipeda/actions/calendar/2019/2/")
    grid = page.locator("table.month-grid")
    assert grid.locator("caption").inner_text() == "2019 m. vasaris"
    assert grid.locator("thead th").first.inner_text() == "Pr"
    assert grid.get_by_role("link", name="EQUASS koordinatorių mokymai").count() == 2  # 19 and 20 February
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Kitas mėnuo").click()  # htmx swaps the grid and pushes the address
    page.wait_for_url("**/calendar/2019/3/")
    assert page.locator("table.month-grid caption").inner_text() == "2019 m. kovas"
    assert page.get_by_role("link", name="EQUASS konsultanto įvadinis vizitas").is_visible()

    page.get_by_role("link", name="Įvykių sąrašas").click()
    page.get_by_label("Rodyti").select_option("all")
    page.get_by_label("Rūšis").select_option("external_audit")
    page.get_by_label("Metai").select_option("2020")
    page.get_by_role("button", name="Taikyti filtrus").click()
    page.wait_for_url("**year=2020**")
    rows = page.locator("#milestone-results tbody tr")
    assert rows.count() == 1 and "Išorės auditas (I)" in rows.first.inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Naujas įvykis").click()
    assert_no_axe_violations(page)
    when = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Rūšis").select_option("training")
    page.get_by_label("Pavadinimas").fill("Skundų nagrinėjimo mokymai")
    page.get_by_label("Pradžios data").fill(when.isoformat())
    page.get_by_label("Atsakingas asmuo").select_option(label="Laura Stankevičienė")
    page.get_by_role("button", name="Išsaugoti").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Skundų nagrinėjimo mokymai"
    assert_no_axe_violations(page)

    page.goto("/me/work/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Prenumeruoti savo kalendoriuje").click()
    page.get_by_role("button", name="Sukurti mano kalendoriaus adresą").click()
    address = page.get_by_label("Jūsų kalendoriaus adresas").input_value()
    assert_no_axe_violations(page)
    feed = page.request.get(address)
    assert feed.ok and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")}
    assert any(t.startswith("Skundų nagrinėjimo mokymai") for t in titles)

    colleague = new_context().new_page()
    login(colleague, STAFF, PASSWORD)
    header = colleague.locator("#notifications-link")
    unread = int(re.search(r"\((\d+) ", header.inner_text()).group(1))
    header.click()
    # Owning an action and being responsible for a milestone read alike in Lithuanian: the title tells them apart.
    note = (
        colleague.locator("li.unread")
        .filter(has_text="Giedrė Jankauskienė paskyrė jus atsakingu asmeniu")
        .filter(has_text="Skundų nagrinėjimo mokymai")
    )
    assert note.count() == 1
    assert_no_axe_violations(colleague)
    note.get_by_role("button", name="Pažymėti kaip perskaitytą").click()  # htmx: the list and the header count
    expect(header).to_have_text(re.compile(rf"\({unread - 1} ") if unread > 1 else "Pranešimai")
    colleague.get_by_role("link", name="Mano darbai").click()
    assert colleague.get_by_role("link", name="Skundų nagrinėjimo mokymai").is_visible()
    assert_no_axe_violations(colleague)


def test_on_a_phone_the_month_is_an_agenda_of_its_busy_days(demo, new_context, login, assert_no_axe_violations):
    page = new_context(viewport=PHONE).new_page()
    login(page, COORDINATOR, PASSWORD)
    page.goto("/o/klaipeda/actions/calendar/2019/2/")
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    training = page.get_by_role("link", name="EQUASS koordinatorių mokymai")
    assert training.first.is_visible()
    # Only the days with something on them; the empty ones and January's and March's are left out.
    shown = page.locator("table.month-grid td:visible .day-number time")
    assert shown.all_inner_texts() == ["7", "19", "20", "28"]
    assert "antradienis" in page.locator("table.month-grid td:visible").nth(1).inner_text()  # 2019-02-19: Tuesday
    assert_no_axe_violations(page)
    page.goto("/o/klaipeda/actions/calendar/2031/7/")
    assert page.get_by_text("Šį mėnesį nėra nei suplanuotų įvykių, nei veiksmų terminų.").is_visible()
    assert_no_axe_violations(page)


def test_staff_land_on_my_work_which_is_a_list_that_fits_a_phone(demo, new_context, login, assert_no_axe_violations):
    page = new_context(viewport=PHONE).new_page()
    login(page, STAFF, PASSWORD)
    assert path_of(page) == "/me/work/"
    items = page.locator("ul.my-work > li")
    assert items.count() >= 1 and page.locator("main table").count() == 0
    assert items.first.get_by_role("link").is_visible()
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert_no_axe_violations(page)


def test_the_coordinator_sees_what_waits_for_her_on_the_dashboard_on_a_phone(
    demo, new_context, login, assert_no_axe_violations
):
    page = new_context(viewport=PHONE).new_page()
    login(page, COORDINATOR, PASSWORD)
    page.goto("/o/klaipeda/")
    card = page.locator("section.waiting")
    assert card.get_by_role("heading", level=2).inner_text().startswith("Laukia jūsų")
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert_no_axe_violations(page)
