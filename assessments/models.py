"""Self-assessment: a cycle on one framework version, an answer per indicator, evidence shared between answers."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kokybe.lib.uploads import upload_to
from orgs.models import Membership, OrgQuerySet
from orgs.roles import CONTRIBUTORS, MANAGERS

from .readiness import compute, rating_buckets

EXPIRY_WARNING_DAYS = 30


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


# The one place that says how a cycle moves; services.assessment_transition applies it and logs the move.
TRANSITIONS = {
    Status.DRAFT: (Status.IN_REVIEW,),
    Status.IN_REVIEW: (Status.DRAFT, Status.COMPLETED),
    Status.COMPLETED: (Status.IN_REVIEW, Status.ARCHIVED),
    Status.ARCHIVED: (),
}
EDITABLE = (Status.DRAFT, Status.IN_REVIEW)
# A finished cycle is what a new one is copied from and what the dashboard falls back to.
FINISHED = (Status.COMPLETED, Status.ARCHIVED)


def members_in(org):
    """Who may be named responsible for an indicator: people who can edit answers."""
    return Membership.objects.for_org(org).active().filter(role__in=CONTRIBUTORS)


class AssessmentQuerySet(OrgQuerySet):
    def current(self):
        """The cycle the dashboard shows: the latest one in progress or completed (archived ones are history)."""
        return (
            self.exclude(status=Status.ARCHIVED)
            .select_related("version__framework")
            .order_by("-period_end", "-created_at", "-pk")
        )


class Assessment(models.Model):
    """One self-assessment cycle of an organisation on one framework version."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="assessments")
    version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("framework version"),
    )
    title = models.CharField(_("title"), max_length=255)
    services = models.ManyToManyField(
        "orgs.Service", blank=True, related_name="assessments", verbose_name=_("services in scope")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_assessments",
        verbose_name=_("coordinator"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="assessment_period_end_not_before_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.org.slug, self.pk])

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.version_id and self.version.org_id not in (None, self.org_id):
            errors["version"] = _("This framework version belongs to another organisation.")
        if (
            self.coordinator_id
            and not Membership.objects.for_org(self.org_id)
            .active()
            .filter(user_id=self.coordinator_id, role__in=CONTRIBUTORS)
            .exists()
        ):
            errors["coordinator"] = _("The coordinator must be a member of the organisation who can edit answers.")
        if self.copied_from_id and self.copied_from.org_id != self.org_id:
            errors["copied_from"] = _("A cycle can only be copied within the organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def is_finished(self):
        return self.status in FINISHED

    def transition_refusal(self, to, *, unrated=0):
        """Why this cycle may not move to `to` (None when it may). `unrated`: indicators without a rating."""
        if to not in TRANSITIONS.get(self.status, ()):
            return _("A self-assessment with the status “%(current)s” cannot be moved to “%(target)s”.") % {
                "current": Status(self.status).label,
                "target": Status(to).label if to in Status.values else to,
            }
        if to == Status.COMPLETED and unrated:
            return _("Rate every indicator before completing the self-assessment (%(n)s not rated).") % {"n": unrated}
        return None

    def next_statuses(self):
        return [Status(s) for s in TRANSITIONS[self.status]]

    def can_manage(self, membership):
        return membership.role in MANAGERS

    def can_edit_answers(self, membership):
        return self.is_editable and membership.role in CONTRIBUTORS

    @property
    def buckets(self):
        return rating_buckets(self.version.scoring)

    def readiness(self, answers=None):
        """Readiness by the version's scoring rule, in two queries however many indicators there are (one, when
        the caller already holds all of the cycle's `answers` with their indicators and criteria)."""
        from frameworks.models import Principle

        principles = list(Principle.objects.filter(version_id=self.version_id).order_by("order", "pk"))
        if answers is None:
            rows = self.answers.values_list("indicator__criterion__principle_id", "indicator__mandatory", "rating")
        else:
            rows = [(a.indicator.criterion.principle_id, a.indicator.mandatory, a.rating) for a in answers]
        return compute(self.version.scoring, principles, rows)


# The framework's own order: principle, criterion, indicator (ids break ties between equal order numbers).
ANSWER_ORDER = (
    "indicator__criterion__principle__order",
    "indicator__criterion__principle_id",
    "indicator__criterion__order",
    "indicator__criterion_id",
    "indicator__order",
    "indicator_id",
)


class AnswerQuerySet(OrgQuerySet):
    def in_order(self):
        return self.order_by(*ANSWER_ORDER)

    def mandatory_first(self):
        return self.order_by("-indicator__mandatory", *ANSWER_ORDER)

    def unrated(self):
        return self.filter(rating="")

    def with_comment_counts(self):
        """Each answer's number of comments as `comment_total`, in the same query."""
        counts = (
            AnswerComment.objects.filter(answer_id=OuterRef("pk"))
            .order_by()
            .values("answer_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(comment_total=Coalesce(Subquery(counts, output_field=IntegerField()), 0))

    def rated_as(self, codes):
        return self.filter(rating__in=codes)

    def responsible(self, user):
        return self.filter(responsible=user)

    def without_evidence(self):
        return self.exclude(Exists(EvidenceItem.answers.through.objects.filter(indicatoranswer_id=OuterRef("pk"))))

    def evidence_expiring(self, today=None, days=EXPIRY_WARNING_DAYS):
        """Answers with evidence that has expired or will within `days`."""
        today = today or timezone.localdate()
        links = EvidenceItem.answers.through.objects.filter(
            valid_until_lte(today + timedelta(days=days), prefix="evidenceitem__"), indicatoranswer_id=OuterRef("pk")
        )
        return self.filter(Exists(links))


class IndicatorAnswer(models.Model):
    """The organisation's answer to one indicator in one cycle. `revision` guards against lost updates: a save
    names the revision it was based on and is refused if someone else saved in between."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    rating = models.CharField(_("rating"), max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    narrative = models.TextField(_("how we meet it"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_answers",
        verbose_name=_("responsible person"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AnswerQuerySet.as_manager()

    # The fields a person edits (and the lost-update check compares).
    EDITABLE_FIELDS = ("rating", "reason", "narrative", "responsible", "target_date")

    class Meta:
        verbose_name = _("indicator answer")
        verbose_name_plural = _("indicator answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_one_per_indicator"),
        ]

    def __str__(self):
        return f"{self.indicator.code} · {self.assessment}"

    def get_absolute_url(self):
        return reverse("assessments:answer", args=[self.org.slug, self.assessment_id, self.pk])

    def clean(self):
        errors = {}
        version = self.assessment.version
        ratings = {r["code"]: r for r in version.ratings}
        if self.rating and self.rating not in ratings:
            errors["rating"] = _("“%(code)s” is not a rating of this framework version.") % {"code": self.rating}
        elif self.rating and ratings[self.rating].get("needs_reason") and not self.reason.strip():
            errors["reason"] = _("Give a reason for the rating “%(rating)s”.") % {
                "rating": version.rating_label(ratings[self.rating])
            }
        if self.indicator_id and self.indicator.version_id != version.pk:
            errors["indicator"] = _("The indicator belongs to another framework version.")
        if self.responsible_id and not members_in(self.org_id).filter(user_id=self.responsible_id).exists():
            errors["responsible"] = _(
                "The responsible person must be a member of the organisation who can edit answers."
            )
        if errors:
            raise ValidationError(errors)

    def values(self):
        return {name: getattr(self, f"{name}_id" if name == "responsible" else name) for name in self.EDITABLE_FIELDS}


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    SURVEY = "survey", _("Survey results")
    URL = "url", _("Web address")
    FILE = "file", _("Uploaded file")
    ACTION = "action", _("Improvement action")
    RECORD = "record", _("Record reference")


def valid_until_lte(limit, prefix=""):
    """Q: the item's validity ends on or before `limit`. A date typed on the item wins; a document without one is
    valid until its review date (the pinned version's, or the document's for the version in force), so approving
    a new version or recording a review renews the evidence without anyone editing it."""
    document = Q(**{f"{prefix}expires_on__isnull": True, f"{prefix}kind": EvidenceKind.DOCUMENT})
    return (
        Q(**{f"{prefix}expires_on__lte": limit})
        | (document & Q(**{f"{prefix}document_version__next_review_on__lte": limit}))
        | (document & Q(**{f"{prefix}document_version__isnull": True, f"{prefix}document__next_review_on__lte": limit}))
    )


# What the lists, the matrix and the reports print about an evidence item, fetched with it.
EVIDENCE_SHOWN = ("action", "document__org", "document__current_version", "document_version", "campaign__org")


class EvidenceQuerySet(OrgQuerySet):
    def shown(self):
        """With what the lists, the matrix and the reports print about each item (no query per item)."""
        return self.select_related(*EVIDENCE_SHOWN)

    def expired(self, today=None):
        return self.filter(valid_until_lte((today or timezone.localdate()) - timedelta(days=1)))


class EvidenceItem(models.Model):
    """A piece of evidence; one item serves as many indicators (and cycles) as it proves."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    action = models.ForeignKey(
        "actions.ImprovementAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_items",
        verbose_name=_("improvement action"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    # Empty: the evidence follows the document's version in force; set: exactly this approved version.
    document_version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document version"),
    )
    campaign = models.ForeignKey(
        "surveys.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey"),
    )
    reference = models.CharField(
        _("record reference"),
        max_length=500,
        blank=True,
        help_text=_("Where the record is kept, e.g. “Service users' council minutes 2025-03-12, file 4.2”."),
    )
    evidence_date = models.DateField(_("evidence date"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    answers = models.ManyToManyField(
        IndicatorAnswer, blank=True, related_name="evidence", verbose_name=_("indicator answers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(evidence_date__isnull=True)
                | Q(expires_on__gte=models.F("evidence_date")),
                name="evidence_expiry_not_before_date",
                violation_error_message=_("Evidence cannot expire before its date."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        required = {
            EvidenceKind.URL: ("url", _("Enter the web address.")),
            EvidenceKind.FILE: ("file", _("Choose a file to upload.")),
            EvidenceKind.ACTION: ("action", _("Choose an improvement action.")),
            EvidenceKind.RECORD: ("reference", _("Say where the record is kept.")),
            EvidenceKind.DOCUMENT: ("document", _("Choose a document.")),
            EvidenceKind.SURVEY: ("campaign", _("Choose a survey.")),
        }
        name, message = required.get(self.kind, (None, None))
        if name and not getattr(self, f"{name}_id" if name in ("action", "document", "campaign") else name):
            errors[name] = message
        if self.action_id and self.action.org_id != self.org_id:
            errors["action"] = _("The improvement action belongs to another organisation.")
        if self.document_id and self.document.org_id != self.org_id:
            errors["document"] = _("The document belongs to another organisation.")
        if self.document_version_id:
            version = self.document_version
            if version.document_id != self.document_id:
                errors["document_version"] = _("Choose a version of the chosen document.")
            elif not version.is_approved:
                errors["document_version"] = _("Only an approved version can be evidence.")
        if self.campaign_id:
            if self.campaign.org_id != self.org_id:
                errors["campaign"] = _("The survey belongs to another organisation.")
            elif not self.campaign.is_closed():
                errors["campaign"] = _("Only a finished survey's results can be evidence.")
        if self.expires_on and self.evidence_date and self.expires_on < self.evidence_date:
            errors["expires_on"] = _("Evidence cannot expire before its date.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def document_reference(self):
        """A document item read as the documents module reads every reference to a document (the pinned version, or
        the one in force); None for other kinds or a deleted document."""
        if self.kind != EvidenceKind.DOCUMENT or not self.document_id:
            return None
        from documents.evidence import resolve

        return resolve(self.document, self.document_version if self.document_version_id else None)

    @property
    def version_shown(self):
        """A document item's version: the pinned one, or the one in force (None while nothing is approved)."""
        return self.document_reference.version if self.document_reference else None

    @property
    def valid_until(self):
        """The date the evidence stops being valid (see valid_until_lte): typed, or the document's review date."""
        if self.expires_on or self.kind != EvidenceKind.DOCUMENT:
            return self.expires_on
        if self.document_version_id:
            return self.document_version.next_review_on
        return self.document.next_review_on if self.document_id else None

    @property
    def dated(self):
        """The evidence date: typed, or what the linked document version or survey says."""
        if self.evidence_date:
            return self.evidence_date
        if self.kind == EvidenceKind.DOCUMENT and (version := self.version_shown):
            return version.approved_on
        if self.kind == EvidenceKind.SURVEY and self.campaign_id:
            return self.campaign.ends_on
        return None

    def is_superseded(self):
        """A pinned document version that is no longer the one in force."""
        reference = self.document_reference
        return reference is not None and reference.pinned and not reference.in_force

    def is_expired(self, today=None):
        until = self.valid_until
        return until is not None and until < (today or timezone.localdate())

    def is_expiring(self, today=None, days=EXPIRY_WARNING_DAYS):
        today = today or timezone.localdate()
        until = self.valid_until
        return until is not None and today <= until <= today + timedelta(days=days)

    def detail(self):
        """What the item points at, as text (reports, matrix)."""
        if self.kind == EvidenceKind.URL:
            return self.url
        if self.kind == EvidenceKind.FILE:
            return self.original_name
        if self.kind == EvidenceKind.ACTION:
            return str(self.action) if self.action_id else ""
        if self.kind == EvidenceKind.DOCUMENT:
            return self._document_detail()
        if self.kind == EvidenceKind.SURVEY:
            return self._survey_detail()
        return self.reference

    def _document_detail(self):
        if not self.document_id:
            return _("The document has been deleted.")
        reference = self.document_reference
        version = reference.version
        if version is None:
            return _("%(title)s: no approved version yet") % {"title": self.document.title}
        details = {"title": self.document.title, "number": version.number, "order": version.order_number or "—"}
        if reference.pinned:
            return _("%(title)s, version %(number)s (order No. %(order)s)") % details
        return _("%(title)s, version in force %(number)s (order No. %(order)s)") % details

    def _survey_detail(self):
        if not self.campaign_id:
            return _("The survey has been deleted.")
        campaign = self.campaign
        return _("%(title)s, %(start)s – %(end)s") % {
            "title": campaign.title,
            "start": campaign.starts_on.isoformat(),
            "end": campaign.ends_on.isoformat(),
        }

    def target_url(self):
        """Where an insider opens what the item points at (None for a file, a record, or a deleted target)."""
        if self.kind == EvidenceKind.URL:
            return self.url
        if self.kind == EvidenceKind.ACTION and self.action_id:
            return self.action.get_absolute_url()
        if self.document_reference is not None:
            return self.document_reference.url
        if self.kind == EvidenceKind.SURVEY and self.campaign_id:
            return self.campaign.summary_url()
        return None


class AnswerComment(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(IndicatorAnswer, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"
