from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe.lib import uploads
from kokybe.lib.concurrency import EditGuard
from orgs.models import Membership, Service, Unit
from people.models import ServiceUser

from .models import Category, Channel, Complaint, ComplaintRules, Conclusion, Contact, Effect, RootCause, TimelineEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT_LIMIT = 5000


class UploadField(forms.FileField):
    """A file checked by content through kokybe.lib.uploads (size, type, polyglots)."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data:
            uploads.check(data)
        return data


def _members(org):
    return get_user_model().objects.filter(pk__in=Membership.objects.for_org(org).active().values("user"))


class CategoryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class ComplaintForm(EditGuard, forms.ModelForm):
    upload = UploadField(label=_("Original (scan or file)"), required=False)

    class Meta:
        model = Complaint
        fields = [
            "kind",
            "channel",
            "received_at",
            "subject",
            "description",
            "identity",
            "service",
            "unit",
            "categories",
            "severity",
            "people_concerned",
            "service_user",
            "owner",
            "acknowledged_on",
            "misdirected",
            "possible_abuse",
        ]
        widgets = {
            "received_at": DATETIME,
            "acknowledged_on": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "categories": forms.CheckboxSelectMultiple,
            "people_concerned": forms.SelectMultiple(attrs={"size": 5}),
        }
        field_classes = {"categories": CategoryChoice}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        members = _members(org)
        self.fields["service"].queryset = Service.objects.for_org(org)
        self.fields["unit"].queryset = Unit.objects.for_org(org)
        self.fields["categories"].queryset = Category.objects.for_org(org).select_related("parent")
        self.fields["people_concerned"].queryset = members
        self.fields["owner"].queryset = members
        self.fields["service_user"].queryset = ServiceUser.objects.for_org(org)
        self.fields["received_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            # The number and the deadlines follow from the kind and the day of receipt: fixed once registered.
            for name in ("kind", "received_at", "upload"):
                self.fields.pop(name)
        else:
            self.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "address"]


class TimelineForm(forms.ModelForm):
    upload = UploadField(label=_("File"), required=False)

    class Meta:
        model = TimelineEntry
        fields = ["type", "happened_on", "text"]
        widgets = {"happened_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (working days)"), min_value=1)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT)
    extended_on = forms.DateField(label=_("Extended on"), widget=DATE, initial=timezone.localdate)
    notified_on = forms.DateField(label=_("Person told on"), widget=DATE, required=False)

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.most = rule.extension_max_days
        self.fields["days"].widget.attrs["max"] = self.most

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days > self.most:
            raise forms.ValidationError(
                _("The term may be extended by at most %(n)s working days."), params={"n": self.most}
            )
        return days


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(label=_("Forwarded to (the competent body)"), max_length=255)
    forwarded_on = forms.DateField(label=_("Forwarded on"), widget=DATE, initial=timezone.localdate)
    notified_on = forms.DateField(label=_("Person told on"), widget=DATE, required=False)


class DecideForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["conclusion", "decided_on", "root_cause", "remedy", "reply", "reply_published"]
        widgets = {
            "decided_on": DATE,
            "remedy": forms.Textarea(attrs={"rows": 3}),
            "reply": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root_cause"].queryset = RootCause.objects.for_org(org)
        self.fields["conclusion"].choices = [c for c in Conclusion.choices if c[0] != Conclusion.FORWARDED]
        self.fields["conclusion"].required = True
        self.fields["decided_on"].required = True
        if not self.initial.get("decided_on"):
            self.initial["decided_on"] = timezone.localdate()


class ReplySentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE, initial=timezone.localdate)
    via = forms.ChoiceField(label=_("Sent by"), choices=Channel.choices)


class CloseForm(forms.Form):
    effect = forms.ChoiceField(
        label=_("Did the improvement take effect?"), choices=Effect.choices, required=False, widget=forms.RadioSelect
    )


class RulesForm(forms.ModelForm):
    class Meta:
        model = ComplaintRules
        fields = [
            "decision_days",
            "extension_max_days",
            "extension_notice_days",
            "forward_days",
            "forward_notice_days",
            "acknowledge_days",
            "public_intake",
            "accepts_anonymous",
            "anonymous_note",
            "publish_statistics",
            "reply_template",
        ]
        widgets = {
            "anonymous_note": forms.Textarea(attrs={"rows": 3}),
            "reply_template": forms.Textarea(attrs={"rows": 12}),
        }


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "parent", "principles"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.for_org(org).filter(parent=None)


class RootCauseForm(forms.ModelForm):
    class Meta:
        model = RootCause
        fields = ["name"]
