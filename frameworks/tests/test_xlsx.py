import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from frameworks.exporting import with_tree
from frameworks.importing import FrameworkImportError, import_framework
from frameworks.models import FrameworkVersion
from frameworks.tests.factories import make_version
from frameworks.tests.helpers import table_counts
from frameworks.xlsx import COLUMNS, FRAMEWORK, INDICATORS, INSTRUCTIONS, export_xlsx, read_xlsx, template_xlsx

pytestmark = pytest.mark.django_db

META = {
    "framework.code": "equass-official",
    "framework.name_lt": "EQUASS Assurance (oficialus tekstas)",
    "framework.name_en": "EQUASS Assurance (official text)",
    "framework.publisher": "EPR",
    "version.label": "2018",
    "version.year": 2018,
    "version.validity_years": 3,
    "version.notice_lt": "© EQUASS, naudojama su leidimu",
    "version.notice_en": "© EQUASS, used with permission",
}
ROWS = [
    # principle code, name LT, name EN, criterion, title LT, title EN, indicator, title LT, title EN, text LT, text EN,
    # mandatory, evidence
    [
        "1",
        "Lyderystė",
        "Leadership",
        "1.1",
        "Misija",
        "Mission",
        "1.1.1",
        "Rodiklis A",
        "Indicator A",
        None,
        None,
        "taip",
        "politika, įrašas",
    ],
    [None, None, None, None, None, None, "1.1.2", "Rodiklis B", "Indicator B", "Tekstas", "Text", "ne", None],
    [
        "1",
        "Lyderystė",
        "Leadership",
        "1.2",
        "Planavimas",
        "Planning",
        "1.10",
        "Rodiklis C",
        "Indicator C",
        None,
        None,
        "yes",
        "result",
    ],
    [
        "2",
        "Personalas",
        "Staff",
        "2.1",
        "Atranka",
        "Recruitment",
        "2.1.1",
        "Rodiklis D",
        "Indicator D",
        None,
        None,
        None,
        None,
    ],
]


def fill(meta=META, rows=ROWS):
    """The downloaded template, filled in the way a coordinator would (with openpyxl instead of Excel)."""
    wb = load_workbook(io.BytesIO(template_xlsx()))
    ws = wb[FRAMEWORK]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in meta:
            row[1].value = meta[row[0].value]
    sheet = wb[INDICATORS]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def problems(fileobj):
    before = table_counts()
    with translation.override("en"), pytest.raises(FrameworkImportError) as exc:
        import_framework(read_xlsx(fileobj, "criteria.xlsx"))
    assert table_counts() == before
    return [str(p) for p in exc.value.problems]


def test_template_has_the_three_sheets_and_the_columns():
    wb = load_workbook(io.BytesIO(template_xlsx()))
    assert wb.sheetnames == [INDICATORS, FRAMEWORK, INSTRUCTIONS]
    headers = [c.value for c in wb[INDICATORS][1]]
    assert headers == [title for _key, title in COLUMNS]
    assert "Principle code" in headers[0] and "Mandatory (yes/no)" in headers[11]
    ratings = [row[0].value for row in wb[FRAMEWORK].iter_rows() if row[0].value in ("met", "partly", "not_met", "na")]
    assert ratings == ["met", "partly", "not_met", "na"]
    assert "© EQUASS" in " ".join(str(c.value) for c in wb[INSTRUCTIONS]["A"])


def test_filled_template_imports_as_the_same_structure():
    version = import_framework(read_xlsx(fill(), "criteria.xlsx"), org=None).version
    assert version.framework.code == "equass-official" and version.label == "2018"
    assert version.notice_en == "© EQUASS, used with permission"
    assert [p.code for p in version.principles.order_by("order")] == ["1", "2"]
    assert list(version.criteria.order_by("principle__order", "order").values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "2.1",
    ]
    a = version.indicators.get(code="1.1.1")
    assert a.mandatory and a.evidence_types == ["policy", "record"]
    b = version.indicators.get(code="1.1.2")
    assert b.criterion.code == "1.1" and not b.mandatory and b.text_en == "Text"
    assert version.indicators.get(code="1.10").evidence_types == ["result"]  # a code, not the number 1.1
    assert [r["code"] for r in version.ratings] == ["met", "partly", "not_met", "na"]
    assert version.scoring["mandatory_must_be_met"] is True


def test_xlsx_errors_name_sheet_row_and_column():
    rows = [list(r) for r in ROWS]
    rows[1][8] = None  # indicator title EN
    rows[2][11] = "gal"  # mandatory: neither yes nor no
    rows[3][6] = "1.1.1"  # duplicate indicator code
    rows[3][12] = "nuotrauka"  # unknown evidence type
    rows[2][1] = "Vadovavimas"  # principle 1 named differently than on row 2
    meta = dict(META, **{"version.year": "du tūkstančiai"})
    assert problems(fill(meta, rows)) == [
        "criteria.xlsx: sheet “Framework”, row 10, column B (version.year): must be a number",
        "criteria.xlsx: sheet “Indicators”, row 4, column B (Principo pavadinimas LT / Principle name LT): "
        "differs from row 2 for the same code 1",
        "criteria.xlsx: sheet “Indicators”, row 4, column L (Privalomas (taip/ne) / Mandatory (yes/no)): "
        "write taip/ne or yes/no",
        "criteria.xlsx: sheet “Indicators”, row 3, column I (Rodiklis EN / Indicator title EN): required",
        "criteria.xlsx: sheet “Indicators”, row 5, column M (Įrodymų tipai / Evidence types): "
        "must be one of: policy, procedure, record, result",
        "criteria.xlsx: sheet “Indicators”, row 5, column G (Rodiklio kodas / Indicator code): "
        "duplicate code “2.1.1”".replace("2.1.1", "1.1.1")
        + " (already used at principles[0].criteria[0].indicators[0], sheet “Indicators”, row 2, column G "
        "(Rodiklio kodas / Indicator code))",
    ]


def test_missing_translation_in_the_framework_sheet_is_located():
    meta = dict(META)
    del meta["framework.name_en"]
    assert problems(fill(meta)) == [
        "criteria.xlsx: sheet “Framework”, row 4, column B (framework.name_en): required",
    ]


def test_a_criterion_under_two_principles_is_refused():
    rows = [list(r) for r in ROWS]
    rows[3][3] = "1.1"
    assert problems(fill(rows=rows))[0] == (
        "criteria.xlsx: sheet “Indicators”, row 5, column D (Kriterijaus kodas / Criterion code): "
        "criterion 1.1 is already under principle 1 (row 2)"
    )


def test_changed_headers_are_refused():
    wb = load_workbook(fill())
    wb[INDICATORS]["B1"] = "Pavadinimas"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    with translation.override("en"), pytest.raises(FrameworkImportError) as exc:
        read_xlsx(out, "criteria.xlsx")
    assert "download the template again" in str(exc.value)


def test_a_file_that_is_not_xlsx_is_refused():
    with translation.override("en"), pytest.raises(FrameworkImportError) as exc:
        read_xlsx(io.BytesIO(b"PK\x03\x04 not really"), "fake.xlsx")
    assert str(exc.value) == "fake.xlsx: not a readable XLSX workbook"


def test_xlsx_export_reimports_as_a_no_op():
    version = make_version(principles=3, criteria=2, indicators=3)
    version = with_tree(FrameworkVersion.objects.filter(pk=version.pk)).get()
    content = export_xlsx(version)
    wb = load_workbook(io.BytesIO(content))
    assert wb[INDICATORS].max_row == 1 + 18
    result = import_framework(read_xlsx(io.BytesIO(content), "export.xlsx"))
    assert not result.created and result.version == version


def test_shipped_working_set_survives_the_xlsx_round_trip():
    from frameworks.importing import LIBRARY_DIR

    version = import_framework(LIBRARY_DIR / "equass-revised-sections-ws.yaml").version
    version = with_tree(FrameworkVersion.objects.filter(pk=version.pk)).get()
    result = import_framework(read_xlsx(io.BytesIO(export_xlsx(version)), "export.xlsx"))
    assert not result.created


def test_a_workbook_that_unpacks_too_large_is_refused_before_openpyxl_reads_it(monkeypatch):
    from frameworks import xlsx

    content = export_xlsx(with_tree(FrameworkVersion.objects.filter(pk=make_version().pk)).get())
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 10_000)
    monkeypatch.setattr(xlsx, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open it"))
    before = table_counts()
    with translation.override("en"), pytest.raises(FrameworkImportError) as exc:
        import_framework(read_xlsx(io.BytesIO(content), "bomb.xlsx"))
    assert str(exc.value).startswith("bomb.xlsx: The file unpacks to more than 0 MB")
    assert table_counts() == before
