"""The results pages: what each role sees, the query budgets, the exports and the definitions library."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kokybe.test import assert_constant_queries, client_for, pdf_text, urls_for
from results import library, periods
from results.models import Definition, Indicator, Target, Value

from .factories import definition, make_indicator, world

pytestmark = pytest.mark.django_db
url = urls_for("results")


def grow_indicators(cast, n):
    """Bring Alfa to n monthly indicators, each with 36 months of values (every third approved) and yearly targets."""
    have = Indicator.objects.filter(org=cast.alfa).count()
    codes = ["staff-turnover", "occupancy", "waiting-days", "persons-served", "training-hours-per-fte"]
    keys = periods.periods(periods.MONTH, 2024, datetime(2026, 12, 1).date())
    for i in range(have, n):
        indicator = make_indicator(
            cast.alfa, code=codes[i % len(codes)], owner=cast.rasa, frequency=periods.MONTH, unit=cast.alfa_unit
        )
        Target.objects.bulk_create(
            Target(org=cast.alfa, indicator=indicator, period=str(year), value=50) for year in (2024, 2025, 2026)
        )
        Value.objects.bulk_create(
            Value(
                org=cast.alfa,
                indicator=indicator,
                period=key,
                value=Decimal(40 + j % 20),
                recorded_by=cast.rasa,
                approved_by=cast.jonas if j % 3 == 0 else None,
                approved_at=datetime(2026, 1, 1, tzinfo=UTC) if j % 3 == 0 else None,
            )
            for j, key in enumerate(keys)
        )


@pytest.mark.parametrize("page", ["overview", "sheet"])
def test_pages_take_the_same_queries_for_10_and_200_indicators_of_36_months(cast, page):
    client = client_for(cast.jonas)

    def render():
        response = client.get(url(page, cast))
        assert response.status_code == 200

    assert_constant_queries(render, lambda n: grow_indicators(cast, n), small=10, large=200)


def test_the_indicator_page_takes_the_same_queries_whatever_its_history(cast):
    client = client_for(cast.jonas)
    grow_indicators(cast, 1)
    indicator = Indicator.objects.filter(org=cast.alfa).first()

    def render():
        assert client.get(url("detail", cast, indicator.pk)).status_code == 200

    def grow(n):
        # n corrections of one period and n indicators around it
        grow_indicators(cast, n)
        base = Value.objects.filter(indicator=indicator, period="2024-01").order_by("-pk").first()
        while Value.objects.filter(indicator=indicator, period="2024-01").count() < n:
            base = Value.objects.create(
                org=cast.alfa, indicator=indicator, period="2024-01", value=1, corrects=base, reason="r",
                approved_at=datetime(2026, 1, 1, tzinfo=UTC),
            )  # fmt: skip

    assert_constant_queries(render, grow, small=10, large=60)


def test_the_indicator_page_shows_trend_targets_and_status_in_words(cast):
    indicator = world(cast)
    response = client_for(cast.vida).get(url("detail", cast, indicator.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and 'role="img"' in text
    # 2024: 12 against a target of 10 with staff turnover (lower is better): off target by more than the band?
    assert "Darbuotojų kaita" in text and "2024" in text
    assert "siekinys nepasiektas" in text or "arti siekinio" in text
    # A viewer sees no forms.
    assert "Įvesti reikšmę" not in text and "Taisyti patvirtintą reikšmę" not in text


def test_the_owner_sees_the_value_form_and_the_manager_everything(cast):
    indicator = world(cast)
    text = client_for(cast.rasa).get(url("detail", cast, indicator.pk)).content.decode()
    assert "Įvesti reikšmę" in text and "Išsaugoti siekinius" not in text
    text = client_for(cast.jonas).get(url("detail", cast, indicator.pk)).content.decode()
    assert "Išsaugoti siekinius" in text and "Patvirtinti 2025" in text


def test_an_indicator_is_added_from_a_definition_and_a_computed_one_is_computed_at_once(cast):
    client = client_for(cast.jonas)
    chosen = definition("actions-closed-on-time")
    page = client.get(url("add", cast), {"definition": chosen.pk})
    assert page.status_code == 200
    response = client.post(
        url("add", cast),
        {
            "definition": chosen.pk,
            "owner": cast.jonas.pk,
            "frequency": "quarter",
            "baseline_year": 2024,
            "amber_band": "5",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(org=cast.alfa, definition=chosen)
    # A computed result is for the whole organisation.
    response = client.post(
        url("add", cast),
        {"definition": chosen.pk, "owner": cast.jonas.pk, "frequency": "quarter", "baseline_year": 2024,
         "amber_band": "5", "unit": cast.alfa_unit.pk},
    )  # fmt: skip
    assert response.status_code == 200 and Indicator.objects.filter(org=cast.alfa).count() == 1
    assert indicator.frequency == "quarter"


def test_targets_are_set_per_period_and_a_bad_line_writes_nothing(cast):
    indicator = world(cast)
    client = client_for(cast.jonas)
    response = client.post(url("targets", cast, indicator.pk), {"targets": "2025: 9\n2026: 8,5\n2024:"})
    assert response.status_code == 302
    assert dict(Target.objects.filter(indicator=indicator).values_list("period", "value")) == {
        "2025": Decimal("9"),
        "2026": Decimal("8.5"),
    }
    response = client.post(url("targets", cast, indicator.pk), {"targets": "2027: 1\nkitąmet: 5"})
    assert response.status_code == 200 and "2 eilutė" in response.content.decode()
    assert not Target.objects.filter(indicator=indicator, period="2027").exists()


def test_the_sheet_exports_as_pdf_and_xlsx(cast):
    world(cast)
    client = client_for(cast.vida)
    pdf = client.get(url("sheet_pdf", cast))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Rezultatų suvestinė" in text and "Darbuotojų kaita" in text
    xlsx = client.get(url("sheet_xlsx", cast), {"principle": "2"})
    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[1][1] == "Darbuotojų kaita" and rows[1][3] == 2024 and rows[1][4] == 12


def test_the_sheet_groups_by_principle(cast):
    world(cast)
    text = client_for(cast.jonas).get(url("sheet", cast), {"principle": "2"}).content.decode()
    assert "2. Personalas" in text and "Darbuotojų kaita" in text and "1. Lyderystė</h2>" not in text


def test_english_pages(cast):
    indicator = world(cast)
    text = client_for(cast.jonas, language="en").get(url("detail", cast, indicator.pk)).content.decode()
    assert "Staff turnover" in text and "Values by period" in text


def test_the_library_ships_about_25_definitions_across_the_ten_principles():
    shipped = list(Definition.objects.filter(org__isnull=True))
    assert len(shipped) >= 25
    assert {p for d in shipped for p in d.principles} == {str(n) for n in range(1, 11)}
    assert all(d.name_lt and d.name_en and d.description_lt and d.description_en for d in shipped)


def test_definitions_round_trip_through_yaml_and_a_changed_one_needs_a_new_version(cast):
    text = """
format: kokybe-results/1
definitions:
  - code: volunteer-hours
    name_lt: Savanorių valandos
    name_en: Volunteer hours
    unit: hours
    frequency: year
    principles: ["5"]
"""
    assert library.import_definitions(cast.alfa, text.encode()) == (1, 0)
    assert library.import_definitions(cast.alfa, text.encode()) == (0, 1)
    with pytest.raises(library.DefinitionErrors):
        library.import_definitions(cast.alfa, text.replace("hours\n    frequency", "count\n    frequency").encode())
    own = Definition.objects.filter(org=cast.alfa)
    exported = library.export_definitions(own)
    assert library.parse(exported.encode())[0]["name_lt"] == "Savanorių valandos"
    # Beta does not see Alfa's own definition.
    assert not Definition.objects.visible_to(cast.beta).filter(code="volunteer-hours").exists()


def test_a_bad_definitions_file_is_reported_precisely_and_writes_nothing(cast):
    from django.utils import translation

    text = """
format: kokybe-results/1
definitions:
  - code: a b
    name_lt: A
    name_en: A
    unit: kg
    frequency: weekly
    principles: ["11"]
  - name_lt: B
"""
    with translation.override("lt"), pytest.raises(library.DefinitionErrors) as caught:
        library.import_definitions(cast.alfa, text.encode())
    errors = " ".join(caught.value.errors)
    assert "1 apibrėžtis" in errors and "2 apibrėžtis" in errors and "kg" not in errors.split("vienas iš")[0][-3:]
    assert not Definition.objects.filter(org=cast.alfa).exists()
    response = client_for(cast.jonas).post(url("library_import", cast), {"file": io.BytesIO(b"format: nope\n")})
    assert response.status_code == 200 and "Niekas neimportuota" in response.content.decode()


def test_the_library_page_offers_definitions_to_use(cast):
    text = client_for(cast.jonas).get(url("library", cast)).content.decode()
    assert "Laiku įgyvendinti gerinimo veiksmai" in text and "actions.closed_on_time" in text
