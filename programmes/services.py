"""Changes to a programme's records that have side effects: milestones filled from providers' records, the monthly
contributions a provider reports (by form or by XLSX upload, all or nothing), applications to join and their
acceptance (the organisation made, its first director invited)."""

import logging
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe import surfaces
from kokybe.lib import mail
from orgs import activity
from orgs.models import ActivityEntry, Organisation
from orgs.roles import Role

from . import persons
from .models import (
    DIMENSIONS,
    Application,
    Contribution,
    EventAttendance,
    Milestone,
    MilestoneSource,
    PersonReport,
    ProgrammeEvent,
    ProgrammeParticipation,
)

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000


def milestones_instantiate(participations):
    """Give each participation the milestones of its programme's template it does not have yet (bulk, one insert)."""
    participations = list(participations)
    if not participations:
        return 0
    template_ids = {p.programme.milestone_template_id for p in participations} - {None}
    from .models import MilestoneStep

    steps = {}
    for step in MilestoneStep.objects.filter(template_id__in=template_ids):
        steps.setdefault(step.template_id, []).append(step)
    have = set(Milestone.objects.filter(participation__in=participations).values_list("participation_id", "step_id"))
    new = [
        Milestone(participation=p, step=step, planned_on=step.planned_for(p.contract_date or p.joined_on))
        for p in participations
        for step in steps.get(p.programme.milestone_template_id, [])
        if (p.pk, step.pk) not in have
    ]
    Milestone.objects.bulk_create(new)
    return len(new)


def provider_records(org_ids):
    """{(org_id, kind): [dates]} from every app that contributes provider_records."""
    found = {}
    for func in surfaces.provider_records.contributions():
        for record in func(org_ids):
            if record.kind in surfaces.PROVIDER_RECORD_KINDS:
                found.setdefault((record.org_id, record.kind), []).append(record.on)
    return found


def _fill(milestones):
    """Fill the open milestones among `milestones` whose step names a record kind with the earliest such record of
    the provider on or after its contract; returns those filled. Two queries and one per contributing app."""
    milestones = list(
        milestones.filter(done_on__isnull=True)
        .exclude(step__source=MilestoneSource.MANUAL)
        .select_related("participation__programme__coordinating_org", "step")
    )
    if not milestones:
        return []
    records = provider_records({m.participation.org_id for m in milestones})
    filled = []
    for milestone in milestones:
        since = milestone.participation.contract_date or milestone.participation.joined_on
        dates = [d for d in records.get((milestone.participation.org_id, milestone.step.source), ()) if d >= since]
        if dates:
            milestone.done_on, milestone.filled_from = min(dates), milestone.step.source
            filled.append(milestone)
    Milestone.objects.bulk_update(filled, ["done_on", "filled_from"])
    return filled


@transaction.atomic
def milestones_fill_for(org_ids):
    """Fill the open milestones of these organisations in every programme they take part in, after one of their
    records changed (kokybe.surfaces.provider_record_models): one activity entry per programme that gained any."""
    filled = _fill(Milestone.objects.filter(participation__org_id__in=list(org_ids)))
    by_programme = {}
    for milestone in filled:
        by_programme.setdefault(milestone.participation.programme, []).append(milestone)
    for programme, milestones in by_programme.items():
        activity.record(
            org=programme.coordinating_org,
            by=None,
            verb=ActivityEntry.Verb.UPDATED,
            target=programme,
            target_repr=_("%(code)s: %(n)s milestones filled from providers' records")
            % {"code": programme.code, "n": len(milestones)},
        )
    return len(filled)


@transaction.atomic
def milestones_sync(programme, *, by=None):
    """Fill the open milestones whose step names a record kind with the earliest such record of the provider on or
    after its contract. A fixed number of queries for any number of providers; returns how many were filled."""
    filled = _fill(Milestone.objects.filter(participation__programme=programme))
    if filled:
        activity.record(
            org=programme.coordinating_org,
            by=by,
            verb=ActivityEntry.Verb.UPDATED,
            target=programme,
            target_repr=_("%(code)s: %(n)s milestones filled from providers' records")
            % {"code": programme.code, "n": len(filled)},
        )
    return len(filled)


# ── Contributions ────────────────────────────────────────────────────────────────────────────────────────────────


def _month(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value or "").strip()
    try:
        year, month = text[:7].split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def _choice(key, value):
    """A dimension's value from its code or its label in either language; None when it is not one of them."""
    from django.utils import translation

    text = str(value or "").strip().lower()
    if not text:
        return ""
    for choice in DIMENSIONS[key][1]:
        labels = {choice.value}
        for language in ("lt", "en"):
            with translation.override(language):
                labels.add(str(choice.label).lower())
        if text in labels:
            return choice.value
    return None


def _check_month(indicator, participation, month):
    programme = indicator.programme
    if month < programme.start.replace(day=1) or (programme.end and month > programme.end):
        return _("The month is outside the programme's period.")
    if month > date.today().replace(day=1):
        return _("The month has not begun yet.")
    return None


@transaction.atomic
def contribution_save(*, indicator, participation, month, value, by, **dims):
    """A provider's value for one month (and one group): replaces the value reported before for the same."""
    if indicator.counts_persons:
        raise ValidationError(_("This indicator counts persons: upload them with their personal codes."))
    error = _check_month(indicator, participation, month)
    if error:
        raise ValidationError({"month": error})
    lookup = {key: dims.get(key, "") for key in DIMENSIONS}
    contribution, _created = Contribution.objects.update_or_create(
        indicator=indicator, participation=participation, month=month, **lookup, defaults={"value": value}
    )
    contribution.full_clean()
    activity.record(
        org=participation.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=participation,
        target_repr=f"{indicator.name}: {month:%Y-%m} = {value}",
    )
    return contribution


class ImportRowError(Exception):
    pass


def _read_rows(upload):
    from openpyxl import load_workbook

    from kokybe.lib import uploads

    kind = uploads.check(upload)
    if kind.ext != "xlsx":
        raise ValidationError(_("Upload an Excel workbook (.xlsx)."))
    upload.seek(0)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ValidationError(_("The workbook cannot be read.")) from exc
    rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("A workbook may have at most %(n)s rows.") % {"n": MAX_ROWS})
    return rows


@transaction.atomic
def contributions_import(*, indicator, participation, upload, by):
    """Monthly values (or persons) of one provider from an XLSX: every row is checked first; one bad row and nothing
    is written. Columns: month (YYYY-MM), the value (or the person's personal code), then the indicator's
    dimensions in their order. Returns the number of rows written.

    For a persons indicator the personal code is turned into the programme's keyed hash here and dropped: it is in
    no stored row, no error message and no log line."""
    rows = _read_rows(upload)
    programme = indicator.programme
    dims = list(indicator.dimensions)
    errors, parsed = [], []
    for number, row in enumerate(rows, start=2):
        row = list(row) + [None] * (2 + len(dims))
        if all(cell in (None, "") for cell in row):
            continue
        month = _month(row[0])
        if month is None:
            errors.append(_("Row %(row)s: the month must be written as YYYY-MM.") % {"row": number})
            continue
        problem = _check_month(indicator, participation, month)
        if problem:
            errors.append(_("Row %(row)s: %(problem)s") % {"row": number, "problem": problem})
            continue
        values = {}
        for offset, key in enumerate(dims, start=2):
            choice = _choice(key, row[offset])
            if choice is None:
                errors.append(
                    _("Row %(row)s: “%(value)s” is not a value of %(dimension)s.")
                    % {"row": number, "value": str(row[offset])[:40], "dimension": DIMENSIONS[key][0]}
                )
                break
            values[key] = choice
        else:
            if indicator.counts_persons:
                code = row[1]
                if not persons.is_personal_code(code):
                    # Never echo the cell: it may be a real personal code with a typo.
                    errors.append(_("Row %(row)s: the personal code is not valid.") % {"row": number})
                    continue
                parsed.append((month, persons.person_hash(programme.person_key, code), values))
            else:
                try:
                    value = Decimal(str(row[1]).replace(",", ".").strip())
                except InvalidOperation:
                    errors.append(_("Row %(row)s: the value must be a number.") % {"row": number})
                    continue
                if value < 0 or not value.is_finite():
                    errors.append(_("Row %(row)s: the value cannot be negative.") % {"row": number})
                    continue
                parsed.append((month, value, values))
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("The workbook has no rows to import."))
    blank = dict.fromkeys(DIMENSIONS, "")
    if indicator.counts_persons:
        version = programme.person_key_version
        existing = set(
            PersonReport.objects.filter(
                indicator=indicator, participation=participation, key_version=version
            ).values_list("month", "person_hash", "help_type")
        )
        new, seen = [], set()
        for month, digest, values in parsed:
            key = (month, digest, values.get("help_type", ""))
            if key in existing or key in seen:
                continue
            seen.add(key)
            new.append(
                PersonReport(
                    indicator=indicator,
                    participation=participation,
                    month=month,
                    person_hash=digest,
                    key_version=version,
                    **{**blank, **values},
                )
            )
        PersonReport.objects.bulk_create(new)
        written = len(new)
    else:
        totals = {}
        for month, value, values in parsed:
            key = (month, *({**blank, **values}[k] for k in DIMENSIONS))
            totals[key] = totals.get(key, 0) + value
        months = {key[0] for key in totals}
        Contribution.objects.filter(indicator=indicator, participation=participation, month__in=months).delete()
        Contribution.objects.bulk_create(
            Contribution(
                indicator=indicator,
                participation=participation,
                month=key[0],
                value=value,
                **dict(zip(DIMENSIONS, key[1:], strict=True)),
            )
            for key, value in totals.items()
        )
        written = len(totals)
    activity.record(
        org=participation.org,
        by=by,
        verb=ActivityEntry.Verb.IMPORTED,
        target=participation,
        target_repr=_("%(indicator)s: %(n)s rows imported") % {"indicator": indicator.name, "n": written},
    )
    return written


def participation_for(org, programme_pk):
    return ProgrammeParticipation.objects.select_related("programme").get(org=org, programme_id=programme_pk)


# ── Applications to join ─────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def application_submit(*, programme, fields, language):
    """An application from the programme's public page: validated, stored whole or not at all. No account, so no
    activity entry (the log's entries have an actor); the coordinators see it on their applications page."""
    if not programme.accepts_applications:
        raise ValidationError(_("This programme does not take applications now."))
    application = Application(programme=programme, language=language, **fields)
    application.full_clean()
    application.save()
    return application


def _unique_slug(name):
    from django.utils.text import slugify

    base = (slugify(name)[:70].strip("-") or "org").lower()
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _decided(application, status, by):
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    application.status = status
    application.decided_by = by
    application.decided_at = timezone.now()


@transaction.atomic
def application_accept(*, application, by, wave=None, consultant=None):
    """Accept an application: the organisation is found by its company code or made, it takes part in the programme
    (status "applied", the application milestone reached on the day it applied), and the contact person is told.

    Only a NEW organisation's contact person is invited, as its first director: anyone may type an existing
    organisation's company code into the public form, and a programme coordinator gives no one a membership of a
    provider that already runs Kokybė (its own managers invite their people). Returns the participation."""
    from accounts.services import invitation_create

    programme = application.programme
    application = Application.objects.select_for_update().get(pk=application.pk)
    _decided(application, Application.Status.ACCEPTED, by)
    org = Organisation.objects.filter(company_code=application.company_code).order_by("pk").first()
    new_org = org is None
    if new_org:
        org = Organisation(
            name=application.org_name,
            slug=_unique_slug(application.org_name),
            legal_form=Organisation.LegalForm.OTHER,
            company_code=application.company_code,
            municipality=application.municipality,
            email=application.email,
            phone=application.phone,
        )
        org.full_clean()
        org.save()
    elif ProgrammeParticipation.objects.filter(programme=programme, org=org).exists():
        raise ValidationError(
            _("%(org)s already takes part in this programme: decline this application with that reason.")
            % {"org": org.name}
        )
    today = timezone.localdate()
    applied_on = timezone.localdate(application.created_at)
    participation = ProgrammeParticipation(
        programme=programme,
        org=org,
        status=ProgrammeParticipation.Status.APPLIED,
        applied_on=applied_on,
        joined_on=today,
        wave=wave,
        consultant=consultant,
        notes=_("Services proposed for certification:") + "\n" + "\n".join(application.service_lines()),
    )
    participation.full_clean()
    participation.save()
    participation.programme = programme
    milestones_instantiate([participation])
    Milestone.objects.filter(participation=participation, step__code="application").update(
        done_on=applied_on, note=_("Application sent from the programme's page")
    )
    application.participation = participation
    application.full_clean()
    application.save()
    activity.record(
        org=programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=application,
        changes={"status": [str(Application.Status.PENDING.label), str(Application.Status.ACCEPTED.label)]},
    )
    invitation = None
    if new_org:
        invitation = invitation_create(
            org=org, email=application.email, role=Role.DIRECTOR, language=application.language, by=by
        )
    mail.send_to(
        application,
        "programmes/email/application_accepted_subject.txt",
        "programmes/email/application_accepted_body.txt",
        {"programme": programme, "application": application, "org": org, "invited": invitation is not None},
    )
    return participation


@transaction.atomic
def application_decline(*, application, reason, by):
    """Decline an application with a reason the applicant reads in their e-mail."""
    application = Application.objects.select_for_update().select_related("programme").get(pk=application.pk)
    _decided(application, Application.Status.DECLINED, by)
    application.decline_reason = (reason or "").strip()
    application.full_clean()
    application.save()
    activity.record(
        org=application.programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=application,
        changes={"status": [str(Application.Status.PENDING.label), str(Application.Status.DECLINED.label)]},
    )
    mail.send_to(
        application,
        "programmes/email/application_declined_subject.txt",
        "programmes/email/application_declined_body.txt",
        {"programme": application.programme, "application": application},
    )
    return application


# ── Consultant visits and programme trainings ────────────────────────────────────────────────────────────────────


def _attend(event, participation, attendees, count):
    lines = [line.strip()[:200] for line in (attendees or "").splitlines() if line.strip()]
    attendance, _created = EventAttendance.objects.update_or_create(
        event=event,
        participation=participation,
        defaults={"attendees": "\n".join(lines), "count": max(count or 0, len(lines))},
    )
    attendance.full_clean(validate_unique=False)
    if event.step_id:
        # The event is the milestone for this provider: reached on its date unless it was reached before.
        Milestone.objects.filter(participation=participation, step_id=event.step_id, done_on__isnull=True).update(
            done_on=event.on, note=str(event)[:300]
        )
    return attendance


@transaction.atomic
def event_create(*, programme, fields, by, participation=None, attendees="", count=0):
    """A visit (with the provider visited) or a training (attendance added afterwards, per provider)."""
    event = ProgrammeEvent(programme=programme, recorded_by=by, **fields)
    errors = {}
    if event.kind == ProgrammeEvent.Kind.VISIT and participation is None:
        errors["participation"] = _("Choose the provider visited.")
    if participation is not None and participation.programme_id != programme.pk:
        errors["participation"] = _("This provider does not take part in the programme.")
    try:
        event.full_clean()
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    event.save()
    if participation is not None:
        _attend(event, participation, attendees, count)
    activity.record(org=programme.coordinating_org, by=by, verb=ActivityEntry.Verb.CREATED, target=event)
    return event


@transaction.atomic
def event_attendance_set(*, event, participation, attendees, count, by):
    if participation.programme_id != event.programme_id:
        raise ValidationError({"participation": _("This provider does not take part in the programme.")})
    attendance = _attend(event, participation, attendees, count)
    activity.record(
        org=event.programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=event,
        target_repr=f"{event}: {participation.org.name} ({attendance.count})",
    )
    return attendance
