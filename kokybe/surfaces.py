"""Shared surfaces, and the one contract by which an app appears on them.

A shared surface is a page or a mail that shows things from many apps: the dashboard, My work, the quality calendar,
notifications, the reminder digest, the self-assessment's evidence kinds, the yearly progress report and the
management review, the public quality page. A surface never names an app; an app never edits a surface.

The contract
------------
An app that contributes writes **one module of its own, `<app>/surfaces.py`**, and registers functions in it with the
decorators of the surfaces it appears on::

    # complaints/surfaces.py
    from django.utils.translation import gettext_lazy as _

    from kokybe import surfaces
    from orgs.roles import INSIDERS

    from .models import Complaint

    @surfaces.work_items
    def complaints_to_answer(user, today, memberships):
        # Open complaints the person handles, in the organisations where they are an insider: one query.
        orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
        complaints = Complaint.objects.filter(org_id__in=orgs, handler=user).open().select_related("org")
        return [
            surfaces.WorkItem(
                org=c.org,
                kind=_("Complaint"),
                title=c.title,
                url=c.get_absolute_url(),
                due_date=c.answer_by,
                overdue=c.answer_by < today,
                key=f"complaints.answer:{c.uuid}",
            )
            for c in complaints
        ]

That one function puts the complaints on My work and, when due within a week or overdue, in the reminder digest;
`@surfaces.calendar_entries` would put their answer dates on the quality calendar the same way.

Every installed app's `surfaces` module is imported on first use (`django.utils.module_loading.autodiscover_modules`),
so registering needs nothing but that module: no settings, no edit to the surface's app. Registering a function twice
is harmless. Each surface's decorator documents what its functions receive and return (see the `Surface` objects
below); every contribution must make a fixed number of queries whatever the number of rows, because surfaces carry
query budgets.

This module imports no app: `orgs` (the floor every app stands on) reads its surfaces through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.module_loading import autodiscover_modules

_discovered = False


def discover() -> None:
    """Import every installed app's `surfaces` module once."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("surfaces")


class Surface:
    """One shared surface: a registry of contributing functions, filled by `<app>/surfaces.py` modules."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._functions: list[Callable[..., Any]] = []

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Register `func` as a contribution (used as a decorator)."""
        if func not in self._functions:
            self._functions.append(func)
        return func

    def contributions(self) -> list[Callable[..., Any]]:
        discover()
        return list(self._functions)

    def __repr__(self) -> str:
        return f"<Surface {self.name}>"


# The surfaces. Each docstring is the part of the contract its contributors implement; the dataclasses they return
# are defined beside the surface (below) so a contributing app imports only this module.


# ── The person's surfaces: My work, the quality calendar, notifications, the reminder digest (H1) ────────────────
# Rendered by the work app, which reads only these registries and never names the app an item comes from.

REMINDER_DAYS = 7  # the reminder digest carries what is overdue or due within this many days


@dataclass(frozen=True)
class WorkItem:
    """One thing a person has to do, listed on My work and (when due soon or overdue) mailed in the reminder digest.

    `key` must be stable across days and unique across apps ("<app>.<what>:<uuid>"): the digest uses it never to
    send the same item twice a day. With `remind_once` the digest carries the item once only: after a digest has
    carried it on an earlier day it is no longer offered, on My work either (a 90-days-left notice, not a task)."""

    org: Any  # orgs.Organisation
    kind: str  # what it is, for the reader: "Improvement action", "Document to read"…
    title: str
    url: str  # a path within Kokybė
    due_date: date | None
    overdue: bool
    key: str
    detail: str = ""  # a short note: the person's part in it, the status…
    target: Any = field(default=None, compare=False)  # the model instance, when there is one
    remind_once: bool = False

    def is_due_within(self, today: date, days: int) -> bool:
        # An event already under way is not "due": only what is overdue or still ahead within `days` counts.
        return self.overdue or (self.due_date is not None and today <= self.due_date <= today + timedelta(days=days))


work_items = Surface(
    "work_items",
    """What is assigned to a person, across their organisations (My work; the reminder digest mails the part
    overdue or due within REMINDER_DAYS).

    A contribution is `func(user, today, memberships) -> Iterable[WorkItem]`: `user` is the signed-in (or reminded)
    person, `today` the date to judge "overdue" by, `memberships` maps org id → the person's *active* Membership
    (with `org` selected). Return items of these organisations only (others are dropped): an expired external
    auditor's organisation is simply not in it; check `memberships[org_id].role` for what the role may see.
    A fixed number of queries whatever the number of items (My work has a query budget).""",
)


@dataclass(frozen=True)
class CalendarEntry:
    """One dated thing on an organisation's quality calendar (and in its people's iCal feeds).

    The owning app computes it from its own rows each time the calendar is shown: nothing is copied into the
    calendar. `start`..`end` are whole days, both inclusive (`end` None: one day). `key` is stable and unique across
    apps ("<app>.<what>:<uuid>"); the iCal feed uses it as the event's UID, so a calendar program updates the event
    instead of doubling it. `category` is a short slug the month grid styles by (`kind-<category>`); `badge` an
    optional short state ("Overdue", "Done"), `alert` whether that state needs attention."""

    org: Any  # orgs.Organisation
    kind: str  # what it is, for the reader: "Document review", "Survey period"…
    title: str
    url: str  # a path within Kokybė
    start: date
    key: str
    category: str
    end: date | None = None
    deadline: bool = False
    badge: str = ""
    alert: bool = False
    description: str = ""
    changed_at: datetime | None = None  # when the source last changed (iCal DTSTAMP); None: now

    @property
    def last(self) -> date:
        return self.end or self.start

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and self.last >= first


calendar_entries = Surface(
    "calendar_entries",
    """Dated things of an app on the quality calendar, pulled for the range being shown.

    A contribution is `func(memberships, first, last, person) -> Iterable[CalendarEntry]`: `memberships` maps org id
    → the viewer's active Membership (one organisation on its calendar page; all of a person's in their iCal feed),
    `first`..`last` the days shown (both inclusive). Return what overlaps the range and what the membership's role
    may see. `person` is None on the organisation's calendar page (everything dated: every action due, whoever owns
    it); in a person's own iCal feed it is that person, and an app may then keep to what concerns them (their own
    actions) while events of the organisation stay in. A fixed number of queries, whatever the number of entries.""",
)


@dataclass(frozen=True)
class NotificationKind:
    """One notification verb and the whole sentence a reader sees for it, in their language when shown.

    `sentence` is a lazy translation with `%(actor)s` (who acted; "Kokybė" for the system) and `%(target)s` (the
    title of what it is about), so a translator never sees glued pieces. The verb is stored on each notification:
    keep it once it is used, and declare a verb in one app only (two apps declaring one verb with different
    sentences is an error)."""

    verb: str
    sentence: Any  # str or lazy str


notification_kinds = Surface(
    "notification_kinds",
    """The notification verbs an app sends with `work.notifications.notify(user=, org=, verb=, target=, by=)`.

    A contribution is `func() -> Iterable[NotificationKind]`; it must not query.""",
)


def notification_sentences() -> dict[str, Any]:
    """verb → sentence, from every app's declarations."""
    sentences: dict[str, Any] = {}
    for func in notification_kinds.contributions():
        for kind in func():
            known = sentences.get(kind.verb)
            if known is not None and str(known) != str(kind.sentence):
                raise ValueError(f"Notification verb {kind.verb!r} is declared twice with different sentences.")
            sentences[kind.verb] = kind.sentence
    return sentences


@dataclass(frozen=True)
class DigestSection:
    """A section of the reminder digest beside the person's due work: news they should hear of by mail once
    (e.g. "published this week"), not a task on My work. Each item is a WorkItem (its `due_date` may be None); the
    digest sends an item's `key` at most once a day, like every other item."""

    heading: str
    items: Sequence[WorkItem]


digest_sections = Surface(
    "digest_sections",
    """Extra sections of a person's reminder digest (the due work itself comes from `work_items`).

    A contribution is `func(user, today, memberships) -> DigestSection | None`, with the arguments of a
    `work_items` contribution; None or a section without items adds nothing. A fixed number of queries.""",
)
