from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kokybe.lib.concurrency import EditGuard

from .models import ActivityEntry, Membership, Organisation, Service, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _unit_label(unit):
    return f"{unit.parent.name} → {unit.name}" if unit.parent_id else unit.name


class OrgModelForm(EditGuard, forms.ModelForm):
    """A form for a tenant row: the row belongs to `org`, and every choice of a related row is limited to it."""

    org_scoped = ()  # names of fields whose choices must come from the same organisation

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.instance.org = org
        for name in self.org_scoped:
            field = self.fields[name]
            field.queryset = field.queryset.model.objects.for_org(org)
            if field.queryset.model is Unit:
                # Sub-units of different units may share a name ("Administracija"): show where each one sits.
                field.queryset = field.queryset.select_related("parent")
                field.label_from_instance = _unit_label

    def _post_clean(self):
        super()._post_clean()
        # `org` is not a form field, so ModelForm skips the constraints that include it; check them here.
        exclude = self._get_validation_exclusions() - {"org"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)


class OrganisationForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_genitive",
            "name_dative",
            "short_name",
            "legal_form",
            "company_code",
            "municipality",
            "address",
            "email",
            "phone",
            "website",
            "description",
        ]

    def clean(self):
        data = super().clean()
        if "name" in self.changed_data:
            # A new name: the cases not edited alongside it are guessed again from it (Organisation.save).
            for field in ("name_genitive", "name_dative"):
                if field not in self.changed_data:
                    data[field] = ""
        return data


class OrderedForm(OrgModelForm):
    """Forms with an optional display order: left empty, the row keeps the default place."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data["order"] or 0


class UnitForm(OrderedForm):
    org_scoped = ("parent",)

    class Meta:
        model = Unit
        fields = ["name", "parent", "description", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A unit cannot move under itself or under one of its own sub-units.
            units = list(Unit.objects.for_org(self.org))
            below = {self.instance.pk}
            for unit, _depth in Unit.as_tree(units):
                if unit.parent_id in below:
                    below.add(unit.pk)
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk__in=below)


class ServiceForm(OrderedForm):
    org_scoped = ("unit",)

    class Meta:
        model = Service
        fields = ["name", "target_group", "unit", "status", "description", "order"]


class MembershipForm(OrgModelForm):
    org_scoped = ("unit",)

    class Meta:
        model = Membership
        fields = ["role", "unit", "position", "access_until"]
        widgets = {"access_until": DateInput()}

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.user_id == by.pk:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _("You cannot change your own role.")


class ActivityFilterForm(forms.Form):
    """The activity log's filters; every field is optional and the form is submitted with GET."""

    actor = forms.ModelChoiceField(label=_("Person"), queryset=get_user_model().objects.none(), required=False)
    verb = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ModelChoiceField(label=_("Object type"), queryset=ContentType.objects.none(), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        entries = ActivityEntry.objects.for_org(org)
        # Only people and object types that appear in this organisation's log: nothing about other tenants leaks.
        self.fields["actor"].queryset = get_user_model().objects.filter(pk__in=entries.values("actor"))
        self.fields["target_type"].queryset = ContentType.objects.filter(pk__in=entries.values("target_type"))
        self.fields["target_type"].label_from_instance = lambda ct: str(ct.name).capitalize()
        self.fields["verb"].choices = [
            ("", "---------"),
            *((v, capfirst(label)) for v, label in ActivityEntry.Verb.choices),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date must not be after the end date."))
        return data

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor=data["actor"])
        if data["verb"]:
            entries = entries.filter(verb=data["verb"])
        if data["target_type"]:
            entries = entries.filter(target_type=data["target_type"])
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lte=data["date_to"])
        return entries
