"""Complaints, requests and compliments (skundai, prašymai, padėkos): one register per organisation.

Who may see what:
- the register shows an entry to the managers, the unit heads and the internal auditor, and to a staff member who
  owns it, registered it or is among the people it concerns;
- an entry flagged "possible violence or abuse" is restricted to its owner, whoever registered it and the director;
- the person's contact details live in `Contact`, apart from the case: never in a list, an export or the activity
  log. A confidential person's details are shown only to the handlers (owner, registrar) and the director, and every
  read is logged (the log says that the details were read, never what they are). An anonymous entry has none.
"""

import hashlib
import json
import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib import uploads
from kokybe.lib.workdays import VILNIUS
from orgs.models import OrgQuerySet
from orgs.roles import MANAGERS, Role

from .deadlines import Rule, days_taken

STARTER = Path(__file__).with_name("starter.json")
PRINCIPLE_CODES = [str(n) for n in range(1, 11)]
# The roles who see every (unrestricted) entry of the register; staff see the entries they handle or that concern them.
REGISTER_READERS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.INTERNAL_AUDITOR})
# No 0/O, 1/I/L: a tracking code is copied by hand from a receipt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    REQUEST = "request", _("Request")
    COMPLIMENT = "compliment", _("Compliment")


# The letter of each kind in the entry's number: Skundas, Prašymas, Padėka.
KIND_LETTERS = {Kind.COMPLAINT: "S", Kind.REQUEST: "P", Kind.COMPLIMENT: "D"}


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EASY_READ = "easy_read", _("Easy-read web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    PAPER = "paper", _("Letter on paper")
    IN_PERSON = "in_person", _("In person")
    BOX = "box", _("Complaint box")


class IdentityMode(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONFIDENTIAL = "confidential", _("Confidential (only the handlers see who it is)")
    ANONYMOUS = "anonymous", _("Anonymous")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Status(models.TextChoices):
    OPEN = "open", _("Being examined")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


class Conclusion(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY = "partly", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FORWARDED = "forwarded", _("Forwarded to the competent body")


class Effect(models.TextChoices):
    YES = "yes", _("Yes, it took effect")
    NO = "no", _("No, it did not take effect")
    TOO_EARLY = "too_early", _("Too early to say")


def starter_data():
    return json.loads(STARTER.read_text(encoding="utf-8"))


class ComplaintRules(models.Model):
    """An organisation's terms and choices for its complaints; created with the Resolution 875 defaults on first use."""

    org = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    decision_days = models.PositiveSmallIntegerField(_("decision within (working days)"), default=Rule.decision_days)
    extension_max_days = models.PositiveSmallIntegerField(
        _("extension by at most (working days)"), default=Rule.extension_max_days
    )
    extension_notice_days = models.PositiveSmallIntegerField(
        _("person told of an extension within (working days)"), default=Rule.extension_notice_days
    )
    forward_days = models.PositiveSmallIntegerField(_("forwarding within (working days)"), default=Rule.forward_days)
    forward_notice_days = models.PositiveSmallIntegerField(
        _("person told of forwarding within (working days)"), default=Rule.forward_notice_days
    )
    acknowledge_days = models.PositiveSmallIntegerField(
        _("receipt acknowledged within (working days)"), default=Rule.acknowledge_days
    )
    public_intake = models.BooleanField(
        _("accept complaints on the public page"),
        default=False,
        help_text=_("A form at /p/<organisation>/complaints/ anyone can fill in without an account."),
    )
    accepts_anonymous = models.BooleanField(_("accept anonymous complaints"), default=True)
    anonymous_note = models.TextField(
        _("what happens to anonymous complaints"),
        blank=True,
        default="Anoniminius skundus nagrinėjame taip pat kaip ir pasirašytus. Atsakymą galėsite perskaityti "
        "šiame puslapyje su sekimo kodu.",
    )
    publish_statistics = models.BooleanField(
        _("show yearly statistics on the public page"),
        default=False,
        help_text=_("Counts only, no personal data; a figure below 5 is not shown."),
    )
    reply_template = models.TextField(
        _("reply letter template"),
        blank=True,
        help_text=_(
            "Placeholders: $number, $received, $kind, $subject, $conclusion, $reply, $remedy, $organisation, "
            "$person, $signatory."
        ),
    )

    class Meta:
        verbose_name = _("complaint rules")
        verbose_name_plural = _("complaint rules")

    def __str__(self):
        return str(self.org)

    @classmethod
    def of(cls, org):
        rules, _created = cls.objects.get_or_create(org=org)
        return rules

    def rule(self) -> Rule:
        return Rule(**{name: getattr(self, name) for name in Rule.__dataclass_fields__})


class CategoryQuerySet(OrgQuerySet):
    def ensure_starter(self, org):
        """The organisation's categories and root causes, from the starter tree the first time (one query after)."""
        if self.for_org(org).exists():
            return
        data = starter_data()
        with transaction.atomic():
            for order, item in enumerate(data["categories"]):
                parent = Category.objects.create(
                    org=org, name=item["name"], principles=",".join(item["principles"]), order=order * 10
                )
                Category.objects.bulk_create(
                    Category(org=org, parent=parent, name=c["name"], principles=",".join(c["principles"]), order=i * 10)
                    for i, c in enumerate(item.get("children", ()))
                )
            if not RootCause.objects.for_org(org).exists():
                RootCause.objects.bulk_create(
                    RootCause(org=org, name=name, order=i * 10) for i, name in enumerate(data["root_causes"])
                )


class Category(models.Model):
    """A category of the organisation's own tree, mapped to EQUASS principles (codes "1"…"10")."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name = models.CharField(_("name"), max_length=200)
    principles = models.CharField(_("EQUASS principles"), max_length=40, blank=True, help_text=_("E.g. 3,4"))
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def principle_codes(self):
        return [code for code in self.principles.split(",") if code]

    def clean(self):
        wrong = [code for code in self.principle_codes() if code not in PRINCIPLE_CODES]
        if wrong:
            raise ValidationError({"principles": _("Use the EQUASS principle numbers 1 to 10, separated by commas.")})
        if self.parent_id and self.parent.org_id != self.org_id:
            raise ValidationError({"parent": _("The parent must belong to the same organisation.")})


class RootCause(models.Model):
    """A root cause of the organisation's taxonomy."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


def new_tracking_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def tracking_hash(code):
    """Only a hash of a tracking code is kept: whoever reads the database cannot follow a complaint by it."""
    normal = "".join(ch for ch in (code or "").upper() if ch in CODE_ALPHABET)
    return hashlib.sha256(f"complaint-tracking:{normal}".encode()).hexdigest()


class ComplaintQuerySet(OrgQuerySet):
    def visible_to(self, membership):
        role, user = membership.role, membership.user
        handled = Q(owner=user) | Q(registered_by=user)
        if role == Role.DIRECTOR:
            return self
        if role in REGISTER_READERS:
            return self.filter(Q(restricted=False) | handled)
        return self.filter(handled | Q(restricted=False, people_concerned=user)).distinct()

    def open(self):
        return self.filter(status=Complaint.Status.OPEN)

    def with_lists(self):
        return self.select_related("org", "owner", "service", "unit").prefetch_related("categories")


class Complaint(models.Model):
    Kind = Kind
    Channel = Channel
    IdentityMode = IdentityMode
    Severity = Severity
    Status = Status
    Conclusion = Conclusion

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.PAPER)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what it is about"), blank=True)
    original = models.FileField(_("original (scan or file)"), upload_to=uploads.upload_to, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    original_type = models.CharField(max_length=100, blank=True)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="complaints", verbose_name=_("categories"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    people_concerned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("staff concerned")
    )
    service_user = models.ForeignKey(
        "people.ServiceUser",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service user concerned"),
    )
    identity = models.CharField(
        _("identity"), max_length=12, choices=IdentityMode.choices, default=IdentityMode.IDENTIFIED
    )
    possible_abuse = models.BooleanField(
        _("possible violence or abuse"),
        default=False,
        help_text=_("Restricts the entry to its handlers and the director and starts the safeguarding record."),
    )
    restricted = models.BooleanField(default=False, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    # The terms it was received under (deadlines.Rule), kept as they were.
    rule = models.JSONField(default=dict, editable=False)
    acknowledge_due = models.DateField(_("acknowledgement due"), null=True, blank=True, editable=False)
    acknowledged_on = models.DateField(_("acknowledged"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("extended by (working days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    extension_notified_on = models.DateField(_("person told of the extension"), null=True, blank=True)
    misdirected = models.BooleanField(_("to be forwarded to another body"), default=False)
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_notified_on = models.DateField(_("person told of the forwarding"), null=True, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=Conclusion.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    root_cause = models.ForeignKey(
        RootCause, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("root cause")
    )
    remedy = models.TextField(_("remedy"), blank=True)
    reply = models.TextField(_("reply to the person"), blank=True)
    reply_published = models.BooleanField(
        _("the person may read the reply with the tracking code"),
        default=False,
    )
    reply_sent_on = models.DateField(_("reply sent on"), null=True, blank=True)
    reply_sent_via = models.CharField(_("reply sent by"), max_length=12, choices=Channel.choices, blank=True)
    action_effect = models.CharField(_("did the improvement take effect?"), max_length=12, blank=True)
    tracking_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint, request or compliment")
        verbose_name_plural = _("complaints, requests and compliments")
        ordering = ["-received_at", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "year", "sequence"], name="complaint_number_unique"),
            models.CheckConstraint(
                condition=Q(extension_days=0) | ~Q(extension_reason=""), name="complaint_extension_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["org", "-received_at"], name="complaint_org_recent")]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        self.restricted = self.possible_abuse
        if self.pk is not None:
            return super().save(*args, **kwargs)
        # A new entry takes the next number of its kind and year; on a collision with a parallel save, the next one.
        self.year = self.received_on.year
        if not self.rule:
            self.rule = ComplaintRules.of(self.org).rule().as_json()
        self.compute_deadlines()
        for _attempt in range(10):
            last = (
                Complaint.objects.filter(org_id=self.org_id, kind=self.kind, year=self.year)
                .order_by("-sequence")
                .values_list("sequence", flat=True)
                .first()
            )
            self.sequence = (last or 0) + 1
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Complaint.objects.filter(
                    org_id=self.org_id, kind=self.kind, year=self.year, sequence=self.sequence
                ).exists():
                    raise
        raise IntegrityError("no free complaint number")

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.org.slug, self.uuid])

    @property
    def number(self):
        return f"{KIND_LETTERS.get(self.kind, 'S')}-{self.year}-{self.sequence:03d}"

    @property
    def received_on(self):
        return timezone.localtime(self.received_at, VILNIUS).date()

    def the_rule(self) -> Rule:
        return Rule.from_json(self.rule)

    @property
    def has_deadline(self):
        return self.kind != Kind.COMPLIMENT

    def compute_deadlines(self):
        """Set the due dates from the snapshot of the rule (never from the organisation's current rule)."""
        if not self.has_deadline:
            self.decision_due = self.acknowledge_due = None
            return
        rule, received = self.the_rule(), self.received_on
        self.acknowledge_due = rule.acknowledge_due(received)
        self.decision_due = rule.decision_due(received, self.extension_days)

    def forward_due(self):
        return self.the_rule().forward_due(self.received_on) if self.misdirected and not self.forwarded_on else None

    def forward_notice_due(self):
        if self.forwarded_on and not self.forward_notified_on:
            return self.the_rule().forward_notice_due(self.forwarded_on)
        return None

    def extension_notice_due(self):
        if self.extended_on and not self.extension_notified_on:
            return self.the_rule().extension_notice_due(self.extended_on)
        return None

    def next_deadline(self):
        """(what, date) of the earliest term still running, or None."""
        if self.status != Status.OPEN:
            return None
        terms = [
            (_("Acknowledge receipt"), self.acknowledge_due if not self.acknowledged_on else None),
            (_("Forward to the competent body"), self.forward_due()),
            (_("Tell the person it was forwarded"), self.forward_notice_due()),
            (_("Tell the person of the extension"), self.extension_notice_due()),
            (_("Decision"), self.decision_due),
        ]
        running = [(what, day) for what, day in terms if day is not None]
        return min(running, key=lambda t: t[1]) if running else None

    def is_overdue(self, today):
        term = self.next_deadline()
        return term is not None and term[1] < today

    def decided_in_time(self):
        if not self.decided_on or not self.decision_due:
            return None
        return self.decided_on <= self.decision_due

    def days_to_decision(self):
        return days_taken(self.received_on, self.decided_on) if self.decided_on else None

    def handled_by(self, user):
        return user.pk is not None and user.pk in (self.owner_id, self.registered_by_id)

    def may_see_identity(self, membership):
        if self.identity == IdentityMode.ANONYMOUS:
            return False
        if self.identity == IdentityMode.CONFIDENTIAL or self.restricted:
            return membership.role == Role.DIRECTOR or self.handled_by(membership.user)
        return True

    def may_handle(self, membership):
        if self.restricted:
            return membership.role == Role.DIRECTOR or self.handled_by(membership.user)
        return membership.role in MANAGERS or membership.user_id == self.owner_id

    def clean(self):
        for name in ("service", "unit", "service_user"):
            related = getattr(self, name)
            if related is not None and related.org_id != self.org_id:
                raise ValidationError({name: _("It must belong to the same organisation.")})
        rule = self.the_rule()
        if self.extension_days > rule.extension_max_days:
            raise ValidationError(
                {"extension_days": _("The term may be extended by at most %(n)s working days.")},
                params={"n": rule.extension_max_days},
            )
        if self.conclusion == Conclusion.FORWARDED and not self.forwarded_to:
            raise ValidationError({"forwarded_to": _("Say to which body the complaint was forwarded.")})


class Contact(models.Model):
    """Who filed an entry and how to reach them: apart from the case, never listed, exported or logged."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self):
        return str(self.complaint)

    def is_empty(self):
        return not any((self.name, self.email, self.phone, self.address))


class TimelineEntry(models.Model):
    class Type(models.TextChoices):
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        LETTER = "letter", _("Letter")
        NOTE = "note", _("Note")
        EVIDENCE = "evidence", _("Evidence file")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="timeline")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.NOTE)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what happened"))
    file = models.FileField(_("file"), upload_to=uploads.upload_to, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["happened_on", "created_at"]

    def __str__(self):
        return f"{self.complaint} · {self.get_type_display()}"
