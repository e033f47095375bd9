"""Each person's landing shows what waits for them; staff land on My work; My work is a list that fits a phone."""

import pytest
from django.test import Client
from django.urls import reverse

from actions import services
from actions.models import Source, Status
from documents.tests import factories
from kokybe.test import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def dashboard(user, org):
    return client_for(user).get(reverse("orgs:dashboard", args=[org.slug])).text


def test_director_sees_the_document_waiting_for_her_approval_on_the_dashboard(cast):
    document = factories.submitted(cast, title="Paslaugų gavėjų chartija")
    page = dashboard(cast.ona, cast.alfa)
    assert "Laukia jūsų" in page
    card = page.split('id="waiting-card-title"')[1].split("</section>")[0]
    assert "Paslaugų gavėjų chartija" in card and document.get_absolute_url() in card
    assert "Tvirtinti dokumentą" in card


def test_a_done_action_waits_for_the_verifiers_not_for_staff(cast):
    services.action_create(
        org=cast.alfa, title="Atnaujinti skundų tvarką", source=Source.OTHER, by=cast.jonas, status=Status.DONE
    )
    services.action_create(org=cast.alfa, title="Mano užduotis", source=Source.OTHER, by=cast.jonas, owner=cast.jonas)
    coordinator = dashboard(cast.jonas, cast.alfa).split('id="waiting-card-title"')[1].split("</section>")[0]
    assert "Atnaujinti skundų tvarką" in coordinator and "Patikrinkite, ar veiksmas davė norimą poveikį" in coordinator
    assert "Mano užduotis" not in coordinator  # their own task is My work, not something asked of them
    staff = dashboard(cast.rasa, cast.alfa).split('id="waiting-card-title"')[1].split("</section>")[0]
    assert "Atnaujinti skundų tvarką" not in staff and "Niekas nelaukia jūsų sprendimo ar patikros." in staff


def test_waiting_card_shows_only_this_organisations_items(cast):
    factories.submitted(cast, cast.beta, title="Betos tvarka")
    page = dashboard(cast.ona, cast.alfa)
    assert "Betos tvarka" not in page


def test_staff_land_on_my_work_after_login(cast):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": cast.rasa.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("me:work")


def test_the_director_still_lands_on_the_dashboard(cast):
    response = client_for(cast.ona).get(reverse("root:home"))
    assert response["Location"] == reverse("orgs:dashboard", args=[cast.alfa.slug])


def test_my_work_is_a_list_not_a_table(cast):
    services.action_create(org=cast.alfa, title="Mano užduotis", source=Source.OTHER, by=cast.jonas, owner=cast.rasa)
    page = client_for(cast.rasa).get(reverse("me:work")).text
    assert '<ul class="work-list my-work">' in page and "<table" not in page
    assert "Mano užduotis" in page
