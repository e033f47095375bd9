"""Who is calling: a personal access token (Authorization: Bearer kok_…) or the signed-in session (with CSRF)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from kokybe.lib import throttle
from orgs.models import Membership

from .models import ApiToken
from .problems import Problem, not_found

# last_used_at is written at most this often per token: a busy integration must not turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.api_token = api_token
        resolve_org(request, api_token.user, api_token)
        return api_token


class SessionAuth(APIKeyCookie):
    """The same-origin pages' own session; ninja checks the CSRF token on every unsafe method."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            request.api_token = None
            resolve_org(request, request.user, None)
            return request.user
        return None


def resolve_org(request, user, token):
    """The organisation of the path and the caller's membership in it, or 404 — before the body is even read, so an
    outsider learns nothing from how a request is refused. Counts the request against the caller's rate limit."""
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match is not None else None
    request.org = request.membership = None
    if slug is None:
        return
    if token is not None and token.org.slug != slug:
        raise not_found()
    membership = (
        Membership.objects.active().select_related("org", "user", "unit").filter(user=user, org__slug=slug).first()
    )
    if membership is None:
        raise not_found()
    _throttle(token, user)
    request.org, request.membership, request.user = membership.org, membership, user


def _throttle(token, user):
    key = f"token:{token.pk}" if token is not None else f"user:{user.pk}"
    limit, window = settings.API_RATE_LIMIT
    if not throttle.allow("api", [key], limit, window):
        detail = _("Too many requests: at most %(n)s in %(s)s seconds.") % {"n": limit, "s": window}
        raise Problem(429, detail, headers={"Retry-After": str(window)})
