"""Participants of a programme that already exists on paper, from an XLSX: read, checked row by row for a preview,
then written all or nothing.

The workbook is read once, at upload (kokybe/lib/uploads checks it is a real XLSX of allowed size first); its cells
become plain text kept in the coordinator's session until they confirm, and the same check runs again on confirm
against the database as it is then. A row is matched to an organisation by its company code: a new code makes the
organisation, a known one takes part (or, if it already does, has its participation updated). The organisation's
own data (name, municipality) is never changed by an import: it belongs to the provider. Nobody is invited.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from kokybe.lib import lithuanian, uploads, xlsx
from orgs import activity
from orgs.models import ActivityEntry, Organisation

from .models import ProgrammeParticipation

MAX_ROWS = 2000

# (key, column header); the template's headers are in the coordinator's language, and a workbook with the headers in
# either language is read.
COLUMNS = [
    ("org_name", gettext_lazy("Organisation")),
    ("company_code", gettext_lazy("Company code")),
    ("municipality", gettext_lazy("Municipality")),
    ("wave", gettext_lazy("Wave")),
    ("status", gettext_lazy("Status")),
    ("contract_number", gettext_lazy("Contract number")),
    ("contract_date", gettext_lazy("Contract date")),
    ("joined_on", gettext_lazy("Joined on")),
    ("consultant", gettext_lazy("Consultant's e-mail")),
]
REQUIRED = ("org_name", "company_code")
LABELS = dict(COLUMNS)


class Action:
    CREATE = "create"  # a new organisation, taking part
    ADD = "add"  # an organisation already in Kokybė starts taking part
    UPDATE = "update"  # the organisation takes part already: its participation is updated


ACTION_LABELS = {
    Action.CREATE: gettext_lazy("New organisation"),
    Action.ADD: gettext_lazy("Organisation already in Kokybė joins"),
    Action.UPDATE: gettext_lazy("Participation updated"),
}


@dataclass
class Row:
    number: int  # the row's number in the workbook
    cells: dict  # key → text
    values: dict = field(default_factory=dict)  # key → checked value
    errors: list = field(default_factory=list)  # [(column label, message)]
    action: str = ""
    org: Organisation | None = None
    participation: ProgrammeParticipation | None = None

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, "")


def template_xlsx():
    wb = Workbook()
    ws = wb.active
    ws.title = _("Participants")[:31]
    xlsx.header(ws, [str(label) for _key, label in COLUMNS])
    xlsx.append(
        ws,
        [
            "Pavyzdžio socialinių paslaugų centras",
            "300000000",
            "Vilniaus m. sav.",
            "",
            str(ProgrammeParticipation.Status.CONTRACTED.label),
            "SUT-2027-001",
            date(2027, 1, 15),
            date(2027, 1, 15),
            "",
        ],
    )
    xlsx.fit_widths(ws)
    return xlsx.save(wb)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _headers():
    """{normalised header in either language: key}."""
    found = {}
    for language in ("lt", "en"):
        with translation.override(language):
            for key, label in COLUMNS:
                found[str(label).strip().lower()] = key
    return found


def read(upload):
    """The workbook's rows as [{key: text}], with their row numbers; ValidationError for a file that is not a
    readable XLSX, has unknown or missing columns, no rows or too many."""
    from openpyxl import load_workbook

    kind = uploads.check(upload)
    if kind.ext != "xlsx":
        raise ValidationError(_("Upload an Excel workbook (.xlsx)."))
    upload.seek(0)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, ())
        body = []
        for row in rows:
            body.append(row)
            if len(body) > MAX_ROWS:
                raise ValidationError(_("A workbook may have at most %(n)s rows.") % {"n": MAX_ROWS})
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ValidationError(_("The workbook cannot be read.")) from exc
    known = _headers()
    keys, unknown = [], []
    for cell in header:
        name = _text(cell).lower()
        if not name:
            keys.append(None)
        elif name in known:
            keys.append(known[name])
        else:
            keys.append(None)
            unknown.append(_text(cell)[:40])

    def quoted(text):
        return _("“%(text)s”") % {"text": text}

    expected = ", ".join(quoted(label) for _key, label in COLUMNS)
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(names)s. The first row must name the columns: %(expected)s.")
            % {"names": ", ".join(quoted(n) for n in unknown), "expected": expected}
        )
    missing = [str(LABELS[key]) for key in REQUIRED if key not in keys]
    if missing:
        raise ValidationError(
            _("Columns missing: %(names)s. The first row must name the columns: %(expected)s.")
            % {"names": ", ".join(quoted(n) for n in missing), "expected": expected}
        )
    out = []
    for number, row in enumerate(body, start=2):
        cells = {key: _text(value) for key, value in zip(keys, row, strict=False) if key}
        if any(cells.values()):
            out.append({"number": number, "cells": cells})
    if not out:
        raise ValidationError(_("The workbook has no rows to import."))
    return out


def _date(text):
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _status(text):
    lowered = text.strip().lower()
    if not lowered:
        return ProgrammeParticipation.Status.IN_PROGRESS
    for choice in ProgrammeParticipation.Status:
        labels = {choice.value}
        for language in ("lt", "en"):
            with translation.override(language):
                labels.add(str(choice.label).lower())
        if lowered in labels:
            return choice.value
    return None


def check(programme, raw_rows):
    """Each row checked against the programme and the database: its values, what it will do, its errors. A fixed
    number of queries for any number of rows."""
    waves = {w.name.strip().lower(): w for w in programme.waves.all()}
    consultants = {u.email.lower(): u for u in programme.consultants.all()}
    codes = {r["cells"].get("company_code", "").replace(" ", "") for r in raw_rows}
    orgs = {o.company_code: o for o in Organisation.objects.filter(company_code__in=codes - {""}).order_by("-pk")}
    taking_part = {
        p.org_id: p for p in ProgrammeParticipation.objects.filter(programme=programme, org__in=list(orgs.values()))
    }
    today = timezone.localdate()
    seen = {}
    rows = []
    for raw in raw_rows:
        row = Row(raw["number"], raw["cells"])
        cells = row.cells

        def error(key, message, row=row):
            row.errors.append((str(LABELS[key]), message))

        name = cells.get("org_name", "")
        if not name:
            error("org_name", _("The organisation's name is missing."))
        elif len(name) > 255:
            error("org_name", _("At most 255 characters."))
        code = cells.get("company_code", "").replace(" ", "")
        if not (len(code) == 9 and code.isdigit()):
            error("company_code", _("A company code has 9 digits."))
        elif code in seen:
            error("company_code", _("The same company code is in row %(row)s.") % {"row": seen[code]})
        else:
            seen[code] = row.number
        municipality = cells.get("municipality", "")
        if len(municipality) > 120:
            error("municipality", _("At most 120 characters."))
        wave = None
        if cells.get("wave"):
            wave = waves.get(cells["wave"].strip().lower())
            if wave is None:
                error("wave", _("The programme has no wave “%(name)s”.") % {"name": cells["wave"][:60]})
        status = _status(cells.get("status", ""))
        if status is None:
            error("status", _("“%(value)s” is not a participation status.") % {"value": cells["status"][:40]})
        number = cells.get("contract_number", "")
        if len(number) > 64:
            error("contract_number", _("At most 64 characters."))
        dates = {}
        for key in ("contract_date", "joined_on"):
            dates[key] = None
            if cells.get(key):
                dates[key] = _date(cells[key])
                if dates[key] is None:
                    error(key, _("Write the date as YYYY-MM-DD."))
        consultant = None
        if cells.get("consultant"):
            consultant = consultants.get(cells["consultant"].strip().lower())
            if consultant is None:
                error("consultant", _("This address is not one of the programme's consultants."))
        row.values = {
            "org_name": name,
            "company_code": code,
            "municipality": municipality,
            "wave": wave,
            "status": status,
            "contract_number": number,
            "contract_date": dates["contract_date"],
            "joined_on": dates["joined_on"] or dates["contract_date"] or today,
            "consultant": consultant,
        }
        row.org = orgs.get(code)
        row.participation = taking_part.get(row.org.pk) if row.org else None
        row.action = Action.UPDATE if row.participation else Action.ADD if row.org else Action.CREATE
        rows.append(row)
    return rows


def _unique_slugs(names):
    from django.utils.text import slugify

    taken = set(Organisation.objects.values_list("slug", flat=True))
    slugs = []
    for name in names:
        base = (slugify(name)[:70].strip("-") or "org").lower()
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


PARTICIPATION_FIELDS = ["wave", "status", "contract_number", "contract_date", "joined_on", "consultant"]


@transaction.atomic
def participants_import(*, programme, raw_rows, by):
    """Write every row or none: checked again here (the database may have changed since the preview). Returns
    {action: n}."""
    from .services import milestones_instantiate

    rows = check(programme, raw_rows)
    if any(row.errors for row in rows):
        raise ValidationError(
            _("Some rows have errors: nothing was imported. Correct the workbook and upload it again.")
        )
    new = [row for row in rows if row.action == Action.CREATE]
    made = Organisation.objects.bulk_create(
        Organisation(
            name=row.values["org_name"],
            name_genitive=lithuanian.genitive(row.values["org_name"]),
            name_dative=lithuanian.dative(row.values["org_name"]),
            slug=slug,
            legal_form=Organisation.LegalForm.OTHER,
            company_code=row.values["company_code"],
            municipality=row.values["municipality"],
        )
        for row, slug in zip(new, _unique_slugs(row.values["org_name"] for row in new), strict=True)
    )
    for row, org in zip(new, made, strict=True):
        row.org = org
    joining = [row for row in rows if row.action in (Action.CREATE, Action.ADD)]
    participations = [
        ProgrammeParticipation(
            programme=programme, org=row.org, **{key: row.values[key] for key in PARTICIPATION_FIELDS}
        )
        for row in joining
    ]
    # check() has validated every value (one query for all rows, where full_clean() would ask per row).
    created = ProgrammeParticipation.objects.bulk_create(participations)
    for participation in created:
        participation.programme = programme
    milestones_instantiate(created)
    updates = []
    for row in rows:
        if row.action == Action.UPDATE:
            for key in PARTICIPATION_FIELDS:
                setattr(row.participation, key, row.values[key])
            updates.append(row.participation)
    ProgrammeParticipation.objects.bulk_update(updates, PARTICIPATION_FIELDS)
    counts = {action: sum(row.action == action for row in rows) for action in ACTION_LABELS}
    activity.record(
        org=programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.IMPORTED,
        target=programme,
        target_repr=_("%(code)s: participants imported (%(new)s new organisations, %(add)s joined, %(upd)s updated)")
        % {
            "code": programme.code,
            "new": counts[Action.CREATE],
            "add": counts[Action.ADD],
            "upd": counts[Action.UPDATE],
        },
    )
    return counts
