"""The XLSX form of a framework version: how a coordinator holding the official criteria in Word/Excel brings them in.

Three sheets: "Indicators" (one row per indicator, with its principle and criterion), "Framework" (framework and
version fields, then the rating scale) and "Instructions". Headers are bilingual on purpose: one template serves
Lithuanian and English users, and the reader recognises it whatever the interface language was.
A filled workbook becomes the same data as a YAML file and goes through the same validation; every problem is
reported with its sheet, row and column.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from kokybe.lib import uploads
from kokybe.lib import xlsx as sheet

from .importing import Document, FrameworkImportError, Problem

INDICATORS = "Indicators"
FRAMEWORK = "Framework"
INSTRUCTIONS = "Instructions"
# A framework workbook of the 2 MB upload limit unpacks to well under this; a zip bomb to gigabytes.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024

# (key, header). Key paths: p = principle, c = criterion, i = indicator.
COLUMNS = [
    ("p.code", "Principo kodas / Principle code"),
    ("p.name_lt", "Principo pavadinimas LT / Principle name LT"),
    ("p.name_en", "Principo pavadinimas EN / Principle name EN"),
    ("c.code", "Kriterijaus kodas / Criterion code"),
    ("c.title_lt", "Kriterijus LT / Criterion title LT"),
    ("c.title_en", "Kriterijus EN / Criterion title EN"),
    ("i.code", "Rodiklio kodas / Indicator code"),
    ("i.title_lt", "Rodiklis LT / Indicator title LT"),
    ("i.title_en", "Rodiklis EN / Indicator title EN"),
    ("i.text_lt", "Rodiklio tekstas LT / Indicator text LT"),
    ("i.text_en", "Rodiklio tekstas EN / Indicator text EN"),
    ("i.mandatory", "Privalomas (taip/ne) / Mandatory (yes/no)"),
    ("i.evidence_types", "Įrodymų tipai / Evidence types"),
    ("i.level", "Lygis / Level"),
    ("p.description_lt", "Principo aprašymas LT / Principle description LT"),
    ("p.description_en", "Principo aprašymas EN / Principle description EN"),
    ("c.text_lt", "Kriterijaus tekstas LT / Criterion text LT"),
    ("c.text_en", "Kriterijaus tekstas EN / Criterion text EN"),
]
HEADERS = dict(COLUMNS)

# (key, explanation) rows of the Framework sheet, then the rating table.
FIELDS = [
    ("framework.code", "Kodas: mažosios raidės, skaitmenys, brūkšneliai / Code: lower-case letters, digits, hyphens"),
    ("framework.name_lt", "Pavadinimas lietuviškai / Name in Lithuanian"),
    ("framework.name_en", "Pavadinimas angliškai / Name in English"),
    ("framework.publisher", "Leidėjas / Publisher"),
    ("framework.level", "Lygis, pvz. Assurance / Level, e.g. Assurance"),
    ("framework.description_lt", "Aprašymas LT / Description LT"),
    ("framework.description_en", "Aprašymas EN / Description EN"),
    ("version.label", "Versijos žymė, pvz. 2018 / Version label, e.g. 2018"),
    ("version.year", "Metai / Year"),
    ("version.status", "active / draft / retired"),
    ("version.validity_years", "Sertifikato galiojimas metais / Certificate validity in years"),
    ("version.notice_lt", "Pastaba (pvz. autorių teisės) LT / Notice (e.g. copyright) LT"),
    ("version.notice_en", "Pastaba EN / Notice EN"),
    ("scoring.method", "share (dalis 0–1 / share 0–1) arba / or points (taškai / points)"),
    ("scoring.pass_threshold", "Slenkstis / Pass threshold"),
    (
        "scoring.mandatory_must_be_met",
        "Privalomi rodikliai turi būti įvykdyti (taip/ne) / Mandatory must be met (yes/no)",
    ),
    ("scoring.weights", "Svoriai: principo kodas=svoris; … / Weights: principle code=weight; …"),
]
RATING_COLUMNS = [
    ("code", "rating.code"),
    ("label_lt", "Pavadinimas LT / Label LT"),
    ("label_en", "Pavadinimas EN / Label EN"),
    ("score", "Balas / Score"),
    ("needs_reason", "Reikia pagrindimo (taip/ne) / Needs reason (yes/no)"),
    ("met", "Laikoma įvykdytu (taip/ne) / Counts as met (yes/no)"),
]

DEFAULT_SCORING = {
    "method": "share",
    "ratings": [
        {"code": "met", "label_lt": "Atitinka", "label_en": "Met", "score": 1, "needs_reason": False},
        {
            "code": "partly",
            "label_lt": "Iš dalies atitinka",
            "label_en": "Partly met",
            "score": 0.5,
            "needs_reason": False,
        },
        {"code": "not_met", "label_lt": "Neatitinka", "label_en": "Not met", "score": 0, "needs_reason": False},
        {"code": "na", "label_lt": "Netaikoma", "label_en": "Not applicable", "score": None, "needs_reason": True},
    ],
    "pass_threshold": 1,
    "mandatory_must_be_met": True,
    "weights": {},
}

INSTRUCTIONS_TEXT = [
    "Kaip užpildyti šabloną / How to fill in this template",
    "",
    "LT",
    "1. Lape „Framework“ įrašykite sistemos kodą, pavadinimus abiem kalbomis, versijos žymę ir vertinimo skalę.",
    "2. Lape „Indicators“ kiekvienoje eilutėje – vienas rodiklis su savo principu ir kriterijumi.",
    "   Jei principo ar kriterijaus langeliai tušti, rodiklis priskiriamas tam pačiam principui / kriterijui kaip "
    "ankstesnėje eilutėje.",
    "3. Kiekvienas pavadinimas rašomas lietuviškai ir angliškai. Kodai – tekstas (1.10 nėra tas pats, kas 1.1).",
    "4. Privalomas: taip arba ne. Įrodymų tipai (per kablelį): politika, procedūra, įrašas, rezultatas.",
    "5. Pakeitę jau importuotą versiją, suteikite jai naują versijos žymę.",
    "6. Oficialus EQUASS kriterijų tekstas saugomas autorių teisių (© EQUASS / EPR): importuokite jį tik jei jūsų "
    "įstaiga turi teisę jį naudoti; jis bus matomas tik jūsų įstaigai.",
    "",
    "EN",
    "1. On the “Framework” sheet enter the framework code, names in both languages, the version label and the "
    "rating scale.",
    "2. On the “Indicators” sheet each row is one indicator with its principle and criterion.",
    "   Where the principle or criterion cells are empty, the indicator belongs to the same principle / criterion as "
    "the row above.",
    "3. Every name is written in Lithuanian and English. Codes are text (1.10 is not 1.1).",
    "4. Mandatory: yes or no. Evidence types (comma-separated): policy, procedure, record, result.",
    "5. When you change a version that was already imported, give it a new version label.",
    "6. The official EQUASS criteria text is copyright (© EQUASS / EPR): import it only if your organisation may use "
    "it; it will be visible to your organisation only.",
]

YES = {"taip", "yes", "true", "1", "t", "y"}
NO = {"ne", "no", "false", "0", "f", "n"}
EVIDENCE_WORDS = {
    "policy": "policy",
    "politika": "policy",
    "procedure": "procedure",
    "procedūra": "procedure",
    "tvarka": "procedure",
    "record": "record",
    "įrašas": "record",
    "įrašai": "record",
    "result": "result",
    "rezultatas": "result",
    "rezultatai": "result",
}

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _head(ws, row, titles):
    for col, title in enumerate(titles, start=1):
        cell = sheet.put(ws, row, col, title)
        cell.font, cell.fill, cell.alignment = _HEAD_FONT, _HEAD_FILL, _WRAP


def build_workbook(data=None):
    """A workbook in the template layout; filled from `data` (export_data() shape) or empty with a default scale."""
    wb = Workbook()
    ws = wb.active
    ws.title = INDICATORS
    _head(ws, 1, [title for _key, title in COLUMNS])
    ws.freeze_panes = "A2"
    for col, (key, _title) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 40 if key.endswith(("_lt", "_en")) else 16
        if key.endswith(".code"):
            ws.column_dimensions[letter].number_format = "@"  # codes are text: 1.10 must not become 1.1
    row = 2
    for p in (data or {}).get("principles", []):
        for c in p["criteria"]:
            for i in c["indicators"]:
                values = {f"p.{k}": v for k, v in p.items() if k != "criteria"}
                values |= {f"c.{k}": v for k, v in c.items() if k != "indicators"}
                values |= {f"i.{k}": v for k, v in i.items()}
                values["i.mandatory"] = "taip" if i["mandatory"] else "ne"
                values["i.evidence_types"] = ", ".join(i["evidence_types"])
                for col, (key, _title) in enumerate(COLUMNS, start=1):
                    sheet.put(ws, row, col, values.get(key) or None).alignment = _WRAP
                row += 1

    meta = wb.create_sheet(FRAMEWORK)
    _head(meta, 1, ["Laukas / Field", "Reikšmė / Value", "Paaiškinimas / Explanation"])
    meta.column_dimensions["A"].width = 32
    meta.column_dimensions["B"].width = 50
    meta.column_dimensions["C"].width = 70
    scoring = (data or {}).get("version", {}).get("scoring") or DEFAULT_SCORING
    for r, (key, explanation) in enumerate(FIELDS, start=2):
        section, name = key.split(".")
        source = scoring if section == "scoring" else (data or {}).get(section, {})
        value = source.get(name)
        if name == "mandatory_must_be_met":
            value = "taip" if value else "ne"
        elif name == "weights":
            value = "; ".join(f"{k}={v}" for k, v in (value or {}).items())
        elif name == "method":
            value = value or "share"
        sheet.put(meta, r, 1, key)
        sheet.put(meta, r, 2, value if value not in ("", None) else None).alignment = _WRAP
        sheet.put(meta, r, 3, explanation)
        if key == "framework.code" or key == "version.label":
            meta.cell(row=r, column=2).number_format = "@"
    start = len(FIELDS) + 3
    _head(meta, start, [title for _key, title in RATING_COLUMNS])
    for r, rating in enumerate(scoring["ratings"], start=start + 1):
        for col, (key, _title) in enumerate(RATING_COLUMNS, start=1):
            value = rating.get(key)
            if key in ("needs_reason", "met"):
                value = None if value is None else ("taip" if value else "ne")
            sheet.put(meta, r, col, value)

    notes = wb.create_sheet(INSTRUCTIONS)
    notes.column_dimensions["A"].width = 140
    for r, line in enumerate(INSTRUCTIONS_TEXT, start=1):
        sheet.put(notes, r, 1, line).font = Font(bold=r == 1)
    wb.active = 0
    return sheet.save(wb)


def template_xlsx():
    return build_workbook()


def export_xlsx(version):
    from .exporting import export_data

    return build_workbook(export_data(version))


# --- Reading --------------------------------------------------------------------------------------------------------


class _Reader:
    """Turns the sheets into the YAML data shape, remembering which cell each value came from."""

    def __init__(self, source):
        self.source = source
        self.cells = {}  # JSON path tuple → (sheet, row, column letter, header)
        self.problems = []

    def where(self, sheet, row, col, header=""):
        where = _("sheet “%(sheet)s”, row %(row)s, column %(column)s") % {"sheet": sheet, "row": row, "column": col}
        return f"{where} ({header})" if header else where

    def problem(self, sheet, row, col, message, header=""):
        self.problems.append(Problem(self.source, self.where(sheet, row, col, header), message))

    def locate(self, path):
        while path and path not in self.cells:
            path = path[:-1]
        return self.where(*self.cells[path]) if path in self.cells else ""

    def text(self, value):
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value).strip()
        return value or None

    def boolean(self, value, sheet, row, col, header):
        text = self.text(value)
        if text is None:
            return None
        if isinstance(value, bool):
            return value
        word = text.split("/")[0].strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        self.problem(sheet, row, col, _("write taip/ne or yes/no"), header)
        return None

    def number(self, value, sheet, row, col, header, integer=False):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                self.problem(sheet, row, col, _("must be a number"), header)
                return None
        if integer and float(value).is_integer():
            return int(value)
        return value

    def framework_sheet(self, ws):
        data = {"framework": {}, "version": {}}
        scoring = {"ratings": []}
        data["version"]["scoring"] = scoring
        known = {key for key, _e in FIELDS}
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        in_ratings = False
        for r, row in enumerate(rows, start=2):
            row = list(row) + [None] * 6
            key = self.text(row[0])
            if key == "rating.code":
                in_ratings = True
                continue
            if in_ratings:
                if all(self.text(v) is None for v in row[:6]):
                    continue
                self.rating(row, r, scoring, len(scoring["ratings"]))
                continue
            if key is None:
                continue
            if key not in known:
                self.problem(FRAMEWORK, r, "A", _("unknown field “%(key)s”") % {"key": key})
                continue
            section, name = key.split(".")
            target = scoring if section == "scoring" else data[section]
            path = ("version", "scoring", name) if section == "scoring" else (section, name)
            self.cells[path] = (FRAMEWORK, r, "B", key)
            value = row[1]
            if name in ("year", "validity_years"):
                value = self.number(value, FRAMEWORK, r, "B", key, integer=True)
            elif name == "pass_threshold":
                value = self.number(value, FRAMEWORK, r, "B", key)
            elif name == "mandatory_must_be_met":
                value = self.boolean(value, FRAMEWORK, r, "B", key)
            elif name == "weights":
                value = self.weights(value, r)
            else:
                value = self.text(value)
            if value is not None:
                target[name] = value
        self.cells[("version", "scoring", "ratings")] = (FRAMEWORK, len(FIELDS) + 3, "A", "rating.code")
        return data

    def weights(self, value, r):
        text = self.text(value)
        if text is None:
            return None
        out = {}
        for part in text.replace("\n", ";").split(";"):
            if not part.strip():
                continue
            code, sep, weight = part.partition("=")
            number = self.number(weight if sep else "x", FRAMEWORK, r, "B", "scoring.weights")
            if number is not None:
                out[code.strip()] = number
        return out

    def rating(self, row, r, scoring, index):
        rating = {}
        for col, (key, header) in enumerate(RATING_COLUMNS):
            letter = get_column_letter(col + 1)
            self.cells[("version", "scoring", "ratings", index, key)] = (FRAMEWORK, r, letter, header)
            if key == "score":
                value = self.number(row[col], FRAMEWORK, r, letter, header)
            elif key in ("needs_reason", "met"):
                value = self.boolean(row[col], FRAMEWORK, r, letter, header)
            else:
                value = self.text(row[col])
            if value is not None or key == "score":
                rating[key] = value
        self.cells[("version", "scoring", "ratings", index)] = (FRAMEWORK, r, "A", "rating.code")
        scoring["ratings"].append(rating)

    def indicators_sheet(self, ws):
        rows = ws.iter_rows(values_only=True)
        header = [self.text(v) for v in next(rows, [])]
        expected = [title for _key, title in COLUMNS]
        if header[: len(expected)] != expected:
            where = self.where(INDICATORS, 1, "A")
            message = _("the column headers are not the template's: download the template again")
            raise FrameworkImportError([Problem(self.source, where, message)])
        keys = [key for key, _title in COLUMNS]
        principles, by_code, criteria_at = [], {}, {}
        principle = criterion = None
        for r, raw in enumerate(rows, start=2):
            values = dict(zip(keys, list(raw) + [None] * len(keys), strict=False))
            if all(self.text(v) is None for v in values.values()):
                continue
            p_code = self.text(values["p.code"])
            if p_code is not None:
                if p_code not in by_code:
                    by_code[p_code] = {"code": p_code, "criteria": []}
                    principles.append(by_code[p_code])
                if by_code[p_code] is not principle:
                    criterion = None
                principle = by_code[p_code]
            elif principle is None:
                self.problem(INDICATORS, r, "A", _("required: the first indicator row needs a principle code"))
                continue
            p_index = principles.index(principle)
            p_path = ("principles", p_index)
            self.merge(principle, "p", values, r, p_path, ("name_lt", "name_en", "description_lt", "description_en"))
            c_code = self.text(values["c.code"])
            if c_code is not None:
                owner = criteria_at.get(c_code)
                if owner is not None and owner[0] is not principle:
                    self.problem(
                        INDICATORS,
                        r,
                        "D",
                        _("criterion %(code)s is already under principle %(principle)s (row %(row)s)")
                        % {"code": c_code, "principle": owner[0]["code"], "row": owner[2]},
                        HEADERS["c.code"],
                    )
                    continue
                if owner is None:
                    criterion = {"code": c_code, "indicators": []}
                    principle["criteria"].append(criterion)
                    criteria_at[c_code] = (principle, criterion, r)
                else:
                    criterion = owner[1]
            elif criterion is None:
                self.problem(INDICATORS, r, "D", _("required: no criterion above this row"), HEADERS["c.code"])
                continue
            c_path = (*p_path, "criteria", principle["criteria"].index(criterion))
            self.merge(criterion, "c", values, r, c_path, ("title_lt", "title_en", "text_lt", "text_en"))
            self.indicator(criterion, values, r, c_path)
        return principles

    def merge(self, obj, prefix, values, r, path, names):
        """Principle/criterion fields repeat on many rows: empty means "as above"; a different value is an error."""
        self.cells.setdefault(path, (INDICATORS, r, self.letter(f"{prefix}.code"), HEADERS[f"{prefix}.code"]))
        for name in names:
            key = f"{prefix}.{name}"
            value = self.text(values[key])
            self.cells.setdefault((*path, name), (INDICATORS, r, self.letter(key), HEADERS[key]))
            if value is None:
                continue
            if obj.get(name) is None:
                obj[name] = value
                self.cells[(*path, name)] = (INDICATORS, r, self.letter(key), HEADERS[key])
            elif obj[name] != value:
                first = self.cells[(*path, name)][1]
                self.problem(
                    INDICATORS,
                    r,
                    self.letter(key),
                    _("differs from row %(row)s for the same code %(code)s") % {"row": first, "code": obj["code"]},
                    HEADERS[key],
                )

    def indicator(self, criterion, values, r, c_path):
        index = len(criterion["indicators"])
        path = (*c_path, "indicators", index)
        indicator = {}
        for key, header in COLUMNS:
            if not key.startswith("i."):
                continue
            name = key[2:]
            self.cells[(*path, name)] = (INDICATORS, r, self.letter(key), header)
            value = values[key]
            if name == "mandatory":
                value = self.boolean(value, INDICATORS, r, self.letter(key), header)
            elif name == "evidence_types":
                text = self.text(value)
                words = [w.strip().lower() for w in (text or "").replace(";", ",").split(",") if w.strip()]
                value = [EVIDENCE_WORDS.get(w, w) for w in words] or None
            else:
                value = self.text(value)
            if value is not None:
                indicator[name] = value
        self.cells[path] = (INDICATORS, r, "G", HEADERS["i.code"])
        criterion["indicators"].append(indicator)

    @staticmethod
    def letter(key):
        return get_column_letter([k for k, _t in COLUMNS].index(key) + 1)


def read_xlsx(fileobj, source=""):
    """A filled template → Document (its locate() answers with sheet, row and column)."""
    reader = _Reader(source)
    try:
        uploads.check_unpacked_size(fileobj, MAX_UNPACKED_BYTES)
    except ValidationError as exc:
        raise FrameworkImportError([Problem(source, "", exc.messages[0])]) from None
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FrameworkImportError([Problem(source, "", _("not a readable XLSX workbook"))]) from None
    try:
        missing = [name for name in (INDICATORS, FRAMEWORK) if name not in wb.sheetnames]
        if missing:
            raise FrameworkImportError(
                [Problem(source, "", _("the sheet “%(sheet)s” is missing") % {"sheet": name}) for name in missing]
            )
        data = {"format": 1, **reader.framework_sheet(wb[FRAMEWORK])}
        data["principles"] = reader.indicators_sheet(wb[INDICATORS])
    finally:
        wb.close()
    return Document(data, source, reader.locate, problems=reader.problems, cells=True)
