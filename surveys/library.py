"""Questionnaires as YAML: the shipped library (surveys/library/*.yaml), import and export.

The format (docs/surveys.md has the full description)::

    format: 1
    instrument: {code, title_lt, title_en, description_lt, description_en, audience, easy_read_available}
    version: {label, status, intro_lt, intro_en, easy_intro_lt, easy_intro_en}
    scales:                       # optional named rating scales, lowest point first
      agree5: [{label_lt: …, label_en: …}, …]
    sections:
      - title_lt: …
        title_en: …
        questions:
          - code: q1
            type: likert          # likert single multiple yes_no number text recommend
            scale: agree5         # or points: [{label_lt, label_en}, …] (3, 5 or 7 of them)
            text_lt: …
            text_en: …
            required: true
            principles: ["6"]     # framework principle codes
            indicators: ["6.3.1"] # framework indicator codes
            easy_text_lt: …       # the question in the easy-read form (likert, yes_no, single, text only)
            easy_text_en: …
            pictogram: home
            show_if: {question: q8, answers: ["yes"]}

Importing is all-or-nothing: every problem is listed with where it is, and nothing is written unless there are none.
A version already used by a campaign is frozen: re-importing it unchanged is a no-op, changed it is refused.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from orgs import activity
from orgs.models import ActivityEntry

from .models import (
    EASY_READ_TYPES,
    Audience,
    Instrument,
    InstrumentVersion,
    Pictogram,
    Question,
    QuestionType,
    Section,
)

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
FORMAT = 1
MAX_BYTES = 1024 * 1024
YES_NO_WORDS = {"yes": "1", "taip": "1", "no": "0", "ne": "0"}


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


class InstrumentImportError(Exception):
    """The file could not be imported; `problems` says every reason."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class ImportResult:
    version: InstrumentVersion
    created: bool
    questions: int = 0
    notes: list = field(default_factory=list)


def parse(content):
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise InstrumentImportError([Problem("", _("The file is larger than 1 MB."))])
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            raise InstrumentImportError([Problem("", _("The file is not UTF-8 text."))]) from None
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else ""
        raise InstrumentImportError([Problem(where, _("This is not valid YAML."))]) from None
    if not isinstance(data, dict):
        raise InstrumentImportError([Problem("", _("The file does not describe a questionnaire."))])
    return data


def _text(value):
    return "" if value is None else str(value).strip()


def _answer_value(value):
    """show_if answers as the form posts them: yes/no as "1"/"0" (YAML reads a bare yes as true), else text."""
    if value is True:
        return "1"
    if value is False:
        return "0"
    text = _text(value)
    return YES_NO_WORDS.get(text.lower(), text)


def _number(value):
    """Numbers as floats (50 and 50.0 are one value); anything else as it is, for validate() to refuse."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def canonical(data):
    """The content of a document in one normal form: what is stored, compared and exported."""
    inst = data.get("instrument") or {}
    ver = data.get("version") or {}
    scales = data.get("scales") or {}
    out = {
        "format": FORMAT,
        "instrument": {
            "code": _text(inst.get("code")),
            "title_lt": _text(inst.get("title_lt")),
            "title_en": _text(inst.get("title_en")),
            "description_lt": _text(inst.get("description_lt")),
            "description_en": _text(inst.get("description_en")),
            "audience": _text(inst.get("audience")),
            "easy_read_available": bool(inst.get("easy_read_available", False)),
        },
        "version": {
            "label": _text(ver.get("label")),
            "status": _text(ver.get("status")) or str(InstrumentVersion.Status.ACTIVE.value),
            **{k: _text(ver.get(k)) for k in ("intro_lt", "intro_en", "easy_intro_lt", "easy_intro_en")},
        },
        "sections": [],
    }
    for section in data.get("sections") or []:
        section = section if isinstance(section, dict) else {}
        questions = []
        for q in section.get("questions") or []:
            q = q if isinstance(q, dict) else {}
            points = q.get("points")
            if points is None and q.get("scale") is not None:
                points = scales.get(_text(q.get("scale")))
            show_if = q.get("show_if") or {}
            questions.append(
                {
                    "code": _text(q.get("code")),
                    "type": _text(q.get("type")),
                    "text_lt": _text(q.get("text_lt")),
                    "text_en": _text(q.get("text_en")),
                    "help_lt": _text(q.get("help_lt")),
                    "help_en": _text(q.get("help_en")),
                    "required": bool(q.get("required", False)),
                    "points": [
                        {"label_lt": _text(p.get("label_lt")), "label_en": _text(p.get("label_en"))}
                        for p in (points or [])
                        if isinstance(p, dict)
                    ],
                    "options": [
                        {
                            "code": _text(o.get("code")),
                            "label_lt": _text(o.get("label_lt")),
                            "label_en": _text(o.get("label_en")),
                        }
                        for o in (q.get("options") or [])
                        if isinstance(o, dict)
                    ],
                    "min": _number(q.get("min")),
                    "max": _number(q.get("max")),
                    "show_if": (
                        {
                            "question": _text(show_if.get("question")),
                            "answers": [_answer_value(a) for a in (show_if.get("answers") or [])],
                        }
                        if show_if
                        else None
                    ),
                    "principles": [_text(c) for c in (q.get("principles") or [])],
                    "indicators": [_text(c) for c in (q.get("indicators") or [])],
                    "easy_text_lt": _text(q.get("easy_text_lt")),
                    "easy_text_en": _text(q.get("easy_text_en")),
                    "pictogram": _text(q.get("pictogram")),
                }
            )
        out["sections"].append(
            {
                "title_lt": _text(section.get("title_lt")),
                "title_en": _text(section.get("title_en")),
                "questions": questions,
            }
        )
    return out


def checksum(doc):
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _required(problems, where, obj, *keys):
    for key in keys:
        if not obj.get(key):
            problems.append(Problem(where, _("“%(key)s” is missing.") % {"key": key}))


def _question_problems(q, where, earlier):
    problems = []
    _required(problems, where, q, "code", "text_lt", "text_en")
    kind = q["type"]
    if kind not in QuestionType.values:
        problems.append(Problem(where, _("Unknown question type “%(type)s”.") % {"type": kind}))
        return problems
    if q["code"] and q["code"] != slugify(q["code"]):
        problems.append(Problem(where, _("A question code may hold only letters, digits, - and _.")))
    if kind == QuestionType.LIKERT:
        if len(q["points"]) not in (3, 5, 7):
            problems.append(Problem(where, _("A rating scale has 3, 5 or 7 points with labels.")))
        elif any(not p["label_lt"] or not p["label_en"] for p in q["points"]):
            problems.append(Problem(where, _("Every point of the scale needs a label in Lithuanian and English.")))
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        codes = [o["code"] for o in q["options"]]
        if len(codes) < 2:
            problems.append(Problem(where, _("A choice question needs at least two options.")))
        if len(set(codes)) != len(codes) or not all(codes):
            problems.append(Problem(where, _("Every option needs its own code.")))
        if any(not o["label_lt"] or not o["label_en"] for o in q["options"]):
            problems.append(Problem(where, _("Every option needs a label in Lithuanian and English.")))
    if kind == QuestionType.NUMBER:
        lo, hi = q["min"], q["max"]
        if any(v is not None and not isinstance(v, (int, float)) for v in (lo, hi)):
            problems.append(Problem(where, _("The smallest and largest numbers must be numbers.")))
        elif lo is not None and hi is not None and lo > hi:
            problems.append(Problem(where, _("The smallest number is larger than the largest.")))
    if (q["easy_text_lt"] or q["easy_text_en"]) and kind not in EASY_READ_TYPES:
        problems.append(
            Problem(where, _("The easy-read form can show only rating, yes/no, single-choice and free-text questions."))
        )
    if bool(q["easy_text_lt"]) != bool(q["easy_text_en"]):
        problems.append(Problem(where, _("The easy-read question needs both Lithuanian and English text.")))
    if q["pictogram"] and q["pictogram"] not in Pictogram.values:
        problems.append(Problem(where, _("Unknown pictogram “%(name)s”.") % {"name": q["pictogram"]}))
    if q["show_if"] is not None:
        target = earlier.get(q["show_if"]["question"])
        if target is None:
            problems.append(Problem(where, _("“show_if” must name an earlier question of this form.")))
        elif not q["show_if"]["answers"]:
            problems.append(Problem(where, _("“show_if” needs the answers that show this question.")))
        elif target["type"] in (QuestionType.TEXT, QuestionType.NUMBER):
            problems.append(Problem(where, _("A question can depend only on a rating, yes/no or choice answer.")))
    return problems


def validate(doc):
    problems = []
    inst, ver = doc["instrument"], doc["version"]
    _required(problems, "instrument", inst, "code", "title_lt", "title_en", "audience")
    if inst["code"] and inst["code"] != slugify(inst["code"]):
        problems.append(Problem("instrument", _("The code may hold only letters, digits and hyphens.")))
    if inst["audience"] and inst["audience"] not in Audience.values:
        problems.append(Problem("instrument", _("Unknown audience “%(name)s”.") % {"name": inst["audience"]}))
    _required(problems, "version", ver, "label")
    if ver["status"] not in InstrumentVersion.Status.values:
        problems.append(Problem("version", _("Unknown status “%(name)s”.") % {"name": ver["status"]}))
    if not doc["sections"]:
        problems.append(Problem("sections", _("The questionnaire has no sections.")))
    earlier, easy = {}, 0
    for i, section in enumerate(doc["sections"], start=1):
        where = _("section %(n)s") % {"n": i}
        _required(problems, where, section, "title_lt", "title_en")
        if not section["questions"]:
            problems.append(Problem(where, _("The section has no questions.")))
        for j, q in enumerate(section["questions"], start=1):
            qwhere = _("section %(n)s, question %(m)s") % {"n": i, "m": q["code"] or j}
            problems += _question_problems(q, qwhere, earlier)
            if q["code"] in earlier:
                problems.append(Problem(qwhere, _("Another question already has this code.")))
            earlier[q["code"]] = q
            easy += bool(q["easy_text_lt"]) and q["type"] in EASY_READ_TYPES
    if inst["easy_read_available"] and not easy:
        problems.append(Problem("instrument", _("An easy-read form needs at least one question with easy-read text.")))
    return problems


def import_instrument(content, *, org=None, by=None):
    """Import one questionnaire (YAML text or bytes) into the shipped library (org None) or an organisation's own."""
    doc = canonical(parse(content))
    problems = validate(doc)
    if problems:
        raise InstrumentImportError(problems)
    return _write(doc, org=org, by=by)


@transaction.atomic
def _write(doc, *, org, by):
    inst, ver = doc["instrument"], doc["version"]
    digest = checksum(doc)
    instrument = Instrument.objects.filter(org=org, code=inst["code"]).first()
    if instrument is None:
        instrument = Instrument(org=org, **inst)
    else:
        for key, value in inst.items():
            setattr(instrument, key, value)
    instrument.full_clean()
    instrument.save()
    version = InstrumentVersion.objects.filter(instrument=instrument, label=ver["label"]).first()
    if version is not None and version.checksum != digest and checksum(canonical(export_doc(version))) == digest:
        # Same content, digested by an older canonical form: adopt the new digest rather than call it a change.
        version.checksum = digest
        version.save(update_fields=["checksum"])
    if version is not None and version.checksum == digest:
        return ImportResult(version, created=False, questions=version.questions.count())
    if version is not None and version.is_frozen():
        raise InstrumentImportError(
            [
                Problem(
                    "version",
                    _(
                        "Version %(label)s is already used by a survey, so it cannot change. Give the changed "
                        "questionnaire a new version label."
                    )
                    % {"label": ver["label"]},
                )
            ]
        )
    created = version is None
    if version is None:
        version = InstrumentVersion(instrument=instrument, label=ver["label"])
    else:
        Question.objects.filter(version=version).update(show_if=None)
        version.questions.all().delete()
        version.sections.all().delete()
    for key, value in ver.items():
        setattr(version, key, value)
    version.checksum = digest
    version.full_clean()
    version.save()
    count = _write_questions(version, doc["sections"])
    if org is not None:
        activity.record(org=org, by=by, verb=ActivityEntry.Verb.IMPORTED, target=version)
    return ImportResult(version, created=created, questions=count)


def _write_questions(version, sections):
    by_code, order = {}, 0
    for s_order, data in enumerate(sections, start=1):
        section = Section.objects.create(
            version=version, order=s_order, title_lt=data["title_lt"], title_en=data["title_en"]
        )
        for q in data["questions"]:
            order += 1
            question = Question(
                version=version,
                section=section,
                code=q["code"],
                order=order,
                type=q["type"],
                text_lt=q["text_lt"],
                text_en=q["text_en"],
                help_lt=q["help_lt"],
                help_en=q["help_en"],
                required=q["required"],
                scale_points=len(q["points"]) if q["type"] == QuestionType.LIKERT else None,
                options=q["points"] if q["type"] == QuestionType.LIKERT else q["options"],
                min_value=q["min"],
                max_value=q["max"],
                show_if=by_code[q["show_if"]["question"]] if q["show_if"] else None,
                show_if_values=q["show_if"]["answers"] if q["show_if"] else [],
                principle_codes=q["principles"],
                indicator_codes=q["indicators"],
                easy_text_lt=q["easy_text_lt"],
                easy_text_en=q["easy_text_en"],
                pictogram=q["pictogram"],
            )
            question.full_clean(exclude=["show_if"])
            question.save()
            by_code[q["code"]] = question
    return order


def import_library(directory=LIBRARY_DIR):
    """Load every shipped questionnaire; unchanged files change nothing (safe on every deploy and demo load)."""
    return [import_instrument(path.read_bytes()) for path in sorted(Path(directory).glob("*.yaml"))]


def export_doc(version):
    """The version as a document in the import format (points written out in full, no named scales)."""
    inst = version.instrument
    questions_by_section = {}
    for q in version.questions.select_related("show_if").order_by("order"):
        questions_by_section.setdefault(q.section_id, []).append(q)
    sections = []
    for section in version.sections.order_by("order"):
        items = []
        for q in questions_by_section.get(section.pk, []):
            item = {"code": q.code, "type": str(q.type), "text_lt": q.text_lt, "text_en": q.text_en}
            for key in ("help_lt", "help_en"):
                if getattr(q, key):
                    item[key] = getattr(q, key)
            item["required"] = q.required
            if q.type == QuestionType.LIKERT:
                item["points"] = q.options
            elif q.options:
                item["options"] = q.options
            if q.min_value is not None:
                item["min"] = q.min_value
            if q.max_value is not None:
                item["max"] = q.max_value
            if q.show_if_id:
                item["show_if"] = {"question": q.show_if.code, "answers": q.show_if_values}
            if q.principle_codes:
                item["principles"] = q.principle_codes
            if q.indicator_codes:
                item["indicators"] = q.indicator_codes
            if q.easy_text_lt:
                item["easy_text_lt"], item["easy_text_en"] = q.easy_text_lt, q.easy_text_en
            if q.pictogram:
                item["pictogram"] = q.pictogram
            items.append(item)
        sections.append({"title_lt": section.title_lt, "title_en": section.title_en, "questions": items})
    return {
        "format": FORMAT,
        "instrument": {
            "code": inst.code,
            "title_lt": inst.title_lt,
            "title_en": inst.title_en,
            "description_lt": inst.description_lt,
            "description_en": inst.description_en,
            "audience": str(inst.audience),
            "easy_read_available": inst.easy_read_available,
        },
        "version": {
            "label": version.label,
            "status": str(version.status),
            "intro_lt": version.intro_lt,
            "intro_en": version.intro_en,
            "easy_intro_lt": version.easy_intro_lt,
            "easy_intro_en": version.easy_intro_en,
        },
        "sections": sections,
    }


def export_yaml(version):
    return yaml.safe_dump(export_doc(version), allow_unicode=True, sort_keys=False, width=120)
