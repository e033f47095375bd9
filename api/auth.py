"""Who is calling: a personal access token (Authorization: Bearer kok_…) or the signed-in session (with CSRF)."""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from kokybe.lib import throttle
from orgs.models import Membership

from .models import ApiToken, ProgrammeToken
from .problems import Problem, not_found


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
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


def count_request(token, limit, window, now=None):
    """Count one request against the token's fixed window and note its last use, in one atomic UPDATE; False (and
    nothing counted) when the window already holds `limit` requests. A window older than `window` seconds starts
    again at this request."""
    now = now or timezone.now()
    fresh = Q(window_started_at__gt=now - timedelta(seconds=window))
    counted = (
        type(token)
        .objects.filter(pk=token.pk)
        .filter(~fresh | Q(window_started_at__isnull=True) | Q(window_hits__lt=limit))
        .update(
            window_hits=Case(When(fresh, then=F("window_hits") + 1), default=Value(1)),
            window_started_at=Case(When(fresh, then=F("window_started_at")), default=Value(now)),
            last_used_at=now,
        )
    )
    return counted == 1


def _throttle(token, user):
    limit, window = settings.API_RATE_LIMIT
    if token is not None:
        allowed = count_request(token, limit, window)
    else:  # a signed-in page's session: the shared throttle in the cache
        allowed = throttle.allow("api", [f"user:{user.pk}"], limit, window)
    if not allowed:
        detail = _("Too many requests: at most %(n)s in %(s)s seconds.") % {"n": limit, "s": window}
        raise Problem(429, detail, headers={"Retry-After": str(_retry_after(token, window))})


def _retry_after(token, window):
    """Seconds until the token's window ends (as read at authentication), or the whole window for a session."""
    started = token.window_started_at if token is not None else None
    if started is None:
        return window
    left = window - (timezone.now() - started).total_seconds()
    return max(1, min(window, math.ceil(left)))


# ── Programme tokens: their own gate ─────────────────────────────────────────────────────────────────────────────


class ProgrammeTokenAuth(HttpBearer):
    """A programme token (kokp_…), on the programme endpoints only: an organisation's token is not one, and a
    programme token is not an organisation's (TokenAuth looks only among ApiTokens). It works only while its person
    still holds the role it was made with."""

    def authenticate(self, request, token):
        programme_token = ProgrammeToken.objects.authenticate(token)
        if programme_token is None or not programme_token.programme.holds(programme_token.user, programme_token.role):
            return None
        request.api_token = programme_token
        resolve_programme(request, programme_token.user, programme_token)
        return programme_token


class ProgrammeSessionAuth(APIKeyCookie):
    """A signed-in programme role on the same-origin pages (CSRF checked by ninja on unsafe methods)."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            request.api_token = None
            resolve_programme(request, request.user, None)
            return request.user
        return None


def resolve_programme(request, user, token):
    """The programme of the path and the caller's role in it, or 404 (as the programme's pages: nobody can probe which
    programmes exist). A token names its programme and its role; a session's role is the person's strongest."""
    from programmes.models import Programme

    match = request.resolver_match
    pk = match.kwargs.get("programme_id") if match is not None else None
    request.programme = request.programme_role = None
    if pk is None:
        return
    if token is not None:
        if str(token.programme_id) != str(pk):
            raise not_found()
        programme, role = token.programme, token.role
    else:
        valid = str(pk).isdigit() and int(pk) <= 2_147_483_647  # beyond a database integer: no programme
        programme = Programme.objects.open_to(user).filter(pk=pk).first() if valid else None
        role = programme.role_of(user) if programme is not None else None
        if role is None:
            raise not_found()
    _throttle(token, user)
    request.programme, request.programme_role, request.user = programme, role, user
