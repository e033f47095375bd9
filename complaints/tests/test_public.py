"""The public intake: no account, honeypot, rate limit, one-time forms, tracking codes; anonymity over the schema."""

import re

import pytest
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, ComplaintRules, Contact, IdentityMode
from complaints.tests.factories import pdf_upload
from orgs.models import ActivityEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(cast):
    ComplaintRules.objects.create(org=cast.alfa, public_intake=True)
    return cast


def _url(name, cast, *args):
    return reverse(f"complaints_public:{name}", args=[cast.alfa.slug, *args])


def _once(client, cast, name="form", *args):
    page = client.get(_url(name, cast, *args)).content.decode()
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def _plain(client, cast, **extra):
    data = {
        "kind": "complaint",
        "subject": "Neatsakoma telefonu",
        "description": "Kelias dienas niekas neatsiliepia.",
        "identity": "anonymous",
        "website": "",
        "once": _once(client, cast),
        **extra,
    }
    return client.post(_url("form", cast), data)


def test_intake_is_closed_unless_the_organisation_opens_it(cast):
    assert Client().get(_url("form", cast)).status_code == 404


def test_anonymous_complaint_gets_a_tracking_code_that_shows_status_and_published_reply_only(intake):
    cast, client = intake, Client()
    response = _plain(client, cast)
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([A-Z0-9-]+)<', receipt).group(1)
    complaint = Complaint.objects.get()
    assert complaint.identity == IdentityMode.ANONYMOUS and complaint.registered_by is None
    assert complaint.number in receipt and complaint.decision_due.isoformat() in receipt
    assert code not in complaint.tracking_hash and not Contact.objects.exists()
    complaint.reply, complaint.status = "Atsakymas skundėjui", "decided"
    complaint.save()
    page = Client().post(_url("track", cast), {"code": code}).content.decode()
    assert complaint.number in page and "Atsakymas skundėjui" not in page  # not published yet
    complaint.reply_published = True
    complaint.save()
    page = Client().post(_url("track", cast), {"code": code.lower()}).content.decode()
    assert "Atsakymas skundėjui" in page and "Kelias dienas" not in page


def test_forged_tracking_code_gets_a_translated_error(intake):
    response = Client().post(_url("track", intake), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 404 and "sekimo kod" in response.content.decode().lower()


def test_replayed_form_writes_nothing_twice(intake):
    cast, client = intake, Client()
    once = _once(client, cast)
    data = {"kind": "request", "subject": "Prašau", "description": "Tekstas", "identity": "anonymous", "once": once}
    assert client.post(_url("form", cast), data).status_code == 302
    replay = client.post(_url("form", cast), data)
    assert replay.status_code == 400 and Complaint.objects.count() == 1


def test_honeypot_stores_nothing(intake):
    _plain(Client(), intake, website="http://spam.example")
    assert not Complaint.objects.exists()


def test_rate_limit_refuses_with_a_translated_error(intake, settings):
    settings.COMPLAINT_SUBMISSIONS_PER_IP = 1
    client = Client()
    assert _plain(client, intake).status_code == 302
    response = _plain(client, intake)
    assert response.status_code == 429 and Complaint.objects.count() == 1


def test_oversized_file_is_refused_and_nothing_written(intake, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = _plain(Client(), intake, upload=pdf_upload())
    assert response.status_code == 400 and "MB" in response.content.decode()
    assert not Complaint.objects.exists()


def test_named_complaint_needs_a_way_to_reply_and_mails_a_receipt(intake, django_capture_on_commit_callbacks):
    client = Client()
    response = _plain(client, intake, identity="confidential", name="Aldona")
    assert response.status_code == 400 and not Complaint.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _plain(client, intake, identity="confidential", name="Aldona", email="aldona@example.test")
    assert response.status_code == 302
    assert Contact.objects.get().email == "aldona@example.test"
    assert len(mail.outbox) == 1 and Complaint.objects.get().number in mail.outbox[0].subject
    assert not [e for e in ActivityEntry.objects.all() if "Aldona" in str(e.changes) + e.target_repr]


def test_anonymous_refused_when_the_organisation_does_not_accept_it(intake):
    ComplaintRules.objects.filter(org=intake.alfa).update(accepts_anonymous=False)
    assert _plain(Client(), intake).status_code == 400 and not Complaint.objects.exists()


def test_easy_read_form_one_question_a_screen_to_a_tracking_code(intake):
    cast, client = intake, Client()
    assert client.post(_url("easy", cast, 1), {"answer": "complaint"})["Location"].endswith("/easy/2/")
    assert client.post(_url("easy", cast, 2), {"answer": "Man nepatinka maistas."})["Location"].endswith("/easy/3/")
    # Anonymous: the contact screen is skipped.
    assert client.post(_url("easy", cast, 3), {"answer": "anonymous"})["Location"].endswith("/easy/4/")
    once = _once(client, cast, "easy", 4)
    response = client.post(_url("easy", cast, 4), {"go": "send", "once": once})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "easy_read" and complaint.description == "Man nepatinka maistas."
    assert "tracking-code" in client.get(response["Location"]).content.decode()


def test_easy_read_empty_answer_is_refused(intake):
    response = Client().post(_url("easy", intake, 1), {})
    assert response.status_code == 400


# Anonymity over the schema, like the surveys' test.

IDENTIFYING = {"name", "email", "phone", "address", "ip", "ip_address", "tracking_code", "user_agent"}


def test_the_case_holds_no_contact_field_and_no_ip_and_only_a_hash_of_the_code():
    names = {f.name for f in Complaint._meta.concrete_fields}
    assert not IDENTIFYING & names
    assert not [f for f in Complaint._meta.concrete_fields if isinstance(f, models.GenericIPAddressField)]
    assert "tracking_hash" in names


def test_contact_details_live_only_in_contact_which_points_only_at_the_case():
    fields = Contact._meta.concrete_fields
    assert {f.related_model for f in fields if f.is_relation} == {Complaint}
    from django.apps import apps

    pointing = [
        m._meta.label
        for m in apps.get_models()
        for f in m._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model is Contact
    ]
    assert pointing == []
