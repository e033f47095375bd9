"""Surveys in a real browser, on the demo's current Klaipėda survey.

A service user answers the easy-read form with the keyboard only (Tab, arrow keys, Enter), another on a phone by
tapping; the coordinator then finds both answers in the results. axe-core runs on every respondent and results page.
"""

import pytest

from kokybe.lib.demo import DemoContext
from surveys.models import Answer, Channel, Response

from .helpers import PHONE, path_of

pytestmark = pytest.mark.browser

COORDINATOR = "koordinatorius@klaipeda.demo"


@pytest.fixture
def survey(transactional_db):
    from orgs import demo as orgs_demo
    from programmes import demo as programmes_demo
    from surveys import demo as surveys_demo

    ctx = DemoContext()
    for module in (orgs_demo, programmes_demo, surveys_demo):
        module.load(ctx)
    return ctx.extra["current_survey"]


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement; const l = e.labels && e.labels[0];"
        " return [e.tagName, e.type || '', (l ? l.innerText : e.innerText || e.value || '').trim()]; }"
    )


def tab_to(page, tag, text="", limit=40):
    """Press Tab until the focused element is a `tag` whose text contains `text`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name, _type, label = focused(page)
        if name == tag and text in label:
            return
    raise AssertionError(f"Tab never reached a {tag} with “{text}”; last focus: {focused(page)}")


def progress(page):
    return page.locator(".easy-progress").inner_text()


def test_a_service_user_answers_the_easy_read_form_with_the_keyboard_only(survey, page, assert_no_axe_violations):
    before = set(Response.objects.filter(campaign=survey).values_list("pk", flat=True))
    page.goto(f"/s/{survey.public_slug}/")
    assert_no_axe_violations(page)
    tab_to(page, "A", "Lengvai suprantama forma")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page).endswith("/easy/1/")

    # First screen: which service (radio buttons); the arrow key picks the next one, Enter goes on.
    assert progress(page) == "Klausimas 1 iš 9"
    assert_no_axe_violations(page)
    tab_to(page, "INPUT")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Rating and yes/no screens: the last face is the happy one ("Taip"); → moves along the faces and picks.
    for step in range(2, 9):
        assert progress(page) == f"Klausimas {step} iš 9"
        faces = page.locator(".face-option").count()
        assert faces in (2, 3)
        tab_to(page, "INPUT")
        for _ in range(faces - 1):
            page.keyboard.press("ArrowRight")
        assert focused(page)[2].endswith("Taip")
        if step == 2:
            assert_no_axe_violations(page)  # a face screen with a choice made
        with page.expect_navigation():
            page.keyboard.press("Enter")

    # The free-text screen: type, then Tab to "Toliau".
    assert progress(page) == "Klausimas 9 iš 9"
    tab_to(page, "TEXTAREA")
    page.keyboard.type("Norėčiau daugiau išvykų")
    tab_to(page, "BUTTON", "Toliau")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Atsakėte į 9 iš 9 klausimų." in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    tab_to(page, "BUTTON", "Siųsti atsakymus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page).endswith("/thanks/")
    assert "Ačiū! Jūsų atsakymai gauti." in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    # Response ids are random (anonymity): the new response is the one that was not there before, not the "latest".
    (response,) = Response.objects.filter(campaign=survey).exclude(pk__in=before)
    assert response.channel == Channel.EASY_READ
    answers = {a.question.code: a for a in Answer.objects.filter(response=response).select_related("question")}
    assert answers["respect"].value == 5.0 and answers["overall"].value == 5.0  # happy face = the top point
    assert answers["complain-how"].value == 1.0 and answers["improve"].text == "Norėčiau daugiau išvykų"
    assert response.service is not None


def test_a_service_user_answers_on_a_phone_and_the_coordinator_sees_it(
    survey, new_context, login, assert_no_axe_violations
):
    from playwright.sync_api import expect

    phone = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    phone.goto(f"/s/{survey.public_slug}/easy/1/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(phone)
    phone.get_by_role("button", name="Toliau").tap()  # the service question may be skipped
    for _ in range(7):
        phone.locator("label.face-sad").tap()
        assert phone.locator("input[type=radio]:checked").count() == 1
        phone.get_by_role("button", name="Toliau").tap()
    phone.get_by_role("button", name="Toliau").tap()  # no text
    phone.get_by_role("button", name="Siųsti atsakymus").tap()
    phone.wait_for_url("**/thanks/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    phone.goto(f"/s/{survey.public_slug}/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(phone)

    answered = Response.objects.filter(campaign=survey).count()
    desk = new_context().new_page()
    login(desk, COORDINATOR, "demo")
    desk.get_by_role("navigation", name="Moduliai").get_by_role("link", name="Apklausos").click()
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name=survey.title, exact=True).click()
    assert_no_axe_violations(desk)
    desk.get_by_role("main").get_by_role("link", name="Rezultatai", exact=True).first.click()  # not the menu's Results
    stats = desk.locator(".stat-grid").inner_text()
    assert str(answered) in stats and "Lengvai suprantama forma" in stats
    assert desk.locator("svg.chart").first.is_visible()
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name="Rezultatai pagal grupes").click()
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name="Palyginimas per metus").click()
    expect(desk.locator("svg.chart").nth(2)).to_be_attached()  # three or more charts
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name="Santrauka įrodymams").click()
    assert_no_axe_violations(desk)


def test_the_programme_coordinator_reads_the_pooled_impact_study(survey, page, login, assert_no_axe_violations):
    from playwright.sync_api import expect

    from surveys.models import ProgrammeCampaign

    study = ProgrammeCampaign.objects.get(title__contains="2021-03: paslaugų gavėjai")
    login(page, "programa@valakupiai.demo", "demo")
    page.goto(f"/programmes/{study.programme_id}/surveys/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=study.title).click()
    text = page.locator("main").inner_text()
    assert "Klaipėdos miesto šeimos ir vaiko gerovės centras" in text and "Visagino socialinių paslaugų centras" in text
    assert_no_axe_violations(page)
    # One organisation beside the pool, chosen by its name; the spread across organisations needs five of them.
    results = page.get_by_role("region", name="Rezultatai: bendri ir tarp organizacijų")
    page.get_by_role("link", name="Klaipėdos miesto šeimos ir vaiko gerovės centras").click()
    expect(results.get_by_role("columnheader", name="Klaipėdos ŠVGC")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_pooled_impact_study_reads_on_a_phone(survey, new_context, login, assert_no_axe_violations):
    from surveys.models import ProgrammeCampaign

    study = ProgrammeCampaign.objects.get(title__contains="2021-03: paslaugų gavėjai")
    phone = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    login(phone, "programa@valakupiai.demo", "demo")
    phone.goto(study.get_absolute_url())
    # Dates and figures are one line each ("2021-03-01", "2 geriausi: 71 %"), never split inside.
    split = phone.evaluate(
        "() => [...document.querySelectorAll('main .nowrap')].filter(e => e.getClientRects().length > 1)"
        ".map(e => e.textContent)"
    )
    assert phone.locator("main .nowrap").count() > 10 and split == []
    # On a phone the facts stack: a value gets the whole width, not what its label leaves over.
    period = phone.locator(".study-facts dd").nth(2)
    assert period.bounding_box()["width"] > 300 and "2021-03-01" in period.inner_text()
    gap = phone.evaluate(
        "() => document.getElementById('pooled-title').getBoundingClientRect().top"
        " - document.querySelector('#orgs-title').closest('section').getBoundingClientRect().bottom"
    )
    assert gap >= 16
    assert "Laisvo teksto atsakymai bendruose rezultatuose nerodomi" in phone.locator("main").inner_text()
    assert_no_axe_violations(phone)
