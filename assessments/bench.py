"""`manage.py bench_assessment` (and `make bench`): the self-assessment's speed on a synthetic organisation.

Builds an organisation with a 120-indicator framework version (10 principles × 4 criteria × 3 indicators) and a
complete cycle — every indicator rated, a narrative each, shared evidence, comments, gap actions — then measures the
assessment page (query count against a 10-indicator cycle, p50/p95 over the test client), the readiness computation,
and the DOCX/PDF reports. Everything runs in one transaction that is rolled back: the database is left as it was.
"""

import os
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from accounts.models import User
from actions.models import ImprovementAction
from frameworks.importing import import_framework
from kokybe.lib import pdf
from orgs.models import Membership, Organisation, Service
from orgs.roles import Role

from . import reports
from .models import AnswerComment, EvidenceItem, EvidenceKind, IndicatorAnswer, Status
from .services import assessment_create

TARGETS = {"page_p95_ms": 150, "docx_s": 2.0, "pdf_s": 3.0}
SCORING = {
    "ratings": [
        {"code": "met", "label_lt": "Atitinka", "label_en": "Met", "score": 1},
        {"code": "partly", "label_lt": "Iš dalies atitinka", "label_en": "Partly met", "score": 0.5},
        {"code": "not_met", "label_lt": "Neatitinka", "label_en": "Not met", "score": 0},
        {"code": "na", "label_lt": "Netaikoma", "label_en": "Not applicable", "score": None, "needs_reason": True},
    ],
    "pass_threshold": 1,
    "mandatory_must_be_met": True,
}
NARRATIVE = (
    "Tvarka patvirtinta direktoriaus įsakymu, su ja pasirašytinai supažindinti visi darbuotojai. Kasmet ją "
    "peržiūrime kartu su paslaugų gavėjų taryba, o pakeitimus skelbiame interneto svetainėje ir stende. "
)


class Quiet(Exception):
    """Raised at the end to roll the benchmark's rows back."""


def framework_data(code, principles, criteria, indicators):
    data = {
        "format": 1,
        "framework": {"code": code, "name_lt": "Bandomoji sistema", "name_en": "Benchmark framework"},
        "version": {"label": "bench", "year": 2026, "validity_years": 3, "scoring": SCORING},
        "principles": [],
    }
    for p in range(1, principles + 1):
        principle = {"code": str(p), "name_lt": f"Principas {p}", "name_en": f"Principle {p}", "criteria": []}
        for c in range(1, criteria + 1):
            principle["criteria"].append(
                {
                    "code": f"{p}.{c}",
                    "title_lt": f"Kriterijus {p}.{c}",
                    "title_en": f"Criterion {p}.{c}",
                    "indicators": [
                        {
                            "code": f"{p}.{c}.{i}",
                            "title_lt": f"Rodiklis {p}.{c}.{i}: įstaiga turi patvirtintą, žinomą ir taikomą tvarką",
                            "title_en": f"Indicator {p}.{c}.{i}: an approved procedure is known and applied",
                            "mandatory": i == 1,
                            "evidence_types": ["procedure", "record"],
                        }
                        for i in range(1, indicators + 1)
                    ],
                }
            )
        data["principles"].append(principle)
    return data


def build(slug, *, principles, criteria, indicators, seed=1):
    """An organisation with members, services and a complete cycle on its own framework version."""
    rng = random.Random(seed)
    org = Organisation.objects.create(name=f"Bandomasis centras {slug}", slug=slug)
    services = [Service.objects.create(org=org, name=f"Paslauga {i}") for i in range(1, 4)]
    people = []
    for i, role in enumerate([Role.COORDINATOR, Role.DIRECTOR, Role.STAFF, Role.STAFF, Role.UNIT_HEAD]):
        user = User.objects.create_user(f"{slug}-{i}@bench.invalid", None, full_name=f"Darbuotojas {i}")
        Membership.objects.create(org=org, user=user, role=role)
        people.append(user)
    version = import_framework(framework_data(f"{slug}-fw", principles, criteria, indicators), org=org).version
    cycle = assessment_create(
        org=org,
        version=version,
        title="Įsivertinimas 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        coordinator=people[0],
        by=people[0],
        services=services,
    )
    answers = list(cycle.answers.select_related("indicator"))
    for answer in answers:
        answer.rating = rng.choices(["met", "partly", "not_met", "na"], weights=[70, 18, 8, 4])[0]
        answer.reason = "Paslauga neteikiama." if answer.rating == "na" else ""
        answer.narrative = NARRATIVE * rng.randint(1, 3)
        answer.responsible = rng.choice(people)
        answer.revision = 1
    IndicatorAnswer.objects.bulk_update(answers, ["rating", "reason", "narrative", "responsible", "revision"])
    items = [
        EvidenceItem(
            org=org,
            kind=EvidenceKind.RECORD,
            title=f"Įrodymas {i}",
            reference=f"Byla {i}",
            evidence_date=date(2025, 1 + i % 12, 1),
            expires_on=date(2025, 12, 31) if i % 15 == 0 else None,
        )
        for i in range(1, len(answers) // 3 + 2)
    ]
    EvidenceItem.objects.bulk_create(items)
    Link = EvidenceItem.answers.through
    Link.objects.bulk_create(
        [Link(evidenceitem=item, indicatoranswer=answer) for answer in answers for item in rng.sample(items, 2)]
    )
    AnswerComment.objects.bulk_create(
        [AnswerComment(org=org, answer=a, author=people[1], body="Ar įrodymas aktualus?") for a in answers[::4]]
    )
    for n, answer in enumerate([a for a in answers if a.rating in ("not_met", "partly")][:15], start=1):
        action = ImprovementAction.objects.create(org=org, number=n, title=f"Šalinti trūkumą {answer.indicator.code}")
        action.indicators.add(answer.indicator)
    cycle.status = Status.COMPLETED
    cycle.save(update_fields=["status"])
    return org, cycle, people[0]


def _ms(samples):
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(func, runs):
    """(wall seconds, CPU seconds of this process) per run. Wall time is what a person waits; CPU time shows the
    work itself when other processes share the machine."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


@dataclass
class Result:
    indicators: int
    queries_small: int
    queries_large: int
    page_ms: tuple  # wall p50, p95
    page_cpu_ms: tuple  # CPU p50, p95
    readiness_ms: tuple
    docx_s: list = field(default_factory=list)
    docx_cpu_s: list = field(default_factory=list)
    pdf_s: list = field(default_factory=list)
    pdf_cpu_s: list = field(default_factory=list)
    pdf_preload_s: float = 0.0
    runs: int = 0
    load: tuple = ()

    @property
    def constant(self):
        return self.queries_small == self.queries_large

    def ok(self):
        return (
            self.constant
            and self.page_ms[1] < TARGETS["page_p95_ms"]
            and max(self.docx_s) < TARGETS["docx_s"]
            and max(self.pdf_s) < TARGETS["pdf_s"]
        )

    def lines(self):
        yes = "yes" if self.constant else "NO"

        def secs(values):
            return " / ".join(f"{s:.2f}" for s in values)

        load = ", ".join(f"{x:.1f}" for x in self.load) if self.load else "?"
        return [
            f"Self-assessment benchmark: {self.indicators} indicators, complete cycle, {connection.vendor}, "
            f"{os.cpu_count()} CPUs, load average {load}",
            f"  assessment page queries: {self.queries_large} with {self.indicators} indicators, "
            f"{self.queries_small} with 10 (constant: {yes})",
            f"  assessment page: p50 {self.page_ms[0]:.0f} ms, p95 {self.page_ms[1]:.0f} ms over {self.runs} runs "
            f"(target p95 < {TARGETS['page_p95_ms']} ms); CPU p50 {self.page_cpu_ms[0]:.0f} ms, "
            f"p95 {self.page_cpu_ms[1]:.0f} ms",
            f"  readiness computation: p50 {self.readiness_ms[0]:.1f} ms, p95 {self.readiness_ms[1]:.1f} ms",
            f"  DOCX report: {secs(self.docx_s)} s (target < {TARGETS['docx_s']:g} s); CPU {secs(self.docx_cpu_s)} s",
            f"  PDF report: {secs(self.pdf_s)} s (target < {TARGETS['pdf_s']:g} s); CPU {secs(self.pdf_cpu_s)} s",
            f"  (before them, once per process: WeasyPrint imported and fonts loaded in {self.pdf_preload_s:.2f} s, "
            "which kokybe/wsgi.py does when a web process starts)",
        ]


def _page(client, org, cycle):
    url = reverse("assessments:detail", args=[org.slug, cycle.pk])

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    return get


def _queries(func):
    func()
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


# The production static storage needs collectstatic's manifest; the page is measured, not the assets.
BENCH_SETTINGS = {
    "ALLOWED_HOSTS": ["testserver"],
    "SECURE_SSL_REDIRECT": False,
    "DEBUG": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


def run(runs=30, report_runs=3):
    result = None
    with override_settings(**BENCH_SETTINGS):
        try:
            with transaction.atomic():
                small_org, small_cycle, small_user = build("bench-small", principles=1, criteria=2, indicators=5)
                org, cycle, user = build("bench-large", principles=10, criteria=4, indicators=3)
                client = Client()
                client.force_login(small_user)
                queries_small = _queries(_page(client, small_org, small_cycle))
                client.force_login(user)
                page = _page(client, org, cycle)
                queries_large = _queries(page)
                page_wall, page_cpu = _timed(page, runs)
                readiness_wall, _cpu = _timed(cycle.readiness, runs)
                reports.report_html(cycle, "lt")  # templates compiled, as in a running server
                # WeasyPrint imported and fonts loaded, as kokybe/wsgi.py does when a web process starts; timed apart.
                preload_wall, _cpu = _timed(pdf.preload, 1)
                docx_wall, docx_cpu = _timed(lambda: reports.report_docx(cycle, "lt"), report_runs)
                pdf_wall, pdf_cpu = _timed(lambda: reports.report_pdf(cycle, "lt"), report_runs)
                result = Result(
                    indicators=cycle.answers.count(),
                    queries_small=queries_small,
                    queries_large=queries_large,
                    page_ms=_ms(page_wall),
                    page_cpu_ms=_ms(page_cpu),
                    readiness_ms=_ms(readiness_wall),
                    docx_s=docx_wall,
                    docx_cpu_s=docx_cpu,
                    pdf_s=pdf_wall,
                    pdf_cpu_s=pdf_cpu,
                    pdf_preload_s=preload_wall[0],
                    runs=runs,
                    load=os.getloadavg() if hasattr(os, "getloadavg") else (),
                )
                raise Quiet
        except Quiet:
            pass
    return result
