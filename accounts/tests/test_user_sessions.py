"""A person's sessions: listed with browser, network and times, and ended one by one or all but this one."""

import re
import time

from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import sessions
from accounts.models import UserSession
from kokybe.test import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)
PROFILE = reverse("accounts:profile")


def login(user, agent=FIREFOX, address="192.0.2.41"):
    client = Client(headers={"user-agent": agent}, REMOTE_ADDR=address)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_list_shows_each_session_with_its_browser_network_and_this_one_marked(cast):
    desk = login(cast.rasa)
    login(cast.rasa, PHONE, "2001:db8:1234:5678::9")
    html = desk.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox, Windows" in html and "Chrome, Android" in html
    assert "192.0.2.*" in html and "2001:db8:1234:*" in html
    assert "192.0.2.41" not in html
    assert html.count("(ši sesija)") == 1
    assert html.index("Firefox, Windows") < html.index("(ši sesija)") < html.index("Chrome, Android")
    # No session key is ever on the page: a reader of it could take the session over.
    for key in UserSession.objects.filter(user=cast.rasa).values_list("session_key", flat=True):
        assert key not in html
    # Someone else's sessions are not listed.
    login(cast.jonas, PHONE)
    assert desk.get(reverse("accounts:sessions")).content.decode().count("Chrome, Android</td>") == 1


def test_signing_out_another_session_ends_it_and_only_it(cast):
    desk = login(cast.rasa)
    phone = login(cast.rasa, PHONE)
    page = desk.get(reverse("accounts:sessions")).content.decode()
    refs = re.findall(r"/accounts/sessions/([0-9a-f]+)/end/", page)
    assert len(refs) == 1  # only the other one has a button
    response = desk.post(reverse("accounts:session_end", args=[refs[0]]), follow=True)
    assert "Ta sesija atjungta" in response.content.decode()
    assert phone.get(PROFILE)["Location"].startswith(reverse("accounts:login"))
    assert desk.get(PROFILE).status_code == 200


def test_a_session_of_someone_else_cannot_be_ended(cast):
    theirs = login(cast.jonas)
    key = theirs.session.session_key
    mine = login(cast.rasa)
    response = mine.post(reverse("accounts:session_end", args=[sessions.reference(key)]), follow=True)
    assert "Ta sesija jau buvo pasibaigusi" in response.content.decode()
    assert theirs.get(PROFILE).status_code == 200
    # A made-up reference: the same answer, nothing ends.
    mine.post(reverse("accounts:session_end", args=["0" * 24]))
    assert theirs.get(PROFILE).status_code == 200 and mine.get(PROFILE).status_code == 200


def test_sign_out_everywhere_else_keeps_this_session(cast):
    desk = login(cast.rasa)
    others = [login(cast.rasa, PHONE), login(cast.rasa)]
    jonas = login(cast.jonas)
    response = desk.post(reverse("accounts:session_end_others"), follow=True)
    assert "Atjungtos 2 kitos sesijos" in response.content.decode()
    assert desk.get(PROFILE).status_code == 200
    for client in others:
        assert client.get(PROFILE).status_code == 302
    assert jonas.get(PROFILE).status_code == 200
    assert UserSession.objects.filter(user=cast.rasa).count() == 1
    assert "Kitur neprisijungta" in desk.get(reverse("accounts:sessions")).content.decode()


def test_a_password_change_leaves_only_this_session_on_the_list(cast):
    desk = login(cast.rasa)
    login(cast.rasa, PHONE)
    new = "Kitas-slaptazodis-2026"
    desk.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert list(UserSession.objects.filter(user=cast.rasa).values_list("session_key", flat=True)) == [
        desk.session.session_key
    ]


def test_a_session_past_its_idle_limit_is_not_listed(cast, settings):
    desk = login(cast.rasa)
    stale = login(cast.rasa, PHONE)
    session = stale.session
    session[sessions.LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 10
    session.save()
    html = desk.get(reverse("accounts:sessions")).content.decode()
    assert "Chrome, Android" not in html


def test_last_activity_is_kept_for_remembered_sessions_too(cast):
    client = Client(headers={"user-agent": FIREFOX})
    client.post(reverse("accounts:login"), {"username": cast.rasa.email, "password": PASSWORD, "remember": "on"})
    session = client.session
    session[sessions.LAST_SEEN] = int(time.time()) - 3600
    session.save()
    client.get(PROFILE)
    row = UserSession.objects.get(session_key=client.session.session_key)
    assert time.time() - row.last_activity.timestamp() < 60


def test_addresses_are_shortened_to_their_network():
    assert sessions.shorten_ip("203.0.113.77") == "203.0.113.*"
    assert sessions.shorten_ip("2001:0db8:00a0:1234::1") == "2001:db8:a0:*"
    assert sessions.shorten_ip("not an address") == ""


def test_browsers_are_named_from_their_user_agent():
    edge = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 "
        "Edg/131.0"
    )
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/18.1 Mobile/15E148 Safari/604.1"
    )
    assert sessions.describe_agent(edge) == "Edge, Windows"
    assert sessions.describe_agent(iphone) == "Safari, iPhone"
    assert sessions.describe_agent(FIREFOX) == "Firefox, Windows"
    with translation.override("en"):
        assert sessions.describe_agent("") == "Unknown browser"
