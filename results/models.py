"""Results: KPI definitions (shipped and an organisation's own), the indicators an organisation uses, their targets
and their values per period. A value is locked once a manager approves it; a locked value is never changed or
deleted (here, in a view, an import or the admin): a correction is a new value recorded with a reason."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.models import OrgQuerySet

from . import periods

# The ten EQUASS principles, by the code the frameworks' working sets give them; the results sheet groups by them.
PRINCIPLES = {
    "1": ("Lyderystė", "Leadership"),
    "2": ("Personalas", "Staff"),
    "3": ("Teisės", "Rights"),
    "4": ("Etika", "Ethics"),
    "5": ("Partnerystė", "Partnership"),
    "6": ("Dalyvavimas", "Participation"),
    "7": ("Orientacija į asmenį", "Person-centred approach"),
    "8": ("Kompleksiškumas", "Comprehensiveness"),
    "9": ("Orientacija į rezultatus", "Result orientation"),
    "10": ("Nuolatinis gerinimas", "Continuous improvement"),
}


def principle_name(code):
    """The principle's name in the active language (data, like the frameworks' _lt/_en fields: "Staff" the
    principle is "Personalas", not the "Darbuotojai" of the user interface)."""
    found = PRINCIPLES.get(str(code))
    if not found:
        return str(code)
    return found[1] if (translation.get_language() or "lt")[:2] == "en" else found[0]


class Unit(models.TextChoices):
    PERCENT = "%", _("percent")
    COUNT = "count", _("count")
    PER100 = "per100", _("per 100 service users")
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")
    NUMBER = "number", _("number")


class DefinitionQuerySet(models.QuerySet):
    def visible_to(self, org):
        """The shipped library and the organisation's own definitions."""
        return self.filter(Q(org__isnull=True) | Q(org=org))


def _tr(obj, field):
    lang = (translation.get_language() or "lt")[:2]
    value = getattr(obj, f"{field}_{lang}", "") if lang in ("lt", "en") else ""
    return value or getattr(obj, f"{field}_lt")


class Definition(models.Model):
    """What a KPI is: its formula in words, unit, direction, usual frequency and the EQUASS principles (and
    indicator codes) it evidences; `source` names a computed source (kokybe.surfaces.result_sources) or is empty for
    a value entered by hand. Versioned: a changed formula is a new version beside the old, which the indicators
    already in use keep."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="result_definitions"
    )
    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    description_lt = models.TextField(_("description (Lithuanian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    numerator_lt = models.CharField(_("numerator (Lithuanian)"), max_length=500, blank=True)
    numerator_en = models.CharField(_("numerator (English)"), max_length=500, blank=True)
    denominator_lt = models.CharField(_("denominator (Lithuanian)"), max_length=500, blank=True)
    denominator_en = models.CharField(_("denominator (English)"), max_length=500, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=8, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    frequency = models.CharField(_("usual frequency"), max_length=8, choices=periods.FREQUENCIES)
    principles = models.JSONField(_("EQUASS principles"), default=list)
    indicators = models.JSONField(_("indicator codes"), default=list, blank=True)
    source = models.CharField(_("computed from"), max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("result definition")
        verbose_name_plural = _("result definitions")
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], condition=Q(org__isnull=True), name="result_definition_shipped_unique"
            ),
            models.UniqueConstraint(fields=["org", "code", "version"], name="result_definition_unique_per_org"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return _tr(self, "name")

    @property
    def description(self):
        return _tr(self, "description")

    @property
    def numerator(self):
        return _tr(self, "numerator")

    @property
    def denominator(self):
        return _tr(self, "denominator")

    @property
    def is_computed(self):
        return bool(self.source)

    @property
    def is_shipped(self):
        return self.org_id is None

    def principle_names(self):
        return [principle_name(code) for code in self.principles]


class IndicatorQuerySet(OrgQuerySet):
    def active(self):
        return self.filter(archived=False)


class Indicator(models.Model):
    """A definition an organisation measures: for the whole organisation or one unit or service, with an owner who
    enters (or watches) its values, a frequency, a baseline year and an amber band around its targets."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="result_indicators")
    definition = models.ForeignKey(
        Definition, on_delete=models.PROTECT, related_name="in_use", verbose_name=_("definition")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    frequency = models.CharField(_("frequency"), max_length=8, choices=periods.FREQUENCIES)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    amber_band = models.DecimalField(
        _("amber band"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(0)],
        help_text=_("How far from the target a value is still amber rather than red, in the indicator's unit."),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("How this organisation measures it: where the figures come from, who counts them and when."),
    )
    public = models.BooleanField(
        _("show on the public quality page"),
        default=False,
        help_text=_("Shows the yearly values and target on the organisation's public quality page."),
    )
    archived = models.BooleanField(_("no longer measured"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator in use")
        verbose_name_plural = _("indicators in use")
        ordering = ["definition__code", "pk"]

    def __str__(self):
        return f"{self.definition.name} · {self.scope}" if self.unit_id or self.service_id else self.definition.name

    def get_absolute_url(self):
        return reverse("results:detail", args=[self.org.slug, self.pk])

    @property
    def scope(self):
        return self.service or self.unit or ""

    def clean(self):
        errors = {}
        definition = self.definition if self.definition_id else None
        if definition and definition.org_id not in (None, self.org_id):
            errors["definition"] = _("This definition belongs to another organisation.")
        if definition and definition.is_computed and self.unit_id:
            errors["unit"] = _(
                "A computed result is computed for the whole organisation: leave the unit and the service empty."
            )
        elif definition and definition.is_computed and self.service_id and not per_service(definition):
            errors["service"] = _(
                "This result is computed for the whole organisation only: leave the service empty, or choose a "
                "result that is also computed per service."
            )
        if self.unit_id and self.unit.org_id != self.org_id:
            errors["unit"] = _("The unit must belong to the same organisation.")
        if self.service_id and self.service.org_id != self.org_id:
            errors["service"] = _("The service must belong to the same organisation.")
        if self.unit_id and self.service_id:
            errors["service"] = _("Choose a unit or a service, not both.")
        if errors:
            raise ValidationError(errors)

    def status(self, value, target):
        return rag(value, target, self.amber_band, self.definition.higher_is_better)


def per_service(definition):
    """Whether the computed source a definition names counts one service's records too (ResultSource.by_service)."""
    source = surfaces.result_sources_all().get(definition.source) if definition.source else None
    return bool(source and source.by_service)


def rag(value, target, band, higher_is_better):
    """ "green", "amber" or "red" for a value against its target (None without either): within the band on the
    wrong side of the target is amber."""
    if value is None or target is None:
        return None
    gap = (value - target) if higher_is_better else (target - value)
    if gap >= 0:
        return "green"
    return "amber" if -gap <= band else "red"


class Target(models.Model):
    """The target of one period; a year's target also stands for its months or quarters that have none."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=7)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="result_target_once_per_period")]

    def __str__(self):
        return f"{self.indicator} · {self.period}: {self.value}"


class Origin(models.TextChoices):
    MANUAL = "manual", _("Entered")
    COMPUTED = "computed", _("Computed")
    IMPORTED = "imported", _("Imported")
    CORRECTION = "correction", _("Correction")


class ValueLocked(ValidationError):
    def __init__(self):
        super().__init__(
            _("This period is approved: its value cannot be changed or deleted. Record a correction with a reason."),
            code="locked",
        )


class ValueQuerySet(OrgQuerySet):
    def locked(self):
        return self.filter(approved_at__isnull=False)

    # Bulk writes skip save() and delete(): they refuse locked rows too, so no path around the lock is left.
    def update(self, **kwargs):
        if self.locked().exists():
            raise ValueLocked()
        return super().update(**kwargs)

    def delete(self):
        if self.locked().exists():
            raise ValueLocked()
        return super().delete()


class Value(models.Model):
    """The value of one indicator for one period. Rows of a period form a chain: the first value, then each
    correction (made only of a locked value, with a reason); the newest row is the period's value."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("period"), max_length=7)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=4, null=True, blank=True)
    records = models.PositiveIntegerField(_("records counted"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.MANUAL)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.CharField(
        _("evidence"), max_length=500, blank=True, help_text=_("Where the figure can be checked: a register, a file.")
    )
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction", editable=False
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("result value")
        verbose_name_plural = _("result values")
        ordering = ["indicator", "period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], condition=Q(corrects__isnull=True), name="result_value_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""), name="result_correction_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["org", "indicator", "period"], name="result_value_org_ind_period")]

    def __str__(self):
        return f"{self.indicator} · {self.period}: {self.value}"

    def save(self, *args, **kwargs):
        if self._stored_locked():
            raise ValueLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_locked():
            raise ValueLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self):
        return self.approved_at is not None

    def _stored_locked(self):
        return self.pk is not None and Value.objects.filter(pk=self.pk, approved_at__isnull=False).exists()

    def clean(self):
        errors = {}
        if self.indicator_id and self.period and not periods.is_valid(self.period, self.indicator.frequency):
            errors["period"] = _("This is not a period of the indicator's frequency.")
        if self.corrects_id and not self.reason.strip():
            errors["reason"] = _("Say why the approved value is corrected.")
        if errors:
            raise ValidationError(errors)


class RequestQuerySet(OrgQuerySet):
    def open(self):
        return self.filter(submitted_at__isnull=True)


class Request(models.Model):
    """A request for the values of chosen definitions for one period, with a due date: made in a provider by a
    programme's results round (kokybe.surfaces.programme_round_kinds; results names no programme). The provider
    enters the values in its own indicators and, when it submits, chooses which of them it shares: only those are
    kept in `shared` (a copy as submitted) and only those ever leave the organisation."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=255)
    period = models.CharField(_("period"), max_length=7)
    due_date = models.DateField(_("due date"))
    definitions = models.ManyToManyField(Definition, related_name="+", verbose_name=_("definitions"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # [{"code", "name", "unit", "value"}] of the values the provider chose to share, as they were when submitted.
    shared = models.JSONField(default=list, blank=True, editable=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for values")
        verbose_name_plural = _("requests for values")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.title} · {periods.label(self.period)}"

    def get_absolute_url(self):
        return reverse("results:request", args=[self.org.slug, self.pk])

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def clean(self):
        if self.period and not periods.is_valid(self.period):
            raise ValidationError({"period": _("This is not a period.")})
