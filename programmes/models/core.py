"""Programmes, their waves and participations, and the milestone chain each participation follows."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation, Service

# The smallest group of providers any figure may be about (DOMAIN.md: no figure about fewer than 5 providers).
MIN_GROUP = 5


class ProgrammeRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Programme coordinator")
    CONSULTANT = "consultant", _("Programme consultant")
    FUNDER = "funder", _("Funder viewer")


# The named groups of programme roles the programme's pages are gated on.
ALL_PROGRAMME_ROLES = frozenset(ProgrammeRole.values)
STEERING = frozenset({ProgrammeRole.COORDINATOR, ProgrammeRole.CONSULTANT})  # the board: who is late, and why
AGGREGATES = frozenset({ProgrammeRole.COORDINATOR, ProgrammeRole.FUNDER})  # indicators, benchmarks, reports


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes a person coordinates; a superuser sees all (the impact studies are gated on this)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(coordinators=user)

    def open_to(self, user):
        """Programmes in which a person holds any programme role (a superuser: all)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(pk__in=Programme.coordinators.through.objects.filter(user=user).values("programme_id"))
            | Q(pk__in=Programme.consultants.through.objects.filter(user=user).values("programme_id"))
            | Q(pk__in=Programme.funder_viewers.through.objects.filter(user=user).values("programme_id"))
        )

    def with_participant_counts(self):
        return self.annotate(
            participant_count=Count("participations", filter=Q(participations__left_on__isnull=True), distinct=True)
        )


def new_person_key():
    return secrets.token_hex(32)


class Programme(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(_("code"), max_length=64, unique=True, help_text=_("The project number, as in contracts."))
    # The title is data in Lithuanian, as the funder registered it; the English title is for English-speaking users.
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    funder = models.CharField(_("funder"), max_length=255, blank=True, help_text=_("e.g. the ESF agency (ESFA)."))
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    funding_amount = models.DecimalField(
        _("funding amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    coordinating_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_programmes",
        verbose_name=_("coordinating organisation"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programmes",
        verbose_name=_("programme coordinators"),
        help_text=_("People who see this programme and its participating organisations."),
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="consulted_programmes",
        verbose_name=_("programme consultants"),
        help_text=_("They see only the providers assigned to them."),
    )
    funder_viewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="funded_programmes",
        verbose_name=_("funder viewers"),
        help_text=_("They see aggregates and reports only."),
    )
    milestone_template = models.ForeignKey(
        "MilestoneTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("milestone template"),
    )
    # What participants share beyond milestones and status (which the programme always sees).
    shares_readiness = models.BooleanField(_("participants share readiness per principle"), default=True)
    shares_certificate = models.BooleanField(_("participants share their certificate"), default=True)
    shares_indicators = models.BooleanField(_("participants report programme indicators"), default=True)
    shares_results = models.BooleanField(
        _("participants share chosen results"),
        default=True,
        help_text=_("In a results round each provider chooses which of its values it shares with the programme."),
    )
    # The key of the keyed hash of personal codes (persons.py). Never shown; rotating it starts a new key version.
    person_key = models.CharField(max_length=64, default=new_person_key, editable=False)
    person_key_version = models.PositiveIntegerField(default=1, editable=False)
    # A programme open for applications has a public page at /programmes/apply/<application_slug>/ (views_public.py).
    accepts_applications = models.BooleanField(_("open for applications"), default=False)
    application_slug = models.SlugField(
        _("address of the application page"),
        max_length=80,
        blank=True,
        help_text=_("The public page is /programmes/apply/<address>/, e.g. “esf-equass-2027”."),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="programme_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | Q(funding_amount__gte=0),
                name="programme_funding_not_negative",
                violation_error_message=_("The funding amount cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["application_slug"],
                condition=~Q(application_slug=""),
                name="programme_application_slug_unique",
                violation_error_message=_("Another programme already has this address."),
            ),
            models.CheckConstraint(
                condition=Q(accepts_applications=False) | ~Q(application_slug=""),
                name="programme_open_for_applications_has_address",
                violation_error_message=_("A programme open for applications needs the address of its page."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def role_of(self, user):
        """The person's programme role here (the strongest if several), or None. Three EXISTS queries at most."""
        if not user.is_authenticated:
            return None
        if user.is_superuser or self.coordinators.filter(pk=user.pk).exists():
            return ProgrammeRole.COORDINATOR
        if self.consultants.filter(pk=user.pk).exists():
            return ProgrammeRole.CONSULTANT
        if self.funder_viewers.filter(pk=user.pk).exists():
            return ProgrammeRole.FUNDER
        return None

    def holds(self, user, role):
        """Whether the person holds this programme role here (a superuser holds the coordinator's). One query."""
        if not user.is_active:
            return False
        if role == ProgrammeRole.COORDINATOR and user.is_superuser:
            return True
        people = {
            ProgrammeRole.COORDINATOR: self.coordinators,
            ProgrammeRole.CONSULTANT: self.consultants,
            ProgrammeRole.FUNDER: self.funder_viewers,
        }.get(role)
        return people is not None and people.filter(pk=user.pk).exists()

    def shared_items(self):
        """What a participant shares with this programme, as translated labels (for the provider's page)."""
        items = [_("Participation status, wave and contract"), _("Milestones with their dates")]
        if self.shares_readiness:
            items.append(_("Readiness per principle of the latest self-assessment"))
        if self.shares_certificate:
            items.append(_("Certificate: reference, issue and expiry dates"))
        if self.shares_indicators:
            items.append(_("The programme indicators you report"))
        if self.shares_results:
            items.append(_("The result values you choose to share when you answer a results round"))
        return items


class Wave(models.Model):
    """A cohort of providers taken through the programme together (e.g. the 20 pilot providers, then ~100)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=0)
    start = models.DateField(_("start"), null=True, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="wave_name_once_per_programme",
                violation_error_message=_("This programme already has a wave with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class ParticipationQuerySet(models.QuerySet):
    def with_org_data(self):
        """Participants with their organisation and the number of services it provides, in one query."""
        return self.select_related("org").annotate(
            service_count=Count("org__services", filter=Q(org__services__status=Service.Status.ACTIVE))
        )

    def seen_by(self, programme, role, user):
        """The participations a programme role sees: a consultant only the providers assigned to them."""
        queryset = self.filter(programme=programme)
        if role == ProgrammeRole.CONSULTANT:
            queryset = queryset.filter(consultant=user)
        return queryset

    def with_late(self, today):
        return self.annotate(
            is_late=Exists(Milestone.objects.filter(participation=OuterRef("pk")).late(today)),
        )


class ProgrammeParticipation(models.Model):
    """An organisation's part in a programme: from the application and contract to certification or leaving."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        PILOT = "pilot", _("Pilot participant")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        CONTRACTED = "contracted", _("Contracted")
        IN_PROGRESS = "in_progress", _("In progress")
        CERTIFIED = "certified", _("Certified")
        LEFT = "left", _("Left")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participations")
    org = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programme_participations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role in the programme"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    wave = models.ForeignKey(
        Wave, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations", verbose_name=_("wave")
    )
    contract_number = models.CharField(_("contract number"), max_length=64, blank=True)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="programme_participations", verbose_name=_("services in scope")
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_assignments",
        verbose_name=_("assigned consultant"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        ordering = ["joined_on", "org__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "org"],
                name="participation_once_per_programme",
                violation_error_message=_("This organisation already takes part in this programme."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="participation_leaves_after_joining",
                violation_error_message=_("An organisation cannot leave before it joined."),
            ),
        ]

    def __str__(self):
        return f"{self.org} · {self.programme.code}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.wave_id and self.programme_id and self.wave.programme_id != self.programme_id:
            errors["wave"] = _("This wave belongs to another programme.")
        if self.consultant_id and not self.programme.consultants.filter(pk=self.consultant_id).exists():
            errors["consultant"] = _("The assigned consultant must be one of the programme's consultants.")
        if errors:
            raise ValidationError(errors)


class ProgrammePhase(models.Model):
    """A stage of a programme (e.g. training, implementation, audits)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        ordering = ["order", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="phase_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return self.name


# ── Milestones ───────────────────────────────────────────────────────────────────────────────────────────────────


class MilestoneSource(models.TextChoices):
    """Where a milestone's actual date may come from. The record kinds are those of kokybe.surfaces.provider_records."""

    MANUAL = "", _("Entered by the programme")
    CYCLE_COMPLETED = "cycle_completed", _("A self-assessment cycle completed")
    INTERNAL_AUDIT_CLOSED = "internal_audit_closed", _("An internal audit closed")
    EXTERNAL_AUDIT_HELD = "external_audit_held", _("An external audit held")
    CERTIFICATE_ISSUED = "certificate_issued", _("A certificate issued")


class MilestoneTemplate(models.Model):
    """A programme's chain of milestones, as data (the EQUASS chain of seed 000 ships as one)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MilestoneStep(models.Model):
    template = models.ForeignKey(MilestoneTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=40)
    # The name is data in Lithuanian (as the programme's documents say it); the English name for English readers.
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    months_after_contract = models.PositiveIntegerField(
        _("planned months after the contract"), help_text=_("The planned date is the contract date plus this.")
    )
    source = models.CharField(
        _("fills itself from"), max_length=32, choices=MilestoneSource.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("milestone step")
        verbose_name_plural = _("milestone steps")
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"],
                name="milestone_step_code_once_per_template",
                violation_error_message=_("This template already has a step with this code."),
            ),
        ]

    def __str__(self):
        return self.name

    def planned_for(self, contract_date):
        if contract_date is None:
            return None
        month = contract_date.month - 1 + self.months_after_contract
        year, month = contract_date.year + month // 12, month % 12 + 1
        return date(year, month, min(contract_date.day, 28))


class MilestoneQuerySet(models.QuerySet):
    def late(self, today):
        return self.filter(done_on__isnull=True, planned_on__lt=today)


# How close a planned date must be for the board to show the milestone as due soon.
DUE_SOON = timedelta(days=30)


class Milestone(models.Model):
    class Light(models.TextChoices):
        DONE = "done", _("Reached")
        DONE_LATE = "done_late", _("Reached late")
        LATE = "late", _("Late")
        DUE = "due", _("Due within 30 days")
        PLANNED = "planned", _("Planned")
        UNPLANNED = "unplanned", _("No date planned")

    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="milestones")
    step = models.ForeignKey(MilestoneStep, on_delete=models.CASCADE, related_name="milestones")
    planned_on = models.DateField(_("planned"), null=True, blank=True)
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    # The provider's record kind that filled done_on; empty when the programme entered it.
    filled_from = models.CharField(max_length=32, choices=MilestoneSource.choices, blank=True, default="")
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["participation", "step__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "step"],
                name="milestone_once_per_participation",
                violation_error_message=_("This participation already has this milestone."),
            ),
        ]

    def __str__(self):
        return f"{self.step} · {self.participation}"

    def light(self, today):
        if self.done_on:
            return self.Light.DONE_LATE if self.planned_on and self.done_on > self.planned_on else self.Light.DONE
        if self.planned_on is None:
            return self.Light.UNPLANNED
        if self.planned_on < today:
            return self.Light.LATE
        return self.Light.DUE if self.planned_on - today <= DUE_SOON else self.Light.PLANNED

    def is_late(self, today):
        return self.done_on is None and self.planned_on is not None and self.planned_on < today
