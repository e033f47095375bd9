"""National and EU-funded programmes that steer many providers (e.g. the EQUASS project 08.4.1-ESFA-V-421-01-0001).

A programme is platform-level, not a tenant: it has no `org` of its own. Its coordinating organisation runs it, its
participating organisations join it (ProgrammeParticipation), and the people in `coordinators` (the
"programme_coordinator" platform role) see its participants' basic data without being members of those organisations.

Phases (ProgrammePhase) exist now; programme indicators (targets such as "119 providers certified", progress per
participant, anonymised benchmarks) come with the national-coordinator dashboard and will hang off Programme and
ProgrammePhase the same way.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation, Service


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes a person may open: those they coordinate; a superuser sees all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(coordinators=user)

    def with_participant_counts(self):
        return self.annotate(
            participant_count=Count("participations", filter=Q(participations__left_on__isnull=True), distinct=True)
        )


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
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class ParticipationQuerySet(models.QuerySet):
    def with_org_data(self):
        """Participants with their organisation and the number of services it provides, in one query."""
        return self.select_related("org").annotate(
            service_count=Count("org__services", filter=Q(org__services__status=Service.Status.ACTIVE))
        )


class ProgrammeParticipation(models.Model):
    """An organisation's part in a programme: from the contract (or partnership) to leaving, if it left."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        PILOT = "pilot", _("Pilot participant")
        PARTNER = "partner", _("Partner")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participations")
    org = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programme_participations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role in the programme"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
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


class ProgrammePhase(models.Model):
    """A stage of a programme (e.g. training, implementation, audits); indicators will be attached per phase."""

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
