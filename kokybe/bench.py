"""`manage.py bench_national` (and `make bench`): every page a provider or a programme coordinator opens, at a
national scale, over HTTP, against the bare-SQL floor of the same rows.

    make bench BENCHES=bench_national                                  (SQLite: var/bench-national.sqlite3)
    BENCH_DATABASE_URL=postgres://…/kokybe_bench make bench BENCHES=bench_national
    BENCH_PROVIDERS=1000 (the default) sets the number of providers in the programme

The data is built once with bulk inserts and committed (a web server in other processes must read it), under slugs
that start with `nat-`; a later run on the same database reuses it (`--rebuild` is refused: use a fresh database).
It holds a programme of BENCH_PROVIDERS providers with the EQUASS milestones, 12 months of person reports and an
impact study answered in every provider; a plan of 2,000 actions and 1,000 documents with 20,000 activity entries;
a 140-indicator self-assessment in progress; a survey with 10,000 responses; a consultant in 50 organisations.

Gunicorn (3 sync workers, DEBUG=0) serves it on a free loopback port. Each page is requested `--repeat` times on a
keep-alive connection with a signed-in person's session; its query count is taken once in this process through the
test client; its floor is the SQL that reads the rows it shows, timed here on this process's own connection. Pages
and floors alternate (page, floor, page, floor…), so a machine that slows down for a minute slows both.
"""

import http.client
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

PREFIX = "nat"
PLAN, CYCLE, SURVEY = f"{PREFIX}-plan", f"{PREFIX}-cycle", f"{PREFIX}-survey"


@dataclass
class Scene:
    programme: object
    coordinator: object  # the programme's coordinator
    consultant: object  # a consultant in 50 providers
    plan_org: object
    plan_user: object  # coordinator of the plan's organisation
    cycle: object
    cycle_user: object
    survey_user: object  # coordinator of the survey's organisation
    campaign: object  # closed, 10,000 responses
    open_campaign: object  # open, for submissions
    study: object  # the programme's impact study


def _bulk(model, rows, batch=2000):
    return model.objects.bulk_create(rows, batch_size=batch)


# The size of each provider-level scene (the tests build a small one).
SIZES = {"actions": 2000, "documents": 1000, "activity": 20_000, "responses": 10_000}


def build(n_providers, out=sys.stdout, sizes=None):
    from accounts.models import User
    from actions import bench as actions_bench
    from actions.models import ImprovementAction
    from assessments import bench as assessments_bench
    from documents.models import Document, DocumentType
    from orgs.models import ActivityEntry, Membership
    from orgs.roles import Role
    from programmes import bench as programmes_bench
    from surveys import bench as surveys_bench
    from surveys.models import Answer, Campaign, CampaignStatus, ProgrammeCampaign, Response

    sizes = {**SIZES, **(sizes or {})}
    rng = random.Random(2026)
    today = date.today()
    step = time.perf_counter()

    def said(what):
        nonlocal step
        out.write(f"  built {what} ({time.perf_counter() - step:.0f} s)\n")
        out.flush()
        step = time.perf_counter()

    programme, coordinator, _round, _m, _r = programmes_bench.build(n_providers, prefix=PREFIX)
    said(f"the programme of {n_providers} providers")

    plan_org, plan_user = actions_bench.build_org(sizes["actions"], slug=PLAN)
    doc_type = DocumentType.objects.filter(org__isnull=True).first() or DocumentType.objects.first()
    _bulk(
        Document,
        [
            Document(
                org=plan_org,
                type=doc_type,
                title=f"Tvarkos aprašas Nr. {i}: paslaugų teikimo ir kokybės užtikrinimo tvarka",
                owner=plan_user,
                status=rng.choice(["draft", "in_force", "in_force", "in_force"]),
                next_review_on=today + timedelta(days=rng.randrange(-60, 700)),
            )
            for i in range(1, sizes["documents"] + 1)
        ],
    )
    _bulk(
        ActivityEntry,
        [
            ActivityEntry(
                org=plan_org,
                actor=plan_user,
                verb=rng.choice(["created", "updated", "updated", "deleted"]),
                target_repr=f"#{i} Tobulinimo veiksmas",
                changes={"status": ["planned", "in_progress"]},
            )
            for i in range(sizes["activity"])
        ],
    )
    said("the plan ({actions} actions, {documents} documents, {activity} activity entries)".format(**sizes))

    cycle_org, cycle, cycle_user = assessments_bench.build(CYCLE, principles=10, criteria=7, indicators=2)
    cycle.status = "draft"  # editable: the autosave writes
    cycle.save(update_fields=["status"])
    said("the self-assessment (140 indicators)")

    campaign, _survey_user, _took = surveys_bench.build(sizes["responses"], slug=SURVEY, out=out)
    open_campaign = Campaign.objects.create(
        org=campaign.org,
        version=campaign.version,
        title="Atvira apklausa",
        status=CampaignStatus.OPEN,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=300),
        min_group_size=5,
    )
    open_campaign.services.set(campaign.services.all())
    said(f"the survey ({sizes['responses']} responses)")

    participations = list(programme.participations.select_related("org", "consultant").order_by("pk"))
    consultant = participations[0].consultant
    theirs = [p.org for p in participations if p.consultant_id == consultant.pk]
    _bulk(Membership, [Membership(org=org, user=consultant, role=Role.CONSULTANT) for org in theirs])
    owners = User.objects.bulk_create(
        [User(email=f"vadovas{i}@{PREFIX}.test", full_name=f"Vadovas {i}") for i in range(len(theirs))]
    )
    _bulk(
        Membership, [Membership(org=org, user=u, role=Role.COORDINATOR) for org, u in zip(theirs, owners, strict=True)]
    )
    _bulk(
        ImprovementAction,
        [
            ImprovementAction(
                org=org,
                number=n,
                title=f"Konsultanto veiksmas {n}",
                owner=owner,
                due_date=today + timedelta(days=rng.randrange(-20, 90)),
                status="in_progress",
            )
            for org, owner in zip(theirs, owners, strict=True)
            for n in range(1, 6)
        ],
    )
    ImprovementAction.participants.through.objects.bulk_create(
        ImprovementAction.participants.through(improvementaction_id=pk, user_id=consultant.pk)
        for pk in ImprovementAction.objects.filter(org__in=theirs).values_list("pk", flat=True)
    )
    said(f"the consultant in {len(theirs)} providers")

    study = ProgrammeCampaign.objects.create(
        programme=programme,
        version=campaign.version,
        title="Poveikio tyrimas",
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=20),
        min_group_size=5,
        created_by=coordinator,
    )
    campaigns = _bulk(
        Campaign,
        [
            Campaign(
                org=p.org,
                version=campaign.version,
                programme_campaign=study,
                title=study.title,
                status=CampaignStatus.CLOSED,
                starts_on=study.starts_on,
                ends_on=study.ends_on,
                min_group_size=5,
                anonymous=True,
            )
            for p in participations
        ],
    )
    questions = list(campaign.version.questions.filter(type__in=("likert", "yes_no", "recommend")))
    for chunk in range(0, len(campaigns), 100):
        responses = _bulk(
            Response,
            [
                Response(org_id=c.org_id, campaign=c, submitted_on=study.starts_on + timedelta(days=rng.randrange(150)))
                for c in campaigns[chunk : chunk + 100]
                for _ in range(rng.randrange(4, 12))
            ],
        )
        _bulk(
            Answer,
            [
                Answer(
                    response=r,
                    question_id=q.pk,
                    value=float(
                        rng.randrange(1, 6) if q.type == "likert" else rng.randrange(0, 2 if q.type == "yes_no" else 11)
                    ),
                )
                for r in responses
                for q in questions
            ],
            batch=5000,
        )
    said(f"the impact study in {len(campaigns)} providers")
    return scene()


def scene():
    """The scene built earlier on this database, or None."""
    from accounts.models import User
    from assessments.models import Assessment
    from orgs.models import Membership
    from orgs.roles import Role
    from programmes.models import Programme
    from surveys.models import Campaign, ProgrammeCampaign

    programme = Programme.objects.filter(code=f"{PREFIX.upper()}-0001").first()
    if programme is None:
        return None
    consultant = User.objects.filter(
        memberships__role=Role.CONSULTANT, memberships__org__slug__startswith=f"{PREFIX}-0"
    ).first()
    surveys = Campaign.objects.filter(org__slug=SURVEY)
    return Scene(
        programme=programme,
        coordinator=programme.coordinators.first(),
        consultant=consultant,
        plan_org=Membership.objects.get(org__slug=PLAN, role=Role.COORDINATOR).org,
        plan_user=Membership.objects.get(org__slug=PLAN, role=Role.COORDINATOR).user,
        cycle=Assessment.objects.get(org__slug=CYCLE),
        cycle_user=Membership.objects.filter(org__slug=CYCLE, role=Role.COORDINATOR).first().user,
        survey_user=Membership.objects.filter(org__slug=SURVEY, role=Role.COORDINATOR).first().user,
        campaign=surveys.get(status="closed"),
        open_campaign=surveys.get(status="open"),
        study=ProgrammeCampaign.objects.get(programme=programme),
    )


# ── the floors: the rows each page shows, read by bare SQL ──────────────────────────────────────────────────────


def floors(s):
    """{page: [(sql, params)]}: what each page shows, in the fewest plain statements."""
    org, prog = s.plan_org.pk, s.programme.pk
    return {
        "dashboard": [
            ("SELECT status, COUNT(*) FROM actions_improvementaction WHERE org_id = %s GROUP BY status", [org]),
            (
                "SELECT id, title, next_review_on FROM documents_document WHERE org_id = %s ORDER BY next_review_on LIMIT 10",
                [org],
            ),  # noqa: E501
        ],
        "cycle page": [
            (
                "SELECT a.id, i.code, i.title_lt, i.text_lt, a.rating, a.narrative, a.responsible_id, a.revision FROM assessments_indicatoranswer a JOIN frameworks_indicator i ON i.id = a.indicator_id WHERE a.assessment_id = %s",
                [s.cycle.pk],
            ),  # noqa: E501
        ],
        "indicator autosave": [
            (
                "UPDATE assessments_indicatoranswer SET narrative = narrative WHERE id = (SELECT MIN(id) FROM assessments_indicatoranswer WHERE assessment_id = %s)",
                [s.cycle.pk],
            ),  # noqa: E501
        ],
        "plan": [
            (
                "SELECT a.id, a.number, a.title, a.status, a.due_date, u.full_name FROM actions_improvementaction a LEFT JOIN accounts_user u ON u.id = a.owner_id WHERE a.org_id = %s ORDER BY a.principle_id, a.due_date LIMIT 100",
                [org],
            ),  # noqa: E501
        ],
        "timeline": [
            (
                "SELECT id, number, title, start_date, due_date, status FROM actions_improvementaction WHERE org_id = %s ORDER BY start_date, due_date LIMIT 100",
                [org],
            ),  # noqa: E501
        ],
        "documents list": [
            (
                "SELECT id, title, status, next_review_on FROM documents_document WHERE org_id = %s ORDER BY title LIMIT 50",
                [org],
            ),  # noqa: E501
        ],
        "survey results": [
            (
                "SELECT question_id, value, COUNT(*) FROM surveys_answer WHERE campaign_id = %s AND value IS NOT NULL GROUP BY question_id, value",
                [s.campaign.pk],
            ),  # noqa: E501
        ],
        "pooled study": [
            (
                "SELECT a.question_id, a.value, COUNT(*) FROM surveys_answer a JOIN surveys_campaign c ON c.id = a.campaign_id WHERE c.programme_campaign_id = %s GROUP BY a.question_id, a.value",
                [s.study.pk],
            ),  # noqa: E501
            (
                "SELECT c.id, o.name FROM surveys_campaign c JOIN orgs_organisation o ON o.id = c.org_id WHERE c.programme_campaign_id = %s ORDER BY o.name LIMIT 50",
                [s.study.pk],
            ),  # noqa: E501
        ],
        "programme board": [
            (
                "SELECT p.id, o.name, p.status FROM programmes_programmeparticipation p JOIN orgs_organisation o ON o.id = p.org_id WHERE p.programme_id = %s ORDER BY o.name LIMIT 50",
                [prog],
            ),  # noqa: E501
            (
                "SELECT m.participation_id, m.step_id, m.planned_on, m.done_on FROM programmes_milestone m WHERE m.participation_id IN (SELECT id FROM programmes_programmeparticipation WHERE programme_id = %s ORDER BY id LIMIT 50)",
                [prog],
            ),  # noqa: E501
        ],
        "my work": [
            (
                "SELECT a.id, a.title, a.due_date, a.org_id FROM actions_improvementaction a JOIN actions_improvementaction_participants p ON p.improvementaction_id = a.id WHERE p.user_id = %s AND a.status IN ('planned', 'in_progress')",
                [s.consultant.pk],
            ),  # noqa: E501
        ],
        "activity log": [
            (
                "SELECT e.id, e.verb, e.target_repr, e.created_at, u.full_name FROM orgs_activityentry e LEFT JOIN accounts_user u ON u.id = e.actor_id WHERE e.org_id = %s ORDER BY e.created_at DESC LIMIT 50",
                [org],
            ),  # noqa: E501
        ],
        # Writes: the rows the page writes (the action or response, its answers, the activity entry), each as one
        # INSERT made by Django's own SQL compiler, rolled back after.
        "action create": _inserts(*_action_rows(s)),
        "survey submission": _inserts(*_submission_rows(s)),
    }


def _inserts(*groups):
    """INSERT statements for groups of unsaved rows of one model each, as Django's compiler writes them."""
    from django.db import connection
    from django.db.models.sql import InsertQuery

    statements = []
    for rows in groups:
        model = type(rows[0])
        fields = [f for f in model._meta.local_concrete_fields if not (f.primary_key and f.get_default() is None)]
        query = InsertQuery(model)
        query.insert_values(fields, rows)
        statements += query.get_compiler(connection=connection).as_sql()
    return statements


def _action_rows(s):
    from actions.models import ImprovementAction
    from orgs.models import ActivityEntry

    action = ImprovementAction(org=s.plan_org, number=900_000, title="Bandomasis veiksmas", owner=s.plan_user)
    return [action], [ActivityEntry(org=s.plan_org, actor=s.plan_user, verb="created", target_repr=str(action))]


def _submission_rows(s):
    from surveys.models import Answer, Response

    campaign = s.open_campaign
    response = Response(org_id=campaign.org_id, campaign=campaign, submitted_on=date.today(), channel="web")
    questions = campaign.version.questions.exclude(type__in=("text", "single"))
    answers = [
        Answer(response=response, org_id=campaign.org_id, campaign=campaign, question=q, value=4.0) for q in questions
    ]
    return [response], answers


WRITES = {"indicator autosave", "action create", "survey submission"}


def time_floor(statements, write):
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()
        if write:
            transaction.set_rollback(True)
    return time.perf_counter() - started


# ── the server and the client ────────────────────────────────────────────────────────────────────────────────────


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port, database_url, secret_key, field_keys):
    """Gunicorn on the loopback port, 3 sync workers, DEBUG=0; returns the process once it answers."""
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback: no TLS in the measurement
        "SECURE_COOKIES": "0",
        "BEHIND_PROXY": "1",  # each survey submission comes from its own address (X-Forwarded-For)
        "SECRET_KEY": secret_key,
        "FIELD_ENCRYPTION_KEYS": ",".join(field_keys),
    }
    # DEBUG=0 serves the hashed files of the collected manifest: collect them as the server's settings would.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=root, env=env, check=True)
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "kokybe.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "3",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(args, cwd=root, env=env)
    for _ in range(150):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


class _Connection(http.client.HTTPConnection):
    """Gunicorn's sync workers close every connection, so http.client connects again for each request: each
    socket sends at once (TCP_NODELAY), or a small request can wait for a delayed ACK (see bench_api)."""

    def connect(self):
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Browser:
    """One person's keep-alive connection with their session and CSRF cookies."""

    def __init__(self, port, session=None):
        self.port, self.cookies = port, {}
        if session:
            self.cookies["sessionid"] = session
        self.conn = _Connection("127.0.0.1", port, timeout=60)

    def request(self, method, path, data=None, headers=None):
        head = {"Host": f"127.0.0.1:{self.port}", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()  # bytes: sent with the headers in one segment
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        head.update(headers or {})
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=head)
        response = self.conn.getresponse()
        content = response.read()
        took = time.perf_counter() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, content, took


def session_for(user):
    """A signed-in session for `user`, stored where the server reads sessions."""
    from django.conf import settings
    from django.test import Client

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


# ── the run ──────────────────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class Page:
    label: str
    user: object  # None: anonymous
    path: str
    data: object = None  # a function of the iteration giving the POST data (a POST page), or None (a GET)
    headers: object = None  # a function of the iteration giving extra headers
    expect: int = 200


def pages(s):
    from django.urls import reverse

    from assessments.models import IndicatorAnswer

    plan, cycle_org = s.plan_org.slug, s.cycle.org.slug
    answer = IndicatorAnswer.objects.filter(assessment=s.cycle).order_by("pk").first()

    def autosave(i):
        revision = IndicatorAnswer.objects.values_list("revision", flat=True).get(pk=answer.pk)
        return {"rating": "met" if i % 2 else "partly", "narrative": f"Tvarka taikoma ({i}).", "revision": revision}

    likert = list(s.open_campaign.version.questions.filter(type="likert").values_list("code", flat=True))

    def submission(i):
        return {
            "action": "submit",
            "website": "",
            **{f"q-{code}": str(1 + (i + n) % 5) for n, code in enumerate(likert)},
        }

    return [
        Page("dashboard", s.plan_user, reverse("orgs:dashboard", args=[plan])),
        Page("cycle page (140 indicators)", s.cycle_user, reverse("assessments:detail", args=[cycle_org, s.cycle.pk])),
        Page(
            "indicator autosave",
            s.cycle_user,
            reverse("assessments:answer_save", args=[cycle_org, s.cycle.pk, answer.pk]),
            data=autosave,
            headers=lambda i: {"HX-Request": "true"},
        ),
        Page("plan", s.plan_user, reverse("actions:plan", args=[plan])),
        Page("timeline", s.plan_user, reverse("actions:timeline", args=[plan])),
        Page("documents list", s.plan_user, reverse("documents:list", args=[plan])),
        Page(
            "survey results",
            s.survey_user,
            reverse("surveys:results", args=[s.campaign.org.slug, s.campaign.pk]),
        ),
        Page("pooled study", s.coordinator, reverse("surveys_programme:detail", args=[s.programme.pk, s.study.pk])),
        Page("programme board", s.coordinator, reverse("programmes:board", args=[s.programme.pk])),
        Page("my work (consultant, 50 orgs)", s.consultant, reverse("me:work")),
        Page("activity log", s.plan_user, reverse("orgs:activity", args=[plan])),
        Page(
            "action create",
            s.plan_user,
            reverse("actions:create", args=[plan]),
            data=lambda i: {"title": f"Bandomasis veiksmas {i}", "source": "other", "priority": "medium"},
            expect=302,
        ),
        Page(
            "survey submission",
            None,
            reverse("surveys_public:form", args=[s.open_campaign.public_slug]),
            data=submission,
            headers=lambda i: {"X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"},
            expect=302,
        ),
    ]


def _count_queries(client, page, i):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        if page.data is None:
            response = client.get(page.path)
        else:
            response = client.post(page.path, page.data(i), headers=page.headers(i) if page.headers else {})
    assert response.status_code == page.expect, (page.label, response.status_code)
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def _scene_sizes(s):
    from actions.models import ImprovementAction
    from documents.models import Document
    from orgs.models import ActivityEntry
    from surveys.models import Response

    return (
        f"the plan's organisation {ImprovementAction.objects.filter(org=s.plan_org).count()} actions, "
        f"{Document.objects.filter(org=s.plan_org).count()} documents, "
        f"{ActivityEntry.objects.filter(org=s.plan_org).count()} activity entries; the cycle "
        f"{s.cycle.answers.count()} indicators; the survey {Response.objects.filter(campaign=s.campaign).count()} "
        f"responses; the pooled study {Response.objects.filter(campaign__programme_campaign=s.study).count()} "
        f"responses in {s.study.campaigns.count()} providers"
    )


def _p(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def run(n_providers, repeat=20, out=sys.stdout):
    from django.conf import settings
    from django.db import connection

    s = scene()
    if s is None:
        out.write(f"Building the national scene ({n_providers} providers; once per database)…\n")
        started = time.perf_counter()
        build(n_providers, out=out)
        s = scene()
        out.write(f"  built in {time.perf_counter() - started:.0f} s\n")
    have = s.programme.participations.count()
    if have != n_providers:
        out.write(f"This database holds the scene for {have} providers, not {n_providers}: measuring those {have}.\n")
    database_url = os.environ.get("DATABASE_URL", "")
    port = _free_port()
    server = serve(
        port, database_url, settings.SECRET_KEY, settings.FIELD_ENCRYPTION_KEYS
    )  # sessions made here must be valid there
    try:
        return _measure(s, port, repeat, have, out)
    finally:
        server.terminate()
        server.wait(timeout=30)
        connection.close()


def _measure(s, port, repeat, providers, out):
    from django.db import connection
    from django.test import Client

    clients, sessions = {}, {}
    the_floors = floors(s)
    table = []
    for page in pages(s):
        key = page.user.pk if page.user else None
        if key not in clients:
            if page.user is None:
                clients[key], sessions[key] = Client(), None
            else:
                clients[key], sessions[key] = session_for(page.user)
        _count_queries(clients[key], page, -1)  # the first request of a session does more (last login, CSRF cookie…)
        queries = _count_queries(clients[key], page, 0)
        browser = Browser(port, sessions[key])
        if page.data is not None:  # a CSRF cookie, as a browser has it from the form page
            browser.request("GET", page.path if page.user is None else "/me/work/")
        times, floor_times, size = [], [], 0
        for i in range(1, repeat + 2):
            data = page.data(1000 + i) if page.data else None
            headers = page.headers(1000 + i) if page.headers else None
            status, content, took = browser.request("POST" if data is not None else "GET", page.path, data, headers)
            if status != page.expect:
                raise RuntimeError(f"{page.label}: HTTP {status} (expected {page.expect})\n{content[:400]!r}")
            floor = time_floor(the_floors[page.label.split(" (")[0]], page.label.split(" (")[0] in WRITES)
            if i > 1:  # the first request warms the worker
                times.append(took)
                floor_times.append(floor)
                size = len(content)
        p50, p95, f50 = _p(times, 0.5), _p(times, 0.95), _p(floor_times, 0.5)
        table.append((page.label, queries, size / 1024, p50, p95, f50, p50 / f50 if f50 else 0))
    out.write(
        f"\nNational benchmark: {providers} providers, {connection.display_name}, gunicorn 3 workers on loopback "
        f"(DEBUG=0), {repeat} requests a page, {date.today()}\n"
    )
    out.write(f"Scene: {_scene_sizes(s)}\n")
    out.write(f"{'page':34} {'queries':>7} {'KB':>7} {'p50 ms':>7} {'p95 ms':>7} {'floor':>7} {'ratio':>6}\n")
    for label, queries, kb, p50, p95, f50, ratio in table:
        out.write(f"{label:34} {queries:7d} {kb:7.0f} {p50:7.1f} {p95:7.1f} {f50:7.2f} {ratio:6.0f}\n")
    return table
