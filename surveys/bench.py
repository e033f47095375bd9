"""Benchmark: a survey's results and breakdown pages with 100,000 responses × 20 questions, against bare SQL.

    DEBUG=1 .venv/bin/python manage.py bench_survey_analysis [--responses 100000] [--repeat 10]
    DEBUG=1 .venv/bin/python manage.py bench_survey_analysis --database-url postgres://USER:PASSWORD@127.0.0.1:5432/kokybe_bench

Runs on a throw-away database: a temporary SQLite file by default, or the PostgreSQL database named by
--database-url, which the benchmark creates and drops (it refuses a name without "bench" in it, so it can never touch
a real database). Pages are fetched through Django's test client, so the figures are the view, the ORM, the queries
and the templates without a web server.

Each page is compared with bare SQL that computes the same figures with the same filters, run through a cursor:
- results and evidence summary pages: the main GROUP BY (question, value, choice) over the campaign's answers (the
  pages also sum the numbers, sample the free text and count the responses, which the bare SQL leaves out);
- a breakdown by service, unit, respondent group or channel: the group sizes (responses per group) and the answer
  counts per (group, question, value) of the rating, recommendation and yes/no questions — timed in two hand-written
  forms, a plain GROUP BY and one that groups in the answer_counts index's order and sums up in an outer query, and
  the faster of the two is the reference. The same breakdown through a JOIN to the responses (what it cost before
  answers carried copies of the respondent fields) is printed for reference.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

QUESTIONS = 20
BATCH = 5000
UNITS = 3
SERVICES = 6  # two per unit; the last one has RARE responses, so the breakdown hides it (and the next smallest)
RARE = 3
GROUPS = ["Iki 30 metų", "30–64 metų", "65 metų ir vyresni"]
RESULTS_SQL = (
    "SELECT question_id, value, choice, COUNT(*) FROM surveys_answer WHERE campaign_id = %s "
    "GROUP BY question_id, value, choice"
)
SIZES_SQL = 'SELECT "{column}", COUNT(*) FROM surveys_response WHERE campaign_id = %s GROUP BY "{column}"'
PLAIN_SQL = (
    'SELECT "{column}", question_id, value, COUNT(*) FROM surveys_answer '
    'WHERE campaign_id = %s AND question_id IN ({ids}) GROUP BY "{column}", question_id, value'
)
INDEX_ORDER_SQL = (
    'SELECT "{column}", question_id, value, SUM(n) FROM (SELECT question_id, value, choice, {prefix}, COUNT(*) AS n '
    "FROM surveys_answer WHERE campaign_id = %s AND question_id IN ({ids}) "
    'GROUP BY question_id, value, choice, {prefix}) AS cube GROUP BY "{column}", question_id, value'
)
JOIN_SQL = (
    'SELECT r."{column}", a.question_id, a.value, COUNT(*) FROM surveys_answer a '
    "JOIN surveys_response r ON r.id = a.response_id WHERE a.campaign_id = %s AND a.question_id IN ({ids}) "
    'GROUP BY r."{column}", a.question_id, a.value'
)


def _instrument_yaml():
    """20 questions: 14 ratings, 2 yes/no, a recommendation, a single choice, a number and a free text."""
    points = "\n".join(f"    - {{label_lt: T{i}, label_en: P{i}}}" for i in range(1, 6))
    questions = [
        f"      - {{code: r{i:02d}, type: likert, scale: s5, required: true, text_lt: Teiginys {i}, text_en: Statement {i}}}"
        for i in range(1, 15)
    ]
    questions += [
        "      - {code: yn1, type: yes_no, text_lt: Taip ar ne 1, text_en: Yes or no 1}",
        "      - {code: yn2, type: yes_no, text_lt: Taip ar ne 2, text_en: Yes or no 2}",
        "      - {code: nps, type: recommend, text_lt: Rekomenduotumėte, text_en: Recommend}",
        "      - {code: role, type: single, text_lt: Grupė, text_en: Group, options: [{code: a, label_lt: A, label_en: A},"
        " {code: b, label_lt: B, label_en: B}, {code: c, label_lt: C, label_en: C}]}",
        "      - {code: years, type: number, min: 0, max: 60, text_lt: Metai, text_en: Years}",
        "      - {code: txt, type: text, text_lt: Pastabos, text_en: Comments}",
    ]
    return (
        "format: 1\ninstrument: {code: bench, title_lt: Bandymas, title_en: Bench, audience: service_users}\n"
        f'version: {{label: "1"}}\nscales:\n  s5:\n{points}\nsections:\n  - title_lt: Visi\n    title_en: All\n'
        "    questions:\n" + "\n".join(questions) + "\n"
    )


def build(n_responses, seed=2019, out=sys.stdout, slug="bench"):
    """One organisation, one closed campaign with n responses (bulk inserts in batches); returns (campaign, user)."""
    from kokybe.test import make_user
    from orgs.models import Membership, Organisation, Service, Unit
    from orgs.roles import Role
    from surveys import library
    from surveys.models import Answer, Campaign, CampaignStatus, Channel, QuestionType, Response

    rng = random.Random(seed)
    org = Organisation.objects.create(name="Bandomasis socialinių paslaugų centras", slug=slug)
    units = [Unit.objects.create(org=org, name=f"Padalinys {i}") for i in range(UNITS)]
    services = [Service.objects.create(org=org, name=f"Paslauga {i}", unit=units[i % UNITS]) for i in range(SERVICES)]
    user = make_user(f"koordinatorius@{slug}.test", "Bench Coordinator")
    Membership.objects.create(org=org, user=user, role=Role.COORDINATOR)
    version = library.import_instrument(_instrument_yaml()).version
    questions = list(version.questions.order_by("order"))
    assert len(questions) == QUESTIONS
    campaign = Campaign.objects.create(
        org=org,
        version=version,
        title="Paslaugų gavėjų apklausa",
        status=CampaignStatus.CLOSED,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        served_count=n_responses * 2,
        respondent_groups="\n".join(GROUPS),
    )
    campaign.services.set(services)
    started = time.perf_counter()
    channels = [Channel.WEB] * 6 + [Channel.PAPER] * 3 + [Channel.EASY_READ]
    made = 0
    while made < n_responses:
        size = min(BATCH // QUESTIONS * 4, n_responses - made)
        responses = []
        for i in range(size):
            service = services[-1] if made + i < RARE else rng.choice(services[:-1])
            responses.append(
                Response(
                    org=org,
                    campaign=campaign,
                    submitted_on=campaign.starts_on + timedelta(days=rng.randrange(365)),
                    channel=rng.choice(channels),
                    service=service,
                    unit_id=service.unit_id,
                    group=rng.choice(GROUPS + [""]),
                )
            )
        responses = Response.objects.bulk_create(responses)
        answers = []
        for response in responses:
            tone = rng.gauss(3.9, 0.6)
            for q in questions:
                value, choice, text = None, "", ""
                if q.type == QuestionType.LIKERT:
                    value = float(min(5, max(1, round(rng.gauss(tone, 0.8)))))
                elif q.type == QuestionType.YES_NO:
                    value = float(rng.random() < 0.7)
                elif q.type == QuestionType.RECOMMEND:
                    value = float(min(10, max(0, round(rng.gauss(tone * 2, 1.8)))))
                elif q.type == QuestionType.SINGLE:
                    choice = rng.choice("abc")
                elif q.type == QuestionType.NUMBER:
                    value = float(rng.randrange(60))
                elif rng.random() < 0.1:
                    text = rng.choice(["Viskas gerai.", "Daugiau užsiėmimų.", "Ilgai laukiau.", "Ačiū darbuotojams."])
                else:
                    continue
                # The campaign, service, unit, group and channel are copied from the response by bulk_create.
                answers.append(Answer(response=response, question_id=q.pk, value=value, choice=choice, text=text))
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        made += size
        if made % 20000 < size:
            out.write(f"  {made:>7} responses stored ({time.perf_counter() - started:.0f} s)\n")
            out.flush()
    return campaign, user, time.perf_counter() - started


def _percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def _figures(times, **extra):
    return {"p50": statistics.median(times), "p95": _percentile(times, 0.95), **extra}


def _run_sql(cursor, statements):
    """Milliseconds to run the statements one after the other and fetch their rows, and the number of rows."""
    started, rows = time.perf_counter(), 0
    for sql, params in statements:
        cursor.execute(sql, params)
        rows += len(cursor.fetchall())
    return (time.perf_counter() - started) * 1000, rows


def measure(client, url, forms, repeat):
    """(page figures, {form: SQL figures}): the page and each bare SQL form timed in turns, so that on a shared
    machine both see the same load; everything runs once first to warm the caches and the database's pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_times, sql_times, rows, queries = [], {form: [] for form in forms}, {}, 0
    with connection.cursor() as cursor:
        for attempt in range(repeat + 1):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            queries = len(ctx.captured_queries)
            for form, statements in forms.items():
                ms, rows[form] = _run_sql(cursor, statements)
                if attempt:
                    sql_times[form].append(ms)
            if attempt:
                page_times.append(elapsed)
    sql = {form: _figures(t, queries=len(forms[form]), rows=rows[form]) for form, t in sql_times.items()}
    return _figures(page_times, queries=queries), sql


def results_sql(campaign):
    return {"main GROUP BY": [(RESULTS_SQL, [campaign.pk])]}


def breakdown_sql(campaign, by, join=False):
    """The hand-written forms of a breakdown's aggregate: {form: [(sql, params)]} (see the module's docstring)."""
    from surveys.analysis import BREAKDOWNS
    from surveys.models import RESPONDENT_FIELDS, QuestionType

    column = BREAKDOWNS[by]
    scale = (QuestionType.LIKERT, QuestionType.RECOMMEND, QuestionType.YES_NO)
    ids = ", ".join(str(pk) for pk in campaign.version.questions.filter(type__in=scale).values_list("pk", flat=True))
    prefix = ", ".join(f'"{name}"' for name in RESPONDENT_FIELDS[: RESPONDENT_FIELDS.index(column) + 1])
    sizes = (SIZES_SQL.format(column=column), [campaign.pk])
    forms = [("plain", PLAIN_SQL), ("index order", INDEX_ORDER_SQL)] + ([("join", JOIN_SQL)] if join else [])
    return {form: [sizes, (sql.format(column=column, ids=ids, prefix=prefix), [campaign.pk])] for form, sql in forms}


def run(n_responses=100_000, repeat=10, out=sys.stdout):
    from django.db import connection

    from surveys.models import Answer

    vendor = connection.vendor
    out.write(f"Survey analysis benchmark: {n_responses} responses × {QUESTIONS} questions on {vendor}\n")
    campaign, user, seconds = build(n_responses, out=out)
    answers = Answer.objects.filter(campaign=campaign).count()
    out.write(f"Built {n_responses} responses, {answers} answers in {seconds:.0f} s\n")
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (as in the test of this benchmark); ANALYZE alone still can.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" and not connection.in_atomic_block else "ANALYZE")
    return measure_pages(campaign, user, repeat, out)


PAGES = [
    ("results page (analysis)", "surveys:results", None),
    ("evidence summary page", "surveys:summary", None),
    ("breakdown by service", "surveys:breakdown", "service"),
    ("breakdown by unit", "surveys:breakdown", "unit"),
    ("breakdown by respondent group", "surveys:breakdown", "group"),
    ("breakdown by channel", "surveys:breakdown", "channel"),
]
LEGEND = """\
Each page (view, ORM, Python and template through the test client) against bare SQL of the same figures, in turns:
  results, summary: SELECT question_id, value, choice, COUNT(*) … WHERE campaign_id = ? GROUP BY those three
  breakdown by X: responses per X, and answers per (X, question, value) of the rating, recommendation and yes/no
    questions; the faster of a plain GROUP BY and one in the answer_counts index's order (named in brackets)
"""


def measure_pages(campaign, user, repeat, out=sys.stdout):
    """{page label: {"page": figures, "sql": figures}}, printed as a table; figures are p50/p95 ms and queries."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    rows, join = {}, None
    for label, name, by in PAGES:
        url = reverse(name, args=[campaign.org.slug, campaign.pk]) + (f"?by={by}" if by else "")
        forms = breakdown_sql(campaign, by, join=by == "service") if by else results_sql(campaign)
        page, sql = measure(client, url, forms, repeat)
        join = sql.pop("join", join)
        best = min(sql, key=lambda form: sql[form]["p50"])
        rows[label] = {"page": page, "sql": dict(sql[best], form=best)}
    out.write(LEGEND)
    head = ("page p50", "page p95", "queries", "SQL p50", "SQL p95", "× p50", "× p95")
    out.write(f"{'':32} {head[0]:>9} {head[1]:>9} {head[2]:>8} {head[3]:>8} {head[4]:>8} {head[5]:>6} {head[6]:>6}\n")
    for label, r in rows.items():
        page, sql = r["page"], r["sql"]
        out.write(
            f"{label:32} {page['p50']:9.0f} {page['p95']:9.0f} {page['queries']:8d} {sql['p50']:8.0f} {sql['p95']:8.0f}"
            f" {page['p50'] / sql['p50']:6.2f} {page['p95'] / sql['p95']:6.2f}  [{sql['form']}]\n"
        )
    if join:
        out.write(
            "For reference, the breakdown by service through a JOIN to the responses instead of the answers' copies: "
            f"{join['p50']:.0f} ms p50, {join['p95']:.0f} ms p95\n"
        )
    return rows


def _setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokybe.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def _postgres(database_url, action):
    """Create or drop the benchmark's own PostgreSQL database (its name must contain "bench")."""
    import psycopg

    parts = urlparse(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL whose database name contains 'bench'")
    args = parser.parse_args(argv)
    if args.database_url:
        _postgres(args.database_url, "create")
        try:
            _setup(args.database_url)
            run(args.responses, args.repeat)
        finally:
            from django.db import connections

            connections.close_all()
            _postgres(args.database_url, "drop")
        return
    with tempfile.TemporaryDirectory(prefix="kokybe-bench-") as workdir:
        _setup(f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
        run(args.responses, args.repeat)


if __name__ == "__main__":
    main()
