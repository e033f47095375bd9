"""`manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]`: one reminder digest per person, safe to run hourly.

Each active person with an active membership gets one e-mail (in their language) listing what every app's `work_items`
contribution reports as overdue or due within REMINDER_DAYS, and any `digest_sections` an app adds (kokybe/surfaces.py)
— but never an item already sent to them that day.
What was sent is written to ReminderLog in the same transaction as the mail: if the mail fails the log rolls back and
the next run tries again; if two runs overlap, the unique constraint lets only one of them send.

The first time an item is reported overdue it also leaves an in-app notification (once, not every day).
"""

import argparse
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kokybe import surfaces
from kokybe.lib import mail
from orgs.models import Membership
from work import items as work
from work import notifications, tasks
from work.models import ReminderLog


def iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from exc


def _sections(user, today, memberships):
    """Every app's extra digest sections (`digest_sections` in kokybe/surfaces.py), of the person's organisations."""
    found = []
    for func in surfaces.digest_sections.contributions():
        section = func(user, today, memberships)
        items = [item for item in (section.items if section else ()) if item.org.pk in memberships]
        if items:
            found.append(surfaces.DigestSection(heading=section.heading, items=items))
    return found


def fresh_digest(user, today):
    """The digest for `user` on `today`: (due or overdue work items, extra sections), without what was sent today."""
    memberships = work.active_memberships(user, today)
    items = work.reminder_items(user, today, memberships)
    sections = _sections(user, today, memberships) if memberships else []
    keys = [i.key for i in items] + [i.key for section in sections for i in section.items]
    if not keys:
        return [], []
    sent = set(
        ReminderLog.objects.filter(user=user, sent_on=today, item_key__in=keys).values_list("item_key", flat=True)
    )
    sections = [
        surfaces.DigestSection(heading=section.heading, items=[i for i in section.items if i.key not in sent])
        for section in sections
    ]
    return [item for item in items if item.key not in sent], [section for section in sections if section.items]


def fresh_items(user, today):
    """Every item the digest for `user` on `today` would carry, not yet sent today."""
    items, sections = fresh_digest(user, today)
    return items + [item for section in sections for item in section.items]


def digest_mail(user, items, today, sections=()):
    groups = defaultdict(list)
    for item in items:
        groups[item.org].append(item)
    context = {
        "user": user,
        "groups": sorted(groups.items(), key=lambda pair: str(pair[0])),
        "sections": sections,
        "count": len(items) + sum(len(section.items) for section in sections),
        "overdue_count": sum(item.overdue for item in items),
        "days": work.REMINDER_DAYS,
        "today": today,
        "site_url": settings.SITE_URL,
    }
    return mail.message(
        user,
        "work/email/reminder_digest_subject.txt",
        "work/email/reminder_digest.txt",
        context,
        html_template="work/email/reminder_digest.html",
    )


def send_digest(user, today):
    """Send `user` their digest; returns the items sent ([] when nothing new). Raises if the mail fails."""
    items, sections = fresh_digest(user, today)
    extra = [item for section in sections for item in section.items]
    if not items and not extra:
        return []
    keys = [item.key for item in items]
    first_overdue = {item.key for item in items if item.overdue} - set(
        ReminderLog.objects.filter(user=user, item_key__in=keys, overdue=True, sent_on__lt=today).values_list(
            "item_key", flat=True
        )
    )
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create(
                ReminderLog(user=user, item_key=item.key, sent_on=today, overdue=item.overdue) for item in items + extra
            )
            notifications.notify_overdue(user=user, items=[i for i in items if i.key in first_overdue])
            # Sent inside the transaction on purpose: a failure rolls the log back so the next run retries.
            digest_mail(user, items, today, sections).send()
    except IntegrityError:
        return []  # another run sent these a moment ago
    return items + extra


def recipients(today):
    members = Membership.objects.active(today).values("user_id")
    return User.objects.filter(is_active=True, pk__in=members).order_by("pk")


class Command(BaseCommand):
    help = "Mail each person one digest of what is overdue or due within 7 days. Idempotent: run it every hour."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show who would get what; send and record nothing.")
        parser.add_argument("--date", type=iso_date, help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, date=None, **options):
        today = date or timezone.localdate()
        people = sent = items_sent = queued = 0
        failed = []
        for user in recipients(today):
            people += 1
            if dry_run:
                items = fresh_items(user, today)
                if items:
                    sent += 1
                    items_sent += len(items)
                    self.stdout.write(f"{user.email}: " + "; ".join(f"{i.due_date or '—'} {i.title}" for i in items))
                continue
            # The worker sends it (work/tasks.py); the immediate backend sends it here and now, and says how it went.
            result = tasks.send_digest_to.enqueue(user.pk, today.isoformat())
            if not result.is_finished:
                queued += 1
            elif result.status == TaskResultStatus.FAILED:
                failed.append(user.email)
                self.stderr.write(f"{user.email}: {result.errors[-1].exception_class_path}")
            elif result.return_value:
                sent += 1
                items_sent += result.return_value
        summary = _(
            "send_reminders %(date)s: digests sent: %(sent)s, items: %(items)s, people checked: %(people)s, "
            "failed: %(failed)s."
        ) % {"date": today.isoformat(), "sent": sent, "items": items_sent, "people": people, "failed": len(failed)}
        if dry_run:
            summary += " " + _("Dry run: nothing was sent or recorded.")
        if queued:
            summary += " " + _("Queued for the background worker: %(queued)s.") % {"queued": queued}
        self.stdout.write(summary)
        if failed:
            raise CommandError(_("Reminders could not be sent to: %(emails)s") % {"emails": ", ".join(failed)})
