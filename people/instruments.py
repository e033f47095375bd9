"""Quality-of-life instruments as data: the ones Kokybė ships (people/library/*.yaml) and the ones an organisation
imported (people.Instrument rows), in one shape.

A definition holds `code`, `name_lt`/`name_en`, `kind` ("answers": items answered on a scale, scored by
people.scoring.score; "domain_scores": domain scores entered as computed elsewhere), `versions` (standard, easy,
proxy, scores), and for answers: `scale`, `multiplier`, `discard_missing_share`, `options` (value, labels, easy
labels, face), `domains` (code, items, max_missing; a name unless it is one of the eight quality-of-life domains)
and `items` (id, reverse, wording `text_lt`/`text_en`, easy-read `easy_*`, proxy `proxy_*`).
"""

from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from kokybe.lib import safe_yaml
from orgs import activity
from orgs.models import ActivityEntry

from . import scoring
from .models import Domain, Instrument

LIBRARY = Path(__file__).parent / "library"
OURS = "kokybe-qol8"


@cache
def shipped():
    """{code: definition} of the instruments Kokybė ships, in the order of their files."""
    found = {}
    for path in sorted(LIBRARY.glob("*.yaml")):
        definition = safe_yaml.load(path.read_bytes())
        found[definition["code"]] = definition
    return found


def for_org(org):
    """{code: definition} an organisation may use: the shipped ones, an imported one replacing a shipped one of the
    same code (WHOQOL-BREF with its wording)."""
    found = dict(shipped())
    for row in Instrument.objects.for_org(org):
        found[row.code] = row.definition
    return found


def text(data, key, language=None):
    """data[key_lt] or data[key_en], by the active language, falling back to the other one."""
    lang = (language or get_language() or "lt")[:2]
    other = "en" if lang == "lt" else "lt"
    prefix = f"{key}_" if key else ""
    return data.get(f"{prefix}{lang}") or data.get(f"{prefix}{other}") or ""


def name(definition):
    return text(definition, "name") or definition["code"]


def domain_label(definition, code):
    for domain in definition.get("domains", ()):
        if domain["code"] == code and (domain.get("name_lt") or domain.get("name_en")):
            return text(domain, "name")
    return str(Domain(code).label) if code in Domain.values else code


def item_text(item, version):
    """An item's wording for a version; an item without wording (a licensed instrument not imported yet) is shown
    by its number."""
    key = {"easy": "easy", "proxy": "proxy"}.get(version, "text")
    return text(item, key) or text(item, "text") or _("Item %(id)s") % {"id": item["id"].upper()}


def option_label(option, version):
    return text(option, "easy") if version == "easy" and option.get("easy_lt") else text(option, "")


def compute(definition, answers):
    """people.scoring.Scores of answers (or entered domain scores) by the instrument's kind."""
    if definition.get("kind") == "domain_scores":
        return scoring.score_domain_entries(definition, answers)
    return scoring.score(definition, answers)


def needing_wording():
    """{code: definition} of the shipped instruments whose item wording an organisation imports under its licence."""
    return {code: d for code, d in shipped().items() if d.get("needs_wording")}


def read_wording(content):
    """{item id: {"text_lt": …, "text_en": …}} from a wording file's bytes (YAML, UTF-8), or ValidationError with a
    message the person can act on (where it is: the line, or the item)."""
    try:
        wording = safe_yaml.load(content)
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text."), code="encoding") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s: ") % {"line": mark.line + 1} if mark is not None else ""
        raise ValidationError(
            _("The file is not valid YAML (%(problem)s).")
            % {"problem": where + str(getattr(exc, "problem", None) or exc)},
            code="yaml",
        ) from None
    if not isinstance(wording, dict) or not wording:
        raise ValidationError(
            _('The file must map each item\'s id to its wording, e.g. q1: {text_lt: "…", text_en: "…"}.'),
            code="shape",
        )
    for key, value in wording.items():
        texts = value if isinstance(value, dict) else {}
        if not any(isinstance(texts.get(k), str) and texts[k].strip() for k in ("text_lt", "text_en")):
            raise ValidationError(
                _("Item %(id)s: give its wording as text_lt and/or text_en.") % {"id": str(key)}, code="item"
            )
    return {str(key): value for key, value in wording.items()}


def worded(code, wording):
    """The definition an organisation gets: the shipped structure of `code` with the item wording over it. Refuses
    an instrument Kokybė does not ship, items the structure does not have, and a structure with an item left
    without wording (ValidationError; nothing is written)."""
    base = shipped().get(code)
    if base is None:
        raise ValidationError(_("Kokybė ships no instrument with this code."), code="code")
    ids = {item["id"] for item in base["items"]}
    unknown = sorted(set(wording) - ids)
    if unknown:
        raise ValidationError(_("Unknown items: %(items)s.") % {"items": ", ".join(unknown)}, code="unknown")
    missing = sorted(ids - set(wording), key=lambda i: (len(i), i))
    if missing:
        raise ValidationError(_("Wording is missing for: %(items)s.") % {"items": ", ".join(missing)}, code="missing")
    definition = {**base, "needs_wording": False}
    definition["items"] = [
        {
            **item,
            **{k: str(v).strip() for k, v in wording[item["id"]].items() if k in ("text_lt", "text_en") and v},
        }
        for item in base["items"]
    ]
    return definition


@transaction.atomic
def import_wording(*, org, code, wording, by):
    """Store a licensed instrument's item wording ({item id: {"text_lt": …, "text_en": …}}) over the structure
    Kokybė ships, as the organisation's own instrument, and log it. The management command `import_qol_wording` and
    the instruments page both come here (through `import_file` when they hold a file)."""
    definition = worded(code, wording)
    instrument, _created = Instrument.objects.update_or_create(
        org=org, code=code, defaults={"definition": definition, "imported_by": by}
    )
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.IMPORTED,
        target=instrument,
        target_repr=str(name(definition)),
        changes={"items": ["", str(len(definition["items"]))]},
        labels={"items": gettext_noop("Items worded")},
    )
    return instrument


def import_file(*, org, code, content, by):
    """read_wording + import_wording: a wording file's bytes into the organisation's instrument."""
    return import_wording(org=org, code=code, wording=read_wording(content), by=by)
