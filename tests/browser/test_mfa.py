"""The second factor in a real browser, with axe-core on every page visited.

A director whose organisation requires it is taken through setting up an authenticator app (the test computes the
code from the key the page shows, as the phone would), saves the recovery codes, logs in again with a recovery code
and then with the app. A staff member adds a passkey with Chromium's virtual authenticator (DevTools WebAuthn domain)
and logs in with it.
"""

import base64
import re
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp_webauthn.models import WebAuthnCredential

from accounts import services
from accounts.models import AuthenticatorApp
from kokybe.test import PASSWORD, make_cast
from orgs.roles import Role

from .helpers import path_of

pytestmark = pytest.mark.browser


def app_code(secret_text):
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def log_out(page):
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button").first.click()


def test_a_director_sets_up_an_app_saves_codes_and_logs_in_with_each(new_context, login, assert_no_axe_violations):
    cast = make_cast()
    services.second_factor_policy_set(org=cast.alfa, roles=[Role.DIRECTOR], by=cast.ona)
    page = new_context().new_page()

    login(page, cast.ona.email, PASSWORD)
    assert path_of(page) == "/accounts/2fa/devices/"
    assert page.get_by_text("Jūsų organizacija jūsų vaidmeniui reikalauja antrojo veiksnio").is_visible()
    assert_no_axe_violations(page)
    page.goto("/o/alfa/")  # nothing else opens before the second factor is set up
    assert path_of(page) == "/accounts/2fa/devices/"

    page.get_by_role("link", name="Nustatyti autentifikavimo programėlę").click()
    assert page.get_by_role("img", name="QR kodas autentifikavimo programėlei").is_visible()
    assert_no_axe_violations(page)
    code = app_code(page.locator("#totp-secret").inner_text())
    page.get_by_label("Programėlės rodomi šeši skaitmenys").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Patvirtinti").click()

    assert path_of(page) == "/accounts/2fa/codes/"
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Atsisiųsti kodus").click()
    assert codes[0] in Path(download.value.path()).read_text(encoding="utf-8")
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugojau").click()
    assert path_of(page) == "/accounts/2fa/devices/"
    page.goto("/o/alfa/")
    assert path_of(page) == "/o/alfa/"
    # Her organisation's login-security page lists her as set up.
    page.get_by_role("link", name="Prisijungimo sauga").click()
    assert page.get_by_role("row", name="Ona Onaitė").get_by_text("nustatytas").is_visible()
    assert_no_axe_violations(page)

    # Lost phone: a recovery code lets her in once, and she is shown her devices.
    log_out(page)
    login(page, cast.ona.email, PASSWORD)
    assert path_of(page) == "/accounts/2fa/"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Pametėte telefoną ar raktą? Prisijunkite atkūrimo kodu").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Grįžti į antrąjį žingsnį").click()
    page.get_by_label("Kodas").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Tęsti").click()
    assert path_of(page) == "/accounts/2fa/devices/"
    assert page.get_by_text("liko nepanaudotų kodų: 9").is_visible()

    # The app, next time (the code of the step just used would be refused as replayed, so the step is forgotten).
    log_out(page)
    AuthenticatorApp.objects.filter(user=cast.ona).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    login(page, cast.ona.email, PASSWORD)
    key = AuthenticatorApp.objects.get(user=cast.ona).bin_key
    page.get_by_label("Kodas").fill(f"{TOTP(key).token():06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Tęsti").click()
    assert path_of(page) == "/o/alfa/"  # the home page opens the one organisation she belongs to


def test_a_staff_member_adds_a_passkey_and_logs_in_with_it(new_context, login, assert_no_axe_violations):
    cast = make_cast()
    context = new_context()
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    login(page, cast.rasa.email, PASSWORD)
    assert not path_of(page).startswith("/accounts/2fa/")  # no device yet, nobody requires one: no second step
    page.goto("/accounts/2fa/devices/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Pridėti prieigos raktą").click()
    assert_no_axe_violations(page)
    with page.expect_navigation(url="**/accounts/2fa/codes/"):
        page.get_by_role("button", name="Pridėti prieigos raktą dabar").click()
    assert WebAuthnCredential.objects.filter(user=cast.rasa, confirmed=True).count() == 1
    with page.expect_navigation():
        page.get_by_role("button", name="Išsaugojau").click()
    assert page.get_by_text("Prieigos raktas (pridėta").is_visible()

    log_out(page)
    login(page, cast.rasa.email, PASSWORD)
    assert path_of(page) == "/accounts/2fa/"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Naudoti mano prieigos raktą").click()
    page.wait_for_url(re.compile(r"/me/work/$"))  # where her home page sends her
    assert WebAuthnCredential.objects.get(user=cast.rasa).last_used_at is not None
