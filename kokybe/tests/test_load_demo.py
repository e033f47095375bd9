from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from kokybe.lib.demo import demo_modules
from orgs.demo import DEMO_LOGINS, PASSWORD, login_table
from orgs.models import ActivityEntry, Membership, Organisation, Service, Unit
from orgs.roles import Role
from programmes.models import Milestone, PersonReport, Programme, ProgrammeParticipation

pytestmark = pytest.mark.django_db

MODELS = [
    *(Organisation, Unit, Service, User, Membership, ActivityEntry),
    *(Programme, ProgrammeParticipation, Milestone, PersonReport),
]

KLAIPEDA_SERVICES = [
    ("Socialinių įgūdžių ugdymo ir palaikymo paslauga", "Pagalbos šeimoms padalinys"),
    ("Intensyvios krizių įveikimo pagalbos paslauga", "Socialinės priežiūros ir globos skyrius"),
    ("Trumpalaikės socialinės globos paslauga", "Socialinės priežiūros ir globos skyrius"),
    (
        "Pagalbos globėjams (rūpintojams) ir įvaikintojams ir budintiems globotojams paslauga",
        "Darbo su globėjais (rūpintojais) ir įvaikintojais skyrius",
    ),
    ("Psichosocialinės pagalbos paslauga", "Pagalbos moterims padalinys"),
    (
        "Apgyvendinimo krizių centre paslauga (nuo 2020 12 01 – intensyvi krizių įveikimo pagalba)",
        "Pagalbos moterims padalinys",
    ),
]


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo():
    return load()


def test_creates_the_klaipeda_centre_with_its_nested_units(demo):
    org = Organisation.objects.get(slug="klaipeda")
    assert org.name == "Klaipėdos miesto šeimos ir vaiko gerovės centras"
    assert org.legal_form == Organisation.LegalForm.BUDGET
    assert org.company_code == ""  # not in the seed, so not invented
    tree = [(unit.name, depth) for unit, depth in Unit.as_tree(list(Unit.objects.for_org(org)))]
    assert tree == [
        ("Pagalbos šeimoms padalinys", 0),
        ("Pagalbos vaikams padalinys (Globos centras)", 0),
        ("Socialinės priežiūros ir globos skyrius", 1),
        ("Darbo su globėjais (rūpintojais) ir įvaikintojais skyrius", 1),
        ("Pagalbos moterims padalinys", 0),
    ]


def test_creates_the_six_certified_services_in_their_units(demo):
    services = list(Service.objects.for_org(Organisation.objects.get(slug="klaipeda")).select_related("unit"))
    assert [(s.name, s.unit.name) for s in services] == KLAIPEDA_SERVICES
    assert services[0].target_group == "socialinę riziką patiriančioms šeimoms"
    assert all(s.target_group and s.status == Service.Status.ACTIVE for s in services)


def test_creates_visaginas_with_its_social_care_unit(demo):
    org = Organisation.objects.get(slug="visaginas")
    [unit] = Unit.objects.for_org(org)
    assert unit.name == "Socialinės globos senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia skyrius"
    assert [s.name for s in unit.services.all()] == ["Ilgalaikė socialinė globa", "Trumpalaikė socialinė globa"]


def test_every_printed_login_works_with_its_password(demo):
    for login in DEMO_LOGINS:
        assert login.email in demo
        assert authenticate(username=login.email, password=login.password) is not None, login.email
    assert {login.password for login in DEMO_LOGINS} == {PASSWORD}


def test_there_is_one_demo_account_per_role(demo):
    roles = set(Membership.objects.filter(org__slug="klaipeda").values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.get(email="admin@kokybe.demo").is_superuser


def test_the_consultant_belongs_to_both_centres(demo):
    memberships = Membership.objects.filter(user__email="konsultantas@klaipeda.demo")
    assert {(m.org.slug, m.role) for m in memberships} == {
        ("klaipeda", Role.CONSULTANT),
        ("visaginas", Role.CONSULTANT),
    }


def test_the_external_auditors_access_ends_after_60_days(demo):
    membership = Membership.objects.get(user__email="isores.auditorius@klaipeda.demo")
    assert membership.access_until == timezone.localdate() + timedelta(days=60)


def test_running_twice_changes_nothing(demo):
    before = counts()
    output = load()
    assert counts() == before
    assert "niekas nepakeista" in output  # Lithuanian by default


def test_if_empty_does_nothing_when_organisations_exist(cast):
    before = counts()
    output = load("--if-empty")
    assert counts() == before
    assert not Organisation.objects.filter(slug="klaipeda").exists()
    assert "koordinatorius@klaipeda.demo" not in output  # no logins printed for a database without the demo


def test_if_empty_loads_an_empty_database():
    output = load("--if-empty")
    assert Organisation.objects.filter(slug="klaipeda").exists()
    assert "koordinatorius@klaipeda.demo" in output


def test_if_empty_prints_the_logins_again_for_a_demo_database(demo):
    assert "koordinatorius@klaipeda.demo" in load("--if-empty")


def test_recent_activity_shows_the_coordinator_creating_units_and_services(demo):
    coordinator = User.objects.get(email="koordinatorius@klaipeda.demo")
    # Other modules' demo data logs its own entries; this test is about the organisation structure.
    entries = ActivityEntry.objects.for_org(Organisation.objects.get(slug="klaipeda")).filter(
        target_type__model__in=["unit", "service"]
    )
    assert entries.count() == 5 + 6
    assert set(entries.values_list("actor", flat=True)) == {coordinator.pk}
    assert set(entries.values_list("verb", flat=True)) == {ActivityEntry.Verb.CREATED}


def test_demo_coordinator_logs_in_and_sees_the_klaipeda_dashboard(demo):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "koordinatorius@klaipeda.demo", "password": "demo"}, follow=True
    )
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("orgs:dashboard", args=["klaipeda"])
    assert len(response.context["services"]) == 6
    for name, _unit in KLAIPEDA_SERVICES:
        assert name in response.text
    assert response.context["activity"]  # recent activity is not empty
    assert client.get(reverse("orgs:dashboard", args=["visaginas"])).status_code == 404


def test_programme_coordinator_sees_both_centres_in_the_equass_programme(demo):
    client = Client()
    assert client.login(username="programa@valakupiai.demo", password="demo")
    equass = Programme.objects.get(code="08.4.1-ESFA-V-421-01-0001")
    successor = Programme.objects.get(code="07-008-P-0001")
    listed = [p.code for p in client.get(reverse("programmes:list")).context["programmes"]]
    assert listed == [successor.code, equass.code]
    assert equass.participations.filter(status="certified").count() == 119
    rows = {}
    for query in ("Klaipėdos miesto", "Visagino socialinių"):
        response = client.get(reverse("programmes:detail", args=[equass.pk]), {"q": query})
        rows |= {p.org.slug: p for p in response.context["participations"]}
    assert {"klaipeda", "visaginas"} <= set(rows)
    assert rows["klaipeda"].joined_on == date(2019, 1, 11)
    assert rows["klaipeda"].service_count == 6
    assert rows["visaginas"].contract_date == date(2019, 11, 29)
    other = Programme.objects.get(code="07-003-P-0001")
    assert client.get(reverse("programmes:detail", args=[other.pk])).status_code == 404


def test_successor_programme_has_about_300_synthetic_participants_in_waves(demo):
    successor = Programme.objects.get(code="07-008-P-0001")
    parts = successor.participations.select_related("org")
    assert 290 <= parts.count() <= 303
    assert all(p.org.slug.startswith("demo-") and "Demonstraciniai" in p.org.description for p in parts)
    assert successor.waves.count() == 3
    assert parts.filter(status="certified").exists() and parts.filter(status="in_progress").exists()


def test_integrated_help_project_has_visaginas_and_20_partners_short_of_4018(demo):
    from programmes import pages

    programme = Programme.objects.get(code="07-003-P-0001")
    assert (programme.start, programme.end) == (date(2022, 12, 8), date(2026, 12, 31))
    assert str(programme.funding_amount) == "43940212.00"
    part = programme.participations.get(org__slug="visaginas")
    assert (part.role, part.joined_on) == ("partner", date(2023, 1, 2))
    assert programme.participations.count() == 21
    helped = programme.indicators.get(code="asmenys")
    progress = pages.progress(helped, date(2026, 12, 7))
    assert 3500 < progress.current < 4018


def test_login_table_has_a_header_and_a_row_per_login():
    lines = login_table().splitlines()
    assert len(lines) == 2 + len(DEMO_LOGINS)
    assert lines[2].startswith("| koordinatorius@klaipeda.demo ")


def test_demo_hook_runs_orgs_before_the_apps_that_build_on_it():
    names = [m.__name__ for m in demo_modules()]
    assert names.index("orgs.demo") < names.index("programmes.demo")


def test_loading_the_demo_mails_no_one(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load()
    assert callbacks  # the services did schedule their after-commit work; none of it was mail
    assert mailoutbox == []
