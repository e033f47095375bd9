"""The second factor: setting it up, logging in with it, recovery codes, losing a device, and who must have one."""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp_webauthn.models import WebAuthnCredential

from accounts import mfa, services
from accounts.models import AuthenticatorApp, RecoveryCode, RecoveryCodes, SecondFactorPolicy, User
from kokybe.test import PASSWORD
from orgs.models import ActivityEntry
from orgs.roles import Role

pytestmark = pytest.mark.django_db

DASHBOARD = "/o/alfa/"


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step if offset else totp.time
    return f"{totp.token():0{device.digits}d}"


def password_login(user, client=None):
    client = client or Client()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def app_device(user):
    return AuthenticatorApp.objects.create(user=user, name="Telefonas", confirmed=True)


def require(cast, *roles):
    return services.second_factor_policy_set(org=cast.alfa, roles=list(roles), by=cast.ona)


def test_a_member_of_an_org_without_a_policy_logs_in_with_the_password_alone(cast):
    client = password_login(cast.rasa)
    assert client.get(DASHBOARD).status_code == 200


def test_a_required_role_without_a_device_is_taken_to_set_one_up(cast):
    require(cast, Role.DIRECTOR, Role.COORDINATOR)
    client = password_login(cast.ona)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_devices"))
    # Other roles of the same organisation are not asked.
    assert password_login(cast.rasa).get(DASHBOARD).status_code == 200


def test_setting_up_an_app_shows_a_qr_code_confirms_with_a_code_and_gives_recovery_codes(cast):
    require(cast, Role.DIRECTOR)
    client = password_login(cast.ona)
    page = client.get(reverse("accounts:mfa_app_add"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<script>" not in html and "style=" not in html  # the page lives under the strict CSP
    device = AuthenticatorApp.objects.get(user=cast.ona)
    assert not device.confirmed

    wrong = client.post(reverse("accounts:mfa_app_add"), {"code": "000000" if code_for(device) != "000000" else "1"})
    assert wrong.status_code == 200 and "nesutapo" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()

    response = client.post(reverse("accounts:mfa_app_add"), {"code": code_for(device)})
    assert response["Location"] == reverse("accounts:mfa_codes")
    device.refresh_from_db()
    assert device.confirmed
    codes = client.session[mfa.FRESH_CODES]
    assert len(codes) == 10 and RecoveryCode.objects.filter(device__user=cast.ona).count() == 10
    shown = client.get(reverse("accounts:mfa_codes")).content.decode()
    assert all(code in shown for code in codes)
    download = client.get(reverse("accounts:mfa_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)
    # Once the person says they saved them, the codes are never shown again.
    client.post(reverse("accounts:mfa_codes"), {"action": "saved"})
    assert codes[0] not in client.get(reverse("accounts:mfa_codes")).content.decode()
    assert client.get(reverse("accounts:mfa_codes_download"))["Location"] == reverse("accounts:mfa_codes")
    # The session passed the second step when the device was confirmed.
    assert client.get(DASHBOARD).status_code == 200


def test_a_person_with_a_device_is_asked_for_a_code_after_the_password(cast):
    device = app_device(cast.rasa)
    client = password_login(cast.rasa)
    response = client.get(DASHBOARD)
    assert response["Location"] == f"{reverse('accounts:mfa_verify')}?next=%2Fo%2Falfa%2F"
    before = client.session.session_key
    wrong = client.post(reverse("accounts:mfa_verify"), {"code": "12345", "next": DASHBOARD})
    assert wrong.status_code == 200
    assert client.get(DASHBOARD).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp's own back-off after a wrong code (one second for the first)
    done = client.post(reverse("accounts:mfa_verify"), {"code": code_for(device), "next": DASHBOARD})
    assert done["Location"] == DASHBOARD
    assert client.session.session_key != before  # a new session key once verified
    assert client.get(DASHBOARD).status_code == 200


def test_the_verify_page_refuses_a_next_to_another_site(cast):
    device = app_device(cast.rasa)
    client = password_login(cast.rasa)
    done = client.post(reverse("accounts:mfa_verify"), {"code": code_for(device), "next": "https://evil.example/"})
    assert done["Location"] == reverse("root:home")


def test_a_recovery_code_works_once_and_says_how_many_are_left(cast):
    app_device(cast.rasa)
    codes = mfa.recovery_codes_renew(cast.rasa)
    client = password_login(cast.rasa)
    response = client.post(reverse("accounts:mfa_verify"), {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:mfa_devices")
    assert "9" in response.content.decode()
    assert mfa.recovery_codes_left(cast.rasa) == 9
    again = password_login(cast.rasa)
    assert again.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 200
    assert again.get(DASHBOARD).status_code == 302


def test_wrong_codes_are_throttled_like_passwords(cast, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    device = app_device(cast.rasa)
    client = password_login(cast.rasa)
    for _ in range(3):
        client.post(reverse("accounts:mfa_verify"), {"code": "99999999"})
    # Past the limit even the right code is refused.
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)})
    assert response.status_code == 200 and "Per daug" in response.content.decode()
    assert client.get(DASHBOARD).status_code == 302


def test_a_superuser_always_needs_a_second_factor(db):
    admin = User.objects.create_superuser("root@kokybe.test", PASSWORD)
    client = password_login(admin)
    assert client.get("/").status_code == 302
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:mfa_devices"))


def test_the_django_admin_needs_a_second_factor_for_staff(cast):
    cast.rasa.is_staff = True
    cast.rasa.save()
    client = password_login(cast.rasa)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:mfa_devices"))


def test_devices_cannot_be_managed_before_the_second_step(cast):
    device = app_device(cast.rasa)
    client = password_login(cast.rasa)
    for name in ("accounts:mfa_devices", "accounts:mfa_app_add", "accounts:mfa_codes"):
        assert client.get(reverse(name))["Location"].startswith(reverse("accounts:mfa_verify")), name
    remove = reverse("accounts:mfa_device_remove", args=["app", device.pk])
    assert client.post(remove)["Location"].startswith(reverse("accounts:mfa_verify"))
    assert AuthenticatorApp.objects.filter(pk=device.pk).exists()
    begin = client.post(reverse("accounts:passkey_register_begin"), content_type="application/json")
    assert begin.status_code == 403


def test_removing_the_last_device_removes_the_recovery_codes(cast):
    device = app_device(cast.rasa)
    mfa.recovery_codes_renew(cast.rasa)
    client = password_login(cast.rasa)
    client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)})
    client.post(reverse("accounts:mfa_device_remove", args=["app", device.pk]))
    assert not AuthenticatorApp.objects.filter(user=cast.rasa).exists()
    assert mfa.recovery_codes_left(cast.rasa) == 0


def test_one_cannot_remove_someone_elses_device(cast):
    theirs = app_device(cast.jonas)
    client = password_login(cast.rasa)
    assert client.post(reverse("accounts:mfa_device_remove", args=["app", theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:mfa_device_remove", args=["phone", theirs.pk])).status_code == 404


def test_new_recovery_codes_replace_the_old_ones(cast):
    app_device(cast.rasa)
    old = mfa.recovery_codes_renew(cast.rasa)
    client = Client()
    client.force_login(cast.rasa)
    session = client.session
    session["otp_device_id"] = AuthenticatorApp.objects.get(user=cast.rasa).persistent_id
    session.save()
    client.post(reverse("accounts:mfa_codes"), {"action": "renew"})
    new = client.session[mfa.FRESH_CODES]
    assert set(new).isdisjoint(old)
    device = RecoveryCodes.objects.get(user=cast.rasa)
    assert device.codes.count() == 10 and not any(device.find(code) for code in old)


def test_passkey_registration_begins_for_a_person_without_a_device(cast):
    client = password_login(cast.rasa)
    response = client.post(reverse("accounts:passkey_register_begin"), content_type="application/json")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == urlparse(settings.SITE_URL).hostname
    assert options["user"]["name"] == cast.rasa.email
    assert client.get(reverse("accounts:passkey_register_begin")).status_code == 405


def test_passkey_rp_id_is_localhost_there_and_the_site_host_elsewhere(rf, settings):
    settings.SITE_URL = "https://kokybe.example.lt"
    settings.ALLOWED_HOSTS = ["localhost", "kokybe.example.lt"]
    assert mfa.passkey_rp_id(rf.get("/", HTTP_HOST="localhost:8123")) == "localhost"
    assert mfa.passkey_rp_id(rf.get("/", HTTP_HOST="kokybe.example.lt")) == "kokybe.example.lt"
    helper = mfa.PasskeyHelper(rf.get("/", HTTP_HOST="localhost:8123"))
    assert "http://localhost:8123" in helper.get_allowed_origins()
    assert (
        "https://evil.example"
        not in mfa.PasskeyHelper(rf.get("/", HTTP_HOST="kokybe.example.lt")).get_allowed_origins()
    )


def test_a_person_with_only_a_passkey_is_sent_to_the_second_step(cast):
    WebAuthnCredential.objects.create(user=cast.rasa, confirmed=True, credential_id_sha256="x", public_key=b"k")
    client = password_login(cast.rasa)
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:mfa_verify"))
    page = client.get(reverse("accounts:mfa_verify")).content.decode()
    assert 'data-passkey="login"' in page


def test_a_manager_sets_the_roles_and_sees_who_has_not_set_up(cast):
    client = Client()
    client.force_login(cast.jonas)
    url = reverse("security:policy", args=[cast.alfa.slug])
    response = client.post(url, {"roles": [Role.DIRECTOR, Role.STAFF]})
    assert response.status_code == 302
    assert SecondFactorPolicy.objects.get(org=cast.alfa).roles == [Role.DIRECTOR, Role.STAFF]
    entry = ActivityEntry.objects.get(org=cast.alfa, verb=ActivityEntry.Verb.UPDATED)
    assert entry.actor == cast.jonas
    app_device(cast.rasa)
    page = client.get(url).content.decode()
    assert cast.ona.full_name in page and cast.rasa.full_name in page
    assert "kitą kartą prisijungus" in page  # Ona has not set one up yet
    # An unknown role writes nothing.
    assert client.post(url, {"roles": ["pope"]}).status_code == 200
    assert SecondFactorPolicy.objects.get(org=cast.alfa).roles == [Role.DIRECTOR, Role.STAFF]


def test_the_policy_of_one_organisation_binds_its_members_only(cast):
    services.second_factor_policy_set(org=cast.beta, roles=[Role.DIRECTOR], by=cast.petras)
    assert mfa.is_required(cast.petras)
    assert not mfa.is_required(cast.ona)


def test_each_change_to_how_one_logs_in_is_mailed(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    client = password_login(cast.rasa)
    client.get(reverse("accounts:mfa_app_add"))
    device = AuthenticatorApp.objects.get(user=cast.rasa)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:mfa_app_add"), {"code": code_for(device)})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.rasa.email]
    assert mail.outbox[0].subject == "Kokybė: pasikeitė jūsų prisijungimo būdas"
    assert "pridėta autentifikavimo programėlė" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:mfa_codes"), {"action": "renew"})
        client.post(reverse("accounts:mfa_device_remove", args=["app", device.pk]))
        client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "Nauj4s-slaptazodis", "new_password2": "Nauj4s-slaptazodis"},
        )
    bodies = [m.body for m in mail.outbox[1:]]
    assert len(bodies) == 3
    assert "atkūrimo kodai" in bodies[0] and "pašalintas" in bodies[1] and "slaptažodis" in bodies[2]
