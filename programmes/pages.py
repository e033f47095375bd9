"""Read models of the programme's pages: the milestone board, indicator progress with its forecast, and benchmarks.

Each makes a fixed number of queries whatever the number of providers (tests assert 10 vs 200): hundreds of
providers take part in a national programme.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces

from .models import (
    DIMENSIONS,
    MIN_GROUP,
    Contribution,
    Milestone,
    MilestoneStep,
    PersonReport,
    ProgrammeParticipation,
)

BOARD_PER_PAGE = 50


@dataclass
class BoardFilters:
    wave: str = ""
    municipality: str = ""
    status: str = ""
    consultant: str = ""
    late: bool = False
    q: str = ""

    @classmethod
    def from_request(cls, params):
        return cls(
            wave=params.get("wave", "")[:12],
            municipality=params.get("municipality", "")[:120],
            status=params.get("status", "")[:16],
            consultant=params.get("consultant", "")[:12],
            late=params.get("late") == "1",
            q=params.get("q", "").strip()[:100],
        )

    @property
    def query(self):
        """The filters as a query string, for the pages that act on the board's current set of providers."""
        from urllib.parse import urlencode

        pairs = [
            ("wave", self.wave),
            ("municipality", self.municipality),
            ("status", self.status),
            ("consultant", self.consultant),
            ("late", "1" if self.late else ""),
            ("q", self.q),
        ]
        return urlencode([(k, v) for k, v in pairs if v])

    def apply(self, queryset, today):
        if self.wave.isdigit():
            queryset = queryset.filter(wave_id=int(self.wave))
        if self.municipality:
            queryset = queryset.filter(org__municipality=self.municipality)
        if self.status in ProgrammeParticipation.Status.values:
            queryset = queryset.filter(status=self.status)
        if self.consultant.isdigit():
            queryset = queryset.filter(consultant_id=int(self.consultant))
        if self.late:
            queryset = queryset.filter(is_late=True)
        if self.q:
            queryset = queryset.filter(
                Q(org__name__icontains=self.q)
                | Q(org__short_name__icontains=self.q)
                | Q(org__company_code__icontains=self.q)
                | Q(contract_number__icontains=self.q)
            )
        return queryset


@dataclass
class BoardRow:
    participation: ProgrammeParticipation
    cells: list = field(default_factory=list)  # [(step, milestone | None, light)] in the template's order
    late: int = 0


def board_queryset(programme, role, user, filters, today):
    participations = (
        ProgrammeParticipation.objects.seen_by(programme, role, user)
        .with_late(today)
        .select_related("org", "wave", "consultant")
        .order_by("org__name", "pk")
    )
    return filters.apply(participations, today)


def board_rows(participations, steps, today):
    """Rows for the given participations: one query for all their milestones."""
    participations = list(participations)
    by_key = {(m.participation_id, m.step_id): m for m in Milestone.objects.filter(participation__in=participations)}
    rows = []
    for p in participations:
        row = BoardRow(p)
        for step in steps:
            milestone = by_key.get((p.pk, step.pk))
            light = milestone.light(today) if milestone else None
            row.late += light == Milestone.Light.LATE
            row.cells.append((step, milestone, light))
        rows.append(row)
    return rows


def board(programme, role, user, filters, today, page_number=None):
    steps = list(MilestoneStep.objects.filter(template_id=programme.milestone_template_id).order_by("order", "pk"))
    queryset = board_queryset(programme, role, user, filters, today)
    page = Paginator(queryset, BOARD_PER_PAGE).get_page(page_number)
    return steps, page, board_rows(page.object_list, steps, today)


# ── Indicators ───────────────────────────────────────────────────────────────────────────────────────────────────


def _add_months(month, n):
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _months_between(first, last):
    return (last.year - first.year) * 12 + last.month - first.month


@dataclass
class Progress:
    indicator: object
    current: Decimal
    series: list  # [(month, cumulative)], months with data, in order
    forecast: Decimal | None
    months_left: int
    warning: bool

    @property
    def share(self):
        return min(100, round(float(self.current) / float(self.indicator.target) * 100))

    @property
    def forecast_share(self):
        return None if self.forecast is None else round(float(self.forecast) / float(self.indicator.target) * 100)


# How near the deadline must be for a forecast short of the target to warn: a programme can still act within this.
WARN_MONTHS = 6
# The forecast extends the average monthly gain of the last months with data.
TREND_MONTHS = 6


def monthly_gains(indicator, participation_ids=None):
    """{month: gain} — for a sum, the month's total; for persons, those seen for the first time that month (across
    every partner, so a person helped by two partners counts once). One query."""
    if indicator.counts_persons:
        reports = PersonReport.objects.filter(indicator=indicator)
        if participation_ids is not None:
            reports = reports.filter(participation_id__in=participation_ids)
        # Counted in the database: each person's first month, then persons per first month. Only the months travel
        # (60,000 reports of 1,000 providers sent ~40,000 rows to Python before).
        firsts = reports.order_by().values("key_version", "person_hash").annotate(first=Min("month")).values("first")
        return {_as_date(month): Decimal(n) for month, n in _count_by(firsts, "first")}
    contributions = Contribution.objects.filter(indicator=indicator)
    if participation_ids is not None:
        contributions = contributions.filter(participation_id__in=participation_ids)
    return dict(contributions.values("month").annotate(total=Sum("value")).values_list("month", "total"))


def _count_by(inner, column):
    """[(value, n)]: the rows of the queryset `inner` counted per value of its column, in the database."""
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.{column}, COUNT(*) FROM ({sql}) AS t GROUP BY t.{column}", params)
        return cursor.fetchall()


def _as_date(value):
    # SQLite hands back a raw SQL query's dates as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def progress(indicator, today):
    gains = monthly_gains(indicator)
    running, series = indicator.baseline, []
    for month in sorted(gains):
        running += gains[month]
        series.append((month, running))
    deadline_month = indicator.deadline.replace(day=1)
    this_month = today.replace(day=1)
    months_left = max(0, _months_between(this_month, deadline_month))
    forecast = None
    if series:
        # The last month with data may still be filling: the trend uses whole months before the current one.
        recent = [gains[m] for m in sorted(gains) if m < this_month][-TREND_MONTHS:]
        rate = sum(recent) / len(recent) if recent else Decimal(0)
        last = series[-1][0]
        forecast = running + rate * max(0, _months_between(last, deadline_month))
    warning = forecast is not None and months_left <= WARN_MONTHS and forecast < indicator.target
    return Progress(indicator, running, series, forecast, months_left, warning)


def breakdown(indicator):
    """{dimension label: [(group label, value or None)]}: the indicator's total by each of its dimensions and by
    municipality. A group fed by fewer than MIN_GROUP providers has None (suppressed). One query per dimension (two
    for persons: persons and providers counted apart)."""
    out = {}
    keys = [*indicator.dimensions, "participation__org__municipality"]
    for key in keys:
        if indicator.counts_persons:
            # Distinct (group, person) and (group, provider) pairs counted per group: PostgreSQL hashes these where a
            # COUNT(DISTINCT …) sorts every report (the indicator page's main cost with 60,000 reports).
            reports = PersonReport.objects.filter(indicator=indicator).order_by().annotate(g=F(key))
            persons = dict(_count_by(reports.values("g", "person_hash").distinct(), "g"))
            providers = dict(_count_by(reports.values("g", "participation_id").distinct(), "g"))
            rows = [{key: g, "total": n, "providers": providers.get(g, 0)} for g, n in persons.items()]
        else:
            rows = (
                Contribution.objects.filter(indicator=indicator)
                .values(key)
                .annotate(total=Sum("value"), providers=Count("participation", distinct=True))
            )
        choices = dict(DIMENSIONS[key][1].choices) if key in DIMENSIONS else {}
        label = DIMENSIONS[key][0] if key in DIMENSIONS else _("Municipality")
        out[label] = sorted(
            (
                (choices.get(r[key], r[key]) or _("not stated"), r["total"] if r["providers"] >= MIN_GROUP else None)
                for r in rows
            ),
            key=lambda r: str(r[0]),
        )
    return out


def forecast_chart(progress_, width=640, height=220):
    """Points of an inline SVG line chart: the cumulative series, the forecast to the deadline, the target."""
    indicator = progress_.indicator
    if not progress_.series:
        return None
    first = progress_.series[0][0]
    last = indicator.deadline.replace(day=1)
    span = max(1, _months_between(first, last))
    top = float(max(indicator.target, progress_.forecast or 0, progress_.current)) * 1.05

    def point(month, value):
        x = 40 + (width - 60) * _months_between(first, month) / span
        y = height - 30 - (height - 50) * float(value) / top
        return f"{x:.1f},{y:.1f}"

    actual = " ".join(point(m, v) for m, v in progress_.series)
    forecast = None
    if progress_.forecast is not None:
        forecast = f"{point(*progress_.series[-1])} {point(last, progress_.forecast)}"
    target_y = height - 30 - (height - 50) * float(indicator.target) / top
    return {"width": width, "height": height, "actual": actual, "forecast": forecast, "target_y": f"{target_y:.1f}"}


# ── Benchmarks ───────────────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class Distribution:
    label: str
    n: int
    suppressed: bool
    low: float | None = None  # first quartile
    median: float | None = None
    high: float | None = None  # third quartile
    own: float | None = None  # the provider's own value, shown only to that provider

    @property
    def own_position(self):
        if self.own is None or self.suppressed:
            return None
        if self.own < self.low:
            return _("in the lowest quarter")
        if self.own > self.high:
            return _("in the highest quarter")
        return _("in the middle half")


def distribution(label, values, own=None):
    """Median and quartiles of the values of distinct providers; a group under MIN_GROUP providers is suppressed
    (nothing but its label and that it is hidden leaves this function)."""
    values = sorted(values)
    if len(values) < MIN_GROUP:
        return Distribution(label, len(values), True)
    low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    return Distribution(label, len(values), False, round(low, 1), round(median, 1), round(high, 1), own)


def benchmarks(programme, own_org_id=None):
    """Distributions of readiness per principle (when participants share it), of each summed indicator's total
    per provider (when they report indicators) and of the values shared in each results round (when they share
    chosen results). A fixed number of queries whatever the number of providers (a few per results round)."""
    participations = programme.participations.exclude(status=ProgrammeParticipation.Status.LEFT)
    org_ids = list(participations.values_list("org_id", flat=True))
    groups = []
    if programme.shares_readiness and org_ids:
        by_principle, names = {}, {}
        for func in surfaces.provider_readiness.contributions():
            for reading in func(org_ids):
                by_principle.setdefault(reading.principle, {})[reading.org_id] = reading.value
                names.setdefault(reading.principle, reading.name)
        rows = [
            distribution(f"{code} {names[code]}", list(values.values()), values.get(own_org_id))
            for code, values in by_principle.items()
        ]
        if rows:
            groups.append((_("Readiness per principle (%)"), rows))
    if programme.shares_indicators:
        rows = []
        totals = (
            Contribution.objects.filter(indicator__programme=programme, participation__org_id__in=org_ids)
            .values("indicator_id", "participation__org_id")
            .annotate(total=Sum("value"))
            .values_list("indicator_id", "participation__org_id", "total")
        )
        per_indicator = {}
        for indicator_id, org_id, total in totals:
            per_indicator.setdefault(indicator_id, {})[org_id] = float(total)
        persons = (
            PersonReport.objects.filter(indicator__programme=programme, participation__org_id__in=org_ids)
            .values("indicator_id", "participation__org_id")
            .annotate(total=Count("person_hash", distinct=True))
            .values_list("indicator_id", "participation__org_id", "total")
        )
        for indicator_id, org_id, total in persons:
            per_indicator.setdefault(indicator_id, {})[org_id] = float(total)
        for indicator in programme.indicators.all():
            values = per_indicator.get(indicator.pk, {})
            label = f"{indicator.name} ({indicator.unit})"
            rows.append(distribution(label, list(values.values()), values.get(own_org_id)))
        if rows:
            groups.append((_("Programme indicators per provider"), rows))
    if programme.shares_results:
        from . import rounds  # rounds draws its distributions with this module's distribution()

        with_figures = [key for key, kind in rounds.kinds().items() if kind.figures is not None]
        for programme_round in programme.rounds.filter(kind__in=with_figures).select_related("programme"):
            items = list(programme_round.items.filter(participation__org_id__in=org_ids))
            rows = rounds.round_figures(programme_round, items)
            if rows:
                title = _("Shared results: %(title)s (%(on)s)")
                groups.append((title % {"title": programme_round.title, "on": programme_round.option_label}, rows))
    return groups


# ── Gantt view of a wave ─────────────────────────────────────────────────────────────────────────────────────────

GANTT_PER_PAGE = 25
GANTT_WIDTH = 1000  # the SVG's user units; the page scales it to the column's width


@dataclass
class GanttMark:
    step: MilestoneStep
    milestone: Milestone
    light: str
    planned_x: float | None
    done_x: float | None
    end_x: float | None  # where the bar between plan and reality ends: the reached date, or today when still late


@dataclass
class GanttRow:
    participation: ProgrammeParticipation
    marks: list = field(default_factory=list)
    reached: int = 0
    late: int = 0
    cells: list = field(default_factory=list)  # [(step, milestone | None)] for the table alternative


@dataclass
class GanttAxis:
    first: date
    last: date
    ticks: list  # [(x, year)]
    today_x: float | None


def _gantt_axis(milestones, today):
    """From the first to the last date of the wave's milestones (one aggregate query, the same on every page)."""
    span = milestones.aggregate(
        planned_min=Min("planned_on"), planned_max=Max("planned_on"), done_min=Min("done_on"), done_max=Max("done_on")
    )
    dates = [d for d in span.values() if d is not None]
    if not dates:
        return None
    first, last = date(min(dates).year, 1, 1), date(max([*dates, today]).year, 12, 31)
    days = (last - first).days or 1

    def x(day):
        return None if day is None else round((min(max(day, first), last) - first).days / days * GANTT_WIDTH, 1)

    axis = GanttAxis(first, last, [(x(date(y, 1, 1)), y) for y in range(first.year, last.year + 1)], x(today))
    return axis, x


def gantt(programme, wave, role, user, today, page_number=None):
    """Planned against actual milestone dates of a wave's providers (those the role sees), 25 providers a page, on
    one time axis for the whole wave: a fixed number of queries whatever the wave's size."""
    steps = list(MilestoneStep.objects.filter(template_id=programme.milestone_template_id).order_by("order", "pk"))
    participations = (
        ProgrammeParticipation.objects.seen_by(programme, role, user)
        .filter(wave=wave)
        .select_related("org")
        .order_by("org__name", "pk")
    )
    page = Paginator(participations, GANTT_PER_PAGE).get_page(page_number)
    found = _gantt_axis(Milestone.objects.filter(participation__in=participations), today)
    if found is None:
        return steps, page, None, []
    axis, x = found
    on_page = list(page.object_list)
    by_key = {(m.participation_id, m.step_id): m for m in Milestone.objects.filter(participation__in=on_page)}
    rows = []
    for participation in on_page:
        row = GanttRow(participation)
        for step in steps:
            milestone = by_key.get((participation.pk, step.pk))
            row.cells.append((step, milestone))
            if milestone is None:
                continue
            light = milestone.light(today)
            row.reached += milestone.done_on is not None
            row.late += light == Milestone.Light.LATE
            end = milestone.done_on or (today if light == Milestone.Light.LATE else None)
            row.marks.append(GanttMark(step, milestone, light, x(milestone.planned_on), x(milestone.done_on), x(end)))
        rows.append(row)
    return steps, page, axis, rows
