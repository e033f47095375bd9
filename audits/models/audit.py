"""Audits and certification: internal and external audits with their checklist and findings, an external auditor's
time-limited grant, certificates, yearly progress reports and management reviews.

Findings are the audit trail of an audit: once the audit is closed they cannot be changed or deleted by any path
(model, queryset, admin); a mistake is put right by a new finding that `corrects` the old one.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib.uploads import upload_to
from orgs.models import Membership, OrgQuerySet
from orgs.roles import Role

# Who may sit on an internal audit team: EQUASS expects trained internal auditors, led by or with the coordinator.
TEAM_ROLES = frozenset({Role.INTERNAL_AUDITOR, Role.COORDINATOR})
# Certificate reminders, in days before expiry; "expiring" from the first of them.
REMINDER_DAYS = (180, 90, 30)
EXPIRING_DAYS = REMINDER_DAYS[0]


def team_members(org):
    return Membership.objects.for_org(org).active().filter(role__in=TEAM_ROLES)


def _is_team_member(org_id, user_id):
    return team_members(org_id).filter(user_id=user_id).exists()


# ══ Audits ═══════════════════════════════════════════════════════════════════════════════════════════════════════


class Kind(models.TextChoices):
    INTERNAL = "internal", _("Internal audit")
    EXTERNAL = "external", _("External audit")


class ExternalType(models.TextChoices):
    INITIAL = "initial", _("Initial certification audit")
    RENEWAL = "renewal", _("Renewal audit")
    FOLLOW_UP = "follow_up", _("Follow-up audit")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# The one place that says how an audit moves; services.audit_transition applies it and logs the move. Closing is
# final: the findings become the record the certificate and the actions rest on.
TRANSITIONS = {
    Status.PLANNED: (Status.IN_PROGRESS,),
    Status.IN_PROGRESS: (Status.PLANNED, Status.CLOSED),
    Status.CLOSED: (),
}


class AuditQuerySet(OrgQuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def closed(self):
        return self.filter(status=Status.CLOSED)

    def internal(self):
        return self.filter(kind=Kind.INTERNAL)

    def external(self):
        return self.filter(kind=Kind.EXTERNAL)

    def with_team(self, user):
        return self.filter(Q(lead_auditor=user) | Q(team=user)).distinct()


class Audit(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="audits")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INTERNAL)
    external_type = models.CharField(_("audit type"), max_length=16, choices=ExternalType.choices, blank=True)
    title = models.CharField(_("title"), max_length=255)
    version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="audits", verbose_name=_("framework")
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("self-assessment"),
        help_text=_("Its ratings and evidence are shown beside each indicator of the checklist."),
    )
    principles = models.ManyToManyField(
        "frameworks.Principle",
        blank=True,
        related_name="audits",
        verbose_name=_("principles in scope"),
        help_text=_("Leave empty to audit every principle."),
    )
    services = models.ManyToManyField(
        "orgs.Service", blank=True, related_name="audits", verbose_name=_("services in scope")
    )
    planned_start = models.DateField(_("start date"))
    planned_end = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty for one day."))
    desk_review_on = models.DateField(_("desk review"), null=True, blank=True)
    site_visit_on = models.DateField(_("site visit"), null=True, blank=True)
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_audits",
        verbose_name=_("lead auditor"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="audit_teams", verbose_name=_("audit team")
    )
    auditor_name = models.CharField(_("auditor"), max_length=255, blank=True)
    auditor_body = models.CharField(
        _("auditing body"), max_length=255, blank=True, help_text=_("e.g. the licensed auditor's organisation")
    )
    method = models.TextField(
        _("method"), blank=True, help_text=_("How the audit is done: documents read, interviews, observation.")
    )
    summary = models.TextField(_("conclusion"), blank=True)
    report_file = models.FileField(_("auditor's report"), upload_to=upload_to, max_length=255, blank=True)
    report_name = models.CharField(_("file name"), max_length=255, blank=True)
    report_type = models.CharField(max_length=100, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # The audit's entry on the quality calendar, kept in step by the services.
    milestone = models.OneToOneField(
        "work.Milestone", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="audit"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-planned_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=models.F("planned_start")),
                name="audit_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(kind="external") | Q(external_type=""),
                name="audit_type_only_for_external",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audits:detail", args=[self.org.slug, self.pk])

    def clean(self):
        errors = {}
        if self.planned_end and self.planned_start and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The end date cannot be before the start date.")
        if self.kind == Kind.EXTERNAL and not self.external_type:
            errors["external_type"] = _("Choose the type of the external audit.")
        if self.kind == Kind.INTERNAL:
            self.external_type = ""
        if self.version_id and self.version.org_id not in (None, self.org_id):
            errors["version"] = _("This framework version belongs to another organisation.")
        if self.assessment_id:
            if self.assessment.org_id != self.org_id:
                errors["assessment"] = _("The self-assessment belongs to another organisation.")
            elif self.version_id and self.assessment.version_id != self.version_id:
                errors["assessment"] = _("The self-assessment uses another framework version.")
        if (
            self.lead_auditor_id
            and self.kind == Kind.INTERNAL
            and not _is_team_member(self.org_id, self.lead_auditor_id)
        ):
            errors["lead_auditor"] = _("The lead auditor must be an internal auditor or the quality coordinator.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_internal(self):
        return self.kind == Kind.INTERNAL

    @property
    def is_closed(self):
        return self.status == Status.CLOSED

    @property
    def last_date(self):
        return self.planned_end or self.planned_start

    def finding_kinds(self):
        return INTERNAL_KINDS if self.is_internal else EXTERNAL_KINDS

    def transition_refusal(self, to):
        if to not in TRANSITIONS.get(self.status, ()):
            return _("An audit with the status “%(current)s” cannot be moved to “%(target)s”.") % {
                "current": Status(self.status).label,
                "target": Status(to).label if to in Status.values else to,
            }
        return None

    def next_statuses(self):
        return [Status(s) for s in TRANSITIONS[self.status]]


class Verdict(models.TextChoices):
    CONFORMS = "conforms", _("Conforms")
    PARTLY = "partly", _("Partly conforms")
    NOT_CONFORMS = "not_conforms", _("Does not conform")
    NOT_APPLICABLE = "na", _("Not applicable")


class Interviewee(models.TextChoices):
    """Whom the auditor spoke with about an indicator (EQUASS audits hear every stakeholder group)."""

    MANAGEMENT = "management", _("Management")
    STAFF = "staff", _("Staff")
    SERVICE_USERS = "service_users", _("Service users")
    FAMILIES = "families", _("Families and carers")
    PARTNERS = "partners", _("Partners and funders")


class ChecklistItem(models.Model):
    """What the auditor recorded about one indicator in scope. The self-assessment's rating and evidence are read
    from the linked cycle when shown, never copied: the auditor sees what the organisation says today."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="checklist")
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    note = models.TextField(_("auditor's note"), blank=True)
    interviewed = models.JSONField(_("interviewed"), default=list, blank=True)
    evidence_checked = models.TextField(_("evidence checked"), blank=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OrgQuerySet.as_manager()

    FIELDS = ("note", "interviewed", "evidence_checked", "verdict")

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["audit", "indicator"], name="checklist_one_per_indicator")]

    def __str__(self):
        return f"{self.indicator.code} · {self.audit}"

    def get_absolute_url(self):
        return reverse("audits:onsite", args=[self.audit.org.slug, self.audit_id, self.pk])

    def clean(self):
        unknown = set(self.interviewed or []) - set(Interviewee.values)
        if unknown:
            raise ValidationError({"interviewed": _("Choose from the listed groups.")})
        if self.indicator_id and self.audit_id and self.indicator.version_id != self.audit.version_id:
            raise ValidationError({"indicator": _("The indicator belongs to another framework version.")})

    @property
    def is_blank(self):
        return not (self.note or self.interviewed or self.evidence_checked or self.verdict)

    def interviewed_labels(self):
        labels = dict(Interviewee.choices)
        return [labels[code] for code in Interviewee.values if code in (self.interviewed or [])]


# ══ Findings ═════════════════════════════════════════════════════════════════════════════════════════════════════


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    OBSERVATION = "observation", _("Observation")
    MINOR = "minor_nc", _("Minor nonconformity")
    MAJOR = "major_nc", _("Major nonconformity")
    RECOMMENDATION = "recommendation", _("Recommendation")
    UNMET = "unmet", _("Unmet requirement")


INTERNAL_KINDS = (FindingKind.STRENGTH, FindingKind.OBSERVATION, FindingKind.MINOR, FindingKind.MAJOR)
EXTERNAL_KINDS = (FindingKind.STRENGTH, FindingKind.OBSERVATION, FindingKind.RECOMMENDATION, FindingKind.UNMET)
# Findings that call for an improvement action (a strength does not).
ACTIONABLE = frozenset(
    {FindingKind.OBSERVATION, FindingKind.MINOR, FindingKind.MAJOR, FindingKind.RECOMMENDATION, FindingKind.UNMET}
)
FINDING_BADGES = {
    FindingKind.STRENGTH: "badge-ok",
    FindingKind.OBSERVATION: "badge-warn",
    FindingKind.RECOMMENDATION: "badge-warn",
    FindingKind.MINOR: "badge-bad",
    FindingKind.MAJOR: "badge-bad",
    FindingKind.UNMET: "badge-bad",
}


class FindingLocked(ValidationError):
    def __init__(self):
        super().__init__(
            _("The audit is closed: its findings cannot be changed or deleted. Record a correction instead."),
            code="closed",
        )


def _closed_audits():
    return Audit.objects.filter(pk=OuterRef("audit_id"), status=Status.CLOSED)


class LockedWithAuditQuerySet(OrgQuerySet):
    """Rows that are part of a closed audit's record: `locked()` names them, and bulk writes (which skip save() and
    delete()) refuse to reach them."""

    def locked(self):
        raise NotImplementedError

    def update(self, **kwargs):
        if self.locked().exists():
            raise FindingLocked()
        return super().update(**kwargs)

    def delete(self):
        if self.locked().exists():
            raise FindingLocked()
        return super().delete()


class FindingQuerySet(LockedWithAuditQuerySet):
    def locked(self):
        return self.filter(Exists(_closed_audits()))

    def current(self):
        """Findings that no later finding corrects."""
        return self.exclude(Exists(AuditFinding.objects.filter(corrects_id=OuterRef("pk"))))


class AuditFinding(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    # PROTECT: an audit's findings never disappear with it (deleting an organisation still takes both).
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveIntegerField(_("number"), editable=False)
    indicator = models.ForeignKey(
        "frameworks.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    criterion = models.ForeignKey(
        "frameworks.Criterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criterion"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FindingKind.choices)
    text = models.TextField(_("finding"))
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What the finding rests on."))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects finding"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "number"]
        constraints = [models.UniqueConstraint(fields=["audit", "number"], name="finding_number_unique_per_audit")]

    def __str__(self):
        return _("Finding %(number)s: %(text)s") % {"number": self.number, "text": self.text[:60]}

    def save(self, *args, **kwargs):
        if self.pk is not None and AuditFinding.objects.filter(pk=self.pk).locked().exists():
            raise FindingLocked()
        if self.pk is None and self.corrects_id is None and self._stored_audit_closed():
            raise FindingLocked()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("audits:finding", args=[self.audit.org.slug, self.audit_id, self.pk])

    def delete(self, *args, **kwargs):
        if self._stored_audit_closed():
            raise FindingLocked()
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        audit = self.audit if self.audit_id else None
        if audit and self.kind and self.kind not in audit.finding_kinds():
            errors["kind"] = _("This kind of finding is not used in this kind of audit.")
        if self.indicator_id:
            if audit and self.indicator.version_id != audit.version_id:
                errors["indicator"] = _("The indicator belongs to another framework version.")
            elif self.criterion_id and self.criterion_id != self.indicator.criterion_id:
                errors["criterion"] = _("The indicator belongs to another criterion.")
        if self.criterion_id and audit and self.criterion.version_id != audit.version_id:
            errors["criterion"] = _("The criterion belongs to another framework version.")
        if self.corrects_id and self.corrects.audit_id != self.audit_id:
            errors["corrects"] = _("A correction must belong to the same audit.")
        if errors:
            raise ValidationError(errors)

    def _stored_audit_closed(self):
        return Audit.objects.filter(pk=self.audit_id, status=Status.CLOSED).exists()

    @property
    def is_actionable(self):
        return self.kind in ACTIONABLE

    @property
    def badge(self):
        return FINDING_BADGES.get(self.kind, "")

    def place(self):
        """Where in the framework the finding is, as text."""
        if self.indicator_id:
            return str(self.indicator)
        if self.criterion_id:
            return str(self.criterion)
        return ""

    def actions(self):
        from actions.models import ImprovementAction

        return ImprovementAction.objects.filter(
            org_id=self.org_id,
            source_type=ContentType.objects.get_for_model(AuditFinding),
            source_id=str(self.pk),
        )


class FindingDocumentQuerySet(LockedWithAuditQuerySet):
    # The links are part of the finding's record.
    def locked(self):
        return self.filter(Exists(Audit.objects.filter(pk=OuterRef("finding__audit_id"), status=Status.CLOSED)))


class FindingDocument(models.Model):
    """A document the finding rests on: one approved version of it, or (version empty) whichever version is in force.

    Part of the finding's record, so locked with it when the audit closes. A finding gets its first links when it is
    recorded (services.finding_create, a correction on a closed audit included); later changes go through save()
    and delete(), which refuse a locked finding.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    finding = models.ForeignKey(AuditFinding, on_delete=models.CASCADE, related_name="document_links")
    # RESTRICT: a document an audit's finding rests on is not deleted from under the audit record (deleting the
    # whole organisation still takes both).
    document = models.ForeignKey(
        "documents.Document", on_delete=models.RESTRICT, related_name="finding_links", verbose_name=_("document")
    )
    version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="finding_links",
        verbose_name=_("version"),
        help_text=_("Empty: whichever version is in force."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FindingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding's document")
        verbose_name_plural = _("findings' documents")
        ordering = ["finding", "document__title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "document"],
                name="finding_document_once",
                violation_error_message=_("This document is already linked to the finding."),
            )
        ]

    def __str__(self):
        if self.version_id:
            return f"{self.document} · v{self.version.number}"
        return str(self.document)

    def save(self, *args, **kwargs):
        if self._finding_locked():
            raise FindingLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._finding_locked():
            raise FindingLocked()
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.finding_id and self.org_id and self.finding.org_id != self.org_id:
            errors["finding"] = _("The finding belongs to another organisation.")
        if self.document_id and self.org_id and self.document.org_id != self.org_id:
            errors["document"] = _("The document belongs to another organisation.")
        if self.version_id:
            if self.version.document_id != self.document_id:
                errors["version"] = _("The version must belong to the document.")
            elif not self.version.is_approved:
                errors["version"] = _("Only an approved version can be named; otherwise leave the version empty.")
        if errors:
            raise ValidationError(errors)

    def _finding_locked(self):
        return AuditFinding.objects.filter(pk=self.finding_id).locked().exists()


# ══ External auditor's access ════════════════════════════════════════════════════════════════════════════════════


class DocumentScope(models.TextChoices):
    NONE = "none", _("No documents")
    PUBLISHED = "published", _("All documents in force")
    CHOSEN = "chosen", _("Chosen documents")


class GrantQuerySet(OrgQuerySet):
    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_until__gte=today)

    def for_user(self, user):
        return self.filter(email__iexact=user.email)


class AuditorGrant(models.Model):
    """Read access for an external auditor to one self-assessment cycle, its evidence and (some) documents.

    Matched by e-mail address, so a grant made before the invitation is accepted works once it is. Access needs both
    this grant (until valid_until) and an active membership (until its access_until): whichever ends first ends it.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="auditor_grants")
    email = models.EmailField(_("auditor's e-mail address"))
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        related_name="auditor_grants",
        verbose_name=_("self-assessment"),
    )
    audit = models.ForeignKey(
        Audit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("external audit"),
        help_text=_("The auditor may record findings on this audit while it is open."),
    )
    documents_scope = models.CharField(
        _("documents"), max_length=16, choices=DocumentScope.choices, default=DocumentScope.PUBLISHED
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="+", verbose_name=_("chosen documents")
    )
    valid_until = models.DateField(_("access until"), help_text=_("Access ends by itself after this day."))
    invitation = models.ForeignKey(
        "accounts.Invitation", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditor access")
        verbose_name_plural = _("auditor access")
        ordering = ["-valid_until", "-pk"]

    def __str__(self):
        return _("%(email)s: %(assessment)s until %(date)s") % {
            "email": self.email,
            "assessment": self.assessment,
            "date": self.valid_until.isoformat() if self.valid_until else "",
        }

    def get_absolute_url(self):
        return reverse("audits:grants", args=[self.org.slug])

    def clean(self):
        self.email = (self.email or "").strip().lower()
        errors = {}
        if self.assessment_id and self.assessment.org_id != self.org_id:
            errors["assessment"] = _("The self-assessment belongs to another organisation.")
        if self.audit_id:
            if self.audit.org_id != self.org_id:
                errors["audit"] = _("The audit belongs to another organisation.")
            elif self.audit.kind != Kind.EXTERNAL:
                errors["audit"] = _("An external auditor can only be given an external audit.")
        if errors:
            raise ValidationError(errors)

    def is_active(self, today=None):
        return self.revoked_at is None and self.valid_until >= (today or timezone.localdate())

    def state_label(self, today=None):
        if self.revoked_at:
            return _("Revoked")
        return _("Active") if self.is_active(today) else _("Ended")
