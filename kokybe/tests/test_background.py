"""kokybe/lib/background.py and `manage.py run_worker`: the database queue, the worker, the heartbeat."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kokybe.lib import background
from surveys import tasks as survey_tasks
from work.management.commands.send_reminders import recipients
from work.models import ReminderLog


def test_a_task_queued_in_a_rolled_back_transaction_is_never_run(task_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        background.enqueue(survey_tasks.send_invitation_mails, [1], "invitation")
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the change that asked for the mail failed")
    assert DBTaskResult.objects.count() == 0


def test_the_worker_leaves_a_heartbeat(task_worker):
    assert background.last_beat() is None
    task_worker.run("--worker-id", "w-test")
    beat = background.last_beat()
    assert beat["worker"] == "w-test" and beat["age"] < 5
    assert background.worker_alive("w-test") and not background.worker_alive("w-other")


def test_a_task_a_dead_worker_claimed_is_queued_again_and_run(task_worker, cast):
    survey_tasks.send_invitation_mails.enqueue([], "invitation")
    row = DBTaskResult.objects.get()
    long_ago = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["gone"]
    )
    task_worker.run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.worker_ids[0] == "gone" and len(row.worker_ids) == 2


def test_a_task_a_live_worker_is_running_is_left_alone(task_worker):
    survey_tasks.send_invitation_mails.enqueue([], "invitation")
    background.beat("busy")
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5), worker_ids=["busy"]
    )
    assert background.requeue_abandoned() == 0


def test_send_reminders_queues_one_digest_per_person_and_the_worker_sends_them(task_worker, cast):
    from actions.models import ImprovementAction

    ImprovementAction.objects.create(
        org=cast.alfa, number=1, title="Atnaujinti skundų tvarką", owner=cast.rasa, due_date=timezone.localdate()
    )
    out = StringIO()
    call_command("send_reminders", stdout=out, stderr=StringIO())
    people = recipients(timezone.localdate()).count()
    assert f"Perduota foniniam vykdytojui: {people}." in out.getvalue() and mail.outbox == []
    assert mail.outbox == []
    task_worker.run()
    assert [m.to for m in mail.outbox] == [[cast.rasa.email]]
    assert ReminderLog.objects.filter(user=cast.rasa).exists()
