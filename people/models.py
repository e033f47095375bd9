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
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgQuerySet

# No 0/O, 1/I/L: a reference is read aloud and copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 4


def new_reference():
    return "P-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class ServiceUserQuerySet(OrgQuerySet):
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

    @property
    def is_child(self):
        return self.age_group == self.AgeGroup.CHILD

    def clean(self):
        if self.ended and self.started and self.ended < self.started:
            raise ValidationError({"ended": _("The service cannot end before it started.")})
        if self.unit_id and self.unit.org_id != self.org_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})


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
