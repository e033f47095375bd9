"""Historical values from Excel: a template per chosen indicators (one row per indicator and period, what is known
already filled in), read back all or nothing — every problem is reported by row and column and nothing is written
while any remains. An approved period is never changed by an import: a different figure for it is an error."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from kokybe.lib import uploads
from kokybe.lib import xlsx as sheet
from orgs import activity
from orgs.models import ActivityEntry

from . import periods
from .models import Indicator, Origin, Value

MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000


class ImportErrors(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _columns():
    return [_("Indicator number"), _("Indicator"), _("Period"), _("Value"), _("Comment")]


def template(indicators, first_year, today):
    """The workbook to fill: each indicator's periods from `first_year` to the last complete one."""
    indicators = list(indicators)
    current = {}
    for row in Value.objects.filter(indicator__in=indicators).order_by("pk"):
        current[(row.indicator_id, row.period)] = row
    wb = Workbook()
    ws = wb.active
    ws.title = _("Values")
    sheet.header(ws, _columns())
    for indicator in indicators:
        last = periods.bounds(periods.last_complete(indicator.frequency, today))[1]
        for key in periods.periods(indicator.frequency, first_year, last):
            row = current.get((indicator.pk, key))
            sheet.append(
                ws,
                [indicator.pk, str(indicator), key, row.value if row else None, row.comment if row else ""],
            )
    sheet.widths(ws, [12, 50, 10, 12, 40])
    return sheet.save(wb)


def _number(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError from None


def read(upload, org):
    """[(indicator, period, value, comment, row number)] from an uploaded file (or any binary file object), or
    ImportErrors."""
    try:
        uploads.check_unpacked_size(upload, MAX_UNPACKED_BYTES)
    except ValidationError as exc:
        raise ImportErrors(exc.messages) from None
    try:
        upload.seek(0)
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; the person needs only to know it is unreadable
        raise ImportErrors([_("The workbook could not be read. Open it in Excel, save it and retry.")]) from None
    indicators = {i.pk: i for i in Indicator.objects.for_org(org).select_related("definition")}
    names = _columns()
    errors, found, seen = [], [], set()
    for number, line in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
        if number == 1:
            header = [str(v or "").strip() for v in line[:5]]
            if header != [str(n) for n in names]:
                errors.append(
                    _("Row 1: the columns must be %(names)s (download the template).")
                    % {"names": ", ".join(map(str, names))}
                )
                break
            continue
        if number > MAX_ROWS + 1:
            errors.append(_("The sheet has more than %(n)s rows.") % {"n": MAX_ROWS})
            break
        cells = list(line[:5]) + [None] * (5 - len(line[:5]))
        key_cell, _name, period_cell, value_cell, comment_cell = cells
        if all(c in (None, "") for c in cells):
            continue

        def problem(column, text, number=number):
            errors.append(
                _("Row %(row)s, column “%(column)s”: %(problem)s")
                % {"row": number, "column": names[column], "problem": text}
            )

        try:
            indicator = indicators[int(key_cell)]
        except (TypeError, ValueError, KeyError):
            problem(0, _("no indicator of this organisation has this number."))
            continue
        period = str(period_cell or "").strip().upper()
        if not periods.is_valid(period, indicator.frequency):
            problem(
                2,
                _("“%(value)s” is not a period of this indicator (%(frequency)s).")
                % {"value": period, "frequency": indicator.get_frequency_display()},
            )
            continue
        try:
            value = _number(value_cell)
        except ValueError:
            problem(3, _("“%(value)s” is not a number.") % {"value": value_cell})
            continue
        if value is None:
            continue
        if (indicator.pk, period) in seen:
            problem(2, _("this indicator's %(period)s is listed twice.") % {"period": period})
            continue
        seen.add((indicator.pk, period))
        found.append((indicator, period, value, str(comment_cell or "").strip(), number))
    if errors:
        raise ImportErrors(errors)
    return found


@transaction.atomic
def import_values(org, upload, *, by):
    """Write the workbook's values (all or nothing); returns how many were written or changed."""
    rows = read(upload, org)
    current = {}
    for row in Value.objects.for_org(org).filter(indicator__in={r[0] for r in rows}).order_by("pk"):
        current[(row.indicator_id, row.period)] = row
    errors, create, update = [], [], []
    now = timezone.now()
    for indicator, period, value, comment, number in rows:
        row = current.get((indicator.pk, period))
        if row is not None and row.value == value and row.comment == comment:
            continue
        if row is not None and row.is_locked:
            errors.append(
                _("Row %(row)s: %(period)s of “%(indicator)s” is approved; correct it on the indicator's page.")
                % {"row": number, "period": period, "indicator": indicator}
            )
            continue
        if row is None:
            row = Value(org=org, indicator=indicator, period=period)
            create.append(row)
        else:
            update.append(row)
        row.value, row.comment, row.origin = value, comment, Origin.IMPORTED
        row.numerator = row.denominator = row.records = row.computed_at = None
        row.recorded_by, row.recorded_at = by, now
    if errors:
        raise ImportErrors(errors)
    Value.objects.bulk_create(create)
    fields = [
        "value",
        "comment",
        "origin",
        "numerator",
        "denominator",
        "records",
        "computed_at",
        "recorded_by",
        "recorded_at",
    ]
    Value.objects.bulk_update(update, fields)
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.IMPORTED,
        target_repr=_("Result values: %(n)s") % {"n": len(create) + len(update)},
    )
    return len(create) + len(update)
