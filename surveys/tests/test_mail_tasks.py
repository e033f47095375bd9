"""Survey mail through the real queue (django-tasks-db) and the real worker, run in this process."""

from datetime import timedelta
from smtplib import SMTPException

from django.core import mail
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from surveys.models import Invitation
from surveys.tests.factories import campaign_url


def test_a_mailing_costs_the_request_one_queued_task_and_the_worker_sends_each_mail(cast, campaign, login, task_worker):
    response = login(cast.jonas).post(
        campaign_url("invite", campaign), {"addresses": "a@example.lt b@example.lt c@example.lt", "language": "lt"}
    )
    assert response.status_code == 302
    assert mail.outbox == []
    (queued,) = task_worker.results()
    assert queued.status == TaskResultStatus.READY and queued.task_name == "send_invitation_mails"
    task_worker.run()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.lt", "b@example.lt", "c@example.lt"]
    results = task_worker.results()
    assert len(results) == 4 and {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}


def test_a_failed_mail_is_kept_as_failed_and_tried_again_later_alone(cast, campaign, login, task_worker, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["bad@example.lt"]:
            raise SMTPException("mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    login(cast.jonas).post(
        campaign_url("invite", campaign), {"addresses": "ok@example.lt bad@example.lt", "language": "lt"}
    )
    task_worker.run()
    assert [m.to for m in mail.outbox] == [["ok@example.lt"]]
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "SMTPException" in failed.exception_class_path and "mailbox unavailable" in failed.traceback
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    # Back-off: the second attempt waits a minute, so running the worker now sends nothing more.
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(seconds=60)
    task_worker.run()
    assert len(mail.outbox) == 1
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    task_worker.run()
    assert [m.to for m in mail.outbox] == [["ok@example.lt"], ["bad@example.lt"]]
    assert DBTaskResult.objects.get(pk=retry.pk).status == TaskResultStatus.SUCCESSFUL


def test_a_reminder_queued_before_the_answer_is_not_sent_after_it(cast, campaign, login, task_worker):
    invitation = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="laukia@example.lt")
    login(cast.jonas).post(campaign_url("remind", campaign))
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    task_worker.run()
    assert mail.outbox == []
