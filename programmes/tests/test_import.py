"""Participants from an XLSX: the preview (rows to create or update, errors per row and column), the confirmation
that writes every row or none, bad files refused with nothing written, the template."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kokybe.test import client_for, count_queries
from orgs.models import ActivityEntry, Organisation
from programmes import imports
from programmes.models import Milestone, ProgrammeParticipation

from .factories import cast_programme

pytestmark = pytest.mark.django_db

HEADER = [
    "Organizacija",
    "Juridinio asmens kodas",
    "Savivaldybė",
    "Banga",
    "Būsena",
    "Sutarties numeris",
    "Sutarties data",
    "Prisijungimo data",
    "Konsultanto el. paštas",
]


def workbook(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("dalyviai.xlsx", buffer.getvalue())


def row(name, code, **kw):
    return [
        name,
        code,
        kw.get("municipality", "Utenos r. sav."),
        kw.get("wave", ""),
        kw.get("status", ""),
        kw.get("number", ""),
        kw.get("contract", date(2024, 2, 1)),
        kw.get("joined"),
        kw.get("consultant", ""),
    ]


@pytest.fixture
def setup(cast):
    programme = cast_programme(cast)
    programme.waves.create(name="1 banga")
    return programme, client_for(cast.jonas), reverse("programmes:participants_import", args=[programme.pk])


def test_the_preview_shows_what_each_row_does_and_writes_nothing(cast, setup):
    programme, client, url = setup
    Organisation.objects.filter(pk=cast.beta.pk).update(company_code="100000002")  # Beta takes part already
    Organisation.objects.create(name="Gama", slug="gama", company_code="100000003")  # in Kokybė, not taking part
    rows = [
        row("Naujas centras", "300 000 010", wave="1 banga", status="Pasirašyta sutartis", number="S-1"),
        row("Betos globos namai", 100000002, status="in_progress"),
        row("Gama", "100000003", consultant="kestutis@programa.test"),
    ]
    response = client.post(url, {"file": workbook(rows)})
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert "Nauja organizacija" in text and "Dalyvavimas atnaujintas" in text
    assert "Kokybėje jau esanti organizacija prisijungia" in text
    assert not Organisation.objects.filter(company_code="300000010").exists()
    assert programme.participations.count() == 2


def test_confirm_imports_every_row(cast, setup):
    programme, client, url = setup
    Organisation.objects.filter(pk=cast.beta.pk).update(company_code="100000002")
    rows = [
        row("Naujas centras", "300000010", wave="1 banga", status="Contracted", number="S-1"),
        row("Betos globos namai", "100000002", status="Sertifikuota", number="S-2"),
    ]
    client.post(url, {"file": workbook(rows)})
    response = client.post(reverse("programmes:participants_import_confirm", args=[programme.pk]))
    assert response.status_code == 302
    org = Organisation.objects.get(company_code="300000010")
    assert (org.name, org.municipality) == ("Naujas centras", "Utenos r. sav.")
    new = ProgrammeParticipation.objects.get(programme=programme, org=org)
    assert (new.status, new.wave.name, new.contract_number, new.contract_date, new.joined_on) == (
        "contracted",
        "1 banga",
        "S-1",
        date(2024, 2, 1),
        date(2024, 2, 1),
    )
    assert Milestone.objects.filter(participation=new).exists()
    beta = ProgrammeParticipation.objects.get(programme=programme, org=cast.beta)
    assert (beta.status, beta.contract_number) == ("certified", "S-2")
    cast.beta.refresh_from_db()
    assert cast.beta.name == "Betos globos namai"  # the provider's own data is not the import's to change
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.IMPORTED, org=programme.coordinating_org).exists()
    assert "programmes:import" not in "".join(client.session.keys())


def test_rows_with_errors_are_shown_per_column_and_nothing_is_imported(cast, setup):
    programme, client, url = setup
    rows = [
        row("Geras centras", "300000020"),
        row("", "12345", wave="9 banga", status="Kažkas", contract="2024-13-01", consultant="nera@x.test"),
        row("Dvynys", "300000020"),
    ]
    client.post(url, {"file": workbook(rows)})
    text = client.get(url).text
    assert "Organizacijos pavadinimo trūksta." in text
    assert "Įmonės kodą sudaro 9 skaitmenys." in text
    assert "Programa neturi bangos „9 banga“." in text
    assert "„Kažkas“ nėra dalyvavimo būsena." in text
    assert "Datą rašykite taip: MMMM-MM-DD." in text
    assert "Šis adresas nėra programos konsultanto." in text
    assert "Toks pat juridinio asmens kodas yra 2 eilutėje." in text
    assert 'name="confirm"' not in text  # no import button while a row has errors
    response = client.post(reverse("programmes:participants_import_confirm", args=[programme.pk]))
    assert response.status_code == 302
    assert not Organisation.objects.filter(company_code="300000020").exists()


def test_the_database_is_checked_again_on_confirm(cast, setup):
    programme, client, url = setup
    client.post(url, {"file": workbook([row("Naujas", "300000030", wave="1 banga")])})
    programme.waves.all().delete()  # meanwhile the wave is gone
    client.post(reverse("programmes:participants_import_confirm", args=[programme.pk]))
    assert not Organisation.objects.filter(company_code="300000030").exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("dalyviai.xlsx", b"ne excel"), "Įkelkite Excel failą"),
        (SimpleUploadedFile("dalyviai.pdf", b"%PDF-1.4 test"), "Įkelkite Excel failą"),
        (None, "Nežinomi stulpeliai: „Pavadinimas“"),
        ("missing", "Trūksta stulpelių: „Juridinio asmens kodas“"),
        ("empty", "Faile nėra eilučių"),
    ],
)
def test_bad_files_get_a_clear_error_and_write_nothing(setup, upload, message):
    programme, client, url = setup
    if upload is None:
        upload = workbook([row("A", "300000040")], header=["Pavadinimas", *HEADER[1:]])
    elif upload == "missing":
        upload = workbook([["A"]], header=["Organizacija"])
    elif upload == "empty":
        upload = workbook([])
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert message in response.text
    assert "programmes:import" not in "".join(client.session.keys())
    assert programme.participations.count() == 2


def test_too_big_a_file_is_refused(setup, settings):
    programme, client, url = setup
    settings.UPLOAD_MAX_BYTES = 1024
    response = client.post(url, {"file": workbook([row(f"Centras {i}", f"3000001{i:02d}") for i in range(60)])})
    assert response.status_code == 400
    assert "didesnis nei" in response.text


def test_the_template_reads_back_as_a_valid_preview(setup):
    programme, client, url = setup
    response = client.get(reverse("programmes:participants_template", args=[programme.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADER
    raw = imports.read(SimpleUploadedFile("t.xlsx", response.content))
    assert [r.errors for r in imports.check(programme, raw)] == [[]]


def test_only_the_coordinator_imports(cast, setup):
    programme, _client, url = setup
    for user in (cast.extra["programme_consultant"], cast.extra["programme_funder"]):
        assert client_for(user).get(url).status_code == 403
    assert client_for(cast.petras).get(url).status_code == 404


def test_checking_a_workbook_takes_the_same_queries_for_10_and_300_rows(setup):
    programme, _client, _url = setup

    def raw(n):
        return [{"number": i + 2, "cells": {"org_name": f"C{i}", "company_code": f"{300000100 + i}"}} for i in range(n)]

    assert count_queries(lambda: imports.check(programme, raw(10))) == count_queries(
        lambda: imports.check(programme, raw(300))
    )
