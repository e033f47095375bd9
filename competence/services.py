"""Changes to the catalogue and the training records: validated, atomic, one activity entry each."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import uploads
from orgs import activity
from orgs.models import ActivityEntry, Membership
from orgs.roles import MANAGERS, Role
from programmes.models import ProgrammeEvent

from .matrix import UnitTree
from .models import Course, Record, RecordStatus, Topic, TrainingEvent, valid_until

COURSE_FIELDS = [
    "name_lt",
    "name_en",
    "topic",
    "provider",
    "hours",
    "validity_months",
    "mandatory_all",
    "mandatory_roles",
    "mandatory_units",
    "mandatory_services",
    "mandatory_positions",
    "is_active",
]
RECORD_FIELDS = ["person", "course", "completed_on", "hours", "provider", "certificate_name", "note", "status"]


def may_approve(approver, person_membership, tree=None):
    """Whether `approver` (a Membership) may approve or record trainings of `person_membership`: the managers for
    everyone, a unit head for the people of their unit and its sub-units (not their own)."""
    if approver.org_id != person_membership.org_id:
        return False
    if approver.role in MANAGERS:
        return True
    if approver.role == Role.UNIT_HEAD and approver.unit_id and person_membership.pk != approver.pk:
        tree = tree or UnitTree([approver.org_id])
        return tree.within(person_membership.unit_id, approver.unit_id)
    return False


def _membership_of(org, user):
    membership = Membership.objects.for_org(org).active().filter(user=user).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the organisation."))
    return membership


def _store(record, upload):
    kind = uploads.check(upload)
    record.certificate_name = uploads.stored_name(kind, upload.name)
    record.certificate_type = kind.content_type
    record.certificate.save(kind.storage_name(), upload, save=False)


@transaction.atomic
def course_save(*, org, course, form_m2m=None, by):
    """Create or update a catalogue course (`course` unsaved or changed, from a ModelForm); M2M from `form_m2m`."""
    Membership.objects.require(org, by, MANAGERS)
    before = {} if course.pk is None else activity.snapshot(Course.objects.get(pk=course.pk), COURSE_FIELDS)
    validity_before = None if course.pk is None else Course.objects.get(pk=course.pk).validity_months
    course.org = org
    course.full_clean()
    created = course.pk is None
    course.save()
    if form_m2m is not None:
        course.mandatory_units.set(form_m2m.get("mandatory_units", ()))
        course.mandatory_services.set(form_m2m.get("mandatory_services", ()))
    if not created and validity_before != course.validity_months:
        # Each record keeps the day it holds until; a new validity moves those days for the course's records.
        records = list(Record.objects.filter(course=course))
        for record in records:
            record.valid_until = valid_until(record.completed_on, course.validity_months)
        Record.objects.bulk_update(records, ["valid_until"])
    changes = activity.diff(before, activity.snapshot(course, COURSE_FIELDS))
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED if created else ActivityEntry.Verb.UPDATED,
        target=course,
        changes=changes,
    )
    return course


@transaction.atomic
def record_add(*, org, person, course, completed_on, hours, provider="", note="", upload=None, by):
    """A training record. A person's own record waits for approval; one made by someone who may approve the
    person's trainings (their unit head, the coordinator, the director) counts at once."""
    by_membership = Membership.objects.require(org, by)
    person_membership = _membership_of(org, person)
    if person != by and not may_approve(by_membership, person_membership):
        raise PermissionDenied
    approved = person != by or by_membership.role in MANAGERS
    record = Record(
        org=org,
        person=person,
        course=course,
        completed_on=completed_on,
        hours=hours,
        provider=provider,
        note=note,
        submitted_by=by,
        status=RecordStatus.APPROVED if approved else RecordStatus.PENDING,
    )
    if approved:
        record.decided_by, record.decided_at = by, timezone.now()
    if upload is not None:
        _store(record, upload)
    record.full_clean()
    record.save()
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=record,
        target_repr=_record_repr(record),
        changes=activity.diff({}, activity.snapshot(record, RECORD_FIELDS)),
    )
    return record


def _record_repr(record):
    return f"{record.person} · {record.course.name_lt} · {record.completed_on:%Y-%m-%d}"


@transaction.atomic
def record_update(*, record, completed_on, hours, provider, note, upload=None, by):
    """An edit of a record: by its approver, or by the person while it waits (then it waits again)."""
    by_membership = Membership.objects.require(record.org, by)
    person_membership = _membership_of(record.org, record.person)
    approver = may_approve(by_membership, person_membership)
    if not approver and not (record.person_id == by.pk and record.status != RecordStatus.APPROVED):
        raise PermissionDenied
    before = activity.snapshot(record, RECORD_FIELDS)
    record.completed_on, record.hours, record.provider, record.note = completed_on, hours, provider, note
    if not approver:
        record.status = RecordStatus.PENDING
    if upload is not None:
        _store(record, upload)
    record.full_clean()
    record.save()
    activity.record(
        org=record.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=record,
        target_repr=_record_repr(record),
        changes=activity.diff(before, activity.snapshot(record, RECORD_FIELDS)),
    )
    return record


@transaction.atomic
def record_decide(*, record, approve, by):
    """Approve a waiting record, or return it to the person."""
    by_membership = Membership.objects.require(record.org, by, refusal=PermissionDenied())
    if not may_approve(by_membership, _membership_of(record.org, record.person)):
        raise PermissionDenied
    if record.status != RecordStatus.PENDING:
        raise ValidationError(_("This record is not waiting for approval."))
    before = activity.snapshot(record, ["status"])
    record.status = RecordStatus.APPROVED if approve else RecordStatus.REJECTED
    record.decided_by, record.decided_at = by, timezone.now()
    record.save(update_fields=["status", "decided_by", "decided_at"])
    activity.record(
        org=record.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=record,
        target_repr=_record_repr(record),
        changes=activity.diff(before, activity.snapshot(record, ["status"])),
    )
    return record


@transaction.atomic
def event_record(*, org, course, held_on, hours, provider, people, by):
    """One training attended by many: an event and an approved record for each attendee, one activity entry."""
    by_membership = Membership.objects.require(org, by)
    if not people:
        raise ValidationError(_("Choose at least one attendee."))
    memberships = list(Membership.objects.for_org(org).active().filter(user__in=people).select_related("user"))
    tree = UnitTree([org.pk])
    if len(memberships) != len(set(people)) or not all(may_approve(by_membership, m, tree) for m in memberships):
        raise PermissionDenied
    event = TrainingEvent(org=org, course=course, held_on=held_on, hours=hours, provider=provider, created_by=by)
    event.full_clean()
    event.save()
    now = timezone.now()
    records = []
    for m in memberships:
        record = Record(
            org=org,
            person=m.user,
            course=course,
            event=event,
            completed_on=held_on,
            hours=hours,
            provider=provider,
            status=RecordStatus.APPROVED,
            submitted_by=by,
            decided_by=by,
            decided_at=now,
            valid_until=valid_until(held_on, course.validity_months),
        )
        record.full_clean(exclude=["certificate"])
        records.append(record)
    Record.objects.bulk_create(records)
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=event,
        changes={"attendees": ["", ", ".join(sorted(str(m.user) for m in memberships))]},
        labels={"attendees": "Attendees"},
    )
    return event


@transaction.atomic
def programme_training_record(*, org, training, course=None, new_course_name="", by):
    """A programme training the organisation's staff attended (an attendance.Training) becomes their training
    records: one training event remembering the programme's event, and an approved record for each matched member
    who has none of it yet. The records are approved: the attendance is the programme's own list, and the person
    recording it is a director or coordinator, who approves anyone's trainings (may_approve).

    The first time, the course is `course` (of this organisation) or a new catalogue course named
    `new_course_name`; later runs keep the course chosen then and add only members matched since (an edited list,
    a new colleague). A member who already has this course on this day, entered by hand, is left out rather than
    counted twice. Returns (training event, records made); nothing new: nothing written, no activity entry."""
    Membership.objects.require(org, by, MANAGERS)
    attendance, event = training.attendance, training.event
    if attendance.participation.org_id != org.pk or event.kind != ProgrammeEvent.Kind.TRAINING:
        raise PermissionDenied
    if event.on > timezone.localdate():
        raise ValidationError(_("The training has not taken place yet."))
    # Locked, then the records read again: a second click waits for the first and then finds its records.
    made = TrainingEvent.objects.select_for_update().filter(org=org, programme_event=event).first()
    if made is None:
        if not training.people:
            raise ValidationError(
                _("No attendee line matches a member of the organisation: there is nothing to record.")
            )
        course = _programme_course(org, event, course, new_course_name)
        have = set()
    else:
        course = made.course
        have = set(Record.objects.filter(event=made).values_list("person_id", flat=True))
    people = [m for m in training.people if m.user_id not in have]
    have |= set(
        Record.objects.for_org(org)
        .filter(course=course, completed_on=event.on, person__in=[m.user_id for m in people])
        .values_list("person_id", flat=True)
    )
    people = [m for m in people if m.user_id not in have]
    if not people:
        return made, []
    created = made is None
    if created:
        made = TrainingEvent(
            org=org,
            course=course,
            held_on=event.on,
            hours=event.hours if event.hours is not None else course.hours,
            provider=(event.led_by or event.programme.title)[:200],
            created_by=by,
            programme_event=event,
        )
        made.full_clean()
        try:
            with transaction.atomic():
                made.save()
        except IntegrityError:
            raise ValidationError(_("Someone has just recorded this training. Open the page again.")) from None
    now = timezone.now()
    records = []
    for m in people:
        record = Record(
            org=org,
            person=m.user,
            course=course,
            event=made,
            completed_on=made.held_on,
            hours=made.hours,
            provider=made.provider,
            status=RecordStatus.APPROVED,
            submitted_by=by,
            decided_by=by,
            decided_at=now,
            valid_until=valid_until(made.held_on, course.validity_months),
            note=_("From the programme training “%(title)s”") % {"title": event.title[:200]},
        )
        record.full_clean(exclude=["certificate", "note"], validate_constraints=False)
        records.append(record)
    Record.objects.bulk_create(records)
    names = ", ".join(sorted(str(m.user) for m in people))
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED if created else ActivityEntry.Verb.UPDATED,
        target=made,
        changes={
            "programme_event": ["", f"{event.programme.code} · {event.on:%Y-%m-%d} {event.title}"],
            "course": ["", course.name_lt],
            "attendees": ["", names],
        },
        labels={"programme_event": "Programme training", "course": "Course", "attendees": "Attendees"},
    )
    return made, records


def _programme_course(org, event, course, new_course_name):
    """The course a programme training is recorded as: one of the organisation's, or a new one named by the user."""
    if course is not None:
        if course.org_id != org.pk:
            raise ValidationError({"course": _("The course must belong to the same organisation.")})
        return course
    name = (new_course_name or "").strip()
    if not name:
        raise ValidationError({"course": _("Choose a course of the catalogue or name a new one.")})
    if Course.objects.for_org(org).filter(name_lt__iexact=name).exists():
        raise ValidationError(
            {"new_course_name": _("The catalogue has a course of this name: choose it from the list.")}
        )
    course = Course(
        org=org,
        name_lt=name,
        topic=Topic.QUALITY,
        provider=(event.led_by or "")[:200],
        hours=event.hours or 0,
        order=Course.objects.for_org(org).count() * 10 + 10,
    )
    course.full_clean()
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError:  # the same name saved a moment ago by someone else
        raise ValidationError(
            {"new_course_name": _("The catalogue has a course of this name: choose it from the list.")}
        ) from None
    return course


@transaction.atomic
def settings_save(*, settings, by):
    """The organisation's required yearly hours and the rule they follow."""
    Membership.objects.require(settings.org, by, MANAGERS)
    fields = ["yearly_hours", "legal_source"]
    before = {}
    if settings.pk:
        before = activity.snapshot(type(settings).objects.get(pk=settings.pk), fields)
    settings.full_clean()
    settings.save()
    activity.record(
        org=settings.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=settings,
        target_repr=_("Competence settings"),
        changes=activity.diff(before, activity.snapshot(settings, fields)),
    )
    return settings


@transaction.atomic
def plan_save(*, org, form, formset, by):
    """A unit's yearly training plan with its planned courses: the managers for any unit or the whole
    organisation, a unit head for their unit and its sub-units."""
    membership = Membership.objects.require(org, by, MANAGERS | {Role.UNIT_HEAD})
    plan = form.instance
    plan.org = org
    if membership.role not in MANAGERS:
        tree = UnitTree([org.pk])
        if plan.unit_id is None or not membership.unit_id or not tree.within(plan.unit_id, membership.unit_id):
            raise PermissionDenied
    created = plan.pk is None
    fields = ["unit", "year", "budget", "note"]
    before = {} if created else activity.snapshot(type(plan).objects.get(pk=plan.pk), fields)
    listed = "" if created else ", ".join(str(item.course) for item in plan.items.select_related("course"))
    plan.full_clean()
    plan.save()
    formset.instance = plan
    formset.save()
    changes = activity.diff(before, activity.snapshot(plan, fields))
    courses = ", ".join(str(item.course) for item in plan.items.select_related("course"))
    if courses != listed:
        changes["items"] = [listed, courses]
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED if created else ActivityEntry.Verb.UPDATED,
        target=plan,
        changes=changes,
        labels={**activity.labels_for(type(plan), fields), "items": "Planned courses"},
    )
    return plan
