"""Background work on Django's Tasks framework: retries with back-off, queueing with the transaction, the heartbeat.

The backend is the `TASKS` setting (kokybe/settings.py): by default django-tasks-db keeps the queue in the database,
so no other server is needed and a queued task commits or rolls back with the change that asked for it; a broker-based
backend can replace it by changing that setting. The worker is `manage.py run_worker` (kokybe/management/commands),
django-tasks-db's `db_worker` plus a heartbeat that `/healthz/` reads and that lets a restarted worker pick up what a
killed one left half done.

A task is an ordinary function in its app's `tasks.py`, decorated with `@retried(...)`. Its arguments must be JSON
(ids, not model instances): the row is read again when the task runs, so it sees the data as it is then.
"""

import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import router, transaction
from django.tasks import Task, task
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "worker:heartbeat"
HEARTBEAT_SECONDS = 10
# A worker that has not beaten for this long is taken for dead by /healthz/ and by the other workers.
HEARTBEAT_STALE_SECONDS = 60


def retried(*, attempts: int = 5, backoff: int = 30, **options: Any) -> Callable[[Callable[..., Any]], Task]:
    """`@task(**options)` whose failures are tried again, `backoff` seconds later, then twice that, and so on.

    Each failed attempt stays in the task table as failed (the operator sees it in the admin, "Database task
    results", with its traceback) and queues the next attempt with `attempt=n + 1` and a later `run_after`; the last
    attempt's failure is final. A backend that cannot defer (the immediate one in tests) gets no retry.
    """

    def decorate(func: Callable[..., Any]) -> Task:
        @functools.wraps(func)
        def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                backend = the_task.get_backend()
                if attempt < attempts and backend.supports_defer:
                    delay = backoff * 2 ** (attempt - 1)
                    the_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                        *args, attempt=attempt + 1, **kwargs
                    )
                    logger.warning(
                        "%s failed (attempt %s of %s); next try in %ss", the_task.name, attempt, attempts, delay
                    )
                else:
                    logger.error("%s failed for good (attempt %s of %s)", the_task.name, attempt, attempts)
                raise

        the_task = task(**options)(run)
        return the_task

    return decorate


def enqueue(the_task: Task, *args: Any, **kwargs: Any) -> None:
    """Queue `the_task` as part of the current transaction.

    With the database backend the task's row is written in the transaction itself: it commits with the change that
    asked for it (no task is lost between the commit and the queueing) and vanishes with a rollback (no mail about a
    change that never happened). Any other backend (the immediate one, a broker) gets the task after the commit.
    """
    backend = the_task.get_backend()
    if _in_database(backend):
        the_task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: the_task.enqueue(*args, **kwargs))


def _in_database(backend: Any) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == "default"


def beat(worker_id: str) -> None:
    """Record that `worker_id` is alive (kokybe/management/commands/run_worker.py calls it every few seconds)."""
    now = timezone.now().isoformat()
    cache.set_many({HEARTBEAT_KEY: {"at": now, "worker": worker_id}, f"{HEARTBEAT_KEY}:{worker_id}": now}, None)


def last_beat() -> dict | None:
    """{"at": datetime, "worker": id, "age": seconds} of the most recent heartbeat of any worker, or None."""
    value = cache.get(HEARTBEAT_KEY)
    if not value:
        return None
    at = datetime.fromisoformat(value["at"])
    return {"at": at, "worker": value["worker"], "age": (timezone.now() - at).total_seconds()}


def worker_alive(worker_id: str) -> bool:
    value = cache.get(f"{HEARTBEAT_KEY}:{worker_id}")
    if not value:
        return False
    return (timezone.now() - datetime.fromisoformat(value)).total_seconds() < HEARTBEAT_STALE_SECONDS


def requeue_abandoned() -> int:
    """Put back in the queue the tasks a worker claimed and never finished because it died (killed, machine lost).

    A task counts as abandoned when the worker that claimed it has not beaten for HEARTBEAT_STALE_SECONDS. Tasks are
    written to be run again safely (mail is recorded as sent in the same transaction, an export starts over). Returns
    how many were re-queued.
    """
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=HEARTBEAT_STALE_SECONDS)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    abandoned = [row.pk for row in running.only("pk", "worker_ids") if not worker_alive((row.worker_ids or [""])[-1])]
    if not abandoned:
        return 0
    count = DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
    logger.warning("Re-queued %s task(s) abandoned by a worker that stopped", count)
    return count
