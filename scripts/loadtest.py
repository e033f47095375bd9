"""`make loadtest`: Kokybė under load and faults, on loopback only, bounded in time (issue 20).

What it starts, all of its own (nothing shared is touched, so it never restarts a PostgreSQL other people use):
a PostgreSQL cluster in a temporary folder on a free port (`initdb`, `pg_ctl`; run as the `postgres` user when this
runs as root, since PostgreSQL refuses root), gunicorn with WORKERS workers, and the background worker
(`run_worker`). Then USERS logged-in people (threads, each with its own cookies) send a mix for DURATION seconds:
page views (dashboard, plan, sessions list, the self-assessment cycle), self-assessment autosaves (htmx, one
indicator at a time, each person on indicators of their own as in real work), action edits through the page form
(with its lost-update guard), survey answers sent through the public questionnaire (each from its own address, as
behind the proxy), API reads and writes, and background exports (a write and a queued task each). In the middle
PostgreSQL is restarted once (`pg_ctl restart -m fast`) and, a little later, the worker is killed (SIGKILL) and a
new one started. The server runs as in production (DEBUG=0, collected static files).

It prints throughput, p50/p95 per kind and the errors (allowed only inside the restart window: from the restart
until RESTART_GRACE seconds after it), then checks consistency: every export whose request was acknowledged (a
redirect to its page) exists exactly once and was made (READY) — the killed worker's task included, re-queued by
the next worker; every action created through the API and acknowledged exists exactly once; every acknowledged
autosave and action edit is what the database holds at the end (the last acknowledged value of each); every
acknowledged survey answer is stored, and no more than those plus the ones in flight when the restart hit.
Exit status 1 if an error fell outside the window or an acknowledged write was lost.

Settings (environment): LOADTEST_DURATION (60), LOADTEST_USERS (6), LOADTEST_WORKERS (3), LOADTEST_RESTART_GRACE (10);
LOADTEST_KEEP=1 keeps the working folder (logs of gunicorn, the worker and PostgreSQL).
"""

import base64
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DURATION = int(os.environ.get("LOADTEST_DURATION", 60))
USERS = int(os.environ.get("LOADTEST_USERS", 6))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", 3))
GRACE = int(os.environ.get("LOADTEST_RESTART_GRACE", 10))
PASSWORD = "Apkrovos-bandymas-2026"
SETUP = f"""
import datetime, json
from accounts.models import User
from actions.models import ImprovementAction
from assessments import bench as assessments_bench
from assessments.models import Status
from orgs.models import Membership, Service
from surveys import bench as surveys_bench, library
from surveys.models import Campaign, CampaignStatus
from api.services import token_create
org, cycle, _coordinator = assessments_bench.build("alfa", principles=10, criteria=3, indicators=4)
cycle.status = Status.DRAFT
cycle.save(update_fields=["status"])
for i in range({USERS}):
    user = User.objects.create_user(f"user{{i}}@alfa.test", {PASSWORD!r}, full_name=f"Naudotojas {{i}}")
    Membership.objects.create(org=org, user=user, role="coordinator")
ImprovementAction.objects.bulk_create(
    ImprovementAction(org=org, number=i, title=f"Veiksmas {{i}}") for i in range(101, 151)
)
version = library.import_instrument(surveys_bench._instrument_yaml()).version
survey = Campaign.objects.create(
    org=org, version=version, title="Paslaugų gavėjų apklausa", status=CampaignStatus.OPEN,
    starts_on=datetime.date.today() - datetime.timedelta(days=1),
    ends_on=datetime.date.today() + datetime.timedelta(days=30), served_count=500,
)
survey.services.set(Service.objects.filter(org=org))
secrets = {{}}
for user in User.objects.filter(email__endswith="@alfa.test"):
    _token, secrets[user.email] = token_create(
        user=user, org=org, name="Apkrova", scope="write", expires_on=datetime.date.today() + datetime.timedelta(days=7)
    )
answers = list(cycle.answers.order_by("pk").values_list("pk", "revision"))
print(json.dumps({{"secrets": secrets, "cycle": cycle.pk, "answers": answers, "survey": survey.public_slug}}))
"""
CHECK = """
import json, sys
from django.db.models import Count
from actions.models import ImprovementAction
from assessments.models import IndicatorAnswer
from exports.models import Export
from surveys.models import Response
ids, titles, narratives, edits = json.load(open(sys.argv[-1]))
rows = {str(e.pk): e.status for e in Export.objects.filter(pk__in=ids)}
counts = dict(ImprovementAction.objects.filter(title__in=titles).values_list("title").annotate(n=Count("pk")))
held = {str(pk): text for pk, text in IndicatorAnswer.objects.filter(pk__in=narratives).values_list("pk", "narrative")}
edited = {str(n): t for n, t in ImprovementAction.objects.filter(org__slug="alfa", number__in=edits).values_list("number", "title")}
print(json.dumps([rows, counts, held, edited, Response.objects.filter(org__slug="alfa").count()]))
"""


# What the people do, and how often: reading pages most, then the writes of a working day.
KINDS = [
    "dashboard",
    "plan",
    "cycle",
    "sessions",
    "autosave",
    "action_edit",
    "survey",
    "export",
    "api_read",
    "api_write",
]
WEIGHTS = [4, 3, 2, 1, 5, 2, 3, 1, 3, 2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if not candidates:
        sys.exit(f"{name} not found: install PostgreSQL's server binaries")
    return str(candidates[0])


def as_postgres(args):
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self, folder):
        self.data = Path(folder) / "pgdata"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        subprocess.run(
            as_postgres([pg_binary("initdb"), "-D", str(self.data), "-U", "kokybe", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        self.log = Path(folder) / "pg.log"

    def ctl(self, *args):
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        command = [pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", *args]
        subprocess.run(as_postgres(command), check=True, capture_output=True)

    @property
    def url(self):
        return f"postgres://kokybe@127.0.0.1:{self.port}/kokybe"


class FormReader(HTMLParser):
    """What a browser would send from the page's form that posts to `action` (or its first POST form): text and
    hidden inputs with their values, checked boxes, each select's selected option, textareas; and every radio
    group's choices, so a respondent can pick one."""

    def __init__(self, action=None):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.done = action, False, False
        self.fields, self.radios = [], {}
        self.select = self.textarea = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (a.get("method") or "").lower() == "post":
            self.inside = self.action is None or a.get("action", "") in ("", self.action)
        if not self.inside or ("disabled" in a and tag in ("input", "select", "textarea")):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "checkbox":
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [v for v, _s in self.options[:1]]
            self.fields.extend((self.select, v) for v in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))  # as HTML parsing drops it
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def read_form(page, action=None):
    reader = FormReader(action)
    reader.feed(page.decode())
    return reader


class Stay(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Person:
    def __init__(self, base):
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), Stay())

    def request(self, path, data=None, headers=None):
        body = urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(Request(self.base + path, data=body, headers=headers or {}), timeout=30) as response:
                return response.status, response.headers, response.read()
        except HTTPError as error:
            return error.code, error.headers, error.read()

    def api(self, method, path, payload=None):
        body = json.dumps(payload).encode() if payload is not None else None
        headers = {"Authorization": f"Bearer {self.secret}", "Content-Type": "application/json"}
        try:
            with self.opener.open(
                Request(self.base + path, data=body, headers=headers, method=method), timeout=30
            ) as r:
                return r.status, r.headers, r.read()
        except HTTPError as error:
            return error.code, error.headers, error.read()

    def token(self, path):
        status, _headers, page = self.request(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"no form on {path} ({status})")
        return match.group(1).decode()

    def login(self, email):
        token = self.token("/accounts/login/")
        status, _h, _b = self.request(
            "/accounts/login/", {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        if status != 302:
            raise RuntimeError(f"login of {email} failed ({status})")


def start_worker(env, log):
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def main():
    folder = tempfile.mkdtemp(prefix="kokybe-loadtest-")
    print(f"Working folder: {folder}")
    cluster = Cluster(folder)
    cluster.ctl("start")
    processes = []
    try:
        subprocess.run(
            as_postgres([pg_binary("createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "kokybe", "kokybe"]),
            check=True,
        )
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_DIR", "DJANGO_SETTINGS_MODULE")}
        env.update(
            DATABASE_URL=cluster.url,
            DEBUG="0",  # as in production: the figures are a production server's
            SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
            SECURE_COOKIES="0",
            BEHIND_PROXY="1",  # each survey answer comes from its own address (X-Forwarded-For), as behind nginx
            SECRET_KEY="loadtest-" + "k" * 40,
            FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            ALLOWED_HOSTS="127.0.0.1",
            MEDIA_ROOT=str(Path(folder) / "media"),
            STATIC_ROOT=str(Path(folder) / "static"),
            LOGIN_FAILURE_LIMIT="1000",
            LOG_LEVEL="WARNING",
        )

        def manage(*args):
            return subprocess.run(
                [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            )  # noqa: E731

        print("Migrating and loading the people…")
        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")  # DEBUG=0 serves the collected, hashed files
        scene = json.loads(manage("shell", "--no-imports", "-c", SETUP).stdout.strip().splitlines()[-1])
        secrets = scene["secrets"]
        port = free_port()
        server_log = open(Path(folder) / "gunicorn.log", "w")  # noqa: SIM115
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "kokybe.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS), "-t", "60"],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        processes.append(server)
        worker_log = open(Path(folder) / "worker.log", "w")  # noqa: SIM115
        worker = start_worker(env, worker_log)
        processes.append(worker)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if Person(base).request("/accounts/login/")[0] == 200:
                    break
            except (URLError, OSError):
                pass
            if time.monotonic() > deadline:
                sys.exit("gunicorn did not start")
            time.sleep(0.5)

        people = []
        cycle = f"/o/alfa/assessments/{scene['cycle']}/"
        for i in range(USERS):
            person = Person(base)
            person.login(f"user{i}@alfa.test")
            person.secret = secrets[f"user{i}@alfa.test"]
            person.csrf = person.token(cycle)  # the session's CSRF token, as the cycle page's script sends it
            # Each person works on indicators and actions of their own, as colleagues split a cycle: a conflict
            # between two of them would be the lost-update guard doing its job, not a fault of the server.
            person.answers = {pk: revision for n, (pk, revision) in enumerate(scene["answers"]) if n % USERS == i}
            person.actions = [number for number in range(101, 151) if number % USERS == i]
            people.append(person)

        samples, errors, acknowledged, created = [], [], [], []
        saved_text, edited_title, answered = {}, {}, []
        addresses = iter(range(10**6))
        lock = threading.Lock()
        start = time.monotonic()
        stop_at = start + DURATION
        events = {}

        def work(person):
            while time.monotonic() < stop_at:
                kind = random.choices(KINDS, weights=WEIGHTS)[0]
                t0 = time.monotonic()
                problem = None
                try:
                    if kind == "autosave":
                        pk = random.choice(list(person.answers))
                        text = f"Įgyvendinta {uuid.uuid4()}"
                        status, _h, page = person.request(
                            f"{cycle}i/{pk}/save/",
                            {
                                "rating": "met",
                                "narrative": text,
                                "revision": person.answers[pk],
                                "csrfmiddlewaretoken": person.csrf,
                            },
                            headers={"HX-Request": "true", "X-CSRFToken": person.csrf, "Referer": base + cycle},
                        )
                        ok = status == 200
                        # The answer's new revision comes back in the response, as the page's script reads it.
                        found = re.search(rb'name="revision" id="rev-%d" value="(\d+)"' % pk, page)
                        if ok and found:
                            person.answers[pk] = int(found.group(1))
                            with lock:
                                saved_text[str(pk)] = text
                        elif ok:
                            problem = "autosave answered without the new revision"
                    elif kind == "action_edit":
                        number = random.choice(person.actions)
                        path = f"/o/alfa/actions/{number}/edit/"
                        status, _h, page = person.request(path)
                        form = read_form(page, path)
                        title = f"Veiksmas {number} {uuid.uuid4()}"
                        data = [(k, title if k == "title" else v) for k, v in form.fields]
                        status, headers, _b = person.request(path, data, headers={"Referer": base + path})
                        ok = status == 302
                        if ok:
                            with lock:
                                edited_title[str(number)] = title
                    elif kind == "survey":
                        path = f"/s/{scene['survey']}/"
                        forwarded = {
                            "X-Forwarded-For": f"10.{next(addresses) % 250}.{random.randrange(250)}.{random.randrange(250)}"
                        }
                        respondent = Person(base)  # a stranger with no account and no cookies yet
                        status, _h, page = respondent.request(path, headers=forwarded)
                        form = read_form(page, path)
                        data = [(k, v) for k, v in form.fields if k != "website"]
                        data += [(name, random.choice(values)) for name, values in form.radios.items()]
                        status, headers, _b = respondent.request(
                            path, data, headers={**forwarded, "Referer": base + path}
                        )
                        ok = status == 302 and headers.get("Location", "").endswith("/thanks/")
                        if ok:
                            with lock:
                                answered.append(t0)
                    elif kind == "export":
                        token = person.token("/o/alfa/actions/")
                        status, headers, _b = person.request(
                            "/o/alfa/exports/new/actions.plan_pdf/", {"csrfmiddlewaretoken": token}
                        )
                        found = re.search(r"/exports/([0-9a-f-]{36})/", headers.get("Location", "") or "")
                        ok = status == 302
                        if found:
                            with lock:
                                acknowledged.append(found.group(1))
                    elif kind == "api_read":
                        status, _h, _b = person.api("GET", "/api/v1/orgs/alfa/actions")
                        ok = status == 200
                    elif kind == "api_write":
                        title = f"Apkrova {uuid.uuid4()}"
                        status, _h, _b = person.api("POST", "/api/v1/orgs/alfa/actions", {"title": title})
                        ok = status == 201
                        if ok:
                            with lock:
                                created.append(title)
                    else:
                        path = {
                            "dashboard": "/o/alfa/",
                            "plan": "/o/alfa/actions/",
                            "sessions": "/accounts/sessions/",
                            "cycle": cycle,
                        }[kind]
                        status, _h, _b = person.request(path)
                        ok = status == 200
                    problem = problem if ok else f"HTTP {status}"
                except Exception as exc:  # a refused connection, a timeout
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.monotonic() - t0
                with lock:
                    samples.append((kind, elapsed))
                    if problem:
                        errors.append((t0 - start, t0 - start + elapsed, kind, problem))

        threads = [threading.Thread(target=work, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        time.sleep(DURATION / 3)
        events["restart"] = time.monotonic() - start
        print(f"{events['restart']:.1f} s: restarting PostgreSQL")
        cluster.ctl("restart", "-m", "fast")
        events["restarted"] = time.monotonic() - start
        time.sleep(max(0, DURATION / 2 - (time.monotonic() - start)))
        events["kill"] = time.monotonic() - start
        print(f"{events['kill']:.1f} s: killing the worker (SIGKILL) and starting another")
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker = start_worker(env, worker_log)
        processes.append(worker)
        for thread in threads:
            thread.join()
        took = time.monotonic() - start

        # Let the worker finish the queue (a killed worker's task waits for its heartbeat to go stale: ~1 minute).
        print("Waiting for the queue to empty…")
        ids_file = Path(folder) / "ids.json"
        ids_file.write_text(json.dumps([acknowledged, created, list(saved_text), list(edited_title)]))
        statuses, counts, held, edited, responses = {}, {}, {}, {}, 0
        for _ in range(60):
            statuses, counts, held, edited, responses = json.loads(
                manage("shell", "--no-imports", "-c", CHECK.replace("sys.argv[-1]", repr(str(ids_file)))).stdout
            )
            if all(statuses.get(i) in ("ready", "failed") for i in acknowledged):
                break
            time.sleep(5)

        print(
            f"\n{len(samples)} requests in {took:.0f} s: {len(samples) / took:.1f} per second, {USERS} people, {WORKERS} gunicorn workers"
        )
        print(f"{'kind':<12} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
        for kind in KINDS:
            times = sorted(t for k, t in samples if k == kind)
            if times:
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(f"{kind:<12} {len(times):>6} {statistics.median(times) * 1000:>8.0f} {p95 * 1000:>8.0f}")
        # A request belongs to the restart window if it was in flight at any moment of it.
        window = (events["restart"], events["restarted"] + GRACE)
        inside = [e for e in errors if e[1] >= window[0] and e[0] <= window[1]]
        outside = [e for e in errors if e not in inside]
        after = [e for e in inside if e[0] > events["restarted"]]
        print(
            f"\nPostgreSQL restart at {events['restart']:.1f} s, back at {events['restarted']:.1f} s; "
            f"worker killed at {events['kill']:.1f} s"
        )
        print(
            f"Errors inside the restart window: {len(inside)} ({len(after)} of them asked after PostgreSQL was back); "
            f"outside it: {len(outside)}"
        )
        for began, _ended, kind, problem in (outside + after)[:20]:
            print(f"  {began:6.1f} s {kind}: {problem[:200]}")
        lost = [i for i in acknowledged if i not in statuses]
        unfinished = [i for i in acknowledged if statuses.get(i) not in ("ready",)]
        print(
            f"Exports acknowledged: {len(acknowledged)}; in the database exactly once: {len(acknowledged) - len(lost)}; "
            f"made: {sum(1 for i in acknowledged if statuses.get(i) == 'ready')}; not made: {len(unfinished)}"
        )
        wrong = [t for t in created if counts.get(t) != 1]
        print(
            f"Actions created through the API and acknowledged (201): {len(created)}; not present exactly once: {len(wrong)}"
        )
        stale = [pk for pk, text in saved_text.items() if held.get(pk) != text]
        print(
            f"Autosaves acknowledged: {sum(1 for k, _t in samples if k == 'autosave') - sum(1 for e in errors if e[2] == 'autosave')} "
            f"on {len(saved_text)} indicators; indicators not holding their last acknowledged text: {len(stale)}"
        )
        overwritten = [n for n, title in edited_title.items() if edited.get(n) != title]
        print(
            f"Actions edited through the page: {len(edited_title)}; not holding their last acknowledged title: {len(overwritten)}"
        )
        # An answer whose request was in flight when PostgreSQL went away may be stored without its acknowledgement.
        in_flight = sum(1 for e in errors if e[2] == "survey")
        print(
            f"Survey answers acknowledged: {len(answered)}; stored: {responses} "
            f"(at most {in_flight} more could be stored unacknowledged)"
        )
        survey_wrong = responses < len(answered) or responses > len(answered) + in_flight
        bad = outside or lost or unfinished or wrong or stale or overwritten or survey_wrong
        return 1 if bad or len(set(acknowledged)) != len(acknowledged) else 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.ctl("stop", "-m", "fast")
        if not os.environ.get("LOADTEST_KEEP"):  # the logs stay with LOADTEST_KEEP=1
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
