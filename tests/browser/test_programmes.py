"""The programme console in a real browser, on the demo's ESF+ programme with ~300 providers.

The Valakupiai coordinator opens the milestone board and narrows it to the providers with a late milestone; axe-core
runs on the board before and after, and on the funder viewer's indicator page.
"""

import pytest

from kokybe.lib.demo import DemoContext

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    from orgs import demo as orgs_demo
    from programmes import demo as programmes_demo

    ctx = DemoContext()
    for module in (orgs_demo, programmes_demo):
        module.load(ctx)
    return ctx


def test_the_coordinator_filters_the_board_to_late_providers(demo, page, login, assert_no_axe_violations):
    from django.utils import timezone

    from programmes.models import Milestone

    programme = demo.extra["programmes"]["07-008-P-0001"]
    late = (
        Milestone.objects.filter(participation__programme=programme)
        .late(timezone.localdate())
        .values("participation")
        .distinct()
        .count()
    )
    assert 0 < late < 50  # one page of them
    login(page, "programa@valakupiai.demo", "demo")
    page.goto(f"/programmes/{programme.pk}/board/")
    assert_no_axe_violations(page)
    assert page.locator("#board-rows tbody tr").count() == 50  # a page of ~300
    page.get_by_label("Tik teikėjai, kurių etapas vėluoja").check()
    page.get_by_role("button", name="Rodyti").click()
    page.wait_for_url("**late=1**")
    rows = page.locator("#board-rows tbody tr")
    rows.first.wait_for()
    assert rows.count() == late
    for i in range(late):
        assert rows.nth(i).locator(".light-late").count() >= 1
    assert f"{late} paslaugų teik" in page.locator("#board-rows [role=status]").inner_text()
    assert_no_axe_violations(page)


def test_the_funder_viewer_sees_the_indicator_short_of_its_target(demo, page, login, assert_no_axe_violations):
    programme = demo.extra["programmes"]["07-003-P-0001"]
    login(page, "finansuotojas@esfa.demo", "demo")
    page.goto(f"/programmes/{programme.pk}/indicators/")
    assert "Įspėjimas:" in page.locator("[role=alert]").first.inner_text()
    assert_no_axe_violations(page)
    assert page.goto(f"/programmes/{programme.pk}/board/").status == 403  # the board is not for the funder
