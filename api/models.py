"""Personal access tokens and outgoing webhooks of the REST API (/api/v1/)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgQuerySet
from programmes.models import ProgrammeRole

# What an integrator sees at the start of a token: says what it is when it turns up in a log or a repository.
TOKEN_PREFIX = "kok_"


def hash_secret(raw):
    # The secret has 256 bits of randomness: a plain SHA-256 is enough (no password stretching needed), and fast
    # enough to check on every request.
    return hashlib.sha256(raw.encode()).hexdigest()


class UsableTokens:
    """What both kinds of token's QuerySets share: the usable ones, and the one a presented secret names."""

    secret_prefix = ""
    holder = ""  # what a token opens, fetched with it

    def usable(self, today=None):
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__gte=today)

    def authenticate(self, raw):
        """The usable token whose secret is `raw`, with its person and what it opens, or None."""
        if not raw or not raw.startswith(self.secret_prefix) or len(raw) > 200:
            return None
        return self.usable().select_related("user", self.holder).filter(token_hash=hash_secret(raw)).first()


class TokenQuerySet(UsableTokens, OrgQuerySet):
    secret_prefix = TOKEN_PREFIX
    holder = "org"


class Token(models.Model):
    """A secret a person presents instead of a session: only its hash and first characters are kept."""

    secret_prefix = ""

    # The first characters of the token, shown in the list so a person can tell their tokens apart.
    prefix = models.CharField(max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    # The rate limit's fixed window, counted on the token's own row: one UPDATE per request (api.auth.count_request)
    # instead of the five to seven queries of a counter in the database cache.
    window_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    window_hits = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, **fields):
        """(an unsaved token, its secret): the secret is shown once and never stored."""
        secret = cls.secret_prefix + secrets.token_urlsafe(32)
        return cls(prefix=secret[:10], token_hash=hash_secret(secret), **fields), secret

    def is_usable(self, today=None):
        return self.revoked_at is None and self.expires_on >= (today or timezone.localdate())


class ApiToken(Token):
    """A person's key to one organisation's data through the API: it can do at most what the person can."""

    secret_prefix = TOKEN_PREFIX

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80, help_text=_("What the token is for, e.g. “Municipal reports”."))
    scope = models.CharField(_("access"), max_length=8, choices=Scope.choices, default=Scope.READ)

    objects = TokenQuerySet.as_manager()

    class Meta(Token.Meta):
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @property
    def can_write(self):
        return self.scope == self.Scope.WRITE


class WebhookEvent(models.TextChoices):
    ACTION_CREATED = "action.created", _("Improvement action created")
    ACTION_STATUS = "action.status_changed", _("Improvement action status changed")
    ACTION_OVERDUE = "action.overdue", _("Improvement action overdue")
    DOCUMENT_APPROVED = "document.approved", _("Document version approved")
    AUDIT_CLOSED = "audit.closed", _("Audit closed")
    CERTIFICATE_EXPIRING = "certificate.expiring", _("Certificate expiring")
    CAMPAIGN_CLOSED = "campaign.closed", _("Survey campaign closed")


class Webhook(models.Model):
    """An address of the organisation's that is told, signed, when one of the chosen events happens."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("address (URL)"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.url


class DeliveryQuerySet(OrgQuerySet):
    def due(self, now=None):
        return self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class Delivery(models.Model):
    """One event sent (or to be sent) to one webhook: the delivery log, and the queue the sender works through."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    # A stable id the receiver can use to drop repeats (a retry after a lost response delivers the same event again).
    event_id = models.UUIDField()
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_queue")]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_once_per_event"),
            models.CheckConstraint(condition=~Q(event=""), name="delivery_has_event"),
        ]

    def __str__(self):
        return f"{self.event} → {self.webhook}"


# A programme token starts differently from an organisation's: neither is ever mistaken for the other, and a log or a
# repository scanner tells them apart.
PROGRAMME_TOKEN_PREFIX = "kokp_"


class ProgrammeTokenQuerySet(UsableTokens, models.QuerySet):
    # Whether the person still holds the token's role is the caller's check (api.auth.ProgrammeTokenAuth).
    secret_prefix = PROGRAMME_TOKEN_PREFIX
    holder = "programme"


class ProgrammeToken(Token):
    """A person's read-only key to what a programme's participants share with it, through /api/v1/programmes/<id>/.

    It carries the programme role its person held when they made it (coordinator, consultant or funder viewer) and
    reads what that role reads on the programme's pages; it stops working the moment the person no longer holds that
    role in the programme. It never opens an organisation's endpoints, and an organisation's token never opens it."""

    secret_prefix = PROGRAMME_TOKEN_PREFIX

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_tokens")
    role = models.CharField(_("programme role"), max_length=16, choices=ProgrammeRole.choices, editable=False)
    name = models.CharField(_("name"), max_length=80, help_text=_("What the token is for, e.g. “Funder's reports”."))

    objects = ProgrammeTokenQuerySet.as_manager()

    class Meta(Token.Meta):
        verbose_name = _("programme API token")
        verbose_name_plural = _("programme API tokens")

    can_write = False  # every programme endpoint reads
