from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib import uploads
from kokybe.lib.concurrency import EditGuard
from orgs.models import Service, Unit
from orgs.roles import Role

from .models import CompetenceSettings, Course, PlannedCourse, TrainingPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadField(forms.FileField):
    """A certificate checked by content through kokybe.lib.uploads (size, type, polyglots)."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data:
            uploads.check(data)
        return data


class CourseForm(EditGuard, forms.ModelForm):
    mandatory_roles = forms.MultipleChoiceField(
        label=_("mandatory for roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Course
        fields = [
            "name_lt",
            "name_en",
            "topic",
            "provider",
            "hours",
            "validity_months",
            "mandatory_all",
            "mandatory_roles",
            "mandatory_units",
            "mandatory_services",
            "mandatory_positions",
            "is_active",
        ]
        widgets = {
            "mandatory_units": forms.CheckboxSelectMultiple,
            "mandatory_services": forms.CheckboxSelectMultiple,
            "mandatory_positions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandatory_units"].queryset = Unit.objects.for_org(org)
        self.fields["mandatory_services"].queryset = Service.objects.for_org(org)


class _RecordFields(forms.Form):
    completed_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A training is recorded once it has taken place."))
        return day


class RecordForm(_RecordFields):
    """A training of one person; `people` (Membership rows) when the author may record for others."""

    field_order = ["person", "course", "completed_on", "hours", "provider", "note", "certificate"]
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    certificate = UploadField(label=_("Certificate (PDF or picture)"), required=False)

    def __init__(self, *args, org, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.for_org(org).active()
        if people:
            self.fields["person"] = forms.TypedChoiceField(
                label=_("Person"), coerce=int, choices=[(m.user_id, str(m.user)) for m in people]
            )
            self.order_fields(self.field_order)


class RecordEditForm(_RecordFields):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    certificate = UploadField(label=_("New certificate (PDF or picture)"), required=False)


class EventForm(_RecordFields):
    """One training attended by many (bulk entry)."""

    field_order = ["course", "completed_on", "hours", "provider", "people"]
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    people = forms.TypedMultipleChoiceField(
        label=_("Attendees"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, org, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.for_org(org).active()
        self.fields["people"].choices = [(m.user_id, str(m.user)) for m in people]
        self.fields["hours"].required = False
        self.fields["hours"].help_text = _("Empty: the course's hours.")
        self.order_fields(self.field_order)


class ProgrammeTrainingForm(forms.Form):
    """The course a programme training is recorded as: one of the catalogue, or a new one."""

    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), required=False, empty_label=_("A new course, named below")
    )
    new_course_name = forms.CharField(
        label=_("Name of the new course"),
        max_length=200,
        required=False,
        help_text=_(
            "Only when no course of the catalogue fits. Its validity and whom it is mandatory for are set in the catalogue."
        ),
    )

    def __init__(self, *args, org, event, **kwargs):
        super().__init__(*args, **kwargs)
        courses = Course.objects.for_org(org).active()
        self.fields["course"].queryset = courses
        self.fields["new_course_name"].initial = event.title[:200]
        named = next((c for c in courses if c.name_lt.casefold() == event.title.strip().casefold()), None)
        if named is not None:
            self.fields["course"].initial = named.pk

    def clean(self):
        data = super().clean()
        if not data.get("course") and not (data.get("new_course_name") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose a course of the catalogue or name a new one."))
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CompetenceSettings
        fields = ["yearly_hours", "legal_source"]


class PlanForm(EditGuard, forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["unit", "year", "budget", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, whole_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = not whole_org
        self.fields["unit"].empty_label = _("The whole organisation") if whole_org else None


class PlannedCourseForm(forms.ModelForm):
    class Meta:
        model = PlannedCourse
        fields = ["course", "month", "people", "cost"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.for_org(org).active()


PlannedCourseFormSet = forms.inlineformset_factory(
    TrainingPlan, PlannedCourse, form=PlannedCourseForm, extra=3, can_delete=True, max_num=100, validate_max=True
)
