"""Anonymity, proven on the schema and on what a submission leaves behind."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orgs.models import ActivityEntry, Organisation, Service, Unit
from surveys.models import Answer, Campaign, Invitation, Question, Response

IDENTIFYING = {"ip", "ip_address", "user", "person", "invitation", "token", "email", "created_at", "submitted_at"}


def _form_data(**answers):
    data = {"action": "submit", "q-rate": "4", "website": ""}
    data.update(answers)
    return data


def test_response_links_to_no_person_invitation_ip_or_time_of_day():
    fields = Response._meta.concrete_fields
    assert {f.related_model for f in fields if f.is_relation} == {Organisation, Campaign, Service, Unit}
    assert not IDENTIFYING & {f.name for f in fields}
    assert not [
        f for f in fields if isinstance(f, (models.DateTimeField, models.TimeField, models.GenericIPAddressField))
    ]
    assert type(Response._meta.get_field("submitted_on")) is models.DateField


def test_answer_links_only_to_its_response_question_and_copies_of_the_responses_own_links():
    fields = Answer._meta.concrete_fields
    links = {Organisation, Campaign, Response, Question, Service, Unit}
    assert {f.related_model for f in fields if f.is_relation} == links
    assert not [f for f in fields if isinstance(f, (models.DateTimeField, models.GenericIPAddressField))]
    # The copies (for breakdowns without a join) are what a response already holds, never its date or respondent.
    own = {f.name for f in fields} - {"id", "response", "question", "value", "choice", "text"}
    assert own == {"org", "campaign", "service", "unit", "group", "channel"}
    assert own <= {f.name for f in Response._meta.concrete_fields}


def test_invitation_records_only_that_it_was_used_never_when_or_which_response():
    fields = {f.name: f for f in Invitation._meta.concrete_fields}
    assert type(fields["used"]) is models.BooleanField
    assert not {"used_on", "used_at", "response", "answered_at"} & set(fields)
    assert Response not in {f.related_model for f in fields.values() if f.is_relation}


def test_no_model_of_any_app_points_at_a_response_but_its_answers():
    pointing = [
        m._meta.label
        for m in apps.get_models()
        for f in m._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model is Response
    ]
    assert pointing == ["surveys.Answer"]


@pytest.mark.django_db
def test_personal_link_is_marked_used_without_any_trace_of_the_answers(cast, campaign):
    invitation = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="gavejas@example.lt")
    url = reverse("surveys_public:token", args=[invitation.token])
    response = Client(REMOTE_ADDR="203.0.113.77").post(url, _form_data(**{"q-comment": "Viskas gerai"}))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.used and invitation.draft == {}
    stored = Response.objects.get(campaign=campaign)
    assert stored.respondent == "" and stored.submitted_on == timezone.localdate()
    response_type = ContentType.objects.get_for_model(Response)
    assert not ActivityEntry.objects.filter(target_type=response_type).exists()
    assert not ActivityEntry.objects.filter(org=cast.alfa, target_repr__contains="gavejas").exists()
    rows = [*Response.objects.values_list(), *Answer.objects.values_list(), *Invitation.objects.values_list()]
    assert "203.0.113.77" not in repr(rows)


@pytest.mark.django_db
def test_a_used_personal_link_cannot_send_a_second_questionnaire(cast, campaign):
    invitation = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="gavejas@example.lt")
    url = reverse("surveys_public:token", args=[invitation.token])
    client = Client()
    assert client.post(url, _form_data()).status_code == 302
    second = client.post(url, _form_data(**{"q-rate": "1"}))
    assert second.status_code == 200
    assert "already been used" in second.content.decode() or "jau panaudota" in second.content.decode()
    assert Response.objects.filter(campaign=campaign).count() == 1
    assert Answer.objects.get(question__code="rate").value == 4.0


@pytest.mark.django_db
def test_a_survey_that_is_not_anonymous_keeps_the_address_the_invitation_went_to(cast, version):
    from surveys.tests.factories import make_campaign

    campaign = make_campaign(cast.alfa, version, anonymous=False)
    invitation = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="partneris@example.lt")
    Client().post(reverse("surveys_public:token", args=[invitation.token]), _form_data())
    assert Response.objects.get(campaign=campaign).respondent == "partneris@example.lt"


@pytest.mark.django_db
def test_open_link_answers_store_nothing_about_the_visitor(cast, campaign):
    client = Client(REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Mozilla/5.0 Kokybe-Test")
    client.post(reverse("surveys_public:form", args=[campaign.public_slug]), _form_data())
    response = Response.objects.get(campaign=campaign)
    assert response.respondent == "" and response.group == ""
    dump = repr([*Response.objects.values_list(), *Answer.objects.values_list()])
    assert "198.51.100.23" not in dump and "Kokybe-Test" not in dump
