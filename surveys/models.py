"""Stakeholder surveys: instruments as versioned data, campaigns that run them, and anonymous answers.

Instrument → InstrumentVersion → Section → Question is library data (shipped ones have no org; an organisation's own
imports are its own). A Campaign runs one version in one organisation; a ProgrammeCampaign is the same version run
by a programme coordinator in many organisations at once (one child Campaign each).

Anonymity is a property of the schema, not of good intentions: Response has no link to a person, an invitation, an
IP address or a time of day (its date only), and an Invitation records only *that* it was used, never when or by
which response. Tests read the schema to prove it (surveys/tests/test_anonymity.py).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgQuerySet

TEXT_MAX_CHARS = 2000  # one free-text answer; longer posts are refused with a message, not cut silently


def _tr(obj, field):
    lang = (translation.get_language() or "lt")[:2]
    value = getattr(obj, f"{field}_{lang}", "") if lang in ("lt", "en") else ""
    return value or getattr(obj, f"{field}_lt")


class Audience(models.TextChoices):
    SERVICE_USERS = "service_users", _("Service users")
    CARERS = "carers", _("Carers and families")
    STAFF = "staff", _("Staff")
    MANAGERS = "managers", _("Managers")
    PARTNERS = "partners", _("Partners and funders")


class InstrumentQuerySet(models.QuerySet):
    def visible_to(self, org):
        """Shipped instruments are everyone's; one an organisation imported is its own."""
        return self.filter(Q(org__isnull=True) | Q(org=org))


class Instrument(models.Model):
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="survey_instruments"
    )
    code = models.SlugField(_("code"), max_length=64)
    title_lt = models.CharField(_("title (Lithuanian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    description_lt = models.TextField(_("description (Lithuanian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    easy_read_available = models.BooleanField(_("easy-read form available"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["audience", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(org__isnull=True), name="instrument_code_shipped"),
            models.UniqueConstraint(fields=["org", "code"], name="instrument_code_per_org"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return _tr(self, "title")

    @property
    def description(self):
        return _tr(self, "description")


class InstrumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In use")
        RETIRED = "retired", _("Retired")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("version"), max_length=32)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    intro_lt = models.TextField(_("introduction (Lithuanian)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    easy_intro_lt = models.TextField(_("easy-read introduction (Lithuanian)"), blank=True)
    easy_intro_en = models.TextField(_("easy-read introduction (English)"), blank=True)
    # Digest of the imported content: re-importing the same file is a no-op, a changed one needs a new label.
    checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["instrument", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["instrument", "label"], name="instrument_version_label")]

    def __str__(self):
        return f"{self.instrument.title} ({self.label})"

    @property
    def intro(self):
        return _tr(self, "intro")

    @property
    def easy_intro(self):
        return _tr(self, "easy_intro")

    def is_frozen(self):
        """Once a campaign uses a version its questions never change, so every answer keeps its meaning."""
        return self.pk is not None and self.campaigns.exists()


class Section(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title_lt = models.CharField(_("title (Lithuanian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "order"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return _tr(self, "title")


class QuestionType(models.TextChoices):
    LIKERT = "likert", _("Rating scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")
    RECOMMEND = "recommend", _("Recommendation (0–10)")


# Question types the easy-read form can show; a 0–10 scale or a multi-select does not fit one simple screen.
EASY_READ_TYPES = (QuestionType.LIKERT, QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.TEXT)


class Pictogram(models.TextChoices):
    """The pictures the easy-read form can show beside a question (drawn in templates/surveys/_pictogram.svg)."""

    HOME = "home", _("House")
    PEOPLE = "people", _("People")
    TALK = "talk", _("Speech bubble")
    HELP = "help", _("Helping hand")
    SAFE = "safe", _("Shield")
    FOOD = "food", _("Plate")
    CALENDAR = "calendar", _("Calendar")
    HEART = "heart", _("Heart")
    STAR = "star", _("Star")
    INFO = "info", _("Information")


class Question(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=32)
    order = models.PositiveIntegerField(_("order"), default=0)
    type = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    text_lt = models.TextField(_("question (Lithuanian)"))
    text_en = models.TextField(_("question (English)"))
    help_lt = models.TextField(_("help text (Lithuanian)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    scale_points = models.PositiveSmallIntegerField(_("scale points"), null=True, blank=True)
    # Rating scale: one {"label_lt", "label_en"} per point, lowest first. Choices: {"code", "label_lt", "label_en"}.
    options = models.JSONField(_("options"), default=list, blank=True)
    min_value = models.FloatField(_("smallest number"), null=True, blank=True)
    max_value = models.FloatField(_("largest number"), null=True, blank=True)
    show_if = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("show only if question"),
    )
    show_if_values = models.JSONField(_("has one of the answers"), default=list, blank=True)
    principle_codes = models.JSONField(_("framework principles"), default=list, blank=True)
    indicator_codes = models.JSONField(_("framework indicators"), default=list, blank=True)
    easy_text_lt = models.TextField(_("easy-read question (Lithuanian)"), blank=True)
    easy_text_en = models.TextField(_("easy-read question (English)"), blank=True)
    pictogram = models.CharField(_("pictogram"), max_length=16, choices=Pictogram.choices, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_per_version"),
            models.CheckConstraint(
                condition=~Q(type="likert") | Q(scale_points__in=[3, 5, 7]),
                name="question_likert_has_3_5_or_7_points",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.text}"

    @property
    def text(self):
        return _tr(self, "text")

    @property
    def help(self):
        return _tr(self, "help")

    @property
    def easy_text(self):
        return _tr(self, "easy_text")

    @property
    def in_easy_read(self):
        return bool(self.easy_text_lt) and self.type in EASY_READ_TYPES

    def clean(self):
        if self.type == QuestionType.LIKERT and self.scale_points not in (3, 5, 7):
            raise ValidationError({"scale_points": _("A rating scale has 3, 5 or 7 points.")})
        if self.show_if_id and (self.show_if.version_id != self.version_id or self.show_if.order >= self.order):
            raise ValidationError({"show_if": _("A question can depend only on an earlier question of its form.")})

    # ── Answer values ────────────────────────────────────────────────────────────────────────────────────────
    # Likert: 1..points; yes/no: 1 (yes) / 0 (no); recommendation: 0..10; number: the number; choices: option codes.

    def scale_values(self):
        if self.type == QuestionType.LIKERT:
            return list(range(1, self.scale_points + 1))
        if self.type == QuestionType.YES_NO:
            return [1, 0]
        if self.type == QuestionType.RECOMMEND:
            return list(range(0, 11))
        return []

    def value_label(self, value):
        """The words for one stored value, in the active language."""
        if self.type == QuestionType.LIKERT:
            index = int(value) - 1
            if 0 <= index < len(self.options):
                return f"{int(value)} – {_tr_dict(self.options[index], 'label')}"
            return str(int(value))
        if self.type == QuestionType.YES_NO:
            return str(_("Yes")) if value else str(_("No"))
        if self.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            for option in self.options:
                if option.get("code") == value:
                    return _tr_dict(option, "label")
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def show_if_labels(self):
        """The answers that show this question, in words: “Yes”, “4 – Agree”…"""
        if not self.show_if_id:
            return ""
        parent = self.show_if
        numeric = parent.type in (QuestionType.LIKERT, QuestionType.YES_NO, QuestionType.RECOMMEND)
        return ", ".join(
            parent.value_label(int(v) if numeric and str(v).lstrip("-").isdigit() else v) for v in self.show_if_values
        )

    def choice_options(self):
        """(code, label) of a choice question's options, in the active language."""
        return [(o["code"], _tr_dict(o, "label")) for o in self.options]

    def point_labels(self):
        return [_tr_dict(o, "label") for o in self.options]

    def top_box_values(self):
        """The "top-2-box" of a rating scale: its two best points; on a 3-point scale only the best one, since the
        second of three is the neutral middle."""
        if self.type != QuestionType.LIKERT:
            return set()
        points = self.scale_points
        return {points} if points == 3 else {points, points - 1}


def _tr_dict(data, field):
    lang = (translation.get_language() or "lt")[:2]
    return data.get(f"{field}_{lang}") or data.get(f"{field}_lt") or ""


def _public_slug():
    return secrets.token_urlsafe(9)


def _token():
    return secrets.token_urlsafe(24)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Collecting answers")
    CLOSED = "closed", _("Closed")


class ProgrammeCampaign(models.Model):
    """An impact study a programme coordinator runs in many participating organisations with one questionnaire.

    Not a tenant row: it belongs to the programme; each organisation's part is a Campaign with its own org."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="survey_campaigns")
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="programme_campaigns", verbose_name=_("questionnaire")
    )
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=5, validators=[MinValueValidator(3), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("programme survey")
        verbose_name_plural = _("programme surveys")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_campaign_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys_programme:detail", args=[self.programme_id, self.pk])


class CampaignQuerySet(OrgQuerySet):
    def finished(self, today=None):
        """Campaigns that are over (Campaign.is_closed as a filter)."""
        today = today or timezone.localdate()
        return self.filter(Q(status=CampaignStatus.CLOSED) | Q(status=CampaignStatus.OPEN, ends_on__lt=today))

    def with_counts(self):
        return self.annotate(
            n_responses=models.Count("responses", distinct=True),
            n_invited=models.Count("invitations", distinct=True),
        )


class Campaign(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="survey_campaigns")
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    programme_campaign = models.ForeignKey(
        ProgrammeCampaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("programme survey"),
    )
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    services = models.ManyToManyField(
        "orgs.Service", blank=True, related_name="survey_campaigns", verbose_name=_("services surveyed")
    )
    units = models.ManyToManyField("orgs.Unit", blank=True, related_name="survey_campaigns", verbose_name=_("units"))
    respondent_groups = models.TextField(
        _("respondent groups"),
        blank=True,
        help_text=_(
            "One per line, e.g. “Service user” and “Family member”. Respondents choose one; results can be "
            "broken down by them."
        ),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are never linked to a person, an invitation or a time of day."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(100)],
        help_text=_("Breakdowns hide groups with fewer respondents than this, so nobody can be recognised."),
    )
    served_count = models.PositiveIntegerField(
        _("people served or asked"),
        null=True,
        blank=True,
        help_text=_("For the response rate when not everyone gets a personal invitation."),
    )
    public_slug = models.CharField(max_length=32, unique=True, default=_public_slug, editable=False)
    public_link = models.BooleanField(_("open link for everyone"), default=True)
    offer_easy_read = models.BooleanField(_("offer the easy-read form"), default=True)
    weak_top2_below = models.PositiveSmallIntegerField(
        _("weak if top-2-box below (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    weak_mean_below = models.DecimalField(
        _("weak if the mean (on a 1–5 scale) is below"),
        max_digits=3,
        decimal_places=2,
        default=3.5,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    weak_nps_below = models.SmallIntegerField(
        _("weak if the recommendation score is below"),
        default=0,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
            models.UniqueConstraint(
                fields=["programme_campaign", "org"],
                condition=Q(programme_campaign__isnull=False),
                name="campaign_once_per_org_in_programme_survey",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.org.slug, self.pk])

    def summary_url(self):
        return reverse("surveys:summary", args=[self.org.slug, self.pk])

    def public_url(self):
        return reverse("surveys_public:form", args=[self.public_slug])

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot be before the first day.")
        if errors:
            raise ValidationError(errors)

    def is_collecting(self, today=None):
        today = today or timezone.localdate()
        return self.status == CampaignStatus.OPEN and self.starts_on <= today <= self.ends_on

    def is_closed(self, today=None):
        # CampaignQuerySet.finished says the same as a filter.
        today = today or timezone.localdate()
        return self.status == CampaignStatus.CLOSED or (self.status == CampaignStatus.OPEN and today > self.ends_on)

    def group_choices(self):
        return [line.strip() for line in self.respondent_groups.splitlines() if line.strip()]

    def offers_easy_read(self):
        return self.offer_easy_read and self.version.instrument.easy_read_available


class InvitationQuerySet(OrgQuerySet):
    def unused(self):
        return self.filter(used=False)


class Invitation(models.Model):
    """A personal, single-use link to a campaign's form.

    `used` says only that the form was sent with it. Deliberately there is no date of use and no link to the
    response: for an anonymous campaign, nothing can tie an answer to the address it was sent to."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="lt")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    used = models.BooleanField(default=False)
    # Answers saved so far ("finish later"); emptied when the form is sent.
    draft = models.JSONField(default=dict, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "email"], name="invitation_once_per_address")]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("surveys_public:token", args=[self.token])


class Channel(models.TextChoices):
    WEB = "web", _("Online form")
    EASY_READ = "easy_read", _("Easy-read form")
    PAPER = "paper", _("Paper questionnaire")


def random_id():
    """A primary key that says nothing about when a row was written: with sequential ids, the order of responses
    (and of their answers) could be matched to the times in a web server's log."""
    return secrets.randbits(62) + 1


class Response(models.Model):
    """One filled-in questionnaire. No person, no invitation, no IP address, no time of day: the date only."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    group = models.CharField(_("respondent group"), max_length=120, blank=True)
    # Only for a campaign that is not anonymous: the address the invitation went to.
    respondent = models.CharField(_("respondent"), max_length=254, blank=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["submitted_on", "pk"]
        indexes = [models.Index(fields=["campaign", "service"], name="response_campaign_service")]

    def __str__(self):
        return f"{self.campaign} · {self.submitted_on}"


# The response's fields an Answer copies, in the order the answer_counts index holds them after (question, value,
# choice): a breakdown groups by the index's columns up to the one it needs, so the rows come in index order.
RESPONDENT_FIELDS = ("service_id", "unit_id", "group", "channel")


class AnswerQuerySet(OrgQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Every way answers are stored goes through here or Answer.save(): the copies are set in one place."""
        objs = list(objs)
        missing = {a.response_id for a in objs if not self.model.response.is_cached(a)}
        found = Response.objects.in_bulk(missing) if missing else {}
        for answer in objs:
            answer.copy_response(found.get(answer.response_id))
        return super().bulk_create(objs, *args, **kwargs)


class Answer(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    # The org, campaign and respondent fields are copies of the response's (copy_response), so results and
    # breakdowns are one GROUP BY over the answer_counts index, without a join to Response. That index covers the
    # campaign and org lookups; more single-column indexes would only slow the inserts. Deleting a service or unit
    # (rare) clears its copies with one UPDATE over the answers, as it clears the responses' links.
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.FloatField(null=True, blank=True)
    choice = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    group = models.CharField(max_length=120, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(
                fields=["campaign", "question", "value", "choice", "service", "unit", "group", "channel"],
                name="answer_counts",
            )
        ]

    def __str__(self):
        return f"{self.question.code}: {self.value if self.value is not None else self.choice or self.text[:30]}"

    def save(self, *args, **kwargs):
        self.copy_response()
        super().save(*args, **kwargs)

    def copy_response(self, response=None):
        response = response or self.response
        self.org_id, self.campaign_id = response.org_id, response.campaign_id
        for name in RESPONDENT_FIELDS:
            setattr(self, name, getattr(response, name))
