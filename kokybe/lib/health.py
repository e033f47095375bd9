"""What `/healthz/` reports: the database, the migrations, the background worker's heartbeat and its queue.

The answer is 200 while this app server can serve (the database answers and every migration is applied), 503
otherwise; a stopped worker is reported but does not take the app server out of the load balancer (pages still
work; mail and exports wait in the queue until a worker runs again).
"""

from datetime import timedelta

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus
from django.utils import timezone

from . import background

_migrated = False  # once every migration is applied, it stays so for the life of this process


def pending_migrations() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


def _ping() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def report() -> tuple[bool, dict]:
    """(healthy, {check: details})."""
    checks: dict = {}
    try:
        _ping()
    except DatabaseError as exc:
        return False, {"database": {"ok": False, "error": exc.__class__.__name__}}
    checks["database"] = {"ok": True, "vendor": connection.vendor}
    pending = pending_migrations()
    checks["migrations"] = {"ok": pending == 0, "pending": pending}
    beat = background.last_beat()
    age = round(beat["age"]) if beat else None
    checks["worker"] = {"ok": age is not None and age < background.HEARTBEAT_STALE_SECONDS, "heartbeat_age": age}
    checks["tasks"] = _queue()
    return checks["migrations"]["ok"], checks


def _queue() -> dict:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1))
    # Reported, never failing: a failed task is retried or shown to the operator in the admin.
    return {"ok": True, "ready": rows.count(), "failed_24h": failed.count()}
