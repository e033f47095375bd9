"""Benchmark of the programme console with 1,000 providers: response times (p50/p95) and query counts of the board,
the indicator page, the benchmarks and a round's progress, with the bare-SQL floor of the board's data.

    make bench BENCHES=bench_programme                       (manage.py bench_programme on the bench database)
    BENCH_DATABASE_URL=postgres://… make bench BENCHES=bench_programme

Through Django's test client (actions/bench.py's `measure`), inside a transaction the command rolls back.
"""

import random
import statistics
import sys
import time
from datetime import date, timedelta


def build(n_providers, seed=2026, prefix="bench"):
    """A programme with n providers in 3 waves, the EQUASS chain planned from each contract, 20 consultants, an
    indicator of unique persons (12 months × ~5 persons per provider) and a summed one, and a round to all."""
    from accounts.models import User
    from orgs.models import Organisation

    from .chain import ensure_equass_template
    from .models import (
        Contribution,
        Milestone,
        MilestoneStep,
        MilestoneTemplate,
        PersonReport,
        Programme,
        ProgrammeIndicator,
        ProgrammeParticipation,
        ProgrammeRound,
        RoundItem,
        Wave,
    )

    rng = random.Random(seed)
    today = date.today()
    # Made by a data migration, but a test that empties the database (a browser test's flush) takes it away.
    template = ensure_equass_template(MilestoneTemplate, MilestoneStep)
    steps = list(template.steps.order_by("order"))
    executor = Organisation.objects.create(name="Programos vykdytojas", slug=f"{prefix}-executor")
    # No password: the client signs in with force_login, and hashing 21 passwords would take longer than the rest.
    coordinator, *consultants = User.objects.bulk_create(
        [User(email=f"koordinatorius@{prefix}.test", full_name="Koordinatorė")]
        + [User(email=f"k{i}@{prefix}.test", full_name=f"Konsultantas {i}") for i in range(20)]
    )
    programme = Programme.objects.create(
        code=f"{prefix.upper()}-0001",
        title="Bandomoji programa",
        start=today - timedelta(days=3 * 365),
        coordinating_org=executor,
        milestone_template=template,
    )
    programme.coordinators.add(coordinator)
    programme.consultants.add(*consultants)
    waves = [Wave.objects.create(programme=programme, name=f"{i} banga", order=i) for i in (1, 2, 3)]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bandomasis centras {i:04d}", slug=f"{prefix}-{i:04d}", municipality=f"Savivaldybė {i % 60}")
        for i in range(n_providers)
    )
    parts = ProgrammeParticipation.objects.bulk_create(
        ProgrammeParticipation(
            programme=programme,
            org=org,
            wave=waves[i % 3],
            consultant=consultants[i % 20],
            contract_date=today - timedelta(days=rng.randrange(60, 1000)),
            joined_on=today - timedelta(days=1000),
        )
        for i, org in enumerate(orgs)
    )
    milestones = []
    for p in parts:
        for step in steps:
            planned = step.planned_for(p.contract_date)
            done = planned if planned < today and rng.random() < 0.9 else None
            milestones.append(Milestone(participation=p, step=step, planned_on=planned, done_on=done))
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    persons = ProgrammeIndicator.objects.create(
        programme=programme,
        code="asmenys",
        name="Asmenys",
        unit="asm.",
        kind="unique_persons",
        target=50000,
        deadline=today + timedelta(days=120),
        dimensions=["age_group"],
    )
    hours = ProgrammeIndicator.objects.create(
        programme=programme,
        code="val",
        name="Valandos",
        unit="val.",
        target=500000,
        deadline=today + timedelta(days=120),
    )
    months = [date(today.year - (today.month - 1 - k < 0), (today.month - 1 - k) % 12 + 1, 1) for k in range(1, 13)]
    reports, contributions = [], []
    for p in parts:
        for month in months:
            for _ in range(rng.randrange(3, 8)):
                reports.append(
                    PersonReport(
                        indicator=persons,
                        participation=p,
                        month=month,
                        key_version=1,
                        person_hash=f"{rng.getrandbits(256):064x}",
                        age_group="adult",
                    )
                )
            contributions.append(
                Contribution(indicator=hours, participation=p, month=month, value=rng.randrange(20, 90))
            )
    PersonReport.objects.bulk_create(reports, batch_size=2000)
    Contribution.objects.bulk_create(contributions, batch_size=2000)
    programme_round = ProgrammeRound.objects.create(
        programme=programme,
        kind="self_assessment",
        option="0",
        option_label="—",
        title="Įsivertinimas",
        due_date=today + timedelta(days=30),
    )
    RoundItem.objects.bulk_create(
        RoundItem(round=programme_round, participation=p, reference=str(10**8 + i)) for i, p in enumerate(parts)
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics as a database in use has them: without them the planner takes the freshly filled tables for
        # empty (after an earlier run's rollback, autovacuum records them so) and picks plans 100 times slower.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE orgs_organisation, programmes_programmeparticipation, programmes_milestone, "
                "programmes_personreport, programmes_contribution, programmes_rounditem"
            )
    return programme, coordinator, programme_round, len(milestones), len(reports)  # fmt: skip


def floor(programme, repeat):
    """The board's data in bare SQL: a page of 50 participations with their organisation, and their milestones."""
    from django.db import connection

    page = """SELECT p.id, o.name, o.municipality, p.status, p.wave_id, p.consultant_id FROM programmes_programmeparticipation p
              JOIN orgs_organisation o ON o.id = p.org_id WHERE p.programme_id = %s ORDER BY o.name, p.id LIMIT 50"""
    marks = """SELECT participation_id, step_id, planned_on, done_on FROM programmes_milestone
               WHERE participation_id IN ({})"""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(page, [programme.pk])
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(marks.format(",".join(["%s"] * len(ids))), ids)
            cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def run(n_providers=1000, repeat=20, out=sys.stdout):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from actions.bench import measure

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    programme, coordinator, programme_round, n_milestones, n_reports = build(n_providers)
    built = time.perf_counter() - started
    client = Client()
    client.force_login(coordinator)
    pk = programme.pk
    cases = [
        ("board, first page", reverse("programmes:board", args=[pk]), {}),
        ("board, late only, one wave", reverse("programmes:board", args=[pk]), {"late": "1", "wave": str(programme.waves.first().pk)}),
        ("indicators", reverse("programmes:indicators", args=[pk]), {}),
        ("benchmarks", reverse("programmes:benchmarks", args=[pk]), {}),
        ("round progress", reverse("programmes:round", args=[pk, programme_round.pk]), {}),
    ]  # fmt: skip
    out.write(
        f"Programme console benchmark: {n_providers} providers, {n_milestones} milestones, {n_reports} person "
        f"reports (built in {built:.0f} s), {connection.display_name}, Django test client\n"
    )
    out.write(f"{'page':30} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'queries':>8} {'size KB':>8}\n")
    for label, url, params in cases:
        r = measure(client, url, params, repeat)
        out.write(f"{label:30} {r['p50']:8.0f} {r['p95']:8.0f} {r['cpu']:8.0f} {r['queries']:8d} {r['kb']:8.0f}\n")
    p50, p95 = floor(programme, repeat)
    out.write(f"{'floor: board data, bare SQL':30} {p50:8.1f} {p95:8.1f}\n")
