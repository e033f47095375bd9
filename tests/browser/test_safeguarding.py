"""Recording a safeguarding event on a 375 px phone with touch only — with and without JavaScript — and the lead
seeing it at once. axe-core on every page visited."""

import pytest

from .helpers import PHONE

pytestmark = pytest.mark.browser

PASSWORD = "password"
FACTS = "Berniukas pasakė, kad vyresnis kambario draugas atėmė jo pinigus ir sudavė"


@pytest.fixture
def alfa(transactional_db):
    from kokybe.test import make_cast
    from orgs.roles import Role
    from safeguarding.models import Lead

    cast = make_cast()
    Lead.objects.create(org=cast.alfa, user=cast.users[Role.UNIT_HEAD])
    return cast


def _record(page, assert_no_axe_violations=None):
    page.goto("/o/alfa/safeguarding/")
    if assert_no_axe_violations:
        assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Užregistruoti įvykį").tap()
    if assert_no_axe_violations:
        assert_no_axe_violations(page)
    page.locator("#id_type_0").tap()  # physical violence
    page.locator("#id_age_group_0").tap()  # child
    page.locator("#id_alleged_1").tap()  # another service user
    page.locator("#id_facts").tap()
    page.locator("#id_facts").fill(FACTS)
    with page.expect_navigation():
        page.get_by_role("button", name="Užregistruoti įvykį").tap()


def test_a_staff_member_records_an_event_on_a_phone_by_touch(alfa, new_context, login, assert_no_axe_violations):
    from safeguarding.models import Event

    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(page, "rasa@alfa.test", PASSWORD)
    _record(page, assert_no_axe_violations)
    event = Event.objects.get()
    assert page.url.endswith(event.get_absolute_url())
    assert FACTS in page.locator("main").inner_text()  # her own record
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_no_axe_violations(page)

    lead = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    login(lead, "ugne@alfa.test", PASSWORD)
    lead.goto("/me/notifications/")
    assert str(event) in lead.locator("main").inner_text()
    lead.goto("/o/alfa/safeguarding/")
    assert_no_axe_violations(lead)
    with lead.expect_navigation():
        lead.get_by_role("link", name=str(event)).tap()
    assert FACTS in lead.locator("main").inner_text()
    assert_no_axe_violations(lead)

    coordinator = new_context().new_page()
    login(coordinator, "jonas@alfa.test", PASSWORD)
    coordinator.goto(event.get_absolute_url())
    assert FACTS not in coordinator.content()
    assert_no_axe_violations(coordinator)


def test_recording_works_without_javascript(alfa, new_context, login):
    from safeguarding.models import Event

    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False).new_page()
    login(page, "rasa@alfa.test", PASSWORD)
    _record(page)
    assert Event.objects.get().facts == FACTS
