"""The person's and the calendar's own rows: hand-made milestones, notifications, reminders sent, iCal feeds.

The tables were created by the actions app, which held these surfaces until the house refactor; the migrations moved
them here without touching a row (work/migrations/0001_initial.py).
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgQuerySet


class MilestoneKind(models.TextChoices):
    TRAINING = "training", _("Training")
    CONSULTANT_VISIT = "consultant_visit", _("Consultant visit")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit")
    EXTERNAL_AUDIT = "external_audit", _("External audit")
    SURVEY_PERIOD = "survey_period", _("Survey period")
    MANAGEMENT_REVIEW = "management_review", _("Management review")
    CERTIFICATE_EXPIRY = "certificate_expiry", _("Certificate expiry")
    CUSTOM = "custom", _("Other event")


def _milestone_last_day():
    # A one-day milestone has no end date: its last day is its first.
    return Coalesce("end_date", "start_date")


class MilestoneQuerySet(OrgQuerySet):
    def overlapping(self, first, last):
        """Milestones with at least one day in first..last (both inclusive)."""
        return self.alias(last_day=_milestone_last_day()).filter(start_date__lte=last, last_day__gte=first)

    def upcoming(self, today):
        return self.alias(last_day=_milestone_last_day()).filter(last_day__gte=today)

    def past(self, today):
        return self.alias(last_day=_milestone_last_day()).filter(last_day__lt=today)


class Milestone(models.Model):
    """A dated event of the quality cycle: a training, an audit, a survey period, the certificate's expiry…"""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="milestones")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=MilestoneKind.choices, default=MilestoneKind.CUSTOM)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty for a one-day event."))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_milestones",
        verbose_name=_("responsible person"),
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones", verbose_name=_("unit")
    )
    service = models.ForeignKey(
        "orgs.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("service"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="milestone_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["org", "start_date"], name="milestone_org_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("work:milestone_detail", args=[self.org.slug, self.uuid])

    @property
    def last_date(self):
        return self.end_date or self.start_date

    def clean(self):
        from orgs.models import Membership

        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.unit_id and self.unit.org_id != self.org_id:
            errors["unit"] = _("The unit must belong to the same organisation.")
        if self.service_id and self.service.org_id != self.org_id:
            errors["service"] = _("The service must belong to the same organisation.")
        if (
            self.responsible_id
            and not Membership.objects.for_org(self.org_id).active().filter(user_id=self.responsible_id).exists()
        ):
            errors["responsible"] = _("The responsible person must be a member of the organisation.")
        if errors:
            raise ValidationError(errors)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one person about something another person did (or a date that passed).

    The target's address and title are copied when the notification is made, so the list needs no query per row
    and still reads well after the target is renamed or deleted. Texts per verb: work/notifications.py.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=32)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_url = models.CharField(max_length=500, blank=True)
    target_title = models.CharField(max_length=255, blank=True)
    # A status change says from what to what (the labels in the actor's language when it happened).
    status_before = models.CharField(max_length=80, blank=True)
    status_after = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return f"{self.user} · {self.verb} · {self.target_title}"

    @property
    def is_read(self):
        return self.read_at is not None

    def text(self):
        from .notifications import notification_text

        return notification_text(self)


class ReminderLog(models.Model):
    """One row per item put in a person's reminder digest on a day: the same item is never sent twice a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=200)
    sent_on = models.DateField()
    # Whether the item was overdue when sent: the first overdue reminder also leaves an in-app notification.
    overdue = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "item_key", "sent_on"], name="reminder_once_per_item_per_day")
        ]

    def __str__(self):
        return f"{self.sent_on} {self.user} {self.item_key}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A person's secret iCal address. Revoking keeps the row (when, by whom) and ends the address for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("me:ical", args=[self.token])
