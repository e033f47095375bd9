"""Improvement actions (tobulinimo veiksmai): one PDCA model for every source of improvement.

Other apps create actions only through actions.services.action_create(source=..., source_object=...).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib.uploads import upload_to
from orgs.models import OrgQuerySet


class Source(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment gap")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit finding")
    EXTERNAL_AUDIT = "external_audit", _("External audit recommendation")
    SURVEY = "survey", _("Survey result")
    COMPLAINT = "complaint", _("Complaint")
    INCIDENT = "incident", _("Incident")
    STAFF_SUGGESTION = "staff_suggestion", _("Staff suggestion")
    MANAGEMENT_REVIEW = "management_review", _("Management review")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    EFFECTIVE = "effective", _("Verified effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


class ActionQuerySet(OrgQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + timezone.timedelta(days=days))

    def assigned_to(self, user):
        return self.filter(Q(owner=user) | Q(participants=user)).distinct()


class ImprovementAction(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="actions")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=32, choices=Source.choices, default=Source.OTHER)
    # The object the action came from (a gap, a finding, a survey question…), when there is one.
    source_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    indicators = models.ManyToManyField(
        "frameworks.Indicator", blank=True, related_name="actions", verbose_name=_("framework indicators")
    )
    # Denormalised from the first linked indicator (or chosen) so the plan can be grouped by principle cheaply.
    principle = models.ForeignKey(
        "frameworks.Principle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("principle"),
    )
    root_cause = models.TextField(_("root cause"), blank=True)
    planned_measures = models.TextField(_("planned measures"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="participating_actions", verbose_name=_("participants")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name=_("unit")
    )
    service = models.ForeignKey(
        "orgs.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("service"),
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verification_note = models.TextField(_("verification result and evidence"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="action_number_unique_per_org"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["org", "status", "due_date"], name="action_org_status_due")]

    def __str__(self):
        return f"#{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.org.slug, self.number])

    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_open() and self.due_date is not None and self.due_date < today


class ActionComment(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class ActionAttachment(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
