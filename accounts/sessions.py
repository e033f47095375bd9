"""How long a login lasts: until the browser closes, or SESSION_IDLE_SECONDS without a request, and never longer than
SESSION_MAX_SECONDS (12 hours) in all, unless the person ticked "remember me" (then at most SESSION_COOKIE_AGE, 7 days,
from the login, however busy). A shared office computer must not stay logged in for days because someone forgot to log
out, and a stolen session cookie stops working within a working day.

`remember_choice` runs on every login (the app's form, /admin/login/, an accepted invitation), so no door gives a
long session by default. `IdleTimeoutMiddleware` ends a session left idle; it writes the session at most once a
minute, not on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

REMEMBER = "kokybe_remember"
LAST_SEEN = "kokybe_last_seen"
LOGIN_AT = "kokybe_login_at"
# How stale the recorded activity may get before it is written again.
TOUCH_SECONDS = 60


def remember_choice(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    remember = request.method == "POST" and request.POST.get("remember") in ("on", "true", "1")
    request.session[REMEMBER] = remember
    request.session[LAST_SEEN] = request.session[LOGIN_AT] = int(time.time())
    # 0: the cookie ends with the browser. None: the global SESSION_COOKIE_AGE.
    request.session.set_expiry(None if remember else 0)


def _lifetime(session):
    return settings.SESSION_COOKIE_AGE if session.get(REMEMBER) else settings.SESSION_MAX_SECONDS


class IdleTimeoutMiddleware:
    """Logs out a session that has not been used for SESSION_IDLE_SECONDS, or that has lasted longer than its
    lifetime since the login (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            login_at = session.get(LOGIN_AT)
            if login_at is not None and int(time.time()) - login_at > _lifetime(session):
                hours = max(1, _lifetime(session) // 3600)
                logout(request)
                messages.info(
                    request,
                    _("Your login has lasted %(hours)s hours, the longest allowed. Please log in again.")
                    % {"hours": hours},
                )
        if session is not None and not session.get(REMEMBER) and request.user.is_authenticated:
            now = int(time.time())
            last = session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                hours = max(1, settings.SESSION_IDLE_SECONDS // 3600)
                messages.info(
                    request,
                    _("You were logged out after %(hours)s hours without activity. Please log in again.")
                    % {"hours": hours},
                )
            elif last is None or now - last >= TOUCH_SECONDS:
                session[LAST_SEEN] = now
        return self.get_response(request)
