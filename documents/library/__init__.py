"""The shipped document library: document types (types.yaml) and starter templates (templates/<type code>.yaml).

Templates are our own wording in Lithuanian and English: per section a heading, a sample text the author adapts
({org} becomes the organisation's name; Lithuanian sentences that need it in the genitive or the dative say
{org_gen} or {org_dat}, filled from the organisation's settings) and guidance — what an auditor looks for — shown beside the editor.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent
TYPE_FIELDS = (
    "order",
    "name_lt",
    "name_en",
    "description_lt",
    "description_en",
    "review_months",
    "public_by_default",
    "required",
    "indicator_codes",
)


def type_rows():
    """The shipped types as field dicts, in the order of the file (which is the public page's order)."""
    data = yaml.safe_load((HERE / "types.yaml").read_text(encoding="utf-8"))
    rows = []
    for order, item in enumerate(data["types"], start=1):
        row = {key: item[key] for key in ("code", "name_lt", "name_en", "review_months", "public_by_default")}
        row.update(
            order=order * 10,
            description_lt=item.get("description_lt", ""),
            description_en=item.get("description_en", ""),
            required=item.get("required", False),
            indicator_codes=item.get("indicators") or {},
        )
        rows.append(row)
    return rows


def sync_types(model, fields=TYPE_FIELDS, *, update=True, using="default"):
    """Create the shipped types missing from `model` (the real or a migration's historical model) and, with
    `update`, bring the others' fields back to the shipped values; returns (created, updated). Types an
    administrator added by hand (other codes) are left alone."""
    created = updated = 0
    manager = model._default_manager.db_manager(using)
    existing = {obj.code: obj for obj in manager.all()}
    for row in type_rows():
        values = {name: row[name] for name in fields}
        obj = existing.get(row["code"])
        if obj is None:
            manager.create(code=row["code"], **values)
            created += 1
        elif update and any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save(using=using)
            updated += 1
    return created, updated


@dataclass(frozen=True)
class Section:
    heading: str
    guidance: str
    text: str


@cache
def _template(code):
    path = HERE / "templates" / f"{code}.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: tuple(Section(**section) for section in data[lang]) for lang in ("lt", "en")}


def has_template(code):
    return _template(code) is not None


def sections(code, language):
    """The starter template's sections in `language` (Lithuanian when not English), or () without a template."""
    template = _template(code)
    if template is None:
        return ()
    return template["en" if (language or "lt")[:2] == "en" else "lt"]


def _names(org):
    if org is None:
        return {"{org_gen}": "", "{org_dat}": "", "{org}": ""}
    return {"{org_gen}": org.name_genitive or org.name, "{org_dat}": org.name_dative or org.name, "{org}": org.name}


def starter_markdown(code, language, org=None):
    """A new document's first text: numbered section headings with the sample wording, naming `org` in the case
    each sentence needs."""
    names = _names(org)
    parts = []
    for number, section in enumerate(sections(code, language), start=1):
        text = section.text
        for placeholder, value in names.items():
            text = text.replace(placeholder, value)
        parts.append(f"# {number}. {section.heading}\n\n{text.strip()}\n")
    return "\n".join(parts)
