"""Programme indicators: monthly contributions from providers, and person reports carrying only a keyed hash."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Programme, ProgrammeParticipation

# ── Programme indicators ─────────────────────────────────────────────────────────────────────────────────────────


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child")
    ADULT = "adult", _("Adult")
    ELDERLY = "elderly", _("Elderly")


class Disability(models.TextChoices):
    YES = "yes", _("With a disability")
    NO = "no", _("Without a disability")


class HelpType(models.TextChoices):
    NURSING = "nursing", _("Nursing")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    CARE = "care", _("Care")
    CARER_CONSULTATION = "carer_consultation", _("Consultations for family carers")
    PSYCHOLOGICAL = "psychological", _("Psychological help")


# The disaggregation dimensions an indicator may ask for: field name → (label, choices). The municipality is the
# provider's own, so it needs no column.
DIMENSIONS = {
    "age_group": (_("Age group"), AgeGroup),
    "disability": (_("Disability"), Disability),
    "help_type": (_("Service type"), HelpType),
}


class ProgrammeIndicator(models.Model):
    class Kind(models.TextChoices):
        SUM = "sum", _("Sum of monthly values")
        UNIQUE_PERSONS = "unique_persons", _("Unique persons across partners")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. persons, providers, hours"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SUM)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    deadline = models.DateField(_("deadline"))
    dimensions = models.JSONField(
        _("disaggregation dimensions"), default=list, blank=True, help_text=_("Keys of DIMENSIONS asked per value.")
    )

    class Meta:
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="indicator_code_once_per_programme",
                violation_error_message=_("This programme already has an indicator with this code."),
            ),
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="indicator_target_positive",
                violation_error_message=_("The target must be above zero."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = [d for d in self.dimensions or [] if d not in DIMENSIONS]
        if unknown:
            raise ValidationError({"dimensions": _("Unknown dimensions: %(keys)s") % {"keys": ", ".join(unknown)}})

    @property
    def counts_persons(self):
        return self.kind == self.Kind.UNIQUE_PERSONS

    def dimension_fields(self):
        return [(key, *DIMENSIONS[key]) for key in self.dimensions if key in DIMENSIONS]


class Contribution(models.Model):
    """A provider's value of a summed indicator for one month (and one combination of its dimensions)."""

    indicator = models.ForeignKey(ProgrammeIndicator, on_delete=models.CASCADE, related_name="contributions")
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="contributions")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    age_group = models.CharField(_("age group"), max_length=16, choices=AgeGroup.choices, blank=True)
    disability = models.CharField(_("disability"), max_length=8, choices=Disability.choices, blank=True)
    help_type = models.CharField(_("service type"), max_length=24, choices=HelpType.choices, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "participation", "month", "age_group", "disability", "help_type"],
                name="contribution_once_per_month_and_group",
                violation_error_message=_("A value for this month and group is already reported."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="contribution_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="contribution_month_first_day",
                violation_error_message=_("A month starts on its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.month:%Y-%m}: {self.value}"


class PersonReport(models.Model):
    """One person a provider helped in a month, known only by the keyed hash of their personal code.

    The hash is HMAC-SHA256 with the programme's key of the given version (persons.py); the same person at two partners
    has the same hash, so the programme counts them once. The personal code itself is never stored."""

    indicator = models.ForeignKey(ProgrammeIndicator, on_delete=models.CASCADE, related_name="person_reports")
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="person_reports")
    month = models.DateField(_("month"))
    person_hash = models.CharField(max_length=64)
    key_version = models.PositiveIntegerField()
    age_group = models.CharField(_("age group"), max_length=16, choices=AgeGroup.choices, blank=True)
    disability = models.CharField(_("disability"), max_length=8, choices=Disability.choices, blank=True)
    help_type = models.CharField(_("service type"), max_length=24, choices=HelpType.choices, blank=True)

    class Meta:
        ordering = ["month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "participation", "month", "key_version", "person_hash", "help_type"],
                name="person_report_once_per_month",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "key_version", "person_hash"], name="person_report_hash")]

    def __str__(self):
        return f"{self.indicator} · {self.month:%Y-%m}"
