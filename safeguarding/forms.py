from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib.concurrency import EditGuard
from orgs.models import Membership, Unit

from .models import AgeGroup, Alleged, Authority, ChronologyEntry, Event, EventType, Lead, Notice, Rule, Setting


class LocalDateTimeInput(forms.DateTimeInput):
    """The phone's own date-and-time picker, no script needed."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


class EventForm(forms.ModelForm):
    """What anyone records, fast: the first block is all a phone user must fill in."""

    person = forms.CharField(
        label=_("Person harmed: service user reference"),
        required=False,
        max_length=16,
        help_text=_("The pseudonymous reference, e.g. P-7F3K. Never write a name here."),
    )

    class Meta:
        model = Event
        fields = [
            "type",
            "happened_at",
            "aware_at",
            "place",
            "setting",
            "unit",
            "age_group",
            "alleged",
            "immediate_steps",
            "facts",
            "opinions",
            "money_owner",
            "amount",
            "period_from",
            "period_to",
            "found_how",
            "reconciliation_ref",
        ]
        widgets = {
            "happened_at": LocalDateTimeInput(),
            "aware_at": LocalDateTimeInput(),
            "type": forms.RadioSelect,
            "age_group": forms.RadioSelect,
            "alleged": forms.RadioSelect,
            "place": forms.TextInput,
            "reconciliation_ref": forms.TextInput,
            "immediate_steps": forms.Textarea(attrs={"rows": 3}),
            "facts": forms.Textarea(attrs={"rows": 5}),
            "opinions": forms.Textarea(attrs={"rows": 3}),
            "period_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "facts": _("Only what you saw, heard or were told, in the words used. Opinions go in the next field."),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["unit"].queryset = Unit.objects.for_org(org).order_by("name")
        self.fields["age_group"].required = False
        self.fields["age_group"].help_text = _("Child or adult changes whom the law says must be told.")
        if not self.is_bound:
            self.initial.setdefault("happened_at", _now_local())
            self.initial.setdefault("aware_at", _now_local())
        # Radio buttons without an empty choice: a blank would be a dead tap target on a phone.
        for name in ("type", "age_group", "alleged"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def clean_person(self):
        from people.models import ServiceUser

        reference = self.cleaned_data["person"].strip().upper()
        if not reference:
            return None
        person = ServiceUser.objects.for_org(self.org).filter(reference=reference).first()
        if person is None:
            raise forms.ValidationError(_("No service user of this organisation has this reference."))
        return person

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if not data.get("age_group"):
            if person is not None:
                data["age_group"] = person.age_group
            else:
                self.add_error("age_group", _("Choose the age group (or “No person harmed”)."))
        return data

    def event_fields(self):
        data = dict(self.cleaned_data)
        data["service_user"] = data.pop("person")
        return data


class HandlingForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["severity", "support_given", "outcome", "root_cause"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("support_given", "outcome", "root_cause")}


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Event.Status.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EntryForm(forms.Form):
    text = forms.CharField(label=_("New chronology entry"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    corrects = forms.ModelChoiceField(
        label=_("Corrects the entry"),
        queryset=ChronologyEntry.objects.none(),
        required=False,
        help_text=_("Entries are never changed: a correction is a new entry that points at the old one."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = event.chronology.all()
        self.fields["corrects"].label_from_instance = lambda e: f"{timezone.localtime(e.at):%Y-%m-%d %H:%M}"


class NoticeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(Notice.Status.SENT, _("Sent")), (Notice.Status.NOT_APPLICABLE, _("Not applicable"))],
        widget=forms.RadioSelect,
    )
    sent_at = forms.DateTimeField(label=_("Sent at"), required=False, widget=LocalDateTimeInput())
    channel = forms.CharField(label=_("Channel"), required=False, max_length=100)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)
    proof = forms.CharField(label=_("Proof"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Why it does not apply"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _members(org):
    return Membership.objects.for_org(org).active().select_related("user").order_by("user__full_name", "user__email")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return membership.user.get_full_name() or membership.user.email


class MemberForm(forms.Form):
    membership = PersonChoice(label=_("Add a person to this case"), queryset=Membership.objects.none())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members(org)


class LeadForm(forms.Form):
    membership = PersonChoice(label=_("Person"), queryset=Membership.objects.none())
    kind = forms.ChoiceField(label=_("As"), choices=Lead.Kind.choices)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members(org)


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must you open this case?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The safeguarding leads are told at once and see this reason."),
    )


class AuthorityForm(EditGuard, forms.ModelForm):
    class Meta:
        model = Authority
        fields = ["name", "contacts"]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Everyone who reads the implementation plan sees this text: describe the improvement, not the case — "
            "no names, references, dates or details of what happened."
        ),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


def _choices_field(label, choices):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all."),
    )


class RuleForm(EditGuard, forms.ModelForm):
    """A notification rule as data: its trigger (ticked lists, none ticked meaning all), its clock and its terms."""

    event_types = _choices_field(_("Event types"), EventType.choices)
    age_groups = _choices_field(_("Age groups"), AgeGroup.choices)
    settings = _choices_field(_("Where the service is given"), Setting.choices)
    alleged = _choices_field(_("Who is alleged"), Alleged.choices)

    class Meta:
        model = Rule
        fields = [
            "authority_kind",
            "event_types",
            "age_groups",
            "settings",
            "alleged",
            "clock",
            "amount",
            "channel",
            "content",
            "source",
            "active",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}
