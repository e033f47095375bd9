"""Single sign-on against a real OpenID Connect provider: django-oauth-toolkit (tests/oidc_provider) in its own process
on loopback. Kokybė's side makes real HTTP requests to its token, key and userinfo endpoints and checks the signed ID
token; the person's side of the flow (the provider's login page) is walked with requests."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from kokybe.test import make_user

ROOT = Path(django_settings.BASE_DIR)
CALLBACK = "http://testserver/accounts/sso/callback/"
SETUP = f"""
from django.contrib.auth.models import User
from oauth2_provider.models import Application
for name, last in (("ona", "Onaite"), ("nauja", "Nauja"), ("neaiski", "unverified")):
    User.objects.create_user(name, f"{{name}}@alfa.test", "provider-password", last_name=last)
Application.objects.create(
    name="Kokybe", client_id="kokybe", client_secret="kokybe-secret", client_type="confidential",
    authorization_grant_type="authorization-code", redirect_uris="{CALLBACK}", algorithm="RS256", skip_authorization=True,
)
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_TEST_DB": str(tmp_path_factory.mktemp("oidc") / "provider.sqlite3"),
        "OIDC_TEST_KEY": pem,
    }
    django = [sys.executable, "-m", "django"]
    for command in (["migrate", "-v0"], ["shell", "--no-imports", "-c", SETUP]):
        result = subprocess.run([*django, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*django, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/o/"
    for _ in range(100):
        try:
            requests.get(base + ".well-known/jwks.json", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def sso(provider, settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Alfa 365"
    settings.OIDC_RP_CLIENT_ID = "kokybe"
    settings.OIDC_RP_CLIENT_SECRET = "kokybe-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider + "authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = provider + "token/"
    settings.OIDC_OP_USER_ENDPOINT = provider + "userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = provider + ".well-known/jwks.json"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.sso.VerifiedEmailBackend"]
    return provider


def sign_in_at_provider(authorize_url, username):
    """What the person does in their browser at the provider: log in there; it sends them back with a code."""
    browser = requests.Session()
    login = browser.get(authorize_url, allow_redirects=True, timeout=10)
    assert "/login/" in login.url
    token = browser.cookies["csrftoken"]
    answer = browser.post(
        login.url,
        {"username": username, "password": "provider-password", "csrfmiddlewaretoken": token},
        headers={"Referer": login.url},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    # Back at the authorization endpoint, logged in there: it redirects to Kokybė with a code.
    authorize = browser.get(urljoin(login.url, answer.headers["Location"]), allow_redirects=False, timeout=10)
    assert authorize.status_code == 302, authorize.text[:500]
    return authorize.headers["Location"]


def sso_login(client, username, next_url=""):
    start = client.get(reverse("accounts:sso_start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    callback = sign_in_at_provider(start["Location"], username)
    assert callback.startswith(CALLBACK)
    return client.get(callback.removeprefix("http://testserver"))


@pytest.mark.django_db
def test_a_known_person_signs_in_with_the_provider(sso):
    ona = make_user("ona@alfa.test", "Ona Onaitė")
    client = Client()
    assert "Alfa 365" in client.get(reverse("accounts:login")).content.decode()
    response = sso_login(client, "ona", next_url="/accounts/profile/")
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert get_user(client) == ona
    assert client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_an_unknown_address_is_refused_and_no_account_is_made(sso):
    from accounts.models import User

    client = Client()
    response = sso_login(client, "nauja")
    assert response["Location"] == reverse("accounts:sso_refused")
    assert not get_user(client).is_authenticated
    assert not User.objects.filter(email__iexact="nauja@alfa.test").exists()
    page = client.get(response["Location"])
    assert page.status_code == 403 and "pakviesti" in page.content.decode()


@pytest.mark.django_db
def test_an_address_the_provider_has_not_verified_is_refused(sso):
    make_user("neaiski@alfa.test")
    client = Client()
    response = sso_login(client, "neaiski")
    assert response["Location"] == reverse("accounts:sso_refused")
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_a_switched_off_account_is_refused(sso):
    user = make_user("ona@alfa.test")
    user.is_active = False
    user.save()
    client = Client()
    sso_login(client, "ona")
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_single_sign_on_still_asks_for_the_second_factor(sso):
    from accounts.models import AuthenticatorApp

    ona = make_user("ona@alfa.test")
    AuthenticatorApp.objects.create(user=ona, name="Telefonas", confirmed=True)
    client = Client()
    sso_login(client, "ona")
    assert get_user(client) == ona
    assert client.get("/accounts/profile/")["Location"].startswith(reverse("accounts:mfa_verify"))


@pytest.mark.django_db
def test_without_configuration_single_sign_on_is_not_there(client):
    assert client.get(reverse("accounts:sso_start")).status_code == 404
    assert client.get(reverse("accounts:sso_callback")).status_code == 404
    assert reverse("accounts:sso_start") not in client.get(reverse("accounts:login")).content.decode()
