"""My work: what is assigned to a person across all their organisations — one small interface for every app.

The interface
-------------
An app that has things people must do (actions, documents to acknowledge, audits to prepare…) writes a module
`<app>/work.py` with one or more providers::

    from work.items import WorkItem, provider

    @provider
    def my_work_items(user, today, memberships):
        ...
        return [WorkItem(org=..., kind=..., title=..., url=..., due_date=..., overdue=..., key=...), ...]

- `user` is the signed-in (or reminded) person; `today` the date to judge "overdue" by;
- `memberships` maps org id → the person's *active* Membership (org selected): return items of these organisations
  only. An expired external auditor's organisation is simply not in it. Items of any other organisation are dropped.
- A provider should make a fixed number of queries, whatever the number of items (My work has a query budget).
- `key` must be stable across days and unique across apps (e.g. "actions.action:<uuid>"): the reminder digest uses it
  to never send the same item twice a day.

Set `asks=True` on an item that waits for the person's decision or check (approve a document, verify an action's
effect, review a document, conduct an audit): the dashboard shows those under "Waiting for you".

`items_for(user, today)` collects every provider's items (overdue first, then by due date); the My work page shows
them all and `manage.py send_reminders` mails those overdue or due within REMINDER_DAYS. Modules named `work` in every
installed app are imported on first use, so registering needs nothing but the module.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from actions.models import ImprovementAction, Status
from orgs.models import Membership
from orgs.roles import INSIDERS, REVIEWERS

from .models import Milestone

REMINDER_DAYS = 7

_PROVIDERS = []
_discovered = False


@dataclass(frozen=True)
class WorkItem:
    org: object  # orgs.Organisation
    kind: str  # what it is, for the reader: "Improvement action", "Milestone"…
    title: str
    url: str  # a path within Kokybė
    due_date: date | None
    overdue: bool
    key: str  # stable de-duplication key for reminders
    detail: str = ""  # a short note: the person's part in it, the status…
    target: object = field(default=None, compare=False)  # the model instance, when there is one
    # Someone waits for this person's decision or check (an approval, a verification, a review, an audit): the
    # dashboard's "Waiting for you" card shows these, not the person's own tasks.
    asks: bool = False

    def is_due_within(self, today, days):
        # An event already under way is not "due": only what is overdue or still ahead within `days` counts.
        return self.overdue or (self.due_date is not None and today <= self.due_date <= today + timedelta(days=days))


def provider(func):
    """Register a My work provider (see the module docstring). Registering twice is harmless."""
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def providers():
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("work")
    return list(_PROVIDERS)


def active_memberships(user, today):
    return {m.org_id: m for m in Membership.objects.active(today).filter(user=user).select_related("org")}


def sort_key(item):
    return (not item.overdue, item.due_date or date.max, str(item.org), item.title.lower())


def items_for(user, today, memberships=None):
    """Everything assigned to `user` in their organisations, overdue first, then by due date."""
    if memberships is None:
        memberships = active_memberships(user, today)
    if not memberships:
        return []
    items = []
    for func in providers():
        items.extend(item for item in func(user, today, memberships) if item.org.pk in memberships)
    return sorted(items, key=sort_key)


def waiting_items(user, today, org, memberships=None):
    """What waits for `user`'s decision or check in `org`: the dashboard's "Waiting for you"."""
    if memberships is None:
        memberships = active_memberships(user, today)
    if org.pk not in memberships:
        return []
    return [item for item in items_for(user, today, {org.pk: memberships[org.pk]}) if item.asks]


def reminder_items(user, today, memberships=None):
    """What the reminder digest carries: overdue, or due within REMINDER_DAYS."""
    return [item for item in items_for(user, today, memberships) if item.is_due_within(today, REMINDER_DAYS)]


@provider
def open_actions(user, today, memberships):
    """Open improvement actions the person owns or takes part in."""
    actions = (
        ImprovementAction.objects.filter(org_id__in=memberships)
        .open()
        .filter(Q(owner=user) | Q(participants=user))
        .distinct()
        .select_related("org")
    )
    return [
        WorkItem(
            org=action.org,
            kind=_("Improvement action"),
            title=str(action),
            url=action.get_absolute_url(),
            due_date=action.due_date,
            overdue=action.is_overdue(today),
            key=f"actions.action:{action.uuid}",
            detail=_("Owner") if action.owner_id == user.pk else _("Participant"),
            target=action,
        )
        for action in actions
    ]


@provider
def actions_to_verify(user, today, memberships):
    """Actions marked done whose effect the person may verify (the director, the coordinator, an internal auditor)."""
    orgs = [org_id for org_id, m in memberships.items() if m.role in REVIEWERS]
    actions = ImprovementAction.objects.filter(org_id__in=orgs, status=Status.DONE).select_related("org")
    return [
        WorkItem(
            org=action.org,
            kind=_("Action to verify"),
            title=str(action),
            url=action.get_absolute_url(),
            due_date=None,
            overdue=False,
            key=f"actions.verify:{action.uuid}",
            detail=_("Check whether it worked"),
            target=action,
            asks=True,
        )
        for action in actions
    ]


@provider
def responsible_milestones(user, today, memberships):
    """Coming milestones (trainings, audits, survey periods…) the person is responsible for.

    An event is never "overdue": it is listed until its last day, dated by its first. Only insiders see the calendar.
    """
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    milestones = Milestone.objects.filter(org_id__in=orgs, responsible=user).upcoming(today).select_related("org")
    return [
        WorkItem(
            org=milestone.org,
            kind=milestone.get_kind_display(),
            title=milestone.title,
            url=milestone.get_absolute_url(),
            due_date=milestone.start_date,
            overdue=False,
            key=f"actions.milestone:{milestone.uuid}",
            detail=_("Responsible"),
            target=milestone,
        )
        for milestone in milestones
    ]
