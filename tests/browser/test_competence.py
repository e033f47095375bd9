"""Staff competence in a real browser: a unit head records one training for eight people of the unit and sees the
matrix turn green; a staff member reads their own list on a phone. axe-core runs on every page they visit."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from competence.models import Course, Record, sync_starter
from kokybe.lib.demo import DemoContext
from orgs.models import Membership, Unit
from orgs.roles import Role

from .helpers import PHONE

pytestmark = pytest.mark.browser

UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"
PEOPLE = [f"Darbuotoja Nr. {i}" for i in range(1, 9)]


@pytest.fixture
def unit(transactional_db):
    from orgs import demo as orgs_demo

    ctx = DemoContext()
    orgs_demo.load(ctx)
    org = ctx.orgs["klaipeda"]
    sync_starter(org)
    # One column keeps the test about one training: the violence-prevention procedure, yearly, for everyone.
    Course.objects.for_org(org).exclude(key="violence-prevention").update(is_active=False)
    families = Unit.objects.get(org=org, name="Pagalbos šeimoms padalinys")
    for i, name in enumerate(PEOPLE, start=1):
        user = get_user_model().objects.create_user(f"darbuotoja{i}@klaipeda.demo", None, full_name=name)
        Membership.objects.create(org=org, user=user, role=Role.STAFF, unit=families, position="Socialinė darbuotoja")
    return ctx


def test_unit_head_records_one_training_for_eight_and_the_matrix_turns_green(
    unit, page, login, assert_no_axe_violations
):
    login(page, UNIT_HEAD, "demo")
    page.goto("/o/klaipeda/competence/matrix/")
    assert_no_axe_violations(page)
    matrix = page.locator("table.matrix")
    assert matrix.locator(".st-missing").count() == 9  # the eight and the unit head
    assert matrix.locator(".st-current").count() == 0

    with page.expect_navigation():
        page.get_by_role("link", name="Įrašyti mokymus keliems žmonėms").click()
    assert_no_axe_violations(page)
    page.get_by_label("Mokymai").select_option(label="Smurto prevencijos ir reagavimo į smurtą tvarka")
    day = unit.today - timedelta(days=1)
    page.get_by_label("Data").fill(day.isoformat())
    for name in PEOPLE:
        page.get_by_label(name, exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Įrašyti dalyviams").click()

    assert page.url.endswith("/o/klaipeda/competence/matrix/")
    assert "Mokymai įrašyti 8 žmonėms." in page.locator(".messages, [role=status], main").first.inner_text()
    matrix = page.locator("table.matrix")
    assert matrix.locator(".st-current").count() == 8
    assert matrix.locator(".st-missing").count() == 1
    for name in PEOPLE:
        assert "Galioja" in matrix.locator("tr", has_text=name).inner_text()
    assert_no_axe_violations(page)
    assert Record.objects.filter(completed_on=day).count() == 8


def test_staff_member_reads_their_own_trainings_on_a_phone(unit, new_context, login, assert_no_axe_violations):
    phone = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    login(phone, STAFF, "demo")
    phone.goto("/o/klaipeda/competence/mine/")
    assert_no_axe_violations(phone)
    assert phone.get_by_role("heading", name="Mano mokymai").is_visible()
    assert "Nėra" in phone.locator("main").inner_text()  # the one required training, not done yet
    with phone.expect_navigation():
        phone.get_by_role("link", name="Įrašyti mokymus").click()
    assert_no_axe_violations(phone)


@pytest.fixture
def programme_training(transactional_db):
    """The Visagino centre took part in a programme training; the programme wrote down its director by address,
    its coordinator by name, and someone who is no member."""
    from datetime import date

    from orgs import demo as orgs_demo
    from programmes.models import EventAttendance, ProgrammeEvent
    from programmes.tests.factories import make_programme

    ctx = DemoContext()
    orgs_demo.load(ctx)
    org = ctx.orgs["visaginas"]
    programme = make_programme(ctx.orgs["valakupiai"], participants=[org])
    event = ProgrammeEvent.objects.create(
        programme=programme, kind="training", title="Vadovų mokymai (1 grupė)", on=date(2019, 2, 7), hours=8
    )
    EventAttendance.objects.create(
        event=event,
        participation=programme.participations.get(org=org),
        attendees="Direktorius@Visaginas.demo\nKristina Markevičienė\nMarija Jasaitė",
        count=3,
    )
    return event


def test_director_records_a_programme_training_for_the_staff_who_attended(
    programme_training, page, login, assert_no_axe_violations
):
    from playwright.sync_api import expect

    login(page, "direktorius@visaginas.demo", "demo")
    page.goto("/o/visaginas/competence/")
    with page.expect_navigation():
        page.get_by_role("link", name="Programų mokymai").click()
    assert_no_axe_violations(page)
    expect(page.get_by_text("Neįrašyta: nė vienas narys neatitinka")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("link", name="Įrašyti kaip mokymus").click()
    assert_no_axe_violations(page)
    page.get_by_label("Mokymai").select_option(label="EQUASS mokymai vadovams")
    with page.expect_navigation():
        page.get_by_role("button", name="Įrašyti kaip mokymus").click()
    expect(page.get_by_text("Mokymai įrašyti 2 žmonėms.")).to_be_visible()
    expect(page.get_by_text("Įrašyta kaip „EQUASS mokymai vadovams“")).to_be_visible()
    expect(page.get_by_text("Jau įrašyta")).to_have_count(2)
    assert_no_axe_violations(page)
    assert Record.objects.filter(event__programme_event=programme_training).count() == 2
