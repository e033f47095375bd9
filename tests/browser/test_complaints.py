"""Complaints in a real browser, on the demo's Klaipėda register.

A service user files an easy-read complaint on a phone by tapping (no mouse, no account) and gets a tracking code;
the coordinator decides it, publishes the reply and makes an improvement action; the person reads the reply by the
code. axe-core runs on every page visited.
"""

import re

import pytest

from kokybe.lib.demo import DemoContext

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser

COORDINATOR = "koordinatorius@klaipeda.demo"


@pytest.fixture
def register(transactional_db):
    from complaints import demo as complaints_demo
    from orgs import demo as orgs_demo

    ctx = DemoContext()
    for module in (orgs_demo, complaints_demo):
        module.load(ctx)
    return ctx.orgs["klaipeda"]


def fits(page):
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_easy_read_complaint_on_a_phone_to_a_reply_read_by_tracking_code(
    register, new_context, login, assert_no_axe_violations
):
    from complaints.models import Complaint

    phone = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    phone.goto(f"/p/{register.slug}/complaints/easy/1/")
    assert fits(phone)
    assert_no_axe_violations(phone)
    phone.get_by_text("Kažkas negerai. Aš skundžiuosi.").tap()
    phone.get_by_role("button", name="Toliau").tap()
    phone.wait_for_url("**/easy/2/")
    phone.get_by_label("Papasakokite, kas nutiko. Rašykite savais žodžiais.").fill("Vakarienė buvo šalta.")
    assert_no_axe_violations(phone)
    phone.get_by_role("button", name="Toliau").tap()
    phone.wait_for_url("**/easy/3/")
    phone.get_by_text("Ne. Nenoriu sakyti savo vardo.").tap()
    phone.get_by_role("button", name="Toliau").tap()
    phone.wait_for_url("**/easy/4/")
    phone.get_by_role("button", name="Siųsti").wait_for()
    assert_no_axe_violations(phone)
    phone.get_by_role("button", name="Siųsti").tap()
    phone.wait_for_url("**/complaints/sent/")
    assert fits(phone)
    assert_no_axe_violations(phone)
    code = phone.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    complaint = Complaint.objects.get(description="Vakarienė buvo šalta.")
    assert complaint.identity == "anonymous" and complaint.channel == "easy_read"

    desk = new_context().new_page()
    login(desk, COORDINATOR, "demo")
    desk.goto(f"/o/{register.slug}/complaints/")
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name=complaint.number, exact=True).click()
    desk.wait_for_url(f"**/complaints/{complaint.uuid}/")
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name="Priimti sprendimą ir atsakyti").click()
    desk.wait_for_url("**/decide/")
    assert_no_axe_violations(desk)
    desk.locator("#id_conclusion").select_option("upheld")
    desk.locator("#id_reply").fill("Atsiprašome. Vakarienė dabar patiekiama šilta.")
    desk.locator("#id_reply_published").check()
    desk.get_by_role("button", name="Išsaugoti").click()
    desk.wait_for_url(f"**/complaints/{complaint.uuid}/")
    assert_no_axe_violations(desk)
    with desk.expect_download() as letter:
        desk.get_by_role("link", name="Atsakymo raštas (DOCX)").click()
    assert letter.value.suggested_filename.endswith(".docx")
    desk.get_by_role("button", name="Sukurti tobulinimo veiksmą").click()
    desk.wait_for_url("**/actions/*/")
    assert "/actions/" in path_of(desk)
    assert_no_axe_violations(desk)

    phone.goto(f"/p/{register.slug}/complaints/track/")
    assert_no_axe_violations(phone)
    phone.get_by_label("Sekimo kodas").fill(code.lower())
    phone.get_by_role("button", name="Rodyti").tap()
    phone.get_by_text("Vakarienė dabar patiekiama šilta.").wait_for()
    assert "Vakarienė buvo šalta." not in phone.content()
    assert fits(phone)
    assert_no_axe_violations(phone)


def test_a_forged_tracking_code_is_refused_with_a_translated_error(register, page, assert_no_axe_violations):
    page.goto(f"/p/{register.slug}/complaints/track/")
    page.get_by_label("Sekimo kodas").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Rodyti").click()
    page.get_by_text("Kreipimosi su tokiu sekimo kodu nėra.").wait_for()
    assert_no_axe_violations(page)
