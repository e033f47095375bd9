"""Benchmark: a survey's results page with 100,000 responses × 20 questions, against the same aggregate as bare SQL.

    DEBUG=1 .venv/bin/python manage.py bench_survey_analysis [--responses 100000] [--repeat 10]
    DEBUG=1 .venv/bin/python manage.py bench_survey_analysis --database-url postgres://USER:PASSWORD@127.0.0.1:5432/kokybe_bench

Runs on a throw-away database: a temporary SQLite file by default, or the PostgreSQL database named by
--database-url, which the benchmark creates and drops (it refuses a name without "bench" in it, so it can never touch
a real database). Pages are fetched through Django's test client, so the figures are the view, the ORM, the queries
and the templates without a web server. "bare SQL" is the one GROUP BY the page's figures come from, run directly.
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
BARE_SQL = (
    "SELECT question_id, value, choice, COUNT(*) FROM surveys_answer WHERE campaign_id = %s "
    "GROUP BY question_id, value, choice"
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


def build(n_responses, seed=2019, out=sys.stdout):
    """One organisation, one closed campaign with n responses (bulk inserts in batches); returns (campaign, user)."""
    from kokybe.test import make_user
    from orgs.models import Membership, Organisation, Service
    from orgs.roles import Role
    from surveys import library
    from surveys.models import Answer, Campaign, CampaignStatus, Channel, QuestionType, Response

    rng = random.Random(seed)
    org = Organisation.objects.create(name="Bandomasis socialinių paslaugų centras", slug="bench")
    services = [Service.objects.create(org=org, name=f"Paslauga {i}") for i in range(6)]
    user = make_user("koordinatorius@bench.test", "Bench Coordinator")
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
    )
    campaign.services.set(services)
    started = time.perf_counter()
    channels = [Channel.WEB] * 6 + [Channel.PAPER] * 3 + [Channel.EASY_READ]
    made = 0
    while made < n_responses:
        size = min(BATCH // QUESTIONS * 4, n_responses - made)
        responses = Response.objects.bulk_create(
            [
                Response(
                    org=org,
                    campaign=campaign,
                    submitted_on=campaign.starts_on + timedelta(days=rng.randrange(365)),
                    channel=rng.choice(channels),
                    service=rng.choice(services),
                )
                for _ in range(size)
            ]
        )
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
                answers.append(
                    Answer(
                        org_id=org.pk,
                        campaign_id=campaign.pk,
                        response_id=response.pk,
                        question_id=q.pk,
                        value=value,
                        choice=choice,
                        text=text,
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        made += size
        if made % 20000 < size:
            out.write(f"  {made:>7} responses stored ({time.perf_counter() - started:.0f} s)\n")
            out.flush()
    return campaign, user, time.perf_counter() - started


def _percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def measure_page(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the template cache, the session and the database's pages
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return {"p50": statistics.median(times), "p95": _percentile(times, 0.95), "queries": queries}


def measure_sql(campaign_id, repeat):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BARE_SQL, [campaign_id])
        cursor.fetchall()
        times, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(BARE_SQL, [campaign_id])
            rows = len(cursor.fetchall())
            times.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(times), "p95": _percentile(times, 0.95), "queries": 1, "rows": rows}


def run(n_responses=100_000, repeat=10, out=sys.stdout):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from surveys.models import Answer

    vendor = connection.vendor
    out.write(f"Survey analysis benchmark: {n_responses} responses × {QUESTIONS} questions on {vendor}\n")
    campaign, user, seconds = build(n_responses, out=out)
    answers = Answer.objects.filter(campaign=campaign).count()
    out.write(f"Built {n_responses} responses, {answers} answers in {seconds:.0f} s\n")
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (as in the test of this benchmark); ANALYZE alone still can.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" and not connection.in_atomic_block else "ANALYZE")
    client = Client()
    client.force_login(user)
    rows = [("bare SQL: GROUP BY question, value, choice", measure_sql(campaign.pk, repeat))]
    for label, name, query in [
        ("results page (analysis)", "surveys:results", ""),
        ("evidence summary page", "surveys:summary", ""),
        ("breakdown by service", "surveys:breakdown", "?by=service"),
    ]:
        url = reverse(name, args=[campaign.org.slug, campaign.pk]) + query
        rows.append((label, measure_page(client, url, repeat)))
    base = rows[0][1]["p50"]
    out.write(f"{'':44} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'× SQL':>6}\n")
    for label, r in rows:
        out.write(f"{label:44} {r['p50']:9.0f} {r['p95']:9.0f} {r['queries']:8d} {r['p50'] / base:6.2f}\n")
    return dict(rows)


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
