"""`manage.py run_worker`: the background worker (django-tasks-db's `db_worker`) with a heartbeat.

Every HEARTBEAT_SECONDS the worker records in the shared cache that it is alive: `/healthz/` reports it, and at start
and once a minute the worker puts back in the queue the tasks that a worker which stopped beating had claimed and never
finished (kokybe.lib.background.requeue_abandoned), so killing a worker loses no task. Options are db_worker's
(`--batch`, `--interval`, `--queue-name`, `--max-tasks`, ...). README, "Background work", has the systemd unit.
"""

import logging
import os
import threading

from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from kokybe.lib import background

logger = logging.getLogger(__name__)


class HeartbeatWorker(db_worker.Worker):
    def run(self):
        background.beat(self.worker_id)
        background.requeue_abandoned()
        if self.batch:  # a batch run ends when the queue is empty: no one needs to know it is alive
            return super().run()
        stop = threading.Event()
        thread = threading.Thread(target=self._heartbeat, args=(stop,), name="worker-heartbeat", daemon=True)
        thread.start()
        try:
            super().run()
        finally:
            stop.set()

    def _heartbeat(self, stop):
        while not stop.wait(background.HEARTBEAT_SECONDS):
            try:
                background.beat(self.worker_id)
                background.requeue_abandoned()
            except Exception:  # the database restarting must not kill the heartbeat; the next beat tries again
                logger.exception("Worker heartbeat failed")
            finally:
                # This thread has its own connection: never leave it open between beats.
                connections.close_all()


class Command(db_worker.Command):
    help = "Run the background worker: queued mail, exports and other tasks (django-tasks-db) with a heartbeat."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        if batch:
            reload = False
        worker = HeartbeatWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            if threading.current_thread() is threading.main_thread():
                worker.configure_signals()
            worker.run()
