"""Bringing a framework version in: parse (YAML or XLSX), validate, and write it all-or-nothing.

Every problem found is reported together, each with where it is (file, the JSON path, and the YAML line or the
XLSX sheet/row/column) and what is wrong; if there is any, nothing is written. The format is documented in
docs/framework-format.md and frameworks/schema/framework.schema.json.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokybe.lib import safe_yaml
from orgs.activity import record
from orgs.models import ActivityEntry

from .models import Criterion, Framework, FrameworkVersion, Indicator, Principle

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "framework.schema.json"
LIBRARY_DIR = Path(__file__).resolve().parent / "library"
# Pairs that may both be empty; when one language is given, the other must be too.
OPTIONAL_PAIRS = {"description", "text", "notice"}


@dataclass(frozen=True)
class Problem:
    source: str  # file name
    where: str  # JSON path and line, or sheet/row/column
    message: str

    def __str__(self):
        return ": ".join(part for part in (self.source, self.where, self.message) if part)


class FrameworkImportError(Exception):
    """Raised with every problem found; the database is untouched."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Document:
    """Parsed content plus a way to say where a JSON path came from (a YAML line, an XLSX cell)."""

    data: object
    source: str = ""
    locate: Callable[[tuple], str] = field(default=lambda path: "")
    # Problems found while reading (e.g. an XLSX cell that is not yes/no), reported with the validation's.
    problems: list = field(default_factory=list)
    # A spreadsheet user thinks in cells, not JSON paths: say only the cell when it is known.
    cells: bool = False

    def problem(self, path, message):
        where = json_path(path)
        location = self.locate(tuple(path))
        if location and self.cells:
            return Problem(self.source, location, message)
        return Problem(self.source, f"{where} ({location})" if location and where else location or where, message)


@dataclass
class ImportResult:
    version: FrameworkVersion
    created: bool

    @property
    def message(self):
        params = {"name": self.version.framework.name, "label": self.version.label}
        if not self.created:
            return _("%(name)s %(label)s is already in the library with identical content: nothing changed.") % params
        return _(
            "Imported %(name)s %(label)s (principles: %(principles)s, criteria: %(criteria)s, "
            "indicators: %(indicators)s)."
        ) % {**params, **counts(self.version)}


def counts(version):
    return {
        "principles": version.principles.count(),
        "criteria": version.criteria.count(),
        "indicators": version.indicators.count(),
    }


def json_path(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML -----------------------------------------------------------------------------------------------------------

_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _Loader(safe_yaml.SafeLoader):
    """The shared safe loader (no aliases, bounded nesting, no duplicate keys) that also keeps codes as written
    (`code: 1.10` stays "1.10", not 1.1)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value == "code" and isinstance(value_node, yaml.ScalarNode) and value_node.tag in _NUMBER_TAGS:
                mapping["code"] = value_node.value
        return mapping


def _node_lines(node, path=(), out=None):
    """JSON path → 1-based line of every node in the YAML tree, for error messages."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _node_lines(value_node, (*path, key_node.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*path, i), out)
    return out


def parse_yaml(content, source=""):
    """YAML text or UTF-8 bytes → Document; a syntax error is reported with its line and column."""
    try:
        node, data = safe_yaml.compose(content, loader=_Loader)
    except UnicodeDecodeError as exc:
        raise FrameworkImportError(
            [Problem(source, _("byte %(pos)s") % {"pos": exc.start}, _("the file is not UTF-8 text"))]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _("line %(line)s, column %(column)s") % {"line": mark.line + 1, "column": mark.column + 1} if mark else ""
        )
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, safe_yaml.Refused):
            raise FrameworkImportError([Problem(source, where, problem)]) from None
        raise FrameworkImportError(
            [Problem(source, where, _("YAML syntax error: %(problem)s") % {"problem": problem})]
        ) from None
    lines = _node_lines(node) if node is not None else {}

    def locate(path):
        while path not in lines and path:
            path = path[:-1]
        return _("line %(line)s") % {"line": lines[path]} if path in lines else ""

    return Document(data, source, locate)


def load_file(path):
    """A YAML or XLSX file on disk → Document."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_yaml(path.read_bytes(), path.name)
    if suffix == ".xlsx":
        from .xlsx import read_xlsx

        with path.open("rb") as fh:
            return read_xlsx(fh, path.name)
    raise FrameworkImportError([Problem(path.name, "", _("unsupported file type: use .yaml, .yml or .xlsx"))])


# --- Validation -----------------------------------------------------------------------------------------------------


@cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _type_name(name):
    labels = {
        "string": _("text"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "array": _("a list"),
        "object": _("a mapping (key: value)"),
    }
    return labels.get(name, name)


def _is_translation(key):
    return isinstance(key, str) and key[-3:] in ("_lt", "_en")


def _schema_problems(doc):
    validator = jsonschema.Draft202012Validator(schema())
    out = []
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        kind, value, instance = error.validator, error.validator_value, error.instance
        if kind == "required":
            out += [doc.problem([*path, key], _("required")) for key in value if key not in instance]
            continue
        if kind == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            out += [doc.problem([*path, key], _("unknown field")) for key in instance if key not in allowed]
            continue
        last = path[-1] if path else ""
        if kind in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
            message = _("missing translation: the text is empty") if _is_translation(last) else _("must not be empty")
        elif kind == "type":
            # "null" only ever makes a field optional, so the one other type is what to ask for.
            types = [t for t in (value if isinstance(value, list) else [value]) if t != "null"]
            message = _("must be %(type)s") % {"type": _type_name(types[0])}
            if last == "code" and isinstance(instance, (int, float)):
                message = _('must be text: put the code in quotes, e.g. "1.10"')
        elif kind == "enum":
            message = _("must be one of: %(values)s") % {"values": ", ".join(str(v) for v in value)}
        elif kind == "const":
            message = _("must be %(value)s") % {"value": value}
        elif kind == "pattern" and path[:2] == ["framework", "code"]:
            message = _("only lower-case letters, digits and hyphens, starting with a letter or digit")
        elif kind == "pattern":
            message = _("has an invalid form (no spaces at the start or end; codes: lower-case letters and digits)")
        elif kind == "maxLength":
            message = _("is longer than %(limit)s characters") % {"limit": value}
        elif kind == "minItems":
            message = ngettext("needs at least %(n)s item", "needs at least %(n)s items", value) % {"n": value}
        elif kind == "minimum":
            message = _("must be at least %(limit)s") % {"limit": value}
        elif kind == "maximum":
            message = _("must be at most %(limit)s") % {"limit": value}
        elif kind == "exclusiveMinimum":
            message = _("must be greater than %(limit)s") % {"limit": value}
        elif kind == "uniqueItems":
            message = _("lists the same value twice")
        else:
            message = error.message
        out.append(doc.problem(path, message))
    return out


def _items(value):
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _translation_problems(doc, obj, path):
    """An optional text given in one language must be given in the other (required names are the schema's job)."""
    out = []
    for stem in OPTIONAL_PAIRS:
        lt, en = obj.get(f"{stem}_lt"), obj.get(f"{stem}_en")
        if _blank(lt) and not _blank(en):
            out.append(doc.problem([*path, f"{stem}_lt"], _("missing translation: only the English text is given")))
        elif _blank(en) and not _blank(lt):
            out.append(doc.problem([*path, f"{stem}_en"], _("missing translation: only the Lithuanian text is given")))
    return out


def _content_problems(doc):
    """Rules a JSON Schema cannot state: unique codes, paired translations, ratings and weights that fit together."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    out = []
    for key in ("framework", "version"):
        if isinstance(data.get(key), dict):
            out += _translation_problems(doc, data[key], [key])
    seen = {"principle": {}, "criterion": {}, "indicator": {}}

    def unique(kind, obj, path):
        code = obj.get("code")
        if not isinstance(code, str):
            return
        key = code.strip()
        if key in seen[kind]:
            other = seen[kind][key]
            out.append(
                doc.problem(
                    [*path, "code"],
                    _("duplicate code “%(code)s” (already used at %(other)s)") % {"code": key, "other": other},
                )
            )
        else:
            where = json_path(path)
            location = doc.locate(tuple(path))
            seen[kind][key] = f"{where}, {location}" if location else where

    for i, principle in _items(data.get("principles")):
        ppath = ["principles", i]
        unique("principle", principle, ppath)
        out += _translation_problems(doc, principle, ppath)
        for j, criterion in _items(principle.get("criteria")):
            cpath = [*ppath, "criteria", j]
            unique("criterion", criterion, cpath)
            out += _translation_problems(doc, criterion, cpath)
            for k, indicator in _items(criterion.get("indicators")):
                ipath = [*cpath, "indicators", k]
                unique("indicator", indicator, ipath)
                out += _translation_problems(doc, indicator, ipath)
    scoring = data.get("version", {}).get("scoring") if isinstance(data.get("version"), dict) else None
    if isinstance(scoring, dict):
        out += _scoring_problems(doc, scoring, set(seen["principle"]))
    return out


def _scoring_problems(doc, scoring, principle_codes):
    out = []
    path = ["version", "scoring"]
    codes = set()
    for i, rating in _items(scoring.get("ratings")):
        code = rating.get("code")
        if code in codes:
            out.append(doc.problem([*path, "ratings", i, "code"], _("duplicate rating “%(code)s”") % {"code": code}))
        codes.add(code)
    threshold = scoring.get("pass_threshold")
    is_number = isinstance(threshold, (int, float)) and not isinstance(threshold, bool)
    if scoring.get("method", "share") == "share" and is_number and threshold > 1:
        out.append(
            doc.problem([*path, "pass_threshold"], _("with the method “share” the threshold is a share from 0 to 1"))
        )
    weights = scoring.get("weights")
    if isinstance(weights, dict) and principle_codes:
        for code in weights:
            if code not in principle_codes:
                out.append(doc.problem([*path, "weights", code], _("no principle has this code")))
    return out


def validate(doc):
    """Every problem of a parsed document (empty list when it can be imported)."""
    # dict.fromkeys: one message per place, though an empty name breaks both minLength and pattern.
    return list(dict.fromkeys(doc.problems + _schema_problems(doc) + _content_problems(doc)))


# --- Canonical content ----------------------------------------------------------------------------------------------


def _num(value):
    if value is None or isinstance(value, bool):
        return value
    return int(value) if float(value).is_integer() else float(value)


def _s(obj, key):
    return (obj.get(key) or "").strip()


def canonical(data):
    """The content with defaults filled in and whitespace trimmed: what is stored, exported and checksummed."""
    fw, version = data["framework"], data["version"]
    scoring = version["scoring"]
    ratings = []
    for r in scoring["ratings"]:
        rating = {
            "code": r["code"],
            "label_lt": _s(r, "label_lt"),
            "label_en": _s(r, "label_en"),
            "score": _num(r.get("score")),
            "needs_reason": bool(r.get("needs_reason", False)),
        }
        if "met" in r:
            rating["met"] = bool(r["met"])
        ratings.append(rating)
    return {
        "framework": {
            "code": fw["code"],
            **{k: _s(fw, k) for k in ("name_lt", "name_en", "publisher", "level", "description_lt", "description_en")},
        },
        "version": {
            "label": _s(version, "label"),
            "year": version.get("year"),
            "status": version.get("status") or FrameworkVersion.Status.ACTIVE,
            "validity_years": version.get("validity_years"),
            "notice_lt": _s(version, "notice_lt"),
            "notice_en": _s(version, "notice_en"),
            "scoring": {
                "method": scoring.get("method") or "share",
                "ratings": ratings,
                "pass_threshold": _num(scoring.get("pass_threshold")),
                "mandatory_must_be_met": bool(scoring.get("mandatory_must_be_met", False)),
                "weights": {str(k): _num(v) for k, v in (scoring.get("weights") or {}).items()},
            },
        },
        "principles": [
            {
                "code": p["code"].strip(),
                **{k: _s(p, k) for k in ("name_lt", "name_en", "description_lt", "description_en")},
                "criteria": [
                    {
                        "code": c["code"].strip(),
                        **{k: _s(c, k) for k in ("title_lt", "title_en", "text_lt", "text_en")},
                        "indicators": [
                            {
                                "code": i["code"].strip(),
                                **{k: _s(i, k) for k in ("title_lt", "title_en", "text_lt", "text_en")},
                                "mandatory": bool(i.get("mandatory", False)),
                                "level": _s(i, "level"),
                                "evidence_types": list(i.get("evidence_types") or []),
                            }
                            for i in c["indicators"]
                        ],
                    }
                    for c in p["criteria"]
                ],
            }
            for p in data["principles"]
        ],
    }


def checksum(content):
    """Of the version and its tree; the framework's descriptive fields are not part of a version's identity."""
    body = {
        "framework": content["framework"]["code"],
        "version": content["version"],
        "principles": content["principles"],
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Import ---------------------------------------------------------------------------------------------------------


def _document(source):
    if isinstance(source, Document):
        return source
    if isinstance(source, (str, Path)):
        return load_file(source)
    return Document(source, "")


def import_framework(source, *, org=None, by=None):
    """Import one framework version (a dict, a Document or a YAML/XLSX path). All or nothing.

    org=None puts it in the shipped library (superusers, the command); an organisation's import is its own, visible
    to no one else. Returns an ImportResult; raises FrameworkImportError with every problem found.
    """
    doc = _document(source)
    problems = validate(doc)
    if problems:
        raise FrameworkImportError(problems)
    content = canonical(doc.data)
    digest = checksum(content)
    fw_data, v_data = content["framework"], content["version"]
    existing = (
        FrameworkVersion.objects.filter(framework__code=fw_data["code"], framework__org=org, label=v_data["label"])
        .select_related("framework")
        .first()
    )
    if existing is not None:
        if existing.checksum == digest:
            return ImportResult(existing, created=False)
        raise FrameworkImportError(
            [
                doc.problem(
                    ["version", "label"],
                    _(
                        "version “%(label)s” of “%(code)s” is already in the library with different content; "
                        "give the changed version a new label"
                    )
                    % {"label": v_data["label"], "code": fw_data["code"]},
                )
            ]
        )
    try:
        version = _write(content, digest, org=org, by=by, source=doc.source)
    except ValidationError as exc:
        raise FrameworkImportError([Problem(doc.source, "", m) for m in exc.messages]) from None
    return ImportResult(version, created=True)


@transaction.atomic
def _write(content, digest, *, org, by, source):
    fw_data, v_data = content["framework"], content["version"]
    framework, created = Framework.objects.get_or_create(
        code=fw_data["code"], org=org, defaults={k: v for k, v in fw_data.items() if k != "code"}
    )
    if not created:
        # The newest import describes the framework (a corrected name or description travels with a new version).
        for key, value in fw_data.items():
            setattr(framework, key, value)
    framework.full_clean(validate_unique=False, validate_constraints=False)
    framework.save()
    version = FrameworkVersion(framework=framework, org=org, imported_by=by, checksum=digest, source=source[:255])
    for key, value in v_data.items():
        setattr(version, key, value)
    version.full_clean(validate_constraints=False, validate_unique=False)
    version.save()

    principles, criteria, indicators = [], [], []
    for p_order, p in enumerate(content["principles"]):
        fields = {k: v for k, v in p.items() if k != "criteria"}
        principles.append((Principle(version=version, order=p_order, **fields), p))
    _create(Principle, [obj for obj, data in principles])
    for principle, p in principles:
        for c_order, c in enumerate(p["criteria"]):
            fields = {k: v for k, v in c.items() if k != "indicators"}
            criteria.append((Criterion(version=version, principle=principle, order=c_order, **fields), c))
    _create(Criterion, [obj for obj, data in criteria])
    for criterion, c in criteria:
        for i_order, i in enumerate(c["indicators"]):
            indicators.append(Indicator(version=version, criterion=criterion, order=i_order, **i))
    _create(Indicator, indicators)
    if org is not None:
        record(org=org, by=by, verb=ActivityEntry.Verb.IMPORTED, target=version)
    return version


def _create(model, objects):
    # Field-level checks only: the schema already bounded lengths and the content checks found duplicate codes, so
    # this is a safety net should the schema and the models drift apart, without a query per row.
    for obj in objects:
        obj.full_clean(exclude=["version", "principle", "criterion"], validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(objects)


def import_library(*, directory=LIBRARY_DIR):
    """Import every shipped file (idempotent: identical versions are no-ops). Returns the ImportResults."""
    return [import_framework(path) for path in sorted(directory.glob("*.yaml"))]
