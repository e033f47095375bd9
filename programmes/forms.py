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
