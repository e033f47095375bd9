"""Recording, triage into notifications, the chronology, alerts, actions and the figures."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import ImprovementAction
from kokybe.test import assert_constant_queries, client_for, page_form
from safeguarding import figures, services
from safeguarding.models import AppendOnly, ChronologyEntry, Event, EventType, Notice, Rule

from .conftest import FACTS


@pytest.mark.django_db
def test_recording_needs_only_type_age_group_and_facts(cast, lead, django_capture_on_commit_callbacks):
    client = client_for(cast.rasa)
    url = reverse("safeguarding:new", args=[cast.alfa.slug])
    form = client.get(url)
    assert form.status_code == 200 and 'type="datetime-local"' in form.content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "type": "psychological",
                "happened_at": now,
                "aware_at": now,
                "setting": "licensed_care",
                "age_group": "child",
                "alleged": "unknown",
                "facts": FACTS,
            },
        )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.recorded_by == cast.rasa and event.status == "new" and event.number == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [lead.email]


@pytest.mark.django_db
def test_bad_input_writes_nothing(cast, lead):
    client = client_for(cast.rasa)
    url = reverse("safeguarding:new", args=[cast.alfa.slug])
    response = client.post(
        url,
        {
            "type": "physical",
            "happened_at": "2026-12-07T10:00",
            "aware_at": "2026-12-06T10:00",
            "setting": "licensed_care",
            "alleged": "unknown",
            "facts": "",
            "person": "P-ZZZZ",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"facts", "person", "age_group"} <= set(errors)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_an_event_keeps_the_complaint_that_raised_it(cast, lead, child):
    from complaints.tests.factories import make_complaint

    complaint = make_complaint(cast.alfa, cast.jonas, possible_abuse=True, service_user=child)
    client = client_for(cast.rasa)
    url = reverse("safeguarding:new", args=[cast.alfa.slug]) + f"?complaint={complaint.uuid}"
    assert f'value="{complaint.uuid}"' in client.get(url).content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {
        "type": "financial",
        "happened_at": now,
        "aware_at": now,
        "setting": "community",
        "age_group": "older",
        "alleged": "staff",
        "facts": "Trūksta pinigų",
        "complaint": complaint.uuid,
        "money_owner": "service_user",
        "amount": "120.50",
        "found_how": "reconciliation",
        "reconciliation_ref": "SUT-2026-11",
    }
    client.post(url, data)
    event = Event.objects.get()
    assert (
        event.complaint_uuid == complaint.uuid and event.amount == 120.5 and event.reconciliation_ref == "SUT-2026-11"
    )
    lead_client = client_for(lead)
    assert complaint.get_absolute_url() in lead_client.get(event.get_absolute_url()).content.decode()
    person = lead_client.get(reverse("safeguarding:person", args=[cast.alfa.slug, child.uuid])).content.decode()
    assert str(complaint) in person and complaint.subject not in person


@pytest.mark.django_db
def test_a_complaint_of_another_organisation_is_refused(cast, lead):
    from complaints.tests.factories import make_complaint

    foreign = make_complaint(cast.beta, cast.petras)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client_for(cast.rasa).post(
        reverse("safeguarding:new", args=[cast.alfa.slug]),
        {
            "type": "neglect",
            "happened_at": now,
            "aware_at": now,
            "setting": "community",
            "age_group": "adult",
            "alleged": "unknown",
            "facts": "Nepriežiūra",
            "complaint": foreign.uuid,
        },
    )
    assert response.status_code == 400 and not Event.objects.exists()


@pytest.mark.django_db
def test_triage_creates_one_notice_per_applicable_rule_with_a_snapshot(cast, event, lead):
    created = services.event_transition(event=event, to="assessing", reason="Pradedame vertinti", by=lead)
    kinds = sorted(n.authority.kind for n in created)
    # A child, physical violence, in licensed care: VVTAĮT, police, and SPPD.
    assert kinds == ["police", "sppd", "vvtait"]
    vvtait = next(n for n in created if n.authority.kind == "vvtait")
    assert vvtait.due_at == event.aware_at + timedelta(hours=1)
    assert vvtait.terms["source"].startswith("LR civilinis kodeksas")
    Rule.objects.filter(code="child-violence-vvtait").update(channel="Pakeista")
    vvtait.refresh_from_db()
    assert vvtait.terms["channel"] != "Pakeista"  # the terms as they were at triage
    # Triage again (after a reopening) adds nothing twice.
    services.event_transition(event=event, to="closed", reason="Baigta", by=lead)
    services.event_transition(event=event, to="investigating", reason="Nauja informacija", by=lead)
    assert event.notices.count() == 3


@pytest.mark.django_db
def test_a_transition_needs_a_reason_and_a_legal_step(cast, event, lead):
    with pytest.raises(ValidationError):
        services.event_transition(event=event, to="assessing", reason=" ", by=lead)
    with pytest.raises(ValidationError):
        services.event_transition(event=event, to="notified", reason="Per anksti", by=lead)
    assert Event.objects.get(pk=event.pk).status == "new"


@pytest.mark.django_db
def test_recording_a_notice_sent_or_not_applicable(cast, event, lead):
    notices = services.event_transition(event=event, to="assessing", reason="Vertiname", by=lead)
    client = client_for(lead)
    url = reverse("safeguarding:notice", args=[cast.alfa.slug, event.uuid, notices[0].pk])
    refused = client.post(url, {"status": "not_applicable", "reason": ""})
    assert refused.status_code == 400 and Notice.objects.get(pk=notices[0].pk).status == "due"
    sent = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert (
        client.post(url, {"status": "sent", "sent_at": sent, "channel": "Telefonu", "reference": "R-12"}).status_code
        == 302
    )
    notice = Notice.objects.get(pk=notices[0].pk)
    assert notice.status == "sent" and notice.reference == "R-12"
    assert event.chronology.filter(kind="notice", text__isnull=False).count() >= 2


@pytest.mark.django_db
def test_overdue_notices_alert_the_leads_once(cast, event, lead, django_capture_on_commit_callbacks):
    from work.models import Notification

    services.event_transition(event=event, to="assessing", reason="Vertiname", by=lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("safeguarding_alerts", stdout=io.StringIO())
    # The event became aware 3 hours ago: the "immediately" notices (1 hour) are overdue, SPPD's working day is not.
    assert Notification.objects.filter(user=lead, verb=services.OVERDUE).count() == 2
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("safeguarding_alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_opening_the_list_alerts_the_lead(cast, event, lead, django_capture_on_commit_callbacks):
    services.event_transition(event=event, to="assessing", reason="Vertiname", by=lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(lead).get(reverse("safeguarding:list", args=[cast.alfa.slug]))
    assert "badge-bad" in page.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_chronology_is_append_only(cast, event, lead):
    entry = services.entry_add(event=event, by=lead, text="Kalbėjome su mama 14:00")
    with pytest.raises(AppendOnly):
        entry.text = "Kalbėjome su mama 15:00"
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    correction = services.entry_add(event=event, by=lead, text="Ne 14:00, o 15:00", corrects=entry)
    assert correction.kind == ChronologyEntry.Kind.CORRECTION
    assert ChronologyEntry.objects.get(pk=entry.pk).text == "Kalbėjome su mama 14:00"


@pytest.mark.django_db
def test_an_attachment_is_checksummed(cast, event, lead):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "Pažyma apie sužalojimą".encode()
    client = client_for(lead)
    url = reverse("safeguarding:attachment_upload", args=[cast.alfa.slug, event.uuid])
    client.post(url, {"file": SimpleUploadedFile("pazyma.txt", body)})
    attachment = event.attachments.get()
    assert attachment.sha256 == hashlib.sha256(body).hexdigest() and attachment.is_intact()


@pytest.mark.django_db
def test_an_improvement_action_does_not_copy_the_case(cast, event, lead):
    client = client_for(lead)
    url = reverse("safeguarding:action", args=[cast.alfa.slug, event.uuid])
    client.post(url, {"title": "Budėjimo grafikas naktį", "description": "Peržiūrėti naktinio budėjimo tvarką"})
    action = ImprovementAction.objects.get()
    assert action.source == "incident" and action.source_type_id is None
    assert FACTS not in action.description and event.chronology.filter(kind="action").exists()


@pytest.mark.django_db
def test_figures_count_and_suppress(cast, event, lead, child):
    year = timezone.localdate().year
    result = figures.for_year(cast.alfa, year)
    assert result.total == 1 and result.total_shown is None  # fewer than 5
    assert result.by_type[0] == (EventType.PHYSICAL.label, None)
    assert result.service_users == 1 and result.per_100 == 100.0
    for n in range(1, 6):
        services.event_record(
            org=cast.alfa,
            by=lead,
            type="physical",
            happened_at=event.happened_at,
            aware_at=event.aware_at + timedelta(minutes=n),
            service_user=child,
            age_group="child",
            facts="Dar kartą",
        )
    result = figures.for_year(cast.alfa, year)
    assert result.total_shown == 6 and result.repeats == 5


@pytest.mark.django_db
def test_notified_on_time_share(cast, event, lead):
    notices = services.event_transition(event=event, to="assessing", reason="Vertiname", by=lead)
    late, na, on_time = sorted(notices, key=lambda n: n.due_at)  # the last is due at the end of a working day
    services.notice_record(notice=on_time, by=lead, status="sent", sent_at=timezone.now())
    services.notice_record(notice=late, by=lead, status="sent", sent_at=late.due_at + timedelta(minutes=30))
    services.notice_record(notice=na, by=lead, status="not_applicable", reason="Ne licencijuota globa")
    today = timezone.localdate()
    from kokybe import surfaces

    source = surfaces.result_sources_all()["safeguarding.notified_on_time"]
    measure = source.compute(cast.alfa, today - timedelta(days=1), today)
    assert (measure.numerator, measure.denominator, measure.value) == (1, 2, 50.0)


def _grow(cast, lead, child):
    def grow(n):
        have = Event.objects.count()
        now = timezone.now()
        Event.objects.bulk_create(
            Event(
                org=cast.alfa,
                number=have + i + 1,
                type="neglect",
                happened_at=now,
                aware_at=now,
                age_group="child",
                service_user=child,
                facts="x",
                recorded_by=lead,
            )
            for i in range(n - have)
        )
        for e in Event.objects.all()[: n - have]:
            ChronologyEntry.objects.create(event=e, by=lead, text="Įrašas")

    return grow


@pytest.mark.django_db
def test_the_case_list_has_a_query_budget(cast, lead, child):
    client = client_for(lead)
    url = reverse("safeguarding:list", args=[cast.alfa.slug])

    def render():
        assert client.get(url).status_code == 200

    assert_constant_queries(render, _grow(cast, lead, child))


@pytest.mark.django_db
def test_the_person_chronology_has_a_query_budget(cast, lead, child):
    client = client_for(lead)
    url = reverse("safeguarding:person", args=[cast.alfa.slug, child.uuid])

    def render():
        assert client.get(url).status_code == 200

    assert_constant_queries(render, _grow(cast, lead, child))


@pytest.mark.django_db
def test_the_figures_are_offered_as_evidence_to_rights_indicators_only(cast, event):
    from types import SimpleNamespace

    from kokybe import surfaces

    kind = next(k for k in surfaces.evidence_kinds_all() if k.key == "safeguarding_figures")

    def answer(code):
        return SimpleNamespace(
            indicator=SimpleNamespace(criterion=SimpleNamespace(principle=SimpleNamespace(code=code)))
        )

    offers = kind.offers(cast.alfa, answer("3"), [])
    assert len(offers) == 1 and "mažiau nei 5" in offers[0].fields["reference"]
    assert FACTS not in str(offers[0]) and event.service_user.reference not in str(offers[0])
    assert kind.offers(cast.alfa, answer("2"), []) == []


@pytest.mark.django_db
def test_editing_the_handling_writes_which_fields_changed(cast, event, lead):
    client = client_for(lead)
    url = reverse("safeguarding:handling", args=[cast.alfa.slug, event.uuid])
    form = page_form(client.get(url), "severity")
    form.update({"severity": "serious", "support_given": "Psichologės konsultacija"})
    assert client.post(url, form).status_code == 302
    event.refresh_from_db()
    assert event.severity == "serious" and event.support_given == "Psichologės konsultacija"
    last = event.chronology.order_by("-pk").first()
    assert "svarba" in last.text and "pagalba" in last.text


@pytest.mark.django_db
def test_a_lead_edits_a_rule_and_later_triage_uses_it(cast, event, lead):
    services.ensure_defaults(cast.alfa)
    rule = Rule.objects.get(org=cast.alfa, code="child-violence-vvtait")
    client = client_for(lead)
    url = reverse("safeguarding:rule_edit", args=[cast.alfa.slug, rule.pk])
    form = page_form(client.get(url), "channel")
    form.update({"clock": "hours", "amount": "2", "channel": "Tik telefonu", "event_types": ["physical", "sexual"]})
    assert client.post(url, form).status_code == 302
    rule.refresh_from_db()
    assert rule.event_types == ["physical", "sexual"] and rule.clock == "hours" and rule.amount == 2
    notices = services.event_transition(event=event, to="assessing", reason="Vertiname", by=lead)
    vvtait = next(n for n in notices if n.authority.kind == "vvtait")
    assert vvtait.due_at == event.aware_at + timedelta(hours=2) and vvtait.terms["channel"] == "Tik telefonu"
