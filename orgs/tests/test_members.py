"""The members page: list, edit a membership, remove a member, and the rules that keep an organisation run."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kokybe.test import client_for, urls_for
from orgs import services
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

url = urls_for("orgs")

pytestmark = pytest.mark.django_db


def edit(client, cast, membership, **data):
    body = {"role": membership.role, "unit": "", "position": "", "access_until": ""}
    body.update(data)
    return client.post(url("member_edit", cast, membership.pk), body)


def test_member_list_shows_people_roles_and_expired_auditors(cast):
    auditor = cast.memberships[Role.EXTERNAL_AUDITOR]
    Membership.objects.filter(pk=auditor.pk).update(access_until=timezone.localdate() - timedelta(days=1))
    Membership.objects.filter(pk=cast.memberships[Role.STAFF].pk).update(
        unit=cast.alfa_unit, position="Socialinė darbuotoja"
    )
    response = client_for(cast.vida).get(url("members", cast))
    text = response.text
    for expected in ("Rasa Rasaitė", "rasa@alfa.test", "Socialinė darbuotoja", "Pagalbos vaikams padalinys"):
        assert expected in text
    assert "Edvardas Edvardaitis" in text and "Nebegalioja" in text
    assert "Petras" not in text  # Beta's director
    assert url("member_edit", cast, cast.memberships[Role.STAFF].pk) not in text  # a viewer reads only


def test_member_list_links_to_invitations_for_managers(cast):
    try:
        invitations = reverse("invitations:list", args=[cast.alfa.slug])
    except NoReverseMatch:  # the invitations pages live in accounts and may not be mounted yet
        assert "Kvietimai" not in client_for(cast.jonas).get(url("members", cast)).text
        return
    assert invitations in client_for(cast.jonas).get(url("members", cast)).text
    assert invitations not in client_for(cast.vida).get(url("members", cast)).text


def test_manager_changes_role_unit_and_position(cast):
    staff = cast.memberships[Role.STAFF]
    response = edit(client_for(cast.jonas), cast, staff, role=Role.UNIT_HEAD, unit=cast.alfa_unit.pk, position="Vadovė")
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.role, staff.unit, staff.position) == (Role.UNIT_HEAD, cast.alfa_unit, "Vadovė")
    entry = ActivityEntry.objects.for_org(cast.alfa).first()
    assert entry.verb == ActivityEntry.Verb.UPDATED and entry.target == staff
    assert entry.changes["role"] == ["Darbuotojas", "Padalinio vadovas"]
    assert set(entry.changes) == {"role", "unit", "position"}


def test_external_auditor_needs_an_end_date(cast):
    response = edit(client_for(cast.jonas), cast, cast.memberships[Role.VIEWER], role=Role.EXTERNAL_AUDITOR)
    assert response.status_code == 200
    assert "Išorės auditoriaus prieigai reikia nurodyti pabaigos datą." in response.text
    assert Membership.objects.get(pk=cast.memberships[Role.VIEWER].pk).role == Role.VIEWER


def test_external_auditor_with_end_date_is_saved(cast):
    until = timezone.localdate() + timedelta(days=10)
    edit(client_for(cast.jonas), cast, cast.memberships[Role.VIEWER], role=Role.EXTERNAL_AUDITOR, access_until=until)
    viewer = Membership.objects.get(pk=cast.memberships[Role.VIEWER].pk)
    assert (viewer.role, viewer.access_until) == (Role.EXTERNAL_AUDITOR, until)


def test_unit_of_another_org_is_rejected(cast):
    response = edit(client_for(cast.jonas), cast, cast.memberships[Role.STAFF], unit=cast.beta_unit.pk)
    assert response.status_code == 200
    assert "Pasirinkite tinkamą" in response.text
    assert Membership.objects.get(pk=cast.memberships[Role.STAFF].pk).unit is None


def test_person_cannot_change_own_role(cast):
    me = cast.memberships[Role.COORDINATOR]
    client = client_for(cast.jonas)
    form_page = client.get(url("member_edit", cast, me.pk))
    assert "Negalite keisti savo vaidmens." in form_page.text
    edit(client, cast, me, role=Role.DIRECTOR, position="Kokybės vadovas")
    me.refresh_from_db()
    assert me.role == Role.COORDINATOR  # the field is disabled: the posted role is ignored
    assert me.position == "Kokybės vadovas"  # the rest of one's own membership may change


def test_service_refuses_own_role_change(cast):
    me = cast.memberships[Role.COORDINATOR]
    with pytest.raises(ValidationError):
        services.check_membership_change(membership=me, by=cast.jonas, new_role=Role.DIRECTOR)


def test_last_director_cannot_be_demoted(cast):
    director = cast.memberships[Role.DIRECTOR]
    response = edit(client_for(cast.jonas), cast, director, role=Role.STAFF)
    assert response.status_code == 200
    assert "Organizacijoje turi likti bent vienas direktorius." in response.text
    director.refresh_from_db()
    assert director.role == Role.DIRECTOR
    assert not ActivityEntry.objects.for_org(cast.alfa).exists()


def test_director_can_be_demoted_when_another_director_exists(cast):
    Membership.objects.filter(pk=cast.memberships[Role.VIEWER].pk).update(role=Role.DIRECTOR)
    director = cast.memberships[Role.DIRECTOR]
    assert edit(client_for(cast.jonas), cast, director, role=Role.COORDINATOR).status_code == 302
    director.refresh_from_db()
    assert director.role == Role.COORDINATOR


def test_last_director_cannot_be_removed(cast):
    director = cast.memberships[Role.DIRECTOR]
    response = client_for(cast.jonas).post(url("member_remove", cast, director.pk))
    assert response.status_code == 409
    assert "Organizacijoje turi likti bent vienas direktorius." in response.text
    assert Membership.objects.filter(pk=director.pk).exists()


def test_expired_second_director_does_not_count(cast):
    Membership.objects.filter(pk=cast.memberships[Role.VIEWER].pk).update(role=Role.DIRECTOR, is_active=False)
    response = client_for(cast.jonas).post(url("member_remove", cast, cast.memberships[Role.DIRECTOR].pk))
    assert response.status_code == 409


def test_person_cannot_remove_themselves(cast):
    me = cast.memberships[Role.COORDINATOR]
    response = client_for(cast.jonas).post(url("member_remove", cast, me.pk))
    assert response.status_code == 409
    assert Membership.objects.filter(pk=me.pk).exists()


def test_manager_removes_member_with_activity_entry(cast):
    staff = cast.memberships[Role.STAFF]
    client = client_for(cast.ona)
    assert "Rasa Rasaitė" in client.get(url("member_remove", cast, staff.pk)).text
    response = client.post(url("member_remove", cast, staff.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=staff.pk).exists()
    entry = ActivityEntry.objects.for_org(cast.alfa).first()
    assert entry.verb == ActivityEntry.Verb.REMOVED
    assert entry.target_repr == "Rasa Rasaitė"
    assert entry.changes == {"role": ["Darbuotojas", ""]}
    assert entry.change_rows()[0][0] == "vaidmuo"
    # The removed person is an outsider now.
    assert client_for(cast.rasa).get(url("dashboard", cast)).status_code == 404


def test_member_pages_render_in_lithuanian(cast):
    client = client_for(cast.ona)
    assert "Nariai" in client.get(url("members", cast)).text
    page = client.get(url("member_edit", cast, cast.memberships[Role.STAFF].pk)).text
    assert "Prieiga iki" in page and "Pareigos" in page
