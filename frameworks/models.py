"""Quality frameworks as versioned data: Framework → Version → Principle (or section) → Criterion → Indicator.

Nothing about EQUASS numbering, counts or thresholds lives in code: codes are free text ("1", "1.1", "L-3"), and
the scoring rule (allowed ratings, pass threshold, mandatory rule, weights) is data on the version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    """Content in Lithuanian and English; `tr("title")` picks the active language, falling back to Lithuanian."""

    class Meta:
        abstract = True

    def tr(self, field):
        lang = (translation.get_language() or "lt")[:2]
        value = getattr(self, f"{field}_{lang}", "") if lang in ("lt", "en") else ""
        return value or getattr(self, f"{field}_lt")


class FrameworkQuerySet(models.QuerySet):
    def visible_to(self, org):
        return self.filter(Q(org__isnull=True) | Q(org=org))


class Framework(Bilingual):
    """A framework. Shipped ones (org null) are shared; one an organisation imported itself is that organisation's,
    so its names never show up in, or overwrite, another organisation's library."""

    code = models.SlugField(_("code"), max_length=64)
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="frameworks"
    )
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    level = models.CharField(_("level"), max_length=64, blank=True, help_text=_("e.g. Assurance or Excellence"))
    description_lt = models.TextField(_("description (Lithuanian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(org__isnull=True), name="framework_code_unique_shipped"
            ),
            models.UniqueConstraint(fields=["org", "code"], name="framework_code_unique_per_org"),
        ]

    def __str__(self):
        return self.tr("name")

    @property
    def name(self):
        return self.tr("name")

    @property
    def description(self):
        return self.tr("description")


class FrameworkVersionQuerySet(models.QuerySet):
    def visible_to(self, org):
        """Shipped versions are everyone's; a version an organisation imported (official text it holds) is its own."""
        return self.filter(Q(org__isnull=True) | Q(org=org))

    def for_org(self, org):
        return self.filter(org=org)

    def shipped(self):
        return self.filter(org__isnull=True)

    def with_counts(self):
        def count(model):
            rows = model.objects.filter(version=OuterRef("pk")).order_by().values("version")
            return Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=models.IntegerField())

        return self.annotate(
            n_principles=Coalesce(count(Principle), 0),
            n_criteria=Coalesce(count(Criterion), 0),
            n_indicators=Coalesce(count(Indicator), 0),
        )


class FrameworkVersion(Bilingual):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In use")
        RETIRED = "retired", _("Retired")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    # Null for the shipped library; set when an organisation imports text only it may use (e.g. © EQUASS criteria).
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="framework_versions"
    )
    label = models.CharField(_("version"), max_length=64)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    validity_years = models.PositiveSmallIntegerField(_("certificate validity (years)"), null=True, blank=True)
    # {"ratings": [{"code": "met", "label_lt": ..., "label_en": ..., "score": 1.0, "needs_reason": false}, ...],
    #  "pass_threshold": 0.8, "mandatory_must_be_met": true, "weights": {"<principle code>": 1.0}}
    scoring = models.JSONField(_("scoring rules"), default=dict)
    notice_lt = models.TextField(_("notice (Lithuanian)"), blank=True, help_text=_("e.g. copyright or source note"))
    notice_en = models.TextField(_("notice (English)"), blank=True)
    # SHA-256 of the canonical content (frameworks.importing.checksum): tells an identical re-import from a change.
    checksum = models.CharField(max_length=64, blank=True, editable=False)
    source = models.CharField(_("imported from"), max_length=255, blank=True, editable=False)
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__code", "-year", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "label"], condition=Q(org__isnull=True), name="version_label_unique_shipped"
            ),
            models.UniqueConstraint(fields=["framework", "org", "label"], name="version_label_unique_per_org"),
        ]

    def __str__(self):
        return f"{self.framework} {self.label}"

    @property
    def ratings(self):
        return self.scoring.get("ratings", [])

    @property
    def notice(self):
        return self.tr("notice")

    @property
    def pass_threshold_percent(self):
        """The threshold of a "share" rule (0–1) as a percentage, for display."""
        threshold = self.scoring.get("pass_threshold")
        return None if threshold is None else round(threshold * 100)

    @property
    def is_shipped(self):
        return self.org_id is None

    def rating_label(self, rating):
        lang = (translation.get_language() or "lt")[:2]
        return rating.get(f"label_{lang}") or rating.get("label_lt", "")

    def rating_choices(self):
        return [(r["code"], self.rating_label(r)) for r in self.ratings]


class Principle(Bilingual):
    """A principle (EQUASS 2018) or a section (the revised structure): the top level of a version."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="principles")
    code = models.CharField(_("code"), max_length=32)
    order = models.PositiveIntegerField(_("order"), default=0)
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    description_lt = models.TextField(_("description (Lithuanian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="principle_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.tr('name')}"

    @property
    def name(self):
        return self.tr("name")

    @property
    def description(self):
        return self.tr("description")


class Criterion(Bilingual):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="criteria")
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=32)
    order = models.PositiveIntegerField(_("order"), default=0)
    title_lt = models.CharField(_("title (Lithuanian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    text_lt = models.TextField(_("text (Lithuanian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "principle__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="criterion_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.tr('title')}"

    @property
    def title(self):
        return self.tr("title")

    @property
    def text(self):
        return self.tr("text")


class Indicator(Bilingual):
    class EvidenceType(models.TextChoices):
        POLICY = "policy", _("Policy")
        PROCEDURE = "procedure", _("Procedure")
        RECORD = "record", _("Record")
        RESULT = "result", _("Result")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=32)
    order = models.PositiveIntegerField(_("order"), default=0)
    title_lt = models.CharField(_("title (Lithuanian)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)
    text_lt = models.TextField(_("text (Lithuanian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    level = models.CharField(_("level"), max_length=32, blank=True)
    evidence_types = models.JSONField(_("evidence types"), default=list, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "criterion__principle__order", "criterion__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="indicator_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.tr('title')}"

    @property
    def title(self):
        return self.tr("title")

    @property
    def text(self):
        return self.tr("text")

    def get_evidence_types_display(self):
        labels = dict(self.EvidenceType.choices)
        return [labels.get(code, code) for code in self.evidence_types]
