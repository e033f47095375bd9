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

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

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


# ── Pages: dashboard cards, home sections, public-page sections (H2) ─────────────────────────────────────────────


@dataclass(frozen=True)
class DashboardCard:
    """One card of an organisation's dashboard.

    `template` is rendered with the dashboard's context (`org`, `current_membership`, `request`…) plus what
    `context()` returns. `context` is called only when the member's role is in `roles` (None: every member), so a
    card nobody may see costs no query; it returns None when the card has nothing to show now. Cards are shown by
    `order`, lowest first (orgs' own cards use 40–90; leave gaps)."""

    template: str
    order: int
    context: Callable[[], Mapping[str, Any] | None]
    roles: Collection[str] | None = None


dashboard_cards = Surface(
    "dashboard_cards",
    """Cards on the organisation's dashboard (`/o/<org>/`).

    A contribution is `func(org, membership) -> DashboardCard | None` (or an iterable of cards). It must not query:
    the queries belong in the card's `context`, which runs only for members who may see the card and must make a
    fixed number of queries (the dashboard has a query budget).""",
)


def visible_cards(org: Any, membership: Any) -> list[tuple[DashboardCard, Mapping[str, Any]]]:
    """The dashboard's cards for this member, in order, each with its context (cards with nothing to show left out)."""
    cards: list[DashboardCard] = []
    for func in dashboard_cards.contributions():
        result = func(org, membership)
        if result is None:
            continue
        cards.extend([result] if isinstance(result, DashboardCard) else result)
    shown = []
    for card in sorted(cards, key=lambda c: c.order):
        if card.roles is not None and membership.role not in card.roles:
            continue
        context = card.context()
        if context is not None:
            shown.append((card, context))
    return shown


@dataclass(frozen=True)
class HomeSection:
    """One section of a signed-in person's home page (`/`), above the list of their organisations.

    `items` is what the section lists; a section with no items is not shown. `template` renders it with `section`
    (this object) in its context. `keeps_home` says that a person with items here lands on the home page even
    when they belong to one organisation only (otherwise they are taken straight to its dashboard)."""

    template: str
    order: int
    items: Sequence[Any]
    title: str = ""
    keeps_home: bool = True


home_sections = Surface(
    "home_sections",
    """Sections of the home page for one signed-in person (e.g. the programmes they coordinate).

    A contribution is `func(user) -> HomeSection | None`: a fixed number of queries, whatever the number of rows.""",
)


def home_sections_for(user: Any) -> list[HomeSection]:
    sections = [section for func in home_sections.contributions() if (section := func(user)) is not None]
    return sorted((s for s in sections if s.items), key=lambda s: s.order)


@dataclass(frozen=True)
class PublicSection:
    """One section of an organisation's public quality page (`/p/<org>/`), which is cached and has an ETag.

    `stamp` is everything the section shows, or a cheap fingerprint of it (counts, last-changed times), as values
    whose `str()` is stable: it is part of the page's ETag and cache key, so it must change whenever what the section shows changes — a new
    certificate or a new document version shows at once. `publishes` says whether the section alone makes the page
    worth showing (the page is a 404 until some section publishes something). `context()` is called only when the
    page is rendered (a cache miss), in the visitor's language, and its result plus `org` and `language` render
    `template`. Sections are shown by `order`, lowest first."""

    template: str
    order: int
    stamp: object
    publishes: bool
    context: Callable[[], Mapping[str, Any]]


public_sections = Surface(
    "public_sections",
    """Sections of the public quality page: certificates, published documents, …

    A contribution is `func(org) -> PublicSection | None`. It runs on every request (also the ones answered 304),
    so computing `stamp` must take a fixed, small number of queries; the rest belongs in `context`.""",
)


def public_sections_for(org: Any) -> list[PublicSection]:
    sections = [section for func in public_sections.contributions() if (section := func(org)) is not None]
    return sorted(sections, key=lambda s: s.order)


# ── Self-assessment evidence kinds (H2) ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EvidenceOffer:
    """Something an app holds that proves one indicator, offered on the self-assessment's answer page ("Suggested
    evidence") with a one-click "Use as evidence" button.

    `fields` are the hidden POST fields of that button, sent to the answer's evidence form: a kind with an attach
    form of its own posts `{"form": <kind key>, <its form's fields>…}`; anything else can be attached as a record
    reference through the self-assessment's own form: `{"kind": "record", "title": …, "reference": …}`."""

    kind: str  # what it is, shown as a badge ("Document", "Survey results")
    title: str
    url: str
    detail: str  # one line: which version, which dates, why it is offered
    fields: Mapping[str, Any]


class EvidenceForm(Protocol):
    """An evidence kind's attach form: a Django form made with `form_class(data or None, org=org)`.

    `item_fields()` (after `is_valid()`) returns the evidence item's fields — `kind` (the kind's key) and the
    item's link to what it attaches (e.g. `document`, `document_version`; `campaign`) — which the self-assessment
    validates and stores (assessments.services.evidence_attach). Its POST field names carry the form's `prefix`."""

    def __init__(self, data: Any = None, *, org: Any) -> None: ...
    def is_valid(self) -> bool: ...
    def item_fields(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of self-assessment evidence an app owns (documents, survey results, …).

    `key` is what an evidence item stores as its kind and what its attach form posts as `form`. `form_class` and
    `template` (rendered with `form`, the answer `a`, `assessment` and `org`) add an attach form to the answer page;
    a kind whose rows need no link of their own may leave both empty and only offer its rows. `offers(org, answer,
    attached)` lists what the app holds for the answer's indicator that is not attached yet (`attached`: the evidence
    items already linked to it); a fixed number of queries. Kinds are shown by `order`.

    A kind with an attach form stores its link in a field of the evidence item (assessments.EvidenceItem: `document`,
    `document_version`, `campaign`), so a new such kind adds that field there; a kind without one (the test register
    in tests/surfaceapp) offers its rows as record references, which need nothing from the self-assessment."""

    key: str
    order: int
    offers: Callable[[Any, Any, Sequence[Any]], Sequence[EvidenceOffer]]
    form_class: Callable[..., EvidenceForm] | None = None
    template: str = ""


evidence_kinds = Surface(
    "evidence_kinds",
    """The self-assessment's evidence kinds that other apps own. A contribution is `func() -> EvidenceKind | None`
    (called for every answer page; it must not query).""",
)


def evidence_kinds_all() -> list[EvidenceKind]:
    kinds = [kind for func in evidence_kinds.contributions() if (kind := func()) is not None]
    return sorted(kinds, key=lambda kind: kind.order)


# ── Progress report and management review inputs (H2) ───────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ProgressText:
    """Text an app adds to one chapter of the yearly progress report, prefilled when the report is made or
    collected again; the coordinator then edits it.

    `section` names the chapter (a field of audits.ProgressReport: "introduction", "actions_text", "findings_text",
    "readiness_text", "documents_text", "surveys_text", "next_steps"). The texts of one chapter are joined by a blank
    line, by `order` (the chapter's owner writes first, order 0). `text` is plain text in the active language; lines
    starting with "- " print as a list; an empty text adds nothing."""

    section: str
    order: int
    text: str


progress_report = Surface(
    "progress_report",
    """What an app says about one year in the yearly progress report.

    A contribution is `func(org, year) -> ProgressText | Iterable[ProgressText] | None`: a fixed number of queries.""",
)


def progress_texts(org: Any, year: int) -> dict[str, str]:
    """{chapter: the contributions' text joined} for `year`."""
    found: list[ProgressText] = []
    for func in progress_report.contributions():
        result = func(org, year)
        if result is not None:
            found.extend([result] if isinstance(result, ProgressText) else result)
    chapters: dict[str, list[str]] = {}
    for item in sorted(found, key=lambda t: t.order):
        if item.text:
            chapters.setdefault(item.section, []).append(item.text)
    return {section: "\n\n".join(texts) for section, texts in chapters.items()}


@dataclass(frozen=True)
class ReviewInput:
    """One input of a management review, gathered from an app on the day and kept on the review as it was (plain
    values: the review shows what the management saw then). `lines` are shown as a list under `title`; both are in
    the language of the person who gathers them."""

    key: str
    order: int
    title: str
    lines: Sequence[str]

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": str(self.title), "lines": [str(line) for line in self.lines]}


review_inputs = Surface(
    "review_inputs",
    """What an app brings to a management review (besides what audits gathers itself: readiness, actions, audits,
    the certificate, surveys).

    A contribution is `func(org, today) -> ReviewInput | None`, covering the twelve months up to `today`: a fixed
    number of queries.""",
)


def review_inputs_for(org: Any, today: Any) -> list[dict[str, Any]]:
    found = [item for func in review_inputs.contributions() if (item := func(org, today)) is not None]
    return [item.as_json() for item in sorted(found, key=lambda i: i.order)]


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
    # Someone waits for this person's decision or check (an approval, a verification, a review, an audit): the
    # dashboard's "Waiting for you" card shows these, not the person's own tasks.
    asks: bool = False

    def is_due_within(self, today: date, days: int) -> bool:
        # An event already under way is not "due": only what is overdue or still ahead within `days` counts.
        return self.overdue or (self.due_date is not None and today <= self.due_date <= today + timedelta(days=days))


class WorkItemsSurface(Surface):
    """The `work_items` surface, which also knows the contributions that may ask for a decision or a check."""

    def __init__(self, name: str, doc: str) -> None:
        super().__init__(name, doc)
        self._asking: list[Callable[..., Any]] = []

    def asking(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Register `func` as a contribution that may return items with `asks=True` (used as a decorator instead
        of `@surfaces.work_items`). The dashboard's "Waiting for you" calls only these, so it costs a query for each
        app that asks, not one for every app; My work and the digest call every contribution either way."""
        self(func)
        if func not in self._asking:
            self._asking.append(func)
        return func

    def asking_contributions(self) -> list[Callable[..., Any]]:
        discover()
        return list(self._asking)


work_items = WorkItemsSurface(
    "work_items",
    """What is assigned to a person, across their organisations (My work; the reminder digest mails the part
    overdue or due within REMINDER_DAYS).

    A contribution is `func(user, today, memberships) -> Iterable[WorkItem]`: `user` is the signed-in (or reminded)
    person, `today` the date to judge "overdue" by, `memberships` maps org id → the person's *active* Membership
    (with `org` selected). Return items of these organisations only (others are dropped): an expired external
    auditor's organisation is simply not in it; check `memberships[org_id].role` for what the role may see.
    A fixed number of queries whatever the number of items (My work has a query budget). A contribution that may
    return items with `asks=True` registers with `@surfaces.work_items.asking` instead (My work refuses an asking
    item from a function registered otherwise: the dashboard would miss it).""",
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


# ── What providers share with the programmes they take part in ──────────────────────────────────────────────────


# The record kinds a `provider_records` contribution may report (a programme's milestones fill themselves from them).
PROVIDER_RECORD_KINDS = ("cycle_completed", "internal_audit_closed", "external_audit_held", "certificate_issued")


@dataclass(frozen=True)
class ProviderRecord:
    """A dated fact from a provider's own records: `kind` is one of PROVIDER_RECORD_KINDS."""

    org_id: int
    kind: str
    on: date


provider_records = Surface(
    "provider_records",
    """Dated facts from providers' records that a programme's milestones fill themselves from.

    A contribution is `func(org_ids) -> Iterable[ProviderRecord]`: every such fact of those organisations (the
    programme takes the earliest per kind after a participation's contract). One query whatever the number of
    organisations: a programme asks for hundreds at once.""",
)


provider_record_models = Surface(
    "provider_record_models",
    """The models whose saving may change what the same app reports through `provider_records`, so a programme's
    milestones fill themselves without anyone pressing a button.

    A contribution is `func() -> Iterable[str]`: model labels ("app_label.Model") of models with an `org_id`. After a
    row of one of them is saved (once the transaction commits), the programmes the organisation takes part in fill
    its open milestones from `provider_records` again; a failure there is logged and never undoes the save.""",
)


@dataclass(frozen=True)
class PrincipleReading:
    """A provider's readiness on one principle (0–100), from its latest self-assessment."""

    org_id: int
    principle: str  # the principle's code, the same across organisations on one framework
    name: str
    value: float


provider_readiness = Surface(
    "provider_readiness",
    """Readiness per principle of providers, for the anonymous distributions of a programme's benchmarks.

    A contribution is `func(org_ids) -> Iterable[PrincipleReading]`: for each organisation, its latest
    self-assessment's readiness per principle. A fixed number of queries whatever the number of organisations.""",
)


# The states a programme round's item can be in, as `ProgrammeRoundKind.progress` reports them.
ROUND_NOT_STARTED, ROUND_IN_PROGRESS, ROUND_SUBMITTED = "not_started", "in_progress", "submitted"


@dataclass(frozen=True)
class ProgrammeRoundKind:
    """A kind of round a programme pushes to many providers at once (e.g. a draft self-assessment cycle).

    `options()` -> [(value, label)]: what a round of this kind is on (e.g. the shared framework versions).
    `create(org, option, title, due_date, by)` -> reference: makes the item in the provider (its own app's service,
    with its activity entry) and returns a reference to it (a string the kind understands).
    `progress(references)` -> {reference: ROUND_*}: the state of each item, in a fixed number of queries.
    `url(org, reference)` -> the provider's page of the item (for the provider's My work).

    Optional, for a round that asks for several things at once and brings figures back (e.g. results):
    `picks()` -> [(value, label)]: what the coordinator ticks (one or more) besides the option, under `picks_label`;
    `create` then gets them as `picks=[value, ...]`.
    `figures(references)` -> {reference: [(key, label, value)]}: only what each provider chose to share when it
    submitted (nothing for an item not submitted), in a fixed number of queries. The programme shows figures only
    as distributions of 5 or more providers, and only when its participants share chosen results."""

    key: str
    name: str
    options: Callable[[], Sequence[tuple[str, str]]]
    create: Callable[..., str]
    progress: Callable[[Sequence[str]], Mapping[str, str]]
    url: Callable[[Any, str], str]
    picks: Callable[[], Sequence[tuple[str, str]]] | None = None
    picks_label: str = ""
    figures: Callable[[Sequence[str]], Mapping[str, Sequence[tuple[str, str, float]]]] | None = None


programme_round_kinds = Surface(
    "programme_round_kinds",
    """Kinds of rounds (campaigns) a programme coordinator pushes to a filtered set of providers.

    A contribution is `func() -> ProgrammeRoundKind | None`. The programme keeps which item each provider got and
    shows the progress; the item itself lives in the contributing app, in the provider's own records.""",
)


# ── Results: computed key performance indicators (wave 2) ────────────────────────────────────────────────────────
# Read by the results app, which never names the app a figure comes from. An app that holds records from which a
# result follows (actions closed on time, complaints decided on time, goals reached…) declares it here once; a
# provider then picks the definition in its results and Kokybė computes every period's value from the records.


@dataclass(frozen=True)
class Measure:
    """One computed value of a result for one period: `value` in the source's `unit` (a share as a percentage
    0–100, a count, a rate per 100 service users, a median of days…), with what it was computed from —
    `numerator`/`denominator` when it is a ratio (both None otherwise) and `records`, the number of records counted
    (shown beside the value: "from 37 records"). A period with nothing to count gives no Measure (None), never 0."""

    value: float
    numerator: float | None = None
    denominator: float | None = None
    records: int = 0

    @classmethod
    def share(cls, part: int, whole: int, records: int | None = None) -> Measure | None:
        """`part` of `whole` as a percentage, counted from `records` records (`whole` unless said); None when
        `whole` is 0 — nothing to count gives no value, never 0 %."""
        if not whole:
            return None
        return cls(
            value=100 * part / whole, numerator=part, denominator=whole, records=whole if records is None else records
        )


@dataclass(frozen=True)
class ResultSource:
    """A result that an app computes from its own records (a computed KPI).

    `code` is stable and unique across apps ("<app>.<what>", e.g. "actions.closed_on_time"): definitions refer to
    it, so keep it once shipped. `name`/`description` are lazy translations. `unit` is "%", "count", "per100",
    "days", "hours" or "points" (a difference on a 0–100 score); `higher_is_better` the direction. `principles` are
    the EQUASS principle codes ("1"…"10") it evidences (the results sheet groups by them).

    `compute(org, first, last)` returns the Measure for the organisation over the days `first`..`last` (both
    inclusive; a record's moment is counted on its **Europe/Vilnius** date, so a period's boundary is local midnight),
    or None when the period has nothing to count. It runs off the page (when values are recomputed): a fixed number
    of queries per call. `records_url(org, first, last)`, when given, is the path of a page of the app listing the
    records behind a value (its own gate decides who may open it).

    The service dimension: a source whose records belong to services declares `by_service=True`, and its compute
    then also takes `service=` — an orgs.Service of the organisation, or None for the whole organisation —
    `compute(org, first, last, service=None)`, counting only that service's records. The results app passes it for
    an indicator measured for one service, and refuses a service on an indicator whose source does not declare it
    (a source without `by_service` keeps the three-argument compute). A figure about service users stays
    suppressed under five people per service as for the whole organisation."""

    code: str
    name: Any
    unit: str
    compute: Callable[..., Measure | None]
    principles: tuple[str, ...] = ()
    higher_is_better: bool = True
    description: Any = ""
    records_url: Callable[[Any, date, date], str] | None = None
    by_service: bool = False


result_sources = Surface(
    "result_sources",
    """Results an app computes from its records (the results app's computed KPIs).

    A contribution is `func() -> Iterable[ResultSource]`; it must not query. Declare a code in one app only (two
    sources with one code are an error).""",
)


def result_sources_all() -> dict[str, ResultSource]:
    """code → ResultSource, from every app's declarations."""
    found: dict[str, ResultSource] = {}
    for func in result_sources.contributions():
        for source in func():
            if source.code in found and found[source.code] is not source:
                raise ValueError(f"Result source {source.code!r} is declared twice.")
            found[source.code] = source
    return found


# ── Background exports: long files made by the worker, with progress ──────────────────────────────────────────────
# Read by the exports app, which never names the app a file comes from. An app whose export can take longer than a
# page should wait (a plan of 1,000 actions as PDF, survey summaries…) declares it here; its page offers it as a form
# posting to `exports:start` with the export's code and the page's query string; the person then watches the
# progress and downloads the file when it is ready.


@dataclass(frozen=True)
class ExportFile:
    """What an export's `build` returns: the file's name for the download, its bytes and its content type."""

    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class BackgroundExport:
    """A file an app makes in the background for the person who asked for it.

    `code` is stable and unique across apps ("<app>.<what>", e.g. "actions.plan_pdf"); `name` a lazy translation
    ("Implementation plan (PDF)"). `roles` may ask for it and download it — the same roles as the app's own page.
    `build(org, user, params, progress) -> ExportFile` runs in the worker: `params` is the page's query string as a
    QueryDict (the filters), validated by `build` itself; `progress(step, label)` reports the step (1…`steps`) it is
    on and what it is doing (a lazy translation), and may be called as often as convenient. `build` raises
    `ValidationError` with a message for the person when the request cannot be met (too many rows…).
    `back_url(org, params)` is the page the person came from."""

    code: str
    name: Any
    roles: Collection[str]
    build: Callable[..., ExportFile]
    back_url: Callable[[Any, Any], str]
    steps: int = 1


background_exports = Surface(
    "background_exports",
    """Long exports made by the worker (the exports app: progress page and download).

    A contribution is `func() -> Iterable[BackgroundExport]`; it must not query. Declare a code in one app only.""",
)


def background_exports_all() -> dict[str, BackgroundExport]:
    """code → BackgroundExport, from every app's declarations."""
    found: dict[str, BackgroundExport] = {}
    for func in background_exports.contributions():
        for export in func():
            if export.code in found and found[export.code] is not export:
                raise ValueError(f"Background export {export.code!r} is declared twice.")
            found[export.code] = export
    return found
