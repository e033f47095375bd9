from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib.concurrency import EditGuard
from orgs.models import Service, Unit

from .library import MAX_BYTES
from .models import Campaign, InstrumentVersion, ProgrammeCampaign

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def version_choices(org):
    """Questionnaire versions an organisation may run: shipped or its own, in use (not a draft still being built,
    not retired)."""
    return (
        InstrumentVersion.objects.filter(instrument__in=_instruments(org), status=InstrumentVersion.Status.ACTIVE)
        .select_related("instrument")
        .order_by("instrument__audience", "instrument__code", "-created_at")
    )


def _instruments(org):
    from .models import Instrument

    return Instrument.objects.visible_to(org)


class VersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.instrument.title} ({obj.label})"


class CampaignForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "version",
            "starts_on",
            "ends_on",
            "services",
            "units",
            "respondent_groups",
            "anonymous",
            "public_link",
            "offer_easy_read",
            "served_count",
            "min_group_size",
            "weak_top2_below",
            "weak_mean_below",
            "weak_nps_below",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "services": forms.CheckboxSelectMultiple,
            "units": forms.CheckboxSelectMultiple,
            "respondent_groups": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"version": VersionField}

    def __init__(self, *args, org, has_responses=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = version_choices(org)
        self.fields["version"].label = _("Questionnaire")
        self.fields["services"].queryset = Service.objects.for_org(org).active()
        self.fields["units"].queryset = Unit.objects.for_org(org)
        self.fields["services"].help_text = _("Respondents choose among these; leave empty to ask no service.")
        self.fields["units"].help_text = _("Used when no services are chosen, e.g. for a staff survey.")
        if self.instance.pk:
            # A running survey keeps its questionnaire, and an anonymity promise once made is kept.
            del self.fields["version"]
            if has_responses:
                self.fields["anonymous"].disabled = True
        else:
            today = timezone.localdate()
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("ends_on", today + timezone.timedelta(days=30))


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paste addresses separated by new lines, commas or spaces. Each gets its own single-use link."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="lt")


class PaperForm(forms.Form):
    submitted_on = forms.DateField(
        label=_("Date on the questionnaire"),
        widget=DATE,
        help_text=_("The day it was filled in; if it has no date, the day you enter it."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Questionnaire file (YAML)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class ProgrammeCampaignForm(forms.ModelForm):
    orgs = forms.ModelMultipleChoiceField(label=_("Organisations"), queryset=None, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ProgrammeCampaign
        fields = ["title", "version", "starts_on", "ends_on", "min_group_size"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        field_classes = {"version": VersionField}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        from orgs.models import Organisation

        self.fields["version"].queryset = InstrumentVersion.objects.filter(
            instrument__org__isnull=True, status=InstrumentVersion.Status.ACTIVE
        ).select_related("instrument")
        self.fields["version"].label = _("Questionnaire")
        self.fields["orgs"].queryset = Organisation.objects.filter(
            programme_participations__programme=programme, programme_participations__left_on__isnull=True
        ).order_by("name")
        self.initial.setdefault("orgs", list(self.fields["orgs"].queryset))
        today = timezone.localdate()
        self.initial.setdefault("starts_on", today)
        self.initial.setdefault("ends_on", today + timezone.timedelta(days=30))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data


class SurveyEvidenceForm(forms.Form):
    """A finished survey's summary (aggregates only) as self-assessment evidence (kokybe.surfaces.EvidenceForm)."""

    prefix = "survey"
    campaign = forms.ModelChoiceField(label=_("Survey"), queryset=None)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = (
            Campaign.objects.for_org(org).finished().select_related("org").order_by("-ends_on", "-pk")
        )
        self.fields["campaign"].label_from_instance = lambda c: (
            _("%(title)s (%(start)s – %(end)s)")
            % {
                "title": c.title,
                "start": c.starts_on.isoformat(),
                "end": c.ends_on.isoformat(),
            }
        )

    def item_fields(self):
        return {"kind": "survey", "campaign": self.cleaned_data["campaign"]}
