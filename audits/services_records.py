"""Changes to certificates, progress reports and management reviews: atomic, validated, one activity entry each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Source
from actions.services import action_create
from orgs import activity
from orgs.models import ActivityEntry

from . import calendar, progress, review
from .models import Certificate, ManagementReview, ProgressReport, ReportStatus
from .services import _store_file

CERTIFICATE_LOGGED = [
    "version",
    "level",
    "reference",
    "issued_on",
    "expires_on",
    "services",
    "audit",
    "awarded_by",
    "notes",
    "is_public",
]
REVIEW_LOGGED = ["title", "held_on", "participants", "conclusions"]


def _log_save(obj, by, before, fields, creating, extra=None):
    changes = activity.diff(before, activity.snapshot(obj, fields))
    changes.update(extra or {})
    if creating or changes:
        verb = ActivityEntry.Verb.CREATED if creating else ActivityEntry.Verb.UPDATED
        activity.record(org=obj.org, by=by, verb=verb, target=obj, changes=changes)


# ── Certificates ──────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def certificate_save(*, certificate, by, services=(), upload=None):
    """Create or update a certificate; the expiry date defaults to the version's validity, and the expiry is kept on
    the quality calendar."""
    creating = certificate._state.adding
    before = {} if creating else activity.snapshot(Certificate.objects.get(pk=certificate.pk), CERTIFICATE_LOGGED)
    services = list(services)
    if any(s.org_id != certificate.org_id for s in services):
        raise ValidationError({"services": _("Choose services of this organisation.")})
    if creating:
        certificate.created_by = by
    certificate.full_clean()
    extra = {}
    if upload is not None:
        _store_file(certificate, "file", upload, "original_name", "content_type")
        extra["file"] = ["", certificate.original_name]
    certificate.save()
    certificate.services.set(services)
    renamed = not creating and before.get("reference") != certificate.reference
    calendar.sync_certificate(certificate, by=by, renamed=renamed)
    _log_save(certificate, by, before, CERTIFICATE_LOGGED, creating, extra)
    return certificate


# ── Progress reports ──────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def progress_report_create(*, org, year, by):
    """A draft for `year` with every section prefilled from the data (see audits.progress)."""
    report = ProgressReport(
        org=org,
        year=year,
        title=_("Progress report %(year)s") % {"year": year},
        created_by=by,
        generated_at=timezone.now(),
        **progress.collect(org, year),
    )
    report.full_clean()
    report.save()
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.CREATED, target=report, changes={"year": ["", str(year)]})
    return report


def _draft(report):
    if ProgressReport.objects.filter(pk=report.pk, status=ReportStatus.FINAL).exists():
        raise ValidationError(_("The report is final: reopen it as a draft to change it."), code="final")


@transaction.atomic
def progress_report_refresh(*, report, by):
    """Collect the data again; the sections' text is replaced (the coordinator is warned before)."""
    _draft(report)
    for name, text in progress.collect(report.org, report.year).items():
        setattr(report, name, text)
    report.generated_at = timezone.now()
    report.full_clean()
    report.save()
    activity.record(
        org=report.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=report,
        changes={"generated_at": ["", timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M")]},
    )
    return report


@transaction.atomic
def progress_report_update(*, form, by):
    _draft(form.instance)
    from orgs.services import form_save

    return form_save(form=form, org=form.instance.org, by=by)


@transaction.atomic
def progress_report_status(*, report, to, by):
    if to not in ReportStatus.values or to == report.status:
        raise ValidationError(_("The report is already “%(status)s”.") % {"status": report.get_status_display()})
    before = report.get_status_display()
    report.status = to
    report.finalised_on = timezone.localdate() if to == ReportStatus.FINAL else None
    report.save()
    activity.record(
        org=report.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=report,
        changes={"status": [before, report.get_status_display()]},
    )
    return report


# ── Management reviews ────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def review_save(*, form, by):
    """Create or update a review; a new one gathers its inputs at once and goes on the quality calendar."""
    instance = form.instance
    creating = instance._state.adding
    if not creating and ManagementReview.objects.filter(pk=instance.pk, status=ReportStatus.FINAL).exists():
        raise ValidationError(_("The review is final: it can no longer be changed."), code="final")
    before = {} if creating else activity.snapshot(ManagementReview.objects.get(pk=instance.pk), REVIEW_LOGGED)
    obj = form.save(commit=False)
    if creating:
        obj.created_by = by
        obj.inputs = review.gather(obj.org)
        obj.inputs_gathered_at = timezone.now()
    obj.full_clean()
    obj.save()
    calendar.sync_review(obj, by=by, renamed=not creating and before.get("title") != obj.title)
    _log_save(obj, by, before, REVIEW_LOGGED, creating)
    return obj


@transaction.atomic
def review_refresh_inputs(*, review_obj, by):
    if review_obj.is_final:
        raise ValidationError(_("The review is final: it can no longer be changed."), code="final")
    review_obj.inputs = review.gather(review_obj.org)
    review_obj.inputs_gathered_at = timezone.now()
    review_obj.save(update_fields=["inputs", "inputs_gathered_at"])
    activity.record(
        org=review_obj.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=review_obj,
        changes={"inputs": ["", review_obj.inputs["gathered_on"]]},
    )
    return review_obj


@transaction.atomic
def review_finalise(*, review_obj, by):
    if review_obj.is_final:
        return review_obj
    before = review_obj.get_status_display()
    review_obj.final_record = {
        "decisions": review_obj.decision_rows(),
        "finalised_by": str(by) if by else "",
        "finalised_on": timezone.localdate().isoformat(),
    }
    review_obj.finalised_at = timezone.now()
    review_obj.status = ReportStatus.FINAL
    review_obj.save(update_fields=["status", "final_record", "finalised_at"])
    activity.record(
        org=review_obj.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=review_obj,
        changes={"status": [before, review_obj.get_status_display()]},
    )
    return review_obj


def review_decision(*, review_obj, title, by, owner=None, due_date=None):
    """A decision of the review becomes an improvement action pointing back at the review (its source)."""
    if review_obj.is_final:
        raise ValidationError(_("The review is final: it can no longer be changed."), code="final")
    return action_create(
        org=review_obj.org,
        title=title,
        source=Source.MANAGEMENT_REVIEW,
        source_object=review_obj,
        owner=owner,
        due_date=due_date,
        description=_("Decision of the management review “%(title)s” (%(date)s).")
        % {"title": review_obj.title, "date": review_obj.held_on.isoformat()},
        by=by,
    )
