"""Every change to documents: atomic, validated, one activity entry; notifications and mail after commit.

Status moves go through _move(), which refuses anything models.TRANSITIONS does not allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kokybe.lib import mail, uploads
from orgs import activity
from orgs.models import ActivityEntry, Membership
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS, REVIEWERS, Role
from work import notifications

from . import library, readers
from .models import (
    Acknowledgement,
    Document,
    DocumentIndicatorLink,
    DocumentReview,
    DocumentSettings,
    DocumentType,
    DocumentVersion,
    ReadAudience,
    Status,
    VersionKind,
    VersionState,
)
from .search import document_search_text

if TYPE_CHECKING:
    from django import forms
    from django.core.files.uploadedfile import UploadedFile
    from django.db import models

    from accounts.models import User
    from frameworks.models import Indicator
    from orgs.models import Organisation, Service, Unit

# The notification asking a reader to read and confirm a version (its sentence: surfaces.py, notification_kinds).
READ_REQUEST = "read_request"
APPROVE_REQUEST = "approve_request"  # a version waits for this person's approval

# Kinds of file a document version may be (judged by content, kokybe.lib.uploads).
DOCUMENT_KINDS = (uploads.PDF, uploads.DOCX, uploads.ODT, uploads.XLSX)
WORDS_LABEL = gettext_noop("Words in the text")
NOT_A_DOCUMENT = gettext_noop(
    "Upload the document as a PDF, Word (DOCX), OpenDocument text (ODT) or Excel (XLSX) file."
)


# Labels (msgids, translated when shown) of what a status move records besides the status.
MOVE_LABELS = {
    "version": gettext_noop("version"),
    "order_number": gettext_noop("order number"),
    "next_review_on": gettext_noop("next review"),
    "note": gettext_noop("note"),
    "published_version": gettext_noop("published version"),
}


class Start:
    TEMPLATE = "template"
    BLANK = "blank"
    FILE = "file"


def check_document_file(upload: UploadedFile) -> uploads.Kind:
    """The upload's Kind if it may be a document version, else ValidationError with a message for the person."""
    kind = uploads.check(upload)
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(_(NOT_A_DOCUMENT), code="type")
    return kind


def _status_changes(before: str, document: Document, **extra: list[str]) -> dict[str, list[str]]:
    return {"status": [before, document.get_status_display()], **extra}


def _move(document: Document, to: str, *, by: User, **extra_changes: list[str]) -> None:
    if not document.can_move(to):
        raise ValidationError(
            _("A document cannot move from “%(from)s” to “%(to)s”.")
            % {"from": document.get_status_display(), "to": Status(to).label},
            code="transition",
        )
    before = document.get_status_display()
    document.status = to
    document.full_clean()
    document.save()
    changes = _status_changes(before, document, **extra_changes)
    labels = {**activity.labels_for(Document, changes), **{k: MOVE_LABELS[k] for k in changes if k in MOVE_LABELS}}
    activity.record(
        org=document.org, by=by, verb=ActivityEntry.Verb.STATUS, target=document, changes=changes, labels=labels
    )


def _refresh_search(document: Document, version: DocumentVersion | None = None) -> None:
    version = version or document.versions.order_by("-number").first()
    body = version.body if version is not None and version.is_text else ""
    text = document_search_text(document, body)
    if text != document.search_text:
        document.search_text = text
        Document.objects.filter(pk=document.pk).update(search_text=text)


def _attach(version: DocumentVersion, upload: UploadedFile, kind: uploads.Kind) -> None:
    version.file.save(kind.storage_name(), upload, save=False)
    version.original_name = uploads.stored_name(kind, upload.name)
    version.content_type = kind.content_type
    version.size = upload.size or 0  # never None: uploads.check() refused empty files


def _check_scope(org: Organisation, units: Iterable[Unit], services: Iterable[Service]) -> None:
    if any(u.org_id != org.pk for u in units) or any(s.org_id != org.pk for s in services):
        raise ValidationError(_("Units and services must belong to the organisation."))


def _notify_after_commit(
    *,
    users: Iterable[User | None],
    org: Organisation,
    verb: str,
    target: models.Model,
    by: User,
    change: tuple[Any, Any] | None = None,
) -> None:
    present = [u for u in users if u is not None]

    def send() -> None:
        for user in {u.pk: u for u in present}.values():
            notifications.notify(user=user, org=org, verb=verb, target=target, by=by, change=change)

    transaction.on_commit(send)


# Documents and their versions


@transaction.atomic
def document_create(
    *,
    org: Organisation,
    by: User,
    type: DocumentType,
    title: str,
    owner: User | None = None,
    units: Iterable[Unit] = (),
    services: Iterable[Service] = (),
    is_public: bool | None = None,
    start: str = Start.TEMPLATE,
    upload: UploadedFile | None = None,
    language: str | None = None,
    change_summary: str = "",
) -> Document:
    """A new document in draft with its first version: the type's starter template, an empty text, or a file."""
    units, services = list(units), list(services)
    _check_scope(org, units, services)
    document = Document(
        org=org,
        type=type,
        title=title,
        owner=owner,
        is_public=type.public_by_default if is_public is None else is_public,
        created_by=by,
    )
    document.full_clean()
    document.save()
    document.units.set(units)
    document.services.set(services)
    version = DocumentVersion(org=org, document=document, number=1, created_by=by, change_summary=change_summary)
    if start == Start.FILE:
        if upload is None:
            raise ValidationError({"file": _("Choose the file to upload.")})
        version.kind = VersionKind.FILE
        _attach(version, upload, check_document_file(upload))
    elif start == Start.TEMPLATE:
        version.body = library.starter_markdown(type.template_code, language or translation.get_language(), org)
    version.full_clean()
    version.save()
    _refresh_search(document, version)
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.CREATED, target=document)
    return document


@transaction.atomic
def document_update(*, form: forms.ModelForm[Document], by: User) -> Document:
    """Save the document's details (title, owner, scope, public) from its ModelForm, logging what changed."""
    from orgs.services import form_save

    document = form_save(form=form, org=form.instance.org, by=by)
    _refresh_search(document)
    return document


@transaction.atomic
def version_save(
    *,
    version: DocumentVersion,
    by: User,
    body: str | None = None,
    kind: str | None = None,
    upload: UploadedFile | None = None,
    change_summary: str | None = None,
) -> DocumentVersion:
    """Change the working (draft) version: its text, or its file, and the summary of changes."""
    document = version.document
    if version.state != VersionState.DRAFT or document.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be edited."), code="not_draft")
    before = activity.snapshot(version, ["kind", "original_name", "change_summary"])
    old_words = len(version.body.split())
    old_file = version.file.name if version.file else ""
    if kind is not None:
        version.kind = kind
    if version.kind == VersionKind.TEXT:
        if body is not None:
            version.body = body
    elif upload is not None:
        _attach(version, upload, check_document_file(upload))
    if change_summary is not None:
        version.change_summary = change_summary
    version.full_clean()
    version.save()
    if old_file and old_file != (version.file.name or ""):
        storage = version.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    _refresh_search(document, version)
    changes = activity.diff(before, activity.snapshot(version, ["kind", "original_name", "change_summary"]))
    labels = activity.labels_for(DocumentVersion, changes)
    new_words = len(version.body.split())
    if version.is_text and new_words != old_words:
        changes["words"] = [str(old_words), str(new_words)]
        labels["words"] = WORDS_LABEL
    activity.record(
        org=document.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=version, changes=changes, labels=labels
    )
    return version


def _has_content(version: DocumentVersion) -> bool:
    return bool(version.file) if version.is_file else bool(version.body.strip())


@transaction.atomic
def document_submit(*, document: Document, by: User) -> DocumentVersion:
    """Send the draft for approval: the version is locked and the approvers are told."""
    version = document.working_version()
    if version is None or version.state != VersionState.DRAFT:
        raise ValidationError(_("There is no draft to submit."), code="no_draft")
    if not _has_content(version):
        raise ValidationError(_("The draft is empty: write the text or upload the file first."), code="empty")
    version.state = VersionState.IN_REVIEW
    version.submitted_at = timezone.now()
    version.save()
    _move(document, Status.IN_REVIEW, by=by, version=["", f"v{version.number}"])
    approver_roles = DocumentSettings.of(document.org).approver_roles()
    approvers = Membership.objects.for_org(document.org).active().filter(role__in=approver_roles)
    _notify_after_commit(
        users=[m.user for m in approvers.select_related("user")],
        org=document.org,
        verb=APPROVE_REQUEST,
        target=document,
        by=by,
    )
    return version


@transaction.atomic
def document_return(*, document: Document, by: User, note: str = "") -> DocumentVersion:
    """Send the version back to its author(s) for changes."""
    Membership.objects.require(document.org, by, DocumentSettings.of(document.org).approver_roles())
    version = document.working_version()
    if version is None or version.state != VersionState.IN_REVIEW:
        raise ValidationError(_("Only a version in review can be returned for changes."), code="not_in_review")
    version.state = VersionState.DRAFT
    version.submitted_at = None
    version.save()
    _move(document, Status.DRAFT, by=by, note=["", note] if note else ["", ""])
    _notify_after_commit(
        users=[document.owner, version.created_by],
        org=document.org,
        verb=notifications.STATUS,
        target=document,
        by=by,
        change=(Status.IN_REVIEW.label, Status.DRAFT.label),
    )
    return version


@transaction.atomic
def document_approve(
    *,
    document: Document,
    by: User,
    approved_on: date,
    effective_from: date,
    order_number: str = "",
    next_review_on: date | None = None,
) -> DocumentVersion:
    """Approve the version in review by the director's order: it becomes immutable and the version in force.

    Only the director approves, or the coordinator too where the organisation's settings allow it.
    """
    Membership.objects.require(document.org, by, DocumentSettings.of(document.org).approver_roles())
    version = document.working_version()
    if version is None or version.state != VersionState.IN_REVIEW:
        raise ValidationError(_("Only a version in review can be approved."), code="not_in_review")
    if effective_from < approved_on:
        raise ValidationError({"effective_from": _("A version cannot take effect before it is approved.")})
    version.state = VersionState.APPROVED
    version.title = document.title
    version.approved_by = by
    version.approver_name = by.get_full_name()
    version.approved_at = timezone.now()
    version.approved_on = approved_on
    version.effective_from = effective_from
    version.order_number = order_number
    version.next_review_on = next_review_on or document.type.next_review(effective_from)
    version.full_clean()
    version.save()
    document.current_version = version
    document.next_review_on = version.next_review_on
    _move(
        document,
        Status.APPROVED,
        by=by,
        version=["", f"v{version.number}"],
        order_number=["", order_number],
        next_review_on=["", version.next_review_on.isoformat()],
    )
    _notify_after_commit(
        users=[document.owner, version.created_by],
        org=document.org,
        verb=notifications.STATUS,
        target=document,
        by=by,
        change=(Status.IN_REVIEW.label, Status.APPROVED.label),
    )
    return version


@transaction.atomic
def document_publish(*, document: Document, by: User) -> None:
    """Put the version in force on the public quality page (when the document is public)."""
    Membership.objects.require(document.org, by, MANAGERS)
    if document.current_version_id is None:
        raise ValidationError(_("Only an approved version can be published."), code="not_approved")
    before = str(document.published_version or "")
    document.published_version = document.current_version
    _move(document, Status.PUBLISHED, by=by, published_version=[before, str(document.current_version)])


@transaction.atomic
def document_unpublish(*, document: Document, by: User) -> None:
    Membership.objects.require(document.org, by, MANAGERS)
    document.published_version = None
    _move(document, Status.APPROVED, by=by)


@transaction.atomic
def document_archive(*, document: Document, by: User) -> None:
    """Withdraw the document: off the public page, out of reviews and read requests; its versions stay readable."""
    Membership.objects.require(document.org, by, MANAGERS)
    document.published_version = None
    _move(document, Status.ARCHIVED, by=by)


@transaction.atomic
def document_restore(*, document: Document, by: User) -> None:
    Membership.objects.require(document.org, by, MANAGERS)
    working = document.versions.exclude(state=VersionState.APPROVED).exists()
    to = Status.APPROVED if document.current_version_id and not working else Status.DRAFT
    document.versions.filter(state=VersionState.IN_REVIEW).update(state=VersionState.DRAFT)
    _move(document, to, by=by)


@transaction.atomic
def document_new_version(*, document: Document, by: User) -> DocumentVersion:
    """Start a revision of the version in force. The public page keeps showing the published version meanwhile."""
    Membership.objects.require(document.org, by, CONTRIBUTORS)
    current = document.current_version
    if current is None or not document.in_force:
        raise ValidationError(_("A new version can be started only from an approved one."), code="not_in_force")
    last = document.versions.order_by("-number").values_list("number", flat=True).first()
    version = DocumentVersion(
        org=document.org,
        document=document,
        number=(last or 0) + 1,
        kind=current.kind,
        body=current.body,
        created_by=by,
    )
    version.full_clean()
    version.save()
    today = timezone.localdate()
    if document.review_state(today, DocumentSettings.of(document.org).review_warning_days):
        # Revising a document whose review is due is that review's outcome; the new approval sets the next one.
        DocumentReview.objects.create(
            org=document.org,
            document=document,
            version=current,
            outcome=DocumentReview.Outcome.NEW_VERSION,
            reviewed_on=today,
            reviewed_by=by,
        )
        document.last_reviewed_on = today
    _move(document, Status.DRAFT, by=by, version=["", f"v{version.number}"])
    return version


@transaction.atomic
def document_review(*, document: Document, by: User, note: str = "", today: date | None = None) -> DocumentReview:
    """ "Reviewed, no change": the review is recorded and the next review date moves one interval on."""
    Membership.objects.require(document.org, by, MANAGERS)
    if not document.in_force:
        raise ValidationError(_("Only a document in force can be reviewed."), code="not_in_force")
    today = today or timezone.localdate()
    before = activity.snapshot(document, ["next_review_on", "last_reviewed_on"])
    next_review = document.type.next_review(today)
    review = DocumentReview(
        org=document.org,
        document=document,
        version=document.current_version,
        outcome=DocumentReview.Outcome.NO_CHANGE,
        reviewed_on=today,
        reviewed_by=by,
        next_review_on=next_review,
        note=note,
    )
    review.full_clean()
    review.save()
    document.next_review_on = next_review
    document.last_reviewed_on = today
    document.full_clean()
    document.save()
    changes = activity.diff(before, activity.snapshot(document, ["next_review_on", "last_reviewed_on"]))
    activity.record(org=document.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=document, changes=changes)
    return review


# Read-acknowledgements

AUDIENCE_LABEL = gettext_noop("Who must read it")


def _audience_text(audience: ReadAudience | None) -> str:
    if audience is None or audience.pk is None:
        return ""
    parts = [str(u) for u in audience.units.all()]
    parts += [str(Role(r).label) for r in audience.roles or ()]
    parts += [str(u) for u in audience.users.all()]
    return ", ".join(parts)


@transaction.atomic
def audience_set(
    *,
    document: Document,
    by: User,
    units: Iterable[Unit] = (),
    roles: Iterable[str] = (),
    users: Iterable[User] = (),
    due_days: int = 14,
) -> ReadAudience:
    """Say who must read the document and confirm it; people newly covered are asked from today."""
    Membership.objects.require(document.org, by, MANAGERS)
    org = document.org
    units, users = list(units), list(users)
    if any(u.org_id != org.pk for u in units):
        raise ValidationError(_("Units must belong to the organisation."))
    members = set(Membership.objects.for_org(org).active().values_list("user_id", flat=True))
    if any(u.pk not in members for u in users):
        raise ValidationError(_("Everyone named must be a member of the organisation."))
    if any(r not in INSIDERS for r in roles):
        raise ValidationError(_("Choose roles of the organisation's own people."))
    audience = ReadAudience.objects.filter(document=document).first()
    before = _audience_text(audience)
    if audience is None:
        audience = ReadAudience(org=org, document=document)
    audience.roles = sorted(roles)
    audience.due_days = due_days
    audience.since = timezone.localdate()
    audience.full_clean()
    audience.save()
    audience.units.set(units)
    audience.users.set(users)
    after = _audience_text(audience)
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=document,
        changes={"audience": [before, after]},
        labels={"audience": AUDIENCE_LABEL},
    )
    return audience


@transaction.atomic
def acknowledge(*, version: DocumentVersion, by: User) -> Acknowledgement:
    """`by` confirms they have read and understood the version in force."""
    document = version.document
    Membership.objects.require(document.org, by, INSIDERS)
    if not version.is_approved or document.current_version_id != version.pk or document.status == Status.ARCHIVED:
        raise ValidationError(_("Only the version in force can be confirmed."), code="not_current")
    ack, created = Acknowledgement.objects.get_or_create(org=document.org, version=version, user=by)
    if created:
        activity.record(org=document.org, by=by, verb=ActivityEntry.Verb.VIEWED, target=version)
    return ack


def _reminder_mail(user: User, document: Document, version: DocumentVersion, due_on: date | None, by: User) -> None:
    context = {
        "user": user,
        "document": document,
        "version": version,
        "due_on": due_on,
        "by": by,
        "url": settings.SITE_URL + version.get_absolute_url(),
    }
    mail.send_to(user, "documents/email/read_request_subject.txt", "documents/email/read_request.txt", context)


@transaction.atomic
def acknowledgement_remind(*, document: Document, by: User) -> int:
    """Remind everyone who has not yet confirmed the version in force: in-app and by mail. Returns how many."""
    Membership.objects.require(document.org, by, MANAGERS)
    found = readers.coverage(document.org, documents=[document])
    if not found:
        return 0
    cov = found[0]
    pending = [m.user for m in cov.pending]
    audience = document.audience
    audience.reminded_at = timezone.now()
    audience.save(update_fields=["reminded_at"])
    activity.record(
        org=document.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=document,
        changes={"reminded": ["", str(len(pending))]},
        labels={"reminded": gettext_noop("Reminded to read")},
    )
    version = cov.version
    _notify_after_commit(users=pending, org=document.org, verb=READ_REQUEST, target=version, by=by)
    for user in pending:
        if user.email:
            _reminder_mail(user, document, version, cov.due_on, by)
    return len(pending)


# Evidence


@transaction.atomic
def indicator_link(
    *,
    document: Document,
    by: User,
    indicator: Indicator,
    version: DocumentVersion | None = None,
    note: str = "",
) -> DocumentIndicatorLink:
    Membership.objects.require(document.org, by, REVIEWERS)
    link = DocumentIndicatorLink(
        org=document.org, document=document, version=version, indicator=indicator, note=note, created_by=by
    )
    link.full_clean()
    link.save()
    activity.record(
        org=document.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=document,
        changes={"indicators": ["", str(indicator)]},
        labels={"indicators": gettext_noop("Evidence for indicators")},
    )
    return link


@transaction.atomic
def indicator_unlink(*, link: DocumentIndicatorLink, by: User) -> None:
    document = link.document
    Membership.objects.require(document.org, by, REVIEWERS)
    activity.record(
        org=document.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=document,
        changes={"indicators": [str(link.indicator), ""]},
        labels={"indicators": gettext_noop("Evidence for indicators")},
    )
    link.delete()


# Document types an organisation defines for itself


def _own_type(doc_type: DocumentType, org: Organisation) -> None:
    if doc_type.org_id is None or doc_type.org_id != org.pk:
        raise ValidationError(_("Only the organisation's own document types can be changed."), code="shipped")


@transaction.atomic
def document_type_save(*, form: forms.ModelForm[DocumentType], org: Organisation, by: User) -> DocumentType:
    """Create or change one of the organisation's own document types from its form (one activity entry)."""
    from orgs.services import form_save

    Membership.objects.require(org, by, MANAGERS)
    doc_type = form.instance
    _own_type(doc_type, org)
    if doc_type._state.adding:
        doc_type.code = DocumentType.new_code(org, doc_type.name_lt)
        doc_type.order = DocumentType.next_order(org)
    return form_save(form=form, org=org, by=by)


@transaction.atomic
def document_type_delete(*, doc_type: DocumentType, org: Organisation, by: User) -> None:
    """Delete an own document type no document uses (archived documents count: they keep their type)."""
    Membership.objects.require(org, by, MANAGERS)
    _own_type(doc_type, org)
    used = doc_type.documents.count()
    if used:
        raise ValidationError(
            ngettext(
                "“%(name)s” cannot be deleted: %(count)s document is of this type (archived ones count too).",
                "“%(name)s” cannot be deleted: %(count)s documents are of this type (archived ones count too).",
                used,
            )
            % {"name": doc_type.name, "count": used},
            code="in_use",
        )
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.DELETED, target=doc_type, target_repr=str(doc_type))
    doc_type.delete()
