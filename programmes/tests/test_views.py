from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from kokybe.test import assert_constant_queries, make_user, pass_second_factor
from orgs.models import Organisation, Service
from programmes.models import Programme, ProgrammeParticipation

from .factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    return make_programme(
        cast.alfa,
        code="08.4.1-ESFA-V-421-01-0001",
        title="Socialinių paslaugų kokybės gerinimas, taikant EQUASS kokybės sistemą",
        title_en="Improving the quality of social services with EQUASS",
        funding_amount=Decimal("43940212.00"),
        coordinators=[cast.jonas],
        participants=[cast.beta],
    )


@pytest.fixture
def other_programme(cast):
    return make_programme(cast.beta, code="07-003-P-0001", title="Integralios pagalbos teikimas", coordinators=[])


def test_list_shows_only_the_programmes_the_user_coordinates(client, cast, programme, other_programme):
    client.force_login(cast.jonas)
    response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["programmes"]] == [programme.pk]
    assert "08.4.1-ESFA-V-421-01-0001" in response.text
    assert "07-003-P-0001" not in response.text


def test_list_shows_the_number_of_current_participants(client, cast, programme):
    ProgrammeParticipation.objects.create(
        programme=programme, org=cast.alfa, joined_on=date(2019, 1, 1), left_on=date(2020, 1, 1)
    )
    client.force_login(cast.jonas)
    assert client.get(reverse("programmes:list")).context["programmes"][0].participant_count == 1


def test_list_gives_an_empty_state_in_lithuanian_to_others(client, cast, programme):
    client.force_login(cast.ona)
    response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    assert response.context["programmes"] == []
    assert "Jūs nekoordinuojate jokios programos" in response.text


def test_list_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("programmes:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_superuser_sees_every_programme(client, programme, other_programme):
    admin = User.objects.create_superuser("root@kokybe.test", "x")
    client.force_login(admin)
    pass_second_factor(client, admin)
    assert len(client.get(reverse("programmes:list")).context["programmes"]) == 2
    assert client.get(reverse("programmes:detail", args=[other_programme.pk])).status_code == 200


def test_detail_lists_participants_with_their_basic_data(client, cast, programme):
    cast.beta.municipality = "Kauno m. sav."
    cast.beta.website = "https://beta.example.lt"
    cast.beta.save()
    Service.objects.create(org=cast.beta, name="Dienos socialinė globa")
    Service.objects.create(org=cast.beta, name="Baigta paslauga", status=Service.Status.ENDED)
    client.force_login(cast.jonas)
    response = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert response.status_code == 200
    [row] = response.context["participations"]
    assert row.org == cast.beta
    assert row.service_count == 2  # the cast's service and the new one; an ended service does not count
    text = response.text
    with translation.override("lt"):
        legal_form = str(cast.beta.get_legal_form_display())
    for expected in ["Betos globos namai", legal_form, "Kauno m. sav.", "2019-01-11", "https://beta.example.lt"]:
        assert expected in text
    assert "43 940 212,00 Eur" in text.replace("\xa0", " ")
    assert "Jonas Jonaitis" in text  # the programme's coordinators are named


def test_detail_shows_the_english_title_in_english(client, cast, programme):
    cast.jonas.language = "en"
    cast.jonas.save()
    client.force_login(cast.jonas)
    response = client.get(reverse("programmes:detail", args=[programme.pk]), headers={"accept-language": "en"})
    assert "Improving the quality of social services with EQUASS" in response.text
    assert "Participating organisations" in response.text


def test_coordinator_of_another_programme_gets_404(client, cast, programme, other_programme):
    client.force_login(cast.jonas)
    assert client.get(reverse("programmes:detail", args=[other_programme.pk])).status_code == 404


def test_member_of_a_participating_organisation_gets_404(client, cast, programme):
    client.force_login(cast.petras)  # Beta takes part, but Petras does not coordinate the programme
    assert client.get(reverse("programmes:detail", args=[programme.pk])).status_code == 404


def test_detail_sends_anonymous_visitors_to_login(client, programme):
    response = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_refuses_post(client, cast, programme):
    client.force_login(cast.jonas)
    assert client.post(reverse("programmes:detail", args=[programme.pk])).status_code == 405


def test_detail_query_count_does_not_grow_with_participants(client, cast, programme):
    client.force_login(cast.jonas)
    url = reverse("programmes:detail", args=[programme.pk])

    def grow(n):
        have = programme.participations.count()
        for i in range(have, n):
            org = Organisation.objects.create(name=f"Paslaugų centras {i}", slug=f"centras-{i}")
            Service.objects.create(org=org, name="Socialinė priežiūra")
            ProgrammeParticipation.objects.create(programme=programme, org=org, joined_on=date(2019, 2, 1))

    def render():
        response = client.get(url)
        assert response.status_code == 200

    small, large = assert_constant_queries(render, grow, small=10, large=300)
    assert small <= 12  # + the person's programme role and the waves


def test_programmes_link_is_shown_only_to_coordinators(client, cast, programme):
    link = f'href="{reverse("programmes:list")}"'
    client.force_login(cast.jonas)
    assert link in client.get(reverse("orgs:dashboard", args=[cast.alfa.slug])).text
    client.force_login(cast.ona)
    assert link not in client.get(reverse("orgs:dashboard", args=[cast.alfa.slug])).text


def test_a_new_user_without_programmes_sees_no_link(client, db):
    user = make_user("naujas@kokybe.test", "Naujas Vartotojas")
    client.force_login(user)
    assert f'href="{reverse("programmes:list")}"' not in client.get(reverse("root:home")).text


def test_list_query_count_does_not_grow_with_programmes(client, cast):
    client.force_login(cast.jonas)

    def grow(n):
        for i in range(Programme.objects.count(), n):
            make_programme(cast.beta, code=f"P-{i:04}", coordinators=[cast.jonas], participants=[cast.alfa])

    def render():
        response = client.get(reverse("programmes:list"))
        assert response.status_code == 200

    assert_constant_queries(render, grow, small=10, large=100)


def test_home_leads_a_programme_coordinator_to_the_programmes_first(client, cast, programme, other_programme):
    # Jonas belongs to one organisation, which alone would send him to its dashboard; he also coordinates a programme.
    client.force_login(cast.jonas)
    response = client.get(reverse("root:home"))
    assert response.status_code == 200
    page = response.text[response.text.index("<main") :]
    assert "Jūsų programos" in page
    detail = f'href="{reverse("programmes:detail", args=[programme.pk])}"'
    dashboard = f'href="{reverse("orgs:dashboard", args=[cast.alfa.slug])}"'
    assert detail in page and dashboard in page
    assert page.index(detail) < page.index(dashboard)
    assert reverse("programmes:detail", args=[other_programme.pk]) not in page


def test_home_still_goes_straight_to_the_one_organisation_of_everyone_else(client, cast, programme):
    client.force_login(cast.ona)
    response = client.get(reverse("root:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:dashboard", args=[cast.ona.memberships.get().org.slug])


def test_home_of_a_coordinator_with_no_organisation_says_so(client, db):
    user = make_user("programa@kokybe.test", "Programos Koordinatorė")
    org = Organisation.objects.create(name="Agentūra", slug="agentura")
    make_programme(org, code="P-1", title="Programa", coordinators=[user])
    client.force_login(user)
    page = client.get(reverse("root:home")).text
    assert "Nesate jokios organizacijos komandos narys." in page and "Programa" in page


def test_home_of_the_platform_administrator_says_all_programmes_and_leads_to_the_admin(client, cast, programme):
    admin = User.objects.create_superuser(
        email="admin@kokybe.test", password="x", full_name="Platformos Administratorius"
    )
    client.force_login(admin)
    pass_second_factor(client, admin)
    page = client.get(reverse("root:home")).text
    assert "Visos programos" in page and "Jūsų koordinuojamos programos" not in page
    assert f'href="{reverse("admin:index")}"' in page


def test_detail_pages_participants_and_finds_them_by_name_or_municipality(client, cast, programme):
    for i in range(60):
        org = Organisation.objects.create(
            name=f"Paslaugų centras {i:02}", slug=f"centras-{i}", municipality="Utenos r." if i == 42 else ""
        )
        ProgrammeParticipation.objects.create(programme=programme, org=org, joined_on=date(2019, 2, 1))
    client.force_login(cast.jonas)
    url = reverse("programmes:detail", args=[programme.pk])
    first = client.get(url).content.decode()
    assert "(61)" in first and "Paslaugų centras 00" in first and "Paslaugų centras 59" not in first
    assert "Puslapis 1 iš 2" in first and 'href="?page=2#participants-title"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Paslaugų centras 59" in second and "Paslaugų centras 00" not in second
    found = client.get(url, {"q": "utenos"}).content.decode()
    assert "Rasta 1 organizacija." in found and "Paslaugų centras 42" in found and "Paslaugų centras 41" not in found
    assert "Nė viena dalyvaujanti" in client.get(url, {"q": "nėra tokio"}).content.decode()
