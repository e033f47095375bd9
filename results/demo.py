"""Demo data of results (kokybe/lib/demo.py): the Klaipėda centre measures 12 indicators — six computed from its own
records (actions, documents, surveys), five entered by hand (occupancy of the crisis centre, staff turnover, training
hours, waiting days, persons served), and complaints per 100 service users, computed once the complaints register is
installed and entered until then — with targets and values from 2024 to the last complete period. Earlier years are
approved (locked). Staff turnover's newest year is off target (red); the waiting days miss their last quarter
(stale, on the owner's My work).

Computed periods with nothing in the records (before the centre used Kokybė) carry values imported from its old
spreadsheet, as a provider brings them on day one; a computed result's targets follow its records (a provider sets
them from its baseline). Idempotent: nothing is added once the first indicator exists."""

import random
from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from kokybe import surfaces
from orgs.models import Service

from . import periods, services
from .models import Definition, Indicator, Origin, Target, Value

COORDINATOR = "koordinatorius@klaipeda.demo"
UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"

# code, owner, frequency, yearly targets (2024, 2025, 2026), amber band, (typical value, spread), public
PLAN = [
    ("actions-closed-on-time", COORDINATOR, "quarter", (75, 80, 85), 5, (78, 12), True),
    ("documents-reviewed-on-time", COORDINATOR, "year", (85, 90, 90), 5, (88, 6), False),
    ("read-acknowledgement-coverage", UNIT_HEAD, "quarter", (90, 90, 95), 5, (91, 5), False),
    ("service-user-satisfaction", COORDINATOR, "year", (80, 82, 85), 5, (84, 4), True),
    ("staff-satisfaction", COORDINATOR, "year", (70, 72, 75), 5, (73, 5), False),
    ("survey-response-rate", COORDINATOR, "year", (50, 55, 60), 10, (58, 8), False),
    ("occupancy", STAFF, "month", (85, 85, 88), 5, (86, 6), True),
    ("staff-turnover", COORDINATOR, "year", (12, 12, 10), 3, (11, 2), False),
    ("training-hours-per-fte", UNIT_HEAD, "year", (24, 26, 28), 4, (27, 3), False),
    ("waiting-days", UNIT_HEAD, "quarter", (14, 12, 10), 3, (11, 3), False),
    ("complaints-per-100-users", COORDINATOR, "quarter", (3, 3, 2.5), 1, (2.4, 0.8), False),
    ("persons-served", UNIT_HEAD, "quarter", (180, 190, 200), 15, (195, 20), False),
]
RED = ("staff-turnover", Decimal("16.4"))  # its newest year: well off its target
STALE = "waiting-days"  # its last complete quarter is missing


def load(ctx):
    org = ctx.orgs.get("klaipeda")
    if org is None or Indicator.objects.for_org(org).exists():
        return
    coordinator = ctx.users[COORDINATOR]
    crisis = Service.objects.for_org(org).filter(name__startswith="Apgyvendinimo krizių centre").first()
    shipped = {d.code: d for d in Definition.objects.filter(org__isnull=True, version=1)}
    sources = surfaces.result_sources_all()
    rng = random.Random(2024)
    approved_at = timezone.make_aware(datetime.combine(ctx.today.replace(month=1, day=15), time(10)))
    created, targets = [], []
    for code, owner, frequency, _yearly, band, _spread, public in PLAN:
        indicator = Indicator(
            org=org,
            definition=shipped[code],
            owner=ctx.users[owner],
            frequency=frequency,
            baseline_year=2024,
            amber_band=Decimal(str(band)),
            public=public,
            service=crisis if code == "occupancy" else None,
            created_by=coordinator,
        )
        indicator.full_clean()
        created.append(indicator)
    Indicator.objects.bulk_create(created)
    for indicator, (_code, _owner, _f, yearly, _b, _t, _p) in zip(created, PLAN, strict=True):
        for year, value in zip((2024, 2025, 2026), yearly, strict=True):
            targets.append(Target(org=org, indicator=indicator, period=str(year), value=Decimal(str(value))))
    Target.objects.bulk_create(targets)
    ctx.created["results.Indicator"] += len(created)
    ctx.created["results.Target"] += len(targets)

    # Computed values from the centre's records first; then the spreadsheet's history where the records say nothing.
    services.recompute(org, today=ctx.today)
    have = set(Value.objects.for_org(org).values_list("indicator_id", "period"))
    values = []
    yearly_of = {
        i.pk: dict(zip((2024, 2025, 2026), plan[3], strict=True)) for i, plan in zip(created, PLAN, strict=True)
    }
    band_of = {plan[0]: plan[4] for plan in PLAN}
    for indicator, (code, owner, frequency, _y, _b, (_typical, spread), _p) in zip(created, PLAN, strict=True):
        computed = shipped[code].source in sources
        last = periods.bounds(periods.last_complete(frequency, ctx.today))[1]
        for key in periods.periods(frequency, 2024, last):
            if (indicator.pk, key) in have or (code == STALE and periods.bounds(key)[1] == last):
                continue
            if computed and periods.year_of(key) >= ctx.today.year:
                continue  # this year the records speak
            # On the good side of the target, or a little short of it (amber): the one red is set apart.
            target = yearly_of[indicator.pk][periods.year_of(key)]
            good = 1 if shipped[code].higher_is_better else -1
            value = Decimal(str(round(max(0.0, target + good * rng.uniform(-0.8 * band_of[code], spread)), 1)))
            if code == RED[0] and periods.bounds(key)[1] == last:
                value = RED[1]
            if shipped[code].unit == "%":
                value = min(value, Decimal(100))
            locked = periods.year_of(key) < ctx.today.year
            values.append(
                Value(
                    org=org,
                    indicator=indicator,
                    period=key,
                    value=value,
                    origin=Origin.IMPORTED if computed else Origin.MANUAL,
                    comment="Iš ankstesnės Excel suvestinės" if computed else "",
                    recorded_by=ctx.users[owner],
                    recorded_at=approved_at,
                    approved_by=coordinator if locked else None,
                    approved_at=approved_at if locked else None,
                )
            )
    Value.objects.bulk_create(values)
    _targets_from_records(org, created, shipped, rng)
    # The earlier years' computed values are approved too.
    Value.objects.for_org(org).filter(
        origin=Origin.COMPUTED, approved_at__isnull=True, period__lt=str(ctx.today.year)
    ).update(approved_by=coordinator, approved_at=approved_at)
    ctx.created["results.Value"] += Value.objects.for_org(org).count()


def _targets_from_records(org, created, shipped, rng):
    """A computed result's targets follow what the records show (a provider sets them from its baseline): a little
    below each year's value where higher is better, above where lower is."""
    from .pages import series_for

    sources = surfaces.result_sources_all()
    for series in series_for(org, [i for i in created if shipped[i.definition.code].source in sources]):
        by_year = {}
        for point in series.known:
            by_year.setdefault(point.first.year, []).append(float(point.value))
        good = 1 if series.definition.higher_is_better else -1
        for year, values in by_year.items():
            worst = min(values) if good > 0 else max(values)
            target = round(worst - good * rng.uniform(1, 4))
            Target.objects.filter(indicator=series.indicator, period=str(year)).update(
                value=Decimal(max(0, min(100, target)))
            )
