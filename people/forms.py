from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kokybe.lib import safe_yaml, uploads
from kokybe.lib.concurrency import EditGuard
from orgs.models import Membership, Service, Unit
from orgs.roles import Role

from . import instruments
from .models import GAS_LEVEL_CHOICES, Goal, Identity, Measurement, PeopleSettings, Plan, ServiceUser

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Roles that work with service users' records: the director sees everyone, a unit head the people of their unit, a
# staff member the people they are key worker of. The quality coordinator sees the roll-ups, not the records.
RECORD_ROLES = frozenset({Role.DIRECTOR, Role.UNIT_HEAD, Role.STAFF})
# Those who add service users and change their records.
RECORD_KEEPERS = frozenset({Role.DIRECTOR, Role.UNIT_HEAD})


def members(org, roles=RECORD_ROLES):
    ids = Membership.objects.for_org(org).active().filter(role__in=roles).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("full_name", "email")


class ServiceUserForm(EditGuard, forms.ModelForm):
    class Meta:
        model = ServiceUser
        fields = [
            "services",
            "unit",
            "started",
            "ended",
            "age_group",
            "sex",
            "key_worker",
            "consent_on",
            "consent_form",
        ]
        widgets = {
            "services": forms.CheckboxSelectMultiple,
            "started": DATE,
            "ended": DATE,
            "consent_on": DATE,
        }
        help_texts = {
            "consent_on": _("Consent to take part in quality-of-life measurement."),
            "key_worker": _("The key worker sees this person's record, plans and measurements."),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.fields["services"].queryset = Service.objects.filter(org=org)
        self.fields["unit"].queryset = Unit.objects.filter(org=org)
        self.fields["key_worker"].queryset = members(org)


class FilterForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    key_worker = forms.ModelChoiceField(label=_("Key worker"), queryset=None, required=False)
    current = forms.BooleanField(label=_("Receiving a service now"), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(org=org)
        self.fields["unit"].queryset = Unit.objects.filter(org=org)
        self.fields["key_worker"].queryset = members(org)

    def filter(self, people, today):
        if not self.is_valid():
            return people
        data = self.cleaned_data
        if data["service"]:
            people = people.filter(services=data["service"])
        if data["unit"]:
            people = people.filter(unit=data["unit"])
        if data["key_worker"]:
            people = people.filter(key_worker=data["key_worker"])
        if data["current"]:
            people = people.current(today)
        return people


class IdentityForm(forms.ModelForm):
    class Meta:
        model = Identity
        fields = ["full_name", "personal_code", "contacts"]
        widgets = {"contacts": forms.Textarea(attrs={"rows": 3})}


class SettingsForm(forms.ModelForm):
    identity_roles = forms.MultipleChoiceField(
        label=_("Roles that may open identities"),
        choices=[(r.value, r.label) for r in Role if r in RECORD_ROLES - {Role.DIRECTOR}],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The director always may. Every opening is recorded in the activity log."),
    )

    class Meta:
        model = PeopleSettings
        fields = ["identity_roles"]


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["starts_on", "review_on", "with_person", "with_family", "staff", "notes"]
        widgets = {
            "starts_on": DATE,
            "review_on": DATE,
            "staff": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = members(org)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "title",
            "domain",
            "weight",
            "baseline",
            "level_minus2",
            "level_minus1",
            "level_0",
            "level_plus1",
            "level_plus2",
            "review_on",
        ]
        widgets = {"review_on": DATE, "weight": forms.NumberInput(attrs={"min": 1, "max": 10})}


class BaseGoalFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if not kept and not any(f.instance.pk for f in self.forms if not self._should_delete_form(f)):
            raise ValidationError(_("A plan needs at least one goal."))


GoalFormSet = forms.modelformset_factory(Goal, form=GoalForm, formset=BaseGoalFormSet, extra=3, can_delete=True)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=goal.title,
                choices=[(level, label) for level, label in GAS_LEVEL_CHOICES],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def levels(self):
        return {goal: self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals}

    def goal_fields(self):
        return [(goal, self[f"goal_{goal.pk}"]) for goal in self.goals]


class MeasurementForm(forms.Form):
    """The standard (or proxy) form of an instrument: one radio group per item, every item optional (missing items
    have the instrument's rules)."""

    taken_on = forms.DateField(label=_("Date"), widget=DATE)
    respondent = forms.ChoiceField(label=_("Answered by"), choices=Measurement.Respondent.choices)

    def __init__(self, *args, definition, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        if definition.get("kind") == "domain_scores":
            for domain in definition["domains"]:
                low, high = domain["range"]
                self.fields[f"d_{domain['code']}"] = forms.IntegerField(
                    label=instruments.domain_label(definition, domain["code"]),
                    min_value=low,
                    max_value=high,
                    required=False,
                )
            return
        choices = [(o["value"], instruments.option_label(o, version)) for o in definition["options"]]
        for item in definition["items"]:
            self.fields[f"i_{item['id']}"] = forms.TypedChoiceField(
                label=instruments.item_text(item, version),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self):
        prefix = "d_" if self.definition.get("kind") == "domain_scores" else "i_"
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value not in (None, "")
        }

    def item_fields(self):
        return [self[name] for name in self.fields if name.startswith(("i_", "d_"))]


# ── A licensed instrument's item wording (people.views_instruments) ───────────────────────────────────────────────


def _wording_choices():
    return [(code, instruments.name(d)) for code, d in instruments.needing_wording().items()]


class WordingUploadForm(forms.Form):
    """Step 1: the instrument and the licence holder's wording file (the file `import_qol_wording` reads)."""

    instrument = forms.ChoiceField(label=_("Instrument"), choices=_wording_choices)
    file = forms.FileField(
        label=_("Wording file (YAML)"),
        help_text=_('UTF-8 text mapping every item to its wording: q1: {text_lt: "…", text_en: "…"}, one item a line.'),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        kind = uploads.check(upload)
        if kind is not uploads.TXT:
            raise ValidationError(_("Upload the wording as a YAML text file (.yaml)."), code="type")
        upload.seek(0)
        content = upload.read()
        self.cleaned_data["wording"] = instruments.read_wording(content)
        return safe_yaml.decode(content)

    def clean(self):
        data = super().clean()
        if "wording" in data and data.get("instrument"):
            try:
                data["definition"] = instruments.worded(data["instrument"], data["wording"])
            except ValidationError as exc:
                self.add_error("file", exc)
        return data


class WordingConfirmForm(forms.Form):
    """Step 2: the previewed file, carried back unchanged and checked again before anything is written."""

    instrument = forms.ChoiceField(choices=_wording_choices, widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=safe_yaml.MAX_BYTES)

    def clean(self):
        data = super().clean()
        if data.get("instrument") and data.get("content"):
            try:
                instruments.worded(data["instrument"], instruments.read_wording(data["content"].encode()))
            except ValidationError as exc:
                self.add_error(None, exc)
        return data
