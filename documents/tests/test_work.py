"""My work and the reminder digest: documents to confirm, reviews due, versions to approve."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents import services
from documents.models import DocumentSettings
from documents.tests import factories
from kokybe.test import count_queries
from orgs.roles import Role
from work import items as work

pytestmark = pytest.mark.django_db


def items(user, kind=None, today=None):
    found = work.items_for(user, today or timezone.localdate())
    return [i for i in found if kind is None or i.key.startswith(kind)]


def test_a_person_in_the_audience_is_asked_until_they_confirm_and_again_for_a_new_version(cast):
    document = factories.approved(cast, approved_on=timezone.localdate())
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF], due_days=7)
    [item] = items(cast.rasa, "documents.read")
    assert item.title == "Kokybės politika" and item.url == document.current_version.get_absolute_url()
    assert item.due_date == timezone.localdate() + timedelta(days=7) and not item.overdue
    assert items(cast.vida, "documents.read") == []  # not in the audience
    services.acknowledge(version=document.current_version, by=cast.rasa)
    assert items(cast.rasa, "documents.read") == []
    version = services.document_new_version(document=document, by=cast.jonas)
    services.version_save(version=version, by=cast.jonas, body="Naujas")
    services.document_submit(document=document, by=cast.jonas)
    services.document_approve(document=document, by=cast.ona, approved_on=date.today(), effective_from=date.today())
    [item] = items(cast.rasa, "documents.read")
    assert item.target == document.versions.get(number=2)


def test_unit_audience_includes_sub_units_and_named_people(cast):
    cast.memberships[Role.STAFF].unit = cast.alfa_subunit
    cast.memberships[Role.STAFF].save()
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, units=[cast.alfa_unit], users=[cast.vida])
    assert len(items(cast.rasa, "documents.read")) == 1
    assert len(items(cast.vida, "documents.read")) == 1
    assert items(cast.jonas, "documents.read") == []


def test_archived_documents_ask_nobody(cast):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF])
    services.document_archive(document=document, by=cast.ona)
    assert items(cast.rasa, "documents.read") == []


def test_review_due_goes_to_the_owner_or_else_to_the_coordinator(cast):
    owned = factories.approved(cast, owner=cast.rasa, approved_on=date(2020, 1, 1))
    factories.approved(cast, type_code="complaints-procedure", approved_on=date(2020, 1, 1))
    factories.approved(cast, type_code="ethics-policy")  # review far ahead: nobody's work yet
    [mine] = items(cast.rasa, "documents.review")
    assert mine.title == owned.title and mine.overdue
    assert [i.title for i in items(cast.jonas, "documents.review")] == ["Skundų nagrinėjimo tvarka"]
    assert items(cast.ona, "documents.review") == []


def test_review_coming_within_the_warning_days_is_listed_not_overdue(cast):
    today = timezone.localdate()
    document = factories.approved(cast, owner=cast.rasa)
    document.next_review_on = today + timedelta(days=20)
    document.save()
    [item] = items(cast.rasa, "documents.review")
    assert not item.overdue
    DocumentSettings.objects.create(org=cast.alfa, review_warning_days=10)
    assert items(cast.rasa, "documents.review") == []


def test_versions_in_review_wait_for_the_director_and_for_the_coordinator_when_allowed(cast):
    factories.submitted(cast)
    assert [i.title for i in items(cast.ona, "documents.approve")] == ["Kokybės politika"]
    assert items(cast.jonas, "documents.approve") == []
    DocumentSettings.objects.create(org=cast.alfa, coordinator_may_approve=True)
    assert len(items(cast.jonas, "documents.approve")) == 1


def test_providers_make_a_fixed_number_of_queries(cast):
    def grow(n):
        for i in range(n):
            document = factories.approved(cast, title=f"Tvarka {i}", owner=cast.rasa, approved_on=date(2020, 1, 1))
            services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF], units=[cast.alfa_unit])

    today = timezone.localdate()
    grow(2)
    few = count_queries(lambda: work.items_for(cast.rasa, today))
    grow(8)
    many = count_queries(lambda: work.items_for(cast.rasa, today))
    assert few == many
    assert len(items(cast.rasa, "documents.read")) == 10 and len(items(cast.rasa, "documents.review")) == 10


def test_my_work_page_shows_the_document_to_read(cast):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF])
    client = Client()
    client.force_login(cast.rasa)
    text = client.get(reverse("me:work")).content.decode()
    assert "Kokybės politika" in text and "Perskaityti dokumentą" in text


def test_reminder_digest_carries_overdue_reads_and_reviews(cast):
    document = factories.approved(cast, owner=cast.rasa, approved_on=date(2020, 1, 1))
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF], due_days=1)
    document.audience.since = date(2020, 1, 1)
    document.audience.save()
    mail.outbox.clear()
    call_command("send_reminders")
    [message] = [m for m in mail.outbox if m.to == ["rasa@alfa.test"]]
    assert message.body.count("Kokybės politika") >= 2  # once to read, once to review
