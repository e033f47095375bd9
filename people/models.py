"""Service users as pseudonymous records.

Everything Kokybė records about a person a service exists for — a safeguarding event, a complaint's person
concerned, an individual plan, a quality-of-life measurement — points at a `ServiceUser`, which carries a random
reference (`P-7F3K`) and the few facts the figures need (services, unit, dates, age group), never a name. The
person's identity (name, personal code, contacts) lives in `Identity`, a separate table that only the roles the
director names may open; lists, exports, roll-ups and logs use the reference only.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgQuerySet
from orgs.roles import Role

# No 0/O, 1/I/L: a reference is read aloud and copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 4


def new_reference():
    return "P-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class ServiceUserQuerySet(OrgQuerySet):
    def visible_to(self, membership):
        """The service users of the membership's organisation this member may see: the director every one, a unit
        head the people of their unit (and its sub-units), a staff member those they are key worker of, anyone else
        none of them (the roll-ups name nobody)."""
        people = self.filter(org_id=membership.org_id)
        if membership.role == Role.DIRECTOR:
            return people
        mine = models.Q(key_worker_id=membership.user_id)
        if membership.role == Role.UNIT_HEAD and membership.unit_id:
            mine |= models.Q(unit_id=membership.unit_id) | models.Q(unit__parent_id=membership.unit_id)
        return people.filter(mine)

    def current(self, today):
        """Receiving a service on `today`."""
        return self.filter(started__lte=today).filter(models.Q(ended__isnull=True) | models.Q(ended__gte=today))


class ServiceUser(models.Model):
    class AgeGroup(models.TextChoices):
        CHILD = "child", _("Child (under 18)")
        ADULT = "adult", _("Adult (18–64)")
        OLDER = "older", _("Older person (65 and over)")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(_("reference"), max_length=16, editable=False)
    services = models.ManyToManyField("orgs.Service", blank=True, related_name="+", verbose_name=_("services"))
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    started = models.DateField(_("service started"))
    ended = models.DateField(_("service ended"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("key worker"),
    )

    class ConsentForm(models.TextChoices):
        SELF = "self", _("Given by the person")
        GUARDIAN = "guardian", _("Given by a guardian or representative")

    consent_on = models.DateField(_("consent to measurement given on"), null=True, blank=True)
    consent_form = models.CharField(_("consent given by"), max_length=8, choices=ConsentForm.choices, blank=True)
    identity_erased_on = models.DateField(_("identity erased on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceUserQuerySet.as_manager()

    class Meta:
        verbose_name = _("service user")
        verbose_name_plural = _("service users")
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["org", "reference"], name="people_reference_unique_per_org")]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        # A fresh random reference; on the rare collision within the organisation, draw again.
        if self.reference:
            return super().save(*args, **kwargs)
        for _attempt in range(20):
            self.reference = new_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not ServiceUser.objects.filter(org_id=self.org_id, reference=self.reference).exists():
                    raise
        raise IntegrityError("no free service-user reference")

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("people:detail", args=[self.org.slug, self.reference])

    @property
    def is_child(self):
        return self.age_group == self.AgeGroup.CHILD

    def clean(self):
        if self.ended and self.started and self.ended < self.started:
            raise ValidationError({"ended": _("The service cannot end before it started.")})
        if self.unit_id and self.unit.org_id != self.org_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
        if bool(self.consent_on) != bool(self.consent_form):
            raise ValidationError({"consent_form": _("Give both the date of the consent and who gave it.")})


class Identity(models.Model):
    """Who a service user is: kept apart from everything else, opened only by the roles the director names (the
    people app's views log every open). Nothing outside this table holds a service user's name, code or contacts."""

    service_user = models.OneToOneField(ServiceUser, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(_("full name"), max_length=255)
    personal_code = models.CharField(_("personal code"), max_length=32, blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self):
        return str(self.service_user)


class PeopleSettings(models.Model):
    """An organisation's rules for its service users' records: which roles may open the identity store (the director
    names them; the director always may)."""

    org = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    identity_roles = models.JSONField(_("roles that may open identities"), default=list, blank=True)

    def __str__(self):
        return f"{self.org}"

    @classmethod
    def for_org(cls, org):
        found = cls.objects.filter(org=org).first()
        return found or cls(org=org, identity_roles=[])

    def may_open_identity(self, membership):
        return membership.role == Role.DIRECTOR or membership.role in self.identity_roles


# ── Individual plans and Goal Attainment Scaling ─────────────────────────────────────────────────────────────────


class Domain(models.TextChoices):
    """Schalock & Verdugo's eight quality-of-life domains: every goal and every measured score belongs to one."""

    PERSONAL_DEVELOPMENT = "personal_development", _("Personal development")
    SELF_DETERMINATION = "self_determination", _("Self-determination")
    INTERPERSONAL_RELATIONS = "interpersonal_relations", _("Interpersonal relations")
    SOCIAL_INCLUSION = "social_inclusion", _("Social inclusion")
    RIGHTS = "rights", _("Rights")
    EMOTIONAL_WELLBEING = "emotional_wellbeing", _("Emotional well-being")
    PHYSICAL_WELLBEING = "physical_wellbeing", _("Physical well-being")
    MATERIAL_WELLBEING = "material_wellbeing", _("Material well-being")


GAS_LEVELS = (-2, -1, 0, 1, 2)
GAS_LEVEL_CHOICES = [
    (-2, _("−2: much less than expected")),
    (-1, _("−1: somewhat less than expected")),
    (0, _("0: the expected outcome")),
    (1, _("+1: somewhat more than expected")),
    (2, _("+2: much more than expected")),
]


class PlanQuerySet(OrgQuerySet):
    def due_for_review(self):
        """Plans with a review date and no review recorded yet."""
        return self.filter(review_on__isnull=False, reviews__isnull=True)


class Plan(models.Model):
    """One version of a person's individual plan (individualus planas). A new version is a new row: the earlier
    ones stay as they were written."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    service_user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(_("version"))
    starts_on = models.DateField(_("valid from"))
    review_on = models.DateField(_("review date"))
    with_person = models.BooleanField(_("the person took part"), default=True)
    with_family = models.BooleanField(_("family or guardian took part"), default=False)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("staff who took part")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Never a name: the plan is pseudonymous."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        ordering = ["service_user", "-version"]
        constraints = [models.UniqueConstraint(fields=["service_user", "version"], name="people_plan_version_unique")]

    def __str__(self):
        return f"{self.service_user.reference} v{self.version}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("people:plan", args=[self.org.slug, self.service_user.reference, self.version])

    def clean(self):
        if self.starts_on and self.review_on and self.review_on < self.starts_on:
            raise ValidationError({"review_on": _("The review cannot come before the plan starts.")})


class Goal(models.Model):
    """A goal of a plan, scaled for Goal Attainment Scaling: five levels in plain words, 0 the expected outcome."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("goal"), max_length=300)
    domain = models.CharField(_("quality-of-life domain"), max_length=32, choices=Domain.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    baseline = models.SmallIntegerField(_("level now (baseline)"), choices=GAS_LEVEL_CHOICES, default=-1)
    level_minus2 = models.CharField(_("−2: much less than expected"), max_length=300, blank=True)
    level_minus1 = models.CharField(_("−1: somewhat less than expected"), max_length=300, blank=True)
    level_0 = models.CharField(_("0: the expected outcome"), max_length=300)
    level_plus1 = models.CharField(_("+1: somewhat more than expected"), max_length=300, blank=True)
    level_plus2 = models.CharField(_("+2: much more than expected"), max_length=300, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.title

    def level_texts(self):
        """[(level, text)] from −2 to +2."""
        texts = (self.level_minus2, self.level_minus1, self.level_0, self.level_plus1, self.level_plus2)
        return list(zip(GAS_LEVELS, texts, strict=True))


class Review(models.Model):
    """A plan review: the level each goal reached, and the plan's GAS T-score from them."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    notes = models.TextField(_("notes"), blank=True)
    t_score = models.FloatField(_("GAS T-score"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["plan", "reviewed_on", "pk"]

    def __str__(self):
        return f"{self.plan} {self.reviewed_on.isoformat()}"

    @property
    def on_time(self):
        return self.reviewed_on <= self.plan.review_on


class GoalLevel(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="levels")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="levels")
    level = models.SmallIntegerField(_("level reached"), choices=GAS_LEVEL_CHOICES)

    objects = OrgQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="people_goal_level_once_per_review")]

    def __str__(self):
        return f"{self.goal}: {self.level}"


# ── Quality of life measurements ─────────────────────────────────────────────────────────────────────────────────


class Instrument(models.Model):
    """An instrument an organisation imported (e.g. WHOQOL-BREF with the wording its licence gives it). The
    instruments Kokybė ships live as files in people/instruments/ and need no row; a row's `definition` has the
    same shape (see people/instruments.py)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=64)
    definition = models.JSONField(default=dict)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="people_instrument_code_unique")]

    def __str__(self):
        return self.code


class Measurement(models.Model):
    """One quality-of-life measurement of one person: the answers as given and the domain scores computed from them
    when it was saved (0–100, higher is better), so later roll-ups read scores, not raw answers."""

    class Respondent(models.TextChoices):
        SELF = "self", _("The person")
        STAFF = "staff", _("Staff member (proxy)")
        FAMILY = "family", _("Family member or guardian (proxy)")

    class Version(models.TextChoices):
        STANDARD = "standard", _("Standard")
        EASY = "easy", _("Easy read")
        SCORES = "scores", _("Domain scores entered")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    service_user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="measurements")
    instrument = models.CharField(_("instrument"), max_length=64)
    taken_on = models.DateField(_("date"))
    respondent = models.CharField(_("answered by"), max_length=8, choices=Respondent.choices, default="self")
    version = models.CharField(_("form"), max_length=8, choices=Version.choices, default="standard")
    answers = models.JSONField(default=dict, blank=True)
    scores = models.JSONField(default=dict, blank=True)  # {domain code: 0–100}
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality-of-life measurement")
        verbose_name_plural = _("quality-of-life measurements")
        ordering = ["service_user", "taken_on", "pk"]

    def __str__(self):
        return f"{self.service_user.reference} {self.instrument} {self.taken_on.isoformat()}"
