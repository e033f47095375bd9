from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DIMENSIONS


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month input): the first day of that month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class ContributionForm(forms.Form):
    month = MonthField(label=_("Month"))
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=12, decimal_places=2)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, choices in indicator.dimension_fields():
            self.fields[key] = forms.ChoiceField(label=label, choices=[("", "—"), *choices.choices], required=False)

    def dimensions(self):
        return {key: self.cleaned_data.get(key, "") for key in DIMENSIONS if key in self.cleaned_data}


class ContributionUploadForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))


class RoundForm(forms.Form):
    what = forms.ChoiceField(label=_("What each provider gets"))
    title = forms.CharField(label=_("Title"), max_length=255)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.fields["what"].choices = [
            (f"{kind.key}:{value}", f"{kind.name}: {label}")
            for kind in kinds.values()
            for value, label in kind.options()
        ]

    def clean_due_date(self):
        from django.utils import timezone

        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due

    def kind_and_option(self):
        key, _sep, option = self.cleaned_data["what"].partition(":")
        return self.kinds[key], option
