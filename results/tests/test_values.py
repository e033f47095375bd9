"""Values per period: entering, approving (the lock), corrections, recomputation, and that no path — a service, a
view, an import, the admin, a bulk update — changes an approved value."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from actions.models import ImprovementAction, Status
from kokybe.test import client_for, urls_for
from orgs.models import ActivityEntry
from results import imports, periods, services
from results.models import Origin, Value, ValueLocked

from .factories import COMPUTED_CODE, make_indicator, world

pytestmark = pytest.mark.django_db
url = urls_for("results")


def current(indicator, period):
    return Value.objects.filter(indicator=indicator, period=period).order_by("-pk").first()


def test_periods_are_months_quarters_and_years():
    assert periods.bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert periods.bounds("2024-Q4") == (date(2024, 10, 1), date(2024, 12, 31))
    assert periods.bounds("2025") == (date(2025, 1, 1), date(2025, 12, 31))
    assert periods.key_of(date(2026, 12, 7), periods.QUARTER) == "2026-Q4"
    assert periods.last_complete(periods.MONTH, date(2026, 1, 15)) == "2025-12"
    assert len(periods.periods(periods.MONTH, 2024, date(2026, 12, 7))) == 36
    assert not periods.is_valid("2026-13") and not periods.is_valid("2026-Q5")
    assert not periods.is_valid("2026-03", periods.QUARTER)


def test_an_entered_value_is_changed_until_approved_then_locked(cast):
    indicator = make_indicator(cast.alfa, owner=cast.rasa)
    services.value_record(indicator=indicator, period="2025", value=Decimal("12.5"), by=cast.rasa, comment="HR")
    services.value_record(indicator=indicator, period="2025", value=Decimal("11"), by=cast.rasa)
    assert Value.objects.filter(indicator=indicator).count() == 1 and current(indicator, "2025").value == 11
    services.value_approve(indicator=indicator, period="2025", by=cast.jonas)
    with pytest.raises(ValueLocked):
        services.value_record(indicator=indicator, period="2025", value=Decimal("5"), by=cast.jonas)
    row = current(indicator, "2025")
    row.value = Decimal("5")
    with pytest.raises(ValueLocked):
        row.save()
    with pytest.raises(ValueLocked):
        row.delete()
    with pytest.raises(ValueLocked):
        Value.objects.filter(pk=row.pk).update(value=5)
    with pytest.raises(ValueLocked):
        Value.objects.filter(pk=row.pk).delete()
    assert Value.objects.get(pk=row.pk).value == 11


def test_a_correction_is_a_new_value_with_its_reason_and_the_old_one_stays(cast):
    indicator = world(cast)
    with pytest.raises(ValidationError):
        services.value_correct(indicator=indicator, period="2024", value=Decimal("13"), reason="  ", by=cast.jonas)
    services.value_correct(
        indicator=indicator, period="2024", value=Decimal("13"), reason="Perskaičiuota pagal DK", by=cast.jonas
    )
    rows = list(Value.objects.filter(indicator=indicator, period="2024").order_by("pk"))
    assert [r.value for r in rows] == [12, 13]
    assert rows[1].corrects == rows[0] and rows[1].origin == Origin.CORRECTION and rows[1].is_locked
    assert rows[1].reason == "Perskaičiuota pagal DK"
    # An unapproved value is changed directly, not corrected.
    with pytest.raises(ValidationError):
        services.value_correct(indicator=indicator, period="2025", value=Decimal("1"), reason="x", by=cast.jonas)


def test_the_value_form_cannot_change_an_approved_period(cast):
    indicator = world(cast)
    response = client_for(cast.jonas).post(url("value", cast, indicator.pk), {"period": "2024", "value": "1"})
    assert response.status_code == 200
    assert "patvirtint" in response.content.decode().lower()
    assert current(indicator, "2024").value == 12


def test_the_owner_enters_a_value_and_another_staff_member_may_not(cast):
    from orgs.roles import Role

    indicator = world(cast)
    response = client_for(cast.rasa).post(
        url("value", cast, indicator.pk), {"period": "2025", "value": "8,5".replace(",", ".")}
    )
    assert response.status_code == 302 and current(indicator, "2025").value == Decimal("8.5")
    auditor = cast.users[Role.INTERNAL_AUDITOR]
    assert (
        client_for(auditor).post(url("value", cast, indicator.pk), {"period": "2025", "value": "1"}).status_code == 403
    )
    # Bad input: a clear error, nothing written.
    response = client_for(cast.rasa).post(url("value", cast, indicator.pk), {"period": "2025-03", "value": "x"})
    assert response.status_code == 200 and current(indicator, "2025").value == Decimal("8.5")


def test_approving_and_correcting_through_the_pages(cast):
    indicator = world(cast)
    client = client_for(cast.jonas)
    assert client.post(url("approve", cast, indicator.pk), {"period": "2025"}).status_code == 302
    assert current(indicator, "2025").is_locked
    response = client.post(
        url("correct", cast, indicator.pk),
        {"correction-period": "2025", "correction-value": "7", "correction-reason": "Klaida suvedant"},
    )
    assert response.status_code == 302 and current(indicator, "2025").value == 7
    assert ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.STATUS).exists()


def test_the_admin_cannot_change_or_delete_an_approved_value(cast, admin_client, admin_user):
    from kokybe.test import pass_second_factor

    pass_second_factor(admin_client, admin_user)  # the admin always asks for the second factor
    indicator = world(cast)
    locked = current(indicator, "2024")
    change = f"/admin/results/value/{locked.pk}/change/"
    response = admin_client.post(
        change, {"value": "99", "period": "2024", "org": cast.alfa.pk, "indicator": indicator.pk, "origin": "manual"}
    )
    assert response.status_code in (200, 403)
    assert admin_client.post(f"/admin/results/value/{locked.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Value.objects.get(pk=locked.pk).value == 12


def _workbook(rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Rodiklio numeris", "Rodiklis", "Laikotarpis", "Reikšmė", "Komentaras"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_the_template_lists_each_period_with_what_is_known(cast):
    from django.utils import translation

    indicator = world(cast)
    with translation.override("lt"):
        content = imports.template([indicator], 2024, date(2026, 12, 7))
    ws = load_workbook(io.BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Rodiklio numeris"
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [(indicator.pk, "2024", 12), (indicator.pk, "2025", 9)]


def test_an_import_is_all_or_nothing_with_rows_and_columns_named(cast):
    from django.utils import translation

    indicator = world(cast)
    with translation.override("lt"), pytest.raises(imports.ImportErrors) as caught:
        imports.import_values(
            cast.alfa,
            _workbook(
                [
                    [indicator.pk, "", "2023", 15, ""],
                    [indicator.pk, "", "2022-03", 1, ""],
                    [999999, "", "2022", 1, ""],
                    [indicator.pk, "", "2021", "daug", ""],
                ]
            ),
            by=cast.jonas,
        )
    text = " ".join(caught.value.errors)
    assert "3 eilutė" in text or "Eilutė 3" in text
    assert "Laikotarpis" in text and "Reikšmė" in text and "Rodiklio numeris" in text
    assert not Value.objects.filter(indicator=indicator, period="2023").exists()


def test_an_import_never_changes_an_approved_period(cast):
    from django.utils import translation

    indicator = world(cast)
    with translation.override("lt"):
        with pytest.raises(imports.ImportErrors):
            imports.import_values(
                cast.alfa,
                _workbook([[indicator.pk, "", "2023", 15, ""], [indicator.pk, "", "2024", 1, ""]]),
                by=cast.jonas,
            )
        assert (
            current(indicator, "2024").value == 12
            and not Value.objects.filter(indicator=indicator, period="2023").exists()
        )
        # The same figure as approved is no change, and the rest goes in.
        n = imports.import_values(
            cast.alfa,
            _workbook([[indicator.pk, "", "2023", 15, "iš Excel"], [indicator.pk, "", "2024", 12, ""]]),
            by=cast.jonas,
        )
    assert n == 1 and current(indicator, "2023").origin == Origin.IMPORTED


def test_the_import_page_reports_errors_and_imports(cast):
    indicator = world(cast)
    client = client_for(cast.jonas)
    bad = SimpleUploadedFile("v.xlsx", _workbook([[indicator.pk, "", "2024", 1, ""]]).getvalue())
    response = client.post(url("import", cast), {"file": bad})
    assert response.status_code == 200 and "patvirtint" in response.content.decode().lower()
    good = SimpleUploadedFile("v.xlsx", _workbook([[indicator.pk, "", "2023", 14, ""]]).getvalue())
    assert client.post(url("import", cast), {"file": good}).status_code == 302
    assert current(indicator, "2023").value == 14
    template = client.get(url("import_template", cast), {"indicators": [indicator.pk], "first_year": 2023})
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_recompute_fills_computed_periods_and_leaves_entered_and_approved_ones(cast):
    indicator = make_indicator(cast.alfa, code=COMPUTED_CODE, owner=cast.jonas, baseline_year=2025)
    make = ImprovementAction.objects.create
    make(
        org=cast.alfa,
        number=1,
        title="a",
        due_date=date(2025, 2, 1),
        completed_on=date(2025, 1, 20),
        status=Status.DONE,
    )
    make(
        org=cast.alfa,
        number=2,
        title="b",
        due_date=date(2025, 2, 1),
        completed_on=date(2025, 2, 20),
        status=Status.DONE,
    )
    make(
        org=cast.alfa,
        number=3,
        title="c",
        due_date=date(2025, 5, 1),
        completed_on=date(2025, 4, 20),
        status=Status.DONE,
    )
    today = date(2025, 12, 7)
    services.value_record(indicator=indicator, period="2025-Q4", value=Decimal("70"), by=cast.jonas, comment="ranka")
    assert services.recompute(cast.alfa, today=today) == (1, 2)
    q1, q2 = current(indicator, "2025-Q1"), current(indicator, "2025-Q2")
    assert (q1.value, q1.records, q1.origin) == (50, 2, Origin.COMPUTED) and q1.computed_at is not None
    assert q2.value == 100 and not Value.objects.filter(indicator=indicator, period="2025-Q3").exists()
    assert current(indicator, "2025-Q4").value == 70  # entered by hand: kept
    services.value_approve(indicator=indicator, period="2025-Q1", by=cast.jonas)
    ImprovementAction.objects.filter(number=2).update(completed_on=date(2025, 1, 30))
    ImprovementAction.objects.filter(number=3).update(completed_on=None, status=Status.IN_PROGRESS)
    services.recompute(cast.alfa, today=today)
    assert current(indicator, "2025-Q1").value == 50  # approved: locked
    assert not Value.objects.filter(indicator=indicator, period="2025-Q2").exists()  # nothing left to count: no value


def test_recompute_button(cast):
    make_indicator(cast.alfa, code=COMPUTED_CODE, owner=cast.jonas)
    ImprovementAction.objects.create(
        org=cast.alfa,
        number=1,
        title="a",
        due_date=date(2025, 2, 1),
        completed_on=date(2025, 1, 20),
        status=Status.DONE,
    )
    response = client_for(cast.jonas).post(url("recompute", cast))
    assert response.status_code == 302
    assert Value.objects.filter(org=cast.alfa, origin=Origin.COMPUTED).count() == 1


def test_approved_at_is_a_moment(cast):
    indicator = world(cast)
    assert current(indicator, "2024").approved_at == datetime(2025, 2, 1, 10, tzinfo=UTC)
