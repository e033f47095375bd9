"""The reminder digest, sent by the worker (kokybe/lib/background.py): one task per person, retried with back-off.

`manage.py send_reminders` (cron, hourly) queues the tasks; sending stays idempotent (work.models.ReminderLog is written
in the same transaction as the mail), so a retry, an overlapping run or a re-queued task never sends an item twice.
"""

from datetime import date

from accounts.models import User
from kokybe.lib import background


@background.retried(attempts=4, backoff=120)
def send_digest_to(user_id: int, day: str) -> int:
    """Mail the person their digest for `day` (ISO date); returns how many items it carried (0: nothing new)."""
    from work.management.commands.send_reminders import send_digest

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return len(send_digest(user, date.fromisoformat(day)))
