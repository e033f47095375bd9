"""Password guessing and reset-mail floods are slowed down (kokybe/lib/throttle.py)."""

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kokybe.test import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")


@pytest.fixture(autouse=True)
def limits(settings):
    cache.clear()
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 5
    settings.PASSWORD_RESET_LIMIT = 2
    yield settings
    cache.clear()


def attempt(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(client):
    user = make_user("ona@alfa.lt")
    for _ in range(3):
        assert "Neteisingas el. pašto adresas" in attempt(client, user.email, "wrong").content.decode()
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 200 and not get_user(client).is_authenticated
    assert "Per daug nesėkmingų bandymų. Palaukite 15 min." in response.content.decode()
    # The same account from another address is blocked too: the guesses count against the account.
    elsewhere = Client()
    attempt(elsewhere, user.email, PASSWORD, ip="10.0.0.2")
    assert not get_user(elsewhere).is_authenticated


def test_a_successful_login_resets_the_accounts_count(client):
    user = make_user("ona@alfa.lt")
    for _ in range(2):
        attempt(client, user.email, "wrong")
    attempt(client, user.email, PASSWORD)
    assert get_user(client).is_authenticated
    other = Client()
    for _ in range(2):
        attempt(other, user.email, "wrong")
    attempt(other, user.email, PASSWORD)
    assert get_user(other).is_authenticated


def test_one_address_guessing_many_accounts_is_stopped_but_others_still_log_in(client):
    for n in range(5):
        attempt(client, f"nera{n}@alfa.lt", "wrong")
    user = make_user("jonas@alfa.lt")
    attempt(client, user.email, PASSWORD)
    assert not get_user(client).is_authenticated
    elsewhere = Client()
    attempt(elsewhere, user.email, PASSWORD, ip="10.0.0.9")
    assert get_user(elsewhere).is_authenticated


def test_reset_mails_stop_after_the_limit_and_the_page_still_says_sent(client):
    user = make_user("ona@alfa.lt")
    for _ in range(4):
        response = client.post(RESET, {"email": user.email}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 2


def test_behind_the_proxy_the_address_it_appended_is_counted(client, limits):
    limits.BEHIND_PROXY = True
    user = make_user("ona@alfa.lt")
    for n in range(5):
        client.post(
            LOGIN,
            {"username": f"nera{n}@alfa.lt", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",  # a forged first entry changes nothing
        )
    blocked = Client()
    blocked.post(
        LOGIN,
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert not get_user(blocked).is_authenticated
    other = Client()
    other.post(
        LOGIN,
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert get_user(other).is_authenticated
