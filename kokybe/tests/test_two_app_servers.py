"""Two app servers on one database (issue 20): nothing a request needs is kept in the web process.

Two gunicorn servers on two loopback ports share one database (a SQLite file, or the PostgreSQL database named by
TWO_SERVERS_DATABASE_URL). One browser's cookies go to both: a login made on one server is valid on the other, the
person's sessions list shows the same session on both, failed logins count together (the database cache), a PDF
export asked for on one is made by the background worker (`run_worker --batch`, a process of its own) and downloaded
from the other, and logging out on one ends the session on both.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PASSWORD = "Dvi-sistemos-2026"
SETUP = f"""
from accounts.models import User
from actions.models import ImprovementAction
from orgs.models import Membership, Organisation
org = Organisation.objects.create(name="Alfa", short_name="Alfa", slug="alfa")
for email, name in (("jonas@alfa.test", "Jonas Jonaitis"), ("rasa@alfa.test", "Rasa Rasaitė")):
    user = User.objects.create_user(email, {PASSWORD!r}, full_name=name)
    Membership.objects.create(org=org, user=user, role="coordinator")
ImprovementAction.objects.bulk_create(
    ImprovementAction(org=org, number=i, title=f"Veiksmas {{i}}") for i in range(1, 4)
)
"""

pytestmark = pytest.mark.skipif(
    shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None, reason="gunicorn is not installed"
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_DIR", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="kokybe.settings",
        DATABASE_URL=os.environ.get("TWO_SERVERS_DATABASE_URL") or f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        SECRET_KEY="two-app-servers-" + "k" * 40,
        DEBUG="1",  # plain static files and http cookies; nothing else here depends on it
        MEDIA_ROOT=str(tmp_path / "media"),
        ALLOWED_HOSTS="127.0.0.1",
        LOGIN_FAILURE_LIMIT="3",
        TASK_BACKEND="django_tasks_db.DatabaseBackend",
    )
    return env


def _manage(env, *args, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class _Stay(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


class Browser:
    """One browser: one cookie jar, sent to both servers (cookies do not depend on the port)."""

    def __init__(self):
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _Stay())

    def request(self, url, data=None):
        body = urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(Request(url, data=body), timeout=120) as response:
                return response.status, response.headers, response.read()
        except HTTPError as error:
            return error.code, error.headers, error.read()

    def form_post(self, page_url, url, data):
        """POST `data` to `url` with the CSRF token of the form on `page_url`."""
        _status, _headers, page = self.request(page_url)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        return self.request(url, {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def servers(tmp_path):
    env = _env(tmp_path)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "shell", "--no-imports", "-c", SETUP)
    procs, urls = [], []
    for _ in range(2):
        port = _free_port()
        command = [sys.executable, "-m", "gunicorn", "kokybe.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "120"]
        log = (tmp_path / f"server-{port}.log").open("w")
        procs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if Browser().request(url + "/accounts/login/")[0] == 200:
                        break
                except (URLError, ConnectionError, OSError):
                    pass
                assert time.monotonic() < deadline, f"{url} did not start"
                time.sleep(0.5)
        yield env, urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


def _login(browser, server, email, password=PASSWORD):
    return browser.form_post(
        server + "/accounts/login/", server + "/accounts/login/", {"username": email, "password": password}
    )


def test_two_app_servers_share_sessions_throttles_exports_and_logouts(servers):
    env, (a, b) = servers
    jonas = Browser()
    status, headers, _body = _login(jonas, a, "jonas@alfa.test")
    assert status == 302, "the login on server A"

    # The session made on A is valid on B, and listed the same on both.
    status, _headers, body = jonas.request(b + "/o/alfa/")
    assert status == 200 and b"Jonas Jonaitis" in body
    for server in (a, b):
        assert jonas.request(server + "/accounts/sessions/")[2].count("(ši sesija)".encode()) == 1

    # A background export asked for on B: the worker (its own process) makes it; A serves the file.
    status, headers, _body = jonas.form_post(b + "/o/alfa/actions/", b + "/o/alfa/exports/new/actions.plan_pdf/", {})
    assert status == 302 and "/o/alfa/exports/" in headers["Location"]
    detail = headers["Location"]
    detail = detail if detail.startswith("http") else a + detail
    _manage(env, "run_worker", "--batch")
    status, _headers, page = jonas.request(detail)
    download = re.search(rb'href="(/o/alfa/exports/[0-9a-f-]+/download/)"', page)
    assert status == 200 and download, page[-2000:]
    status, headers, pdf = jonas.request(a + download.group(1).decode())
    assert status == 200 and pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"

    # Failed logins count together: two wrong on A and one on B, then the right password on A is refused.
    rasa = Browser()
    for server in (a, a, b):
        assert _login(rasa, server, "rasa@alfa.test", "wrong-password")[0] == 200
    status, _headers, body = _login(rasa, a, "rasa@alfa.test")
    assert status == 200 and "Per daug nesėkmingų bandymų".encode() in body

    # Logging out on B ends the session on A too.
    status, _headers, _body = jonas.form_post(b + "/o/alfa/", b + "/accounts/logout/", {})
    assert status == 302
    status, headers, _body = jonas.request(a + "/o/alfa/")
    assert status == 302 and "/accounts/login/" in headers["Location"]
