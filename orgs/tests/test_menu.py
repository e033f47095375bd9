"""The module menu is built from the gates of the views it links (orgs.menu), the same for every role as before."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from orgs import menu
from orgs.roles import Role


def _everyday(complaints=True, people=False):
    # Complaints are open to the contributors only (not the consultant nor the viewer); the service users' records
    # to the director, unit heads and key workers (staff), not to the coordinator (who sees the roll-ups).
    return [
        "orgs:dashboard",
        "assessments:list",
        "actions:plan",
        *(["people:list"] if people else []),
        "safeguarding:list",
        "work:calendar",
        "documents:list",
        "audits:list",
        "results:overview",
        *(["complaints:list"] if complaints else []),
        "surveys:list",
        "competence:catalogue",
        "frameworks:list",
        "orgs:units",
        "orgs:members",
    ]


EVERYDAY = _everyday()
MANAGEMENT = ["invitations:list", "security:policy", "webhooks:list", "orgs:activity", "orgs:settings"]
MANAGER = [*EVERYDAY, *MANAGEMENT]
# Each role's menu, in order, as it was when the menu was written out in the template with role literals.
EXPECTED = {
    Role.DIRECTOR: [*_everyday(people=True), *MANAGEMENT],
    Role.COORDINATOR: MANAGER,
    Role.UNIT_HEAD: _everyday(people=True),
    Role.STAFF: _everyday(people=True),
    Role.CONSULTANT: _everyday(complaints=False),
    Role.INTERNAL_AUDITOR: EVERYDAY,
    Role.VIEWER: _everyday(complaints=False),
    Role.EXTERNAL_AUDITOR: ["orgs:dashboard", "audits:granted"],
}


def _menu(user, path):
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    nav = re.search(r'<ul id="module-nav-list">(.*?)</ul>', response.content.decode(), re.S).group(1)
    return re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', nav)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_the_same_menu_entries_in_the_same_order(cast, role):
    links = _menu(cast.users[role], reverse("orgs:dashboard", args=[cast.alfa.slug]))
    assert [href for href, _, _ in links] == [reverse(n, args=[cast.alfa.slug]) for n in EXPECTED[role]]


@pytest.mark.django_db
def test_menu_labels_are_translated_and_the_current_page_is_marked(cast):
    cast.jonas.language = "en"
    cast.jonas.save()
    links = _menu(cast.jonas, reverse("documents:types", args=[cast.alfa.slug]))
    assert [label for _, _, label in links][:6] == [
        "Dashboard",
        "Self-assessment",
        "Implementation plan",
        "Safeguarding",
        "Calendar",
        "Documents",
    ]
    assert [label for _, current, label in links if current] == ["Documents"]


@pytest.mark.django_db
def test_units_entry_is_current_on_the_services_page(cast):
    links = _menu(cast.jonas, reverse("orgs:services", args=[cast.alfa.slug]))
    assert [href for href, current, _ in links if current] == [reverse("orgs:units", args=[cast.alfa.slug])]


def test_every_entry_links_a_gated_page_without_arguments_and_shows_to_whom_its_gate_lets_in():
    for entry in menu.entries():
        roles = menu.roles_of(entry.name)
        assert roles, f"{entry.name}: a menu entry nobody may open"


def test_entries_come_in_menu_order():
    orders = [entry.order for entry in menu.entries()]
    assert orders == sorted(orders)
