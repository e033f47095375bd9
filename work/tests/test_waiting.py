"""Each person's landing shows what waits for them; staff land on My work; My work is a list that fits a phone."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Source, Status
from documents.tests import factories
from kokybe import surfaces
from kokybe.test import PASSWORD
from work import items as work_items

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


def test_an_item_that_asks_must_come_from_a_function_registered_as_asking(cast, monkeypatch):
    """The dashboard's "Waiting for you" calls only the asking contributions: an asking item from another function
    would be missed there, so My work refuses it loudly instead of the card silently leaving it out."""
    monkeypatch.setattr(surfaces.work_items, "_functions", surfaces.work_items.contributions())
    monkeypatch.setattr(surfaces.work_items, "_asking", surfaces.work_items.asking_contributions())

    def approvals(user, today, memberships):
        return [
            surfaces.WorkItem(
                org=m.org,
                kind="Prašymas",
                title="Patvirtinti",
                url="/x/",
                due_date=None,
                overdue=False,
                key=f"x:{m.org.pk}",
                asks=True,
            )
            for m in memberships.values()
        ]

    surfaces.work_items(approvals)
    with pytest.raises(ImproperlyConfigured, match="work_items.asking"):
        work_items.items_for(cast.ona, timezone.localdate())
    surfaces.work_items.asking(approvals)
    assert "Patvirtinti" in [i.title for i in work_items.waiting_items(cast.ona, timezone.localdate(), cast.alfa)]


def test_the_waiting_card_calls_only_the_contributions_that_may_ask(cast, monkeypatch):
    called = []

    def recording(func):
        def recorded(user, today, memberships):
            called.append(func.__name__)
            return func(user, today, memberships)

        return recorded

    asking = surfaces.work_items.asking_contributions()
    wrapped = {f: recording(f) for f in surfaces.work_items.contributions()}
    monkeypatch.setattr(surfaces.work_items, "_functions", list(wrapped.values()))
    monkeypatch.setattr(surfaces.work_items, "_asking", [wrapped[f] for f in asking])
    assert 'id="waiting-card-title"' in dashboard(cast.ona, cast.alfa)
    assert sorted(called) == sorted(f.__name__ for f in asking)
    assert "actions_to_verify" in called and "open_actions" not in called
