"""A person's own data: the download of everything held about them, and erasing an account under a pseudonym."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts import personal, services
from accounts.models import AuthenticatorApp, Invitation, User
from kokybe.test import PASSWORD, client_for, pass_second_factor
from orgs import activity
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

pytestmark = pytest.mark.django_db


def invite(cast):
    return services.invitation_create(org=cast.alfa, by=cast.ona, email="nauja@alfa.test", role=Role.STAFF)


def test_a_member_downloads_everything_held_about_them(cast):
    invitation = invite(cast)
    AuthenticatorApp.objects.create(user=cast.ona, name="Telefonas", confirmed=True)
    client = pass_second_factor(client_for(cast.ona), cast.ona)  # she has a device, so she passed the second step
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and ".json" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == cast.ona.email and data["profile"]["full_name"] == "Ona Onaitė"
    assert data["memberships"] == [
        {
            "organisation": cast.alfa.name,
            "role": "director",
            "unit": None,
            "position": "",
            "access_until": None,
            "is_active": True,
            "since": data["memberships"][0]["since"],
        }
    ]
    assert [a["name"] for a in data["second_factor"]["authenticator_apps"]] == ["Telefonas"]
    # What she did: the invitation she sent and its activity entry.
    assert [row["email"] for row in data["records"]["accounts.Invitation"]] == ["nauja@alfa.test"]
    assert any(row["verb"] == "invited" for row in data["records"]["orgs.ActivityEntry"])
    # Never a secret: the invitation's token, the device's key, the password hash.
    text = response.content.decode()
    assert invitation.token not in text and "bin_key" not in text and "password" not in text
    # Nothing of anyone else's.
    assert "jonas@alfa.test" not in text


def test_the_download_needs_a_login(client):
    assert client.get(reverse("accounts:my_data"))["Location"].startswith(reverse("accounts:login"))


def test_erasing_keeps_the_records_under_a_pseudonym(cast):
    invite(cast)
    activity.record(org=cast.alfa, by=cast.jonas, verb=ActivityEntry.Verb.UPDATED, target=cast.memberships["director"])
    entry = ActivityEntry.objects.filter(target_repr__contains="Ona Onaitė").first()
    assert entry is not None
    AuthenticatorApp.objects.create(user=cast.ona, name="Telefonas", confirmed=True)
    admin = User.objects.create_superuser("admin@kokybe.test", PASSWORD)

    erased = personal.user_erase(user=cast.ona, by=admin)

    assert erased.full_name.startswith("Ištrintas asmuo ")
    assert erased.email.endswith("@erased.invalid") and not erased.is_active and not erased.has_usable_password()
    assert not User.objects.filter(email="ona@alfa.test").exists()
    assert not AuthenticatorApp.objects.filter(user=erased).exists()
    assert not Membership.objects.filter(user=erased, is_active=True).exists()
    # The log still says who did what, under the pseudonym; no text in it names her any more.
    invited = ActivityEntry.objects.get(verb=ActivityEntry.Verb.INVITED)
    assert invited.actor == erased and str(invited.actor) == erased.full_name
    entry.refresh_from_db()
    assert "Ona" not in entry.target_repr and erased.full_name in entry.target_repr
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.REMOVED, target_repr=erased.full_name).exists()
    assert not Invitation.objects.filter(invited_by=erased).exclude(email="nauja@alfa.test").exists()
    # She can no longer log in, with her password or otherwise.
    assert not Client().login(username="ona@alfa.test", password=PASSWORD)


def test_one_cannot_erase_oneself(cast):
    from django.core.exceptions import ValidationError

    admin = User.objects.create_superuser("admin@kokybe.test", PASSWORD)
    with pytest.raises(ValidationError):
        personal.user_erase(user=admin, by=admin)
    admin.refresh_from_db()
    assert admin.email == "admin@kokybe.test"


def test_a_superuser_erases_a_person_from_the_admin(cast):
    admin = User.objects.create_superuser("admin@kokybe.test", PASSWORD)
    client = Client()
    client.force_login(admin)
    pass_second_factor(client, admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "erase", "_selected_action": [cast.rasa.pk]}, follow=True
    )
    assert response.status_code == 200
    cast.rasa.refresh_from_db()
    assert cast.rasa.email.endswith("@erased.invalid") and cast.rasa.full_name in response.content.decode()
