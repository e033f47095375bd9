"""Read models of the results pages: every indicator's series of periods with its values, targets and status,
built from three queries whatever the number of indicators and periods (the pages' query budgets rest on this)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kokybe import surfaces

from . import periods
from .models import PRINCIPLES, Indicator, Origin, Target, Unit, Value, principle_name, rag

# A value entered by hand is due within this many days after its period ends; later it is overdue.
GRACE_DAYS = 30
YEARS_SHOWN = 3


@dataclass
class Point:
    key: str
    first: date
    last: date
    row: Value | None = None
    history: list = field(default_factory=list)  # earlier rows of the period: the values later corrected
    target: Decimal | None = None
    status: str | None = None

    @property
    def label(self):
        return periods.label(self.key)

    @property
    def value(self):
        return self.row.value if self.row else None

    @property
    def variance(self):
        return None if self.value is None or self.target is None else self.value - self.target


@dataclass
class YearSummary:
    year: int
    value: Decimal | None
    target: Decimal | None
    status: str | None
    periods: int  # how many periods of the year have a value

    @property
    def variance(self):
        return None if self.value is None or self.target is None else self.value - self.target


@dataclass
class Series:
    indicator: Indicator
    points: list
    computed: bool  # an installed app computes it
    source: object = None
    today: date | None = None
    targets: dict = field(default_factory=dict)  # period key -> target

    @property
    def definition(self):
        return self.indicator.definition

    @property
    def known(self):
        return [p for p in self.points if p.row is not None]

    @property
    def latest(self):
        known = self.known
        return known[-1] if known else None

    @property
    def data_up_to(self):
        """The last day the newest value covers: its period's end, or for the period under way the day it was
        computed."""
        latest = self.latest
        if latest is None:
            return None
        if latest.row.computed_at and latest.last >= self.today:
            return min(timezone.localtime(latest.row.computed_at).date(), latest.last)
        return latest.last

    def last_complete(self):
        key = periods.last_complete(self.indicator.frequency, self.today)
        return next((p for p in self.points if p.key == key), None)

    @property
    def due(self):
        """The last complete period when its value is still missing (an entered indicator): (point, due date)."""
        point = self.last_complete()
        if point is None or point.row is not None:
            return None
        if self.computed and self.known:
            return None
        return point, point.last + timedelta(days=GRACE_DAYS)

    @property
    def stale(self):
        """Entered by hand: the last complete period has no value. Computed: not recomputed since that period
        ended (a period whose records hold nothing has no value, and is not stale for that)."""
        point = self.last_complete()
        if point is None:
            return False
        if not self.computed:
            return point.row is None
        stamps = [p.row.computed_at for p in self.points if p.row is not None and p.row.computed_at]
        return bool(stamps) and timezone.localtime(max(stamps)).date() <= point.last

    def years(self):
        """A summary per calendar year, oldest first, for the last YEARS_SHOWN years with any period shown."""
        by_year = defaultdict(list)
        for p in self.points:
            by_year[p.first.year].append(p)
        out = []
        for year in sorted(by_year)[-(YEARS_SHOWN + 1) :]:
            pts = by_year[year]
            value = aggregate(self.definition.unit, [p.row for p in pts if p.row is not None])
            target = self.targets.get(str(year))
            if target is None:
                own = [p.target for p in pts if p.target is not None]
                target = own[-1] if own else None
            status = rag(value, target, self.indicator.amber_band, self.definition.higher_is_better)
            out.append(YearSummary(year, value, target, status, sum(1 for p in pts if p.row is not None)))
        return out

    def chart_points(self):
        return [(p.label, p.value, p.target) for p in self.points]


def aggregate(unit, rows):
    """One figure for a year from its periods' values: a share from the summed numerators and denominators when
    every period has them (the year's own ratio), anything else the mean of the periods (a year's target stands for
    each of its periods, so a count per quarter stays a count per quarter)."""
    if not rows:
        return None
    if unit == Unit.PERCENT and all(r.numerator is not None and r.denominator for r in rows):
        return Decimal(100) * sum(r.numerator for r in rows) / sum(r.denominator for r in rows)
    return sum(r.value for r in rows) / len(rows)


def series_for(org, indicators=None, *, today=None, since=None):
    """[Series] of the organisation's indicators in use (or of `indicators`), periods from each one's first year
    (or `since`) up to today: three queries."""
    today = today or timezone.localdate()
    if indicators is None:
        indicators = list(
            Indicator.objects.for_org(org)
            .active()
            .select_related("definition", "owner", "unit", "service", "org")
            .order_by("definition__code", "pk")
        )
    ids = [i.pk for i in indicators]
    rows = defaultdict(list)
    for row in Value.objects.filter(indicator_id__in=ids).select_related("recorded_by", "approved_by").order_by("pk"):
        rows[(row.indicator_id, row.period)].append(row)
    targets = defaultdict(dict)
    for target in Target.objects.filter(indicator_id__in=ids):
        targets[target.indicator_id][target.period] = target.value
    sources = surfaces.result_sources_all()
    out = []
    for indicator in indicators:
        first = since or min(indicator.baseline_year, today.year - YEARS_SHOWN + 1)
        keys = periods.periods(indicator.frequency, first, today)
        own = targets[indicator.pk]
        points = []
        for key in keys:
            chain = rows.get((indicator.pk, key), [])
            start, end = periods.bounds(key)
            target = own.get(key, own.get(key[:4]))
            point = Point(key, start, end, chain[-1] if chain else None, chain[:-1], target)
            point.status = rag(point.value, target, indicator.amber_band, indicator.definition.higher_is_better)
            points.append(point)
        source = sources.get(indicator.definition.source)
        out.append(Series(indicator, points, source is not None, source, today, own))
    return out


def by_principle(all_series, principle=None):
    """[(code, name, [Series])] in principle order; a series under each principle its definition names."""
    groups = defaultdict(list)
    for s in all_series:
        for code in s.definition.principles:
            groups[code].append(s)
    codes = [principle] if principle else list(PRINCIPLES)
    return [(code, principle_name(code), groups.get(code, [])) for code in codes]


def origin_label(row):
    return Origin(row.origin).label if row else ""
