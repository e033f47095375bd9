"""The questionnaire builder: directors and coordinators make and change their organisation's questionnaires in forms.

A draft is changed as a *document*, the structure YAML import reads (library.canonical): each change loads the
draft's document, edits it, and the importer's own validate() checks the whole result before anything is written.
So a questionnaire built here obeys exactly the rules of an imported file, and exporting it and importing the file
again gives the same questionnaire. What only a finished questionnaire needs (a section, no empty section, an
easy-read question when the easy-read form is offered) is checked when the draft is activated.

Only an organisation's own draft that no survey uses is changed. A shipped questionnaire never is: a new version
of it is a copy the organisation owns, under the same code, in an Instrument of its own (a shipped Instrument's
versions are everyone's, and an Instrument belongs to one organisation or to none).

Sections are addressed by position and questions by code, as in the file. Every form carries the draft's checksum
as its revision, so a change sent from a page someone has changed since is refused rather than applied to the
wrong section or question.
"""

import copy
import re

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs import activity
from orgs.models import ActivityEntry

from . import library
from .library import InstrumentImportError, Problem
from .models import Audience, Instrument, InstrumentVersion, Question

DRAFT, ACTIVE = InstrumentVersion.Status.DRAFT, InstrumentVersion.Status.ACTIVE
INSTRUMENT_FIELDS = ("title_lt", "title_en", "description_lt", "description_en", "audience", "easy_read_available")
VERSION_FIELDS = ("label", "intro_lt", "intro_en", "easy_intro_lt", "easy_intro_en")

# Standard rating scales a question can start from (lowest point first); their labels are questionnaire data.
SCALES = {
    "agree5": (
        gettext_lazy("Agreement, 5 points"),
        [
            ("Visiškai nesutinku", "Strongly disagree"),
            ("Nesutinku", "Disagree"),
            ("Nei sutinku, nei nesutinku", "Neither agree nor disagree"),
            ("Sutinku", "Agree"),
            ("Visiškai sutinku", "Strongly agree"),
        ],
    ),
    "agree3": (
        gettext_lazy("Agreement, 3 points"),
        [("Nesutinku", "Disagree"), ("Nei sutinku, nei nesutinku", "Neither agree nor disagree"), ("Sutinku", "Agree")],
    ),
    "agree7": (
        gettext_lazy("Agreement, 7 points"),
        [
            ("Visiškai nesutinku", "Strongly disagree"),
            ("Nesutinku", "Disagree"),
            ("Greičiau nesutinku", "Somewhat disagree"),
            ("Nei sutinku, nei nesutinku", "Neither agree nor disagree"),
            ("Greičiau sutinku", "Somewhat agree"),
            ("Sutinku", "Agree"),
            ("Visiškai sutinku", "Strongly agree"),
        ],
    ),
    "satisfied5": (
        gettext_lazy("Satisfaction, 5 points"),
        [
            ("Labai nepatenkintas (-a)", "Very dissatisfied"),
            ("Nepatenkintas (-a)", "Dissatisfied"),
            ("Nei patenkintas (-a), nei nepatenkintas (-a)", "Neither satisfied nor dissatisfied"),
            ("Patenkintas (-a)", "Satisfied"),
            ("Labai patenkintas (-a)", "Very satisfied"),
        ],
    ),
    "frequency5": (
        gettext_lazy("How often, 5 points"),
        [
            ("Niekada", "Never"),
            ("Retai", "Rarely"),
            ("Kartais", "Sometimes"),
            ("Dažnai", "Often"),
            ("Visada", "Always"),
        ],
    ),
}


def scale_points(name):
    return [{"label_lt": lt, "label_en": en} for lt, en in SCALES[name][1]]


class NotEditable(Exception):
    """Not an unused draft of this organisation: shipped, in use, retired, or used by a survey."""


class Stale(Exception):
    """The draft has changed since the page the change was sent from."""


def is_editable(version, org):
    return version.instrument.org_id == org.pk and version.status == DRAFT and not version.is_frozen()


def document(version):
    return library.canonical(library.export_doc(version))


def tr(data, field):
    """A document item's text in the active language (Lithuanian when the English is missing)."""
    lang = (translation.get_language() or "lt")[:2]
    return data.get(f"{field}_{lang}") or data.get(f"{field}_lt") or ""


def questions(doc):
    return [q for section in doc["sections"] for q in section["questions"]]


def find(doc, code):
    """(section index, question index) of a question; LookupError when there is none."""
    for s, section in enumerate(doc["sections"]):
        for i, q in enumerate(section["questions"]):
            if q["code"] == code:
                return s, i
    raise LookupError(code)


def _number(doc, code):
    return [q["code"] for q in questions(doc)].index(code) + 1


def _named(q, number):
    return f"{number}. {tr(q, 'text')}"


# ── Changes to a document: each edits it in place and returns the activity log's {key: [before, after]} ────────


def set_details(data):
    def change(doc):
        before = {**doc["instrument"], **doc["version"]}
        doc["instrument"].update({key: data[key] for key in INSTRUMENT_FIELDS})
        doc["version"].update({key: data[key] for key in VERSION_FIELDS})
        after = {**doc["instrument"], **doc["version"]}
        keys = [key for key in INSTRUMENT_FIELDS + VERSION_FIELDS if before[key] != after[key]]
        return {key: [_shown(key, before[key]), _shown(key, after[key])] for key in keys}

    return change


def _shown(key, value):
    return str(dict(Audience.choices).get(value, value)) if key == "audience" else value


def put_section(position, data):
    """Change section number `position` (1, 2, …), or add a section at the end when it is None."""

    def change(doc):
        fields = {"title_lt": data["title_lt"], "title_en": data["title_en"]}
        if position is None:
            doc["sections"].append({**fields, "questions": []})
            return {"section": ["", tr(fields, "title")]}
        section = doc["sections"][position - 1]
        before = tr(section, "title")
        section.update(fields)
        return {"section": [before, tr(section, "title")]}

    return change


def remove_section(position):
    def change(doc):
        section = doc["sections"].pop(position - 1)
        gone = {q["code"] for q in section["questions"]}
        dependants = [q["code"] for q in questions(doc) if q["show_if"] and q["show_if"]["question"] in gone]
        if dependants:
            raise InstrumentImportError([_dependants_problem(dependants)])
        return {"section": [tr(section, "title"), ""]}

    return change


def move_section(position, step):
    def change(doc):
        sections = doc["sections"]
        target = min(max(position - 1 + step, 0), len(sections) - 1)
        section = sections.pop(position - 1)
        sections.insert(target, section)
        return {"section": [f"{position}. {tr(section, 'title')}", f"{target + 1}. {tr(section, 'title')}"]}

    return change


def put_question(code, data, section):
    """Replace question `code` by `data` (or add it when `code` is None) in section number `section`: where it was
    when the section stays, at the section's end when it changes. Questions depending on it follow a new code."""

    def change(doc):
        target = doc["sections"][section - 1]["questions"]
        if code is None:
            target.append(data)
            return {"question": ["", _named(data, _number(doc, data["code"]))]}
        s, i = find(doc, code)
        before = _named(doc["sections"][s]["questions"][i], _number(doc, code))
        if s == section - 1:
            target[i] = data
        else:
            del doc["sections"][s]["questions"][i]
            target.append(data)
        for q in questions(doc):
            if q["show_if"] and q["show_if"]["question"] == code:
                q["show_if"]["question"] = data["code"]
        return {"question": [before, _named(data, _number(doc, data["code"]))]}

    return change


def remove_question(code):
    def change(doc):
        number = _number(doc, code)
        s, i = find(doc, code)
        question = doc["sections"][s]["questions"].pop(i)
        dependants = [q["code"] for q in questions(doc) if q["show_if"] and q["show_if"]["question"] == code]
        if dependants:
            raise InstrumentImportError([_dependants_problem(dependants)])
        return {"question": [_named(question, number), ""]}

    return change


def move_question(code, step):
    """One place up (-1) or down (+1); past the first or last question of a section it goes to the next section."""

    def change(doc):
        before = _number(doc, code)
        sections = doc["sections"]
        s, i = find(doc, code)
        question = sections[s]["questions"].pop(i)
        if 0 <= i + step <= len(sections[s]["questions"]):
            sections[s]["questions"].insert(i + step, question)
        elif step < 0 and s > 0:
            sections[s - 1]["questions"].append(question)
        elif step > 0 and s < len(sections) - 1:
            sections[s + 1]["questions"].insert(0, question)
        else:
            sections[s]["questions"].insert(i, question)
        return {"question": [_named(question, before), _named(question, _number(doc, code))]}

    return change


def _dependants_problem(codes):
    message = _("Questions %(codes)s are shown depending on the answer to it: change or delete them first.")
    return Problem("", message % {"codes": ", ".join(codes)}, "show_if")


# ── Services ──────────────────────────────────────────────────────────────────────────────────────────────────


def _lock(version):
    return InstrumentVersion.objects.select_for_update(of=("self",)).select_related("instrument").get(pk=version.pk)


def _label_problems(instrument, label, exclude=None):
    if instrument.pk is None:
        return []
    if InstrumentVersion.objects.filter(instrument=instrument, label=label).exclude(pk=exclude).exists():
        message = _("This questionnaire already has a version %(label)s.") % {"label": label}
        return [Problem("version", message, "label")]
    return []


def _log_labels(changes):
    return {
        **activity.labels_for(Instrument, changes),
        **activity.labels_for(InstrumentVersion, changes),
        **{key: key for key in ("question", "section") if key in changes},
    }


def _store(version, before, doc):
    instrument = version.instrument
    if doc["instrument"] != before["instrument"]:
        for key in INSTRUMENT_FIELDS:
            setattr(instrument, key, doc["instrument"][key])
        instrument.full_clean()
        instrument.save()
    for key in VERSION_FIELDS:
        setattr(version, key, doc["version"][key])
    version.status = doc["version"]["status"]
    version.checksum = library.checksum(doc)
    version.full_clean()
    version.save()
    if doc["sections"] != before["sections"]:
        library.replace_content(version, doc["sections"])


@transaction.atomic
def version_change(*, version, org, change, revision, by):
    """Make one change to a draft: `change(doc)` edits its document, which must then pass the import's checks."""
    version = _lock(version)
    if not is_editable(version, org):
        raise NotEditable
    if revision != version.checksum:
        raise Stale
    before = document(version)
    doc = copy.deepcopy(before)
    changes = change(doc)
    doc = library.canonical(doc)
    problems = library.validate(doc, complete=False)
    problems += _label_problems(version.instrument, doc["version"]["label"], exclude=version.pk)
    if problems:
        raise InstrumentImportError(problems)
    _store(version, before, doc)
    activity.record(
        org=org, by=by, verb=ActivityEntry.Verb.UPDATED, target=version, changes=changes, labels=_log_labels(changes)
    )
    return version


def _new_version(instrument, doc):
    version = InstrumentVersion(
        instrument=instrument,
        status=DRAFT,
        checksum=library.checksum(doc),
        **{key: doc["version"][key] for key in VERSION_FIELDS},
    )
    version.full_clean()
    version.save()
    library.replace_content(version, doc["sections"])
    return version


@transaction.atomic
def instrument_create(*, org, data, by):
    """A new questionnaire of the organisation, with its first version as an empty draft."""
    doc = library.canonical(
        {
            "instrument": {key: data[key] for key in ("code", *INSTRUMENT_FIELDS)},
            "version": {**{key: data[key] for key in VERSION_FIELDS}, "status": DRAFT},
            "sections": [],
        }
    )
    problems = library.validate(doc, complete=False)
    if Instrument.objects.filter(org=org, code=doc["instrument"]["code"]).exists():
        message = _("Your organisation already has a questionnaire with this code: start a new version of it.")
        problems.append(Problem("instrument", message, "code"))
    if problems:
        raise InstrumentImportError(problems)
    instrument = Instrument(org=org, **doc["instrument"])
    instrument.full_clean()
    instrument.save()
    version = _new_version(instrument, doc)
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.CREATED, target=version)
    return version


def copy_target(source, org):
    """The instrument a new version of `source` belongs to: its own, or the organisation's copy of a shipped one
    (found by code, made when the copy is saved)."""
    if source.instrument.org_id == org.pk:
        return source.instrument
    own = Instrument.objects.filter(org=org, code=source.instrument.code).first()
    if own is not None:
        return own
    fields = {key: getattr(source.instrument, key) for key in INSTRUMENT_FIELDS}
    return Instrument(org=org, code=source.instrument.code, **fields)


def suggest_label(source, org):
    """The next free label after the source's: 2025-1 → 2025-2, 3 → 4, spring → spring-2."""
    instrument = copy_target(source, org)
    taken = set(instrument.versions.values_list("label", flat=True)) if instrument.pk else set()
    match = re.fullmatch(r"(.*?)(\d+)", source.label)
    stem, n = (match.group(1), int(match.group(2))) if match else (f"{source.label}-", 1)
    while f"{stem}{n + 1}" in taken or f"{stem}{n + 1}" == source.label:
        n += 1
    return f"{stem}{n + 1}"[:32]


@transaction.atomic
def version_copy(*, source, org, label, by):
    """A new draft of the organisation with the content of `source` (any version it sees) under a new label."""
    instrument = copy_target(source, org)
    doc = document(source)
    doc["instrument"] = {"code": instrument.code, **{key: getattr(instrument, key) for key in INSTRUMENT_FIELDS}}
    doc["version"].update(label=label, status=DRAFT)
    doc = library.canonical(doc)
    problems = library.validate(doc, complete=False) + _label_problems(instrument, doc["version"]["label"])
    if problems:
        raise InstrumentImportError(problems)
    if instrument.pk is None:
        instrument.full_clean()
        instrument.save()
    version = _new_version(instrument, doc)
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=version,
        changes={"source": ["", str(source)]},
        labels={"source": "Source"},
    )
    return version


@transaction.atomic
def version_activate(*, version, org, by):
    """Make a draft usable by surveys, once it passes every check an import makes."""
    version = _lock(version)
    if not is_editable(version, org):
        raise NotEditable
    doc = document(version)
    doc["version"]["status"] = ACTIVE
    problems = library.validate(doc)
    if problems:
        raise InstrumentImportError(problems)
    before = version.get_status_display()
    version.status = ACTIVE
    version.checksum = library.checksum(doc)
    version.save(update_fields=["status", "checksum"])
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=version,
        changes={"status": [before, version.get_status_display()]},
    )
    return version


@transaction.atomic
def version_delete(*, version, org, by):
    """Throw a draft away; a questionnaire left with no version goes too."""
    version = _lock(version)
    if not is_editable(version, org):
        raise NotEditable
    instrument = version.instrument
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.DELETED, target=version)
    Question.objects.filter(version=version).update(show_if=None)
    version.delete()
    if not instrument.versions.exists():
        instrument.delete()
    return instrument
