from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kokybe.lib import throttle
from orgs.models import Unit
from orgs.roles import Role

from .models import Invitation, User

# Each language named in itself, so a person who does not read the current one still finds theirs.
LANGUAGE_CHOICES = [("lt", "Lietuvių"), ("en", "English")]


THROTTLED = _("Too many failed attempts. Wait %(minutes)s minutes and try again, or reset your password by e-mail.")


class ThrottledLogin:
    """Counts failed logins per e-mail address and per client address (kokybe/lib/throttle.py) and, past either limit,
    refuses even the right password. Every login door uses it, so /admin/login/ shares the app's counters."""

    def clean(self):
        address, ip = self.data.get("username", ""), f"ip:{throttle.client_ip(self.request)}"
        keys = (address, ip)
        # One account guessed at, or one address guessing at many accounts (a whole centre may share that address,
        # hence the higher limit).
        if throttle.blocked("login", [address], settings.LOGIN_FAILURE_LIMIT) or throttle.blocked(
            "login", [ip], settings.LOGIN_FAILURE_LIMIT_PER_IP
        ):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise ValidationError(THROTTLED, code="throttled", params={"minutes": minutes})
        try:
            data = super().clean()
        except ValidationError:
            throttle.hit("login", keys, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            raise
        throttle.clear("login", keys[:1])
        return data


class LoginForm(ThrottledLogin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    # Unticked, the session ends when the browser closes or after SESSION_IDLE_SECONDS without a request
    # (accounts/sessions.py); ticked, it lasts SESSION_COOKIE_AGE (SESSION_REMEMBER_DAYS, 7 days).
    remember = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.SESSION_REMEMBER_DAYS
        self.fields["remember"].label = ngettext(
            "Remember me on this device for %(days)s day", "Remember me on this device for %(days)s days", days
        ) % {"days": days}

    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong. Please check them and try again."),
        "inactive": _("This account has been switched off. Ask your organisation's quality coordinator."),
    }


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Interface language"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class ResetForm(PasswordResetForm):
    """Django's reset form, with the mail in the recipient's own language and links to settings.SITE_URL."""

    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def save(self, *args, request=None, **kwargs):
        # The page says "sent" either way (it never tells whether an address has an account); past the limit no
        # mail goes out, so nobody can flood an inbox through this form.
        keys = (self.cleaned_data["email"], f"ip:{throttle.client_ip(request)}")
        if throttle.blocked("reset", keys, settings.PASSWORD_RESET_LIMIT):
            return
        throttle.hit("reset", keys, settings.PASSWORD_RESET_WINDOW_SECONDS)
        super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        context["site_url"] = settings.SITE_URL
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class InvitationForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = Invitation
        fields = ["email", "role", "access_until", "unit", "position", "language"]
        labels = {"email": _("E-mail address")}
        widgets = {"access_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, org, by, **kwargs):
        super().__init__(*args, instance=Invitation(org=org, invited_by=by), **kwargs)
        self.fields["role"].choices = [("", _("Choose a role")), *Role.choices]
        self.fields["unit"].queryset = Unit.objects.for_org(org)
        self.fields["unit"].empty_label = _("No particular unit")
        self.fields["language"].initial = by.language

    def clean_access_until(self):
        value = self.cleaned_data["access_until"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The access end date cannot be in the past."))
        return value


class InvitationSignupForm(SetPasswordMixin, forms.Form):
    """A new person's account, created from an invitation: the invitation fixes the e-mail address."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    language = forms.ChoiceField(label=_("Interface language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["language"].initial = invitation.language

    def clean(self):
        self.validate_passwords()
        self.validate_password_for_user(User(email=self.invitation.email, full_name=self.cleaned_data.get("full_name")))
        return super().clean()


class SecondFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # People type codes with spaces ("123 456"), as the apps show them; recovery codes keep their hyphen.
        return "".join(self.cleaned_data["code"].split()).lower()


class AppConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("The six digits your app shows"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or not self.device.verify_token(code):
            raise ValidationError(
                _("That code did not match. Check that the phone's clock is right and type the code the app shows now.")
            )
        return code


class SecondFactorPolicyForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles that must log in with a second factor"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the member is told this, and it stays in the activity log)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: lost her phone, asked by phone on 2026-12-07; identity checked in person."),
    )
