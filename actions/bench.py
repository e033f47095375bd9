"""Benchmark of the implementation plan with 2,000 actions: response times (p50/p95) and query counts.

    DEBUG=1 .venv/bin/python -m actions.bench [--actions 2000] [--repeat 20]   (a throw-away SQLite database)
    make bench                                        (manage.py bench_plan on the bench database)

Through Django's test client, so it measures the view, the ORM and the templates without a web server. The
management command runs inside a transaction it rolls back, so the database it is given is left as it was.
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


def _setup(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokybe.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_org(n_actions, seed=2026, slug="bench"):
    """One organisation like a large centre: 4 units, 12 members, 10 principles, n actions over 2019–2027."""
    from actions.models import ImprovementAction, Priority, Source, Status
    from frameworks.models import Framework, FrameworkVersion, Principle
    from kokybe.test import make_user
    from orgs.models import Membership, Organisation, Service, Unit
    from orgs.roles import Role

    rng = random.Random(seed)
    org = Organisation.objects.create(name="Bandomasis socialinių paslaugų centras", slug=slug)
    framework = Framework.objects.create(code=f"{slug}-fw", name_lt="Sistema", name_en="Framework")
    version = FrameworkVersion.objects.create(framework=framework, label="1")
    principles = [
        Principle.objects.create(version=version, code=str(i), order=i, name_lt=f"Principas {i}", name_en=f"P {i}")
        for i in range(1, 11)
    ]
    units = [Unit.objects.create(org=org, name=f"Padalinys {i}") for i in range(1, 5)]
    units += [Unit.objects.create(org=org, parent=units[i], name=f"Skyrius {i}") for i in range(4)]
    services = [Service.objects.create(org=org, unit=units[i % 4], name=f"Paslauga {i}") for i in range(6)]
    roles = [Role.COORDINATOR, Role.DIRECTOR] + [Role.STAFF] * 8 + [Role.UNIT_HEAD] * 2
    users = []
    for i, role in enumerate(roles):
        user = make_user(f"narys{i}@{slug}.test", f"Narys Nr. {i}")
        Membership.objects.create(org=org, user=user, role=role)
        users.append(user)
    first = date(2019, 1, 1)
    rows = []
    for number in range(1, n_actions + 1):
        start = first + timedelta(days=rng.randrange(0, 8 * 365))
        status = rng.choice(Status.values)
        rows.append(
            ImprovementAction(
                org=org,
                number=number,
                title=f"Tobulinimo veiksmas Nr. {number}: atnaujinti tvarką ir supažindinti darbuotojus",
                source=rng.choice(Source.values),
                principle=rng.choice(principles + [None]),
                owner=rng.choice(users + [None]),
                unit=rng.choice(units + [None]),
                service=rng.choice(services + [None]),
                priority=rng.choice(Priority.values),
                start_date=start if rng.random() > 0.1 else None,
                due_date=start + timedelta(days=rng.randrange(14, 400)),
                status=status,
                progress=rng.randrange(0, 101, 10) if status in ("planned", "in_progress") else 100,
                created_by=users[0],
            )
        )
    ImprovementAction.objects.bulk_create(rows, batch_size=500)
    return org, users[0]


def measure(client, url, params=None, repeat=20):
    """Wall-clock p50/p95 and CPU-time p50 in ms (CPU time is what this process used: on a busy machine the wall
    clock also counts waiting for a core), the query count and the response size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params or {})  # warm the template cache and the session
    wall, cpu, queries, size = [], [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params or {})
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(ctx.captured_queries), len(response.content)
    wall.sort()
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    return {
        "p50": statistics.median(wall),
        "p95": p95,
        "cpu": statistics.median(cpu),
        "queries": queries,
        "kb": size / 1024,
    }


def run(n_actions=2000, repeat=20, out=sys.stdout):
    from django.conf import settings
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.urls import reverse

    from actions.models import ImprovementAction
    from orgs.models import Unit

    # Not setup_test_environment(): its instrumented template rendering would be measured too.
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    org, coordinator = build_org(n_actions)
    client = Client()
    client.force_login(coordinator)
    cases = [
        ("plan, grouped by principle", "actions:plan", {}, repeat),
        ("plan, by unit, open only", "actions:plan", {"group": "unit", "status": "open"}, repeat),
        ("timeline, around today", "actions:timeline", {}, repeat),
        ("timeline, whole plan", "actions:timeline", {"all": "1"}, repeat),
        ("timeline, 18 months", "actions:timeline", {"start": "2025-01", "end": "2026-06"}, repeat),
        ("XLSX export", "actions:export_xlsx", {}, max(3, repeat // 4)),
        ("PDF export, one unit", "actions:export_pdf", {"unit": "UNIT"}, 3),
    ]
    # The database it really ran on: `make bench` may point it at PostgreSQL.
    out.write(f"Implementation plan benchmark: {n_actions} actions, {connection.display_name}, Django test client\n")
    out.write(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'queries':>8} {'size KB':>8}  runs\n")
    results = {}
    for label, name, params, times in cases:
        if params.get("unit") == "UNIT":
            unit = Unit.objects.for_org(org).filter(parent=None).order_by("name").first()
            params = {"unit": str(unit.pk)}
            n = ImprovementAction.objects.for_org(org).filter(Q(unit=unit) | Q(unit__parent=unit)).count()
            label = f"{label} ({n} actions)"
        r = measure(client, reverse(name, args=[org.slug]), params, times)
        results[label] = r
        out.write(
            f"{label:32} {r['p50']:8.0f} {r['p95']:8.0f} {r['cpu']:8.0f} {r['queries']:8d} {r['kb']:8.0f}  {times}\n"
        )
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kokybe-bench-") as workdir:
        _setup(workdir)
        run(args.actions, args.repeat)


if __name__ == "__main__":
    main()
