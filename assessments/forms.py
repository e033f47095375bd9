from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from actions.models import ImprovementAction
from frameworks.models import FrameworkVersion
from kokybe.lib import uploads
from kokybe.lib.concurrency import EditGuard
from orgs.models import Service

from .models import Assessment, EvidenceItem, EvidenceKind, IndicatorAnswer, members_in


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def member_users(org):
    return get_user_model().objects.filter(pk__in=members_in(org).values("user_id")).order_by("full_name", "email")


class AssessmentForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "version", "services", "period_start", "period_end", "coordinator", "due_date"]
        widgets = {
            "services": forms.CheckboxSelectMultiple,
            "period_start": DateInput(),
            "period_end": DateInput(),
            "due_date": DateInput(),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        if self.instance.pk:
            # The answers are made for the version's indicators: the version stays what the cycle started with.
            del self.fields["version"]
        else:
            self.fields["version"].queryset = (
                FrameworkVersion.objects.visible_to(org)
                .exclude(status=FrameworkVersion.Status.RETIRED)
                .select_related("framework")
            )
        self.fields["services"].queryset = Service.objects.for_org(org)
        self.fields["coordinator"].queryset = member_users(org)


class CopyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)


class GapActionForm(forms.Form):
    """The one step from a gap to an improvement action: a short task title and a due date, both asked for."""

    title = forms.CharField(
        label=_("Task title"),
        max_length=120,
        help_text=_("A short name for the task; the indicator's full text goes into the description."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


class AnswerForm(forms.Form):
    """Validates one indicator's autosave; the page renders the inputs itself (120 forms must render fast)."""

    rating = forms.ChoiceField(label=_("Rating"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)
    narrative = forms.CharField(label=_("How we meet it"), required=False, widget=forms.Textarea)
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=None, required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, version, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", _("Not rated")), *version.rating_choices()]
        self.fields["responsible"].queryset = member_users(org)

    def values(self):
        return {name: self.cleaned_data[name] for name in IndicatorAnswer.EDITABLE_FIELDS}


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class EvidenceForm(forms.Form):
    """New evidence for one indicator; the service stores the file and validates the item as a whole."""

    # Documents and survey results are attached through the forms of their own apps (kokybe.surfaces.evidence_kinds).
    KINDS = [(k, label) for k, label in EvidenceKind.choices if k not in (EvidenceKind.DOCUMENT, EvidenceKind.SURVEY)]

    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    title = forms.CharField(label=_("Title"), max_length=255)
    url = forms.URLField(label=_("Web address"), max_length=500, required=False, assume_scheme="https")
    upload = forms.FileField(label=_("File"), required=False)
    action = forms.ModelChoiceField(label=_("Improvement action"), queryset=None, required=False)
    reference = forms.CharField(
        label=_("Record reference"),
        max_length=500,
        required=False,
        help_text=_("Where the record is kept, e.g. “Service users' council minutes 2025-03-12, file 4.2”."),
    )
    evidence_date = forms.DateField(label=_("Evidence date"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = ImprovementAction.objects.for_org(org).order_by("-number")
        self.fields["upload"].help_text = _(
            "PDF, Word, Excel, OpenDocument, a picture or text; at most %(max)s MB."
        ) % {"max": uploads.max_megabytes()}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            uploads.check(upload)
        return upload

    def item_fields(self):
        """The fields of the kind chosen (a URL typed before switching to "file" is not kept)."""
        data = self.cleaned_data
        kind = data["kind"]
        out = {"kind": kind, "title": data["title"], "evidence_date": data["evidence_date"]}
        out["expires_on"] = data["expires_on"]
        out["url"] = data["url"] if kind == EvidenceKind.URL else ""
        out["action"] = data["action"] if kind == EvidenceKind.ACTION else None
        out["reference"] = data["reference"] if kind == EvidenceKind.RECORD else ""
        out["upload"] = data["upload"] if kind == EvidenceKind.FILE else None
        return out


class LinkEvidenceForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Existing evidence"), queryset=None)

    def __init__(self, *args, org, answer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = EvidenceItem.objects.for_org(org).exclude(answers=answer)


class FilterForm(forms.Form):
    unrated = forms.BooleanField(label=_("Not rated"), required=False)
    gaps = forms.BooleanField(label=_("Not met or partly met"), required=False)
    mine = forms.BooleanField(label=_("Mine"), required=False)
    no_evidence = forms.BooleanField(label=_("Without evidence"), required=False)
    expiring = forms.BooleanField(label=_("Evidence expired or expiring within 30 days"), required=False)

    def active(self):
        if not self.is_valid():
            return {}
        return {name: True for name, value in self.cleaned_data.items() if value}
