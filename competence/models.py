"""Staff competence: the organisation's training catalogue, each person's training records, and what a course's
validity makes of them (current, expiring, expired, missing)."""

import calendar
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokybe.lib import safe_yaml, uploads
from orgs.models import OrgQuerySet
from orgs.roles import Role

# A certificate is "expiring" this many days before it lapses: time enough to book the next course.
EXPIRING_DAYS = 60
# The yearly hours of competence development a social-service worker must reach, unless the organisation sets other.
DEFAULT_YEARLY_HOURS = Decimal("16")
LEGAL_SOURCE = (
    "Lietuvos Respublikos socialinės apsaugos ir darbo ministro įsakymas Nr. A1-92 dėl socialinių paslaugų srities "
    "darbuotojų kompetencijų tobulinimo (su vėlesniais pakeitimais)"
)
STARTER = Path(__file__).with_name("starter.yaml")


def add_months(day, months):
    """`day` moved by whole calendar months; the 31st becomes the month's last day where it has none (Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(completed_on, validity_months):
    """The last day a training done on `completed_on` counts: a yearly course done on 2026-03-01 holds through
    2027-02-28, so redoing it on its anniversary leaves no gap. None: it never lapses."""
    if validity_months is None:
        return None
    return add_months(completed_on, validity_months) - timedelta(days=1)


class Standing(models.TextChoices):
    CURRENT = "current", _("Current")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    MISSING = "missing", _("Missing")


def standing(until, done, today):
    """What a required course is for a person on `today`: `done` whether an approved record exists, `until` the
    latest day it holds (None: never lapses)."""
    if not done:
        return Standing.MISSING
    if until is None:
        return Standing.CURRENT
    if until < today:
        return Standing.EXPIRED
    if until <= today + timedelta(days=EXPIRING_DAYS):
        return Standing.EXPIRING
    return Standing.CURRENT


class Topic(models.TextChoices):
    FIRST_AID = "first_aid", _("First aid")
    VIOLENCE_PREVENTION = "violence_prevention", _("Violence prevention")
    SAFETY = "safety", _("Safety at work")
    HEALTH = "health", _("Health and hygiene")
    QUALITY = "quality", _("Quality and management")
    PROFESSIONAL = "professional", _("Professional competence")
    OTHER = "other", _("Other")


def starter_data():
    return safe_yaml.load(STARTER.read_bytes())["courses"]


class CourseQuerySet(OrgQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_rules(self):
        return self.prefetch_related("mandatory_units", "mandatory_services")

    def ensure_starter(self, org):
        """The starter catalogue, the first time an organisation opens its competence pages (one query after)."""
        if not self.for_org(org).exists():
            sync_starter(org)


def sync_starter(org):
    """Add the starter courses `org` lacks (by key); courses it has, edited or not, stay as they are. Returns the
    number added."""
    have = set(Course.objects.for_org(org).exclude(key="").values_list("key", flat=True))
    new = [
        Course(
            org=org,
            key=item["key"],
            name_lt=item["name_lt"],
            name_en=item["name_en"],
            topic=item.get("topic", Topic.OTHER),
            provider=item.get("provider") or "",
            hours=Decimal(str(item.get("hours") or 0)),
            validity_months=item.get("validity_months"),
            mandatory_all=bool(item.get("mandatory_all")),
            mandatory_roles=list(item.get("mandatory_roles") or []),
            order=order * 10,
        )
        for order, item in enumerate(starter_data())
        if item["key"] not in have
    ]
    with transaction.atomic():
        Course.objects.bulk_create(new)
    return len(new)


class Course(models.Model):
    """A training or competence of the catalogue, and whom it is mandatory for."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(max_length=60, blank=True, editable=False)  # the starter catalogue's key, if from there
    name_lt = models.CharField(_("name in Lithuanian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, default=Topic.OTHER)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: done once, it never lapses."),
    )
    mandatory_all = models.BooleanField(_("mandatory for everyone who works here"), default=False)
    mandatory_roles = models.JSONField(_("mandatory for roles"), default=list, blank=True)
    mandatory_units = models.ManyToManyField(
        "orgs.Unit", blank=True, related_name="+", verbose_name=_("mandatory in units")
    )
    mandatory_services = models.ManyToManyField(
        "orgs.Service", blank=True, related_name="+", verbose_name=_("mandatory in services")
    )
    mandatory_positions = models.TextField(
        _("mandatory for positions"), blank=True, help_text=_("One position a line, as written on the membership.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["order", "name_lt"]
        constraints = [models.UniqueConstraint(fields=["org", "name_lt"], name="competence_course_name_unique")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name_lt

    def clean(self):
        unknown = set(self.mandatory_roles or ()) - set(Role.values)
        if unknown:
            raise ValidationError({"mandatory_roles": _("Unknown role.")})

    def positions(self):
        return {line.strip().casefold() for line in self.mandatory_positions.splitlines() if line.strip()}

    def valid_until(self, completed_on):
        return valid_until(completed_on, self.validity_months)


class CompetenceSettings(models.Model):
    """An organisation's yearly hours of competence development, with the rule it follows."""

    org = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    yearly_hours = models.DecimalField(
        _("required hours a year"),
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_YEARLY_HOURS,
        validators=[MinValueValidator(0)],
    )
    legal_source = models.CharField(_("legal source"), max_length=300, default=LEGAL_SOURCE)

    class Meta:
        verbose_name = _("competence settings")
        verbose_name_plural = _("competence settings")

    def __str__(self):
        return str(_("Competence settings"))

    @classmethod
    def of(cls, org):
        found = cls.objects.filter(org=org).first()
        return found or cls(org=org)


class TrainingEvent(models.Model):
    """One training attended by several people, entered once (bulk entry): each attendee gets a record."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="events", verbose_name=_("course"))
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The programme training this event records (services.programme_training_record): remembered so that the
    # programme's attendance becomes records once. Left empty if the programme deletes its event; the records stay.
    programme_event = models.ForeignKey(
        "programmes.ProgrammeEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "programme_event"],
                name="competence_event_once_per_programme_event",
                violation_error_message=_("This programme training is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.course} · {self.held_on:%Y-%m-%d}"


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")


class RecordQuerySet(OrgQuerySet):
    def approved(self):
        return self.filter(status=RecordStatus.APPROVED)

    def pending(self):
        return self.filter(status=RecordStatus.PENDING)


class Record(models.Model):
    """One training a person did: counted once approved by their unit head or the quality coordinator."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records", verbose_name=_("course"))
    event = models.ForeignKey(TrainingEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="records")
    completed_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    certificate = models.FileField(_("certificate"), upload_to=uploads.upload_to, blank=True, max_length=255)
    certificate_name = models.CharField(max_length=200, blank=True)
    certificate_type = models.CharField(max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RecordStatus.choices, default=RecordStatus.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["org", "person", "course"], name="competence_record_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="competence_record_once_per_event",
                violation_error_message=_("This person's training is already recorded for this event."),
            )
        ]

    def __str__(self):
        return f"{self.course} · {self.completed_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.valid_until = valid_until(self.completed_on, self.course.validity_months)
        super().save(*args, **kwargs)

    def clean(self):
        if self.course_id and self.org_id and self.course.org_id != self.org_id:
            raise ValidationError({"course": _("The course must belong to the same organisation.")})
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("A training is recorded once it has taken place.")})

    @property
    def is_approved(self):
        return self.status == RecordStatus.APPROVED


class TrainingPlan(models.Model):
    """A unit's yearly training plan (or the whole organisation's, without a unit): the courses planned and the
    budget."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("note"), blank=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "unit", "year"], name="competence_plan_one_per_unit_year"),
            models.UniqueConstraint(
                fields=["org", "year"], condition=models.Q(unit__isnull=True), name="competence_plan_one_org_year"
            ),
        ]

    def __str__(self):
        return f"{self.unit or self.org} · {self.year}"

    def clean(self):
        if self.unit_id and self.unit.org_id != self.org_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})


class PlannedCourse(models.Model):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+", verbose_name=_("course"))
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    cost = models.DecimalField(
        _("cost (EUR)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("planned course")
        verbose_name_plural = _("planned courses")
        ordering = ["month", "pk"]

    def __str__(self):
        return str(self.course)
