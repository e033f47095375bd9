"""Document control: types (data), documents, immutable approved versions, reviews, read-acknowledgements, evidence.

A document's status follows its newest version (draft → in review → approved) and its publication (published), or
it is archived. The version the public sees is `published_version`: it stays on the public page while a revision
is drafted, because the old order remains in force until the director approves the new one.
"""

import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from frameworks.models import Bilingual
from kokybe.lib import uploads
from orgs.models import OrgQuerySet
from orgs.roles import CONTRIBUTORS, MANAGERS, Role


class DocumentTypeQuerySet(models.QuerySet):
    def visible_to(self, org):
        """The shipped types and the organisation's own: what its documents and checklist use."""
        return self.filter(Q(org__isnull=True) | Q(org=org))

    def for_org(self, org):
        return self.filter(org=org)

    def shipped(self):
        return self.filter(org__isnull=True)


class DocumentType(Bilingual):
    """A kind of document providers keep (quality policy, charter…). Shipped ones (org empty) are data from
    documents/library/ and shared by everyone; an organisation may define its own, seen by it alone."""

    org = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_types",
        verbose_name=_("organisation"),
        help_text=_("Empty for a type Kokybė ships (shared by every organisation)."),
    )
    # Globally unique: shipped types are found by it (library, demo, templates); an organisation's own types get
    # "org<pk>-…" codes, which never meet a shipped one.
    code = models.SlugField(_("code"), max_length=64, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description_lt = models.TextField(_("description (Lithuanian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    review_months = models.PositiveSmallIntegerField(_("review interval (months)"), default=36)
    public_by_default = models.BooleanField(_("public by default"), default=True)
    required = models.BooleanField(
        _("required on the checklist"), default=False, help_text=_("Shown as required on the document checklist.")
    )
    # {"<framework code>": ["<indicator code>", ...]}: indicator codes belong to a framework, resolved when it exists.
    indicator_codes = models.JSONField(_("typical indicators"), default=dict, blank=True)
    # The public quality page shows type names: its cache key follows this.
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "code"]

    def __str__(self):
        return self.tr("name")

    @property
    def name(self):
        return self.tr("name")

    @property
    def description(self):
        return self.tr("description")

    @property
    def is_shipped(self):
        return self.org_id is None

    @property
    def template_code(self):
        """Whose starter template and guidance a new document of this type gets: an organisation's own type starts
        from the general outline for any other procedure."""
        return self.code if self.is_shipped else "other"

    @classmethod
    def new_code(cls, org, name):
        """A code for an organisation's own type, made from its name: stable, unique, never a shipped one's."""
        base = f"org{org.pk}-{slugify(name)[:40] or 'type'}"
        code, n = base, 1
        while cls.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        return code

    @classmethod
    def next_order(cls, org):
        """After every type the organisation sees, so its own come last on the checklist and the public page."""
        last = cls.objects.visible_to(org).aggregate(last=models.Max("order"))["last"] or 0
        return last + 10

    def next_review(self, start):
        return start + relativedelta(months=self.review_months) if start else None


class DocumentSettings(models.Model):
    """An organisation's document-control settings and the texts of its public quality page."""

    org = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE, related_name="document_settings")
    coordinator_may_approve = models.BooleanField(
        _("the quality coordinator may approve documents"),
        default=False,
        help_text=_("By default only the director approves documents."),
    )
    review_warning_days = models.PositiveSmallIntegerField(_("warn about reviews this many days ahead"), default=30)
    public_page = models.BooleanField(_("show the public quality page"), default=True)
    quality_statement_lt = models.TextField(_("quality statement (Lithuanian)"), blank=True)
    quality_statement_en = models.TextField(_("quality statement (English)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self):
        return str(self.org)

    @classmethod
    def of(cls, org):
        """The organisation's settings, or the defaults (unsaved) when it never changed them."""
        found = cls.objects.filter(org=org).first()
        return found or cls(org=org)

    def quality_statement(self, language):
        if language == "en" and self.quality_statement_en:
            return self.quality_statement_en
        return self.quality_statement_lt

    def approver_roles(self):
        return MANAGERS if self.coordinator_may_approve else {Role.DIRECTOR}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# The one place that says which status may follow which (services refuse anything else).
TRANSITIONS = {
    Status.DRAFT: {Status.IN_REVIEW, Status.ARCHIVED},
    Status.IN_REVIEW: {Status.DRAFT, Status.APPROVED},
    Status.APPROVED: {Status.PUBLISHED, Status.DRAFT, Status.ARCHIVED},
    Status.PUBLISHED: {Status.APPROVED, Status.DRAFT, Status.ARCHIVED},
    Status.ARCHIVED: {Status.APPROVED, Status.DRAFT},
}
# Statuses in which the document has a version in force (approved, maybe published).
IN_FORCE = (Status.APPROVED, Status.PUBLISHED)


class DocumentQuerySet(OrgQuerySet):
    def active(self):
        return self.exclude(status=Status.ARCHIVED)

    def on_public_page(self):
        """What anyone may read without logging in: public, with a published version, not archived."""
        return self.filter(is_public=True, published_version__isnull=False).exclude(status=Status.ARCHIVED)

    def with_working_number(self):
        """Annotates `working_number`: the number of the version being drafted or approved, if there is one."""
        working = (
            DocumentVersion.objects.filter(document=models.OuterRef("pk"))
            .exclude(state=VersionState.APPROVED)
            .order_by("-number")
            .values("number")[:1]
        )
        return self.annotate(working_number=models.Subquery(working))

    def review_due(self, today, days=0):
        """Documents in force whose review date has passed or falls within `days`."""
        return self.filter(status__in=IN_FORCE, next_review_on__lte=today + timedelta(days=days))

    def search(self, query):
        from .search import search

        return search(self, query)


class Document(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="documents")
    type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("type"))
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The person who keeps the document up to date."),
    )
    units = models.ManyToManyField("orgs.Unit", blank=True, related_name="documents", verbose_name=_("units"))
    services = models.ManyToManyField("orgs.Service", blank=True, related_name="documents", verbose_name=_("services"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Published versions appear on the public quality page.")
    )
    current_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    published_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True, editable=False)
    # Title and newest text, lower-case and without diacritics (documents/search.py): one column to search on
    # SQLite and PostgreSQL alike, so "skundu" finds "skundų".
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["type__order", "title"]
        indexes = [models.Index(fields=["org", "status"], name="document_org_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.org.slug, self.uuid])

    def clean(self):
        if self.type_id and self.org_id and self.type.org_id not in (None, self.org_id):
            raise ValidationError({"type": _("The document type belongs to another organisation.")})
        if self.owner_id and self.org_id:
            from orgs.models import Membership

            if not Membership.objects.for_org(self.org).active().filter(user_id=self.owner_id).exists():
                raise ValidationError({"owner": _("The owner must be a member of the organisation.")})

    @property
    def type_adds_to_title(self):
        """Whether naming the type tells a reader more than the title: most documents are titled after their type
        (the create form starts from the type's name), and repeating it on every row is noise."""
        title = self.title.strip().casefold()
        return title not in {self.type.name_lt.strip().casefold(), self.type.name_en.strip().casefold()}

    # Status

    def can_move(self, to):
        return to in TRANSITIONS.get(self.status, set())

    @property
    def in_force(self):
        return self.status in IN_FORCE

    @property
    def has_working_version(self):
        return self.status in (Status.DRAFT, Status.IN_REVIEW)

    def review_state(self, today, warning_days=30):
        """ "overdue", "soon" or "" — judged only for documents in force."""
        if not self.in_force or not self.next_review_on:
            return ""
        if self.next_review_on < today:
            return "overdue"
        if self.next_review_on <= today + timedelta(days=warning_days):
            return "soon"
        return ""

    # Permissions (the gate has already checked the role may open documents at all)

    def can_edit(self, membership):
        if self.status not in (Status.DRAFT,):
            return False
        return membership.role in MANAGERS or (membership.role in CONTRIBUTORS and self.owner_id == membership.user_id)

    def can_submit(self, membership):
        return self.can_edit(membership) and self.can_move(Status.IN_REVIEW)

    @staticmethod
    def can_approve(membership, doc_settings):
        return membership.role in doc_settings.approver_roles()

    @staticmethod
    def can_manage(membership):
        return membership.role in MANAGERS

    def working_version(self, versions=None):
        """The draft or in-review version, if there is one."""
        if not self.has_working_version:
            return None
        versions = versions if versions is not None else self.versions.all()
        candidates = [v for v in versions if v.state != VersionState.APPROVED]
        return max(candidates, key=lambda v: v.number) if candidates else None


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")


class VersionKind(models.TextChoices):
    TEXT = "text", _("Written in Kokybė")
    FILE = "file", _("Uploaded file")


class ImmutableVersion(ValidationError):
    def __init__(self):
        super().__init__(_("An approved version cannot be changed. Start a new version instead."), code="immutable")


class DocumentVersionQuerySet(OrgQuerySet):
    def approved(self):
        return self.filter(state=VersionState.APPROVED)

    # Bulk writes skip save() and delete(): they must not reach approved rows either.
    def update(self, **kwargs):
        if self.filter(state=VersionState.APPROVED).exists():
            raise ImmutableVersion()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(state=VersionState.APPROVED).exists():
            raise ImmutableVersion()
        return super().delete()


class DocumentVersion(models.Model):
    """One version of a document: written in the app (Markdown) or an uploaded file. Immutable once approved."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # The document's title when the version was approved: an approved version reads the same even if the
    # document is renamed later.
    title = models.CharField(_("title"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    kind = models.CharField(_("form"), max_length=8, choices=VersionKind.choices, default=VersionKind.TEXT)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: # headings, lists, **bold**, tables."))
    # The sanitised HTML of `body`, rendered when saved: an approved version reads the same for ever.
    html = models.TextField(blank=True, editable=False)
    file = models.FileField(_("file"), upload_to=uploads.upload_to, blank=True, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    change_summary = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Approval: the director's order ("įsakymas") that puts the version in force.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approver_name = models.CharField(_("approved by"), max_length=255, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    order_number = models.CharField(
        _("order number"), max_length=64, blank=True, help_text=_("The number of the director's order, e.g. V-45.")
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique"),
            models.CheckConstraint(
                condition=~Q(state="approved") | (Q(approved_on__isnull=False) & Q(effective_from__isnull=False)),
                name="document_version_approval_dated",
            ),
        ]

    def __str__(self):
        return f"{self.document.title} · v{self.number}"

    def save(self, *args, **kwargs):
        if self._stored_state() == VersionState.APPROVED:
            raise ImmutableVersion()
        if self.kind == VersionKind.TEXT:
            from .markup import render_markdown

            self.html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:version", args=[self.document.org.slug, self.document.uuid, self.number])

    def delete(self, *args, **kwargs):
        if self.state == VersionState.APPROVED or self._stored_state() == VersionState.APPROVED:
            raise ImmutableVersion()
        return super().delete(*args, **kwargs)

    def _stored_state(self):
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values_list("state", flat=True).first()

    @property
    def is_approved(self):
        return self.state == VersionState.APPROVED

    @property
    def is_file(self):
        return self.kind == VersionKind.FILE

    @property
    def is_text(self):
        return self.kind == VersionKind.TEXT

    @property
    def display_title(self):
        return self.title or self.document.title

    @property
    def file_ext(self):
        return self.original_name.rsplit(".", 1)[-1].upper() if "." in self.original_name else ""

    def is_obsolete(self, document=None):
        document = document or self.document
        return self.is_approved and document.current_version_id != self.pk

    def download_name(self):
        return self.original_name or uploads.sanitize_filename(
            f"{self.document.title}.{self.file.name.rsplit('.')[-1]}"
        )


class DocumentReview(models.Model):
    """A periodic review: "reviewed, no change" moves the next review date; a change starts a new version."""

    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", _("Reviewed, no change")
        NEW_VERSION = "new_version", _("Reviewed, a new version is needed")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, null=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reviewed by")
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("document review")
        verbose_name_plural = _("document reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self):
        return f"{self.document} · {self.reviewed_on}"


class ReadAudience(models.Model):
    """Who must read a document and confirm it: units (with their sub-units), roles and named people.

    It belongs to the document, not to a version: when a new version is approved everyone is asked again.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="audience")
    units = models.ManyToManyField("orgs.Unit", blank=True, related_name="+", verbose_name=_("units"))
    roles = models.JSONField(_("roles"), default=list, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people"))
    due_days = models.PositiveSmallIntegerField(_("days to confirm"), default=14)
    since = models.DateField(_("asked since"), default=timezone.localdate)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("read-acknowledgement audience")
        verbose_name_plural = _("read-acknowledgement audiences")

    def __str__(self):
        return str(self.document)

    def is_empty(self, unit_ids=None, user_ids=None):
        unit_ids = unit_ids if unit_ids is not None else [u.pk for u in self.units.all()]
        user_ids = user_ids if user_ids is not None else [u.pk for u in self.users.all()]
        return not (unit_ids or user_ids or self.roles)

    def due_on(self, version):
        asked = max(filter(None, [self.since, version.approved_on, version.effective_from]))
        return asked + timedelta(days=self.due_days)


class Acknowledgement(models.Model):
    """A person's "read and understood" for one approved version."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("read-acknowledgement")
        verbose_name_plural = _("read-acknowledgements")
        ordering = ["-confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="acknowledgement_once_per_version")]

    def __str__(self):
        return f"{self.user} · {self.version}"


class DocumentIndicatorLink(models.Model):
    """A document (or one specific version of it) as evidence for a framework indicator; see documents/evidence.py."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="indicator_links")
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_links",
        verbose_name=_("version"),
        help_text=_("Empty: whichever version is in force."),
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.CASCADE, related_name="document_links", verbose_name=_("indicator")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("document evidence link")
        verbose_name_plural = _("document evidence links")
        ordering = ["indicator__version", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "indicator"],
                condition=Q(version__isnull=True),
                name="document_indicator_link_unique",
                violation_error_message=_("This document is already linked to the indicator."),
            ),
            models.UniqueConstraint(
                fields=["document", "version", "indicator"],
                name="document_version_indicator_link_unique",
                violation_error_message=_("This version is already linked to the indicator."),
            ),
        ]

    def __str__(self):
        return f"{self.document} → {self.indicator.code}"

    def clean(self):
        if self.version_id and self.version.document_id != self.document_id:
            raise ValidationError({"version": _("The version must belong to the document.")})
