import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from kokybe.lib.crypto import EncryptedTextField
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


def new_totp_key():
    """20 random bytes, hex-encoded: the shared key of an authenticator app (RFC 6238 with SHA-1 wants 20)."""
    return random_hex(20)


class AuthenticatorApp(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP) whose shared key is encrypted at rest.

    django-otp's own `TOTPDevice` keeps the key in clear in an 80-character column, too short for a Fernet token, and a
    library model is not ours to change; so this device model takes its place, with the same fields and django-otp's
    own TOTP algorithm (`django_otp.oath.TOTP`). The key is a `kokybe.lib.crypto.EncryptedTextField`: a database dump
    or a backup alone cannot mint codes, and `manage.py reencrypt_fields` rewrites it with a new key.
    """

    key = EncryptedTextField(default=new_totp_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last code accepted: a code is accepted once, and never one older than it.
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @property
    def bin_key(self):
        return unhexlify(self.key.encode())

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token).strip().replace(" ", "")
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        if token.isdigit() and totp.verify(int(token), self.tolerance, self.last_t + 1):
            self.last_t = totp.t()
            self.drift = totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    @property
    def config_url(self):
        """The otpauth:// address an authenticator app reads from the QR code (Key Uri Format)."""
        issuer = (getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        label = f"{issuer}:{self.user.get_username()}" if issuer else self.user.get_username()
        params = {"secret": b32encode(self.bin_key).decode(), "algorithm": "SHA1", "digits": self.digits}
        params["period"] = self.step
        query = urlencode(params) + (f"&issuer={quote(issuer)}" if issuer else "")
        return f"otpauth://totp/{quote(label)}?{query}"


def _normalised_code(code):
    # What the person types: case, spaces and the hyphen between the two groups do not matter.
    return "".join(str(code).split()).replace("-", "").lower()


def recovery_code_digest(code, salt, secret=None):
    """A keyed, salted hash of a recovery code: HMAC-SHA256 under a key derived from SECRET_KEY, over a random
    per-code salt and the code. Without SECRET_KEY (kept apart from the database) a dump gives nothing to guess
    against; with it, each code must still be guessed on its own."""
    return salted_hmac(
        "kokybe.accounts.RecoveryCode", f"{salt}:{_normalised_code(code)}", secret=secret, algorithm="sha256"
    ).hexdigest()


def recovery_code_stored(code):
    """What is stored of a new code: a fresh random salt and the code's digest, as "salt$digest"."""
    salt = secrets.token_hex(8)
    return f"{salt}${recovery_code_digest(code, salt)}"


class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A person's set of single-use recovery codes (ASVS 2.6 "look-up secrets").

    Each code is shown to its owner once and stored only as `recovery_code_digest` (django-otp's StaticToken keeps
    them readable, in a column too short for a hash). Checking a code compares it with every digest of the set (ten
    at most), under SECRET_KEY and each of SECRET_KEY_FALLBACKS, so a rotated SECRET_KEY keeps them working while the
    old key stays among the fallbacks.
    """

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def set_codes(self, codes):
        """Replace every code of the set with `codes` (kept only as digests)."""
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(RecoveryCode.make(self, code) for code in codes)

    def find(self, code):
        secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        for stored in self.codes.all():
            salt, _sep, digest = stored.digest.partition("$")
            for secret in secrets_:
                if constant_time_compare(digest, recovery_code_digest(code, salt, secret)):
                    return stored
        return None

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.find(token)
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One unused recovery code, as "salt$digest" (see `recovery_code_digest`); deleted when used."""

    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return _("recovery code")

    @classmethod
    def make(cls, device, code):
        return cls(device=device, digest=recovery_code_stored(code))


class UserSession(AbstractBaseSession):
    """A login session, kept in the database with whose it is (SESSION_ENGINE = "accounts.session_store").

    Django's own session table does not say whose a session is (the user id is inside the encoded data), so a person's
    sessions could not be listed or ended one by one (ASVS 3.3.4) without decoding every session of the
    installation. Extending the database session store, as Django documents, keeps one row per session as before and
    adds its owner and what the list shows: device (the browser's user agent), the shortened address, the login and
    the last activity (written at most once a minute), and when the session ends by itself (`ends_at`: idle or
    lifetime limit, accounts/sessions.py). Deleting the row ends the session: its cookie no longer finds it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.CharField(max_length=64, blank=True)  # already shortened (accounts.sessions.shorten_ip)
    logged_in_at = models.DateTimeField(null=True, blank=True)
    last_activity = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from .session_store import SessionStore

        return SessionStore
