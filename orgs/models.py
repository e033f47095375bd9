from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kokybe.lib import lithuanian

from .roles import ALL_ROLES, MANAGERS, Role


class OrgQuerySet(models.QuerySet):
    """Base for every tenant-owned model: all reads go through for_org()."""

    def for_org(self, org):
        return self.filter(org=org)


def dependants(obj):
    """(label, count) for every kind of row that still points at obj.

    Deleting a unit or service that other records use would silently empty their links (or cascade), so deletion
    is refused while this list is not empty; it also covers models of apps added later.
    """
    out = []
    for rel in obj._meta.related_objects:
        if not (rel.one_to_many or rel.one_to_one) or rel.related_model is ActivityEntry:
            continue
        count = rel.related_model._base_manager.filter(**{rel.field.name: obj}).count()
        if count:
            if rel.related_model is type(obj) and isinstance(obj, Unit):
                label = gettext("Sub-units")
            else:
                label = str(rel.related_model._meta.verbose_name_plural).capitalize()
            out.append((label, count))
    return out


class Organisation(models.Model):
    class LegalForm(models.TextChoices):
        BUDGET = "budget", _("Budget institution")
        PUBLIC = "public", _("Public institution (VšĮ)")
        NGO = "ngo", _("Non-governmental organisation")
        CHARITY = "charity", _("Charity or support foundation")
        RELIGIOUS = "religious", _("Religious community")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    # The name in the cases Lithuanian sentences need ("… centro darbuotojai", "pateikia … centrui"): guessed from
    # the name when left empty (kokybe.lib.lithuanian), corrected by the organisation where the guess is wrong.
    name_genitive = models.CharField(
        _("name in the genitive (kieno?)"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Alfos socialinių paslaugų centro”. Left empty, it is guessed from the name."),
    )
    name_dative = models.CharField(
        _("name in the dative (kam?)"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Alfos socialinių paslaugų centrui”. Left empty, it is guessed from the name."),
    )
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("address in Kokybė"), max_length=80, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=16, choices=LegalForm.choices, default=LegalForm.BUDGET)
    company_code = models.CharField(_("company code"), max_length=32, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.name_genitive = self.name_genitive.strip() or lithuanian.genitive(self.name)
        self.name_dative = self.name_dative.strip() or lithuanian.dative(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_genitive", "name_dative"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("orgs:dashboard", args=[self.slug])


class Unit(models.Model):
    """A padalinys or skyrius; units nest (a centre's unit holds its departments)."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "parent", "name"],
                name="unit_unique_name_per_parent",
                violation_error_message=_("A unit with this name already exists here."),
            ),
            # NULL parents never collide in a unique index, so top-level names need their own constraint.
            models.UniqueConstraint(
                fields=["org", "name"],
                condition=Q(parent__isnull=True),
                name="unit_unique_top_level_name",
                violation_error_message=_("A unit with this name already exists here."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent.org_id != self.org_id:
                raise ValidationError({"parent": _("The parent unit must belong to the same organisation.")})
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("A unit cannot be placed inside itself.")})
                node = node.parent

    @staticmethod
    def as_tree(units):
        """(unit, depth) pairs in display order, from one list of the org's units (no extra queries)."""
        children = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        out = []

        def walk(parent_id, depth):
            for unit in children.get(parent_id, []):
                out.append((unit, depth))
                walk(unit.pk, depth + 1)

        walk(None, 0)
        return out


class ServiceQuerySet(OrgQuerySet):
    def active(self):
        return self.filter(status=Service.Status.ACTIVE)


class Service(models.Model):
    """A social service the organisation provides; certificates cover named services."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Provided")
        PLANNED = "planned", _("Planned")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("No longer provided")

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="services", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=255)
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.unit_id and self.unit.org_id != self.org_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})


class MembershipQuerySet(OrgQuerySet):
    def active(self, today=None):
        """Memberships that grant access today: an external auditor's ends by itself after access_until."""
        today = today or timezone.localdate()
        return self.filter(is_active=True, user__is_active=True).filter(
            Q(access_until__isnull=True) | Q(access_until__gte=today)
        )

    def require(self, org, user, roles=ALL_ROLES, refusal=None):
        """A service's re-check of the gate: the membership `user` holds in `org` today, if its role is in `roles`.

        Services are called from commands and other services too, so they do not trust the view's gate. Otherwise
        raises `refusal` (the service's own translated ValidationError, say) or, by default, PermissionDenied.
        """
        membership = self.for_org(org).active().filter(user=user).first()
        if membership is None or membership.role not in roles:
            raise refusal if refusal is not None else PermissionDenied
        return membership


class Membership(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("unit")
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    access_until = models.DateField(
        _("access until"), null=True, blank=True, help_text=_("Access ends by itself after this day.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["org", "user"], name="membership_one_per_org"),
            models.CheckConstraint(
                condition=~Q(role=Role.EXTERNAL_AUDITOR) | Q(access_until__isnull=False),
                name="membership_external_auditor_has_end_date",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.org}"

    def clean(self):
        if self.role == Role.EXTERNAL_AUDITOR and not self.access_until:
            raise ValidationError({"access_until": _("An external auditor's access needs an end date.")})
        if self.unit_id and self.unit.org_id != self.org_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})

    @property
    def is_manager(self):
        return self.role in MANAGERS

    def is_expired(self, today=None):
        return self.access_until is not None and self.access_until < (today or timezone.localdate())


class ActivityQuerySet(OrgQuerySet):
    def with_related(self):
        return self.select_related("actor", "target_type")


class ActivityEntry(models.Model):
    """Append-only record of who changed what. Written by services; never edited through the app."""

    class Verb(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")
        STATUS = "status", _("changed status of")
        INVITED = "invited", _("invited")
        JOINED = "joined", _("joined")
        REMOVED = "removed", _("removed")
        VIEWED = "viewed", _("viewed")
        IMPORTED = "imported", _("imported")
        EXPORTED = "exported", _("exported")
        COMMENTED = "commented", _("commented on")

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=16, choices=Verb.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(max_length=255, blank=True)
    # {"field": [before, after]} for updates, as text so the log survives schema changes.
    changes = models.JSONField(default=dict, blank=True)
    # {"field": "English verbose name"}: translated when shown, so a reader sees field names in their language
    # even after the field is renamed or removed.
    field_labels = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity entry")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "-created_at"], name="activity_org_recent")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Activity entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Activity entries are append-only.")

    def change_rows(self):
        """(field label in the reader's language, before, after) for each changed field."""
        model = self.target_type.model_class() if self.target_type_id else None
        rows = []
        for name, pair in (self.changes or {}).items():
            label = (self.field_labels or {}).get(name)
            label = gettext(label) if label else _field_label(model, name)
            before, after = (list(pair) + ["", ""])[:2] if isinstance(pair, (list, tuple)) else ("", pair)
            rows.append((label, _shown(before), _shown(after)))
        return rows


def _shown(value):
    # Yes/no fields are recorded as Python's "True"/"False" text; the reader sees them in their own language.
    if value is True or value == "True":
        return gettext("Yes")
    if value is False or value == "False":
        return gettext("No")
    return value


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return name
