"""Changes to complaints that have side effects: one activity entry each, mail after commit.

The activity log names the entry by its number only: a person's name or contacts never reach it (their `Contact`
row is not a logged field), and reading a confidential person's details is itself logged.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Source
from actions.services import action_create
from kokybe.lib import mail, uploads
from orgs import activity
from orgs.models import ActivityEntry, Membership

from .models import (
    Complaint,
    Conclusion,
    Contact,
    IdentityMode,
    Status,
    TimelineEntry,
    new_tracking_code,
    tracking_hash,
)

LOGGED_FIELDS = [
    "kind",
    "channel",
    "received_at",
    "subject",
    "service",
    "unit",
    "categories",
    "severity",
    "people_concerned",
    "service_user",
    "identity",
    "possible_abuse",
    "owner",
    "status",
    "extension_days",
    "extension_reason",
    "forwarded_to",
    "forwarded_on",
    "conclusion",
    "decided_on",
    "root_cause",
    "reply_sent_on",
    "reply_sent_via",
    "action_effect",
]


def _log(complaint, by, verb, before=None, fields=LOGGED_FIELDS):
    after = activity.snapshot(complaint, fields)
    activity.record(
        org=complaint.org,
        by=by,
        verb=verb,
        target=complaint,
        target_repr=complaint.number,
        changes=activity.diff(before or {}, after),
    )


def _store(field, upload, name_field, type_field, instance):
    kind = uploads.check(upload)
    setattr(instance, name_field, uploads.stored_name(kind, upload.name))
    setattr(instance, type_field, kind.content_type)
    field.save(kind.storage_name(), upload, save=False)


def _require_handler(complaint, by):
    membership = Membership.objects.require(complaint.org, by)
    if not complaint.may_handle(membership):
        raise PermissionDenied
    return membership


@transaction.atomic
def complaint_register(*, org, by, fields, contact=None, categories=(), people_concerned=(), upload=None):
    """A new entry of the register (by a member, or `by=None` from the public form): numbered, its rule snapshotted,
    its deadlines computed. Returns the complaint."""
    complaint = Complaint(org=org, registered_by=by, **fields)
    if complaint.owner_id is None and by is not None:
        complaint.owner = by
    if complaint.identity == IdentityMode.ANONYMOUS:
        contact = None
    if upload is not None:
        _store(complaint.original, upload, "original_name", "original_type", complaint)
    complaint.full_clean(exclude=["year", "sequence"])
    complaint.save()
    complaint.categories.set(categories)
    complaint.people_concerned.set(people_concerned)
    if contact and any(contact.values()):
        row = Contact(complaint=complaint, **contact)
        row.full_clean()
        row.save()
    _log(complaint, by, ActivityEntry.Verb.CREATED)
    return complaint


@transaction.atomic
def complaint_update(*, complaint, form, contact_form=None, by):
    """Save the details form (and the contact form, when the editor may see it): one activity entry."""
    _require_handler(complaint, by)
    before = activity.snapshot(Complaint.objects.get(pk=complaint.pk), LOGGED_FIELDS)
    complaint = form.save(commit=False)
    complaint.full_clean(exclude=["year", "sequence"])
    complaint.save()
    form.save_m2m()
    if complaint.identity == IdentityMode.ANONYMOUS:
        Contact.objects.filter(complaint=complaint).delete()
    elif contact_form is not None:
        row = contact_form.save(commit=False)
        row.complaint = complaint
        if row.is_empty():
            if row.pk:
                row.delete()
        else:
            row.save()
    _log(complaint, by, ActivityEntry.Verb.UPDATED, before)
    return complaint


@transaction.atomic
def contact_read(*, complaint, by):
    """The person's contact details for someone allowed to see them; a confidential person's read is logged."""
    membership = Membership.objects.require(complaint.org, by)
    if not complaint.may_see_identity(membership):
        raise PermissionDenied
    contact = Contact.objects.filter(complaint=complaint).first()
    if complaint.identity == IdentityMode.CONFIDENTIAL or complaint.restricted:
        activity.record(
            org=complaint.org,
            by=by,
            verb=ActivityEntry.Verb.VIEWED,
            target=complaint,
            target_repr=_("%(number)s: the person's contact details") % {"number": complaint.number},
        )
    return contact


@transaction.atomic
def timeline_add(*, complaint, type, text, happened_on, upload=None, by):
    _require_handler(complaint, by)
    entry = TimelineEntry(complaint=complaint, org=complaint.org, type=type, text=text, happened_on=happened_on, by=by)
    if upload is not None:
        _store(entry.file, upload, "file_name", "file_type", entry)
    entry.full_clean()
    entry.save()
    activity.record(
        org=complaint.org,
        by=by,
        verb=ActivityEntry.Verb.COMMENTED,
        target=complaint,
        target_repr=complaint.number,
        changes={"timeline": ["", entry.get_type_display()]},
        labels={"timeline": "Timeline"},
    )
    return entry


def _require_open(complaint):
    if complaint.status != Status.OPEN:
        raise ValidationError(_("This entry is already decided."), code="not_open")


@transaction.atomic
def complaint_extend(*, complaint, days, reason, extended_on, notified_on=None, by):
    """The one extension the rules allow: by up to the rule's maximum, with a reason; the person is told within the
    rule's notice term (recorded now or later)."""
    _require_handler(complaint, by)
    _require_open(complaint)
    if complaint.extension_days:
        raise ValidationError(_("The term has already been extended once."), code="extended")
    if not complaint.has_deadline:
        raise ValidationError(_("A compliment has no term to extend."), code="no_term")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    before = activity.snapshot(complaint, LOGGED_FIELDS)
    complaint.extension_days, complaint.extension_reason = days, reason.strip()
    complaint.extended_on, complaint.extension_notified_on = extended_on, notified_on
    complaint.full_clean(exclude=["year", "sequence"])
    complaint.compute_deadlines()
    complaint.save()
    _log(complaint, by, ActivityEntry.Verb.UPDATED, before)
    return complaint


@transaction.atomic
def complaint_forward(*, complaint, forwarded_to, forwarded_on, notified_on=None, by):
    """A misdirected complaint sent on to the competent body: it counts as decided (conclusion "forwarded")."""
    _require_handler(complaint, by)
    _require_open(complaint)
    if not (forwarded_to or "").strip():
        raise ValidationError({"forwarded_to": _("Say to which body the complaint was forwarded.")})
    before = activity.snapshot(complaint, LOGGED_FIELDS)
    complaint.misdirected = True
    complaint.forwarded_to, complaint.forwarded_on, complaint.forward_notified_on = (
        forwarded_to.strip(),
        forwarded_on,
        notified_on,
    )
    complaint.conclusion, complaint.decided_on, complaint.status = Conclusion.FORWARDED, forwarded_on, Status.DECIDED
    complaint.full_clean(exclude=["year", "sequence"])
    complaint.save()
    _log(complaint, by, ActivityEntry.Verb.STATUS, before)
    return complaint


@transaction.atomic
def complaint_decide(*, complaint, form, by):
    """The decision: conclusion, root cause, remedy and the reply; the entry is decided on the given day."""
    _require_handler(complaint, by)
    _require_open(complaint)
    before = activity.snapshot(Complaint.objects.get(pk=complaint.pk), LOGGED_FIELDS)
    complaint = form.save(commit=False)
    if complaint.conclusion == Conclusion.FORWARDED:
        raise ValidationError({"conclusion": _("Use “Forward” to send a complaint on to another body.")})
    complaint.status = Status.DECIDED
    complaint.full_clean(exclude=["year", "sequence"])
    complaint.save()
    _log(complaint, by, ActivityEntry.Verb.STATUS, before)
    return complaint


@transaction.atomic
def complaint_reply_sent(*, complaint, sent_on, via, by):
    _require_handler(complaint, by)
    if complaint.status == Status.OPEN:
        raise ValidationError(_("Decide first, then record the reply as sent."), code="open")
    before = activity.snapshot(complaint, LOGGED_FIELDS)
    complaint.reply_sent_on, complaint.reply_sent_via = sent_on, via
    complaint.full_clean(exclude=["year", "sequence"])
    complaint.save()
    _log(complaint, by, ActivityEntry.Verb.UPDATED, before)
    return complaint


@transaction.atomic
def complaint_close(*, complaint, effect="", by):
    """Close a decided entry; when improvement actions came of it, the closer says whether they took effect."""
    _require_handler(complaint, by)
    if complaint.status != Status.DECIDED:
        raise ValidationError(_("Only a decided entry can be closed."), code="not_decided")
    if linked_actions(complaint) and not effect:
        raise ValidationError({"effect": _("Say whether the improvement took effect.")})
    before = activity.snapshot(complaint, LOGGED_FIELDS)
    complaint.status, complaint.action_effect = Status.CLOSED, effect
    complaint.save()
    _log(complaint, by, ActivityEntry.Verb.STATUS, before)
    return complaint


def linked_actions(complaint):
    from django.contrib.contenttypes.models import ContentType

    from actions.models import ImprovementAction

    content_type = ContentType.objects.get_for_model(Complaint)
    return list(
        ImprovementAction.objects.for_org(complaint.org)
        .filter(source_type=content_type, source_id=str(complaint.pk))
        .select_related("owner")
    )


@transaction.atomic
def complaint_action(*, complaint, by):
    """An improvement action made from the entry (source = complaint), linked back to it through its source."""
    _require_handler(complaint, by)
    title = _("Improvement after %(number)s: %(subject)s") % {"number": complaint.number, "subject": complaint.subject}
    return action_create(
        org=complaint.org,
        title=title[:255],
        source=Source.COMPLAINT,
        source_object=complaint,
        by=by,
        owner=complaint.owner or by,
        description=complaint.remedy or complaint.subject,
        root_cause=str(complaint.root_cause or ""),
        service=complaint.service,
        unit=complaint.unit,
    )


@transaction.atomic
def public_submit(*, org, fields, contact, upload=None):
    """An entry from the public form: registered by nobody, with a random tracking code (only its hash is kept).
    Returns (complaint, code). A receipt goes to the e-mail address given, after commit."""
    code = new_tracking_code()
    # The time-stamped receipt the person gets is the acknowledgement.
    now = timezone.now()
    fields = {**fields, "received_at": now, "acknowledged_on": timezone.localdate(now)}
    complaint = complaint_register(org=org, by=None, fields=fields, contact=contact, upload=upload)
    complaint.tracking_hash = tracking_hash(code)
    complaint.save(update_fields=["tracking_hash"])
    email = (contact or {}).get("email") if complaint.identity != IdentityMode.ANONYMOUS else ""
    if email:
        recipient = _Recipient(email, "lt")
        mail.send_to(
            recipient,
            "complaints/email/receipt_subject.txt",
            "complaints/email/receipt_body.txt",
            {
                "complaint": complaint,
                "org": org,
                "code": code,
                "track_url": settings.SITE_URL + reverse("complaints_public:track", args=[org.slug]),
            },
        )
    return complaint, code


class _Recipient:
    def __init__(self, email, language):
        self.email, self.language = email, language


def find_by_code(org, code):
    """The entry of `org` with this tracking code, or None."""
    if not code or len(code) > 40:
        return None
    return Complaint.objects.for_org(org).filter(tracking_hash=tracking_hash(code)).first()
