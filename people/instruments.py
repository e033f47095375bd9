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

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kokybe.lib import safe_yaml

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


def import_wording(*, org, code, wording, by):
    """Store a licensed instrument's item wording ({item id: {"text_lt": …, "text_en": …}}) over the structure
    Kokybė ships, as the organisation's own instrument. Refuses items the structure does not have, and a
    structure with no item left without wording."""
    base = shipped().get(code)
    if base is None:
        raise ValidationError(_("Kokybė ships no instrument with this code."))
    ids = {item["id"] for item in base["items"]}
    unknown = sorted(set(wording) - ids)
    if unknown:
        raise ValidationError(_("Unknown items: %(items)s.") % {"items": ", ".join(unknown)})
    missing = sorted(ids - set(wording), key=lambda i: (len(i), i))
    if missing:
        raise ValidationError(_("Wording is missing for: %(items)s.") % {"items": ", ".join(missing)})
    definition = {**base, "needs_wording": False}
    definition["items"] = [
        {**item, **{k: str(v) for k, v in wording[item["id"]].items() if k in ("text_lt", "text_en")}}
        for item in base["items"]
    ]
    instrument, _created = Instrument.objects.update_or_create(
        org=org, code=code, defaults={"definition": definition, "imported_by": by}
    )
    return instrument
