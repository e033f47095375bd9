from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import ImprovementAction
from complaints import services
from complaints.models import Complaint, ComplaintRules, Conclusion, Contact, IdentityMode, Kind, Status
from complaints.tests.factories import make_complaint, pdf_upload
from kokybe.lib.workdays import VILNIUS
from kokybe.test import assert_constant_queries, client_for, urls_for
from orgs.models import ActivityEntry

url = urls_for("complaints")
pytestmark = pytest.mark.django_db


def test_numbers_run_per_kind_and_year(cast):
    first = make_complaint(cast.alfa, cast.jonas)
    second = make_complaint(cast.alfa, cast.jonas)
    request = make_complaint(cast.alfa, cast.jonas, kind=Kind.REQUEST)
    thanks = make_complaint(cast.alfa, cast.jonas, kind=Kind.COMPLIMENT)
    later = make_complaint(cast.alfa, cast.jonas, received=datetime(2027, 1, 4, 9, tzinfo=VILNIUS))
    assert [first.number, second.number, request.number, thanks.number, later.number] == [
        "S-2026-001",
        "S-2026-002",
        "P-2026-001",
        "D-2026-001",
        "S-2027-001",
    ]
    assert make_complaint(cast.beta, cast.petras).number == "S-2026-001"


def test_received_friday_before_christmas_is_due_20_january_and_compliment_has_no_term(cast):
    complaint = make_complaint(cast.alfa, cast.jonas)
    assert complaint.decision_due == date(2027, 1, 20)
    assert make_complaint(cast.alfa, cast.jonas, kind=Kind.COMPLIMENT).decision_due is None


def test_a_later_change_of_the_rules_never_moves_an_old_deadline(cast):
    old = make_complaint(cast.alfa, cast.jonas)
    rules = ComplaintRules.of(cast.alfa)
    rules.decision_days = 10
    rules.save()
    new = make_complaint(cast.alfa, cast.jonas)
    old.refresh_from_db()
    old.compute_deadlines()
    assert old.decision_due == date(2027, 1, 20) and old.rule["decision_days"] == 20
    assert new.decision_due == date(2027, 1, 6) and new.rule["decision_days"] == 10


def test_extension_moves_the_decision_and_needs_a_reason(cast):
    complaint = make_complaint(cast.alfa, cast.jonas)
    with pytest.raises(ValidationError):
        services.complaint_extend(complaint=complaint, days=5, reason=" ", extended_on=date(2027, 1, 15), by=cast.jonas)
    with pytest.raises(ValidationError):
        services.complaint_extend(
            complaint=complaint, days=11, reason="Ekspertizė", extended_on=date(2027, 1, 15), by=cast.jonas
        )
    complaint = Complaint.objects.get(pk=complaint.pk)
    services.complaint_extend(
        complaint=complaint, days=10, reason="Ekspertizė", extended_on=date(2027, 1, 15), by=cast.jonas
    )
    complaint.refresh_from_db()
    assert complaint.decision_due == date(2027, 2, 3)
    assert complaint.extension_notice_due() == date(2027, 1, 19)
    with pytest.raises(ValidationError):
        services.complaint_extend(
            complaint=complaint, days=1, reason="Dar kartą", extended_on=date(2027, 1, 18), by=cast.jonas
        )


def test_forwarding_counts_as_decided_and_starts_the_notice_term(cast):
    complaint = make_complaint(cast.alfa, cast.jonas, received=datetime(2026, 12, 22, 9, tzinfo=VILNIUS))
    services.complaint_forward(
        complaint=complaint, forwarded_to="Savivaldybės administracija", forwarded_on=date(2026, 12, 31), by=cast.jonas
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.DECIDED and complaint.conclusion == Conclusion.FORWARDED
    assert complaint.forward_notice_due() == date(2027, 1, 6)


def test_staff_see_only_entries_they_handle_and_restricted_ones_only_handlers_and_director(cast):
    mine = make_complaint(cast.alfa, cast.jonas, owner=cast.rasa, subject="Rasos")
    other = make_complaint(cast.alfa, cast.jonas, subject="Svetimas reikalas")
    secret = make_complaint(cast.alfa, cast.jonas, subject="Galimas smurtas", possible_abuse=True)
    rasa, ona = client_for(cast.rasa), client_for(cast.ona)
    listed = rasa.get(url("list", cast)).content.decode()
    assert "Rasos" in listed and "Svetimas reikalas" not in listed
    assert rasa.get(url("detail", cast, other.uuid)).status_code == 404
    unit_head = client_for(cast.users["unit_head"])
    assert unit_head.get(url("detail", cast, other.uuid)).status_code == 200
    assert unit_head.get(url("detail", cast, secret.uuid)).status_code == 404
    assert ona.get(url("detail", cast, secret.uuid)).status_code == 200
    assert client_for(cast.jonas).get(url("detail", cast, secret.uuid)).status_code == 200  # he registered it
    assert secret.restricted and mine.pk


def test_a_possible_abuse_offers_to_start_the_safeguarding_record(cast):
    secret = make_complaint(cast.alfa, cast.jonas, possible_abuse=True)
    page = client_for(cast.ona).get(url("detail", cast, secret.uuid)).content.decode()
    assert "Possible violence or abuse" in page or "smurtas" in page.lower()
    assert f"/o/alfa/safeguarding/new/?complaint={secret.uuid}" in page


@pytest.mark.urls("complaints.tests.urls_without_safeguarding")
def test_no_safeguarding_link_without_the_safeguarding_app(cast):
    secret = make_complaint(cast.alfa, cast.jonas, possible_abuse=True)
    page = client_for(cast.ona).get(url("detail", cast, secret.uuid)).content.decode()
    assert "Possible violence or abuse" in page or "smurtas" in page.lower()
    assert "?complaint=" not in page  # no dead link


def test_confidential_identity_is_hidden_from_readers_and_every_read_is_logged(cast):
    complaint = make_complaint(
        cast.alfa,
        cast.jonas,
        owner=cast.rasa,
        identity=IdentityMode.CONFIDENTIAL,
        contact={"name": "Aldona Slaptoji", "email": "aldona@example.test", "phone": "", "address": ""},
    )
    auditor = client_for(cast.users["internal_auditor"])
    assert "Aldona" not in auditor.get(url("detail", cast, complaint.uuid)).content.decode()
    assert auditor.get(url("contact", cast, complaint.uuid)).status_code == 403
    rasa = client_for(cast.rasa)
    assert "Aldona" not in rasa.get(url("detail", cast, complaint.uuid)).content.decode()
    before = ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED).count()
    assert "Aldona" in rasa.get(url("contact", cast, complaint.uuid)).content.decode()
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.VIEWED).count() == before + 1
    assert not [e for e in ActivityEntry.objects.all() if "Aldona" in str(e.changes) + e.target_repr]


def test_contact_details_never_reach_the_register_or_the_export(cast):
    make_complaint(
        cast.alfa,
        cast.jonas,
        contact={"name": "Zita Zitienė", "email": "zita@example.test", "phone": "+370", "address": ""},
    )
    jonas = client_for(cast.jonas)
    assert "Zita" not in jonas.get(url("list", cast)).content.decode()
    import io

    from openpyxl import load_workbook

    content = jonas.get(url("trends_xlsx", cast)).content
    cells = [str(c.value) for ws in load_workbook(io.BytesIO(content)) for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if "Zita" in c or "zita@" in c]


def test_register_form_creates_the_entry_with_its_contact_apart(cast):
    jonas = client_for(cast.jonas)
    response = jonas.post(
        url("create", cast),
        {
            "kind": "complaint",
            "channel": "phone",
            "received_at": "2026-12-18T10:00",
            "subject": "Nepranešta apie pasikeitusį grafiką",
            "identity": "identified",
            "severity": "medium",
            "contact-name": "Jonas Jonaitis",
            "contact-phone": "+37060000000",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.number == "S-2026-001"
    assert complaint.registered_by == cast.jonas and complaint.owner == cast.jonas
    assert Contact.objects.get(complaint=complaint).phone == "+37060000000"


def test_oversized_original_is_refused_with_a_translated_error_and_nothing_written(cast, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = client_for(cast.jonas).post(
        url("create", cast),
        {
            "kind": "complaint",
            "channel": "paper",
            "received_at": "2026-12-18T10:00",
            "subject": "Per didelis failas",
            "identity": "identified",
            "severity": "low",
            "upload": pdf_upload(),
        },
    )
    assert response.status_code == 200 and "MB" in response.content.decode()
    assert not Complaint.objects.exists()


def test_decide_send_and_close_with_an_action_asks_whether_it_took_effect(cast):
    complaint = make_complaint(cast.alfa, cast.jonas, owner=cast.rasa)
    rasa = client_for(cast.rasa)
    response = rasa.post(
        url("decide", cast, complaint.uuid),
        {"conclusion": "partly", "decided_on": "2027-01-12", "reply": "Atsiprašome.", "reply_published": "on"},
    )
    assert response.status_code == 302
    response = rasa.post(url("action", cast, complaint.uuid))
    action = ImprovementAction.objects.get()
    assert action.source == "complaint" and action.source_object == complaint
    rasa.post(url("reply_sent", cast, complaint.uuid), {"sent_on": "2027-01-13", "via": "email"})
    response = rasa.post(url("close", cast, complaint.uuid), {})
    complaint.refresh_from_db()
    assert response.status_code == 200 and complaint.status == Status.DECIDED
    rasa.post(url("close", cast, complaint.uuid), {"effect": "too_early"})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.action_effect == "too_early"
    assert complaint.reply_sent_on == date(2027, 1, 13) and complaint.decided_in_time()


def test_reply_letter_in_docx_and_pdf_addresses_the_person_in_the_dative(cast):
    from kokybe.test import pdf_text

    complaint = make_complaint(
        cast.alfa, cast.jonas, contact={"name": "Ona Petraitienė", "email": "", "phone": "", "address": "Liepų g. 1"}
    )
    services.complaint_decide(
        complaint=complaint,
        form=_decide_form(
            complaint, {"conclusion": "upheld", "decided_on": "2027-01-12", "reply": "Pavėžėjimas sutvarkytas."}
        ),
        by=cast.jonas,
    )
    jonas = client_for(cast.jonas)
    docx = jonas.get(url("letter", cast, complaint.uuid, "docx"))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    text = pdf_text(jonas.get(url("letter", cast, complaint.uuid, "pdf")).content)
    assert "Onai Petraitienei" in text and "S-2026-001" in text and "Pavėžėjimas sutvarkytas." in text
    assert "2027" in text or "m." in text


def _decide_form(complaint, data):
    from complaints.forms import DecideForm

    form = DecideForm(data, instance=complaint, org=complaint.org)
    assert form.is_valid(), form.errors
    return form


def test_register_page_query_count_does_not_grow_with_entries(cast):
    jonas = client_for(cast.jonas)
    received = datetime(2026, 3, 2, 9, tzinfo=VILNIUS)

    def grow(n):
        have = Complaint.objects.count()
        rows = [
            Complaint(
                org=cast.alfa, kind="complaint", year=2026, sequence=have + i + 1, subject=f"Nr {i}", received_at=received,
                owner=cast.rasa, service=cast.alfa_service,
            )
            for i in range(n - have)
        ]  # fmt: skip
        Complaint.objects.bulk_create(rows)

    def render():
        assert jonas.get(url("list", cast)).status_code == 200

    assert_constant_queries(render, grow, small=10, large=1000)


def test_trends_page_query_count_does_not_grow_with_entries(cast):
    jonas = client_for(cast.jonas)
    received = datetime.now(VILNIUS)

    def grow(n):
        have = Complaint.objects.count()
        Complaint.objects.bulk_create(
            Complaint(
                org=cast.alfa, kind="complaint", year=received.year, sequence=have + i + 1, subject="x", received_at=received,
                decision_due=date(received.year, 12, 31), decided_on=received.date(), conclusion="upheld",
            )
            for i in range(n - have)
        )  # fmt: skip

    def render():
        assert jonas.get(url("trends", cast)).status_code == 200

    assert_constant_queries(render, grow, small=10, large=500)


def test_scripts_in_text_are_shown_as_text(cast):
    complaint = make_complaint(cast.alfa, cast.jonas, subject="<script>alert(1)</script>")
    page = client_for(cast.jonas).get(url("detail", cast, complaint.uuid)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_timeline_evidence_file_is_checked_by_content(cast):
    complaint = make_complaint(cast.alfa, cast.jonas)
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client_for(cast.jonas).post(
        url("timeline_add", cast, complaint.uuid),
        {"type": "evidence", "happened_on": "2026-12-21", "text": "x", "upload": fake},
    )
    assert not complaint.timeline.exists()


@pytest.mark.urls("complaints.tests.urls_safeguarding")
def test_possible_abuse_links_to_the_safeguarding_record_once_that_exists(cast):
    secret = make_complaint(cast.alfa, cast.jonas, possible_abuse=True)
    plain = make_complaint(cast.alfa, cast.jonas)
    page = client_for(cast.ona).get(url("detail", cast, secret.uuid)).content.decode()
    assert f"/o/{cast.alfa.slug}/safeguarding/new/?complaint={secret.uuid}" in page
    assert "safeguarding/new" not in client_for(cast.ona).get(url("detail", cast, plain.uuid)).content.decode()
