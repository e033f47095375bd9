from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework, FrameworkVersion, Indicator
from kokybe.lib.concurrency import EditGuard
from orgs.models import Membership, Service, Unit
from orgs.roles import CONTRIBUTORS, INSIDERS, Role

from .evidence import linkable
from .models import Document, DocumentSettings, DocumentType, DocumentVersion, VersionKind
from .services import Start, check_document_file

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REVIEW_MONTHS_MAX = 120
FILE_ACCEPT = ".pdf,.docx,.odt,.xlsx"


def people(org, roles=INSIDERS):
    members = Membership.objects.for_org(org).active().filter(role__in=roles).values("user_id")
    return get_user_model().objects.filter(pk__in=members).order_by("full_name", "email")


def _unit_choices(org):
    return [(unit.pk, f"{'— ' * depth}{unit.name}") for unit, depth in Unit.as_tree(list(Unit.objects.for_org(org)))]


def _scope_fields(form, org):
    form.fields["owner"].queryset = people(org, CONTRIBUTORS)
    form.fields["units"].queryset = Unit.objects.for_org(org)
    form.fields["units"].choices = _unit_choices(org)
    form.fields["services"].queryset = Service.objects.for_org(org)


class DocumentForm(EditGuard, forms.ModelForm):
    """The document's details; its text and approval have their own pages."""

    class Meta:
        model = Document
        fields = ["type", "title", "owner", "units", "services", "is_public"]
        widgets = {"units": forms.CheckboxSelectMultiple, "services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        _scope_fields(self, org)
        self.fields["type"].queryset = DocumentType.objects.visible_to(org)
        if self.instance.pk and self.instance.current_version_id:
            # The type decides the review interval and the public page's order of an approved document.
            self.fields["type"].disabled = True


class DocumentCreateForm(DocumentForm):
    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            (Start.TEMPLATE, _("The starter template of the type (sections with sample wording and guidance)")),
            (Start.BLANK, _("An empty text")),
            (Start.FILE, _("A file I upload (PDF, DOCX, ODT or XLSX)")),
        ],
        initial=Start.TEMPLATE,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"), required=False, widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT})
    )

    class Meta(DocumentForm.Meta):
        fields = ["type", "title", "start", "file", "owner", "units", "services", "is_public"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("start") == Start.FILE:
            if not upload:
                self.add_error("file", _("Choose the file to upload."))
            else:
                try:
                    self.kind = check_document_file(upload)
                except forms.ValidationError as exc:
                    self.add_error("file", exc)
        return data


class DraftForm(EditGuard, forms.Form):
    kind = forms.ChoiceField(label=_("Form"), choices=VersionKind.choices, widget=forms.RadioSelect)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text=_("Markdown: # heading, ## subheading, - list item, **bold**, *italic*, | table |."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("PDF, Word (DOCX), OpenDocument text (ODT) or Excel (XLSX)."),
    )
    change_summary = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A sentence for readers and the approver, e.g. “Reply deadline shortened to 15 working days.”"),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_document_file(upload)
        return upload


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approval date"), widget=DATE, initial=timezone.localdate)
    order_number = forms.CharField(
        label=_("Order number"),
        max_length=64,
        required=False,
        help_text=_("The number of the director's order (įsakymo Nr.), e.g. V-45."),
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE, initial=timezone.localdate)
    next_review_on = forms.DateField(
        label=_("Next review"),
        widget=DATE,
        required=False,
        help_text=_("Empty: from the document type's review interval."),
    )

    def clean(self):
        data = super().clean()
        approved, effective = data.get("approved_on"), data.get("effective_from")
        if approved and effective and effective < approved:
            self.add_error("effective_from", _("A version cannot take effect before it is approved."))
        review = data.get("next_review_on")
        if review and effective and review <= effective:
            self.add_error("next_review_on", _("The next review must come after the version takes effect."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AudienceForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone in the unit and its sub-units."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.label) for r in Role if r.value in INSIDERS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    users = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=get_user_model().objects.none(), required=False, widget=forms.SelectMultiple
    )
    due_days = forms.IntegerField(
        label=_("Days to confirm"),
        min_value=1,
        max_value=365,
        initial=14,
        help_text=_("Counted from the approval of each new version, or from today for a new audience."),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.for_org(org)
        self.fields["units"].choices = _unit_choices(org)
        self.fields["users"].queryset = people(org)


class IndicatorLinkForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    version = forms.ChoiceField(label=_("Which version"), required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=255, required=False)

    def __init__(self, *args, org, document, versions, **kwargs):
        super().__init__(*args, **kwargs)
        visible = FrameworkVersion.objects.visible_to(org).exclude(status=FrameworkVersion.Status.RETIRED)
        self.fields["indicator"].queryset = Indicator.objects.filter(version__in=visible).select_related(
            "version__framework"
        )
        self.fields["indicator"].label_from_instance = lambda i: f"{i.version} · {i.code}. {i.title[:90]}"
        self.versions = {str(v.number): v for v in versions if v.is_approved}
        self.fields["version"].choices = [("", _("Whichever version is in force"))] + [
            (key, _("Version %(number)s") % {"number": key}) for key in self.versions
        ]

    def clean_version(self):
        value = self.cleaned_data.get("version")
        return self.versions.get(value) if value else None


class SettingsForm(EditGuard, forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = [
            "coordinator_may_approve",
            "review_warning_days",
            "public_page",
            "quality_statement_lt",
            "quality_statement_en",
        ]
        widgets = {
            "quality_statement_lt": forms.Textarea(attrs={"rows": 5, "lang": "lt"}),
            "quality_statement_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        }
        help_texts = {
            "quality_statement_lt": _("Shown at the top of the public quality page. Markdown allowed."),
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        # Who may approve is the director's decision alone.
        if membership.role != Role.DIRECTOR:
            self.fields["coordinator_may_approve"].disabled = True


def indicator_lines(codes):
    """{framework code: [indicator codes]} as the lines the form shows."""
    return "\n".join(f"{framework}: {', '.join(found)}" for framework, found in (codes or {}).items())


class DocumentTypeForm(EditGuard, forms.ModelForm):
    """An organisation's own document type. Its code and place in the order are given when it is created."""

    indicator_codes = forms.CharField(
        label=_("Typical indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "One line per framework: its code, a colon and the indicator codes separated by commas, e.g. "
            "“equass-assurance-ws: 1.1.1, 3.1.2”. A document of this type suggests them as the indicators it "
            "evidences."
        ),
    )

    class Meta:
        model = DocumentType
        fields = [
            "name_lt",
            "name_en",
            "description_lt",
            "description_en",
            "review_months",
            "public_by_default",
            "required",
            "indicator_codes",
        ]
        widgets = {
            "name_lt": forms.TextInput(attrs={"lang": "lt"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_lt": forms.Textarea(attrs={"rows": 3, "lang": "lt"}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "review_months": forms.NumberInput(attrs={"min": 1, "max": REVIEW_MONTHS_MAX}),
        }
        help_texts = {
            "name_en": _("Optional: without it the Lithuanian name is shown in English too."),
            "review_months": _("A new version's next review date is set this many months after it takes effect."),
            "public_by_default": _("New documents of this type are shown on the public quality page once published."),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        if self.instance._state.adding:
            self.instance.org = org
        self.initial["indicator_codes"] = indicator_lines(self.instance.indicator_codes)
        self.frameworks = list(Framework.objects.visible_to(org).order_by("code"))

    def _same_name(self, field, value):
        others = DocumentType.objects.visible_to(self.org).exclude(pk=self.instance.pk)
        if value and others.filter(**{f"{field}__iexact": value.strip()}).exists():
            raise forms.ValidationError(_("A document type with this name already exists."), code="duplicate")
        return value.strip()

    def clean_name_lt(self):
        return self._same_name("name_lt", self.cleaned_data["name_lt"])

    def clean_name_en(self):
        return self._same_name("name_en", self.cleaned_data.get("name_en", ""))

    def clean_review_months(self):
        months = self.cleaned_data["review_months"]
        if not 1 <= months <= REVIEW_MONTHS_MAX:
            raise forms.ValidationError(
                _("Choose between 1 and %(max)s months.") % {"max": REVIEW_MONTHS_MAX}, code="range"
            )
        return months

    def clean_indicator_codes(self):
        codes, errors = {}, []
        for number, line in enumerate(self.cleaned_data.get("indicator_codes", "").splitlines(), start=1):
            if not line.strip():
                continue
            framework, colon, rest = line.partition(":")
            framework = framework.strip()
            found = [code.strip() for code in rest.split(",") if code.strip()]
            if not colon or not framework or not found:
                errors.append(
                    _("Line %(line)s: write the framework's code, a colon and the indicator codes, e.g. “%(example)s”.")
                    % {"line": number, "example": "equass-assurance-ws: 1.1.1, 3.1.2"}
                )
                continue
            codes.setdefault(framework, [])
            codes[framework] += [code for code in found if code not in codes[framework]]
        errors += self._unknown(codes)
        if errors:
            raise forms.ValidationError(errors)
        return codes

    def _unknown(self, codes):
        """Problems with framework and indicator codes the organisation cannot resolve (typing mistakes)."""
        known = {f.code for f in self.frameworks}
        errors = [
            _("There is no framework with the code “%(code)s”.") % {"code": code} for code in codes if code not in known
        ]
        wanted = {code: found for code, found in codes.items() if code in known}
        if wanted:
            visible = FrameworkVersion.objects.visible_to(self.org)
            existing = set(
                Indicator.objects.filter(version__in=visible, version__framework__code__in=list(wanted)).values_list(
                    "version__framework__code", "code"
                )
            )
            for framework, found in wanted.items():
                missing = [code for code in found if (framework, code) not in existing]
                if missing:
                    errors.append(
                        _("Not in the framework “%(framework)s”: %(codes)s.")
                        % {"framework": framework, "codes": ", ".join(missing)}
                    )
        return errors


class DocumentEvidenceForm(forms.Form):
    """A document as self-assessment evidence (kokybe.surfaces.EvidenceForm): the version in force, or one approved
    version pinned."""

    prefix = "doc"
    document = forms.ModelChoiceField(label=_("Document"), queryset=None)
    document_version = forms.ModelChoiceField(
        label=_("Version"),
        queryset=None,
        required=False,
        empty_label=_("The version in force (follows new versions)"),
        help_text=_("Pin a version only when the evidence is exactly that text."),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = linkable(org).order_by("type__order", "title", "pk")
        versions = DocumentVersion.objects.for_org(org).approved().select_related("document")
        self.fields["document_version"].queryset = versions.order_by("document__title", "-number")
        self.fields["document_version"].label_from_instance = lambda v: (
            _("%(title)s, version %(number)s")
            % {
                "title": v.display_title,
                "number": v.number,
            }
        )

    # Whether the version belongs to the document is the self-assessment's rule (its evidence item's clean()); the
    # answer page puts its message on the version field.
    def item_fields(self):
        data = self.cleaned_data
        return {"kind": "document", "document": data["document"], "document_version": data["document_version"]}
