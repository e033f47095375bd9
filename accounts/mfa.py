"""The second factor: authenticator apps (TOTP), passkeys (WebAuthn) and recovery codes, on django-otp.

A login is two steps. The password (or single sign-on) makes the person logged in but *not verified*; while unverified,
`SecondFactorMiddleware` lets them reach only the second-factor pages and logout:

- someone who has a device is sent to enter a code or use a passkey (`accounts:mfa_verify`) — whether or not anyone
  requires it, since a device nobody asks for protects nothing;
- someone who must have one and has none is sent to set one up (`accounts:mfa_devices`): superusers, anyone opening the
  Django admin, and members whose organisation requires it of their role (`SecondFactorPolicy`).

Secrets at rest (accounts/models.py): an authenticator app's key is encrypted (FIELD_ENCRYPTION_KEYS), and recovery
codes are kept only as keyed, salted hashes. Each code works once, and is shown to its owner once (the page keeps
them in the session only until the person says they have saved them).
"""

import secrets
import time
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from kokybe.lib import mail
from orgs.models import Membership

from .models import AuthenticatorApp, RecoveryCode, RecoveryCodes

# The session remembers for a while that an unverified person needs nothing, so a login without a second factor does
# not cost the device and policy queries on every request.
CHECKED = "kokybe_mfa_checked"
CHECK_SECONDS = 300
FRESH_CODES = "kokybe_mfa_fresh_codes"
RECOVERY_NAME = "recovery"


def is_required(user):
    """Must this person log in with a second factor? Superusers always; members whose organisation says so of their
    role (in any organisation where they are an active member)."""
    if user.is_superuser:
        return True
    memberships = Membership.objects.active().filter(user=user).select_related("org__second_factor_policy")
    for membership in memberships:
        policy = getattr(membership.org, "second_factor_policy", None)
        if policy is not None and membership.role in policy.roles:
            return True
    return False


def devices(user):
    """The person's confirmed authenticator apps and passkeys (recovery codes are not a device of their own)."""
    apps = list(AuthenticatorApp.objects.devices_for_user(user, confirmed=True))
    passkeys = list(WebAuthnCredential.objects.devices_for_user(user, confirmed=True))
    return apps, passkeys


def has_device(user):
    return (
        AuthenticatorApp.objects.devices_for_user(user, confirmed=True).exists()
        or WebAuthnCredential.objects.devices_for_user(user, confirmed=True).exists()
    )


def recovery_device(user):
    return RecoveryCodes.objects.filter(user=user, name=RECOVERY_NAME).first()


def recovery_codes_left(user):
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def new_recovery_code():
    # Ten characters in two groups, without letters that are easy to misread (0/O, 1/l/I).
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def recovery_codes_renew(user):
    """A fresh set of recovery codes; every earlier code stops working."""
    device, _created = RecoveryCodes.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    codes = [new_recovery_code() for _ in range(settings.RECOVERY_CODES)]
    device.set_codes(codes)
    return codes


# What a security mail says changed (ASVS 2.2.3, 2.5.5); English msgids, translated in the recipient's language.
CHANGES = {
    "app_added": gettext_lazy("an authenticator app was added."),
    "passkey_added": gettext_lazy("a passkey was added."),
    "device_removed": gettext_lazy("a second-factor device was removed."),
    "codes_renewed": gettext_lazy("new recovery codes were made; the old ones no longer work."),
    "password_changed": gettext_lazy("the password was changed."),
}


def notify_change(user, change):
    """Tell the person by e-mail that how they log in has changed, so a change they did not make does not go unseen."""
    context = {"user": user, "what": CHANGES[change], "when": timezone.now(), "site_url": settings.SITE_URL}
    mail.send_to(user, "accounts/email/security_change_subject.txt", "accounts/email/security_change_body.txt", context)


def verified(request, device):
    """The second step has succeeded: mark the session and give it a new key (a key seen before this step — on a shared
    computer, in a log — must not carry the verified session)."""
    otp_login(request, device)
    request.session.cycle_key()
    request.session.pop(CHECKED, None)


def forget_check(request):
    request.session.pop(CHECKED, None)


def _exempt_prefixes():
    return (
        reverse("accounts:mfa_verify"),  # every second-factor page lives under it
        reverse("accounts:logout"),
        reverse("set_language"),
        reverse("healthz"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


def _to(name, request):
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    """Keeps an unverified session to the second-factor pages when it needs a second factor (after OTPMiddleware and
    MessageMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(_exempt_prefixes()):
            response = self._step(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _step(self, request, user):
        admin = request.path.startswith(reverse("admin:index")) and user.is_staff
        checked = request.session.get(CHECKED)
        if not admin and checked and time.time() - checked < CHECK_SECONDS:
            return None
        if has_device(user):
            return redirect(_to("accounts:mfa_verify", request))
        if admin or is_required(user):
            messages.info(request, _("Your account needs a second factor. Set one up to continue."))
            return redirect(_to("accounts:mfa_devices", request))
        request.session[CHECKED] = int(time.time())
        return None


def passkey_rp_id(request):
    """Passkeys belong to the site's host name: WEBAUTHN_RP_ID, else SITE_URL's; `localhost` when the page is served
    there (development and the browser tests), because a browser offers passkeys only to the host it is on."""
    host = request.get_host().rsplit(":", 1)[0] if request is not None else ""
    if host == "localhost":
        return host
    return settings.WEBAUTHN_RP_ID or urlparse(settings.SITE_URL).hostname


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self):
        origins = list(super().get_allowed_origins())
        # A page served on localhost (any port) may use passkeys made for localhost.
        if passkey_rp_id(self.request) == "localhost":
            origins.append(f"{self.request.scheme}://{self.request.get_host()}")
        return origins
