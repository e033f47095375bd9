"""Single sign-on with OpenID Connect (mozilla-django-oidc), on only where an operator configures it (README).

An organisation on Microsoft 365, Google Workspace or a Keycloak broker signs in there; Kokybė then needs an account
with the same e-mail address, which the provider says it has verified. Nobody gets an account, let alone a role, by
signing in: a person Kokybė does not know is refused with a page saying what to do (be invited). The second factor
rules (accounts/mfa.py) apply after it as after a password.
"""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


class VerifiedEmailBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        # Only an address the provider has checked belongs to the person may stand for a Kokybė account.
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip(), is_active=True)

    def create_user(self, claims):
        return None

    def update_user(self, user, claims):
        return user


class CallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        return reverse("accounts:sso_refused")


def _enabled():
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not configured.")


@require_GET
def sso_start(request):
    _enabled()
    return OIDCAuthenticationRequestView.as_view()(request)


@require_GET
def sso_callback(request):
    _enabled()
    return CallbackView.as_view()(request)
