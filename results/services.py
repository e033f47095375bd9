"""Changes to results: each atomic, validated, with one activity entry. Values of an approved period are locked
(models.Value): here a locked value is never overwritten; a correction is a new value that names it, with a reason."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kokybe import surfaces
from orgs import activity
from orgs.models import ActivityEntry

from . import periods
from .models import Indicator, Origin, Target, Value, ValueLocked

# How many years back a computed indicator is filled when it is set up with no baseline before them.
HISTORY_YEARS = 3


def _d(value):
    return None if value is None else Decimal(str(round(float(value), 4)))


@transaction.atomic
def indicator_save(*, indicator, by):
    created = indicator.pk is None
    indicator.full_clean()
    indicator.save()
    activity.record(
        org=indicator.org,
        by=by,
        verb=ActivityEntry.Verb.CREATED if created else ActivityEntry.Verb.UPDATED,
        target=indicator,
    )
    return indicator


@transaction.atomic
def targets_set(*, indicator, targets, by):
    """`targets` {period key: Decimal or None}: set, change or (None) remove each period's target."""
    existing = {t.period: t for t in Target.objects.filter(indicator=indicator)}
    for key, value in targets.items():
        if not periods.is_valid(key) or periods.frequency_of(key) not in (indicator.frequency, periods.YEAR):
            raise ValidationError(_("%(period)s is not a period of this indicator.") % {"period": key})
        found = existing.get(key)
        if value is None:
            if found:
                found.delete()
        elif found:
            if found.value != value:
                found.value = value
                found.save(update_fields=["value"])
        else:
            Target.objects.create(org=indicator.org, indicator=indicator, period=key, value=value)
    activity.record(
        org=indicator.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=indicator,
        changes={"targets": [None, ", ".join(f"{k}: {v}" for k, v in sorted(targets.items()))]},
        labels={"targets": gettext_noop("Targets")},
    )


def _current(indicator, period):
    return Value.objects.filter(indicator=indicator, period=period).order_by("-pk").first()


@transaction.atomic
def value_record(*, indicator, period, value, by, comment="", evidence="", origin=Origin.MANUAL):
    """Enter (or change) the value of a period that is not approved. Refused for an approved period: correct it."""
    current = _current(indicator, period)
    if current is not None and current.is_locked:
        raise ValueLocked()
    row = current or Value(org=indicator.org, indicator=indicator, period=period)
    row.value, row.comment, row.evidence, row.origin = value, comment, evidence, origin
    row.numerator = row.denominator = row.records = row.computed_at = None
    row.recorded_by, row.recorded_at = by, timezone.now()
    row.full_clean()
    row.save()
    activity.record(
        org=indicator.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=indicator,
        changes={"value": [None if current is None else str(current.value), str(value)]},
        target_repr=f"{indicator} · {period}",
        labels={"value": gettext_noop("Value")},
    )
    return row


@transaction.atomic
def value_approve(*, indicator, period, by):
    """Approve (lock) the period's value."""
    current = _current(indicator, period)
    if current is None:
        raise ValidationError(_("There is no value to approve for %(period)s.") % {"period": period})
    if current.is_locked:
        raise ValidationError(_("%(period)s is approved already.") % {"period": period})
    current.approved_by, current.approved_at = by, timezone.now()
    current.save(update_fields=["approved_by", "approved_at"])
    activity.record(
        org=indicator.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=indicator,
        changes={"approval": [None, period]},
        labels={"approval": gettext_noop("Approval")},
    )
    return current


@transaction.atomic
def value_correct(*, indicator, period, value, reason, by, comment="", evidence=""):
    """Correct an approved value: a new value naming the one it corrects, with the reason; approved at once."""
    current = _current(indicator, period)
    if current is None or not current.is_locked:
        raise ValidationError(_("Only an approved value is corrected; change this one directly."))
    now = timezone.now()
    row = Value(
        org=indicator.org,
        indicator=indicator,
        period=period,
        value=value,
        comment=comment,
        evidence=evidence,
        origin=Origin.CORRECTION,
        corrects=current,
        reason=reason.strip(),
        recorded_by=by,
        recorded_at=now,
        approved_by=by,
        approved_at=now,
    )
    row.full_clean()
    row.save()
    activity.record(
        org=indicator.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=indicator,
        changes={"value": [str(current.value), f"{value} ({reason.strip()})"]},
        target_repr=f"{indicator} · {period}",
        labels={"value": gettext_noop("Value")},
    )
    return row


def first_year(indicator, today):
    return min(indicator.baseline_year, today.year - HISTORY_YEARS + 1) if indicator.baseline_year else today.year


def recompute(org, *, indicators=None, today=None, by=None):
    """Compute every computed indicator's periods (from its baseline year or three years back, up to today) from
    the source the definition names. A period with an entered, imported or approved value is left alone; a period
    the source has nothing for loses its earlier computed value (no value, not 0). Returns (indicators, values)."""
    today = today or timezone.localdate()
    sources = surfaces.result_sources_all()
    chosen = Indicator.objects.for_org(org).active().select_related("definition", "service")
    if indicators is not None:
        chosen = chosen.filter(pk__in=[i.pk for i in indicators])
    chosen = [i for i in chosen if i.definition.source in sources]
    if not chosen:
        return 0, 0
    rows = {}
    for row in Value.objects.filter(indicator__in=chosen).order_by("pk"):
        rows[(row.indicator_id, row.period)] = row  # the newest row of each period
    now = timezone.now()
    create, update, drop, written = [], [], [], 0
    for indicator in chosen:
        source = sources[indicator.definition.source]
        for key in periods.periods(indicator.frequency, first_year(indicator, today), today):
            first, last = periods.bounds(key)
            existing = rows.get((indicator.pk, key))
            if existing is not None and (existing.is_locked or existing.origin != Origin.COMPUTED):
                continue
            if indicator.service_id and source.by_service:
                measure = source.compute(org, first, min(last, today), service=indicator.service)
            else:
                measure = source.compute(org, first, min(last, today))
            if measure is None:
                if existing is not None:
                    drop.append(existing.pk)
                continue
            row = existing or Value(org=org, indicator=indicator, period=key, origin=Origin.COMPUTED)
            row.value = _d(measure.value)
            row.numerator, row.denominator = _d(measure.numerator), _d(measure.denominator)
            row.records, row.computed_at, row.recorded_at = measure.records, now, now
            (update if existing is not None else create).append(row)
            written += 1
    with transaction.atomic():
        Value.objects.bulk_create(create)
        Value.objects.bulk_update(
            update, ["value", "numerator", "denominator", "records", "computed_at", "recorded_at"]
        )
        if drop:
            Value.objects.filter(pk__in=drop, approved_at__isnull=True).delete()
        if by is not None:
            activity.record(
                org=org,
                by=by,
                verb=ActivityEntry.Verb.UPDATED,
                target_repr=_("Results recomputed: %(n)s values") % {"n": written},
            )
    return len(chosen), written
