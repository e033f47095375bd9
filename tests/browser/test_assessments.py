"""The self-assessment in a real browser: htmx autosave, the lost-update merge, gap → action; axe-core on each page."""

import re

import pytest

from assessments.models import IndicatorAnswer, Status
from assessments.tests.factories import answer_for, make_assessment, make_version
from kokybe.test import PASSWORD, make_cast

from .helpers import wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    cast = make_cast()
    cycle = make_assessment(cast, make_version(principles=3, criteria=2, indicators=2))
    return cast, cycle


def open_first_indicator(page, cycle, answer):
    page.goto(f"/o/alfa/assessments/{cycle.pk}/?open={answer.indicator.criterion.principle_id}")
    return page.locator(f"#i-{answer.pk}")


def test_rating_and_narrative_save_themselves(world, new_context, login, assert_no_axe_violations):
    cast, cycle = world
    answer = answer_for(cycle, "1.1.1")
    page = new_context().new_page()
    login(page, cast.rasa.email, PASSWORD)
    indicator = open_first_indicator(page, cycle, answer)
    assert_no_axe_violations(page)
    indicator.get_by_label("Atitinka", exact=True).check()
    status = page.locator(f"#st-{answer.pk}")
    status.get_by_text(re.compile(r"Išsaugota \d\d:\d\d")).wait_for()
    assert page.locator(f"#badge-{answer.pk}").inner_text() == "Atitinka"
    indicator.get_by_label("Kaip tai įgyvendiname").fill("Misija paskelbta svetainėje.")
    indicator.get_by_label("Numatomas terminas").focus()  # leaving the text area saves it
    wait_until(page, f"document.querySelector('#rev-{answer.pk}').value === '2'")
    answer.refresh_from_db()
    assert (answer.rating, answer.narrative, answer.revision) == ("met", "Misija paskelbta svetainėje.", 2)
    assert_no_axe_violations(page)


def test_a_later_save_shows_both_versions_and_mine_can_win(world, new_context, login, assert_no_axe_violations):
    cast, cycle = world
    answer = answer_for(cycle, "1.1.1")
    jonas = new_context().new_page()
    login(jonas, cast.jonas.email, PASSWORD)
    mine = open_first_indicator(jonas, cycle, answer)
    rasa = new_context().new_page()
    login(rasa, cast.rasa.email, PASSWORD)
    theirs = open_first_indicator(rasa, cycle, answer)
    theirs.get_by_label("Kaip tai įgyvendiname").fill("Rasos aprašymas")
    theirs.get_by_role("button", name="Išsaugoti").click()
    rasa.locator(f"#st-{answer.pk} .state-ok").wait_for()

    mine.get_by_label("Kaip tai įgyvendiname").fill("Jono aprašymas")
    mine.get_by_role("button", name="Išsaugoti").click()
    panel = jonas.locator(f"#cf-{answer.pk} .conflict")
    panel.wait_for()
    assert "Rasos aprašymas" in panel.inner_text() and "Jono aprašymas" in panel.inner_text()
    answer.refresh_from_db()
    assert answer.narrative == "Rasos aprašymas"
    assert_no_axe_violations(jonas)
    panel.get_by_role("button", name="Išsaugoti mano versiją vietoj jos").click()
    jonas.locator(f"#st-{answer.pk} .state-ok").wait_for()
    assert jonas.locator(f"#cf-{answer.pk}").inner_text() == ""
    answer.refresh_from_db()
    assert (answer.narrative, answer.revision) == ("Jono aprašymas", 2)


def test_use_the_saved_version_replaces_my_form(world, new_context, login):
    cast, cycle = world
    answer = answer_for(cycle, "1.1.1")
    page = new_context().new_page()
    login(page, cast.jonas.email, PASSWORD)
    mine = open_first_indicator(page, cycle, answer)
    IndicatorAnswer.objects.filter(pk=answer.pk).update(
        narrative="Kito asmens tekstas", revision=1, updated_by=cast.rasa
    )
    mine.get_by_label("Neatitinka", exact=True).check()
    page.locator(f"#cf-{answer.pk} .conflict").get_by_role("link", name="Naudoti išsaugotą versiją").click()
    wait_until(page, f"document.querySelector('#rev-{answer.pk}').value === '1'")
    assert page.get_by_label("Kaip tai įgyvendiname").first.input_value() == "Kito asmens tekstas"


def test_gap_becomes_an_action_from_the_readiness_page(world, new_context, login, assert_no_axe_violations):
    cast, cycle = world
    gap = answer_for(cycle, "2.1.1")
    IndicatorAnswer.objects.filter(pk=gap.pk).update(rating="not_met")
    page = new_context().new_page()
    login(page, cast.jonas.email, PASSWORD)
    page.goto(f"/o/alfa/assessments/{cycle.pk}/readiness/")
    assert page.get_by_role("img", name="Pasirengimas pagal principus (radarinė diagrama)").is_visible()
    assert_no_axe_violations(page)
    page.locator(f"#gap-{gap.pk}").get_by_role("link", name="Sukurti tobulinimo veiksmą").click()
    # The one step asks for a short task title (prefilled from the indicator) and a due date.
    title = page.get_by_label("Užduoties pavadinimas")
    assert title.input_value().startswith("2.1.1 ")
    assert_no_axe_violations(page)
    title.fill("Parengti skundų tvarką")
    page.get_by_label("Įvykdymo terminas").fill("2030-06-30")
    page.get_by_role("button", name="Sukurti tobulinimo veiksmą").click()
    page.locator(f"#gap-action-{gap.pk} a").wait_for()
    assert "Parengti skundų tvarką" in page.locator(f"#gap-action-{gap.pk}").inner_text()
    assert "2030-06-30" in page.locator(f"#gap-action-{gap.pk}").inner_text()


@pytest.mark.parametrize(
    "path", ["", "new/", "{pk}/", "{pk}/readiness/", "{pk}/evidence/", "{pk}/i/{answer}/", "{done}/copy/"]
)
def test_self_assessment_pages_are_accessible(world, new_context, login, assert_no_axe_violations, path):
    cast, cycle = world
    done = make_assessment(cast, cycle.version, title="Įsivertinimas 2021")
    type(done).objects.filter(pk=done.pk).update(status=Status.COMPLETED)
    page = new_context().new_page()
    login(page, cast.jonas.email, PASSWORD)
    page.goto("/o/alfa/assessments/" + path.format(pk=cycle.pk, answer=answer_for(cycle, "1.1.1").pk, done=done.pk))
    assert page.get_by_role("heading", level=1).count() == 1
    assert_no_axe_violations(page)


def test_documents_and_survey_results_become_evidence_from_the_indicator_page(
    world, new_context, login, assert_no_axe_violations
):
    from datetime import timedelta

    from django.utils import timezone

    from documents import services as documents
    from documents.tests import factories as docs
    from surveys.models import CampaignStatus
    from surveys.tests import factories as surveys

    cast, cycle = world
    answer = answer_for(cycle, "1.1.1")
    policy = docs.approved(cast, title="Kokybės politika", order_number="V-45")
    documents.indicator_link(document=policy, by=cast.jonas, indicator=answer.indicator)
    ended = timezone.localdate() - timedelta(days=10)
    surveys.make_campaign(
        cast.alfa,
        surveys.make_version(org=cast.alfa),
        status=CampaignStatus.CLOSED,
        title="Paslaugų gavėjų apklausa",
        starts_on=ended - timedelta(days=30),
        ends_on=ended,
    )
    page = new_context().new_page()
    login(page, cast.jonas.email, PASSWORD)
    page.goto(f"/o/alfa/assessments/{cycle.pk}/i/{answer.pk}/")
    assert page.get_by_role("heading", name="Siūlomi įrodymai").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=re.compile(r"Naudoti kaip įrodymą\W+Kokybės politika")).click()
    evidence = page.locator("#evidence .evidence-list").first
    assert "įsakymo Nr. V-45" in evidence.inner_text()
    assert page.get_by_role("heading", name="Siūlomi įrodymai").count() == 0

    page.get_by_label("Apklausa:", exact=True).select_option(index=1)
    page.get_by_role("button", name="Susieti apklausos rezultatus").click()
    assert "Apklausos rezultatai" in page.locator("#evidence .evidence-list").first.inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Paslaugų gavėjų apklausa").first.click()
    assert page.get_by_role("heading", level=1).is_visible()


def test_coordinator_runs_a_whole_cycle_copies_it_and_downloads_the_reports(
    world, new_context, login, assert_no_axe_violations
):
    import io
    from pathlib import Path

    from openpyxl import load_workbook

    from assessments.models import Assessment
    from assessments.tests.test_reports import docx_text
    from kokybe.test import pdf_text

    cast, old = world
    page = new_context(accept_downloads=True).new_page()
    login(page, cast.jonas.email, PASSWORD)

    # A new cycle on the framework version.
    page.goto("/o/alfa/assessments/new/")
    page.get_by_label("Pavadinimas:").fill("Įsivertinimas 2027")
    page.get_by_label("Kokybės sistemos versija:").select_option(index=1)
    page.get_by_label("Laikotarpio pradžia:").fill("2027-01-01")
    page.get_by_label("Laikotarpio pabaiga:").fill("2027-12-31")
    page.get_by_role("button", name="Išsaugoti").click()
    page.get_by_role("heading", level=1, name="Įsivertinimas 2027").wait_for()
    cycle = Assessment.objects.get(title="Įsivertinimas 2027")

    # Every indicator met except one gap, which becomes an improvement action from the readiness page.
    IndicatorAnswer.objects.filter(assessment=cycle).update(rating="met", narrative="Tvarka patvirtinta.")
    gap = answer_for(cycle, "2.1.1")
    indicator = open_first_indicator(page, cycle, gap)
    indicator.get_by_label("Neatitinka", exact=True).check()
    page.locator(f"#st-{gap.pk}").get_by_text(re.compile(r"Išsaugota \d\d:\d\d")).wait_for()
    page.goto(f"/o/alfa/assessments/{cycle.pk}/readiness/")
    page.locator(f"#gap-{gap.pk}").get_by_role("link", name="Sukurti tobulinimo veiksmą").click()
    page.get_by_label("Įvykdymo terminas").fill("2028-03-31")
    page.get_by_role("button", name="Sukurti tobulinimo veiksmą").click()
    page.locator(f"#gap-action-{gap.pk} a").wait_for()

    # Review, complete, and start the next cycle from it.
    page.goto(f"/o/alfa/assessments/{cycle.pk}/")
    page.get_by_role("button", name="Perkelti į „Peržiūrimas“").click()
    page.get_by_role("button", name="Perkelti į „Baigta“").click()
    page.get_by_role("link", name="Pradėti kitą ciklą pagal šį").click()
    assert_no_axe_violations(page)
    page.get_by_label("Pavadinimas:").fill("Įsivertinimas 2028")
    page.get_by_label("Laikotarpio pradžia:").fill("2028-01-01")
    page.get_by_label("Laikotarpio pabaiga:").fill("2028-12-31")
    page.get_by_role("button", name="Pradėti ciklą").click()
    page.get_by_role("heading", level=1, name="Įsivertinimas 2028").wait_for()
    copied = Assessment.objects.get(title="Įsivertinimas 2028")
    assert copied.copied_from == cycle and copied.answers.exclude(rating="").count() == 0
    assert answer_for(copied, "2.1.1").narrative == "Tvarka patvirtinta."

    # The finished cycle's reports, downloaded as a user would, and read back.
    page.goto(f"/o/alfa/assessments/{cycle.pk}/")

    def download(name):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        return Path(info.value.path()).read_bytes()

    text, _doc = docx_text(download("Ataskaita (DOCX, lietuvių k.)"))
    assert "Įsivertinimas 2027" in text and "Neatitinka" in text and "Tvarka patvirtinta." in text
    pdf = pdf_text(download("Ataskaita (PDF, anglų k.)"))
    assert "Self-assessment report" in pdf and "Not met" in pdf
    sheet = load_workbook(io.BytesIO(download("Visi vertinimai (XLSX)"))).active
    codes = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "2.1.1" in codes and sheet.max_row == cycle.answers.count() + 1
