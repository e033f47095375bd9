"""Changes to improvement actions: atomic, validated, logged once. Other apps create actions only through here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from frameworks.models import FrameworkVersion, Indicator
from kokybe.lib import uploads, validation
from orgs import activity
from orgs.models import ActivityEntry, Membership, Organisation
from orgs.roles import COMMENTERS

from .models import (
    VERDICTS,
    ActionAttachment,
    ActionComment,
    ImprovementAction,
    Status,
)

if TYPE_CHECKING:
    from django import forms
    from django.core.files.uploadedfile import UploadedFile
    from django.db import models
    from django.db.models import QuerySet
    from django.utils.functional import _StrPromise

    from accounts.models import User

# Fields whose change is worth a line in the action's history.
LOGGED_FIELDS = [
    "title",
    "description",
    "source",
    "principle",
    "indicators",
    "root_cause",
    "planned_measures",
    "owner",
    "participants",
    "unit",
    "service",
    "priority",
    "start_date",
    "due_date",
    "progress",
]


def _notify(
    *,
    user: User | None,
    org: Organisation,
    verb: str,
    target: models.Model,
    by: User,
    change: tuple[str | _StrPromise, str | _StrPromise] | None = None,  # lazy labels: translated per reader
) -> None:
    if user is None or user == by:
        return
    from work.notifications import notify

    notify(user=user, org=org, verb=verb, target=target, by=by, change=change)


def _not_member() -> ValidationError:
    return ValidationError(_("Only members of the organisation can change its actions."), code="not_member")


def visible_indicators(org: Organisation) -> QuerySet[Indicator]:
    return Indicator.objects.filter(version__in=FrameworkVersion.objects.visible_to(org))


def _visible(org: Organisation, indicators: list[Indicator]) -> bool:
    """Whether every indicator is of a framework version the organisation may use: from the versions the rows
    carry when they were read with them (the action form reads them so), else in one query."""
    version = Indicator._meta.get_field("version")
    if all(version.is_cached(i) for i in indicators):
        return all(i.version.org_id in (None, org.pk) for i in indicators)
    return visible_indicators(org).filter(pk__in=[i.pk for i in indicators]).count() == len({i.pk for i in indicators})


def _member_roles(org: Organisation, people: Iterable[User | None]) -> dict[int, str]:
    """{user id: role} of those of `people` who are active members of `org`, in one query."""
    ids = {person.pk for person in people if person is not None}
    if not ids:
        return {}
    return dict(Membership.objects.for_org(org).active().filter(user_id__in=ids).values_list("user_id", "role"))


def _check_links(
    org: Organisation,
    *,
    indicators: list[Indicator],
    participants: list[User],
    roles: dict[int, str] | None = None,
) -> None:
    errors = {}
    if indicators and not _visible(org, indicators):
        errors["indicators"] = _("Some indicators belong to a framework this organisation cannot use.")
    if roles is None:
        roles = _member_roles(org, participants)
    if any(roles.get(p.pk) not in COMMENTERS for p in participants):
        errors["participants"] = _("Participants must be members of the organisation who can work on actions.")
    if errors:
        raise ValidationError(errors)


def _next_number(org: Organisation) -> int:
    # Lock the organisation row so two people creating actions at once cannot take the same number (PostgreSQL;
    # SQLite serialises writers with BEGIN IMMEDIATE anyway).
    Organisation.objects.select_for_update().filter(pk=org.pk).first()
    last = ImprovementAction.objects.for_org(org).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def action_create(
    *,
    org: Organisation,
    title: str,
    source: str,
    by: User,
    source_object: models.Model | None = None,
    indicators: Iterable[Indicator] = (),
    owner: User | None = None,
    due_date: date | None = None,
    **fields: Any,
) -> ImprovementAction:
    """Create an improvement action from any source (a gap, a finding, a complaint…) with its links.

    `source_object` must be a saved row of the same organisation; `indicators` an iterable of Indicator; extra
    keyword arguments are model fields (`participants` may be an iterable of users).
    """
    indicators = list(indicators)
    participants = list(fields.pop("participants", ()))
    action = ImprovementAction(org=org, title=title, source=source, owner=owner, due_date=due_date, created_by=by)
    for name, value in fields.items():
        setattr(action, name, value)
    if source_object is not None:
        if getattr(source_object, "org_id", org.pk) != org.pk:
            raise ValidationError(_("The source belongs to another organisation."), code="foreign_source")
        action.source_object = source_object
    if action.principle_id is None and indicators:
        action.principle = principle = indicators[0].criterion.principle
        first_version = Indicator._meta.get_field("version")
        if first_version.is_cached(indicators[0]) and principle.version_id == indicators[0].version_id:
            principle.version = indicators[0].version  # clean() checks whose framework it is: no second read
    # The people's roles are read once: for the participants' check, the owner's check in clean() and who is told.
    roles = _member_roles(org, [owner, *participants])
    _check_links(org, indicators=indicators, participants=participants, roles=roles)
    action.number = _next_number(org)
    # clean() covers what the check constraints say, with messages on the fields; the unique number is taken
    # under the organisation's lock. The database still enforces every constraint.
    setattr(action, "_member_roles", roles)  # noqa: B010 (not a field: read by clean() for this check only)
    try:
        action.full_clean(exclude=["uuid", "number", *validation.rows_in_hand(action)], validate_constraints=False)
    finally:
        delattr(action, "_member_roles")  # noqa: B043 (a later edit asks again)
    action.save()
    indicators = list({i.pk: i for i in indicators}.values())
    participants = list({p.pk: p for p in participants}.values())
    # A new action has no links yet: insert them (a manager's set() would first read the links there are).
    Links, People = ImprovementAction.indicators.through, ImprovementAction.participants.through
    Links.objects.bulk_create([Links(improvementaction=action, indicator=i) for i in indicators])
    People.objects.bulk_create([People(improvementaction=action, user=p) for p in participants])
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=action,
        changes=activity.diff(
            {}, activity.snapshot(action, LOGGED_FIELDS, m2m={"indicators": indicators, "participants": participants})
        ),
    )
    from work.notifications import notify_each

    told = [(owner, "assigned")] + [(user, "participant") for user in participants if user != owner]
    notify_each(told, org=org, target=action, by=by, members=set(roles))
    return action


@transaction.atomic
def action_update(
    *, action: ImprovementAction, form: forms.ModelForm[ImprovementAction], by: User
) -> ImprovementAction:
    """Save the edit form: one activity entry of what changed; newly assigned people are told."""
    fields = [f for f in form.changed_data if f in LOGGED_FIELDS]
    before_row = ImprovementAction.objects.get(pk=action.pk)
    before = activity.snapshot(before_row, fields)
    before_owner = before_row.owner_id
    before_people = {before_owner, action.owner_id, *before_row.participants.values_list("pk", flat=True)}
    data = form.cleaned_data
    _check_links(
        action.org, indicators=list(data.get("indicators", ())), participants=list(data.get("participants", ()))
    )
    action = form.save(commit=False)
    if action.principle_id is None and data.get("indicators"):
        action.principle = data["indicators"][0].criterion.principle
    action.full_clean()
    action.save()
    form.save_m2m()
    changes = activity.diff(before, activity.snapshot(action, fields))
    if changes:
        activity.record(org=action.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=action, changes=changes)
    if action.owner_id and action.owner_id != before_owner:
        _notify(user=action.owner, org=action.org, verb="assigned", target=action, by=by)
    for user in action.participants.all():
        if user.pk not in before_people:
            _notify(user=user, org=action.org, verb="participant", target=action, by=by)
    return action


def _move(action: ImprovementAction, to: str, by: User, extra: dict[str, Any] | None = None) -> ImprovementAction:
    """Apply a permitted status change with its side fields and write the one STATUS entry."""
    fields = ["status", "progress", "completed_on", "verified_on", "verified_by", "verification_note"]
    before = activity.snapshot(action, fields)
    action.status = to
    today = timezone.localdate()
    if to == Status.DONE:
        action.completed_on, action.progress = today, 100
    elif to == Status.IN_PROGRESS:
        # Reopened: the earlier completion and verdict stay in the history, not on the action.
        action.completed_on = None
        action.verified_on, action.verified_by, action.verification_note = None, None, ""
    for name, value in (extra or {}).items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    changes = activity.diff(before, activity.snapshot(action, fields))
    activity.record(org=action.org, by=by, verb=ActivityEntry.Verb.STATUS, target=action, changes=changes)
    return action


def _locked(action: ImprovementAction) -> ImprovementAction:
    # Re-read under a lock: two people pressing buttons at once must not both pass the check on a stale status.
    return ImprovementAction.objects.select_for_update(of=("self",)).select_related("org", "unit").get(pk=action.pk)


@transaction.atomic
def action_transition(*, action: ImprovementAction, to: str, by: User, note: str = "") -> ImprovementAction:
    """Move an action along the PDCA path; an invalid move raises ValidationError and writes nothing."""
    membership = Membership.objects.require(action.org, by, refusal=_not_member())
    current = _locked(action)
    if to in VERDICTS and current.status == Status.DONE:
        raise ValidationError(_("Record the verification to mark the action effective or not effective."))
    refusal = current.transition_refusal(to, membership)
    if refusal:
        raise ValidationError(refusal, code="transition")
    before = Status(current.status).label
    _move(current, to, by)
    change = (before, Status(current.status).label)
    _notify(user=current.owner, org=current.org, verb="status", target=current, by=by, change=change)
    if note.strip():
        ActionComment.objects.create(org=current.org, action=current, author=by, body=note.strip())
    _refresh(action, current)
    return action


@transaction.atomic
def action_verify(
    *, action: ImprovementAction, effective: bool, on: date | None, note: str, by: User
) -> ImprovementAction:
    """Record the check of effect: when, who, the verdict and the evidence it rests on."""
    membership = Membership.objects.require(action.org, by, refusal=_not_member())
    current = _locked(action)
    to = Status.EFFECTIVE if effective else Status.NOT_EFFECTIVE
    refusal = current.transition_refusal(to, membership)
    if refusal:
        raise ValidationError(refusal, code="transition")
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("Describe the result and the evidence it rests on.")
    if on is None or on > timezone.localdate():
        errors["on"] = _("The verification date cannot be in the future.")
    elif current.completed_on and on < current.completed_on:
        errors["on"] = _("The verification date cannot be before the action was completed.")
    if errors:
        raise ValidationError(errors)
    before = Status(current.status).label
    _move(current, to, by, {"verified_on": on, "verified_by": by, "verification_note": note.strip()})
    change = (before, Status(current.status).label)
    _notify(user=current.owner, org=current.org, verb="status", target=current, by=by, change=change)
    _refresh(action, current)
    return action


def _refresh(action: ImprovementAction, current: ImprovementAction) -> None:
    for field in ("status", "progress", "completed_on", "verified_on", "verified_by_id", "verification_note"):
        setattr(action, field, getattr(current, field))


# @jonas (the part of a member's e-mail before "@") or @jonas@alfa.lt (the whole address, when two members share
# the first part). Names have spaces and repeat; e-mail addresses are what members already know each other by.
MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mention_handle(user: User) -> str:
    return user.email.split("@", 1)[0].lower()


def mention_handles(org: Organisation) -> list[tuple[str, User]]:
    """[(handle, user)] of the organisation's active members; a shared short handle gives way to the e-mail."""
    members = get_user_model().objects.filter(pk__in=Membership.objects.for_org(org).active().values("user_id"))
    users = list(members.order_by("full_name", "email"))
    counts = Counter(mention_handle(user) for user in users)
    return [(mention_handle(u) if counts[mention_handle(u)] == 1 else u.email.lower(), u) for u in users]


def parse_mentions(org: Organisation, body: str | None) -> list[User]:
    """Active members of org mentioned in body (by handle or by whole e-mail address)."""
    tokens = {token.rstrip(".").lower() for token in MENTION.findall(body or "")}
    if not tokens:
        return []
    return [user for handle, user in mention_handles(org) if handle in tokens or user.email.lower() in tokens]


@transaction.atomic
def action_comment(*, action: ImprovementAction, body: str | None, by: User) -> ActionComment:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    comment = ActionComment(org=action.org, action=action, author=by, body=body)
    comment.full_clean()
    comment.save()
    mentioned = parse_mentions(action.org, body)
    comment.mentions.set(mentioned)
    activity.record(org=action.org, by=by, verb=ActivityEntry.Verb.COMMENTED, target=action)
    for user in mentioned:
        _notify(user=user, org=action.org, verb="mentioned", target=action, by=by)
    if action.owner not in mentioned:
        _notify(user=action.owner, org=action.org, verb="commented", target=action, by=by)
    return comment


@transaction.atomic
def attachment_add(*, action: ImprovementAction, upload: UploadedFile, by: User) -> ActionAttachment:
    """Store a checked upload on the action (uploads.check runs again here: no caller can skip it)."""
    kind = uploads.check(upload)
    attachment = ActionAttachment(
        org=action.org,
        action=action,
        original_name=uploads.stored_name(kind, upload.name),
        content_type=kind.content_type,
        size=upload.size or 0,  # never None: uploads.check() refused empty files
        uploaded_by=by,
    )
    attachment.file.save(kind.storage_name(), upload, save=False)
    try:
        attachment.full_clean()
        attachment.save()
        activity.record(
            org=action.org,
            by=by,
            verb=ActivityEntry.Verb.UPDATED,
            target=action,
            changes={"attachment": ["", attachment.original_name]},
        )
    except Exception:
        # The file is already in storage; without its row nothing would ever find or delete it.
        attachment.file.storage.delete(attachment.file.name)  # type: ignore[arg-type]  # a saved file has a name
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: ActionAttachment, by: User) -> None:
    action, name, stored = attachment.action, attachment.original_name, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    activity.record(
        org=action.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=action, changes={"attachment": [name, ""]}
    )
    # Only once the row is really gone: a rolled-back delete must still find its file.
    transaction.on_commit(lambda: storage.delete(stored))  # type: ignore[arg-type]  # a saved file has a name
