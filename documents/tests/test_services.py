"""Document services: the database after, the activity entry, notifications and mail."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import services
from documents.models import (
    Acknowledgement,
    Document,
    DocumentReview,
    DocumentSettings,
    DocumentType,
    DocumentVersion,
    Status,
    VersionKind,
    VersionState,
)
from documents.tests import factories
from orgs.models import ActivityEntry
from orgs.roles import Role
from work.models import Notification

pytestmark = pytest.mark.django_db


def entries(document, verb=None):
    found = ActivityEntry.objects.for_org(document.org).filter(target_id=str(document.pk))
    return found.filter(verb=verb) if verb else found


def test_create_from_template_starts_a_draft_with_the_starter_text_and_logs_it(cast):
    document = factories.draft(cast)
    version = document.versions.get()
    assert document.status == Status.DRAFT and version.number == 1 and version.state == VersionState.DRAFT
    assert version.body.startswith("# 1. Paskirtis") and cast.alfa.name in version.body
    assert "<h2>1. Paskirtis</h2>" in version.html
    assert document.is_public  # the type is public by default
    assert entries(document, ActivityEntry.Verb.CREATED).count() == 1
    assert "kokybes politika" in document.search_text  # folded title


def test_create_in_english_uses_the_english_template(cast):
    doc_type = DocumentType.objects.get(code="complaints-procedure")
    document = services.document_create(org=cast.alfa, by=cast.ona, type=doc_type, title="Complaints", language="en")
    assert document.versions.get().body.startswith("# 1. Purpose")


def test_create_from_an_uploaded_pdf_keeps_a_sanitised_name(cast):
    upload = factories.pdf_upload(name="../../Sertifikatas <2021>.pdf")
    document = factories.draft(cast, type_code="equass-certificate", start="file", upload=upload)
    version = document.versions.get()
    assert version.kind == VersionKind.FILE and version.content_type == "application/pdf"
    assert version.original_name == "Sertifikatas _2021_.pdf"
    assert version.file.name.startswith(f"orgs/{cast.alfa.pk}/documents/") and version.file.name.endswith(".pdf")


def test_create_refuses_a_file_that_is_not_a_document(cast):
    upload = SimpleUploadedFile("politika.pdf", b"just some text pretending", content_type="application/pdf")
    with pytest.raises(ValidationError):
        factories.draft(cast, start="file", upload=upload)
    assert not Document.objects.exists()


def test_create_refuses_units_of_another_organisation(cast):
    with pytest.raises(ValidationError):
        factories.draft(cast, units=[cast.beta_unit])


def test_version_save_changes_the_draft_and_logs_the_word_count(cast):
    document = factories.draft(cast)
    version = document.versions.get()
    services.version_save(version=version, by=cast.jonas, body="Trumpas tekstas", change_summary="Sutrumpinta")
    version.refresh_from_db()
    document.refresh_from_db()
    assert version.body == "Trumpas tekstas" and version.change_summary == "Sutrumpinta"
    assert "trumpas tekstas" in document.search_text
    entry = ActivityEntry.objects.filter(target_id=str(version.pk), verb=ActivityEntry.Verb.UPDATED).get()
    assert entry.changes["words"][1] == "2" and entry.actor == cast.jonas


def test_version_save_refuses_a_version_in_review(cast):
    document = factories.submitted(cast)
    with pytest.raises(ValidationError):
        services.version_save(version=document.versions.get(), by=cast.ona, body="x")


def test_submit_locks_the_version_and_tells_the_director(cast, django_capture_on_commit_callbacks):
    document = factories.draft(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_submit(document=document, by=cast.jonas)
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW and document.versions.get().state == VersionState.IN_REVIEW
    assert Notification.objects.filter(user=cast.ona, verb="approve_request").count() == 1
    assert not Notification.objects.filter(user=cast.jonas).exists()  # the coordinator may not approve by default
    assert entries(document, ActivityEntry.Verb.STATUS).get().changes["status"] == ["Projektas", "Peržiūrimas"]


def test_submit_refuses_an_empty_draft(cast):
    document = factories.draft(cast, start="blank")
    with pytest.raises(ValidationError):
        services.document_submit(document=document, by=cast.ona)


def test_only_the_director_approves_by_default(cast):
    document = factories.submitted(cast)
    with pytest.raises(PermissionDenied):
        services.document_approve(
            document=document, by=cast.jonas, approved_on=date(2024, 1, 2), effective_from=date(2024, 1, 2)
        )
    assert Document.objects.get(pk=document.pk).status == Status.IN_REVIEW


def test_the_coordinator_approves_where_the_organisation_allows_it(cast):
    DocumentSettings.objects.create(org=cast.alfa, coordinator_may_approve=True)
    document = factories.submitted(cast)
    services.document_approve(
        document=document, by=cast.jonas, approved_on=date(2024, 1, 2), effective_from=date(2024, 1, 2)
    )
    assert Document.objects.get(pk=document.pk).status == Status.APPROVED


def test_approval_records_the_order_and_the_next_review_from_the_type(cast, django_capture_on_commit_callbacks):
    document = factories.submitted(cast, owner=cast.rasa)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.document_approve(
            document=document,
            by=cast.ona,
            approved_on=date(2024, 3, 1),
            effective_from=date(2024, 3, 4),
            order_number="V-45",
        )
    document.refresh_from_db()
    assert version.state == VersionState.APPROVED and version.approver_name == "Ona Onaitė"
    assert (version.order_number, version.effective_from) == ("V-45", date(2024, 3, 4))
    assert version.next_review_on == date(2027, 3, 4) == document.next_review_on  # quality policy: 36 months
    assert document.current_version == version and document.status == Status.APPROVED
    assert entries(document, ActivityEntry.Verb.STATUS).first().changes["order_number"] == ["", "V-45"]
    assert Notification.objects.filter(user=cast.rasa, verb="status").exists()


def test_approval_refuses_an_effective_date_before_the_approval(cast):
    document = factories.submitted(cast)
    with pytest.raises(ValidationError):
        services.document_approve(
            document=document, by=cast.ona, approved_on=date(2024, 3, 2), effective_from=date(2024, 3, 1)
        )


def test_return_sends_the_version_back_to_draft(cast):
    document = factories.submitted(cast)
    services.document_return(document=document, by=cast.ona, note="Trūksta terminų")
    document.refresh_from_db()
    assert document.status == Status.DRAFT and document.versions.get().state == VersionState.DRAFT
    assert entries(document, ActivityEntry.Verb.STATUS).first().changes["note"] == ["", "Trūksta terminų"]


def test_publish_unpublish_archive_and_restore(cast):
    document = factories.approved(cast)
    services.document_publish(document=document, by=cast.jonas)
    assert document.status == Status.PUBLISHED and document.published_version == document.current_version
    assert Document.objects.on_public_page().filter(pk=document.pk).exists()
    services.document_unpublish(document=document, by=cast.jonas)
    assert document.status == Status.APPROVED and document.published_version is None
    services.document_publish(document=document, by=cast.jonas)
    services.document_archive(document=document, by=cast.jonas)
    assert document.status == Status.ARCHIVED and not Document.objects.on_public_page().exists()
    services.document_restore(document=document, by=cast.jonas)
    assert document.status == Status.APPROVED
    assert entries(document, ActivityEntry.Verb.STATUS).count() == 7  # submit, approve and the five moves above


def test_publishing_a_draft_is_refused(cast):
    document = factories.draft(cast)
    with pytest.raises(ValidationError):
        services.document_publish(document=document, by=cast.ona)


def test_staff_cannot_publish(cast):
    document = factories.approved(cast)
    with pytest.raises(PermissionDenied):
        services.document_publish(document=document, by=cast.rasa)


def test_a_new_version_keeps_the_published_one_on_the_public_page_until_the_next_is_published(cast):
    document = factories.approved(cast, publish=True)
    first = document.current_version
    version = services.document_new_version(document=document, by=cast.jonas)
    assert version.number == 2 and version.body == first.body and document.status == Status.DRAFT
    assert Document.objects.on_public_page().get().published_version == first
    services.version_save(version=version, by=cast.jonas, body=first.body + "\nNauja pastraipa.")
    services.document_submit(document=document, by=cast.jonas)
    services.document_approve(
        document=document, by=cast.ona, approved_on=date(2025, 1, 2), effective_from=date(2025, 1, 2)
    )
    assert document.current_version == version and document.published_version == first
    services.document_publish(document=document, by=cast.jonas)
    assert Document.objects.on_public_page().get().published_version == version
    assert DocumentVersion.objects.get(pk=first.pk).is_obsolete(document)


def test_reviewed_no_change_moves_the_date_and_logs_it(cast):
    document = factories.approved(cast)
    review = services.document_review(document=document, by=cast.jonas, note="Aktualu", today=date(2026, 5, 1))
    document.refresh_from_db()
    assert review.outcome == DocumentReview.Outcome.NO_CHANGE and review.version == document.current_version
    assert document.next_review_on == date(2029, 5, 1) and document.last_reviewed_on == date(2026, 5, 1)
    changes = entries(document, ActivityEntry.Verb.UPDATED).first().changes
    assert changes["next_review_on"] == ["2027-03-01", "2029-05-01"]


def test_a_draft_cannot_be_reviewed(cast):
    with pytest.raises(ValidationError):
        services.document_review(document=factories.draft(cast), by=cast.ona)


# Read-acknowledgements


def test_audience_set_logs_who_must_read(cast):
    document = factories.approved(cast)
    audience = services.audience_set(
        document=document, by=cast.jonas, units=[cast.alfa_unit], roles=[Role.STAFF], users=[cast.vida], due_days=10
    )
    assert audience.roles == [Role.STAFF] and list(audience.users.all()) == [cast.vida]
    entry = entries(document, ActivityEntry.Verb.UPDATED).first()
    assert "Pagalbos vaikams padalinys" in entry.changes["audience"][1]
    assert entry.field_labels == {"audience": "Who must read it"}


def test_audience_refuses_people_of_another_organisation(cast):
    document = factories.approved(cast)
    with pytest.raises(ValidationError):
        services.audience_set(document=document, by=cast.jonas, users=[cast.petras])


def test_acknowledge_records_once_and_only_for_the_version_in_force(cast):
    document = factories.approved(cast)
    version = document.current_version
    services.acknowledge(version=version, by=cast.rasa)
    services.acknowledge(version=version, by=cast.rasa)
    assert Acknowledgement.objects.filter(version=version, user=cast.rasa).count() == 1
    assert ActivityEntry.objects.filter(target_id=str(version.pk), verb=ActivityEntry.Verb.VIEWED).count() == 1
    draft = services.document_new_version(document=document, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.acknowledge(version=draft, by=cast.rasa)


def test_remind_notifies_and_mails_only_those_who_have_not_confirmed(cast, django_capture_on_commit_callbacks):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF, Role.VIEWER])
    services.acknowledge(version=document.current_version, by=cast.vida)
    cast.rasa.language = "en"
    cast.rasa.save()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.acknowledgement_remind(document=document, by=cast.jonas)
    assert count == 1
    notification = Notification.objects.get(user=cast.rasa)
    assert (
        notification.verb == "read_request" and notification.target_url == document.current_version.get_absolute_url()
    )
    assert not Notification.objects.filter(user=cast.vida).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rasa@alfa.test"]
    assert mail.outbox[0].subject == f"Please read and confirm: {document.title}"  # in Rasa's language
    assert "Jonas Jonaitis asks you to read" in mail.outbox[0].body
    assert document.audience.reminded_at is not None


def test_indicator_link_and_unlink_are_logged(cast):
    from frameworks.tests.factories import make_version

    indicator = make_version(code="doc-evidence").indicators.first()
    document = factories.approved(cast)
    link = services.indicator_link(document=document, by=cast.jonas, indicator=indicator)
    with pytest.raises(ValidationError):
        services.indicator_link(document=document, by=cast.jonas, indicator=indicator)
    services.indicator_unlink(link=link, by=cast.jonas)
    assert not document.indicator_links.exists()
    assert entries(document, ActivityEntry.Verb.UPDATED).count() == 2


def test_starting_a_new_version_when_the_review_is_due_records_that_review(cast):
    document = factories.approved(cast, approved_on=date(2020, 1, 1))
    services.document_new_version(document=document, by=cast.jonas)
    review = document.reviews.get()
    assert review.outcome == DocumentReview.Outcome.NEW_VERSION and review.reviewed_by == cast.jonas
    fresh = factories.approved(cast, type_code="ethics-policy", approved_on=timezone.localdate())
    services.document_new_version(document=fresh, by=cast.jonas)
    assert not fresh.reviews.exists()


def test_the_approved_version_keeps_the_title_it_was_approved_with(cast):
    document = factories.approved(cast, publish=True)
    document.title = "Pervadinta politika"
    document.save()
    version = DocumentVersion.objects.get(pk=document.current_version_id)
    assert version.title == "Kokybės politika" and version.display_title == "Kokybės politika"


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = factories.pdf_upload(content=factories.PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        factories.draft(cast, start="file", upload=big)
    assert "1 MB" in " ".join(caught.value.messages)
