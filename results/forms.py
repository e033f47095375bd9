from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe.lib.concurrency import EditGuard
from orgs.models import Membership, Service, Unit
from orgs.roles import CONTRIBUTORS

from . import periods
from .models import Definition, Indicator


class IndicatorForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "definition",
            "unit",
            "service",
            "owner",
            "frequency",
            "baseline_year",
            "amber_band",
            "notes",
            "public",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.fields["definition"].queryset = Definition.objects.visible_to(org).order_by("name_lt", "version")
        if self.instance.pk:
            self.fields["definition"].disabled = True
        self.fields["unit"].queryset = Unit.objects.for_org(org)
        self.fields["service"].queryset = Service.objects.for_org(org)
        members = Membership.objects.for_org(org).active().filter(role__in=CONTRIBUTORS).select_related("user")
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(pk__in=members.values("user_id"))
        self.fields["owner"].required = True
        if not self.instance.pk:
            self.fields["baseline_year"].initial = timezone.localdate().year - 2

    def clean(self):
        data = super().clean()
        definition = data.get("definition")
        if definition and not data.get("frequency"):
            data["frequency"] = definition.frequency
        return data


class ValueForm(forms.Form):
    period = forms.CharField(label=gettext_lazy("Period"), max_length=7)
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=14, decimal_places=4)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Where the figure can be checked: a register, a file."),
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"].help_text = {
            periods.MONTH: _("A month, e.g. 2026-03."),
            periods.QUARTER: _("A quarter, e.g. 2026-Q1."),
            periods.YEAR: _("A year, e.g. 2026."),
        }[indicator.frequency]

    def clean_period(self):
        key = self.cleaned_data["period"].strip().upper()
        if not periods.is_valid(key, self.indicator.frequency):
            raise forms.ValidationError(self.fields["period"].help_text)
        if periods.bounds(key)[0] > timezone.localdate():
            raise forms.ValidationError(_("This period has not started yet."))
        return key


class CorrectionForm(ValueForm):
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class TargetsForm(forms.Form):
    """One line per period: "2026: 85" (a year's target stands for its months or quarters without their own); an
    empty value after the colon removes that period's target."""

    targets = forms.CharField(
        label=gettext_lazy("Targets"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=gettext_lazy(
            "One period per line, e.g. “2026: 85” or “2026-Q1: 80”. A year's target stands for its quarters or "
            "months that have none of their own. Leave the number out to remove a target."
        ),
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_targets(self):
        found, errors = {}, []
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            key = key.strip().upper()
            if (
                not sep
                or not periods.is_valid(key)
                or periods.frequency_of(key)
                not in (
                    self.indicator.frequency,
                    periods.YEAR,
                )
            ):
                errors.append(
                    _("Line %(n)s: “%(text)s” is not “period: target”.") % {"n": number, "text": line.strip()}
                )
                continue
            value = value.strip().replace(",", ".")
            try:
                found[key] = Decimal(value) if value else None
            except InvalidOperation:
                errors.append(_("Line %(n)s: “%(value)s” is not a number.") % {"n": number, "value": value})
        if errors:
            raise forms.ValidationError(errors)
        return found


class DefinitionsImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Definitions (YAML)"))


class ValuesImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Values (XLSX)"))


class TemplateForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Indicators"), queryset=Indicator.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    first_year = forms.IntegerField(label=gettext_lazy("From year"), min_value=1990, max_value=2200)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.for_org(org).active().select_related("definition")
        self.fields["first_year"].initial = timezone.localdate().year - 3


class RequestForm(forms.Form):
    """The values a request asks for (one field per definition; an approved value is shown, not asked) and, for
    each, whether the provider shares it with the programme when it submits."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.definition.pk
            self.fields[f"value_{pk}"] = forms.DecimalField(
                label=gettext_lazy("Value"),  # the fieldset's legend names the result
                required=False,
                localize=True,
                max_digits=14,
                decimal_places=4,
                disabled=row.locked,
                initial=row.value.value if row.value is not None else None,
                help_text=row.definition.get_unit_display(),
            )
            self.fields[f"share_{pk}"] = forms.BooleanField(
                label=_("Share this value with the programme"), required=False
            )

    def values(self):
        return {
            row.definition.pk: self.cleaned_data.get(f"value_{row.definition.pk}")
            for row in self.rows
            if not row.locked
        }

    def shared(self):
        return {row.definition.pk for row in self.rows if self.cleaned_data.get(f"share_{row.definition.pk}")}

    def pairs(self):
        """(row, value field, share field) for the template."""
        return [(row, self[f"value_{row.definition.pk}"], self[f"share_{row.definition.pk}"]) for row in self.rows]
