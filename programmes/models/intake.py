"""Applications to join a programme, and its consultant visits and trainings with attendance per provider."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import MilestoneStep, Programme, ProgrammeParticipation, ProgrammeRole

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
