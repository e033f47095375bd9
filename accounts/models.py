import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="lt")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]


def new_token():
    return secrets.token_urlsafe(32)


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(org=org)

    def open(self):
        """Neither accepted nor revoked: still listed for managers, who may resend an expired one."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self, now=None):
        now = now or timezone.now()
        return self.open().filter(expires_at__gt=now)


class Invitation(models.Model):
    """An e-mailed offer of a membership; the token is the only key to it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        EXPIRED = "expired", _("Link expired")
        ACCEPTED = "accepted", _("Invitation accepted")
        REVOKED = "revoked", _("Invitation revoked")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    access_until = models.DateField(
        _("access until"), null=True, blank=True, help_text=_("Required for an external auditor.")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    # The invitation mail and the new account's first language; the inviter picks it.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="lt")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.EXTERNAL_AUDITOR) | Q(access_until__isnull=False),
                name="invitation_external_auditor_has_end_date",
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        self.email = (self.email or "").strip().lower()
        errors = {}
        if self.role == Role.EXTERNAL_AUDITOR and not self.access_until:
            errors["access_until"] = _("An external auditor's access needs an end date.")
        if self.unit_id and self.unit.org_id != self.org_id:
            errors["unit"] = _("The unit must belong to the same organisation.")
        if self.is_open and self.org_id and self.email:
            # Checked here, not only by the constraint, so the form can say it next to the address.
            if self.org.memberships.active().filter(user__email__iexact=self.email).exists():
                errors["email"] = _("This person is already a member of the organisation.")
            elif Invitation.objects.for_org(self.org).open().filter(email=self.email).exclude(pk=self.pk).exists():
                errors["email"] = _("This address has already been invited. Resend or revoke that invitation.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    def state(self, now=None):
        now = now or timezone.now()
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        # Access that has already ended would make the new membership void at once.
        if self.expires_at <= now or (self.access_until and self.access_until < timezone.localdate(now)):
            return self.State.EXPIRED
        return self.State.PENDING

    def is_usable(self, now=None):
        return self.state(now) == self.State.PENDING

    def get_accept_url(self):
        return settings.SITE_URL + reverse("accounts:invitation_accept", args=[self.token])


class SecondFactorPolicy(models.Model):
    """Which roles of an organisation must log in with a second factor (accounts/mfa.py).

    Kept per organisation and per role, so a provider can require it of its directors and coordinators today and of
    whoever may see identities tomorrow. Superusers and the Django admin need it whatever this says.
    """

    org = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE, related_name="second_factor_policy")
    roles = models.JSONField(_("roles that must use a second factor"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("second-factor policy")
        verbose_name_plural = _("second-factor policies")

    def __str__(self):
        return str(self.org)

    def clean(self):
        unknown = set(self.roles) - set(Role.values)
        if unknown:
            raise ValidationError({"roles": _("Unknown role.")})
