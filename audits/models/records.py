"""Certificates, yearly progress reports and management reviews (imported into audits.models)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib.uploads import upload_to
from orgs.models import OrgQuerySet

from .audit import EXPIRING_DAYS, REMINDER_DAYS, Audit

# ══ Certificates ═════════════════════════════════════════════════════════════════════════════════════════════════


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")


CERTIFICATE_BADGES = {
    CertificateStatus.VALID: "badge-ok",
    CertificateStatus.EXPIRING: "badge-warn",
    CertificateStatus.EXPIRED: "badge-bad",
}


def default_expiry(version, issued_on):
    """The framework version's validity from the issue date (EQUASS Assurance 2018: 3 years), or None."""
    if not (version and issued_on and version.validity_years):
        return None
    return issued_on + relativedelta(years=version.validity_years)


class CertificateQuerySet(OrgQuerySet):
    def valid(self, today=None):
        return self.filter(expires_on__gte=today or timezone.localdate())

    def expired(self, today=None):
        return self.filter(expires_on__lt=today or timezone.localdate())

    def expiring(self, today=None, days=EXPIRING_DAYS):
        today = today or timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))

    def latest_first(self):
        return self.order_by("-expires_on", "-issued_on", "-pk")

    def not_superseded(self):
        """Certificates no later certificate of the same organisation and framework replaces."""
        later = Certificate.objects.filter(
            org_id=OuterRef("org_id"),
            version__framework_id=OuterRef("version__framework_id"),
            expires_on__gt=OuterRef("expires_on"),
        )
        return self.exclude(Exists(later))

    def public(self):
        return self.filter(is_public=True)


class Certificate(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="certificates")
    version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("framework"),
    )
    level = models.CharField(_("level"), max_length=64, blank=True, help_text=_("e.g. Assurance or Excellence"))
    reference = models.CharField(_("registry reference"), max_length=64, help_text=_("e.g. LIT2021-069"))
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(
        _("expiry date"), blank=True, help_text=_("Leave empty to use the framework version's validity.")
    )
    services = models.ManyToManyField(
        "orgs.Service", blank=True, related_name="certificates", verbose_name=_("services covered")
    )
    audit = models.ForeignKey(
        Audit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("certification audit"),
    )
    awarded_by = models.CharField(_("awarded by"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_public = models.BooleanField(_("show on the public quality page"), default=True)
    file = models.FileField(_("file"), upload_to=upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    expiry_milestone = models.OneToOneField(
        "work.Milestone", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-expires_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "reference"],
                name="certificate_reference_unique_per_org",
                violation_error_message=_("A certificate with this registry reference is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
                violation_error_message=_("The expiry date must be after the issue date."),
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("audits:certificate", args=[self.org.slug, self.pk])

    def clean(self):
        errors = {}
        if not self.expires_on:
            self.expires_on = default_expiry(self.version if self.version_id else None, self.issued_on)
            if not self.expires_on:
                errors["expires_on"] = _("Enter the expiry date: the framework version does not say how long.")
        if self.expires_on and self.issued_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = _("The expiry date must be after the issue date.")
        if self.version_id and self.version.org_id not in (None, self.org_id):
            errors["version"] = _("This framework version belongs to another organisation.")
        if self.audit_id and self.audit.org_id != self.org_id:
            errors["audit"] = _("The audit belongs to another organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def level_label(self):
        return self.level or self.version.framework.level

    def days_left(self, today=None):
        return (self.expires_on - (today or timezone.localdate())).days

    def status(self, today=None):
        days = self.days_left(today)
        if days < 0:
            return CertificateStatus.EXPIRED
        if days <= EXPIRING_DAYS:
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID

    def status_label(self, today=None):
        return self.status(today).label

    def badge(self, today=None):
        return CERTIFICATE_BADGES[self.status(today)]

    def reminder_due(self, today=None):
        """The reminder threshold (180, 90 or 30 days) reached and still current, or None."""
        days = self.days_left(today)
        if days < 0:
            return None
        reached = [threshold for threshold in REMINDER_DAYS if days <= threshold]
        return min(reached) if reached else None


# ══ Progress reports and management reviews ══════════════════════════════════════════════════════════════════════


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ProgressReport(models.Model):
    """The yearly progress report (pažangos ataskaita): sections prefilled from the year's data, then edited."""

    SECTIONS = (
        "introduction",
        "actions_text",
        "findings_text",
        "readiness_text",
        "documents_text",
        "surveys_text",
        "next_steps",
    )

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="progress_reports")
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True)
    actions_text = models.TextField(_("improvement actions"), blank=True)
    findings_text = models.TextField(_("audit findings"), blank=True)
    readiness_text = models.TextField(_("self-assessment results"), blank=True)
    documents_text = models.TextField(_("documents reviewed"), blank=True)
    surveys_text = models.TextField(_("survey results"), blank=True)
    next_steps = models.TextField(_("plans for next year"), blank=True)
    generated_at = models.DateTimeField(_("data collected"), null=True, blank=True, editable=False)
    finalised_on = models.DateField(_("finalised on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"],
                name="progress_report_one_per_year",
                violation_error_message=_("There is already a progress report for this year."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audits:progress", args=[self.org.slug, self.pk])

    @property
    def is_final(self):
        return self.status == ReportStatus.FINAL

    def sections(self):
        """(label, text) of every section, in order."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SECTIONS]


class ManagementReview(models.Model):
    """Vadovybės analizė: a dated meeting whose inputs are gathered from the system; its decisions become actions
    (actions.services.action_create with source MANAGEMENT_REVIEW and this review as the source object)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="management_reviews")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    participants = models.TextField(_("participants"), blank=True)
    # What the system showed on the day (readiness, actions, audits…), kept as it was: plain values only.
    inputs = models.JSONField(_("inputs"), default=dict, blank=True, editable=False)
    inputs_gathered_at = models.DateTimeField(null=True, blank=True, editable=False)
    conclusions = models.TextField(_("conclusions"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # Written once, when the review is made final: the decisions as they stood then (number, title, status, owner,
    # due date), and who made it final. The page and the minutes of a final review read this, never the live
    # actions, so the record stays as it was on its date.
    final_record = models.JSONField(default=dict, blank=True, editable=False)
    finalised_at = models.DateTimeField(null=True, blank=True, editable=False)
    milestone = models.OneToOneField(
        "work.Milestone", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audits:review", args=[self.org.slug, self.pk])

    @property
    def is_final(self):
        return self.status == ReportStatus.FINAL

    def decision_rows(self):
        """[{number, title, status, owner, due}] of the decisions: frozen for a final review, live for a draft."""
        if self.is_final and "decisions" in self.final_record:
            return self.final_record["decisions"]
        return [
            {
                "number": action.number,
                "title": action.title,
                "status": str(action.get_status_display()),
                "owner": str(action.owner) if action.owner_id else "",
                "due": action.due_date.isoformat() if action.due_date else "",
            }
            for action in self.decisions().order_by("number")
        ]

    def decisions(self):
        from actions.models import ImprovementAction

        return ImprovementAction.objects.filter(
            org_id=self.org_id,
            source_type=ContentType.objects.get_for_model(ManagementReview),
            source_id=str(self.pk),
        ).select_related("owner")
