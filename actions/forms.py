from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frameworks.models import FrameworkVersion, Principle
from kokybe.lib import uploads
from kokybe.lib.concurrency import EditGuard
from orgs.models import Service, Unit
from orgs.roles import COMMENTERS, CONTRIBUTORS

from .models import ImprovementAction, members_in
from .services import visible_indicators

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people(org, roles):
    users = get_user_model().objects.filter(pk__in=members_in(org, roles).values("user_id"))
    return users.order_by("full_name", "email")


class ListedChoiceField(forms.ModelChoiceField):
    """A choice among rows the form has read already for its options: checking the posted one costs no query."""

    rows: dict[str, object] = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.rows[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class ActionForm(EditGuard, forms.ModelForm):
    class Meta:
        model = ImprovementAction
        field_classes = {"unit": ListedChoiceField}
        fields = [
            "title",
            "description",
            "source",
            "principle",
            "indicators",
            "root_cause",
            "planned_measures",
            "owner",
            "participants",
            "unit",
            "service",
            "priority",
            "start_date",
            "due_date",
            "progress",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "planned_measures": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.CheckboxSelectMultiple,
            "participants": forms.CheckboxSelectMultiple,
            "start_date": DATE,
            "due_date": DATE,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        help_texts = {
            "principle": _("Filled in from the first indicator when left empty."),
            "owner": _("The member who answers for the action."),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.fields["owner"].queryset = _people(org, CONTRIBUTORS)
        self.fields["participants"].queryset = _people(org, COMMENTERS)
        versions = FrameworkVersion.objects.visible_to(org)
        self.fields["principle"].queryset = Principle.objects.filter(version__in=versions).select_related(
            "version__framework"
        )
        self.fields["principle"].label_from_instance = lambda p: f"{p.version} · {p}"
        self.fields["indicators"].queryset = visible_indicators(org).select_related(
            "version__framework", "criterion__principle"
        )
        units = list(Unit.objects.for_org(org))
        self.fields["unit"].queryset = Unit.objects.for_org(org)
        self.fields["unit"].rows = {str(unit.pk): unit for unit in units}
        self.fields["unit"].choices = [("", self.fields["unit"].empty_label)] + [
            (unit.pk, f"{'— ' * depth}{unit.name}") for unit, depth in Unit.as_tree(units)
        ]
        self.fields["service"].queryset = Service.objects.for_org(org)
        if self.instance.pk is None:
            del self.fields["progress"]
        elif self.instance.source_id:
            # An action made from a finding or a gap keeps the source it was made from.
            self.fields["source"].disabled = True

    def _post_clean(self):
        # The model's own validation (clean(), constraints) runs once, in actions.services, whose errors the views
        # put back on this form's fields; the form checks its fields (each choice within the organisation) and
        # builds the instance.
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)

    def indicator_groups(self):
        """[(group label, [checkbox, ...], any checked)]: 100+ indicators stay usable when folded per principle."""
        groups = {}
        for checkbox in self["indicators"]:
            indicator = checkbox.data["value"].instance
            label = f"{indicator.version} · {indicator.criterion.principle}"
            groups.setdefault(label, []).append(checkbox)
        return [(label, boxes, any(b.data["selected"] for b in boxes)) for label, boxes in groups.items()]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=ImprovementAction._meta.get_field("status").choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    result = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("effective", _("Effective: the problem is solved")), ("not_effective", _("Not effective"))],
        coerce=lambda value: value == "effective",
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Verified on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Result and evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was checked, how, and where the evidence is."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mention a member with @ and the first part of their e-mail address, e.g. @jonas."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg,.txt,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, TXT or CSV, up to %(max)s MB.") % {
            "max": uploads.max_megabytes()
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.kind = uploads.check(upload)
        return upload
