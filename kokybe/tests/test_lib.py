"""The shared plumbing in kokybe/lib: mail in the recipient's language, service errors onto forms, the throttle."""

from dataclasses import dataclass

import pytest
from django import forms
from django.core import mail as outbox
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.test import RequestFactory

from kokybe.lib import mail, throttle
from kokybe.lib.forms import add_service_errors


@dataclass
class Invitee:
    email: str
    language: str


SUBJECT = "accounts/email/invitation_subject.txt"
BODY = "accounts/email/invitation_body.txt"


def _context():
    return {"org_name": "Alfa & Co", "inviter": "Ona", "role": "—", "link": "https://x.test/a", "invitation": None}


def test_mail_is_rendered_in_the_recipients_language(settings):
    en = mail.message(Invitee("a@x.test", "en"), SUBJECT, BODY, _context())
    lt = mail.message(Invitee("b@x.test", "lt"), SUBJECT, BODY, _context())
    assert en.subject.startswith("Invitation to join") and en.to == ["a@x.test"]
    assert lt.subject.startswith("Kvietimas") and "\n" not in lt.subject
    assert "To accept the invitation" in en.body and "To accept the invitation" not in lt.body
    assert en.alternatives == []


def test_html_alternative_is_attached_when_asked():
    message = mail.message(Invitee("a@x.test", "en"), SUBJECT, BODY, _context(), html_template=BODY)
    assert message.alternatives[0].mimetype == "text/html"


@pytest.mark.django_db(transaction=True)
def test_mail_goes_out_only_when_the_transaction_commits():
    with transaction.atomic():
        mail.send_to(Invitee("a@x.test", "en"), SUBJECT, BODY, _context())
        assert outbox.outbox == []
    assert len(outbox.outbox) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_to(Invitee("b@x.test", "en"), SUBJECT, BODY, _context())
        raise RuntimeError
    assert len(outbox.outbox) == 1


class TitleForm(forms.Form):
    title = forms.CharField()
    upload = forms.FileField(required=False)


def _form():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    return form


def test_service_errors_land_on_their_fields_or_on_the_form():
    form = _form()
    add_service_errors(form, ValidationError({"title": "Taken.", "org": "Other org.", NON_FIELD_ERRORS: "Closed."}))
    assert form.errors == {"title": ["Taken."], NON_FIELD_ERRORS: ["Other org.", "Closed."]}
    assert "title" not in form.cleaned_data


def test_service_error_without_fields_lands_on_the_form():
    form = _form()
    add_service_errors(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Not now."]


def test_renamed_model_field_lands_on_the_form_field():
    form = _form()
    add_service_errors(form, ValidationError({"file": "Too big."}), rename={"file": "upload"})
    assert form.errors == {"upload": ["Too big."]}


def test_throttle_allows_up_to_the_limit_per_key():
    keys = ["ip:10.0.0.9"]
    assert [throttle.allow("test", keys, 2, 60) for _ in range(3)] == [True, True, False]
    assert throttle.allow("test", ["ip:10.0.0.8"], 2, 60)
    throttle.clear("test", keys)
    assert throttle.allow("test", keys, 2, 60)


def test_client_ip_behind_the_proxy_is_the_last_forwarded_address(settings):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2", REMOTE_ADDR="10.0.0.1")
    settings.BEHIND_PROXY = True
    assert throttle.client_ip(request) == "2.2.2.2"
    settings.BEHIND_PROXY = False
    assert throttle.client_ip(request) == "10.0.0.1"


def test_a_share_of_nothing_is_no_value_and_records_default_to_the_whole():
    from kokybe.surfaces import Measure

    assert Measure.share(0, 0) is None
    assert Measure.share(3, 4) == Measure(value=75.0, numerator=3, denominator=4, records=4)
    assert Measure.share(3, 4, records=3).records == 3


@pytest.mark.django_db
def test_the_throttle_counts_in_the_database_cache_with_one_read_and_one_write(settings, django_assert_max_num_queries):
    """Production's cache is a table: every survey submission, complaint form and API request pays the throttle's
    queries. One read of all keys, one write (the database cache's set is a count, a select and an upsert)."""
    from django.core.management.sql import emit_post_migrate_signal

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t_cache"}}
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    keys = ["ip:10.0.0.9"]
    with django_assert_max_num_queries(6):
        assert throttle.allow("test", keys, 2, 60)
    assert [throttle.allow("test", keys, 2, 60) for _ in range(2)] == [True, False]
    throttle.hit("test", ["ip:10.0.0.10"], 60)
    assert throttle.blocked("test", ["ip:10.0.0.10"], 1) and not throttle.blocked("test", ["ip:10.0.0.10"], 2)
