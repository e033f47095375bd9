"""Every login door is throttled alike, the counters are shared between processes, and sessions end when idle."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user
from django.core.cache import cache
from django.urls import reverse

from accounts import sessions
from accounts.models import User
from kokybe.test import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def limits(settings):
    cache.clear()
    settings.LOGIN_FAILURE_LIMIT = 3
    yield settings
    cache.clear()


def test_admin_login_is_refused_past_the_limit_with_the_apps_message(client):
    admin = User.objects.create_superuser("admin@alfa.lt", PASSWORD)
    for _ in range(3):
        client.post(ADMIN_LOGIN, {"username": admin.email, "password": "wrong"})
    response = client.post(ADMIN_LOGIN, {"username": admin.email, "password": PASSWORD})
    assert not get_user(client).is_authenticated
    assert "Per daug nesėkmingų bandymų. Palaukite 15 min." in response.content.decode()


def test_admin_and_app_logins_count_in_the_same_counters(client):
    user = make_user("ona@alfa.lt")
    for _ in range(2):
        client.post(ADMIN_LOGIN, {"username": user.email, "password": "wrong"})
    client.post(LOGIN, {"username": user.email, "password": "wrong"})
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert not get_user(client).is_authenticated


def _manage(db_file, code):
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_DIR", "REDIS_URL", "DEBUG")}
    env.update(SECRET_KEY="t", DATABASE_URL=f"sqlite:///{db_file}", DJANGO_SETTINGS_MODULE="kokybe.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", *code[:1], *(["--no-imports"] if code[0] == "shell" else []), *code[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_processes_share_the_failed_login_counter(tmp_path):
    """Two separate Python processes (two gunicorn workers, or two app servers on one database) see one count, with
    the default settings: no CACHE_DIR, no REDIS_URL."""
    db_file = tmp_path / "shared.sqlite3"
    _manage(db_file, ["createcachetable"])
    hit = "from kokybe.lib import throttle; [throttle.hit('login', ['ona@alfa.lt'], 900) for _ in range(2)]"
    _manage(db_file, ["shell", "-c", hit])
    _manage(db_file, ["shell", "-c", hit])
    count = "from kokybe.lib import throttle; from django.core.cache import cache; "
    count += "print(cache.get(throttle._key('login', 'ona@alfa.lt')))"
    assert _manage(db_file, ["shell", "-c", count]) == "4"


def test_migrate_makes_the_cache_table(settings):
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t_cache"}}
    assert "t_cache" not in connection.introspection.table_names()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "t_cache" in connection.introspection.table_names()


def login(client, remember=False):
    user = make_user("ona@alfa.lt")
    data = {"username": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(LOGIN, data)
    assert response.status_code == 302
    return response


def test_without_remember_me_the_session_ends_with_the_browser(client):
    cookie = login(client).cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


def test_remember_me_keeps_the_session_for_7_days(client):
    cookie = login(client, remember=True).cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 7 * 24 * 3600


def _idle(client, seconds):
    session = client.session
    session[sessions.LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_a_session_idle_past_the_limit_is_logged_out_with_a_message(client, settings):
    settings.SESSION_IDLE_SECONDS = 8 * 3600
    login(client)
    _idle(client, 8 * 3600 - 60)
    assert client.get(reverse("accounts:profile")).status_code == 200
    _idle(client, 8 * 3600 + 1)
    response = client.get(reverse("accounts:profile"), follow=True)
    assert not get_user(client).is_authenticated
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "Buvote atjungti po 8 val. neveiklumo" in response.content.decode()


def test_a_remembered_session_is_not_ended_by_idleness(client):
    login(client, remember=True)
    _idle(client, 9 * 3600)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_login_page_offers_remember_me_unticked(client):
    html = client.get(LOGIN).content.decode()
    assert 'name="remember"' in html and "checked" not in html
