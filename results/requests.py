"""Requests for values (a programme's results round, made through kokybe.surfaces.programme_round_kinds): the
provider enters the values of the asked definitions for the period in its own indicators (found, or set up for the
whole organisation when it does not measure one yet), then submits, choosing which values it shares. Only the values
it ticked are copied into the request and reach the programme (`figures`); the rest stay in its own results."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe import surfaces
from orgs import activity
from orgs.models import ActivityEntry

from . import periods, services
from .models import Definition, Indicator, Request, Value


@dataclass
class Row:
    definition: Definition
    indicator: Indicator | None
    value: Value | None

    @property
    def locked(self):
        return self.value is not None and self.value.is_locked


def shipped_definitions():
    """The shipped library's newest version of each definition, by code: what a programme may ask for."""
    newest = {}
    for definition in Definition.objects.filter(org__isnull=True).order_by("code", "version"):
        newest[definition.code] = definition
    return list(newest.values())


def offered_periods(today):
    """[(key, label)] a round may ask about: the last two complete years, four quarters and three months."""
    out = []
    for frequency, n in ((periods.YEAR, 2), (periods.QUARTER, 4), (periods.MONTH, 3)):
        key = periods.last_complete(frequency, today)
        for _i in range(n):
            out.append((key, periods.label(key)))
            key = periods.last_complete(frequency, periods.bounds(key)[0])
    return out


def _indicators(org, definitions, period):
    """{definition pk: the organisation's active whole-organisation indicator of the period's frequency}."""
    found = {}
    queryset = (
        Indicator.objects.for_org(org)
        .active()
        .filter(
            definition__in=definitions, unit__isnull=True, service__isnull=True, frequency=periods.frequency_of(period)
        )
    )
    for indicator in queryset.order_by("pk"):
        found.setdefault(indicator.definition_id, indicator)
    return found


def rows(request):
    """Each asked definition with the provider's indicator and the period's current value: three queries."""
    definitions = list(request.definitions.order_by("code"))
    indicators = _indicators(request.org, definitions, request.period)
    values = {}
    for value in Value.objects.filter(indicator__in=indicators.values(), period=request.period).order_by("pk"):
        values[value.indicator_id] = value  # the newest row of the period's chain
    out = []
    for definition in definitions:
        indicator = indicators.get(definition.pk)
        out.append(Row(definition, indicator, values.get(indicator.pk) if indicator else None))
    return out


@transaction.atomic
def request_create(*, org, title, period, due_date, definitions, by):
    request = Request(org=org, title=title, period=period, due_date=due_date, requested_by=by)
    request.full_clean()
    request.save()
    request.definitions.set(definitions)
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.CREATED, target=request)
    return request


def _refuse_submitted(request):
    if request.is_submitted:
        raise ValidationError(_("This request is submitted already: its values can no longer be changed here."))


@transaction.atomic
def request_save(*, request, values, by):
    """`values` {definition pk: Decimal or None}: record each given value in the provider's indicator (set up for the
    whole organisation when there is none); an approved value is left as it is. Returns how many were recorded."""
    _refuse_submitted(request)
    if periods.bounds(request.period)[0] > timezone.localdate():
        raise ValidationError(_("This period has not started yet."))
    recorded = 0
    for row in rows(request):
        value = values.get(row.definition.pk)
        if value is None or row.locked or (row.value is not None and row.value.value == value):
            continue
        indicator = row.indicator
        if indicator is None:
            indicator = services.indicator_save(
                indicator=Indicator(
                    org=request.org,
                    definition=row.definition,
                    frequency=periods.frequency_of(request.period),
                    baseline_year=periods.year_of(request.period),
                    owner=by,
                    created_by=by,
                ),
                by=by,
            )
        services.value_record(indicator=indicator, period=request.period, value=value, by=by)
        recorded += 1
    request.saved_at = timezone.now()
    request.save(update_fields=["saved_at"])
    return recorded


@transaction.atomic
def request_submit(*, request, share, by):
    """Submit the request, sharing the values of the definitions in `share` (pks): each must have a value."""
    _refuse_submitted(request)
    shared = []
    for row in rows(request):
        if row.definition.pk not in share:
            continue
        if row.value is None:
            raise ValidationError(
                _("%(name)s has no value for %(period)s: enter it, or do not share it.")
                % {"name": row.definition.name, "period": periods.label(request.period)}
            )
        shared.append(
            {
                "code": row.definition.code,
                "name": row.definition.name,
                "unit": row.definition.unit,
                "value": str(row.value.value),
            }
        )
    request.shared = shared
    request.submitted_at, request.submitted_by = timezone.now(), by
    request.save(update_fields=["shared", "submitted_at", "submitted_by"])
    activity.record(
        org=request.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=request,
        target_repr=_("%(request)s: submitted; values shared: %(n)s") % {"request": request, "n": len(shared)},
    )
    return request


def progress(pks):
    """{pk: ROUND_*}: submitted, in progress (saved once), or not started. One query."""
    out = {}
    for pk, saved_at, submitted_at in Request.objects.filter(pk__in=pks).values_list("pk", "saved_at", "submitted_at"):
        if submitted_at is not None:
            out[pk] = surfaces.ROUND_SUBMITTED
        elif saved_at is not None:
            out[pk] = surfaces.ROUND_IN_PROGRESS
        else:
            out[pk] = surfaces.ROUND_NOT_STARTED
    return out


def figures(pks):
    """{pk: [(code, label, value)]}: only what each submitted request shared, labelled in the reader's language by
    the shipped definition of the code. Two queries."""
    submitted = list(Request.objects.filter(pk__in=pks, submitted_at__isnull=False).values_list("pk", "shared"))
    codes = {row["code"] for _pk, shared in submitted for row in shared}
    labels = {}
    for definition in Definition.objects.filter(org__isnull=True, code__in=codes).order_by("code", "version"):
        labels[definition.code] = f"{definition.name} ({definition.get_unit_display()})"
    out = {}
    for pk, shared in submitted:
        out[pk] = [(row["code"], labels.get(row["code"], row["name"]), float(row["value"])) for row in shared]
    return out
