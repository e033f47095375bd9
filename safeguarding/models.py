"""Safeguarding events: violence, neglect, financial abuse and other harm, seen only by those who must see them.

Every event is a restricted case. Its content is seen by the organisation's safeguarding leads and deputies (named
by the director, `Lead`), by people a lead adds by name to that one case (`CaseMember`), and — after a written reason
— by the director who opens it "break-glass". The person who recorded it sees what they recorded and nothing more.
Everyone else learns at most that a restricted case exists. One rule says this, `Event.objects.visible_to(user,
org)`, and every page, export, surface and the API use it. Every read of a case's content is logged (`CaseRead`).

The narrative and identifying fields are encrypted at rest (kokybe.lib.crypto). The notification duties towards the
authorities are data (`Authority`, `Rule`); triage turns the rules that apply into one `Notice` per authority, each
with its due time and a snapshot of the rule's terms.
"""

import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib import crypto, workdays
from kokybe.lib.crypto import EncryptedTextField
from kokybe.lib.uploads import upload_to
from orgs.models import OrgQuerySet

USER = settings.AUTH_USER_MODEL

# A break-glass open lets the director read the case for this long; after it, a new reason is needed.
BREAK_GLASS_HOURS = 8
# "Immediately" is read as within the hour from awareness: the lawyer may change a rule to a clock in hours.
IMMEDIATE_GRACE_HOURS = 1


class EventType(models.TextChoices):
    PHYSICAL = "physical", _("Physical violence")
    PSYCHOLOGICAL = "psychological", _("Psychological violence")
    SEXUAL = "sexual", _("Sexual violence")
    NEGLECT = "neglect", _("Neglect")
    FINANCIAL = "financial", _("Financial abuse")
    SELF_HARM = "self_harm", _("Self-harm")
    FALL = "fall", _("Fall or injury")
    MEDICATION = "medication", _("Medication error")
    MISSING = "missing", _("Going missing")
    DEATH = "death", _("Death")
    PROPERTY = "property", _("Property damage or loss")
    DATA_BREACH = "data_breach", _("Personal-data breach")
    OTHER = "other", _("Other")


class AgeGroup(models.TextChoices):
    # The same values as people.ServiceUser.AgeGroup, plus "unknown" and "none" (a data breach harms no one person).
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult (18–64)")
    OLDER = "older", _("Older person (65 and over)")
    UNKNOWN = "unknown", _("Not known")
    NONE = "none", _("No person harmed")


class Setting(models.TextChoices):
    LICENSED_CARE = "licensed_care", _("Licensed care (residential or day care)")
    COMMUNITY = "community", _("Community or home services")
    OTHER = "other", _("Elsewhere")


class Alleged(models.TextChoices):
    STAFF = "staff", _("A staff member")
    SERVICE_USER = "service_user", _("Another service user")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Someone else")
    UNKNOWN = "unknown", _("Unknown")
    NOBODY = "nobody", _("Nobody (an accident or error)")


class Lead(models.Model):
    """A safeguarding lead or deputy of an organisation, named by the director."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Safeguarding lead")
        DEPUTY = "deputy", _("Deputy")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("as"), max_length=8, choices=Kind.choices, default=Kind.LEAD)
    named_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    named_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("safeguarding lead")
        verbose_name_plural = _("safeguarding leads")
        ordering = ["kind", "user__full_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["org", "user"], name="safeguarding_lead_once_per_org")]

    def __str__(self):
        return f"{self.user} ({self.get_kind_display()})"


def is_lead(user, org):
    return Lead.objects.filter(org=org, user=user).exists()


class EventQuerySet(OrgQuerySet):
    def visible_to(self, user, org):
        """The events of `org` whose content `user` may see: all of them for a lead or deputy; else the cases the
        person was added to by name or opened break-glass (while it lasts). The recorder's view of their own record
        is `recorded_by(user)`, a narrower view of fewer fields."""
        events = self.for_org(org)
        if user is None or not user.is_authenticated:
            return events.none()
        if Lead.objects.filter(org=org, user=user).exists():
            return events
        members = CaseMember.objects.filter(event=OuterRef("pk"), user=user).filter(
            Q(until__isnull=True) | Q(until__gt=timezone.now())
        )
        return events.filter(Exists(members))

    def recorded_by(self, user):
        return self.filter(recorded_by=user)

    def open(self):
        return self.exclude(status=Event.Status.CLOSED)


class Event(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSESSING = "assessing", _("Assessing")
        NOTIFIED = "notified", _("Authorities notified")
        INVESTIGATING = "investigating", _("Investigating")
        CLOSED = "closed", _("Closed")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        SERIOUS = "serious", _("Serious")
        CRITICAL = "critical", _("Critical")

    class FoundHow(models.TextChoices):
        RECONCILIATION = "reconciliation", _("Reconciliation of money or valuables")
        COMPLAINT = "complaint", _("A complaint")
        AUDIT = "audit", _("An audit")
        DISCLOSURE = "disclosure", _("The person told us")
        OTHER = "other", _("Otherwise")

    class MoneyOwner(models.TextChoices):
        SERVICE_USER = "service_user", _("The service user")
        ORGANISATION = "organisation", _("The organisation")
        OTHER = "other", _("Someone else")

    # Status → the statuses it may move to; closing needs a reason, and a closed case may be reopened.
    TRANSITIONS = {
        Status.NEW: (Status.ASSESSING, Status.CLOSED),
        Status.ASSESSING: (Status.NOTIFIED, Status.INVESTIGATING, Status.CLOSED),
        Status.NOTIFIED: (Status.INVESTIGATING, Status.CLOSED),
        Status.INVESTIGATING: (Status.NOTIFIED, Status.CLOSED),
        Status.CLOSED: (Status.INVESTIGATING,),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(editable=False)
    type = models.CharField(_("what happened"), max_length=16, choices=EventType.choices)
    happened_at = models.DateTimeField(_("when it happened"))
    aware_at = models.DateTimeField(
        _("when we became aware"), help_text=_("The legal clocks for notifying the authorities run from this moment.")
    )
    place = EncryptedTextField(_("where"), blank=True)
    setting = models.CharField(_("setting"), max_length=16, choices=Setting.choices, default=Setting.LICENSED_CARE)
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    service_user = models.ForeignKey(
        "people.ServiceUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person harmed (reference)"),
    )
    age_group = models.CharField(_("age group of the person harmed"), max_length=8, choices=AgeGroup.choices)
    alleged = models.CharField(_("who is alleged"), max_length=16, choices=Alleged.choices, default=Alleged.UNKNOWN)
    immediate_steps = EncryptedTextField(_("immediate protective steps taken"), blank=True)
    facts = EncryptedTextField(_("facts: what was seen, heard or told"))
    opinions = EncryptedTextField(_("opinions and concerns"), blank=True)
    # Financial abuse
    money_owner = models.CharField(_("whose money or valuables"), max_length=16, choices=MoneyOwner.choices, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    found_how = models.CharField(_("how it was found"), max_length=16, choices=FoundHow.choices, blank=True)
    reconciliation_ref = EncryptedTextField(_("reconciliation reference"), blank=True)
    # A complaint that raised it (the complaints app links here with ?complaint=<uuid>).
    complaint_uuid = models.UUIDField(_("complaint"), null=True, blank=True)
    # Handling (leads)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    support_given = EncryptedTextField(_("support given to the person harmed"), blank=True)
    root_cause = EncryptedTextField(_("root cause"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("safeguarding event")
        verbose_name_plural = _("safeguarding events")
        ordering = ["-aware_at", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="safeguarding_event_number_unique_per_org"),
            models.CheckConstraint(
                condition=Q(aware_at__gte=models.F("happened_at")), name="safeguarding_aware_not_before_it_happened"
            ),
        ]

    def __str__(self):
        # Neutral on purpose: this text reaches notifications, the activity log and mail.
        return f"SG-{self.number}"

    def get_absolute_url(self):
        return reverse("safeguarding:detail", args=[self.org.slug, self.uuid])

    def clean(self):
        errors = {}
        if self.happened_at and self.aware_at and self.aware_at < self.happened_at:
            errors["aware_at"] = _("We cannot have become aware of it before it happened.")
        if self.aware_at and self.aware_at > timezone.now() + timedelta(minutes=5):
            errors["aware_at"] = _("This moment is in the future.")
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("The period cannot end before it starts.")
        if self.service_user_id and self.service_user.org_id != self.org_id:
            errors["service_user"] = _("The person must be a service user of this organisation.")
        if self.unit_id and self.unit.org_id != self.org_id:
            errors["unit"] = _("The unit must belong to the same organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_financial(self):
        return self.type == EventType.FINANCIAL

    def allowed_transitions(self):
        return self.TRANSITIONS.get(self.status, ())


class CaseMember(models.Model):
    """Someone a lead added by name to one case, or the director after a break-glass open (then for a while)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    added_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    until = models.DateTimeField(null=True, blank=True)
    break_glass_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"{self.event} · {self.user}"


class CaseRead(models.Model):
    """One read of a case's content: who, when, how. Shown to the leads; never deleted."""

    class How(models.TextChoices):
        READ = "read", _("Read the case")
        PERSON = "person", _("Read it in the person's chronology")
        BREAK_GLASS = "break_glass", _("Opened break-glass")
        DOWNLOAD = "download", _("Downloaded an attachment")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    how = models.CharField(max_length=12, choices=How.choices, default=How.READ)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.event} · {self.user} · {self.how}"


class AppendOnly(Exception):
    pass


class ChronologyEntry(models.Model):
    """One dated line of a case's chronology. Append-only: a correction is a new entry pointing at the old one."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        STATUS = "status", _("Status")
        CORRECTION = "correction", _("Correction")
        NOTICE = "notice", _("Notification")
        ATTACHMENT = "attachment", _("Attachment")
        ACTION = "action", _("Improvement action")
        ACCESS = "access", _("Access")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="chronology")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NOTE)
    text = EncryptedTextField(_("entry"))
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrects")
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.event} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("A chronology entry is never changed: add a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("A chronology entry is never deleted.")


class Attachment(models.Model):
    """A file added to a case, stored encrypted (kokybe.lib.crypto: the file on disk is a Fernet token) and decrypted
    only by the download view, which logs the read. `file_encrypted` is False only for a file stored before
    attachments were encrypted, until `reencrypt_fields` (or migration 0002) has encrypted it."""

    ENCRYPTED_FILE_FIELD = "file"

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=upload_to, max_length=255)
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    file_encrypted = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.event} · {self.sha256[:12]}"

    @staticmethod
    def checksum(handle):
        digest = hashlib.sha256()
        handle.seek(0)
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
        handle.seek(0)
        return digest.hexdigest()

    def store(self, upload):
        """Write the upload's content encrypted (the row is saved by the caller)."""
        upload.seek(0)
        self.file.save("upload.bin", ContentFile(crypto.encrypt_bytes(upload.read())), save=False)
        self.file_encrypted = True

    def content(self):
        """The file's clear content: for the download view only (it logs the read)."""
        with self.file.open("rb") as handle:
            data = handle.read()
        return crypto.decrypt_bytes(data) if self.file_encrypted else data

    def is_intact(self):
        return hashlib.sha256(self.content()).hexdigest() == self.sha256


class Authority(models.Model):
    """An authority the organisation may have to notify, with its contacts (editable; the rules name its kind)."""

    class Kind(models.TextChoices):
        VVTAIT = "vvtait", _("Child rights protection (VVTAĮT territorial unit)")
        POLICE = "police", _("Police")
        MUNICIPALITY = "municipality", _("Municipality")
        SPPD = "sppd", _("Social services supervision (SPPD)")
        FOUNDER = "founder", _("Founder")
        VDAI = "vdai", _("Data protection inspectorate (VDAI)")
        FUNDER = "funder", _("Funder")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    contacts = models.TextField(_("contacts"), blank=True, help_text=_("Phone, e-mail, address, hours."))

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="safeguarding_authority_kind_once")]

    def __str__(self):
        return self.name


class Clock(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    HOURS = "hours", _("Hours")
    WORKING_DAYS = "working_days", _("Working days")


def due_at(aware_at, clock, amount):
    """When a notice is due, counted from the moment of awareness: hours are elapsed time (DST-safe), working days end
    at 23:59:59 Vilnius time of the n-th working day after the day of awareness (Lithuanian holidays skipped)."""
    if clock == Clock.IMMEDIATELY:
        return workdays.add_hours(aware_at, IMMEDIATE_GRACE_HOURS)
    if clock == Clock.HOURS:
        return workdays.add_hours(aware_at, amount)
    return workdays.end_of_working_day(aware_at, amount)


class RuleQuerySet(OrgQuerySet):
    def applying_to(self, event):
        return [rule for rule in self.for_org(event.org).filter(active=True) if rule.applies_to(event)]


class Rule(models.Model):
    """A notification duty: which events trigger it, whom to tell, how soon, how, and what to say.

    The shipped set (safeguarding/rules.py) is copied to each organisation and may be edited there; every Notice keeps
    a snapshot of the terms that applied."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=60)
    authority_kind = models.CharField(_("authority"), max_length=16, choices=Authority.Kind.choices)
    event_types = models.JSONField(_("event types"), default=list, help_text=_("Empty: every type."))
    age_groups = models.JSONField(_("age groups"), default=list, blank=True, help_text=_("Empty: every age group."))
    settings = models.JSONField(_("settings"), default=list, blank=True, help_text=_("Empty: every setting."))
    alleged = models.JSONField(_("who is alleged"), default=list, blank=True, help_text=_("Empty: anyone."))
    clock = models.CharField(_("clock"), max_length=16, choices=Clock.choices)
    amount = models.PositiveIntegerField(_("hours or working days"), default=0)
    channel = models.CharField(_("channel"), max_length=200)
    content = models.TextField(_("what the notification must contain"))
    source = models.CharField(_("legal source"), max_length=300)
    active = models.BooleanField(_("in force"), default=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="safeguarding_rule_code_once")]

    def __str__(self):
        return self.code

    def applies_to(self, event):
        return (
            (not self.event_types or event.type in self.event_types)
            and (not self.age_groups or event.age_group in self.age_groups)
            and (not self.settings or event.setting in self.settings)
            and (not self.alleged or event.alleged in self.alleged)
        )

    def due_at(self, aware_at):
        return due_at(aware_at, self.clock, self.amount)

    def terms(self, authority):
        return {
            "code": self.code,
            "authority_kind": self.authority_kind,
            "authority": authority.name,
            "contacts": authority.contacts,
            "clock": self.clock,
            "amount": self.amount,
            "channel": self.channel,
            "content": self.content,
            "source": self.source,
        }


class NoticeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Notice.Status.DUE)

    def overdue(self, now):
        return self.pending().filter(due_at__lt=now)


class Notice(models.Model):
    """One notification an event owes one authority under one rule, with the rule's terms as they were."""

    class Status(models.TextChoices):
        DUE = "due", _("To send")
        SENT = "sent", _("Sent")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notices")
    rule = models.ForeignKey(Rule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due"))
    terms = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DUE)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=100, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    proof = EncryptedTextField(
        _("proof"), blank=True, help_text=_("E.g. the registration number or who took the call.")
    )
    reason = EncryptedTextField(_("why it does not apply"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "rule"], condition=Q(rule__isnull=False), name="safeguarding_notice_once_per_rule"
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.terms.get('authority', '')}"

    def get_absolute_url(self):
        return self.event.get_absolute_url() + f"#notice-{self.pk}"

    def is_overdue(self, now):
        return self.status == self.Status.DUE and self.due_at < now

    @property
    def on_time(self):
        return self.status == self.Status.SENT and self.sent_at is not None and self.sent_at <= self.due_at
