"""Who is calling: a personal access token (Authorization: Bearer kok_…) or the signed-in session (with CSRF)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from .models import ApiToken

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
        return api_token


class SessionAuth(APIKeyCookie):
    """The same-origin pages' own session; ninja checks the CSRF token on every unsafe method."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            request.api_token = None
            return request.user
        return None
