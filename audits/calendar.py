"""Audits, certificate expiries and management reviews on the quality calendar.

The calendar (actions.Milestone) is the one place people look for dates, so these records each keep one milestone
of their own and move it when their dates change. A milestone someone already put on the calendar by hand for the
same day and kind is taken over rather than doubled, keeping the title and description it was given (the record
renames it only when its own name changes). No activity entry of its own: the record's entry covers it.
"""

from orgs.models import Membership
from work.models import Milestone, MilestoneKind


def _member(org, user):
    if user is None:
        return None
    return user if Membership.objects.for_org(org).active().filter(user=user).exists() else None


def _adoptable(org, kind, start, taken):
    return (
        Milestone.objects.for_org(org).filter(kind=kind, start_date=start).exclude(pk__in=taken).order_by("pk").first()
    )


def _sync(owner, field, *, kind, title, start, end, responsible, description, by, taken, renamed=False):
    milestone = getattr(owner, field)
    if milestone is None:
        milestone = _adoptable(owner.org, kind, start, taken)
    if milestone is None:
        milestone = Milestone(org=owner.org, created_by=by, title=title[:255], description=description)
    elif renamed:
        milestone.title = title[:255]
    milestone.kind = kind
    milestone.start_date = start
    milestone.end_date = end if end and end != start else None
    milestone.responsible = _member(owner.org, responsible) or milestone.responsible
    milestone.full_clean()
    milestone.save()
    if getattr(owner, f"{field}_id") != milestone.pk:
        setattr(owner, field, milestone)
        type(owner).objects.filter(pk=owner.pk).update(**{field: milestone})
    return milestone


def sync_audit(audit, *, by, renamed=False):
    from .models import Audit

    kind = MilestoneKind.INTERNAL_AUDIT if audit.is_internal else MilestoneKind.EXTERNAL_AUDIT
    return _sync(
        audit,
        "milestone",
        kind=kind,
        title=audit.title,
        start=audit.planned_start,
        end=audit.planned_end,
        responsible=audit.lead_auditor or by,
        description=audit.method,
        by=by,
        taken=Audit.objects.filter(milestone__isnull=False).values("milestone_id"),
        renamed=renamed,
    )


def sync_certificate(certificate, *, by, renamed=False):
    from django.utils.translation import gettext as _

    from .models import Certificate

    return _sync(
        certificate,
        "expiry_milestone",
        kind=MilestoneKind.CERTIFICATE_EXPIRY,
        title=_("Certificate %(reference)s expires") % {"reference": certificate.reference},
        start=certificate.expires_on,
        end=None,
        responsible=None,
        description="",
        by=by,
        taken=Certificate.objects.filter(expiry_milestone__isnull=False).values("expiry_milestone_id"),
        renamed=renamed,
    )


def sync_review(review, *, by, renamed=False):
    from .models import ManagementReview

    return _sync(
        review,
        "milestone",
        kind=MilestoneKind.MANAGEMENT_REVIEW,
        title=review.title,
        start=review.held_on,
        end=None,
        responsible=None,
        description="",
        by=by,
        taken=ManagementReview.objects.filter(milestone__isnull=False).values("milestone_id"),
        renamed=renamed,
    )
