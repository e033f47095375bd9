"""Audit pages: plan, checklist, on-site mode, findings, closing, reports; roles, budgets, Lithuanian text."""

import io
from datetime import date

import pytest

from actions.models import ImprovementAction
from assessments.models import EvidenceItem, EvidenceKind, IndicatorAnswer
from assessments.tests.factories import make_assessment, make_version
from audits import services
from audits.models import Audit, AuditFinding, ChecklistItem, Kind, Status
from kokybe.test import assert_constant_queries, client_for, urls_for
from orgs.models import ActivityEntry
from orgs.roles import Role

from .factories import make_audit

url = urls_for("audits")

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(cast):
    return cast.users[Role.INTERNAL_AUDITOR]


@pytest.fixture
def audit(cast):
    version = make_version()
    cycle = make_assessment(cast, version)
    answer = cycle.answers.get(indicator__code="1.1.1")
    IndicatorAnswer.objects.filter(pk=answer.pk).update(rating="partly", narrative="Tvarka patvirtinta 2025 m.")
    item = EvidenceItem.objects.create(
        org=cast.alfa, kind=EvidenceKind.URL, title="Etikos kodeksas", url="https://e.lt"
    )
    item.answers.add(answer)
    return make_audit(cast, version, assessment=cycle, lead_auditor=cast.users[Role.INTERNAL_AUDITOR])


# ── List and plan ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_list_shows_audits_in_lithuanian(cast, audit):
    response = client_for(cast.rasa).get(url("list", cast))
    assert response.status_code == 200
    text = response.text
    assert "<h1>Auditai</h1>" in text and audit.title in text and "Vidaus auditas" in text
    assert "Planuoti vidaus auditą" not in text  # staff read, they do not plan


def test_audit_list_queries_do_not_grow_with_audits(cast):
    version = make_version()
    client = client_for(cast.jonas)

    def grow(n):
        for i in range(Audit.objects.count(), n):
            Audit.objects.create(
                org=cast.alfa,
                kind=Kind.EXTERNAL if i % 2 else Kind.INTERNAL,
                external_type="renewal" if i % 2 else "",
                title=f"Auditas {i}",
                version=version,
                planned_start=date(2026, 1, 1),
                lead_auditor=None if i % 2 else cast.jonas,
            )

    def render():
        assert client.get(url("list", cast)).status_code == 200

    assert_constant_queries(render, grow, small=10, large=120)


def test_internal_auditor_plans_an_audit_with_scope_and_team(cast, auditor):
    version = make_version()
    principle = version.principles.get(code="2")
    cycle = make_assessment(cast, version)
    response = client_for(auditor).post(
        url("create", cast, "internal"),
        {
            "title": "Vidaus auditas 2027",
            "version": version.pk,
            "assessment": cycle.pk,
            "principles": [principle.pk],
            "services": [cast.alfa_service.pk],
            "planned_start": "2027-02-03",
            "planned_end": "2027-02-04",
            "lead_auditor": auditor.pk,
            "team": [cast.jonas.pk],
            "method": "Dokumentų peržiūra, pokalbiai su darbuotojais ir paslaugų gavėjais.",
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == audit.get_absolute_url()
    assert audit.checklist.count() == 4 and list(audit.team.all()) == [cast.jonas]
    assert audit.milestone.start_date == date(2027, 2, 3)


def test_external_audit_form_takes_the_auditors_report_file(cast):
    from .factories import pdf_upload

    version = make_version()
    response = client_for(cast.jonas).post(
        url("create", cast, "external"),
        {
            "title": "Išorės auditas",
            "external_type": "initial",
            "version": version.pk,
            "planned_start": "2020-11-23",
            "desk_review_on": "2020-11-02",
            "site_visit_on": "2020-11-23",
            "auditor_name": "Andrius Navickas",
            "auditor_body": "EQUASS",
            "report": pdf_upload(),
        },
    )
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert audit.report_name == "Ataskaita.pdf" and audit.checklist.count() == 0
    download = client_for(cast.rasa).get(url("auditor_report", cast, audit.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_an_unknown_kind_of_audit_is_404(cast):
    assert client_for(cast.jonas).get(url("create", cast, "secret")).status_code == 404


# ── Checklist ─────────────────────────────────────────────────────────────────────────────────────────────────────


def test_checklist_shows_the_self_assessment_beside_each_indicator(cast, audit):
    text = client_for(cast.rasa).get(url("checklist", cast, audit.pk)).text
    assert "Iš dalies atitinka" in text and "Etikos kodeksas" in text
    assert "Darbas vietoje" not in text  # staff do not audit


def test_checklist_queries_are_the_same_for_10_and_120_indicators(cast):
    version = make_version(total=120)
    cycle = make_assessment(cast, version)
    answers = list(cycle.answers.all())
    IndicatorAnswer.objects.filter(assessment=cycle).update(rating="met", narrative="Taip")
    items = EvidenceItem.objects.bulk_create(
        EvidenceItem(org=cast.alfa, kind=EvidenceKind.URL, title=f"Įrodymas {i}", url="https://e.lt")
        for i in range(len(answers))
    )
    for item, answer in zip(items, answers, strict=True):
        item.answers.add(answer)
    audit = make_audit(cast, version, assessment=cycle)
    indicators = list(version.indicators.order_by("pk"))
    client = client_for(cast.jonas)
    from documents.tests.factories import approved

    # Each finding rests on a document that follows the version in force and on one pinned version.
    policy, charter = approved(cast), approved(cast, type_code="service-users-charter")
    documents = [(policy, None), (charter, charter.current_version)]

    def grow(n):
        ChecklistItem.objects.filter(audit=audit).delete()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(org=cast.alfa, audit=audit, indicator=i, note="Pastaba") for i in indicators[:n]
        )
        for indicator in indicators[audit.findings.count() : n]:
            services.finding_create(
                audit=audit, kind="strength", text="Gerai", by=cast.jonas, indicator=indicator, documents=documents
            )

    def render():
        response = client.get(url("checklist", cast, audit.pk))
        assert response.status_code == 200 and charter.title in response.text

    small, large = assert_constant_queries(render, grow, small=10, large=120)
    print(f"checklist queries: {small} with 10 indicators, {large} with 120")


# ── On-site mode ──────────────────────────────────────────────────────────────────────────────────────────────────


def first_item(audit):
    return audit.checklist.order_by("indicator__code").first()


def test_onsite_starts_at_the_first_unchecked_indicator(cast, audit, auditor):
    first = first_item(audit)
    services.checklist_item_save(item=first, values={"verdict": "conforms"}, by=auditor)
    response = client_for(auditor).get(url("onsite_start", cast, audit.pk))
    second = audit.checklist.order_by("indicator__code")[1]
    assert response["Location"] == url("onsite", cast, audit.pk, second.pk)


def test_onsite_screen_shows_one_indicator_with_big_controls(cast, audit, auditor):
    item = first_item(audit)
    text = client_for(auditor).get(url("onsite", cast, audit.pk, item.pk)).text
    assert "Rodiklis 1 iš 8" in text and item.indicator.title_lt in text
    assert 'class="big-choices"' in text and "Kalbintieji" in text and "Paslaugų gavėjai" in text
    assert "Įsivertinimas: Iš dalies atitinka" in text


def test_onsite_form_without_javascript_saves_and_goes_to_the_next_indicator(cast, audit, auditor):
    item = first_item(audit)
    response = client_for(auditor).post(
        url("onsite", cast, audit.pk, item.pk),
        {
            "verdict": "not_conforms",
            "note": "Du darbuotojai nežino tvarkos.",
            "interviewed": ["staff", "management"],
            "evidence_checked": "Supažindinimo lapai",
            "go": "next",
        },
    )
    second = audit.checklist.order_by("indicator__code")[1]
    assert response["Location"] == url("onsite", cast, audit.pk, second.pk)
    item.refresh_from_db()
    assert (item.verdict, item.interviewed, item.note) == (
        "not_conforms",
        ["staff", "management"],
        "Du darbuotojai nežino tvarkos.",
    )


def test_the_last_screens_next_goes_back_to_the_checklist(cast, audit, auditor):
    last = audit.checklist.order_by("-indicator__code").first()
    response = client_for(auditor).post(url("onsite", cast, audit.pk, last.pk), {"verdict": "conforms", "go": "next"})
    assert response["Location"] == url("checklist", cast, audit.pk)


def test_htmx_autosave_of_one_field_answers_with_a_one_line_fragment(cast, audit, auditor):
    item = first_item(audit)
    services.checklist_item_save(item=item, values={"note": "Pirmoji pastaba"}, by=auditor)
    response = client_for(auditor).post(
        url("onsite_save", cast, audit.pk, item.pk),
        {"field": "interviewed", "interviewed": ["service_users"]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text and "Išsaugota" in response.text
    assert len(response.content) < 200
    item.refresh_from_db()
    # Only the field named was written: the note stays.
    assert item.interviewed == ["service_users"] and item.note == "Pirmoji pastaba"


def test_htmx_autosave_clears_the_interviewed_groups_when_none_are_ticked(cast, audit, auditor):
    item = first_item(audit)
    services.checklist_item_save(item=item, values={"interviewed": ["staff"]}, by=auditor)
    client_for(auditor).post(
        url("onsite_save", cast, audit.pk, item.pk), {"field": "interviewed"}, headers={"HX-Request": "true"}
    )
    item.refresh_from_db()
    assert item.interviewed == []


def test_htmx_autosave_refuses_an_unknown_verdict_with_422(cast, audit, auditor):
    item = first_item(audit)
    response = client_for(auditor).post(
        url("onsite_save", cast, audit.pk, item.pk),
        {"field": "verdict", "verdict": "maybe"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "state-bad" in response.text


def test_onsite_of_a_closed_audit_is_read_only(cast, audit, auditor):
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=auditor)
    services.audit_close(audit=audit, by=auditor)
    item = first_item(audit)
    client = client_for(auditor)
    assert "disabled" in client.get(url("onsite", cast, audit.pk, item.pk)).text
    assert client.post(url("onsite", cast, audit.pk, item.pk), {"verdict": "conforms"}).status_code == 403
    save = client.post(url("onsite_save", cast, audit.pk, item.pk), {"field": "note", "note": "x"})
    assert save.status_code == 409


def test_recording_a_finding_from_the_onsite_screen_returns_to_it(cast, audit, auditor):
    item = first_item(audit)
    response = client_for(auditor).post(
        url("finding_create", cast, audit.pk),
        {
            "item": item.pk,
            "finding-kind": "minor_nc",
            "finding-text": "Nėra supažindinimo žymų.",
            "finding-evidence": "",
        },
    )
    assert response["Location"] == url("onsite", cast, audit.pk, item.pk)
    finding = AuditFinding.objects.get()
    assert finding.indicator == item.indicator and finding.created_by == auditor


def test_a_finding_of_another_audits_item_is_refused(cast, audit, auditor):
    other = make_audit(cast, audit.version, title="Kitas")
    item = first_item(other)
    response = client_for(auditor).post(
        url("finding_create", cast, audit.pk), {"item": item.pk, "finding-kind": "strength", "finding-text": "x"}
    )
    assert response.status_code == 404


# ── Findings and actions ──────────────────────────────────────────────────────────────────────────────────────────


def test_one_click_makes_an_action_and_the_link_is_shown_both_ways(cast, audit, auditor):
    finding = services.finding_create(audit=audit, kind="observation", text="Protokoluose nėra terminų.", by=auditor)
    client = client_for(auditor)
    response = client.post(url("finding_action", cast, audit.pk, finding.pk))
    assert response["Location"] == audit.get_absolute_url()
    action = ImprovementAction.objects.get()
    assert action.source_object == finding
    finding_page = client.get(url("finding", cast, audit.pk, finding.pk)).text
    assert f"Nr. {action.number}" in finding_page or f"#{action.number}" in finding_page
    action_page = client.get(action.get_absolute_url()).text
    assert finding.get_absolute_url() in action_page


def test_deleting_a_closed_audits_finding_through_the_page_is_forbidden(cast, audit, auditor):
    finding = services.finding_create(audit=audit, kind="observation", text="Pastebėjimas", by=auditor)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=auditor)
    services.audit_close(audit=audit, by=auditor)
    client = client_for(cast.jonas)
    assert client.post(url("finding_delete", cast, audit.pk, finding.pk)).status_code == 403
    assert client.get(url("finding_edit", cast, audit.pk, finding.pk)).status_code == 403
    assert AuditFinding.objects.filter(pk=finding.pk).exists()
    page = client.get(url("finding", cast, audit.pk, finding.pk)).text
    assert "Ištrinti radinį" not in page and "Įrašyti pataisymą" in page


def test_a_correction_through_the_page_is_a_new_finding(cast, audit, auditor):
    finding = services.finding_create(audit=audit, kind="major_nc", text="Nėra registro.", by=auditor)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=auditor)
    services.audit_close(audit=audit, by=auditor)
    response = client_for(auditor).post(
        url("finding_correct", cast, audit.pk, finding.pk), {"kind": "minor_nc", "text": "Registras nepildomas."}
    )
    correction = AuditFinding.objects.get(corrects=finding)
    assert response["Location"] == correction.get_absolute_url()
    page = client_for(auditor).get(url("detail", cast, audit.pk)).text
    assert "Pataisyta radiniu 2." in page


def test_an_open_audits_finding_can_be_deleted_on_its_page(cast, audit, auditor):
    finding = services.finding_create(audit=audit, kind="observation", text="Klaida", by=auditor)
    response = client_for(auditor).post(url("finding_delete", cast, audit.pk, finding.pk))
    assert response.status_code == 302 and not AuditFinding.objects.exists()


def test_staff_read_findings_but_cannot_record_them(cast, audit):
    client = client_for(cast.rasa)
    assert client.get(url("detail", cast, audit.pk)).status_code == 200
    assert "Įrašyti radinį" not in client.get(url("detail", cast, audit.pk)).text
    assert client.post(url("finding_create", cast, audit.pk), {"kind": "strength", "text": "x"}).status_code == 403


# ── Closing and the report ───────────────────────────────────────────────────────────────────────────────────────


def test_closing_lists_findings_still_without_an_action(cast, audit, auditor):
    services.finding_create(audit=audit, kind="minor_nc", text="Neatitiktis be veiksmo", by=auditor)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=auditor)
    client = client_for(auditor)
    assert "Neatitiktis be veiksmo" in client.get(url("close", cast, audit.pk)).text
    response = client.post(url("close", cast, audit.pk), {"summary": "Sistema veikia, rasta 1 neatitiktis."})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == Status.CLOSED and audit.summary.startswith("Sistema veikia")


def test_closing_a_planned_audit_is_refused_with_the_reason(cast, audit, auditor):
    response = client_for(auditor).post(url("close", cast, audit.pk), {"summary": ""})
    assert response.status_code == 409 and "negalima perkelti" in response.text


def _report_audit(cast, audit, auditor):
    item = first_item(audit)
    services.checklist_item_save(item=item, values={"verdict": "partly"}, by=auditor)
    services.finding_create(
        audit=audit,
        kind="strength",
        text="Darbuotojai gerai žino etikos kodeksą.",
        by=auditor,
        indicator=item.indicator,
    )
    finding = services.finding_create(
        audit=audit,
        kind="minor_nc",
        text="Neatnaujintas individualus planas.",
        by=auditor,
        indicator=item.indicator,
        evidence="3 iš 10 bylų",
    )
    services.finding_to_action(finding=finding, by=auditor, owner=cast.rasa, due_date=date(2027, 3, 31))
    audit.method = "Dokumentų peržiūra ir pokalbiai."
    audit.save()


def test_audit_report_docx_has_scope_team_method_summary_findings_and_actions(cast, audit, auditor):
    from docx import Document

    _report_audit(cast, audit, auditor)
    response = client_for(cast.rasa).get(url("report_docx", cast, audit.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    for expected in [
        "Audito ataskaita",
        audit.title,
        "Ingrida Ingridaitė",
        "Dokumentų peržiūra ir pokalbiai.",
        "Apibendrinimas pagal principus",
        "Radinys 2 · Nedidelė neatitiktis",
        "Neatnaujintas individualus planas.",
        "3 iš 10 bylų",
        "Sutarti veiksmai",
        "Rasa Rasaitė",
        "2027-03-31",
    ]:
        assert expected in text, expected


def test_audit_report_pdf_is_a_real_pdf_with_the_findings(cast, audit, auditor):
    import re

    from actions.tests.test_plan_pdf import extract, unpacked

    _report_audit(cast, audit, auditor)
    response = client_for(cast.rasa).get(url("report_pdf", cast, audit.pk))
    assert response.content.startswith(b"%PDF-")
    text = extract(response.content)
    assert "Audito ataskaita" in text and "Neatnaujintas individualus planas." in text
    plain = unpacked(response.content)
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+DejaVu-?Sans", plain) and b"/FontFile" in plain


def test_audit_report_in_english(cast, audit, auditor):
    from docx import Document

    _report_audit(cast, audit, auditor)
    response = client_for(cast.rasa).get(url("report_docx", cast, audit.pk) + "?lang=en")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Audit report" in text and "Finding 2 · Minor nonconformity" in text


def test_changes_are_in_the_activity_log(cast, audit, auditor):
    item = first_item(audit)
    client_for(auditor).post(
        url("onsite_save", cast, audit.pk, item.pk), {"field": "note", "note": "Pastaba"}, headers={"HX-Request": "1"}
    )
    assert ActivityEntry.objects.filter(target_id=str(item.pk), verb=ActivityEntry.Verb.UPDATED).exists()


def test_the_audit_checklist_is_not_called_the_mandatory_documents_list(cast, audit):
    # "Checklist" was one msgid for two things; Lithuanian needs two words (the documents app's list is another page).
    page = client_for(cast.jonas).get(url("detail", cast, audit.pk)).text
    assert "Audito kontrolinis sąrašas" in page and "Privalomų dokumentų sąrašas" not in page
