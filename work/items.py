"""My work: what is assigned to a person across all their organisations, from every app's `work_items`.

The contract an app implements (WorkItem, the `work_items` surface) is in kokybe/surfaces.py; this module only
collects and orders the contributions. `items_for(user, today)` is the My work page; `reminder_items` is what the
reminder digest (`manage.py send_reminders`) carries: overdue, or due within REMINDER_DAYS.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from kokybe import surfaces
from kokybe.surfaces import REMINDER_DAYS, WorkItem
from orgs.models import Membership

from .models import ReminderLog

__all__ = ["REMINDER_DAYS", "WorkItem", "active_memberships", "items_for", "reminder_items"]


def active_memberships(user: Any, today: date) -> dict[int, Membership]:
    return {m.org_id: m for m in Membership.objects.active(today).filter(user=user).select_related("org")}


def sort_key(item: WorkItem) -> tuple:
    return (not item.overdue, item.due_date or date.max, str(item.org), item.title.lower())


def _drop_reminded_once(user: Any, today: date, items: list[WorkItem]) -> list[WorkItem]:
    """Items marked `remind_once` that a digest carried on an earlier day are no longer offered (one query)."""
    once = [item.key for item in items if item.remind_once]
    if not once:
        return items
    sent = set(
        ReminderLog.objects.filter(user=user, item_key__in=once, sent_on__lt=today).values_list("item_key", flat=True)
    )
    return [item for item in items if not (item.remind_once and item.key in sent)]


def _collect(functions: list, user: Any, today: date, memberships: dict[int, Membership]) -> list[WorkItem]:
    asking = surfaces.work_items.asking_contributions()
    items = []
    for func in functions:
        for item in func(user, today, memberships):
            if item.asks and func not in asking:
                raise ImproperlyConfigured(
                    f"{func.__module__}.{func.__qualname__} returns items that ask (asks=True): register it with "
                    "@surfaces.work_items.asking, or the dashboard's “Waiting for you” never shows them."
                )
            if item.org.pk in memberships:
                items.append(item)
    return sorted(_drop_reminded_once(user, today, items), key=sort_key)


def items_for(user: Any, today: date, memberships: dict[int, Membership] | None = None) -> list[WorkItem]:
    """Everything assigned to `user` in their organisations, overdue first, then by due date."""
    if memberships is None:
        memberships = active_memberships(user, today)
    if not memberships:
        return []
    return _collect(surfaces.work_items.contributions(), user, today, memberships)


def waiting_items(user: Any, today: date, org: Any, memberships: dict[int, Membership] | None = None) -> list[WorkItem]:
    """What waits for `user`'s decision or check in `org` (items marked `asks`): the dashboard's "Waiting for you"."""
    if memberships is None:
        memberships = active_memberships(user, today)
    if org.pk not in memberships:
        return []
    # Only the contributions that may ask: a query per asking app, not one per app (the dashboard's query count).
    functions = surfaces.work_items.asking_contributions()
    return [item for item in _collect(functions, user, today, {org.pk: memberships[org.pk]}) if item.asks]


def reminder_items(user: Any, today: date, memberships: dict[int, Membership] | None = None) -> list[WorkItem]:
    """What the reminder digest carries: overdue, or due within REMINDER_DAYS."""
    return [item for item in items_for(user, today, memberships) if item.is_due_within(today, REMINDER_DAYS)]
