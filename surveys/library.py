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
The questionnaire builder (builder.py) changes drafts through this same document form and validate(), so a
questionnaire made in the builder and one imported from a file obey one set of rules.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kokybe.lib import safe_yaml
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
    # Which key of which question or section it is about, so the builder's forms can show it at its field.
    field: str = ""
    question: str = ""
    section: int = 0

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
    try:
        data = safe_yaml.load(content, max_bytes=MAX_BYTES)
    except UnicodeDecodeError:
        raise InstrumentImportError([Problem("", _("The file is not UTF-8 text."))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else ""
        if isinstance(exc, safe_yaml.Refused):
            raise InstrumentImportError([Problem(where, exc.problem)]) from None
        raise InstrumentImportError([Problem(where, _("This is not valid YAML."))]) from None
    if not isinstance(data, dict):
        raise InstrumentImportError([Problem("", _("The file does not describe a questionnaire."))])
    problems = unknown_keys(data)
    if problems:
        raise InstrumentImportError(problems)
    return data


# Every key the format knows, per kind of mapping; anything else is a mistake to report, never to drop silently.
KEYS = {
    "document": {"format", "instrument", "version", "scales", "sections"},
    "instrument": {
        "code",
        "title_lt",
        "title_en",
        "description_lt",
        "description_en",
        "audience",
        "easy_read_available",
    },
    "version": {"label", "status", "intro_lt", "intro_en", "easy_intro_lt", "easy_intro_en"},
    "section": {"title_lt", "title_en", "questions"},
    "question": {
        *("code", "type", "scale", "points", "options", "text_lt", "text_en", "help_lt", "help_en", "required"),
        *("min", "max", "show_if", "principles", "indicators", "easy_text_lt", "easy_text_en", "pictogram"),
    },
    "point": {"label_lt", "label_en"},
    "option": {"code", "label_lt", "label_en"},
    "show_if": {"question", "answers"},
}


def _unknown(problems, where, obj, kind):
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        if key in KEYS[kind]:
            continue
        if value is None:
            # `{label_lt: Nei sutinku, nei nesutinku}` is two keys to YAML: the text after the comma became a key.
            message = _('Unknown key “%(key)s”: a text with a comma must be in quotes, e.g. label_lt: "a, b".')
        else:
            message = _("Unknown key “%(key)s”.")
        problems.append(Problem(where, message % {"key": key}, str(key)))


def unknown_keys(data):
    """Problems for every key the format does not know, each with where it is."""
    problems = []
    _unknown(problems, "", data, "document")
    _unknown(problems, "instrument", data.get("instrument"), "instrument")
    _unknown(problems, "version", data.get("version"), "version")
    scales = data.get("scales")
    for name, points in scales.items() if isinstance(scales, dict) else ():
        for n, point in enumerate(_as_list(points), start=1):
            _unknown(problems, _("scale %(name)s, point %(n)s") % {"name": name, "n": n}, point, "point")
    for i, section in enumerate(_as_list(data.get("sections")), start=1):
        where = _("section %(n)s") % {"n": i}
        _unknown(problems, where, section, "section")
        questions = section.get("questions") if isinstance(section, dict) else None
        for j, q in enumerate(_as_list(questions), start=1):
            if not isinstance(q, dict):
                continue
            qwhere = _("section %(n)s, question %(m)s") % {"n": i, "m": _text(q.get("code")) or j}
            _unknown(problems, qwhere, q, "question")
            for n, point in enumerate(_as_list(q.get("points")), start=1):
                _unknown(problems, _("%(where)s, point %(n)s") % {"where": qwhere, "n": n}, point, "point")
            for n, option in enumerate(_as_list(q.get("options")), start=1):
                _unknown(problems, _("%(where)s, option %(n)s") % {"where": qwhere, "n": n}, option, "option")
            _unknown(problems, qwhere, q.get("show_if"), "show_if")
    return problems


def _text(value):
    return "" if value is None else str(value).strip()


def _answer_value(value, target_type):
    """show_if answers as the form posts them: yes/no as "1"/"0" (YAML reads a bare yes as true), else text.

    The words are read as yes/no only for a yes/no question: a choice may well have an option coded "ne"."""
    if target_type in (QuestionType.YES_NO, None):
        if isinstance(value, bool):
            return "1" if value else "0"
        text = _text(value)
        return YES_NO_WORDS.get(text.lower(), text)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _text(value)


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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
    types = {}  # code → type of the questions so far, for their dependants' answers
    for section in data.get("sections") or []:
        section = section if isinstance(section, dict) else {}
        questions = []
        for q in section.get("questions") or []:
            q = q if isinstance(q, dict) else {}
            points = q.get("points")
            if points is None and q.get("scale") is not None:
                points = scales.get(_text(q.get("scale")))
            show_if = q.get("show_if") or {}
            if not isinstance(show_if, dict):
                show_if = {"question": show_if}
            target_type = types.get(_text(show_if.get("question")))
            types.setdefault(_text(q.get("code")), _text(q.get("type")))
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
                            "answers": [_answer_value(a, target_type) for a in _as_list(show_if.get("answers"))],
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


def _required(problems, where, obj, *keys, **about):
    for key in keys:
        if not obj.get(key):
            problems.append(Problem(where, _("“%(key)s” is missing.") % {"key": key}, key, **about))


def _too_long(problems, where, obj, limits, **about):
    """Lengths the database keeps (a longer value would fail when written, after all other checks passed)."""
    for key, limit in limits.items():
        if len(obj.get(key) or "") > limit:
            message = _("“%(key)s” is longer than %(n)s characters.") % {"key": key, "n": limit}
            problems.append(Problem(where, message, key, **about))


def answer_values(q):
    """The answers a question of the document can be given, as a dependant's show_if names them."""
    kind = q["type"]
    if kind == QuestionType.LIKERT:
        return [str(i) for i in range(1, len(q["points"]) + 1)]
    if kind == QuestionType.YES_NO:
        return ["1", "0"]
    if kind == QuestionType.RECOMMEND:
        return [str(i) for i in range(11)]
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return [o["code"] for o in q["options"]]
    return []


def _question_problems(q, where, earlier):
    problems = []

    def add(message, key):
        problems.append(Problem(where, message, key, question=q["code"]))

    _required(problems, where, q, "code", "text_lt", "text_en", question=q["code"])
    _too_long(problems, where, q, {"code": 32}, question=q["code"])
    kind = q["type"]
    if kind not in QuestionType.values:
        add(_("Unknown question type “%(type)s”.") % {"type": kind}, "type")
        return problems
    if q["code"] and q["code"] != slugify(q["code"]):
        add(_("A question code may hold only letters, digits, - and _."), "code")
    if kind == QuestionType.LIKERT:
        if len(q["points"]) not in (3, 5, 7):
            add(_("A rating scale has 3, 5 or 7 points with labels."), "points")
        elif any(not p["label_lt"] or not p["label_en"] for p in q["points"]):
            add(_("Every point of the scale needs a label in Lithuanian and English."), "points")
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        codes = [o["code"] for o in q["options"]]
        if len(codes) < 2:
            add(_("A choice question needs at least two options."), "options")
        if len(set(codes)) != len(codes) or not all(codes):
            add(_("Every option needs its own code."), "options")
        if any(len(c) > 64 for c in codes):
            add(_("An option code has at most 64 characters."), "options")
        if any(not o["label_lt"] or not o["label_en"] for o in q["options"]):
            add(_("Every option needs a label in Lithuanian and English."), "options")
    if kind == QuestionType.NUMBER:
        lo, hi = q["min"], q["max"]
        if any(v is not None and not isinstance(v, (int, float)) for v in (lo, hi)):
            add(_("The smallest and largest numbers must be numbers."), "min")
        elif lo is not None and hi is not None and lo > hi:
            add(_("The smallest number is larger than the largest."), "min")
    if (q["easy_text_lt"] or q["easy_text_en"]) and kind not in EASY_READ_TYPES:
        add(
            _("The easy-read form can show only rating, yes/no, single-choice and free-text questions."), "easy_text_lt"
        )
    if bool(q["easy_text_lt"]) != bool(q["easy_text_en"]):
        missing = "easy_text_en" if q["easy_text_lt"] else "easy_text_lt"
        add(_("The easy-read question needs both Lithuanian and English text."), missing)
    if q["pictogram"] and q["pictogram"] not in Pictogram.values:
        add(_("Unknown pictogram “%(name)s”.") % {"name": q["pictogram"]}, "pictogram")
    if q["show_if"] is not None:
        target = earlier.get(q["show_if"]["question"])
        unknown = [a for a in q["show_if"]["answers"] if target and a not in answer_values(target)]
        if target is None:
            add(_("A question can depend only on an earlier question of its form."), "show_if")
        elif not q["show_if"]["answers"]:
            add(_("A conditional question needs the answers that show it."), "show_if")
        elif target["type"] in (QuestionType.TEXT, QuestionType.NUMBER):
            add(_("A question can depend only on a rating, yes/no or choice answer."), "show_if")
        elif unknown:
            add(
                _("Question %(code)s has no answer “%(answer)s”.") % {"code": target["code"], "answer": unknown[0]},
                "show_if",
            )
    return problems


def validate(doc, *, complete=True):
    """Every problem of a document (canonical form). `complete=False` is for a draft being built: a questionnaire
    with no sections yet, an empty section or no easy-read question yet is not a mistake until it is put to use."""
    problems = []
    inst, ver = doc["instrument"], doc["version"]
    _required(problems, "instrument", inst, "code", "title_lt", "title_en", "audience")
    _too_long(problems, "instrument", inst, {"code": 64, "title_lt": 255, "title_en": 255})
    if inst["code"] and inst["code"] != slugify(inst["code"]):
        problems.append(Problem("instrument", _("The code may hold only letters, digits and hyphens."), "code"))
    if inst["audience"] and inst["audience"] not in Audience.values:
        problems.append(
            Problem("instrument", _("Unknown audience “%(name)s”.") % {"name": inst["audience"]}, "audience")
        )
    _required(problems, "version", ver, "label")
    _too_long(problems, "version", ver, {"label": 32})
    if ver["status"] not in InstrumentVersion.Status.values:
        problems.append(Problem("version", _("Unknown status “%(name)s”.") % {"name": ver["status"]}, "status"))
    if complete and not doc["sections"]:
        problems.append(Problem("sections", _("The questionnaire has no sections.")))
    earlier, easy = {}, 0
    for i, section in enumerate(doc["sections"], start=1):
        where = _("section %(n)s") % {"n": i}
        _required(problems, where, section, "title_lt", "title_en", section=i)
        _too_long(problems, where, section, {"title_lt": 255, "title_en": 255}, section=i)
        if complete and not section["questions"]:
            problems.append(Problem(where, _("The section has no questions."), section=i))
        for j, q in enumerate(section["questions"], start=1):
            qwhere = _("section %(n)s, question %(m)s") % {"n": i, "m": q["code"] or j}
            problems += _question_problems(q, qwhere, earlier)
            if q["code"] in earlier:
                problems.append(Problem(qwhere, _("Another question already has this code."), "code", q["code"]))
            earlier[q["code"]] = q
            easy += bool(q["easy_text_lt"]) and q["type"] in EASY_READ_TYPES
    if complete and inst["easy_read_available"] and not easy:
        problems.append(
            Problem(
                "instrument",
                _("An easy-read form needs at least one question with easy-read text."),
                "easy_read_available",
            )
        )
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
    for key, value in ver.items():
        setattr(version, key, value)
    version.checksum = digest
    version.full_clean()
    version.save()
    count = replace_content(version, doc["sections"])
    if org is not None:
        activity.record(org=org, by=by, verb=ActivityEntry.Verb.IMPORTED, target=version)
    return ImportResult(version, created=created, questions=count)


def replace_content(version, sections):
    """Write a saved version's sections and questions anew from a document's; returns how many questions."""
    Question.objects.filter(version=version).update(show_if=None)
    version.questions.all().delete()
    version.sections.all().delete()
    return _write_questions(version, sections)


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
