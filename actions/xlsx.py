"""The implementation plan as an Excel workbook: export of the filtered plan, the import template, and the import.

Providers keep their plans in Excel today, so the import is strict and all-or-nothing: every row is checked first,
and a single problem anywhere means a report of row / column / problem and nothing written.

An exported plan can be corrected in Excel and imported back: the workbook remembers which organisation it came from
(a custom document property, which Excel and LibreOffice keep when they save), and then a row with an action's
number updates that action — only what changed, through the same service as the edit form — and a row without a
number creates one. An unchanged export re-imports as "no change". A workbook from elsewhere (the template, another
organisation's export) only ever creates.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from frameworks.models import FrameworkVersion, Principle
from kokybe.lib import downloads, uploads
from kokybe.lib import xlsx as sheet
from orgs import activity
from orgs.models import ActivityEntry, Service, Unit
from orgs.roles import CONTRIBUTORS

from . import services
from .models import ImprovementAction, Priority, Source, Status, members_in
from .plan import CLOSED_STATUSES

CONTENT_TYPE = downloads.XLSX
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# A small XLSX can unpack to gigabytes (a "zip bomb"); real plans of 5,000 rows stay far below this.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
ORIGIN_PROPERTY = "kokybe-organisation"
TEXT_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy translation: the header in the reader's language
    width: int
    imported: bool = True  # False: written on export, ignored on import (so an exported plan can be imported)
    required: bool = False
    date: bool = False


COLUMNS = [
    Column("number", _("No."), 6, imported=False),
    Column("title", _("Title"), 50, required=True),
    Column("description", _("Description"), 40),
    Column("source", _("Source"), 28),
    Column("principle", _("Principle"), 26),
    Column("root_cause", _("Root cause"), 30),
    Column("planned_measures", _("Planned measures"), 40),
    Column("owner", _("Owner"), 24, imported=False),
    Column("owner_email", _("Owner's e-mail"), 28),
    Column("unit", _("Unit"), 28),
    Column("service", _("Service"), 28),
    Column("priority", _("Priority"), 12),
    Column("start_date", _("Start date"), 12, date=True),
    Column("due_date", _("Due date"), 12, date=True),
    Column("status", _("Status"), 18),
    Column("progress", _("Progress, %"), 11),
    Column("overdue", _("Overdue"), 10, imported=False),
    Column("completed_on", _("Completed on"), 13, imported=False, date=True),
    Column("verified_on", _("Verified on"), 13, imported=False, date=True),
]
IMPORT_COLUMNS = [c for c in COLUMNS if c.imported]


def filename(org, what):
    """The download's name in the reader's language: `alfa-diegimo-planas-2026-12-07.xlsx`."""
    words = {
        "plan": gettext("implementation plan"),
        "template": gettext("implementation plan import form"),
    }
    return downloads.filename(org.short_name or org.name or org.slug, words[what], timezone.localdate(), ext="xlsx")


def _export_row(action, today, labels):
    return [
        action.number,
        action.title,
        action.description,
        labels["source"].get(action.source, action.source),
        str(action.principle) if action.principle else "",
        action.root_cause,
        action.planned_measures,
        str(action.owner) if action.owner else "",
        action.owner.email if action.owner else "",
        action.unit.name if action.unit else "",
        action.service.name if action.service else "",
        labels["priority"].get(action.priority, action.priority),
        action.start_date,
        action.due_date,
        labels["status"].get(action.status, action.status),
        100 if action.status in CLOSED_STATUSES else action.progress,
        labels["yes"] if action.is_overdue(today) else "",
        action.completed_on,
        action.verified_on,
    ]


def export_plan(org, actions, applied=()):
    """One row per action, headers in the reader's language, dates as real dates shown YYYY-MM-DD.

    Written in openpyxl's streaming mode: a plan of thousands of rows is never held as cell objects.
    """
    today = timezone.localdate()
    labels = {
        "source": {v: str(label) for v, label in Source.choices},
        "priority": {v: str(label) for v, label in Priority.choices},
        "status": {v: str(label) for v, label in Status.choices},
        "yes": gettext("yes"),
    }
    wb = Workbook(write_only=True)
    wb.custom_doc_props.append(StringProperty(name=ORIGIN_PROPERTY, value=org.slug))
    ws = wb.create_sheet(gettext("Implementation plan")[:31])
    sheet.widths(ws, [column.width for column in COLUMNS])
    ws.freeze_panes = "A2"
    sheet.header(ws, [column.label for column in COLUMNS])
    count = 0
    for action in actions:
        sheet.append(ws, _export_row(action, today, labels))
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    about = wb.create_sheet(gettext("About")[:31])
    sheet.widths(about, [24, 60])
    sheet.append(about, [gettext("Organisation"), org.name])
    sheet.append(about, [gettext("Exported on"), today])
    for label, value in applied:
        sheet.append(about, [label, value])
    return sheet.save(wb)


def import_template(org):
    """Headers, one example row to overwrite, and a sheet explaining every column and its allowed values."""
    example_principle = _principles(org).order_by("order").first()
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("Implementation plan")[:31]
    sheet.widths(ws, [column.width for column in IMPORT_COLUMNS])
    ws.freeze_panes = "A2"
    sheet.header(ws, [column.label for column in IMPORT_COLUMNS])
    sheet.append(
        ws,
        [
            gettext("Example: prepare and approve the complaints procedure"),
            gettext("Replace this example row with your own actions, or delete it."),
            str(Source.SELF_ASSESSMENT.label),
            example_principle.code if example_principle else "",
            gettext("The procedure is outdated"),
            gettext("Draft, discuss with staff, approve by order"),
            "vardas.pavarde@example.lt",
            "",
            "",
            str(Priority.HIGH.label),
            date(timezone.localdate().year, 1, 15),
            date(timezone.localdate().year, 6, 30),
            str(Status.PLANNED.label),
            0,
        ],
    )
    ws.auto_filter.ref = f"A1:{get_column_letter(len(IMPORT_COLUMNS))}2"
    help_sheet = wb.create_sheet(gettext("Instructions")[:31])
    sheet.header(help_sheet, [gettext("Column"), gettext("What to write")], fill=False)
    empty_means = gettext("One of the values listed below; empty means “%(default)s”.")
    rules = {
        "title": gettext("Required. Up to 255 characters."),
        "source": empty_means % {"default": Source.OTHER.label},
        "principle": gettext("The principle's code or name (e.g. 3 or Rights); empty if none."),
        "owner_email": gettext("E-mail of an active member of the organisation who can work on actions."),
        "unit": gettext("A unit's name exactly as in Kokybė."),
        "service": gettext("A service's name exactly as in Kokybė."),
        "priority": empty_means % {"default": Priority.MEDIUM.label},
        "start_date": gettext("A date written YYYY-MM-DD (or an Excel date)."),
        "due_date": gettext("A date written YYYY-MM-DD, not before the start date."),
        "status": empty_means % {"default": Status.PLANNED.label},
        "progress": gettext("A whole number from 0 to 100."),
    }
    for column in IMPORT_COLUMNS:
        sheet.append(help_sheet, [str(column.label), rules.get(column.key, gettext("Free text; may be empty."))])
    help_sheet.append([])
    sheet.append(help_sheet, [gettext("The first sheet's first row must keep these headers; row 2 is an example.")])
    sheet.append(help_sheet, [gettext("Lithuanian or English values, or the codes in brackets, are all accepted.")])
    for title, choices in (
        (gettext("Allowed sources"), Source.choices),
        (gettext("Allowed priorities"), Priority.choices),
        (gettext("Allowed statuses"), Status.choices),
    ):
        help_sheet.append([])
        sheet.header(help_sheet, [title], fill=False)
        for value, label in choices:
            sheet.append(help_sheet, [str(label), f"({value})"])
    sheet.widths(help_sheet, [34, 80])
    return sheet.save(wb)


# Import


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("An Excel workbook (.xlsx) in the layout of the template, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{CONTENT_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB. A plan of that size cannot be imported at once."))
        if upload.size == 0:
            raise ValidationError(_("The file is empty."))
        if uploads.sniff(upload, upload.name) != uploads.XLSX:
            raise ValidationError(
                _("This is not an Excel workbook (.xlsx). Save it in Excel as “Excel Workbook (.xlsx)” and try again.")
            )
        uploads.check_unpacked_size(upload, MAX_UNPACKED_BYTES)
        return upload


@dataclass
class Problem:
    row: int | None
    column: str
    message: str


def _norm(text):
    return re.sub(r"\s+", " ", str(text)).strip().rstrip("*").strip().casefold()


def _labels_in_both_languages(label):
    out = set()
    for lang in ("lt", "en"):
        with translation.override(lang):
            out.add(_norm(label))
    return out


def _choice_map(choices_enum):
    """Lithuanian label, English label or code → code."""
    out = {}
    for value in choices_enum.values:
        out[_norm(value)] = value
        for text in _labels_in_both_languages(choices_enum(value).label):
            out[text] = value
    return out


def _header_map():
    out = {}
    for column in COLUMNS:
        for text in _labels_in_both_languages(column.label):
            out[text] = column
        out[_norm(column.key)] = column
    return out


def _principles(org):
    versions = FrameworkVersion.objects.visible_to(org).exclude(status=FrameworkVersion.Status.RETIRED)
    return Principle.objects.filter(version__in=versions)


class _Lookups:
    """Everything a row may refer to, fetched once per import."""

    def __init__(self, org):
        self.sources = _choice_map(Source)
        self.priorities = _choice_map(Priority)
        self.statuses = _choice_map(Status)
        self.owners = {m.user.email.casefold(): m.user for m in members_in(org, CONTRIBUTORS).select_related("user")}
        self.units = self._by_name(Unit.objects.for_org(org))
        self.services = self._by_name(Service.objects.for_org(org))
        self.principles = {}
        for principle in _principles(org).select_related("version"):
            for key in {principle.code, principle.name_lt, principle.name_en, str(principle)}:
                self.principles.setdefault(_norm(key), set()).add(principle)
        # Where a name or code is in several frameworks (EQUASS Assurance and Excellence share principle names), the
        # version of the organisation's latest self-assessment cycle decides, then its own imported frameworks.
        self.preferred_versions = list(
            FrameworkVersion.objects.filter(assessments__org=org)
            .order_by("-assessments__created_at")
            .values_list("pk", flat=True)
        ) + list(FrameworkVersion.objects.filter(framework__org=org).values_list("pk", flat=True))
        self.actions = None  # number → action, only for a workbook exported from this organisation

    def principle(self, text):
        """(principle, None) or (None, problem message)."""
        found = self.principles.get(_norm(text), set())
        if len(found) == 1:
            return next(iter(found)), None
        if not found:
            return None, gettext("No framework principle has the code or name “%(value)s”.") % {"value": text}
        for version in self.preferred_versions:
            mine = [p for p in found if p.version_id == version]
            if len(mine) == 1:
                return mine[0], None
        message = gettext("“%(value)s” matches principles of several frameworks; use the one in the plan.")
        return None, message % {"value": text}

    @staticmethod
    def _by_name(qs):
        out = {}
        for obj in qs:
            out.setdefault(_norm(obj.name), []).append(obj)
        return out


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    """(date or None, ok)."""
    if value in (None, ""):
        return None, True
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, (int, float)) and 20000 < value < 80000:  # an Excel serial day number left unformatted
        return from_excel(value).date(), True
    text = _text(value)
    for fmt in TEXT_FORMATS:
        try:
            return datetime.strptime(text, fmt).date(), True
        except ValueError:
            continue
    return None, False


def _read_header(cells, problems):
    headers = _header_map()
    columns, seen = {}, set()
    for index, value in enumerate(cells):
        text = _text(value)
        if not text:
            continue
        column = headers.get(_norm(text))
        letter = get_column_letter(index + 1)
        if column is None:
            problems.append(Problem(1, f"{letter} ({text})", gettext("Unknown column header.")))
        elif column.key in seen:
            problems.append(Problem(1, f"{letter} ({text})", gettext("This column appears twice.")))
        else:
            seen.add(column.key)
            if column.imported or column.key == "number":
                columns[index] = column
    if "title" not in seen:
        problems.append(
            Problem(1, "", gettext("The header row has no “%(title)s” column.") % {"title": gettext("Title")})
        )
    return columns


def _principle_keys(principle):
    return {_norm(key) for key in (principle.code, principle.name_lt, principle.name_en, str(principle))}


def _parse_row(number, values, columns, lookups, problems):
    """The fields of one row (for action_create, or with "action" for an update); problems appended in place."""
    row = {}
    raw = {column.key: values[i] if i < len(values) else None for i, column in columns.items()}
    existing = None
    action_number = _text(raw.pop("number", None))
    if lookups.actions is not None and action_number:
        existing = lookups.actions.get(action_number)
        if existing is None:
            message = gettext("This plan has no action No. %(number)s.") % {"number": action_number}
            problems.append(Problem(number, str(COLUMNS[0].label), message))
        row["action"] = existing

    def problem(key, message):
        label = next(str(c.label) for c in COLUMNS if c.key == key)
        letter = next((get_column_letter(i + 1) for i, c in columns.items() if c.key == key), "")
        problems.append(Problem(number, f"{letter} ({label})" if letter else label, message))

    title = _text(raw.get("title"))
    if not title:
        problem("title", gettext("A title is required."))
    elif len(title) > 255:
        problem("title", gettext("The title is longer than 255 characters."))
    row["title"] = title
    for key in ("description", "root_cause", "planned_measures"):
        row[key] = _text(raw.get(key))

    for key, table, default in (
        ("source", lookups.sources, Source.OTHER),
        ("priority", lookups.priorities, Priority.MEDIUM),
        ("status", lookups.statuses, Status.PLANNED),
    ):
        text = _text(raw.get(key))
        value = table.get(_norm(text)) if text else default
        if value is None:
            problem(key, gettext("“%(value)s” is not an allowed value (see the Instructions sheet).") % {"value": text})
        row[key] = value or default

    email = _text(raw.get("owner_email"))
    if existing is not None and existing.owner_id and email.casefold() == existing.owner.email.casefold():
        row["owner"] = existing.owner  # kept as is, even if the person has since left
    elif email:
        owner = lookups.owners.get(email.casefold())
        if owner is None:
            problem(
                "owner_email",
                gettext("No active member who can work on actions has the e-mail “%(email)s”.") % {"email": email},
            )
        row["owner"] = owner

    if existing is not None and "owner_email" in raw and not email:
        row["owner"] = None
    for key, table in (("unit", lookups.units), ("service", lookups.services)):
        name = _text(raw.get(key))
        current = getattr(existing, key) if existing is not None else None
        if current is not None and _norm(name) == _norm(current.name):
            row[key] = current
            continue
        if not name:
            if existing is not None and key in raw:
                row[key] = None
            continue
        found = table.get(_norm(name), [])
        if len(found) == 1:
            row[key] = found[0]
        elif not found:
            problem(key, gettext("There is no “%(name)s” in this organisation.") % {"name": name})
        else:
            problem(key, gettext("More than one “%(name)s” exists; rename one of them first.") % {"name": name})

    principle = _text(raw.get("principle"))
    if existing is not None and existing.principle_id and _norm(principle) in _principle_keys(existing.principle):
        row["principle"] = existing.principle  # the action's own principle, whichever framework it is in
    elif principle:
        row["principle"], message = lookups.principle(principle)
        if message:
            problem("principle", message)
    elif "principle" in raw:
        row["principle"] = None

    for key in ("start_date", "due_date"):
        value, ok = _date(raw.get(key))
        if not ok:
            problem(key, gettext("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": _text(raw.get(key))})
        row[key] = value
    if row["start_date"] and row["due_date"] and row["due_date"] < row["start_date"]:
        problem("due_date", gettext("The due date is before the start date."))

    progress = raw.get("progress")
    if progress not in (None, ""):
        try:
            value = float(_text(progress).replace(",", ".").rstrip("%").strip())
            if not (0 <= value <= 100) or not value.is_integer():
                raise ValueError
            row["progress"] = int(value)
        except ValueError:
            problem("progress", gettext("Write a whole number from 0 to 100."))
    if row["status"] in CLOSED_STATUSES:
        row["progress"] = 100
    return row


def read_plan(upload, *, org):
    """(rows, problems): the rows are only to be used when problems is empty."""
    problems = []
    try:
        uploads.check_unpacked_size(upload, MAX_UNPACKED_BYTES)
    except ValidationError as exc:
        return [], [Problem(None, "", exc.messages[0])]
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for damaged files; the person only needs to know it is unreadable
        return [], [Problem(None, "", gettext("The workbook could not be read. Open it in Excel, save it and retry."))]
    try:
        ws = wb.worksheets[0]
        lines = ws.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None or not any(_text(v) for v in header):
            return [], [Problem(None, "", gettext("The first sheet is empty."))]
        columns = _read_header(header, problems)
        if problems:
            return [], problems
        lookups = _Lookups(org)
        if _origin(wb) == org.slug:
            lookups.actions = {
                str(action.number): action
                for action in ImprovementAction.objects.for_org(org).select_related(
                    "owner", "unit", "service", "principle"
                )
            }
        rows = []
        for number, values in enumerate(lines, start=2):
            if not any(_text(v) for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                return [], [
                    Problem(None, "", gettext("The sheet has more than %(max)s actions; split it.") % {"max": MAX_ROWS})
                ]
            rows.append((number, _parse_row(number, values, columns, lookups, problems)))
        if not rows and not problems:
            problems.append(Problem(None, "", gettext("The sheet has headers but no actions.")))
        return rows, problems
    finally:
        wb.close()


def _origin(wb):
    """The organisation (slug) a workbook was exported from, or None."""
    return next((prop.value for prop in wb.custom_doc_props if prop.name == ORIGIN_PROPERTY), None)


class _ImportedFields(forms.ModelForm):
    """The columns an import may change on an existing action, checked the way the edit form checks them."""

    class Meta:
        model = ImprovementAction
        fields = [
            "title",
            "description",
            "source",
            "principle",
            "root_cause",
            "planned_measures",
            "owner",
            "unit",
            "service",
            "priority",
            "start_date",
            "due_date",
            "progress",
        ]


def _form_value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


def _update(action, fields, by):
    """Apply one row to its action: changed fields through action_update, a new status through action_transition.
    True when anything changed."""
    status = fields.pop("status", action.status)
    if action.status in CLOSED_STATUSES or status in CLOSED_STATUSES:
        fields.pop("progress", None)  # exported as 100 %: the action's own figure stays
    data = {
        name: _form_value(value) for name, value in forms.model_to_dict(action, _ImportedFields._meta.fields).items()
    }
    data.update({name: _form_value(value) for name, value in fields.items() if name in data})
    form = _ImportedFields(data, instance=action)
    changed = False
    if form.has_changed():
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[k].label}: {' '.join(v)}" if k in form.fields else " ".join(v)
                    for k, v in form.errors.items()
                ]
            )
        services.action_update(action=action, form=form, by=by)
        changed = True
    if status != action.status:
        services.action_transition(action=action, to=status, by=by)
        changed = True
    return changed


@dataclass
class ImportResult:
    created: list
    changed: list
    unchanged: int = 0


@transaction.atomic
def plan_import(*, org, rows, by, name=""):
    """Create each new row through action_create and apply each numbered row to its action (only what changed), then
    one IMPORTED entry; a refused row undoes the whole import."""
    result = ImportResult([], [])
    for number, fields in rows:
        fields = dict(fields)
        action = fields.pop("action", None)
        try:
            if action is None:
                result.created.append(
                    services.action_create(
                        org=org, title=fields.pop("title"), source=fields.pop("source"), by=by, **fields
                    )
                )
            elif _update(action, fields, by):
                result.changed.append(action)
            else:
                result.unchanged += 1
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            raise ValidationError(
                gettext("Row %(row)s: %(problem)s") % {"row": number, "problem": messages}, code="row"
            ) from exc
    changes = {"actions": ["", str(len(result.created))]}
    labels = {"actions": "improvement actions"}
    if result.changed:
        changes["changed"] = ["", str(len(result.changed))]
        labels["changed"] = gettext_noop("changed improvement actions")
    activity.record(
        org=org, by=by, verb=ActivityEntry.Verb.IMPORTED, target_repr=name or "XLSX", changes=changes, labels=labels
    )
    return result
