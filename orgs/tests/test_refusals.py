"""What a person refused by the tenant gate (403) is told, and where the page sends them."""

import pytest
from django.test import Client
from django.urls import reverse

from orgs.models import Membership
from orgs.roles import Role

pytestmark = pytest.mark.django_db


def get(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_staff_refused_a_managers_page_are_told_why_and_led_back(cast):
    response = get(cast.rasa, reverse("orgs:settings", args=[cast.alfa.slug]))
    assert response.status_code == 403
    page = response.text
    assert "Jūsų vaidmuo šioje organizacijoje neleidžia" in page
    assert f'href="{reverse("orgs:dashboard", args=[cast.alfa.slug])}"' in page
    assert cast.alfa.name in page


def test_an_external_auditor_is_led_to_the_audit_material_not_told_to_ask_the_coordinator(cast):
    auditor = cast.users[Role.EXTERNAL_AUDITOR]
    assert Membership.objects.get(user=auditor, org=cast.alfa).role == Role.EXTERNAL_AUDITOR
    response = get(auditor, reverse("documents:list", args=[cast.alfa.slug]))
    assert response.status_code == 403
    page = response.text
    assert "Kaip išorės auditorius matote medžiagą" in page and "kokybės koordinatori" not in page
    assert f'href="{reverse("audits:granted", args=[cast.alfa.slug])}"' in page


def test_an_outsider_still_gets_404_and_no_hint(cast):
    response = get(cast.petras, reverse("orgs:settings", args=[cast.alfa.slug]))
    assert response.status_code == 404
    assert cast.alfa.name not in response.text
