"""Improvement actions (tobulinimo veiksmai): one PDCA model for every source of improvement.

Other apps create actions only through actions.services.action_create(source=..., source_object=...).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib.uploads import upload_to
from orgs.models import Membership, OrgQuerySet
from orgs.roles import CONTRIBUTORS, MANAGERS, REVIEWERS, Role


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

# The PDCA path: plan → do → done → check the effect; an action whose effect is missing (or later fades) reopens.
TRANSITIONS = {
    Status.PLANNED: (Status.IN_PROGRESS,),
    Status.IN_PROGRESS: (Status.DONE,),
    Status.DONE: (Status.EFFECTIVE, Status.NOT_EFFECTIVE, Status.IN_PROGRESS),
    Status.NOT_EFFECTIVE: (Status.IN_PROGRESS,),
    Status.EFFECTIVE: (Status.IN_PROGRESS,),
}
# Reached only through verification, which records who checked the effect, when, and on what evidence.
VERDICTS = (Status.EFFECTIVE, Status.NOT_EFFECTIVE)
# Owners must be able to work on the action (CONTRIBUTORS); participants may also be a consultant who advises on it
# (COMMENTERS); the effect is checked by REVIEWERS (orgs.roles).


# The plan's rules as conditions, for filters and for counts in one aggregate (actions.plan.summary) alike.
OPEN_Q = Q(status__in=OPEN_STATUSES)


def overdue_q(today):
    return OPEN_Q & Q(due_date__lt=today)


def due_within_q(days, today):
    return OPEN_Q & Q(due_date__gte=today, due_date__lte=today + timezone.timedelta(days=days))


class ActionQuerySet(OrgQuerySet):
    def open(self):
        return self.filter(OPEN_Q)

    def overdue(self, today=None):
        return self.filter(overdue_q(today or timezone.localdate()))

    def due_within(self, days, today=None):
        return self.filter(due_within_q(days, today or timezone.localdate()))


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
    # Empty for actions made by imports or by commands.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
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

    def clean(self):
        errors = {}
        if self.progress is not None and self.progress > 100:
            errors["progress"] = _("Progress cannot be more than 100%.")
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date cannot be before the start date.")
        if self.unit_id and self.unit.org_id != self.org_id:
            errors["unit"] = _("The unit must belong to the same organisation.")
        if self.service_id and self.service.org_id != self.org_id:
            errors["service"] = _("The service must belong to the same organisation.")
        # actions.services reads the people's roles once for its own checks and leaves them here.
        roles = getattr(self, "_member_roles", None)
        if self.owner_id and (
            roles.get(self.owner_id) not in CONTRIBUTORS
            if roles is not None
            else not members_in(self.org_id, CONTRIBUTORS).filter(user_id=self.owner_id).exists()
        ):
            errors["owner"] = _("The owner must be a member of the organisation who can work on actions.")
        if self.principle_id and self.principle.version.org_id not in (None, self.org_id):
            errors["principle"] = _("This principle belongs to another organisation's framework.")
        if errors:
            raise ValidationError(errors)

    def can_edit(self, membership):
        """Owner, director or coordinator, or the head of the action's unit (or of a unit above it)."""
        if membership.role in MANAGERS:
            return True
        if membership.role not in CONTRIBUTORS:
            return False
        if self.owner_id == membership.user_id:
            return True
        return membership.role == Role.UNIT_HEAD and membership.unit_id in self.unit_lineage_ids()

    def unit_lineage_ids(self):
        ids, unit = set(), self.unit
        while unit is not None and unit.pk not in ids:
            ids.add(unit.pk)
            unit = unit.parent
        return ids

    def transition_refusal(self, to, membership):
        """Why `membership` may not move this action to status `to`, or None when it may."""
        if to not in TRANSITIONS.get(self.status, ()):
            return _("An action with the status “%(current)s” cannot be moved to “%(target)s”.") % {
                "current": Status(self.status).label,
                "target": Status(to).label if to in Status.values else to,
            }
        if to in VERDICTS:
            if membership.role not in REVIEWERS:
                return _("Only the director, the quality coordinator or an internal auditor can verify an action.")
        elif self.status == Status.EFFECTIVE:
            if membership.role not in MANAGERS:
                return _("Only the director or the quality coordinator can reopen an action verified as effective.")
        elif not self.can_edit(membership):
            return _("Only the owner, the head of its unit, the director or the quality coordinator can do this.")
        return None

    def can_move_to(self, to, membership):
        return self.transition_refusal(to, membership) is None

    def allowed_transitions(self, membership):
        """The next statuses this person can set with a button (verdicts go through the verification form)."""
        return [to for to in TRANSITIONS[self.status] if to not in VERDICTS and self.can_move_to(to, membership)]

    def can_verify(self, membership):
        return self.status == Status.DONE and membership.role in REVIEWERS


def members_in(org, roles):
    """Active memberships of org with one of roles: the people an action can be given to."""
    return Membership.objects.for_org(org).active().filter(role__in=roles)


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
