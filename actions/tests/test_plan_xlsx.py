"""XLSX export of the filtered plan, the import template, and the all-or-nothing import."""

import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from actions import services, xlsx
from actions.models import ImprovementAction, Priority, Source, Status
from frameworks.tests.factories import make_version
from kokybe.test import client_for, url
from orgs.models import ActivityEntry, Service, Unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LT_HEADERS = [
    "Nr.",
    "Pavadinimas",
    "Aprašymas",
    "Šaltinis",
    "Principas",
    "Pagrindinė priežastis",
    "Planuojamos priemonės",
    "Atsakingas",
    "Atsakingo asmens el. paštas",
    "Padalinys",
    "Paslauga",
    "Prioritetas",
    "Pradžios data",
    "Įvykdymo terminas",
    "Būsena",
    "Pažanga, %",
    "Vėluoja",
    "Užbaigta",
    "Patikrinta",
]


def new_action(cast, title, **fields):
    fields.setdefault("source", Source.OTHER)
    return services.action_create(org=cast.alfa, title=title, by=cast.jonas, **fields)


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert "attachment;" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


# ── export ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_export_has_lithuanian_headers_real_dates_widths_frozen_header_and_autofilter(cast):
    new_action(
        cast,
        "Atlikti darbuotojų pasitenkinimo apklausą",
        owner=cast.rasa,
        unit=cast.alfa_unit,
        start_date=date(2025, 1, 15),
        due_date=date(2025, 3, 31),
    )
    ws = workbook(client_for(cast.jonas).get(url("actions:export_xlsx", cast))).worksheets[0]
    assert [c.value for c in ws[1]] == LT_HEADERS
    row = [c.value for c in ws[2]]
    assert row[1] == "Atlikti darbuotojų pasitenkinimo apklausą"
    assert row[7] == "Rasa Rasaitė" and row[8] == "rasa@alfa.test" and row[9] == cast.alfa_unit.name
    assert row[12] == datetime(2025, 1, 15) and row[13] == datetime(2025, 3, 31)
    assert ws.cell(row=2, column=13).number_format == "yyyy-mm-dd"
    assert row[16] == "taip"  # overdue, in words
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:S2"
    assert ws.column_dimensions["B"].width == 50


def test_export_headers_follow_the_readers_language(cast):
    new_action(cast, "A")
    ws = workbook(client_for(cast.jonas, language="en").get(url("actions:export_xlsx", cast))).worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["No.", "Title", "Description"]


def test_export_holds_only_the_filtered_actions_and_names_the_filters(cast):
    new_action(cast, "Iš skundo", source=Source.COMPLAINT)
    new_action(cast, "Kitas")
    new_action(cast, "Kitos organizacijos", source=Source.COMPLAINT).delete()
    services.action_create(org=cast.beta, title="Betos skundas", source=Source.COMPLAINT, by=cast.petras)
    wb = workbook(client_for(cast.jonas).get(url("actions:export_xlsx", cast), {"source": "complaint"}))
    titles = [r[1] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert titles == ["Iš skundo"]
    about = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(values_only=True)}
    assert about["Organizacija"] == cast.alfa.name
    assert about["Šaltinis"] == str(Source.COMPLAINT.label)


def test_text_that_looks_like_a_formula_is_exported_as_text(cast):
    new_action(cast, '=HYPERLINK("http://example.invalid","Spauskite")')
    ws = workbook(client_for(cast.jonas).get(url("actions:export_xlsx", cast))).worksheets[0]
    cell = ws.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_exported_plan_can_be_imported_into_another_organisation(cast):
    new_action(cast, "Perkeliamas veiksmas", priority=Priority.HIGH, due_date=date(2030, 1, 31))
    content = client_for(cast.jonas).get(url("actions:export_xlsx", cast)).content
    rows, problems = xlsx.read_plan(upload(content), org=cast.beta)
    assert problems == []
    assert rows[0][1]["title"] == "Perkeliamas veiksmas" and rows[0][1]["priority"] == Priority.HIGH


# ── template ─────────────────────────────────────────────────────────────────────────────────────────────────────


def test_template_has_headers_an_example_row_and_instructions_with_allowed_values(cast):
    wb = workbook(client_for(cast.jonas).get(url("actions:import_template", cast)))
    ws, help_sheet = wb.worksheets
    assert [c.value for c in ws[1]] == [
        h for h in LT_HEADERS if h not in {"Nr.", "Atsakingas", "Vėluoja", "Užbaigta", "Patikrinta"}
    ]
    assert ws.max_row == 2 and ws["A2"].value.startswith("Pavyzdys")
    assert help_sheet.title == "Instrukcija"
    listed = {r[0] for r in help_sheet.iter_rows(values_only=True)}
    assert {str(label) for label in Status.labels} <= listed
    assert {str(label) for label in Source.labels} <= listed
    assert {str(label) for label in Priority.labels} <= listed


def test_untouched_template_is_refused_because_the_example_owner_is_no_member(cast):
    content = client_for(cast.jonas).get(url("actions:import_template", cast)).content
    _rows, problems = xlsx.read_plan(upload(content), org=cast.alfa)
    assert [(p.row, p.column.split(" ")[0]) for p in problems] == [(2, "G")]


# ── import ───────────────────────────────────────────────────────────────────────────────────────────────────────

HEADERS = [
    "Pavadinimas",
    "Šaltinis",
    "Principas",
    "Atsakingo asmens el. paštas",
    "Padalinys",
    "Paslauga",
    "Prioritetas",
    "Pradžios data",
    "Įvykdymo terminas",
    "Būsena",
    "Pažanga, %",
]


def sheet(rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content, name="planas.xlsx"):
    return SimpleUploadedFile(name, content, content_type=xlsx.CONTENT_TYPE)


def post(cast, content, name="planas.xlsx", user=None):
    client = client_for(user or cast.jonas)
    return client.post(url("actions:import", cast), {"file": upload(content, name)})


def good_rows(cast):
    return [
        [
            "Parengti ir patvirtinti Skundų nagrinėjimo tvarkos aprašą",
            "Išorės audito rekomendacija",
            "2",
            "RASA@alfa.test",
            cast.alfa_subunit.name,
            cast.alfa_service.name,
            "high",
            date(2025, 2, 1),
            "2025-06-30",
            "In progress",
            40,
        ],
        ["Atlikti darbuotojų pasitenkinimo apklausą", "", "", "", "", "", "", "", "", "", ""],
    ]


@pytest.fixture
def version():
    return make_version(principles=3)


def test_import_creates_every_row_through_the_service_with_one_summary_entry(cast, version):
    response = post(cast, sheet(good_rows(cast)))
    assert response.status_code == 302 and response["Location"] == url("actions:plan", cast)
    first, second = ImprovementAction.objects.for_org(cast.alfa).order_by("number")
    assert first.source == Source.EXTERNAL_AUDIT and first.principle.code == "2"
    assert first.owner == cast.rasa and first.unit == cast.alfa_subunit and first.service == cast.alfa_service
    assert first.priority == Priority.HIGH and first.status == Status.IN_PROGRESS and first.progress == 40
    assert (first.start_date, first.due_date) == (date(2025, 2, 1), date(2025, 6, 30))
    assert first.created_by == cast.jonas
    assert second.source == Source.OTHER and second.status == Status.PLANNED and second.priority == Priority.MEDIUM
    created = ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.CREATED)
    assert {e.target_id for e in created} == {str(first.pk), str(second.pk)}
    summary = ActivityEntry.objects.get(org=cast.alfa, verb=ActivityEntry.Verb.IMPORTED)
    assert summary.actor == cast.jonas and summary.target_repr == "planas.xlsx"
    assert summary.changes == {"actions": ["", "2"]}


def test_import_accepts_english_headers_labels_and_codes(cast):
    headers = ["Title", "Source", "Priority", "Status", "Due date"]
    lithuanian_high = str(Priority.HIGH.label).upper()  # the label in the default language, any case
    rows = [["A", "complaint", "Low", "done", "2025-01-31"], ["B", "Staff suggestion", lithuanian_high, "Planned", ""]]
    read, problems = xlsx.read_plan(upload(sheet(rows, headers)), org=cast.alfa)
    assert problems == []
    a, b = (fields for _n, fields in read)
    assert (a["source"], a["priority"], a["status"], a["progress"]) == (
        Source.COMPLAINT,
        Priority.LOW,
        Status.DONE,
        100,
    )
    assert (b["source"], b["priority"], b["status"]) == (Source.STAFF_SUGGESTION, Priority.HIGH, Status.PLANNED)


def assert_nothing_imported(cast, response, *expected):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niekas neimportuota" in html or "errorlist" in html
    for text in expected:
        assert text in html, text
    assert not ImprovementAction.objects.for_org(cast.alfa).exists()
    assert not ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.IMPORTED).exists()


@pytest.mark.parametrize(
    "column, value, message",
    [
        (0, "", "Pavadinimas privalomas"),
        (0, "x" * 256, "ilgesnis nei 255"),
        (1, "skundai", "nėra leistina reikšmė"),
        (2, "99", "Nėra principo"),
        (3, "nera@alfa.test", "Nėra aktyvaus nario"),
        (3, "vida@alfa.test", "Nėra aktyvaus nario"),  # a viewer cannot own actions
        (3, "petras@beta.test", "Nėra aktyvaus nario"),  # another organisation's director
        (4, "Neegzistuojantis skyrius", "Šioje organizacijoje nėra"),
        (5, "Globos skyrius", "Šioje organizacijoje nėra"),
        (6, "labai", "nėra leistina reikšmė"),
        (7, "2025-13-01", "nėra data"),
        (8, "2025-01-01", "Terminas ankstesnis už pradžios datą"),
        (9, "vykdomas?", "nėra leistina reikšmė"),
        (10, "150", "sveikąjį skaičių"),
    ],
)
def test_any_bad_cell_is_reported_by_row_and_column_and_nothing_is_imported(cast, version, column, value, message):
    rows = good_rows(cast)
    rows[0][column] = value
    response = post(cast, sheet(rows))
    letter = "ABCDEFGHIJK"[column]
    assert_nothing_imported(cast, response, message, f"{letter} (")
    assert '<td class="num">2</td>' in response.content.decode()


def test_a_problem_in_the_last_row_stops_the_first_rows_too(cast, version):
    rows = good_rows(cast) + [
        ["", "", "", "", "", "", "", "", "", "", ""],
        ["C", "", "", "", "", "", "", "x", "", "", ""],
    ]
    response = post(cast, sheet(rows))
    assert_nothing_imported(cast, response, '<td class="num">5</td>')  # the empty row 4 is skipped, row 5 counted


def test_ambiguous_unit_name_is_a_problem(cast):
    Unit.objects.create(org=cast.alfa, parent=cast.alfa_subunit, name="Grupė")
    Unit.objects.create(org=cast.alfa, parent=cast.alfa_unit, name="Grupė")
    response = post(cast, sheet([["A", "", "", "", "Grupė", "", "", "", "", "", ""]]))
    assert_nothing_imported(cast, response, "daugiau nei vienas")


@pytest.mark.parametrize(
    "headers, message",
    [
        (["Pavadinimas", "Spalva"], "Nežinoma stulpelio antraštė"),
        (["Aprašymas", "Būsena"], "nėra stulpelio „Pavadinimas“"),
        (["Pavadinimas", "Title"], "pasikartoja"),
    ],
)
def test_wrong_headers_are_refused(cast, headers, message):
    assert_nothing_imported(cast, post(cast, sheet([["A", "B"]], headers)), message)


def test_not_an_xlsx_is_refused_whatever_its_name(cast):
    assert_nothing_imported(cast, post(cast, b"Pavadinimas;Terminas\nA;2025-01-01\n", "planas.xlsx"), "ne Excel failas")
    assert_nothing_imported(cast, post(cast, b"%PDF-1.7 fake", "planas.xlsx"), "ne Excel failas")


def test_a_docx_renamed_to_xlsx_is_refused(cast):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert_nothing_imported(cast, post(cast, out.getvalue()), "ne Excel failas")


def test_empty_file_and_empty_sheet_and_headers_only_are_refused(cast):
    assert_nothing_imported(cast, post(cast, b""), "errorlist")
    wb = Workbook()
    out = io.BytesIO()
    wb.save(out)
    assert_nothing_imported(cast, post(cast, out.getvalue()), "Pirmas lapas tuščias")
    assert_nothing_imported(cast, post(cast, sheet([])), "nėra veiksmų")


def test_huge_files_and_too_many_rows_are_refused(cast, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_BYTES", 1000)
    assert_nothing_imported(cast, post(cast, sheet([["A"]] * 50, ["Pavadinimas"])), "didesnis nei 5 MB")
    monkeypatch.setattr(xlsx, "MAX_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    assert_nothing_imported(cast, post(cast, sheet([["A"]] * 4, ["Pavadinimas"])), "daugiau nei 3 veiksmų")


def test_zip_bomb_is_refused_before_it_is_unpacked(cast, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 10_000)
    assert_nothing_imported(cast, post(cast, sheet([["x" * 100]] * 200, ["Pavadinimas"])), "daugiau nei 0 MB")


def test_a_row_the_service_refuses_undoes_the_whole_import(cast, monkeypatch):
    real = services.action_create

    def refuse_second(**kwargs):
        if kwargs["title"] == "B":
            from django.core.exceptions import ValidationError

            raise ValidationError("atsisakyta")
        return real(**kwargs)

    monkeypatch.setattr(services, "action_create", refuse_second)
    response = post(cast, sheet([["A"], ["B"]], ["Pavadinimas"]))
    assert_nothing_imported(cast, response, "3 eilutė: atsisakyta")


def test_dates_in_several_written_forms_and_excel_serials(cast):
    rows = [["A", "2025.02.01", "2025/03/01"], ["B", 45700, datetime(2025, 3, 1, 0, 0)]]
    read, problems = xlsx.read_plan(
        upload(sheet(rows, ["Pavadinimas", "Pradžios data", "Įvykdymo terminas"])), org=cast.alfa
    )
    assert problems == []
    assert [(f["start_date"], f["due_date"]) for _n, f in read] == [
        (date(2025, 2, 1), date(2025, 3, 1)),
        (date(2025, 2, 12), date(2025, 3, 1)),
    ]


def test_import_page_is_translated_and_offers_the_template(cast):
    html = client_for(cast.jonas).get(url("actions:import", cast)).content.decode()
    assert "Diegimo plano importas" in html and url("actions:import_template", cast) in html


def test_service_names_are_matched_without_regard_to_case_and_spaces(cast):
    Service.objects.create(org=cast.alfa, name="Dienos  centras")
    read, problems = xlsx.read_plan(
        upload(sheet([["A", " dienos centras "]], ["Pavadinimas", "Paslauga"])), org=cast.alfa
    )
    assert problems == [] and read[0][1]["service"].name == "Dienos  centras"


def test_overdue_import_keeps_past_due_dates(cast):
    past = (TODAY - timedelta(days=30)).isoformat()
    assert post(cast, sheet([["A", past]], ["Pavadinimas", "Įvykdymo terminas"])).status_code == 302
    assert ImprovementAction.objects.for_org(cast.alfa).overdue().count() == 1


# ── round trip: export → correct in Excel → import back ─────────────────────────────────────────────────────────


def _second_framework_with_the_same_principle_names():
    # EQUASS Assurance and Excellence share principle codes and names: "2. Principas 2" is in both.
    make_version(code="other-fw", principles=3)


def round_trip_plan(cast):
    version = make_version(principles=3)
    _second_framework_with_the_same_principle_names()
    from assessments.tests.factories import make_assessment

    make_assessment(cast, version)  # the organisation's cycle decides which framework "2" means
    principle = version.principles.get(code="2")
    new_action(
        cast,
        "Atnaujinti skundų tvarką",
        principle=principle,
        owner=cast.rasa,
        unit=cast.alfa_subunit,
        priority=Priority.HIGH,
        start_date=date(2026, 1, 15),
        due_date=date(2026, 6, 30),
        description="Pirma eilutė\nantra eilutė",
    )
    new_action(cast, "Apklausti darbuotojus", due_date=date(2026, 9, 1))
    done = new_action(cast, "Parengti etikos kodeksą", owner=cast.rasa)
    services.action_transition(action=done, to=Status.IN_PROGRESS, by=cast.jonas)
    services.action_transition(action=done, to=Status.DONE, by=cast.jonas)
    return principle


def export_content(cast):
    return client_for(cast.jonas).get(url("actions:export_xlsx", cast)).content


def edited(content, number, column, value):
    """The workbook with one cell of action No. `number`'s row changed."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == number)
    ws.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_back(cast, content):
    rows, problems = xlsx.read_plan(upload(content), org=cast.alfa)
    assert problems == []
    return xlsx.plan_import(org=cast.alfa, rows=rows, by=cast.jonas, name="planas.xlsx")


def test_an_unchanged_export_imports_back_as_no_change(cast):
    round_trip_plan(cast)
    before = ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.UPDATED).count()
    result = import_back(cast, export_content(cast))
    assert (len(result.created), len(result.changed), result.unchanged) == (0, 0, 3)
    assert ImprovementAction.objects.for_org(cast.alfa).count() == 3
    assert ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.UPDATED).count() == before


def test_one_edited_cell_changes_that_action_only(cast):
    round_trip_plan(cast)
    content = edited(export_content(cast), 2, 14, date(2026, 10, 1))  # column N: the due date
    result = import_back(cast, content)
    assert (len(result.created), len(result.changed), result.unchanged) == (0, 1, 2)
    action = ImprovementAction.objects.for_org(cast.alfa).get(number=2)
    assert action.due_date == date(2026, 10, 1)
    entry = ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.UPDATED).latest("pk")
    assert entry.target_id == str(action.pk) and set(entry.changes) == {"due_date"}


def test_a_row_without_a_number_is_added_and_the_page_says_what_happened(cast):
    round_trip_plan(cast)
    wb = load_workbook(io.BytesIO(export_content(cast)))
    wb.worksheets[0].append([None, "Naujas veiksmas iš Excel"])
    out = io.BytesIO()
    wb.save(out)
    client = client_for(cast.jonas)
    response = client.post(url("actions:import", cast), {"file": upload(out.getvalue())})
    assert response.status_code == 302
    assert ImprovementAction.objects.for_org(cast.alfa).count() == 4
    page = client.get(response["Location"]).text
    assert "Importuotas 1 veiksmas." in page and "3 veiksmai nepakeisti." in page


def test_a_principle_in_two_frameworks_is_the_one_of_the_organisations_cycle(cast):
    principle = round_trip_plan(cast)
    rows, problems = xlsx.read_plan(upload(sheet([["Naujas", "", "2"]], HEADERS[:3])), org=cast.alfa)
    assert problems == [] and rows[0][1]["principle"] == principle


def test_a_number_that_is_not_in_the_plan_is_a_problem(cast):
    round_trip_plan(cast)
    rows, problems = xlsx.read_plan(upload(edited(export_content(cast), 1, 1, 99)), org=cast.alfa)
    assert [p.message for p in problems] == ["Šiame plane nėra veiksmo Nr. 99."]


def test_another_organisations_export_only_creates(cast):
    round_trip_plan(cast)
    services.action_create(org=cast.beta, title="Betos veiksmas", source=Source.OTHER, by=cast.petras)
    rows, problems = xlsx.read_plan(upload(export_content(cast)), org=cast.beta)
    assert all("action" not in fields for _n, fields in rows)
