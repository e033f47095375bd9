"""Organisation settings, units and services pages."""

import pytest

from kokybe.test import client_for, urls_for
from orgs.models import ActivityEntry, Membership, Service, Unit
from orgs.roles import Role

url = urls_for("orgs")

pytestmark = pytest.mark.django_db


def last_entry(org):
    return ActivityEntry.objects.for_org(org).first()


# Settings


def test_settings_saves_details_and_logs_changed_fields(cast):
    data = {"name": "Alfos centras", "short_name": "Alfa", "legal_form": "public", "municipality": "Kauno m. sav."}
    response = client_for(cast.jonas).post(url("settings", cast), data)
    assert response.status_code == 302
    cast.alfa.refresh_from_db()
    assert (cast.alfa.name, cast.alfa.legal_form, cast.alfa.municipality) == (
        "Alfos centras",
        "public",
        "Kauno m. sav.",
    )
    entry = last_entry(cast.alfa)
    assert entry.verb == ActivityEntry.Verb.UPDATED and entry.actor == cast.jonas
    assert entry.changes["municipality"] == ["Vilniaus m. sav.", "Kauno m. sav."]
    assert "company_code" in entry.changes  # cleared: it was not in the POST
    assert entry.field_labels["legal_form"] == "legal form"


def test_settings_hold_the_names_cases_prefilled_and_editable(cast):
    page = client_for(cast.ona).get(url("settings", cast)).text
    assert 'value="Alfos socialinių paslaugų centro"' in page and 'value="Alfos socialinių paslaugų centrui"' in page
    data = {
        "name": "Alfos socialinių paslaugų centras",
        "name_genitive": "Alfos socialinių paslaugų centro (Alfa)",
        "name_dative": "Alfos socialinių paslaugų centrui (Alfa)",
        "legal_form": "budget",
    }
    assert client_for(cast.jonas).post(url("settings", cast), data).status_code == 302
    cast.alfa.refresh_from_db()
    assert cast.alfa.name_genitive == "Alfos socialinių paslaugų centro (Alfa)"
    assert cast.alfa.name_dative == "Alfos socialinių paslaugų centrui (Alfa)"
    # A new name with the cases left as they were: they are guessed again from the new name.
    data = {**data, "name": "Alfos globos namai", "name_genitive": cast.alfa.name_genitive}
    data["name_dative"] = cast.alfa.name_dative
    client_for(cast.jonas).post(url("settings", cast), data)
    cast.alfa.refresh_from_db()
    assert (cast.alfa.name_genitive, cast.alfa.name_dative) == ("Alfos globos namų", "Alfos globos namams")


def test_settings_invalid_email_shows_lithuanian_error(cast):
    response = client_for(cast.ona).post(url("settings", cast), {"name": "Alfa", "legal_form": "ngo", "email": "x"})
    assert response.status_code == 200
    assert "Įveskite teisingą el. pašto adresą." in response.text
    assert not ActivityEntry.objects.for_org(cast.alfa).exists()


def test_settings_page_renders_in_lithuanian(cast):
    response = client_for(cast.ona).get(url("settings", cast))
    assert "Organizacijos nustatymai" in response.text
    assert response.text.count("<h1") == 1


def test_settings_link_only_for_managers(cast):
    href = f'href="{url("settings", cast)}"'
    assert href in client_for(cast.jonas).get(url("dashboard", cast)).text
    assert href not in client_for(cast.rasa).get(url("dashboard", cast)).text


def test_module_nav_marks_current_page(cast):
    response = client_for(cast.ona).get(url("members", cast))
    assert f'href="{url("members", cast)}" aria-current="page"' in response.text


def test_external_auditor_sees_no_units_link(cast):
    response = client_for(cast.users[Role.EXTERNAL_AUDITOR]).get(url("dashboard", cast))
    assert url("units", cast) not in response.text


# Units


def test_unit_list_shows_nested_tree_to_insiders(cast):
    response = client_for(cast.vida).get(url("units", cast))
    assert response.status_code == 200
    text = response.text
    assert text.index("Pagalbos vaikams padalinys") < text.index("Socialinės priežiūros skyrius")
    assert 'class="depth-1"' in text
    assert url("unit_create", cast) not in text  # a viewer reads only


def test_unit_create_with_parent_logs_entry(cast):
    response = client_for(cast.jonas).post(
        url("unit_create", cast), {"name": "Dienos centras", "parent": cast.alfa_unit.pk, "order": 0}
    )
    assert response.status_code == 302
    unit = Unit.objects.for_org(cast.alfa).get(name="Dienos centras")
    assert unit.parent == cast.alfa_unit
    entry = last_entry(cast.alfa)
    assert entry.verb == ActivityEntry.Verb.CREATED and entry.target == unit
    assert entry.changes["parent"] == ["", "Pagalbos vaikams padalinys"]


def test_unit_form_rejects_another_orgs_parent(cast):
    response = client_for(cast.ona).post(url("unit_create", cast), {"name": "X", "parent": cast.beta_unit.pk})
    assert response.status_code == 200
    assert "Pasirinkite tinkamą" in response.text  # Django's "Select a valid choice", in Lithuanian
    assert not Unit.objects.filter(name="X").exists()


def test_unit_cannot_move_under_its_own_subunit(cast):
    response = client_for(cast.ona).post(
        url("unit_edit", cast, cast.alfa_unit.pk),
        {"name": "Pagalbos vaikams padalinys", "parent": cast.alfa_subunit.pk},
    )
    assert response.status_code == 200
    cast.alfa_unit.refresh_from_db()
    assert cast.alfa_unit.parent is None


def test_duplicate_top_level_unit_name_is_refused_in_lithuanian(cast):
    response = client_for(cast.ona).post(url("unit_create", cast), {"name": "Pagalbos vaikams padalinys", "order": 0})
    assert response.status_code == 200
    assert "Padalinys tokiu pavadinimu čia jau yra." in response.text
    assert Unit.objects.for_org(cast.alfa).filter(name="Pagalbos vaikams padalinys").count() == 1


def test_unit_edit_logs_only_changed_fields(cast):
    client_for(cast.ona).post(
        url("unit_edit", cast, cast.alfa_subunit.pk),
        {"name": "Globos skyrius", "parent": cast.alfa_unit.pk, "description": "", "order": 0},
    )
    entry = last_entry(cast.alfa)
    assert entry.verb == ActivityEntry.Verb.UPDATED
    assert entry.changes == {"name": ["Socialinės priežiūros skyrius", "Globos skyrius"]}


def test_unit_delete_refused_while_it_has_subunits_or_services(cast):
    client = client_for(cast.ona)
    page = client.get(url("unit_delete", cast, cast.alfa_unit.pk))
    assert "Žemesnio lygio padaliniai: 1" in page.text and "Paslaugos: 1" in page.text
    response = client.post(url("unit_delete", cast, cast.alfa_unit.pk))
    assert response.status_code == 409
    assert "negalima ištrinti" in response.text
    assert Unit.objects.filter(pk=cast.alfa_unit.pk).exists()
    assert Service.objects.get(pk=cast.alfa_service.pk).unit == cast.alfa_unit  # nothing half-done
    assert not ActivityEntry.objects.for_org(cast.alfa).exists()


def test_unit_delete_refused_while_members_belong_to_it(cast):
    Membership.objects.filter(pk=cast.memberships[Role.STAFF].pk).update(unit=cast.alfa_subunit)
    response = client_for(cast.ona).post(url("unit_delete", cast, cast.alfa_subunit.pk))
    assert response.status_code == 409
    assert Unit.objects.filter(pk=cast.alfa_subunit.pk).exists()


def test_unit_delete_of_empty_unit_works_and_is_logged(cast):
    response = client_for(cast.ona).post(url("unit_delete", cast, cast.alfa_subunit.pk))
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=cast.alfa_subunit.pk).exists()
    entry = last_entry(cast.alfa)
    assert entry.verb == ActivityEntry.Verb.DELETED and entry.target_repr == "Socialinės priežiūros skyrius"


def test_unit_pages_render_in_lithuanian(cast):
    client = client_for(cast.ona)
    assert "Naujas padalinys" in client.get(url("units", cast)).text
    assert "Aukštesnis padalinys" in client.get(url("unit_create", cast)).text


# Services


def test_service_list_shows_name_target_group_unit_status(cast):
    Service.objects.filter(pk=cast.alfa_service.pk).update(target_group="Šeimos", status="suspended")
    response = client_for(cast.rasa).get(url("services", cast))
    text = response.text
    for expected in ("Socialinė priežiūra šeimoms", "Šeimos", "Pagalbos vaikams padalinys", "Sustabdyta"):
        assert expected in text
    assert "Ilgalaikė socialinė globa" not in text  # Beta's service


def test_service_create_logs_entry_with_fields(cast):
    response = client_for(cast.jonas).post(
        url("service_create", cast),
        {"name": "Psichosocialinė pagalba", "target_group": "Vaikai", "unit": cast.alfa_subunit.pk, "status": "active"},
    )
    assert response.status_code == 302
    service = Service.objects.for_org(cast.alfa).get(name="Psichosocialinė pagalba")
    assert service.unit == cast.alfa_subunit
    entry = last_entry(cast.alfa)
    assert entry.verb == ActivityEntry.Verb.CREATED
    assert entry.changes["target_group"] == ["", "Vaikai"]


def test_service_form_rejects_another_orgs_unit(cast):
    response = client_for(cast.jonas).post(
        url("service_create", cast), {"name": "X", "unit": cast.beta_unit.pk, "status": "active"}
    )
    assert response.status_code == 200
    assert "Pasirinkite tinkamą" in response.text
    assert not Service.objects.filter(name="X").exists()


def test_service_required_name_error_is_lithuanian(cast):
    response = client_for(cast.jonas).post(url("service_create", cast), {"status": "active"})
    assert "Šis laukas yra privalomas." in response.text


def test_service_edit_logs_status_change(cast):
    client_for(cast.jonas).post(
        url("service_edit", cast, cast.alfa_service.pk),
        {"name": cast.alfa_service.name, "unit": cast.alfa_unit.pk, "status": "ended", "order": 0},
    )
    entry = last_entry(cast.alfa)
    assert list(entry.changes) == ["status"]
    assert entry.changes["status"][1] == "Nebeteikiama"


def test_service_delete_works_and_refuses_when_used(cast):
    from actions.models import ImprovementAction

    client = client_for(cast.ona)
    service = Service.objects.create(org=cast.alfa, name="Laikina paslauga")
    assert client.post(url("service_delete", cast, service.pk)).status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()

    # An improvement action linked to the service would silently lose the link (SET_NULL): refuse instead.
    used = Service.objects.create(org=cast.alfa, name="Naudojama paslauga")
    ImprovementAction.objects.create(org=cast.alfa, number=1, service=used, title="Atnaujinti tvarką")
    response = client.post(url("service_delete", cast, used.pk))
    assert response.status_code == 409
    assert "Tobulinimo veiksmai: 1" in response.text or ": 1" in response.text
    assert Service.objects.filter(pk=used.pk).exists()


def test_unit_choices_show_where_a_sub_unit_sits(cast):
    response = client_for(cast.ona).get(url("service_create", cast))
    assert "Pagalbos vaikams padalinys → Socialinės priežiūros skyrius" in response.text
    assert "Globos skyrius" not in response.text  # Beta's unit is not offered
