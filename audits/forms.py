from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import members_in
from assessments.models import Assessment
from frameworks.models import Criterion, FrameworkVersion, Indicator, Principle
from kokybe.lib import uploads
from kokybe.lib.concurrency import EditGuard
from orgs.models import Service
from orgs.roles import CONTRIBUTORS

from .models import (
    Audit,
    AuditorGrant,
    Certificate,
    ChecklistItem,
    DocumentScope,
    Interviewee,
    Kind,
    ManagementReview,
    ProgressReport,
    Verdict,
    team_members,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def users_of(memberships):
    return get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("full_name", "email")


def visible_versions(org):
    return FrameworkVersion.objects.visible_to(org).select_related("framework")


class UploadField(forms.FileField):
    """A file checked by its content (kokybe.lib.uploads); the Kind is kept on the field's cleaned value."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            uploads.check(upload)
        return upload


class AuditForm(EditGuard, forms.ModelForm):
    report = UploadField(label=_("Auditor's report"), required=False)

    class Meta:
        model = Audit
        fields = [
            "title",
            "external_type",
            "version",
            "assessment",
            "principles",
            "services",
            "planned_start",
            "planned_end",
            "desk_review_on",
            "site_visit_on",
            "lead_auditor",
            "team",
            "auditor_name",
            "auditor_body",
            "method",
        ]
        widgets = {
            "principles": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "team": forms.CheckboxSelectMultiple,
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "desk_review_on": DateInput(),
            "site_visit_on": DateInput(),
            "method": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, org, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.instance.kind = kind
        versions = visible_versions(org).exclude(status=FrameworkVersion.Status.RETIRED)
        if self.instance.pk:
            # The checklist is made of the version's indicators: the version stays what the audit was planned on.
            del self.fields["version"]
            principles = Principle.objects.filter(version_id=self.instance.version_id)
            self.fields["assessment"].queryset = Assessment.objects.for_org(org).filter(
                version_id=self.instance.version_id
            )
        else:
            self.fields["version"].queryset = versions
            principles = Principle.objects.filter(version__in=versions)
            self.fields["assessment"].queryset = Assessment.objects.for_org(org)
        self.fields["principles"].queryset = principles.select_related("version__framework").order_by(
            "version", "order", "code"
        )
        if principles.values("version").distinct().count() > 1:
            self.fields["principles"].label_from_instance = lambda p: f"{p.version} · {p}"
        self.fields["services"].queryset = Service.objects.for_org(org)
        if kind == Kind.INTERNAL:
            for name in ("external_type", "desk_review_on", "site_visit_on", "auditor_name", "auditor_body", "report"):
                del self.fields[name]
            team = users_of(team_members(org))
            self.fields["lead_auditor"].queryset = team
            self.fields["team"].queryset = team
            self.fields["team"].help_text = _("Internal auditors and the quality coordinator.")
        else:
            del self.fields["lead_auditor"]
            del self.fields["team"]
            self.fields["external_type"].required = True
            self.fields["external_type"].choices = self.fields["external_type"].choices[1:]


class ChecklistItemForm(EditGuard, forms.ModelForm):
    """Validates an on-site entry; `fields_posted` limits a save to the fields one htmx request carries."""

    interviewed = forms.MultipleChoiceField(
        label=_("Interviewed"), choices=Interviewee.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[("", _("Not checked yet")), *Verdict.choices], required=False
    )

    class Meta:
        model = ChecklistItem
        fields = list(ChecklistItem.FIELDS)
        widgets = {
            "note": forms.Textarea(attrs={"rows": 4}),
            "evidence_checked": forms.Textarea(attrs={"rows": 3}),
        }

    def values(self, names=None):
        names = names or ChecklistItem.FIELDS
        return {name: self.cleaned_data[name] for name in names if name in ChecklistItem.FIELDS}


class DocumentsField(forms.MultipleChoiceField):
    """The documents a finding rests on: per document, the version in force or one approved version. A plain
    <select multiple> grouped by document, so it works without JavaScript; cleans to [(document, version or None)]."""

    widget = forms.SelectMultiple(attrs={"size": 8})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Documents"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "The documents the finding rests on: the version in force, or one approved version. "
                "Hold Ctrl (⌘ on a Mac) to choose several."
            ),
        )
        super().__init__(**kwargs)
        self.options = {}

    def offer(self, documents, versions):
        """documents: the documents to offer; versions: their approved versions (two queries, however many)."""
        by_document = {}
        for version in versions:
            by_document.setdefault(version.document_id, []).append(version)
        choices, self.options = [], {}
        for document in documents:
            key = f"d{document.pk}"
            self.options[key] = (document, None)
            follow = _("The version in force") if document.current_version_id else _("The version in force (none yet)")
            group = [(key, follow)]
            for version in sorted(by_document.get(document.pk, []), key=lambda v: -v.number):
                key = f"v{version.pk}"
                self.options[key] = (document, version)
                label = _("Version %(number)s, approved %(date)s") % {
                    "number": version.number,
                    "date": version.approved_on.isoformat() if version.approved_on else "—",
                }
                group.append((key, label))
            choices.append((document.title, group))
        self.choices = choices

    def clean(self, value):
        keys = super().clean(value)
        chosen = [self.options[key] for key in keys]
        documents = [document.pk for document, _version in chosen]
        if len(documents) != len(set(documents)):
            raise forms.ValidationError(
                _("Choose each document once: either the version in force or one approved version."),
                code="twice",
            )
        return chosen


def link_keys(links):
    """The DocumentsField values of existing links (an edit form's initial value)."""
    return [f"v{link.version_id}" if link.version_id else f"d{link.document_id}" for link in links]


def offer_documents(field, org, documents=None, links=()):
    """Fill a DocumentsField with `documents` (default: every document that can be evidence) and their approved
    versions; documents already linked stay on offer even if they would not be offered now (e.g. archived)."""
    from documents import evidence
    from documents.models import Document, DocumentVersion

    documents = list(evidence.linkable(org) if documents is None else documents)
    missing = {link.document_id for link in links} - {d.pk for d in documents}
    if missing:
        documents += list(Document.objects.for_org(org).filter(pk__in=missing).select_related("current_version"))
    versions = []
    if documents:
        versions = DocumentVersion.objects.for_org(org).approved().filter(document__in=[d.pk for d in documents])
        versions = list(versions.only("pk", "document_id", "number", "approved_on"))
    field.offer(documents, versions)


class FindingForm(EditGuard, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none(), required=False)
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=Criterion.objects.none(), required=False)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=10000,
        help_text=_("What the finding rests on."),
    )
    documents = DocumentsField()

    def __init__(self, *args, audit, place=True, documents=None, links=(), **kwargs):
        """documents: what may be linked (default: every document that can be evidence); links: the finding's."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in audit.finding_kinds()]
        offer_documents(self.fields["documents"], audit.org_id, documents, links)
        if place:
            tree = "criterion__principle"
            self.fields["indicator"].queryset = Indicator.objects.filter(version_id=audit.version_id).select_related(
                tree
            )
            self.fields["criterion"].queryset = Criterion.objects.filter(version_id=audit.version_id)
            self.fields["indicator"].help_text = _("Or choose only the criterion.")
        else:
            del self.fields["indicator"]
            del self.fields["criterion"]


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    text = forms.CharField(label=_("Corrected finding"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10000
    )
    documents = DocumentsField()

    def __init__(self, *args, audit, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in audit.finding_kinds()]
        offer_documents(self.fields["documents"], audit.org_id, links=links)


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("The auditors' overall conclusion, for the audit report."),
    )


class GrantForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=(("lt", "Lietuvių"), ("en", "English")))

    class Meta:
        model = AuditorGrant
        fields = ["email", "assessment", "audit", "valid_until", "documents_scope", "documents"]
        widgets = {
            "valid_until": DateInput(),
            "documents_scope": forms.RadioSelect,
            "documents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, org, **kwargs):
        from documents.models import IN_FORCE, Document

        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.fields["assessment"].queryset = Assessment.objects.for_org(org).select_related("version")
        self.fields["audit"].queryset = Audit.objects.for_org(org).external().open()
        self.fields["documents"].queryset = Document.objects.for_org(org).filter(status__in=IN_FORCE)
        self.fields["documents"].help_text = _("Used when “Chosen documents” is selected.")

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The access must last at least until today."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("documents_scope") == DocumentScope.CHOSEN and not data.get("documents"):
            self.add_error("documents", _("Choose at least one document."))
        return data


class CertificateForm(EditGuard, forms.ModelForm):
    upload = UploadField(label=_("Certificate file"), required=False)

    class Meta:
        model = Certificate
        fields = [
            "version",
            "level",
            "reference",
            "issued_on",
            "expires_on",
            "services",
            "audit",
            "awarded_by",
            "notes",
            "is_public",
        ]
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "services": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.fields["version"].queryset = visible_versions(org)
        self.fields["services"].queryset = Service.objects.for_org(org)
        self.fields["audit"].queryset = Audit.objects.for_org(org).external()
        self.fields["expires_on"].required = False


class ProgressReportCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ProgressReportForm(EditGuard, forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["title", *ProgressReport.SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in ProgressReport.SECTIONS}


class ReviewForm(EditGuard, forms.ModelForm):
    class Meta:
        model = ManagementReview
        fields = ["title", "held_on", "participants", "conclusions"]
        widgets = {
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "conclusions": forms.Textarea(attrs={"rows": 6}),
        }


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_of(members_in(org, CONTRIBUTORS))


class ActionForm(forms.Form):
    """Optional owner and due date when a finding becomes an action (the button alone is enough)."""

    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_of(members_in(org, CONTRIBUTORS))
