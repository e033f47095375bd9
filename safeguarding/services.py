"""Changes to safeguarding cases: each atomic, validated, written to the case's chronology and (neutrally) to the
activity log, with the leads told after commit.

Nothing here writes a case's content where people outside the case could read it: the activity log, notifications and
mail name a case by its number only ("SG-12") and link to it; the link's page applies the visibility rule.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import mail, uploads
from orgs import activity
from orgs.models import ActivityEntry, Membership
from work.notifications import notify

from . import rules as shipped
from .models import (
    BREAK_GLASS_HOURS,
    Attachment,
    Authority,
    CaseMember,
    CaseRead,
    ChronologyEntry,
    Event,
    Lead,
    Notice,
    Rule,
)

RECORDED = "safeguarding_recorded"
BREAK_GLASS = "safeguarding_break_glass"
OVERDUE = "safeguarding_overdue"
ADDED = "safeguarding_added"


def ensure_defaults(org):
    """The shipped authorities and rules, copied to `org` once (what the organisation changed since stays)."""
    have = set(Authority.objects.for_org(org).values_list("kind", flat=True))
    Authority.objects.bulk_create(
        [Authority(org=org, kind=kind, name=name) for kind, name in shipped.AUTHORITIES.items() if kind not in have]
    )
    codes = set(Rule.objects.for_org(org).values_list("code", flat=True))
    Rule.objects.bulk_create([Rule(org=org, **rule) for rule in shipped.RULES if rule["code"] not in codes])


def _leads(org):
    return [lead.user for lead in Lead.objects.for_org(org).select_related("user") if lead.user.is_active]


def _tell_leads(org, verb, event, by, subject, body):
    for user in _leads(org):
        notify(user=user, org=org, verb=verb, target=event, by=by)
        if by is None or user.pk != by.pk:
            context = {"event": str(event), "org_name": org.name, "link": settings.SITE_URL + event.get_absolute_url()}
            mail.send_to(user, subject, body, context)


def _entry(event, by, text, kind=ChronologyEntry.Kind.NOTE, corrects=None):
    return ChronologyEntry.objects.create(event=event, by=by, text=text, kind=kind, corrects=corrects)


def _log(event, by, verb):
    # The target's text is the neutral "SG-12"; no field values (they are the case's content).
    activity.record(org=event.org, by=by, verb=verb, target=event, changes={}, labels={})


@transaction.atomic
def event_record(*, org, by, **fields):
    """A new event, as the person who noticed it wrote it down; the leads are told at once."""
    event = Event(org=org, recorded_by=by, **fields)
    event.number = (Event.objects.for_org(org).aggregate(n=Max("number"))["n"] or 0) + 1
    event.full_clean()
    event.save()
    _entry(event, by, _("Recorded."), ChronologyEntry.Kind.STATUS)
    _log(event, by, ActivityEntry.Verb.CREATED)
    _tell_leads(
        org, RECORDED, event, by, "safeguarding/mail/recorded_subject.txt", "safeguarding/mail/recorded_body.txt"
    )
    return event


def _create_notices(event):
    ensure_defaults(event.org)
    authorities = {a.kind: a for a in Authority.objects.for_org(event.org)}
    existing = set(event.notices.values_list("rule_id", flat=True))
    notices = [
        Notice(
            event=event,
            rule=rule,
            authority=authorities[rule.authority_kind],
            due_at=rule.due_at(event.aware_at),
            terms=rule.terms(authorities[rule.authority_kind]),
        )
        for rule in Rule.objects.applying_to(event)
        if rule.pk not in existing
    ]
    return Notice.objects.bulk_create(notices)


@transaction.atomic
def event_transition(*, event, to, reason, by):
    if to not in event.allowed_transitions():
        raise ValidationError(_("The case cannot move to this status from where it is."), code="transition")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the status changes.")}, code="reason")
    before = event.get_status_display()
    event.status = to
    event.closed_at = timezone.now() if to == Event.Status.CLOSED else None
    event.save(update_fields=["status", "closed_at"])
    _entry(
        event,
        by,
        _("Status: %(before)s → %(after)s. %(reason)s")
        % {"before": before, "after": event.get_status_display(), "reason": reason.strip()},
        ChronologyEntry.Kind.STATUS,
    )
    created = []
    if to == Event.Status.ASSESSING:
        created = _create_notices(event)
        for notice in created:
            _entry(
                event,
                by,
                _("Notification to %(authority)s due by %(due)s (rule %(code)s).")
                % {
                    "authority": notice.terms["authority"],
                    "due": timezone.localtime(notice.due_at).strftime("%Y-%m-%d %H:%M"),
                    "code": notice.terms["code"],
                },
                ChronologyEntry.Kind.NOTICE,
            )
    _log(event, by, ActivityEntry.Verb.STATUS)
    return created


HANDLING_FIELDS = ("severity", "outcome", "support_given", "root_cause")


@transaction.atomic
def event_update(*, event, by, **fields):
    stored = Event.objects.get(pk=event.pk)  # a ModelForm has already put its values on `event`
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if changed:
        labels = ", ".join(str(Event._meta.get_field(name).verbose_name) for name in changed)
        _entry(event, by, _("Changed: %(fields)s.") % {"fields": labels})
        _log(event, by, ActivityEntry.Verb.UPDATED)
    return event


@transaction.atomic
def entry_add(*, event, by, text, corrects=None):
    if not text.strip():
        raise ValidationError({"text": _("Write the entry.")}, code="required")
    if corrects is not None and corrects.event_id != event.pk:
        raise ValidationError(_("A correction must correct an entry of the same case."), code="foreign")
    kind = ChronologyEntry.Kind.CORRECTION if corrects else ChronologyEntry.Kind.NOTE
    return _entry(event, by, text.strip(), kind, corrects)


@transaction.atomic
def notice_record(*, notice, by, status, sent_at=None, channel="", reference="", proof="", reason=""):
    errors = {}
    if status == Notice.Status.SENT and sent_at is None:
        errors["sent_at"] = _("Say when it was sent.")
    if status == Notice.Status.SENT and sent_at and sent_at > timezone.now() + timedelta(minutes=5):
        errors["sent_at"] = _("This moment is in the future.")
    if status == Notice.Status.NOT_APPLICABLE and not reason.strip():
        errors["reason"] = _("Say why this notification does not apply.")
    if status not in (Notice.Status.SENT, Notice.Status.NOT_APPLICABLE):
        errors["status"] = _("Choose sent or not applicable.")
    if errors:
        raise ValidationError(errors)
    notice.status = status
    notice.sent_at = sent_at if status == Notice.Status.SENT else None
    notice.channel, notice.reference, notice.proof = channel, reference, proof
    notice.reason = reason.strip()
    notice.recorded_by = by
    notice.save()
    authority = notice.terms.get("authority", "")
    if status == Notice.Status.SENT:
        text = _("Notified %(authority)s on %(at)s via %(channel)s, reference %(reference)s.") % {
            "authority": authority,
            "at": timezone.localtime(sent_at).strftime("%Y-%m-%d %H:%M"),
            "channel": channel or "—",
            "reference": reference or "—",
        }
    else:
        text = _("Notification to %(authority)s marked not applicable: %(reason)s") % {
            "authority": authority,
            "reason": notice.reason,
        }
    _entry(notice.event, by, text, ChronologyEntry.Kind.NOTICE)
    _log(notice.event, by, ActivityEntry.Verb.UPDATED)
    return notice


@transaction.atomic
def member_add(*, event, user, by):
    if not Membership.objects.for_org(event.org).active().filter(user=user).exists():
        raise ValidationError({"user": _("Only a member of the organisation can be added.")}, code="outsider")
    member, created = CaseMember.objects.get_or_create(event=event, user=user, until=None, defaults={"added_by": by})
    if created:
        _entry(event, by, _("%(person)s added to the case.") % {"person": user.get_full_name() or user.email})
        notify(user=user, org=event.org, verb=ADDED, target=event, by=by)
    return member


@transaction.atomic
def member_remove(*, member, by):
    event, user = member.event, member.user
    member.delete()
    _entry(event, by, _("%(person)s removed from the case.") % {"person": user.get_full_name() or user.email})


@transaction.atomic
def break_glass(*, event, by, reason):
    """The director opens a case they were not added to: a written reason, a time limit, the leads told at once."""
    if not reason.strip():
        raise ValidationError({"reason": _("Write why you must open this case.")}, code="required")
    CaseMember.objects.create(
        event=event,
        user=by,
        added_by=by,
        until=timezone.now() + timedelta(hours=BREAK_GLASS_HOURS),
        break_glass_reason=reason.strip(),
    )
    CaseRead.objects.create(event=event, user=by, how=CaseRead.How.BREAK_GLASS)
    _entry(
        event,
        by,
        _("Opened break-glass by %(person)s. Reason: %(reason)s")
        % {"person": by.get_full_name() or by.email, "reason": reason.strip()},
        ChronologyEntry.Kind.ACCESS,
    )
    _log(event, by, ActivityEntry.Verb.VIEWED)
    _tell_leads(
        event.org,
        BREAK_GLASS,
        event,
        by,
        "safeguarding/mail/break_glass_subject.txt",
        "safeguarding/mail/break_glass_body.txt",
    )


def read_logged(event, user, how=CaseRead.How.READ):
    CaseRead.objects.create(event=event, user=user, how=how)


@transaction.atomic
def lead_name(*, org, user, kind, by):
    if not Membership.objects.for_org(org).active().filter(user=user).exists():
        raise ValidationError({"user": _("Only a member of the organisation can be named.")}, code="outsider")
    lead, _created = Lead.objects.update_or_create(org=org, user=user, defaults={"kind": kind, "named_by": by})
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.CREATED, target=lead, changes={}, labels={})
    return lead


@transaction.atomic
def lead_remove(*, lead, by):
    activity.record(org=lead.org, by=by, verb=ActivityEntry.Verb.REMOVED, target=lead, changes={}, labels={})
    lead.delete()


@transaction.atomic
def attachment_add(*, event, upload, by):
    kind = uploads.check(upload)
    attachment = Attachment(
        org=event.org,
        event=event,
        original_name=uploads.stored_name(kind, upload.name),
        content_type=kind.content_type,
        size=upload.size,
        sha256=Attachment.checksum(upload),
        uploaded_by=by,
    )
    attachment.store(upload)  # encrypted on disk (kokybe.lib.crypto)
    attachment.save()
    _entry(
        event,
        by,
        _("Attached %(name)s (SHA-256 %(sha)s).") % {"name": attachment.original_name, "sha": attachment.sha256},
        ChronologyEntry.Kind.ATTACHMENT,
    )
    return attachment


@transaction.atomic
def action_from_event(*, event, by, title, description, owner=None, due_date=None):
    """An improvement action for the wider audience: its text is what the lead writes for everyone, and the action
    does not link back to the case (the link would tell every reader a safeguarding case was behind it)."""
    from actions.models import Source
    from actions.services import action_create

    action = action_create(
        org=event.org,
        by=by,
        title=title,
        source=Source.INCIDENT,
        description=description,
        owner=owner,
        due_date=due_date,
    )
    _entry(
        event, by, _("Improvement action #%(number)s created.") % {"number": action.number}, ChronologyEntry.Kind.ACTION
    )
    return action


def alerts_send(now=None, org=None):
    """Tell every lead of each overdue notification once (notification + mail): run from cron every few minutes
    (`manage.py safeguarding_alerts`) and when a lead opens the case list. Returns the notices alerted."""
    now = now or timezone.now()
    notices = Notice.objects.overdue(now).filter(alerted_at__isnull=True).select_related("event__org")
    if org is not None:  # a lead opening the list: this organisation's only
        notices = notices.filter(event__org=org)
    notices = list(notices)
    for notice in notices:
        with transaction.atomic():
            # Claim the row first, so two runs at once do not alert twice.
            if not Notice.objects.filter(pk=notice.pk, alerted_at__isnull=True).update(alerted_at=now):
                continue
            event = notice.event
            _tell_leads(
                event.org,
                OVERDUE,
                event,
                None,
                "safeguarding/mail/overdue_subject.txt",
                "safeguarding/mail/overdue_body.txt",
            )
    return notices


@transaction.atomic
def authority_update(*, form, by):
    authority = form.instance
    before = activity.snapshot(Authority.objects.get(pk=authority.pk), ["name", "contacts"])
    authority.full_clean()
    authority.save()
    changes = activity.diff(before, activity.snapshot(authority, ["name", "contacts"]))
    activity.record(org=authority.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=authority, changes=changes)
    return authority


RULE_FIELDS = [
    "authority_kind",
    "event_types",
    "age_groups",
    "settings",
    "alleged",
    "clock",
    "amount",
    "channel",
    "content",
    "source",
    "active",
]


@transaction.atomic
def rule_update(*, form, by):
    rule = form.instance
    before = activity.snapshot(Rule.objects.get(pk=rule.pk), RULE_FIELDS)
    rule.full_clean()
    rule.save()
    changes = activity.diff(before, activity.snapshot(rule, RULE_FIELDS))
    activity.record(org=rule.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=rule, changes=changes)
    return rule
