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


def test_a_provider_applies_and_the_coordinator_accepts(demo, page, login, assert_no_axe_violations):
    from accounts.models import Invitation
    from orgs.models import Organisation
    from programmes.models import Application

    programme = demo.extra["programmes"]["07-008-P-0001"]
    page.goto("/programmes/apply/esf-equass/")
    assert_no_axe_violations(page)
    page.locator("#id_org_name").fill("Demo Molėtų socialinių paslaugų centras")
    page.locator("#id_company_code").fill("399 000 009")
    page.locator("#id_municipality").fill("Molėtų r. sav.")
    page.locator("#id_services").fill("Dienos socialinė globa\nPagalba į namus")
    page.locator("#id_contact_name").fill("Laima Demo")
    page.locator("#id_email").fill("bad-address")
    page.get_by_role("button", name="Siųsti paraišką").click()
    assert page.locator("[role=alert]").first.is_visible()  # a translated error, nothing stored
    assert_no_axe_violations(page)
    assert not Application.objects.filter(company_code="399000009").exists()
    page.locator("#id_email").fill("laima@moletai.demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Siųsti paraišką").click()
    assert "Paraiška išsiųsta" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    application = Application.objects.get(company_code="399000009")

    login(page, "programa@valakupiai.demo", "demo")
    page.goto(f"/programmes/{programme.pk}/applications/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Demo Molėtų socialinių paslaugų centras").click()
    page.wait_for_url(f"**/applications/{application.pk}/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Priimti paraišką").click()
    assert "dabar dalyvauja programoje" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    org = Organisation.objects.get(company_code="399000009")
    assert org.programme_participations.get().programme == programme
    assert Invitation.objects.get(org=org).email == "laima@moletai.demo"


def test_the_funder_viewer_makes_a_programme_token_and_reads_the_summary(demo, page, login, assert_no_axe_violations):
    from playwright.sync_api import expect

    programme = demo.extra["programmes"]["07-003-P-0001"]
    login(page, "finansuotojas@esfa.demo", "demo")
    page.goto(f"/programmes/{programme.pk}/api-tokens/")
    assert_no_axe_violations(page)
    page.get_by_label("Pavadinimas").fill("ESFA ataskaitos")
    page.get_by_role("button", name="Sukurti raktą").click()
    notice = page.locator("[role=status] code").first
    expect(notice).to_contain_text("kokp_")
    secret = notice.inner_text()
    expect(page.get_by_role("row", name="ESFA ataskaitos")).to_have_count(1)
    assert_no_axe_violations(page)
    headers = {"Authorization": f"Bearer {secret}"}
    assert page.request.get(f"/api/v1/programmes/{programme.pk}/summary", headers=headers).status == 200
    assert page.request.get(f"/api/v1/programmes/{programme.pk}/participants", headers=headers).status == 403


def test_the_coordinator_pushes_a_results_round_from_the_board_and_a_provider_answers(
    transactional_db, new_context, login, assert_no_axe_violations
):
    from django.utils import timezone
    from playwright.sync_api import expect

    from kokybe.test import PASSWORD, make_cast
    from programmes.models import ProgrammeParticipation, ProgrammeRound, Wave
    from programmes.tests.factories import cast_programme
    from results import library
    from results.models import Definition, Request
    from results.requests import offered_periods

    library.sync_shipped(Definition)  # the shipped library, in case a flush emptied it
    world = make_cast()
    programme = cast_programme(world)
    wave = Wave.objects.create(programme=programme, name="Pirmoji banga")
    ProgrammeParticipation.objects.filter(org=world.beta).update(wave=wave)
    turnover = Definition.objects.get(org__isnull=True, code="staff-turnover", version=1)

    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    page.goto(f"/programmes/{programme.pk}/board/")
    page.get_by_label("Banga").select_option(label="Pirmoji banga")
    page.get_by_role("button", name="Rodyti").click()
    page.wait_for_url("**wave=**")
    expect(page.locator("#board-rows [role=status]")).to_contain_text("1 ")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Siųsti užduotį šiems teikėjams").click()
    expect(page.get_by_text("Užduotį gaus 1 paslaugų teikėjas.")).to_be_visible()
    assert_no_axe_violations(page)
    period = offered_periods(timezone.localdate())[0][0]
    page.get_by_label("Ką gauna kiekvienas teikėjas").select_option(value=f"results:{period}")
    page.get_by_label(turnover.name_lt, exact=True).check()
    page.locator("#id_title").fill("Rezultatai programai")
    page.locator("#id_due_date").fill("2099-01-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Siųsti užduotį", exact=True).click()
    programme_round = ProgrammeRound.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rezultatai programai")
    assert_no_axe_violations(page)
    [request] = Request.objects.all()
    assert request.org == world.beta and programme_round.items.count() == 1

    answer = new_context().new_page()
    login(answer, world.petras.email, PASSWORD)
    answer.goto("/me/work/")
    with answer.expect_navigation():
        answer.get_by_role("link", name="Rezultatai programai").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Rezultatai programai")
    assert_no_axe_violations(answer)
    answer.locator(f"#id_value_{turnover.pk}").fill("12,5")
    answer.get_by_label("Pateikti šią reikšmę programai").check()
    with answer.expect_navigation():
        answer.get_by_role("button", name="Išsaugoti ir pateikti programai").click()
    expect(answer.get_by_role("heading", name="Pateikta programai")).to_be_visible()
    assert_no_axe_violations(answer)
    request.refresh_from_db()
    assert request.is_submitted and request.shared[0]["code"] == "staff-turnover"
    assert request.shared[0]["value"] in ("12.5", "12.5000")

    page.goto(f"/programmes/{programme.pk}/rounds/{programme_round.pk}/")
    expect(page.locator("tbody .light-done")).to_have_count(1)
    expect(page.get_by_role("link", name="Pateikta: 1")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_gantt_view_of_a_wave_is_drawn_without_javascript_and_passes_axe(
    transactional_db, new_context, login, assert_no_axe_violations
):
    from playwright.sync_api import expect

    from kokybe.test import PASSWORD, make_cast
    from programmes.tests.factories import cast_programme, cast_wave

    world = make_cast()
    programme = cast_programme(world)
    wave = cast_wave(world)
    url = f"/programmes/{programme.pk}/waves/{wave.pk}/gantt/"

    page = new_context().new_page()
    login(page, world.jonas.email, PASSWORD)
    page.goto(f"/programmes/{programme.pk}/board/")
    with page.expect_navigation():
        page.get_by_role("link", name="Pilotinė banga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ganto diagrama: Pilotinė banga")
    expect(page.locator("svg.gantt-row[role=img]")).to_have_count(2)
    expect(page.get_by_role("img", name=f"{world.beta.name}: pasiekta etapų – 0 iš 14", exact=False)).to_be_visible()
    assert_no_axe_violations(page)

    # The same page with scripts switched off: the chart and its table are there as they are.
    cookies = page.context.cookies()
    plain = new_context(java_script_enabled=False)
    plain.add_cookies(cookies)
    no_js = plain.new_page()
    no_js.goto(url)
    expect(no_js.locator("svg.gantt-row")).to_have_count(2)
    expect(no_js.get_by_role("heading", name="Datos lentelėje")).to_be_visible()
