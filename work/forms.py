from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kokybe.lib.concurrency import EditGuard
from orgs.models import Membership, Service, Unit

from .models import Milestone, MilestoneKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MilestoneForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "title", "start_date", "end_date", "responsible", "unit", "service", "description"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.for_org(org).active().values("user_id")
        self.fields["responsible"].queryset = User.objects.filter(pk__in=members)
        self.fields["unit"].queryset = Unit.objects.for_org(org)
        self.fields["service"].queryset = Service.objects.for_org(org)


class MilestoneFilterForm(forms.Form):
    """The list view's filters; invalid values are ignored rather than refused (it is a GET form)."""

    UPCOMING, PAST, ALL = "upcoming", "past", "all"
    WHEN = [(UPCOMING, _("Upcoming")), (PAST, _("Past")), (ALL, _("All"))]

    when = forms.ChoiceField(label=_("Show"), choices=WHEN, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *MilestoneKind.choices], required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def filter(self, queryset, today):
        self.is_valid()  # cleaned_data keeps the fields that are valid even when another is not
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.filter(start_date__year=data["year"])
        # With a year chosen the whole year is shown unless past/upcoming is asked for explicitly.
        when = data.get("when") or (self.ALL if data.get("year") else self.UPCOMING)
        if when == self.UPCOMING:
            return queryset.upcoming(today).order_by("start_date", "id"), when
        if when == self.PAST:
            return queryset.past(today).order_by("-start_date", "-id"), when
        return queryset.order_by("start_date", "id"), when
