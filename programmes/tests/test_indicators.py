"""Programme indicators: monthly contributions by form and XLSX upload (all or nothing), unique persons by keyed hash,
the forecast and its warning, benchmarks with suppression, the funder's report."""

import io
import logging
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kokybe.test import client_for, pdf_text
from orgs.models import ActivityEntry, Organisation
from programmes import pages, persons
from programmes.models import Contribution, PersonReport, ProgrammeIndicator, ProgrammeParticipation

from .factories import cast_indicator, cast_programme

pytestmark = pytest.mark.django_db

# Valid Lithuanian personal codes (checksum) made up for the tests.
ONA = "48901234563"
JONAS = "39001010000"


def _valid(code):
    assert persons.is_personal_code(code), code
    return code


def workbook(rows, header=("Mėnuo", "Asmens kodas", "Amžiaus grupė")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "ataskaita.xlsx"
    return out


def upload(cast, org_slug, rows, user=None, indicator=None, **kw):
    indicator = indicator or cast_indicator(cast)
    url = reverse("programmes_org:indicator", args=[org_slug, indicator.programme_id, indicator.pk])
    client = client_for(user or (cast.ona if org_slug == "alfa" else cast.petras))
    return client.post(url, {"form": "upload", "file": workbook(rows, **kw)})


def test_personal_code_checksum():
    assert _valid(ONA) and _valid(JONAS)
    assert not persons.is_personal_code("48901234562")
    assert not persons.is_personal_code("4890123456")
    assert persons.is_personal_code("489 0123 4563")


def test_same_person_at_two_partners_counts_once(cast):
    indicator = cast_indicator(cast)
    assert upload(cast, "alfa", [("2024-01", ONA, "suaugęs"), ("2024-02", JONAS, "adult")]).status_code == 302
    assert upload(cast, "beta", [("2024-03", ONA, "Suaugęs")]).status_code == 302
    assert PersonReport.objects.count() == 3
    progress = pages.progress(indicator, date(2024, 6, 1))
    assert progress.current == 2
    # First seen: Ona in January (at Alfa), Jonas in February; Beta's Ona in March adds no one.
    assert [(m.month, int(v)) for m, v in progress.series] == [(1, 1), (2, 2)]


def test_personal_code_is_never_stored_nor_logged(cast, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "48901234562"  # a typo: the checksum fails
    response = upload(cast, "alfa", [("2024-01", ONA, "adult"), ("2024-02", bad, "adult")])
    assert response.status_code == 200
    assert "2 eilutė" not in response.text  # the header is row 1, the bad code row 3
    assert "3 eilutė: asmens kodas neteisingas." in response.text
    assert bad not in response.text
    assert upload(cast, "alfa", [("2024-01", ONA, "adult")]).status_code == 302
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (our own table names)
            for row in cursor.fetchall():
                assert not any(ONA in str(value) or bad in str(value) for value in row), table
    assert ONA not in caplog.text and bad not in caplog.text
    [report] = PersonReport.objects.all()
    assert report.person_hash == persons.person_hash(cast_programme(cast).person_key, ONA) != ONA


def test_rotating_the_key_changes_hashes_from_then_on(cast):
    programme = cast_programme(cast)
    upload(cast, "alfa", [("2024-01", ONA, "adult")])
    old_key = programme.person_key
    response = client_for(cast.jonas).post(reverse("programmes:key_rotate", args=[programme.pk]))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.person_key != old_key and programme.person_key_version == 2
    upload(cast, "beta", [("2024-02", ONA, "adult")])
    versions = sorted(PersonReport.objects.values_list("key_version", flat=True))
    assert versions == [1, 2]
    assert len(set(PersonReport.objects.values_list("person_hash", flat=True))) == 2


def test_each_programme_has_its_own_key(cast):
    from .factories import make_programme

    other = make_programme(cast.beta, code="OTHER")
    assert other.person_key != cast_programme(cast).person_key
    assert persons.person_hash(other.person_key, ONA) != persons.person_hash(cast_programme(cast).person_key, ONA)


def test_upload_with_a_bad_row_writes_nothing_and_says_which(cast):
    response = upload(
        cast, "alfa", [("2024-01", ONA, "adult"), ("sausis", JONAS, "adult"), ("2024-02", JONAS, "marsietis")]
    )
    assert response.status_code == 200
    assert "3 eilutė: mėnuo turi būti užrašytas kaip MMMM-MM." in response.text
    assert "4 eilutė: „marsietis“ nėra reikšmė: Amžiaus grupė." in response.text
    assert not PersonReport.objects.exists()
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.IMPORTED).exists()


def test_summed_indicator_by_form_and_by_upload(cast):
    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="visits", name="Vizitai", unit="vnt.", target=100, deadline=date(2026, 12, 31)
    )
    url = reverse("programmes_org:indicator", args=["alfa", programme.pk, indicator.pk])
    client = client_for(cast.jonas)
    assert client.post(url, {"form": "month", "month": "2024-01", "value": "7"}).status_code == 302
    assert client.post(url, {"form": "month", "month": "2024-01", "value": "8"}).status_code == 302  # replaces
    assert Contribution.objects.get().value == 8
    response = upload(cast, "alfa", [("2024-02", 5), ("2024-03", "4,5")], indicator=indicator, header=("m", "v"))
    assert response.status_code == 302
    assert pages.progress(indicator, date(2024, 6, 1)).current == 17.5
    response = client.post(url, {"form": "month", "month": "2014-01", "value": "3"})
    assert "Mėnuo nepatenka į programos laikotarpį." in response.text


def test_staff_read_the_indicator_page_but_do_not_report(cast):
    indicator = cast_indicator(cast)
    url = reverse("programmes_org:indicator", args=["alfa", indicator.programme_id, indicator.pk])
    client = client_for(cast.rasa)
    assert client.get(url).status_code == 200
    assert client.post(url, {"form": "upload", "file": workbook([("2024-01", ONA, "adult")])}).status_code == 403
    assert not PersonReport.objects.exists()


def test_forecast_warns_when_the_deadline_is_near_and_the_pace_falls_short(cast):
    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="v", name="V", unit="vnt.", target=100, deadline=date(2024, 12, 31)
    )
    part = programme.participations.get(org=cast.alfa)
    for month in range(1, 7):
        Contribution.objects.create(indicator=indicator, participation=part, month=date(2024, month, 1), value=10)
    near = pages.progress(indicator, date(2024, 7, 15))
    assert near.current == 60 and near.forecast == 120 and not near.warning  # 60 + 10 × 6 months
    indicator.target = 150
    short = pages.progress(indicator, date(2024, 7, 15))
    assert short.forecast == 120 and short.warning
    far = pages.progress(indicator, date(2024, 2, 15))
    indicator.deadline = date(2026, 12, 31)
    assert not pages.progress(indicator, date(2024, 7, 15)).warning  # far from the deadline
    assert far.current == 60


# ── Benchmarks: suppression ──────────────────────────────────────────────────────────────────────────────────────


def _providers(programme, n):
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Centras {i}", slug=f"c-{programme.participations.count()}-{i}") for i in range(n)
    )
    return ProgrammeParticipation.objects.bulk_create(
        ProgrammeParticipation(programme=programme, org=org, joined_on=date(2024, 1, 1)) for org in orgs
    )


def test_a_group_of_fewer_than_5_providers_is_suppressed(cast):
    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="v", name="Vizitai", unit="vnt.", target=100, deadline=date(2026, 12, 31)
    )
    parts = _providers(programme, 5)
    for i, part in enumerate(parts[:4]):
        Contribution.objects.create(indicator=indicator, participation=part, month=date(2024, 1, 1), value=i + 1)
    row = next(r for _t, rows in pages.benchmarks(programme) for r in rows if r.label.startswith("Vizitai"))
    assert row.suppressed and row.median is None and row.low is None
    response = client_for(cast.jonas).get(reverse("programmes:benchmarks", args=[programme.pk]))
    assert "Paslėpta: mažiau nei 5 paslaugų teikėjai." in response.text
    Contribution.objects.create(indicator=indicator, participation=parts[4], month=date(2024, 1, 1), value=5)
    row = next(r for _t, rows in pages.benchmarks(programme) for r in rows if r.label.startswith("Vizitai"))
    assert not row.suppressed and (row.low, row.median, row.high) == (2, 3, 4)


def test_breakdown_hides_groups_of_fewer_than_5_providers(cast):
    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="v", name="V", unit="vnt.", target=100, deadline=date(2026, 12, 31)
    )
    parts = _providers(programme, 6)
    Organisation.objects.filter(pk__in=[p.org_id for p in parts[:5]]).update(municipality="Utenos r. sav.")
    Organisation.objects.filter(pk=parts[5].org_id).update(municipality="Zarasų r. sav.")
    for part in parts:
        Contribution.objects.create(indicator=indicator, participation=part, month=date(2024, 1, 1), value=2)
    [groups] = pages.breakdown(indicator).values()
    assert dict(groups) == {"Utenos r. sav.": 10, "Zarasų r. sav.": None}


def test_provider_sees_its_own_position(cast):
    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="v", name="Vizitai", unit="vnt.", target=100, deadline=date(2026, 12, 31)
    )
    parts = [*programme.participations.filter(org=cast.alfa), *_providers(programme, 5)]
    for i, part in enumerate(parts):
        Contribution.objects.create(indicator=indicator, participation=part, month=date(2024, 1, 1), value=(i + 1) * 10)
    response = client_for(cast.vida).get(reverse("programmes_org:seen", args=["alfa"]))
    assert "10: žemiausiame ketvirtyje" in response.text
    assert "Centras" not in response.text  # no other provider is named


def test_benchmark_query_count_does_not_grow(cast):
    from kokybe.test import assert_constant_queries

    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme, code="v", name="V", unit="vnt.", target=100, deadline=date(2026, 12, 31)
    )
    client = client_for(cast.jonas)

    def grow(n):
        parts = (
            _providers(programme, n - programme.participations.count()) if n > programme.participations.count() else []
        )
        Contribution.objects.bulk_create(
            Contribution(indicator=indicator, participation=p, month=date(2024, 1, 1), value=1) for p in parts
        )

    def render():
        for name in ("programmes:benchmarks", "programmes:indicators"):
            assert client.get(reverse(name, args=[programme.pk])).status_code == 200

    assert_constant_queries(render, grow, small=10, large=200)


# ── The funder's report ──────────────────────────────────────────────────────────────────────────────────────────


def test_funder_downloads_the_report_as_xlsx_and_pdf(cast):
    programme = cast_programme(cast)
    upload(cast, "alfa", [("2024-01", ONA, "adult")])
    client = client_for(cast.extra["programme_funder"])
    response = client.get(
        reverse("programmes:report_xlsx", args=[programme.pk]), {"first": "2024-01-01", "last": "2024-12-31"}
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Santrauka", "Programos etapai", "Rodikliai", "Išskaidymas"]
    assert ("Asmenys, gavę integralią pagalbą", "asm.", 0, 4018, None, 1, None)[:4] == tuple(
        list(wb["Rodikliai"].values)[1][:4]
    )
    assert "2024-01-01 – 2024-12-31" in [row[1] for row in wb["Santrauka"].values]
    response = client.get(reverse("programmes:report_pdf", args=[programme.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Ataskaita finansuotojui" in text and "4018" in text.replace(" ", "").replace("\xa0", "")
