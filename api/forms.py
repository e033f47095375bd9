from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Membership, Organisation

from . import outbound
from .models import ApiToken, ProgrammeToken, Webhook, WebhookEvent

# A token lives at most a year: a forgotten integration stops by itself.
MAX_DAYS = 366
DEFAULT_DAYS = 90


class TokenForm(forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = ApiToken
        fields = ["name", "org", "scope", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organisation.objects.filter(
            pk__in=Membership.objects.active().filter(user=user).values("org_id")
        ).order_by("name")
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)
        self.fields["expires_on"].help_text = _("At most a year from today.")

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("The expiry date cannot be in the past."))
        if value > today + timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("A token can be valid for at most a year."))
        return value


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["url", "events"]
        help_texts = {
            "url": _(
                "Kokybė sends a signed POST request to this address when a chosen event happens. It must be an "
                "https:// address on the public internet."
            )
        }

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            outbound.check(url)
        except outbound.Refused as exc:
            raise forms.ValidationError(exc.messages, code=exc.code) from None
        return url


class ProgrammeTokenForm(forms.ModelForm):
    class Meta:
        model = ProgrammeToken
        fields = ["name", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)
        self.fields["expires_on"].help_text = _("At most a year from today.")

    clean_expires_on = TokenForm.clean_expires_on
