from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DIMENSIONS, Application, MilestoneStep, Programme, ProgrammeEvent, Wave


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

    picks = forms.MultipleChoiceField(
        label=_("What the providers are asked for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a round that asks for several things, such as a results round."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.fields["what"].choices = [
            (f"{kind.key}:{value}", f"{kind.name}: {label}")
            for kind in kinds.values()
            for value, label in kind.options()
        ]
        with_picks = [kind for kind in kinds.values() if kind.picks is not None]
        self.fields["picks"].choices = [
            (f"{kind.key}:{value}", f"{label}" if len(with_picks) == 1 else f"{kind.name}: {label}")
            for kind in with_picks
            for value, label in kind.picks()
        ]
        if not with_picks:
            del self.fields["picks"]
        elif len(with_picks) == 1 and with_picks[0].picks_label:
            self.fields["picks"].label = with_picks[0].picks_label

    def clean(self):
        data = super().clean()
        if "what" not in data or "picks" not in self.fields:
            return data
        kind = self.kinds[data["what"].partition(":")[0]]
        picks = data.get("picks") or []
        if kind.picks is not None and not picks:
            self.add_error("picks", _("Choose at least one of the offered items."))
        elif any(p.partition(":")[0] != kind.key for p in picks):
            self.add_error("picks", _("These items belong to another kind of round: leave them unticked."))
        return data

    def chosen_picks(self):
        return [p.partition(":")[2] for p in self.cleaned_data.get("picks") or []]

    def clean_due_date(self):
        from django.utils import timezone

        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due

    def kind_and_option(self):
        key, _sep, option = self.cleaned_data["what"].partition(":")
        return self.kinds[key], option


# ── Applications to join ─────────────────────────────────────────────────────────────────────────────────────────

HONEYPOT = "website"


class ApplicationForm(forms.ModelForm):
    """The public application form. The honeypot field is filled only by bots (hidden from people and screen
    readers); the view thanks them and stores nothing."""

    class Meta:
        model = Application
        fields = ["org_name", "company_code", "municipality", "services", "contact_name", "email", "phone"]
        widgets = {
            "services": forms.Textarea(attrs={"rows": 5}),
            "company_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "org_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(required=False)
        # People write a code as "300 000 003"; the spaces go in clean_company_code, then the model's 9 digits hold.
        self.fields["company_code"].max_length = 20
        self.fields["company_code"].validators = []
        self.fields["company_code"].widget.attrs["maxlength"] = 20

    def clean_company_code(self):
        return "".join(self.cleaned_data["company_code"].split())

    def application_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApplicationAcceptForm(forms.Form):
    wave = forms.ModelChoiceField(label=_("Wave"), queryset=Wave.objects.none(), required=False)
    consultant = forms.ModelChoiceField(label=_("Assigned consultant"), queryset=None, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = programme.waves.all()
        self.fields["consultant"].queryset = programme.consultants.order_by("full_name", "email")
        self.fields["consultant"].label_from_instance = lambda user: user.get_full_name() or user.email


class ApplicationDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant reads it in the e-mail)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ApplicationSettingsForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["accepts_applications", "application_slug"]


class ParticipantsUploadForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx) of participants"))


# ── Consultant visits and programme trainings ────────────────────────────────────────────────────────────────────


def _participation_field(participations, required):
    field = forms.ModelChoiceField(
        label=_("Provider"), queryset=participations.select_related("org").order_by("org__name"), required=required
    )
    field.label_from_instance = lambda p: p.org.name
    return field


class AttendanceFields(forms.Form):
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("Names or e-mail addresses of the provider's staff, one a line."),
    )
    count = forms.IntegerField(
        label=_("Number of attendees"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Left empty: the number of lines above."),
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = ProgrammeEvent
        fields = ["kind", "title", "on", "hours", "led_by", "step", "agenda", "notes"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = MilestoneStep.objects.filter(template_id=programme.milestone_template_id)
        self.fields["participation"] = _participation_field(participations, required=False)
        self.fields["participation"].help_text = _("For a visit: the provider visited.")
        self.fields.update(AttendanceFields().fields)


class AttendanceForm(AttendanceFields):
    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"participation": _participation_field(participations, required=True), **self.fields}
