"""The results benchmark behind `manage.py bench_results` (`make bench`): recompute every computed indicator of one
organisation holding three years of records — improvement actions, document reviews and read-confirmations,
surveys with their answers — and report the time (p50/p95) and the number of queries."""

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

SURVEY_YAML = """
format: 1
instrument:
  code: bench-results-survey
  title_lt: Bandomoji apklausa
  title_en: Bench survey
  audience: service_users
version:
  label: "1"
scales:
  agree5:
    - {label_lt: "1", label_en: "1"}
    - {label_lt: "2", label_en: "2"}
    - {label_lt: "3", label_en: "3"}
    - {label_lt: "4", label_en: "4"}
    - {label_lt: "5", label_en: "5"}
sections:
  - title_lt: Dalis
    title_en: Part
    questions:
""" + "".join(
    f"      - {{code: q{i}, type: likert, scale: agree5, text_lt: Klausimas {i}, text_en: Question {i}}}\n"
    for i in range(10)
)


def build(today, *, actions=3000, documents=60, surveys=6, responses=300, seed=17, out=sys.stdout):
    from actions.models import ImprovementAction, Status
    from documents.models import Acknowledgement, Document, DocumentReview, DocumentType, ReadAudience
    from kokybe.test import make_user
    from orgs.models import Membership, Organisation
    from orgs.roles import Role
    from results.models import Definition, Indicator
    from surveys import library
    from surveys.models import Answer, Campaign, CampaignStatus, Response

    rng = random.Random(seed)
    start = date(today.year - 2, 1, 1)
    span = (today - start).days
    org = Organisation.objects.create(name="Rezultatų bandymas", slug=f"bench-results-{rng.randrange(10**6)}")
    people = []
    for i in range(40):
        user = make_user(f"bench-results-{org.pk}-{i}@bench.test")
        Membership.objects.create(org=org, user=user, role=Role.STAFF if i else Role.COORDINATOR)
        people.append(user)
    rows = []
    for i in range(actions):
        due = start + timedelta(days=rng.randrange(span))
        done = due + timedelta(days=rng.randrange(-30, 40)) if rng.random() < 0.75 else None
        done = done if done and done <= today else None
        rows.append(
            ImprovementAction(
                org=org, number=i + 1, title=f"Veiksmas {i}", due_date=due, completed_on=done,
                status=Status.DONE if done else Status.IN_PROGRESS,
            )
        )  # fmt: skip
    ImprovementAction.objects.bulk_create(rows, batch_size=1000)
    doc_type = DocumentType.objects.filter(org__isnull=True).first()
    docs = (
        Document.objects.bulk_create(
            Document(org=org, type=doc_type, title=f"Tvarka {i}", number=i + 1) for i in range(documents)
        )
        if hasattr(Document, "number")
        else Document.objects.bulk_create(
            Document(org=org, type=doc_type, title=f"Tvarka {i}") for i in range(documents)
        )
    )
    reviews = []
    for doc in docs:
        day = start + timedelta(days=rng.randrange(60))
        while day < today:
            reviews.append(
                DocumentReview(org=org, document=doc, outcome="no_change", reviewed_on=day,
                               next_review_on=day + timedelta(days=365))
            )  # fmt: skip
            day += timedelta(days=365 + rng.randrange(-40, 60))
    DocumentReview.objects.bulk_create(reviews)
    version = library.import_instrument(SURVEY_YAML, org=org).version
    questions = list(version.questions.all())
    answers = []
    for s in range(surveys):
        ends = start + timedelta(days=int(span * (s + 1) / (surveys + 1)))
        campaign = Campaign.objects.create(
            org=org, version=version, title=f"Apklausa {s}", status=CampaignStatus.CLOSED, starts_on=ends - timedelta(days=30),
            ends_on=ends, served_count=responses * 2,
        )  # fmt: skip
        made = Response.objects.bulk_create(
            Response(org=org, campaign=campaign, submitted_on=ends) for _ in range(responses)
        )
        for response in made:
            for q in questions:
                answers.append(
                    Answer(org=org, campaign=campaign, response=response, question=q, value=rng.randint(1, 5))
                )
    Answer.objects.bulk_create(answers, batch_size=5000)
    # Acknowledgements are counted only for audiences of documents in force; the bench's documents have none, so
    # the read-coverage source runs its queries and finds nothing — as for a provider that asks no one yet.
    del Acknowledgement, ReadAudience
    computed = Definition.objects.filter(org__isnull=True).exclude(source="")
    from kokybe import surfaces

    sources = surfaces.result_sources_all()
    indicators = [
        Indicator(org=org, definition=d, owner=people[0], frequency=d.frequency, baseline_year=start.year)
        for d in computed
        if d.source in sources
    ]
    Indicator.objects.bulk_create(indicators)
    out.write(
        f"organisation with {actions} actions, {len(reviews)} document reviews, {surveys} surveys × {responses} "
        f"responses × {len(questions)} ratings, {len(indicators)} computed indicators, {start.year}–{today.year}\n"
    )
    return org


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(repeat=5, out=sys.stdout):
    from results import services
    from results.models import Value

    today = date.today()
    org = build(today, out=out)
    times, queries, written = [], 0, 0
    for _ in range(repeat):
        Value.objects.filter(org=org).delete()
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            _n, written = services.recompute(org, today=today)
        times.append(time.perf_counter() - began)
        queries = len(ctx.captured_queries)
    out.write(
        f"recompute all computed indicators: p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {_percentile(times, 0.95) * 1000:.0f} ms, {queries} queries, {written} values "
        f"(at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n"
    )
