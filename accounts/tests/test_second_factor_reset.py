"""A director removes the second factor of a member who lost their phone: with a reason, logged, mailed; never for a
superuser, oneself, or a member of another organisation."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import mfa
from accounts.models import AuthenticatorApp, RecoveryCodes
from kokybe.test import PASSWORD, client_for, pass_second_factor
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role


def _url(org, membership):
    return reverse("security:reset", args=[org.slug, membership.pk])


def _director(cast):
    return pass_second_factor(client_for(cast.ona), cast.ona)


def _lost_phone(user):
    AuthenticatorApp.objects.create(user=user, name="Telefonas", confirmed=True)
    mfa.recovery_codes_renew(user)


def test_a_director_resets_a_members_second_factor_with_a_reason_logged_and_mailed(
    cast, django_capture_on_commit_callbacks
):
    _lost_phone(cast.rasa)
    client = _director(cast)
    membership = cast.memberships[Role.STAFF]
    page = client.get(_url(cast.alfa, membership)).content.decode()
    assert "Rasa" in page and 'name="reason"' in page
    # The policy page offers the reset for members with a device.
    assert _url(cast.alfa, membership) in client.get(reverse("security:policy", args=["alfa"])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(cast.alfa, membership), {"reason": "Pametė telefoną; paskambinau jai, 2026-12-07"})
    assert response["Location"] == reverse("security:policy", args=["alfa"])
    assert not AuthenticatorApp.objects.filter(user=cast.rasa).exists()
    assert not RecoveryCodes.objects.filter(user=cast.rasa).exists()
    entry = ActivityEntry.objects.get(org=cast.alfa, verb=ActivityEntry.Verb.REMOVED)
    assert entry.actor == cast.ona and entry.changes["reason"] == ["", "Pametė telefoną; paskambinau jai, 2026-12-07"]
    [message] = [m for m in mail.outbox if cast.rasa.email in m.to]
    assert message.subject == "Kokybė: jūsų antrasis veiksnys panaikintas"
    assert "Pametė telefoną" in message.body and "Ona" in message.body

    # She logs in with the password alone now.
    login = Client()
    login.post(reverse("accounts:login"), {"username": cast.rasa.email, "password": PASSWORD})
    assert login.get("/o/alfa/").status_code == 200


def test_without_a_reason_nothing_is_removed(cast):
    _lost_phone(cast.rasa)
    response = _director(cast).post(_url(cast.alfa, cast.memberships[Role.STAFF]), {"reason": "  "})
    assert response.status_code == 200
    assert "Šis laukas yra privalomas" in response.content.decode()
    assert AuthenticatorApp.objects.filter(user=cast.rasa).exists()
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.REMOVED).exists()


def test_a_coordinator_cannot_reset_and_a_member_of_another_organisation_is_not_found(cast):
    _lost_phone(cast.rasa)
    coordinator = pass_second_factor(client_for(cast.users[Role.COORDINATOR]), cast.users[Role.COORDINATOR])
    assert coordinator.post(_url(cast.alfa, cast.memberships[Role.STAFF]), {"reason": "x"}).status_code == 403
    _lost_phone(cast.petras)
    beta = Membership.objects.get(org=cast.beta, user=cast.petras)
    assert _director(cast).post(_url(cast.alfa, beta), {"reason": "x"}).status_code == 404
    assert AuthenticatorApp.objects.filter(user__in=[cast.rasa, cast.petras]).count() == 2


def test_an_unverified_director_a_superuser_and_oneself_are_refused(cast):
    _lost_phone(cast.rasa)
    membership = cast.memberships[Role.STAFF]
    unverified = client_for(cast.ona)  # she has no device, so nothing asked her for the second step
    page = unverified.post(_url(cast.alfa, membership), {"reason": "Pametė telefoną"}).content.decode()
    assert "tik prisijungęs antruoju veiksniu" in page
    assert AuthenticatorApp.objects.filter(user=cast.rasa).exists()

    cast.rasa.is_superuser = True
    cast.rasa.save()
    client = _director(cast)
    page = client.post(_url(cast.alfa, membership), {"reason": "Pametė telefoną"}).content.decode()
    assert "Supernaudotojo antrąjį veiksnį" in page
    assert 'name="reason"' not in page
    assert AuthenticatorApp.objects.filter(user=cast.rasa).exists()

    AuthenticatorApp.objects.create(user=cast.ona, name="Telefonas", confirmed=True)
    page = client.post(_url(cast.alfa, cast.memberships[Role.DIRECTOR]), {"reason": "Pametė"}).content.decode()
    assert "Antrojo veiksnio puslapyje" in page
    assert AuthenticatorApp.objects.filter(user=cast.ona).exists()


def test_the_service_refuses_a_director_who_has_not_passed_the_second_step(cast):
    from django.core.exceptions import ValidationError

    from accounts import services

    _lost_phone(cast.rasa)
    try:
        services.second_factor_reset(membership=cast.memberships[Role.STAFF], reason="Pametė", by=cast.ona)
    except ValidationError as error:
        assert "antruoju veiksniu" in " ".join(error.messages)
    else:
        raise AssertionError("an unverified director reset a second factor")
    assert AuthenticatorApp.objects.filter(user=cast.rasa).exists()
