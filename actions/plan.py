"""The implementation plan (diegimo planas): filtering, grouping, progress and the timeline layout.

Everything here works on one QuerySet of the org's actions fetched with its foreign keys, so the plan, the timeline
and the exports cost the same number of queries for 10 actions as for 2,000.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit
from orgs.roles import CONTRIBUTORS

from . import services
from .models import OPEN_Q, OPEN_STATUSES, ImprovementAction, Source, Status, due_within_q, members_in, overdue_q

CLOSED_STATUSES = (Status.DONE, Status.EFFECTIVE, Status.NOT_EFFECTIVE)
NO_OWNER = "none"
OPEN = "open"
MAX_DAYS = 3650


class GroupBy:
    PRINCIPLE = "principle"
    SOURCE = "source"
    UNIT = "unit"
    choices = [(PRINCIPLE, _("Principle")), (SOURCE, _("Source")), (UNIT, _("Unit"))]


# What the plan, the timeline and the PDF show; the long texts (description, measures, verification) stay in the
# database, which matters at a few thousand rows.
ROW_FIELDS = (
    "id",
    "org_id",
    "number",
    "title",
    "source",
    "status",
    "progress",
    "start_date",
    "due_date",
    "completed_on",
    "created_at",
    "owner__full_name",
    "owner__email",
    "unit__name",
    "principle__code",
    "principle__order",
    "principle__version_id",
    "principle__name_lt",
    "principle__name_en",
)


def plan_actions(org, *, full=False):
    """The org's actions with what a plan row needs; `full` gives every field (the XLSX export)."""
    qs = ImprovementAction.objects.for_org(org)
    if full:
        return qs.select_related("owner", "unit", "service", "principle")
    return qs.select_related("owner", "unit", "principle").only(*ROW_FIELDS)


def prepare_rows(actions, org, today):
    """Per-row values computed once in Python rather than by template filters: thousands of rows render fast."""
    sample = reverse("actions:detail", args=[org.slug, 1])
    prefix = sample[: -len("1/")]
    select = gettext("Select action #%(number)s")
    statuses = {value: str(label) for value, label in Status.choices}
    rows = []
    for action in actions:
        # Text, not numbers: the template would localise every integer it prints.
        action.id_text, action.number_text = str(action.pk), str(action.number)
        action.url = f"{prefix}{action.number}/"
        action.select_label = select % {"number": action.number}
        action.status_label = statuses.get(action.status, action.status)
        action.owner_name = str(action.owner) if action.owner_id else "—"
        action.unit_name = action.unit.name if action.unit_id else "—"
        action.overdue = action.is_overdue(today)
        action.percent = action_percent(action)
        action.percent_text = str(action.percent)
        action.start_text = action.start_date.isoformat() if action.start_date else ""
        action.due_text = action.due_date.isoformat() if action.due_date else ""
        rows.append(action)
    return rows


def owner_memberships(org):
    """Who may own an action (the same rule the model enforces), by name."""
    return members_in(org, CONTRIBUTORS).select_related("user").order_by("user__full_name", "user__email")


def unit_tree(org):
    return Unit.as_tree(list(Unit.objects.for_org(org)))


def descendants(tree, unit_id):
    """The unit and every unit nested below it, from an as_tree() list (no queries)."""
    children = {}
    for unit, _depth in tree:
        children.setdefault(unit.parent_id, []).append(unit.pk)
    out, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        out.add(current)
        todo.extend(children.get(current, []))
    return out


class PlanFilterForm(forms.Form):
    """The plan's GET filters; an invalid field is reported and ignored, the others still apply."""

    group = forms.ChoiceField(label=_("Group by"), choices=GroupBy.choices, required=False)
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    due_within = forms.IntegerField(
        label=_("Due within (days)"), required=False, min_value=0, max_value=MAX_DAYS, widget=forms.NumberInput
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, data, *, org, members, tree, **kwargs):
        super().__init__(data, **kwargs)
        self.org, self.tree = org, tree
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            (NO_OWNER, _("No owner")),
            *[(str(m.user_id), str(m.user)) for m in members],
        ]
        self.fields["status"].choices = [("", _("Any")), (OPEN, _("Open (planned or in progress)")), *Status.choices]
        self.fields["source"].choices = [("", _("Any")), *Source.choices]
        self.fields["unit"].choices = [("", _("Any")), *[(u.pk, "\u2003" * d + u.name) for u, d in tree]]

    def value(self, name):
        """The cleaned value of one field, or None when it is missing or invalid (shown as an error)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    @property
    def group_by(self):
        return self.value("group") or GroupBy.PRINCIPLE

    def filter(self, qs, today=None):
        today = today or timezone.localdate()
        if text := self.value("q"):
            qs = qs.filter(title__icontains=text.strip())
        owner = self.value("owner")
        if owner == NO_OWNER:
            qs = qs.filter(owner__isnull=True)
        elif owner:
            qs = qs.filter(owner_id=int(owner))
        status = self.value("status")
        if status == OPEN:
            qs = qs.open()
        elif status:
            qs = qs.filter(status=status)
        if source := self.value("source"):
            qs = qs.filter(source=source)
        if (unit := self.value("unit")) is not None:
            qs = qs.filter(unit_id__in=descendants(self.tree, unit))
        days = self.value("due_within")
        if days is not None:
            qs = qs.due_within(days, today=today)
        if self.value("overdue"):
            qs = qs.overdue(today=today)
        return qs

    def applied(self):
        """(label, value) of every filter in use, in the reader's language: for the PDF and the export."""
        out = []
        for name in ("q", "owner", "status", "source", "unit", "due_within", "overdue"):
            value = self.value(name)
            if value in (None, "", False):
                continue
            bound = self[name]
            if name == "overdue":
                shown = gettext("yes")
            elif isinstance(bound.field, forms.ChoiceField):
                shown = dict(bound.field.choices).get(value, value)
                shown = str(shown).strip("\u2003")
            else:
                shown = str(value)
            out.append((str(bound.label), shown))
        return out


# Progress


def action_percent(action):
    """A closed action counts as complete; an open one as far as its owner says it is."""
    return 100 if action.status in CLOSED_STATUSES else min(action.progress or 0, 100)


@dataclass
class Progress:
    total: int = 0
    completed: int = 0
    overdue: int = 0
    percent_sum: int = 0

    def add(self, action, today):
        self.total += 1
        self.percent_sum += action_percent(action)
        if action.status in CLOSED_STATUSES:
            self.completed += 1
        if action.is_overdue(today):
            self.overdue += 1

    @property
    def percent(self):
        # Half up (62.5 → 63), as a person rounds; Python's round() would give 62.
        return (self.percent_sum * 2 + self.total) // (self.total * 2) if self.total else 0


@dataclass
class Group:
    key: str
    label: str
    actions: list = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)

    @property
    def slug(self):
        return f"group-{self.key}"


def group_key(action, by):
    if by == GroupBy.SOURCE:
        return action.source
    obj = action.unit if by == GroupBy.UNIT else action.principle
    return obj.pk if obj else None


def group_actions(actions, by, *, tree=(), today=None):
    """Groups in display order (principles by their order, sources as listed, units as in the tree), the empty
    "No principle" / "No unit" group last; and the overall progress."""
    today = today or timezone.localdate()
    overall = Progress()
    buckets = {}
    for action in actions:
        action.overdue = action.is_overdue(today)
        action.percent = action_percent(action)
        buckets.setdefault(group_key(action, by), []).append(action)
        overall.add(action, today)

    if by == GroupBy.SOURCE:
        order = {value: i for i, value in enumerate(Source.values)}
        keys = sorted(buckets, key=lambda k: order.get(k, len(order)))
        labels = {k: Source(k).label if k in Source.values else k for k in keys}
    elif by == GroupBy.UNIT:
        order = {unit.pk: i for i, (unit, _d) in enumerate(tree)}
        keys = sorted((k for k in buckets if k is not None), key=lambda k: order.get(k, len(order)))
        labels = {k: str(buckets[k][0].unit) for k in keys}
        labels[None] = gettext("No unit")
    else:
        first = {k: v[0].principle for k, v in buckets.items() if k is not None}
        keys = sorted(first, key=lambda k: (first[k].version_id, first[k].order, first[k].code))
        labels = {k: str(first[k]) for k in keys}
        labels[None] = gettext("No principle")
    if by != GroupBy.SOURCE and None in buckets:
        keys.append(None)

    groups = []
    for key in keys:
        group = Group(key="none" if key is None else str(key), label=str(labels[key]))
        for action in buckets[key]:
            group.actions.append(action)
            group.progress.add(action, today)
        groups.append(group)
    return groups, overall


def _progress_figures(today):
    """The figures of a Progress, as aggregates the database computes over any number of actions."""
    return {
        "total": Count("pk"),
        "completed": Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
        "overdue": Count("pk", filter=overdue_q(today)),
        "percent_sum": Coalesce(
            Sum(
                Case(
                    When(status__in=CLOSED_STATUSES, then=Value(100)),
                    default=Least(Coalesce("progress", Value(0)), Value(100)),
                    output_field=IntegerField(),
                )
            ),
            Value(0),
        ),
    }


_GROUP_FIELD = {GroupBy.SOURCE: "source", GroupBy.UNIT: "unit_id", GroupBy.PRINCIPLE: "principle_id"}
_PRINCIPLE_FIELDS = ("principle__code", "principle__order", "principle__version_id", "principle__name_lt")


def plan_groups(actions, by, *, tree=(), today=None):
    """What group_actions() gives, counted by the database instead of by fetching every action: the groups in the
    same display order with their progress (their `actions` left empty), and the overall progress. One query,
    whatever the number of actions; the page's rows are then fetched with plan_page()."""
    from frameworks.models import Principle

    today = today or timezone.localdate()
    key = _GROUP_FIELD.get(by, "principle_id")
    extra = (*_PRINCIPLE_FIELDS, "principle__name_en") if by == GroupBy.PRINCIPLE else ()
    rows = {row[key]: row for row in actions.order_by().values(key, *extra).annotate(**_progress_figures(today))}
    overall = Progress()
    for row in rows.values():
        overall.total += row["total"]
        overall.completed += row["completed"]
        overall.overdue += row["overdue"]
        overall.percent_sum += row["percent_sum"]

    if by == GroupBy.SOURCE:
        order = {value: i for i, value in enumerate(Source.values)}
        keys = sorted(rows, key=lambda k: order.get(k, len(order)))
        labels = {k: Source(k).label if k in Source.values else k for k in keys}
    elif by == GroupBy.UNIT:
        order = {unit.pk: i for i, (unit, _d) in enumerate(tree)}
        names = {unit.pk: str(unit) for unit, _d in tree}
        keys = sorted((k for k in rows if k is not None), key=lambda k: order.get(k, len(order)))
        labels = {k: names.get(k, str(k)) for k in keys}
        labels[None] = gettext("No unit")
    else:
        first = {
            k: Principle(
                pk=k,
                code=row["principle__code"],
                order=row["principle__order"],
                version_id=row["principle__version_id"],
                name_lt=row["principle__name_lt"],
                name_en=row["principle__name_en"],
            )
            for k, row in rows.items()
            if k is not None
        }
        keys = sorted(first, key=lambda k: (first[k].version_id, first[k].order, first[k].code))
        labels = {k: str(first[k]) for k in keys}
        labels[None] = gettext("No principle")
    if by != GroupBy.SOURCE and None in rows:
        keys.append(None)

    groups = []
    for k in keys:
        row = rows[k]
        progress = Progress(row["total"], row["completed"], row["overdue"], row["percent_sum"])
        group = Group(key="none" if k is None else str(k), label=str(labels[k]), progress=progress)
        group.value = k
        groups.append(group)
    return groups, overall


def plan_page_order(actions, by, groups):
    """The actions in the plan's reading order (group by group, as plan_groups() orders the groups, and within a
    group by due date and number, as group_actions() keeps them), so one page of rows is one slice in SQL."""
    key = _GROUP_FIELD.get(by, "principle_id")
    whens = [
        When(**({f"{key}__isnull": True} if g.value is None else {key: g.value}), then=Value(i))
        for i, g in enumerate(groups)
    ]
    position = Case(*whens, default=Value(len(groups)), output_field=IntegerField()) if whens else Value(0)
    return actions.alias(plan_position=position).order_by("plan_position", *ImprovementAction._meta.ordering)


# Timeline


def month_start(day):
    return day.replace(day=1)


def add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(a, b):
    return (b.year - a.year) * 12 + b.month - a.month


def _position(day, start, n_months):
    """Where a day begins, in % of the window; every month is equally wide so gridlines stay regular."""
    index = months_between(start, day) + (day.day - 1) / calendar.monthrange(day.year, day.month)[1]
    return max(0.0, min(100.0, index / n_months * 100))


@dataclass
class Bar:
    action: object
    start: date
    end: date
    left: float
    width: float
    start_guessed: bool  # no start date: drawn from the day the action was created
    no_due: bool
    cut_before: bool
    cut_after: bool

    @property
    def start_text(self):
        return self.start.isoformat()

    @property
    def end_text(self):
        return self.end.isoformat()

    @property
    def left_text(self):
        # Formatted here, not by the template: a localised float would print "12,5" and break the CSS.
        return f"{self.left:.3f}"

    @property
    def width_text(self):
        return f"{self.width:.3f}"


@dataclass
class Timeline:
    start: date
    end: date  # first day after the window
    months: list
    years: list
    bars: list
    today: float | None
    month_labels: bool
    hidden: int = 0  # actions wholly outside the window
    grid_width: float = 0.0  # % of the track between two gridlines: a month, or a year on long windows

    @property
    def last_month(self):
        return add_months(self.end, -1)

    @cached_property
    def today_line(self):
        """The marker each row repeats; built once. Placed by static/js/positions.js (no inline style: the CSP)."""
        if self.today is None:
            return ""
        return format_html('<div class="tl-today" data-left="{}" aria-hidden="true"></div>', f"{self.today:.3f}")


@dataclass(slots=True)
class Span:
    """What a timeline bar needs of an action, read as plain values: the window and the bars are computed over every
    filtered action, but only one page of them is fetched as actions (timeline_spans, then timeline_page)."""

    pk: int
    status: str
    start_date: date | None
    due_date: date | None
    completed_on: date | None
    created_at: object
    overdue: bool = False

    def is_overdue(self, today):
        return self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < today


SPAN_FIELDS = ("pk", "status", "start_date", "due_date", "completed_on", "created_at")


def timeline_spans(actions):
    """The actions (a QuerySet, in the timeline's order) as Spans: one query, no model instances."""
    return [Span(*row) for row in actions.values_list(*SPAN_FIELDS)]


def timeline_page(bars, org, today):
    """Put the full action, prepared for its row, in place of the Span of each bar on one page (one query)."""
    spans = [bar.action for bar in bars]
    if spans and isinstance(spans[0], Span):
        fetched = plan_actions(org).filter(pk__in=[span.pk for span in spans]).order_by()
        full = {action.pk: action for action in prepare_rows(fetched, org, today)}
        for bar in bars:
            bar.action = full[bar.action.pk]
    return bars


def bar_dates(action):
    end = action.due_date or action.completed_on
    start = action.start_date
    guessed = start is None
    if guessed:
        start = timezone.localdate(action.created_at) if action.created_at else end
    if end is None:
        end = start
    return min(start, end), end, guessed


def timeline_window(actions, today, first=None, last=None):
    """First month and the month after the last: the chosen months, else the span of the bars (today included)."""
    spans = [bar_dates(a)[:2] for a in actions]
    lo = first or month_start(min([s for s, _e in spans] + [today]))
    hi = last or month_start(max([e for _s, e in spans] + [today]))
    if hi < lo:
        lo, hi = hi, lo
    return month_start(lo), add_months(month_start(hi), 1)


MONTH_LABELS_UP_TO = 36  # months; beyond that the scale shows years and the window snaps to whole years


def build_timeline(actions, today=None, first=None, last=None):
    """Bars of the actions that fall in the window (the chosen months, else the whole plan); `hidden` counts the
    others, which are left out of the drawing rather than shown as empty rows."""
    today = today or timezone.localdate()
    actions = list(actions)
    start, end = timeline_window(actions, today, first, last)
    if months_between(start, end) > MONTH_LABELS_UP_TO:
        start, end = date(start.year, 1, 1), date(add_months(end, -1).year + 1, 1, 1)
    n = months_between(start, end)
    months = []
    for i in range(n):
        day = add_months(start, i)
        months.append({"date": day, "left": i / n * 100, "width": 100 / n})
    years = []
    for m in months:
        if not years or years[-1]["year"] != m["date"].year:
            years.append({"year": m["date"].year, "left": m["left"], "width": 0.0})
        years[-1]["width"] += m["width"]
    bars, hidden = [], 0
    for action in actions:
        s, e, guessed = bar_dates(action)
        after_end = e + timedelta(days=1)
        if e < start or s >= end:
            hidden += 1
            continue
        left = _position(s, start, n) if s >= start else 0.0
        right = _position(after_end, start, n) if after_end < end else 100.0
        action.overdue = action.is_overdue(today)
        bars.append(
            Bar(
                action=action,
                start=s,
                end=e,
                left=round(left, 3),
                width=round(max(right - left, 0.4), 3),
                start_guessed=guessed,
                no_due=action.due_date is None,
                cut_before=s < start,
                cut_after=after_end > end,
            )
        )
    month_labels = n <= MONTH_LABELS_UP_TO
    return Timeline(
        start=start,
        end=end,
        months=months,
        years=years,
        bars=bars,
        today=round(_position(today, start, n), 3) if start <= today < end else None,
        month_labels=month_labels,
        hidden=hidden,
        grid_width=100 / n if month_labels else 1200 / n,
    )


def parse_month(value):
    """'2024-03' → date(2024, 3, 1); anything else → None."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1) if 1900 < year < 2200 and 1 <= month <= 12 else None
    except ValueError:
        return None


class TimelineFilterForm(PlanFilterForm):
    start = forms.CharField(
        label=_("From month"), required=False, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-01"})
    )
    end = forms.CharField(
        label=_("To month"), required=False, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-12"})
    )

    def _clean_month(self, name):
        value = self.cleaned_data.get(name)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."))
        return month

    def clean_start(self):
        return self._clean_month("start")

    def clean_end(self):
        return self._clean_month("end")


# Bulk edit


class BulkEditForm(forms.Form):
    """Owner and/or due date for the rows ticked in the plan: all valid, or nothing changes."""

    owner = forms.ChoiceField(label=_("New owner"), required=False)
    due_date = forms.DateField(label=_("New due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, members, org=None, **kwargs):
        super().__init__(data, **kwargs)
        self.org = org
        self.members = {str(m.user_id): m.user for m in members}
        self.fields["owner"].choices = [("", _("Keep as it is")), *[(k, str(u)) for k, u in self.members.items()]]
        self.actions = []

    def selected_ids(self):
        if not self.is_bound:
            return []
        return [int(v) for v in self.data.getlist("ids") if v.isdigit()]

    def clean(self):
        data = super().clean()
        ids = self.selected_ids()
        if not ids:
            raise forms.ValidationError(_("Select at least one action."), code="none_selected")
        if not data.get("owner") and not data.get("due_date"):
            raise forms.ValidationError(_("Choose a new owner, a new due date or both."), code="nothing_to_change")
        self.actions = list(ImprovementAction.objects.for_org(self.org).filter(pk__in=ids).order_by("number"))
        if len(self.actions) != len(set(ids)):
            raise forms.ValidationError(
                _("Some of the selected actions no longer exist. Reload the plan and try again."), code="missing"
            )
        due = data.get("due_date")
        if due:
            early = [a for a in self.actions if a.start_date and due < a.start_date]
            if early:
                self.add_error(
                    "due_date",
                    forms.ValidationError(
                        _("The due date cannot be before the start date of: %(actions)s."),
                        params={"actions": ", ".join(f"#{a.number} ({a.start_date:%Y-%m-%d})" for a in early)},
                        code="due_before_start",
                    ),
                )
        return data

    def changes(self):
        owner = self.cleaned_data.get("owner")
        return {
            "actions": self.actions,
            "owner": self.members[owner] if owner else None,
            "due_date": self.cleaned_data.get("due_date"),
        }


class _BulkFields(forms.ModelForm):
    """The two fields bulk edit may change, so each action goes through the same action_update as its edit page."""

    class Meta:
        model = ImprovementAction
        fields = ["owner", "due_date"]


@transaction.atomic
def plan_bulk_update(*, org, actions, owner, due_date, by):
    """Set owner and/or due date on every given action; one activity entry per changed action; all or nothing."""
    changed = 0
    for action in actions:
        data = {
            "owner": owner.pk if owner else (action.owner_id or ""),
            "due_date": due_date or action.due_date or "",
        }
        form = _BulkFields(data, instance=action)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors)
            if form.has_changed():
                services.action_update(action=action, form=form, by=by)
                changed += 1
        except ValidationError as exc:
            raise ValidationError(
                _("Action #%(number)s could not be changed: %(problem)s"),
                params={"number": action.number, "problem": " ".join(exc.messages)},
                code="invalid",
            ) from exc
    return changed


# Dashboard


DUE_SOON_DAYS = 30


@dataclass
class Summary:
    """The plan in figures for the dashboard: one aggregate query, whatever the number of actions."""

    progress: Progress
    open: int
    due_soon: int
    to_check: int  # done, waiting for someone to verify the effect


def summary(org, today=None):
    today = today or timezone.localdate()
    figures = ImprovementAction.objects.for_org(org).aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=due_within_q(DUE_SOON_DAYS, today)),
        open=Count("pk", filter=OPEN_Q),
        to_check=Count("pk", filter=Q(status=Status.DONE)),
        percent_sum=Coalesce(
            Sum(
                Case(
                    When(status__in=CLOSED_STATUSES, then=Value(100)),
                    default=Least(Coalesce("progress", Value(0)), Value(100)),
                    output_field=IntegerField(),
                )
            ),
            Value(0),
        ),
    )
    progress = Progress(figures["total"], figures["completed"], figures["overdue"], figures["percent_sum"])
    return Summary(progress, figures["open"], figures["due_soon"], figures["to_check"])
