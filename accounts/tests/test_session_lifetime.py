"""Sessions (ASVS 3.2, 3.3): a new key at login and at the second step, a lifetime however busy, and a password change
that ends every other session."""

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from accounts import sessions
from kokybe.test import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")


def _login(client, user, remember=False):
    data = {"username": user.email, "password": PASSWORD, **({"remember": "on"} if remember else {})}
    assert client.post(LOGIN, data).status_code == 302


def _logged_in_at(client, seconds_ago):
    session = client.session
    session[sessions.LOGIN_AT] = int(time.time()) - seconds_ago
    session[sessions.LAST_SEEN] = int(time.time())
    session.save()


def test_logging_in_gives_the_session_a_new_key():
    client, user = Client(), make_user("ona@alfa.lt")
    client.get(LOGIN)
    session = client.session
    session["before"] = "x"  # a session that already has a key (as after a visit to the login page)
    session.save()
    before = client.session.session_key
    _login(client, user)
    assert client.session.session_key != before
    assert client.session.get("before") == "x"


def test_a_busy_session_ends_after_its_lifetime(settings):
    settings.SESSION_MAX_SECONDS = 12 * 3600
    client, user = Client(), make_user("ona@alfa.lt")
    _login(client, user)
    _logged_in_at(client, 12 * 3600 - 60)
    assert client.get(PROFILE).status_code == 200
    _logged_in_at(client, 12 * 3600 + 1)
    response = client.get(PROFILE, follow=True)
    assert not get_user(client).is_authenticated
    assert "Prisijungimas truko 12 val." in response.content.decode()


def test_a_remembered_session_lasts_its_days_and_no_longer(settings):
    client, user = Client(), make_user("ona@alfa.lt")
    _login(client, user, remember=True)
    _logged_in_at(client, 13 * 3600)
    assert client.get(PROFILE).status_code == 200
    _logged_in_at(client, django_settings.SESSION_COOKIE_AGE + 1)
    assert client.get(PROFILE).status_code == 302
    assert not get_user(client).is_authenticated


def test_changing_the_password_ends_every_other_session():
    user = make_user("ona@alfa.lt")
    here, there = Client(), Client()
    _login(here, user)
    _login(there, user)
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Nauj4s-slaptazodis", "new_password2": "Nauj4s-slaptazodis"},
    )
    assert response.status_code == 302
    assert here.get(PROFILE).status_code == 200  # this browser stays logged in
    assert there.get(PROFILE).status_code == 302  # the other one is logged out
    assert not get_user(there).is_authenticated


def test_the_login_form_says_how_long_remember_me_lasts(client):
    assert "7 dienas" in client.get(LOGIN).content.decode()
