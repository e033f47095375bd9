"""XLSX and PDF exports read back; the questionnaire library's YAML import and export."""

import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.tests.test_plan_pdf import extract
from surveys import library
from surveys.models import Campaign, Instrument, InstrumentVersion, Question
from surveys.tests.factories import TEST_YAML, add_response, campaign_url, make_campaign


@pytest.fixture
def answered(campaign):
    # Three respondents: the lowest minimum group size an anonymous survey may have lets its results show.
    Campaign.objects.filter(pk=campaign.pk).update(min_group_size=3)
    campaign.min_group_size = 3
    add_response(
        campaign,
        {"rate": 5, "used": 1, "followup": 4, "role": "user", "areas": ["food", "staff"], "comment": "Ačiū už pagalbą"},
    )
    add_response(campaign, {"rate": 3, "used": 0, "years": 4.5, "nps": 10})
    add_response(campaign, {"rate": 4, "role": "family"})
    return campaign


def test_summary_xlsx_has_every_question_with_its_figures_in_lithuanian(cast, answered, login):
    response = login(cast.vida).get(campaign_url("summary_xlsx", answered))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    sheet = book["Santrauka"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == answered.title and list(rows[4][:2]) == ["Anketos", 3]
    header = rows[7]
    assert header[:5] == ["Kodas", "Skyrius", "Klausimas", "Rūšis", "Atsakymai"]
    rate = next(r for r in rows if r[0] == "rate")
    assert rate[4] == 3 and rate[5] == 4.0 and rate[9] == pytest.approx(0.667, abs=0.001) and rate[13] == "6.3.1"
    # Numbers stay numbers with their formats: a mean with two decimals, a share as a real percentage.
    rate_row = next(row for row in sheet.iter_rows() if row[0].value == "rate")
    assert rate_row[5].number_format == "0.00" and rate_row[9].number_format == "0.0%"
    assert sheet["B4"].is_date and sheet["B4"].number_format == "yyyy-mm-dd"
    dist = {(r[0], r[2]): r[3] for r in book["Pasiskirstymai"].iter_rows(min_row=2, values_only=True)}
    assert dist[("rate", "5 – Visiškai sutinku")] == 1 and dist[("role", "Artimasis")] == 1


def test_raw_xlsx_of_an_anonymous_survey_has_dates_and_answers_but_nothing_personal(cast, answered, login):
    book = load_workbook(BytesIO(login(cast.jonas).get(campaign_url("raw_xlsx", answered)).content))
    rows = list(book.active.iter_rows(values_only=True))
    header, texts, data = rows[0], rows[1], rows[2:]
    assert "Respondentas" not in header and header[:6] == (
        "Nr.",
        "Data",
        "Būdas",
        "Paslauga",
        "Padalinys",
        "Respondentų grupė",
    )
    assert "Esu patenkintas paslaugomis." in texts
    assert len(data) == 3 and [r[0] for r in data] == [1, 2, 3]
    col = {code: i for i, code in enumerate(header)}
    first = next(r for r in data if r[col["comment"]])
    assert (
        first[col["rate"]] == 5 and first[col["areas"]] == "food; staff" and first[col["comment"]] == "Ačiū už pagalbą"
    )
    assert all(hasattr(r[1], "year") and r[1].hour == 0 and r[1].minute == 0 for r in data)  # a date, no time


def test_raw_xlsx_is_for_managers_only(cast, answered, login):
    assert login(cast.rasa).get(campaign_url("raw_xlsx", answered)).status_code == 403


def test_summary_pdf_is_a4_text_with_the_org_questions_and_lithuanian_letters(cast, answered, login):
    response = login(cast.vida).get(campaign_url("summary_pdf", answered))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    text = extract(response.content)
    assert cast.alfa.name in text and "Esu patenkintas paslaugomis." in text
    assert "Apklausos santrauka" in text and "Vidurkis" in text
    assert "Ačiū už pagalbą" not in text  # free text is not part of the evidence summary


def test_the_external_auditor_reads_survey_figures_only_through_a_grant(cast, answered, login):
    from orgs.roles import Role

    auditor = login(cast.users[Role.EXTERNAL_AUDITOR])
    assert auditor.get(campaign_url("summary", answered)).status_code == 403
    assert auditor.get(campaign_url("results", answered)).status_code == 403


# ── Questionnaire library ─────────────────────────────────────────────────────────────────────────────────────


def test_the_five_shipped_questionnaires_load_and_reload_as_a_no_op(db):
    first = library.import_library()
    assert sorted(r.version.instrument.audience for r in first) == [
        "carers",
        "managers",
        "partners",
        "service_users",
        "staff",
    ]
    assert all(r.created for r in first)
    assert not any(r.created for r in library.import_library())
    users = Instrument.objects.get(code="service-user-satisfaction")
    assert users.easy_read_available and users.versions.get().questions.filter(easy_text_lt__gt="").count() == 8
    tagged = Question.objects.exclude(principle_codes=[]).values_list("principle_codes", flat=True)
    assert {c for codes in tagged for c in codes} <= {str(i) for i in range(1, 11)}


def test_shipped_indicator_tags_exist_in_the_working_set(db):
    import yaml
    from django.conf import settings

    working_set = yaml.safe_load((settings.BASE_DIR / "frameworks/library/equass-assurance-2018-ws.yaml").read_text())
    codes = {i["code"] for p in working_set["principles"] for c in p["criteria"] for i in c["indicators"]}
    library.import_library()
    tags = {c for q in Question.objects.all() for c in q.indicator_codes}
    assert tags and tags <= codes


def test_export_then_import_gives_the_same_questionnaire(version):
    text = library.export_yaml(version)
    assert library.checksum(library.canonical(library.parse(text))) == version.checksum
    result = library.import_instrument(text)
    assert not result.created and InstrumentVersion.objects.count() == 1
    moved = library.import_instrument(text.replace("code: test-survey", "code: copy-of-test"))
    assert moved.created
    original = list(version.questions.order_by("order").values_list("code", "type", "show_if__code", "options"))
    copied = list(moved.version.questions.order_by("order").values_list("code", "type", "show_if__code", "options"))
    assert original == copied


def test_a_used_version_cannot_change_but_a_new_label_can(cast, version):
    make_campaign(cast.alfa, version)
    changed = TEST_YAML.replace("Esu patenkintas paslaugomis.", "Esu labai patenkintas.")
    with pytest.raises(library.InstrumentImportError) as exc:
        library.import_instrument(changed)
    assert "jau naudojama" in str(exc.value) or "already used" in str(exc.value)
    assert version.questions.get(code="rate").text_lt == "Esu patenkintas paslaugomis."
    assert library.import_instrument(changed.replace('label: "1"', 'label: "2"')).created


def test_an_import_with_mistakes_lists_every_one_and_writes_nothing(cast, login):
    broken = (
        TEST_YAML.replace("type: recommend", "type: slider")
        .replace("show_if: {question: used", "show_if: {question: nowhere")
        .replace("title_en: Main part", "title_en: ''")
    )
    client = login(cast.jonas)
    response = client.post(
        reverse("surveys:instrument_import", args=["alfa"]),
        {"file": _upload("klausimynas.yaml", broken)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Niekas neimportuota: rastos 3 problemos" in page
    assert "slider" in page and not Instrument.objects.exists()


def test_an_organisation_imports_its_own_questionnaire_that_others_do_not_see(cast, login):
    client = login(cast.jonas)
    response = client.post(
        reverse("surveys:instrument_import", args=["alfa"]), {"file": _upload("mano.yaml", TEST_YAML)}
    )
    version = InstrumentVersion.objects.get(instrument__org=cast.alfa)
    assert response.status_code == 302 and response["Location"].endswith(f"/questionnaires/{version.pk}/")
    beta = login(cast.petras)
    assert beta.get(reverse("surveys:instrument", args=["beta", version.pk])).status_code == 404
    download = client.get(reverse("surveys:instrument_export", args=["alfa", version.pk]))
    assert (
        download["Content-Type"].startswith("application/yaml")
        and "test-survey-1.yaml" in download["Content-Disposition"]
    )


def _upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def test_a_version_stored_under_an_older_digest_of_the_same_content_is_not_a_change(cast, version):
    from surveys.models import InstrumentVersion

    make_campaign(cast.alfa, version)
    InstrumentVersion.objects.filter(pk=version.pk).update(checksum="older-canonical-form")
    result = library.import_instrument(TEST_YAML)
    assert not result.created and result.version.pk == version.pk
    version.refresh_from_db()
    assert version.checksum == library.checksum(library.canonical(library.parse(TEST_YAML)))


def test_the_commands_import_the_library_and_export_a_version(db, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("import_questionnaires", stdout=out)
    assert out.getvalue().count("imported") == 5
    exported = io.StringIO()
    call_command("export_questionnaire", "staff-satisfaction-wellbeing", stdout=exported)
    path = tmp_path / "staff.yaml"
    path.write_text(exported.getvalue(), encoding="utf-8")
    again = io.StringIO()
    call_command("import_questionnaires", str(path), stdout=again)
    assert "unchanged" in again.getvalue()
