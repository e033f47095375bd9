"""Result definitions as data: the shipped library (`library/definitions.yaml`) and an organisation's own
definitions, read and written in one YAML format (`format: kokybe-results/1`, a list under `definitions:`).

Reading is all or nothing: every problem is reported with where it is (definition number and field) and nothing is
written while any remains. A definition already there with the same code and version is left as it is when the file
says the same, and refused when it says something else (a changed formula needs a new version)."""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from kokybe.lib import safe_yaml

from . import periods

FORMAT = "kokybe-results/1"
SHIPPED = Path(__file__).resolve().parent / "library" / "definitions.yaml"
FIELDS = [
    "code",
    "version",
    "name_lt",
    "name_en",
    "description_lt",
    "description_en",
    "numerator_lt",
    "numerator_en",
    "denominator_lt",
    "denominator_en",
    "unit",
    "higher_is_better",
    "frequency",
    "principles",
    "indicators",
    "source",
]
REQUIRED = ("code", "name_lt", "name_en", "unit", "frequency", "principles")
UNITS = ("%", "count", "per100", "days", "hours", "number")
FREQUENCIES = [key for key, _label in periods.FREQUENCIES]


class DefinitionErrors(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def parse(content):
    """The definitions of a YAML file as a list of dicts (the model's fields), or DefinitionErrors."""
    try:
        data = safe_yaml.load(content)
    except UnicodeDecodeError:
        raise DefinitionErrors([_("The file is not UTF-8 text.")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s: ") % {"line": mark.line + 1} if mark is not None else ""
        raise DefinitionErrors([where + str(getattr(exc, "problem", None) or exc)]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DefinitionErrors(
            [
                _("This is not a results definitions file (it must start with “format: %(format)s”).")
                % {"format": FORMAT}
            ]
        )
    items = data.get("definitions")
    if not isinstance(items, list) or not items:
        raise DefinitionErrors([_("The file lists no definitions.")])
    errors, found, seen = [], [], set()
    for number, item in enumerate(items, start=1):
        where = _("definition %(number)s") % {"number": number}
        if not isinstance(item, dict):
            errors.append(_("%(where)s: not a mapping of fields.") % {"where": where})
            continue
        unknown = sorted(set(item) - set(FIELDS))
        if unknown:
            errors.append(
                _("%(where)s: unknown fields %(fields)s.") % {"where": where, "fields": ", ".join(map(str, unknown))}
            )
        for name in REQUIRED:
            if item.get(name) in (None, "", []):
                errors.append(_("%(where)s: “%(field)s” is missing.") % {"where": where, "field": name})
        row = {name: item.get(name) for name in FIELDS}
        row["version"] = row["version"] if row["version"] is not None else 1
        row["higher_is_better"] = True if row["higher_is_better"] is None else row["higher_is_better"]
        row["principles"] = [str(p) for p in row["principles"] or []]
        row["indicators"] = [str(p) for p in row["indicators"] or []]
        for name in FIELDS:
            if row[name] is None:
                row[name] = ""
        code = str(row["code"])
        if row["code"] and not (
            code.replace("-", "").replace("_", "").isalnum() and code.isascii() and len(code) <= 64
        ):
            errors.append(
                _("%(where)s: the code may hold only letters, digits, hyphens and underscores.") % {"where": where}
            )
        if not isinstance(row["version"], int) or isinstance(row["version"], bool) or row["version"] < 1:
            errors.append(_("%(where)s: the version must be a whole number from 1.") % {"where": where})
        if row["unit"] and row["unit"] not in UNITS:
            errors.append(
                _("%(where)s: the unit must be one of %(units)s.") % {"where": where, "units": ", ".join(UNITS)}
            )
        if row["frequency"] and row["frequency"] not in FREQUENCIES:
            errors.append(
                _("%(where)s: the frequency must be one of %(values)s.")
                % {"where": where, "values": ", ".join(FREQUENCIES)}
            )
        if not isinstance(row["higher_is_better"], bool):
            errors.append(_("%(where)s: “higher_is_better” must be true or false.") % {"where": where})
        bad = [p for p in row["principles"] if p not in {str(n) for n in range(1, 11)}]
        if bad:
            errors.append(_("%(where)s: principles are the codes 1 to 10.") % {"where": where})
        if (code, row["version"]) in seen:
            errors.append(_("%(where)s: the code and version are listed twice.") % {"where": where})
        seen.add((code, row["version"]))
        found.append(row)
    if errors:
        raise DefinitionErrors(errors)
    return found


def _same(obj, row):
    return all(getattr(obj, name) == row[name] for name in FIELDS)


def sync_shipped(model, using="default"):
    """Create the shipped definitions that are missing (migrate and load_demo call this); never change one."""
    rows = parse(SHIPPED.read_bytes())
    have = set(model.objects.using(using).filter(org__isnull=True).values_list("code", "version"))
    missing = [model(org=None, **row) for row in rows if (row["code"], row["version"]) not in have]
    model.objects.using(using).bulk_create(missing)
    return len(missing)


@transaction.atomic
def import_definitions(org, content):
    """The organisation's own definitions from YAML: (created, unchanged), or DefinitionErrors and nothing written."""
    from .models import Definition

    rows = parse(content)
    existing = {(d.code, d.version): d for d in Definition.objects.visible_to(org)}
    errors, new = [], []
    for number, row in enumerate(rows, start=1):
        found = existing.get((row["code"], row["version"]))
        if found is None:
            new.append(Definition(org=org, **row))
        elif found.org_id is None:
            if not _same(found, row):
                errors.append(
                    _(
                        "definition %(number)s: %(code)s version %(version)s is a shipped definition; give yours another code."
                    )
                    % {"number": number, "code": row["code"], "version": row["version"]}
                )
        elif not _same(found, row):
            errors.append(
                _(
                    "definition %(number)s: %(code)s version %(version)s exists with other content; give the changed definition a new version."
                )
                % {"number": number, "code": row["code"], "version": row["version"]}
            )
    if errors:
        raise DefinitionErrors(errors)
    for definition in new:
        definition.full_clean()
    Definition.objects.bulk_create(new)
    return len(new), len(rows) - len(new)


def export_definitions(definitions):
    """YAML text of `definitions`, readable back by import_definitions."""
    items = []
    for d in definitions:
        item = {}
        for name in FIELDS:
            value = getattr(d, name)
            if value in ("", []) and name not in REQUIRED:
                continue
            item[name] = value
        items.append(item)
    return yaml.safe_dump({"format": FORMAT, "definitions": items}, allow_unicode=True, sort_keys=False, width=120)
