"""National and EU-funded programmes that steer many providers (e.g. the EQUASS project 08.4.1-ESFA-V-421-01-0001).

A programme is platform-level, not a tenant: it has no `org` of its own. Its coordinating organisation runs it, its
participating organisations join it (ProgrammeParticipation), and the people in `coordinators` (the
"programme_coordinator" platform role) see its participants' basic data without being members of those organisations.

Three programme roles, held per programme and never a membership of a provider: coordinators (everything of the
programme), consultants (the board and the records of the providers assigned to them) and funder viewers (aggregates
and reports only). None of them opens a provider's internal pages: those stay behind the provider's own gate.

What a provider shares with its programme is stated on the programme (`shares_*`); milestones and the participation
status are always shared, because the programme cannot be run without them.

The milestone chain (MilestoneTemplate → MilestoneStep) is data; each participation gets its Milestones with planned and
actual dates. Programme indicators (ProgrammeIndicator) take monthly Contributions from providers, or, for counts of
unique persons, PersonReports carrying only a keyed hash of the person's personal code (see programmes/persons.py).
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import RegexValidator
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

    def shared_items(self):
        """What a participant shares with this programme, as translated labels (for the provider's page)."""
        items = [_("Participation status, wave and contract"), _("Milestones with their dates")]
        if self.shares_readiness:
            items.append(_("Readiness per principle of the latest self-assessment"))
        if self.shares_certificate:
            items.append(_("Certificate: reference, issue and expiry dates"))
        if self.shares_indicators:
            items.append(_("The programme indicators you report"))
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


# ── Rounds (campaigns) pushed to many providers ──────────────────────────────────────────────────────────────────


class ProgrammeRound(models.Model):
    """One round the coordinator pushed to a filtered set of providers: an item of a kind (kokybe.surfaces.
    programme_round_kinds) created in each, with one due date."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("kind"), max_length=40)
    option = models.CharField(max_length=64)
    option_label = models.CharField(_("on"), max_length=300)
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class RoundItem(models.Model):
    round = models.ForeignKey(ProgrammeRound, on_delete=models.CASCADE, related_name="items")
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="round_items")
    reference = models.CharField(max_length=64)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["participation__org__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participation"], name="round_item_once_per_participation"),
        ]

    def __str__(self):
        return f"{self.round} · {self.participation.org}"


# ── Applications to join ─────────────────────────────────────────────────────────────────────────────────────────


class ApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Application.Status.PENDING)


class Application(models.Model):
    """A provider's application to join a programme, sent from the programme's public page by someone without an
    account. Nothing exists in Kokybė for the provider until the programme coordinator accepts it
    (services.application_accept): then the organisation is made (or found by its company code) and takes part."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    org_name = models.CharField(_("organisation's name"), max_length=255)
    company_code = models.CharField(
        _("company code"),
        max_length=9,
        validators=[RegexValidator(r"^\d{9}$", _("A company code has 9 digits."))],
    )
    municipality = models.CharField(_("municipality"), max_length=120)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    services = models.TextField(
        _("services proposed for certification"),
        max_length=2000,
        help_text=_("One service a line, e.g. “Day care for adults with a disability”."),
    )
    # The applicant's language: the decision is mailed in it (kokybe.lib.mail reads `email` and `language`).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="lt")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    participation = models.OneToOneField(
        ProgrammeParticipation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("participation"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company_code"],
                condition=Q(status="pending"),
                name="application_one_pending_per_company",
                violation_error_message=_(
                    "An application of this organisation is already waiting for the coordinator's decision."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="application_declined_with_reason",
                violation_error_message=_("Give the reason for declining."),
            ),
        ]

    def __str__(self):
        return f"{self.org_name} ({self.company_code}) · {self.programme.code}"

    def service_lines(self):
        return [line.strip() for line in self.services.splitlines() if line.strip()]


# ── Consultant visits and programme trainings ────────────────────────────────────────────────────────────────────


class EventQuerySet(models.QuerySet):
    def seen_by(self, programme, role, user):
        """A consultant sees the visits to the providers assigned to them and every training of the programme."""
        queryset = self.filter(programme=programme)
        if role == ProgrammeRole.CONSULTANT:
            visited = EventAttendance.objects.filter(participation__consultant=user).values("event_id")
            queryset = queryset.filter(Q(kind=ProgrammeEvent.Kind.TRAINING) | Q(pk__in=visited))
        return queryset


class ProgrammeEvent(models.Model):
    """A consultant's visit to one provider, or a programme training many providers attend (seed 000: managers'
    training 2019-02-07 and 2019-02-28, coordinators' training 2019-02-19/20). Who came from each provider is an
    EventAttendance; an event may count as a milestone of the programme's chain, which it then marks reached for each
    provider that attended (services.event_attendance_set)."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Consultant's visit")
        TRAINING = "training", _("Training")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, null=True, blank=True, help_text=_("How long it lasted.")
    )
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    notes = models.TextField(_("notes"), max_length=8000, blank=True)
    step = models.ForeignKey(
        MilestoneStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counts as the milestone"),
    )
    led_by = models.CharField(_("led by"), max_length=200, blank=True, help_text=_("The consultant or trainer."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme event")
        verbose_name_plural = _("programme events")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0),
                name="event_hours_positive",
                violation_error_message=_("The hours must be above zero."),
            ),
        ]

    def __str__(self):
        return f"{self.on} {self.title}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.step_id and self.programme_id and self.step.template_id != self.programme.milestone_template_id:
            raise ValidationError({"step": _("This milestone is not in the programme's chain.")})


class EventAttendance(models.Model):
    """Who came from one provider: a number, and their names or e-mail addresses one a line (staff of the provider,
    not service users). A staff-competence record can read them from here."""

    event = models.ForeignKey(ProgrammeEvent, on_delete=models.CASCADE, related_name="attendances")
    participation = models.ForeignKey(
        ProgrammeParticipation, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("provider")
    )
    attendees = models.TextField(
        _("attendees"), max_length=4000, blank=True, help_text=_("Names or e-mail addresses, one a line.")
    )
    count = models.PositiveIntegerField(_("number of attendees"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["participation__org__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participation"],
                name="attendance_once_per_provider",
                violation_error_message=_("This provider's attendance is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.participation.org}"

    def attendee_lines(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]
