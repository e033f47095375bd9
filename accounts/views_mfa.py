"""The second-factor pages: log in with it, set it up, recovery codes, a lost device, and an organisation's policy.

The rules are in accounts/mfa.py. Every page here is open to a logged-in person who has not passed the second step
yet (the middleware lets them through); the pages that change devices then ask for that step first if the person
already has a device, so a stolen password alone can neither add nor remove one.
"""

import base64
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import match_token
from django_otp_webauthn import views as passkey_views
from django_otp_webauthn.models import WebAuthnCredential

from kokybe.lib import downloads, throttle
from kokybe.lib.forms import add_service_errors
from kokybe.lib.redirects import safe_next
from orgs.gate import org_view
from orgs.models import Membership
from orgs.roles import MANAGERS, Role

from . import mfa, services
from .forms import AppConfirmForm, SecondFactorCodeForm, SecondFactorPolicyForm, SecondFactorResetForm
from .models import AuthenticatorApp, RecoveryCodes

# Only the director resets a member's second factor (the organisation's highest role; a coordinator sets the policy).
DIRECTOR = frozenset({Role.DIRECTOR})
THROTTLED = gettext_lazy("Too many wrong codes. Wait %(minutes)s minutes and try again.")


def _second_step_first(view):
    """Managing devices needs the second step when the person already has a device."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified() and mfa.has_device(request.user):
            return redirect(f"{reverse('accounts:mfa_verify')}?{urlencode({'next': request.path})}")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def mfa_verify(request):
    user = request.user
    target = safe_next(request, settings.LOGIN_REDIRECT_URL)
    if user.is_verified():
        return redirect(target)
    apps, passkeys = mfa.devices(user)
    if not apps and not passkeys and not mfa.recovery_codes_left(user):
        return redirect(f"{reverse('accounts:mfa_devices')}?{urlencode({'next': target})}")
    form = SecondFactorCodeForm(request.POST or None)
    keys = (f"user:{user.pk}", f"ip:{throttle.client_ip(request)}")
    if request.method == "POST" and form.is_valid():
        if throttle.blocked("mfa", keys[:1], settings.LOGIN_FAILURE_LIMIT) or throttle.blocked(
            "mfa", keys[1:], settings.LOGIN_FAILURE_LIMIT_PER_IP
        ):
            form.add_error(None, THROTTLED % {"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)})
        elif device := match_token(user, form.cleaned_data["code"]):
            throttle.clear("mfa", keys[:1])
            mfa.verified(request, device)
            if isinstance(device, RecoveryCodes):
                left = device.codes.count()
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; %(left)s codes are left. If your phone or security key "
                        "is lost, remove it here and set up a new one."
                    )
                    % {"left": left},
                )
                return redirect("accounts:mfa_devices")
            return redirect(target)
        else:
            throttle.hit("mfa", keys, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            form.add_error("code", _("That code is not right, or it has already been used. Try again."))
    complete = f"{reverse('accounts:passkey_login_complete')}?{urlencode({'next': target})}"
    ctx = {"form": form, "next": target, "apps": apps, "passkeys": passkeys, "passkey_complete": complete}
    return render(request, "accounts/mfa/verify.html", ctx)


@require_http_methods(["GET"])
@login_required
def mfa_lost(request):
    return render(request, "accounts/mfa/lost.html", {"required": mfa.is_required(request.user)})


@never_cache
@require_http_methods(["GET"])
@_second_step_first
def mfa_devices(request):
    apps, passkeys = mfa.devices(request.user)
    ctx = {
        "apps": apps,
        "passkeys": passkeys,
        "codes_left": mfa.recovery_codes_left(request.user),
        "required": mfa.is_required(request.user),
        "next": safe_next(request, "") if request.GET.get("next") else "",
    }
    return render(request, "accounts/mfa/devices.html", ctx)


def _qr_svg(url):
    svg = qrcode.make(url, box_size=8, border=4, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET", "POST"])
@_second_step_first
def mfa_app_add(request):
    user = request.user
    device = AuthenticatorApp.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = AuthenticatorApp.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = AppConfirmForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AuthenticatorApp.objects.filter(user=user, confirmed=False).delete()
        mfa.verified(request, device)
        mfa.notify_change(user, "app_added")
        messages.success(request, _("The authenticator app is set up. Kokybė will ask for its code when you log in."))
        return _after_first_device(request)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    ctx = {"form": form, "qr": _qr_svg(device.config_url), "secret": _grouped(secret)}
    return render(request, "accounts/mfa/app_add.html", ctx)


def _after_first_device(request):
    """The first device comes with recovery codes, shown at once; later ones go back to the list."""
    if not mfa.recovery_codes_left(request.user):
        request.session[mfa.FRESH_CODES] = mfa.recovery_codes_renew(request.user)
        return redirect("accounts:mfa_codes")
    return redirect("accounts:mfa_devices")


@never_cache
@require_http_methods(["GET"])
@_second_step_first
def mfa_passkey_add(request):
    return render(request, "accounts/mfa/passkey_add.html")


@never_cache
@require_http_methods(["GET"])
@_second_step_first
def mfa_passkey_added(request):
    """Where the passkey page goes once the browser has made the passkey."""
    if not WebAuthnCredential.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect("accounts:mfa_passkey_add")
    messages.success(request, _("The passkey is saved. Kokybė will ask for it when you log in."))
    return _after_first_device(request)


@never_cache
@require_http_methods(["GET", "POST"])
@_second_step_first
def mfa_codes(request):
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            if not mfa.has_device(request.user):
                messages.error(request, _("Set up an authenticator app or a passkey first."))
                return redirect("accounts:mfa_devices")
            request.session[mfa.FRESH_CODES] = mfa.recovery_codes_renew(request.user)
            mfa.notify_change(request.user, "codes_renewed")
            return redirect("accounts:mfa_codes")
        request.session.pop(mfa.FRESH_CODES, None)
        return redirect("accounts:mfa_devices")
    ctx = {"codes": request.session.get(mfa.FRESH_CODES), "codes_left": mfa.recovery_codes_left(request.user)}
    return render(request, "accounts/mfa/codes.html", ctx)


@never_cache
@require_http_methods(["GET"])
@_second_step_first
def mfa_codes_download(request):
    codes = request.session.get(mfa.FRESH_CODES)
    if not codes:  # shown once: after "I have saved them" only new codes can be had
        return redirect("accounts:mfa_codes")
    lines = [
        _("Kokybė recovery codes for %(email)s") % {"email": request.user.email},
        _("Each code works once. Keep them somewhere safe, apart from your phone."),
        "",
        *codes,
        "",
    ]
    return downloads.attachment("\n".join(lines), downloads.filename("kokybe", _("recovery codes"), ext="txt"))


@require_POST
@_second_step_first
def mfa_device_remove(request, kind, pk):
    model = {"app": AuthenticatorApp, "passkey": WebAuthnCredential}.get(kind)
    if model is None:
        raise Http404
    get_object_or_404(model.objects.devices_for_user(request.user, confirmed=None), pk=pk).delete()
    mfa.notify_change(request.user, "device_removed")
    if not mfa.has_device(request.user):
        RecoveryCodes.objects.filter(user=request.user).delete()
        messages.warning(request, _("That was your last device: Kokybė will not ask for a second factor now."))
    else:
        messages.success(request, _("The device is removed. It can no longer be used to log in."))
    return redirect("accounts:mfa_devices")


class PasskeyRegisterBegin(passkey_views.BeginCredentialRegistrationView):
    pass


class PasskeyRegisterComplete(passkey_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        was_verified = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            mfa.notify_change(self.request.user, "passkey_added")
        if not was_verified and self.request.user.is_verified():
            self.request.session.cycle_key()
            mfa.forget_check(self.request)
        return response


class PasskeyLoginBegin(passkey_views.BeginCredentialAuthenticationView):
    pass


class PasskeyLoginComplete(passkey_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        mfa.verified(self.request, device)


def passkey_api(view_class):
    # The library's JSON views, only for a logged-in person and only by POST (a GET is 405).
    return login_required(method_decorator(require_POST, name="dispatch")(view_class).as_view())


@org_view(roles=MANAGERS)
def second_factor_policy(request):
    policy = getattr(request.org, "second_factor_policy", None)
    roles = policy.roles if policy else []
    form = SecondFactorPolicyForm(request.POST or None, initial={"roles": roles})
    if request.method == "POST" and form.is_valid():
        services.second_factor_policy_set(org=request.org, roles=form.cleaned_data["roles"], by=request.user)
        messages.success(request, _("Saved. Members in these roles will set up a second factor at their next login."))
        return redirect("security:policy", request.org.slug)
    members = list(Membership.objects.for_org(request.org).active().select_related("user"))
    ids = [m.user_id for m in members]
    enrolled = set(
        AuthenticatorApp.objects.filter(user__in=ids, confirmed=True).values_list("user_id", flat=True)
    ) | set(WebAuthnCredential.objects.filter(user__in=ids, confirmed=True).values_list("user_id", flat=True))
    rows = [(m, m.user_id in enrolled) for m in members if m.role in roles]
    # A director may reset the second factor of a member who lost it (second_factor_reset).
    resettable = []
    if request.membership.role in DIRECTOR:
        resettable = [
            m for m in members if m.user_id in enrolled and m.user_id != request.user.pk and not m.user.is_superuser
        ]
    ctx = {"form": form, "rows": rows, "resettable": resettable}
    return render(request, "accounts/mfa/policy.html", ctx)


@org_view(roles=DIRECTOR)
def second_factor_reset(request, pk):
    """A director removes the second factor of a member of their organisation who lost it (services.second_factor_reset
    says who may be reset and by whom)."""
    membership = get_object_or_404(Membership.objects.for_org(request.org).active().select_related("user"), pk=pk)
    refusal = services.second_factor_reset_refusal(membership=membership, by=request.user)
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            removed = services.second_factor_reset(
                membership=membership, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s device removed. %(name)s logs in with the password now and has been told by e-mail.",
                    "%(count)s devices removed. %(name)s logs in with the password now and has been told by e-mail.",
                    removed,
                )
                % {"count": removed, "name": membership.user},
            )
            return redirect("security:policy", request.org.slug)
    apps, passkeys = mfa.devices(membership.user)
    ctx = {
        "membership": membership,
        "form": form,
        "refusal": refusal,
        "apps": apps,
        "passkeys": passkeys,
        "codes_left": mfa.recovery_codes_left(membership.user),
    }
    return render(request, "accounts/mfa/reset.html", ctx)
