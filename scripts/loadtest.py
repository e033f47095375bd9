"""`make loadtest`: Kokybė under load and faults, on loopback only, bounded in time (issue 20).

What it starts, all of its own (nothing shared is touched, so it never restarts a PostgreSQL other people use):
a PostgreSQL cluster in a temporary folder on a free port (`initdb`, `pg_ctl`; run as the `postgres` user when this
runs as root, since PostgreSQL refuses root), gunicorn with WORKERS workers, and the background worker
(`run_worker`). Then USERS logged-in people (threads, each with its own cookies) send a mix for DURATION seconds:
page views (dashboard, plan, sessions list) and background exports (a write and a queued task each). In the middle
PostgreSQL is restarted once (`pg_ctl restart -m fast`) and, a little later, the worker is killed (SIGKILL) and a
new one started.

It prints throughput, p50/p95 per kind and the errors (allowed only inside the restart window: from the restart
until RESTART_GRACE seconds after it), then checks consistency: every export whose request was acknowledged (a
redirect to its page) exists exactly once and was made (READY) — the killed worker's task included, re-queued by
the next worker. Exit status 1 if an error fell outside the window or an acknowledged export was lost.

Settings (environment): LOADTEST_DURATION (60), LOADTEST_USERS (6), LOADTEST_WORKERS (3), LOADTEST_RESTART_GRACE (10);
LOADTEST_KEEP=1 keeps the working folder (logs of gunicorn, the worker and PostgreSQL).
"""

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
from accounts.models import User
from actions.models import ImprovementAction
from orgs.models import Membership, Organisation
org = Organisation.objects.create(name="Alfa", short_name="Alfa", slug="alfa")
for i in range({USERS}):
    user = User.objects.create_user(f"user{{i}}@alfa.test", {PASSWORD!r}, full_name=f"Naudotojas {{i}}")
    Membership.objects.create(org=org, user=user, role="coordinator")
ImprovementAction.objects.bulk_create(
    ImprovementAction(org=org, number=i, title=f"Veiksmas {{i}}") for i in range(1, 51)
)
import datetime, json
from api.services import token_create
secrets = {{}}
for user in User.objects.all():
    _token, secrets[user.email] = token_create(
        user=user, org=org, name="Apkrova", scope="write", expires_on=datetime.date.today() + datetime.timedelta(days=7)
    )
print(json.dumps(secrets))
"""
CHECK = """
import json, sys
from django.db.models import Count
from actions.models import ImprovementAction
from exports.models import Export
ids, titles = json.load(open(sys.argv[-1]))
rows = {str(e.pk): e.status for e in Export.objects.filter(pk__in=ids)}
counts = dict(ImprovementAction.objects.filter(title__in=titles).values_list("title").annotate(n=Count("pk")))
print(json.dumps([rows, counts]))
"""


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


class Stay(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Person:
    def __init__(self, base):
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), Stay())

    def request(self, path, data=None):
        body = urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(Request(self.base + path, data=body), timeout=30) as response:
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
            DEBUG="1",
            SECRET_KEY="loadtest-" + "k" * 40,
            ALLOWED_HOSTS="127.0.0.1",
            MEDIA_ROOT=str(Path(folder) / "media"),
            LOGIN_FAILURE_LIMIT="1000",
            LOG_LEVEL="WARNING",
        )

        def manage(*args):
            return subprocess.run(
                [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            )  # noqa: E731

        print("Migrating and loading the people…")
        manage("migrate", "--noinput", "-v0")
        secrets = json.loads(manage("shell", "--no-imports", "-c", SETUP).stdout.strip().splitlines()[-1])
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
        for i in range(USERS):
            person = Person(base)
            person.login(f"user{i}@alfa.test")
            person.secret = secrets[f"user{i}@alfa.test"]
            people.append(person)

        samples, errors, acknowledged, created = [], [], [], []
        lock = threading.Lock()
        start = time.monotonic()
        stop_at = start + DURATION
        events = {}

        def work(person):
            while time.monotonic() < stop_at:
                kind = random.choices(
                    ["dashboard", "plan", "sessions", "export", "api_read", "api_write"], weights=[4, 3, 2, 1, 3, 2]
                )[0]
                t0 = time.monotonic()
                try:
                    if kind == "export":
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
                        path = {"dashboard": "/o/alfa/", "plan": "/o/alfa/actions/", "sessions": "/accounts/sessions/"}[
                            kind
                        ]
                        status, _h, _b = person.request(path)
                        ok = status == 200
                    problem = None if ok else f"HTTP {status}"
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
        ids_file.write_text(json.dumps([acknowledged, created]))
        statuses, counts = {}, {}
        for _ in range(60):
            statuses, counts = json.loads(
                manage("shell", "--no-imports", "-c", CHECK.replace("sys.argv[-1]", repr(str(ids_file)))).stdout
            )
            if all(statuses.get(i) in ("ready", "failed") for i in acknowledged):
                break
            time.sleep(5)

        print(
            f"\n{len(samples)} requests in {took:.0f} s: {len(samples) / took:.1f} per second, {USERS} people, {WORKERS} gunicorn workers"
        )
        print(f"{'kind':<10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
        for kind in ("dashboard", "plan", "sessions", "export", "api_read", "api_write"):
            times = sorted(t for k, t in samples if k == kind)
            if times:
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(f"{kind:<10} {len(times):>6} {statistics.median(times) * 1000:>8.0f} {p95 * 1000:>8.0f}")
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
        return 1 if outside or lost or unfinished or wrong or len(set(acknowledged)) != len(acknowledged) else 0
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
